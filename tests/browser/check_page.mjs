// Loads the release's page and maps in Debian's Chromium, headless, from file://, and checks
// what a reader would see: no console errors, no request beyond file:// (or data:), a row of
// the table and a shape or dot on the map for every State of the campaign table, a <title> on
// each, the legend, a working search and keyboard sort, and the downloads matching SHA256SUMS.
// Saves screenshots and prints their paths, then "N passed, M failed".
//
// usage: node check_page.mjs RELEASE_DIR SCREENSHOT_DIR [MAP.svg EXPECTED_DATE_TEXT]...

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [release, shots, ...mapArgs] = process.argv.slice(2);
if (!release || !shots) {
  console.error("usage: node check_page.mjs RELEASE_DIR SCREENSHOT_DIR [MAP.svg EXPECTED_DATE_TEXT]...");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}
const setEq = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const diff = (a, b) => [...a].filter((x) => !b.has(x)).slice(0, 10).join(", ");

// Every State of the campaign table: the States the map and the table must show. The European
// Union is a participant but an organization, not a State: it is not in the campaign table and
// has no shape (the maps name it in a note where it has a status).
const campaign = JSON.parse(fs.readFileSync(path.join(release, "campaign.json"), "utf8"));
const states = new Set(campaign.map((r) => r.participant));
check("the campaign table lists the registry's 197 States", states.size === 197, `${states.size}`);

const axePath = path.join(path.dirname(new URL(import.meta.url).pathname), "node_modules", "axe-core", "axe.min.js");
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "treaty-chromium-"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

/** Opens a file, recording console errors, page errors and every request. */
async function open(file) {
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  // Anything but a local file or inline data is refused, so a stray request cannot leave the machine.
  await page.route("**/*", (route) => {
    const u = route.request().url();
    return u.startsWith("file:") || u.startsWith("data:") ? route.continue() : route.abort();
  });
  const [f, hash] = file.split("#");
  await page.goto(pathToFileURL(path.resolve(f)).href + (hash ? `#${hash}` : ""), { waitUntil: "load" });
  await page.waitForTimeout(300);
  return { page, errors, requests };
}

function checkQuiet(name, { errors, requests }) {
  check(`${name}: no console errors`, errors.length === 0, errors.join(" | "));
  const outside = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
  check(`${name}: no request beyond file://`, outside.length === 0, outside.join(", "));
}

async function checkMap(name, page, root) {
  const codes = new Set(await page.$$eval(`${root} [data-code]`, (els) => els.map((e) => e.getAttribute("data-code"))));
  check(`${name}: a shape or dot for every State (${states.size})`, setEq(codes, states), `missing: ${diff(states, codes)}; extra: ${diff(codes, states)}`);
  const untitled = await page.$$eval(`${root} [data-code]`, (els) =>
    els.filter((e) => !(e.firstElementChild && e.firstElementChild.tagName.toLowerCase() === "title" && e.firstElementChild.textContent.includes(":"))).length,
  );
  check(`${name}: every shape and dot carries a <title>`, untitled === 0, `${untitled} without`);
  const visible = await page.$$eval(`${root} [data-code]`, (els) => els.filter((e) => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && b.height > 0;
  }).map((e) => e.getAttribute("data-code")));
  check(`${name}: every State is drawn with a visible size`, setEq(new Set(visible), states), `not visible: ${diff(states, new Set(visible))}`);
  const text = await page.$eval(root, (e) => e.textContent);
  for (const c of ["Ratified the OP-ICESCR", "Signed the OP-ICESCR", "Party to the ICESCR", "Not a party to the ICESCR"]) {
    check(`${name}: legend shows "${c}"`, new RegExp(`${c} \\(\\d+\\)`).test(text));
  }
  return text;
}

// The maps written by `treaty map`.
for (let i = 0; i + 1 < mapArgs.length; i += 2) {
  const [file, date] = [mapArgs[i], mapArgs[i + 1]];
  const name = path.basename(file);
  const opened = await open(file);
  checkQuiet(name, opened);
  const text = await checkMap(name, opened.page, "svg");
  check(`${name}: shows its date "${date}"`, text.includes(`Status on ${date}`));
  const shot = path.join(shots, name.replace(/\.svg$/, ".png"));
  await opened.page.setViewportSize({ width: 1000, height: 620 });
  await opened.page.screenshot({ path: shot });
  console.log(`screenshot: ${path.resolve(shot)}`);
  await opened.page.close();
}

// A badge to embed: standalone, nothing fetched, the State's name and answer in its title.
for (const file of ["badges/ECU.svg", "es/badges/GBR.svg", "fr/badges/GBR.svg"]) {
  const opened = await open(path.join(release, file));
  checkQuiet(file, opened);
  const title = await opened.page.$eval("svg > title", (t) => t.textContent);
  const box = await opened.page.$eval("svg", (s) => [s.getBoundingClientRect().width, s.getBoundingClientRect().height]);
  check(`${file}: a 360×64 badge titled with the State and its answer`, box[0] === 360 && box[1] === 64 && /: .+/.test(title), `${box} ${title}`);
  const shot = path.join(shots, file.replace(/\//g, "-").replace(/\.svg$/, ".png"));
  await opened.page.setViewportSize({ width: 360, height: 64 });
  await opened.page.screenshot({ path: shot });
  console.log(`screenshot: ${path.resolve(shot)}`);
  await opened.page.close();
}

// The campaign's categories as each page names them.
const LABELS = {
  en: ["Ratified the OP-ICESCR", "Signed the OP-ICESCR", "Party to the ICESCR", "Not a party to the ICESCR"],
  es: ["Ratificó el Protocolo Facultativo", "Firmó el Protocolo Facultativo", "Parte en el PIDESC", "No es parte en el PIDESC"],
  fr: ["A ratifié le Protocole facultatif", "A signé le Protocole facultatif", "Partie au PIDESC", "Non partie au PIDESC"],
};
// Every participant has a view at #CODE: the 197 States and the European Union.
const participants = JSON.parse(fs.readFileSync(path.join(release, "participants.json"), "utf8")).map((r) => r.code ?? r.participant);
check("the participants table lists 198 participants", participants.length === 198, `${participants.length}`);
const sums = fs.readFileSync(path.join(release, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split(/\s+/));

for (const [lang, file] of [["en", "index.html"], ["es", "es/index.html"], ["fr", "fr/index.html"]]) {
  const name = file;
  const dir = path.dirname(path.join(release, file));
  const index = await open(path.join(release, file));
  const { page } = index;
  checkQuiet(name, index);
  const stem = file.replace(/\//g, "-").replace(/\.html$/, "");
  const top = path.join(shots, `${stem}.png`);
  await page.screenshot({ path: top });
  console.log(`screenshot: ${path.resolve(top)}`);
  const full = path.join(shots, `${stem}-full.png`);
  await page.screenshot({ path: full, fullPage: true });
  console.log(`screenshot: ${path.resolve(full)}`);
  check(`${name}: has a <main>, an <h1> and its language (${lang})`, await page.evaluate((l) => !!document.querySelector("main") && !!document.querySelector("h1") && document.documentElement.lang === l, lang));
  check(`${name}: a language switch to the three pages`, (await page.$$eval(".langs a", (as) => as.length)) === 3);
  const rows = new Set(await page.$$eval("#states tbody tr", (trs) => trs.map((t) => t.getAttribute("data-code"))));
  check(`${name}: the table has a row for every State (${states.size})`, setEq(rows, states), `missing: ${diff(states, rows)}`);
  const codes = new Set(await page.$$eval("#map [data-code]", (els) => els.map((e) => e.getAttribute("data-code"))));
  check(`${name}: the map has a shape or dot for every State`, setEq(codes, states), `missing: ${diff(states, codes)}`);
  const untitled = await page.$$eval("#map [data-code]", (els) => els.filter((e) => !(e.firstElementChild && e.firstElementChild.tagName.toLowerCase() === "title" && e.firstElementChild.textContent.includes(":"))).length);
  check(`${name}: every shape and dot carries a <title>`, untitled === 0, `${untitled} without`);
  const legend = await page.$eval("#map-section", (e) => e.textContent);
  for (const c of LABELS[lang]) {
    check(`${name}: legend shows "${c}" with its count`, new RegExp(`${c.replace(/[()]/g, "\\$&")} \\(\\d+\\)`).test(legend));
  }
  check(`${name}: the map says both dates (status shown, and UNTC status as at)`, await page.evaluate(() => {
    const t = document.querySelector(".map-dates").textContent;
    return (t.match(/\d{4}/g) || []).length >= 2;
  }));
  check(`${name}: the map has a text alternative (<title> and <desc>)`, await page.evaluate(() => {
    const svg = document.getElementById("map");
    return svg.getAttribute("role") === "img" && !!svg.querySelector(":scope > title") && svg.querySelector(":scope > desc").textContent.length > 500;
  }));
  check(`${name}: the chart has a text alternative and a data table`, await page.evaluate(() => {
    const d = document.getElementById("chart-desc");
    return !!d && d.textContent.length > 50 && document.querySelectorAll("details table tbody tr").length > 10;
  }));
  const figures = await page.$$eval(".figures .n", (els) => els.map((e) => Number(e.textContent)));
  check(`${name}: headline figures (signatories, parties, in force)`, figures.length >= 3 && figures.every((n) => n > 0), figures.join(" "));
  const headline = await page.$eval(".figures", (e) => e.textContent);
  check(`${name}: the headline gives the people covered`, /\d+ (million|millones|millions)/.test(headline), headline.slice(0, 200));

  // Every participant's view opens from its link and shows its 18 treaties.
  const bad = [];
  for (const code of participants) {
    await page.evaluate((c) => { location.hash = c; }, code);
    const r = await page.evaluate((c) => {
      const v = document.getElementById(c);
      if (!v || getComputedStyle(v).display === "none") return -1;
      return v.querySelectorAll("table.treaties-of tbody tr").length;
    }, code);
    if (r !== 18) bad.push(`${code}:${r}`);
  }
  check(`${name}: every participant's view (${participants.length}) opens at #CODE with its 18 treaties`, bad.length === 0, bad.slice(0, 10).join(", "));
  check(`${name}: a State's view gives its category, next step and a message to share`, await page.evaluate(() => {
    location.hash = "ECU";
    const v = document.getElementById("ECU");
    return !!v.querySelector(".answer") && !!v.querySelector(".next") && v.querySelector("textarea").value.includes("#OPICESCR");
  }));

  // Search by any name, code or language; "UK" finds the United Kingdom, not Ukraine.
  const searches = [["Turkey", "TUR"], ["Czechia", "CZE"], ["Ivory Coast", "CIV"], ["Cape Verde", "CPV"], ["Swaziland", "SWZ"], ["UK", "GBR"], ["USA", "USA"], ["Holland", "NLD"], ["cote d'ivoire", "CIV"], ["Alemania", "DEU"], ["Allemagne", "DEU"], ["Países Bajos", "NLD"], ["paises bajos", "NLD"], ["Royaume-Uni", "GBR"], ["EC", "ECU"], ["ecu", "ECU"], ["Türkiye", "TUR"]];
  const wrongFound = [];
  for (const [q, want] of searches) {
    await page.fill("#find", q);
    const got = await page.$$eval("#find-results a", (as) => as.map((a) => a.getAttribute("data-code")));
    if (got[0] !== want) wrongFound.push(`${q} → ${got.slice(0, 3).join(",") || "nothing"}`);
  }
  check(`${name}: the search finds each alias, code and translated name first (${searches.length})`, wrongFound.length === 0, wrongFound.join("; "));
  await page.fill("#find", "Ecuador");
  await page.press("#find", "Enter");
  check(`${name}: Enter in the search opens the first State's view`, (await page.evaluate(() => location.hash)) === "#ECU");
  await page.fill("#find", "");

  // The table's filter, and the keyboard sort.
  await page.fill("#state-search", "Ecuador");
  let shown = await page.$$eval("#states tbody tr", (trs) => trs.filter((t) => !t.hidden).map((t) => t.getAttribute("data-code")));
  check(`${name}: filtering the table by "Ecuador" shows one row`, shown.length === 1 && shown[0] === "ECU", shown.join(","));
  await page.fill("#state-search", "");
  shown = await page.$$eval("#states tbody tr", (trs) => trs.filter((t) => !t.hidden).length);
  check(`${name}: clearing the filter shows every row`, shown === states.size, `${shown}`);
  const header = page.locator("#states thead th").nth(4);
  await header.locator("button").focus();
  await page.keyboard.press("Enter");
  const sort = await header.getAttribute("aria-sort");
  const keys = await page.$$eval("#states tbody tr", (trs) => trs.map((t) => t.cells[4].getAttribute("data-sort")).filter((k) => k));
  check(`${name}: Enter on a column header sorts the table (aria-sort)`, sort === "ascending" && keys.every((k, i) => i === 0 || keys[i - 1] <= k) && keys.length > 10, `${sort}`);

  // Another treaty's map, in the page's language.
  await page.selectOption("#map-treaty", "crpd");
  const crpd = await page.evaluate(() => [document.getElementById("map-heading").textContent, document.querySelectorAll("#map-legend li").length]);
  check(`${name}: choosing the CRPD redraws the map with its three categories`, crpd[0].includes("CRPD") && crpd[1] === 3, crpd.join(" / "));
  await page.selectOption("#map-treaty", "op-icescr");

  // Downloads: every file of SHA256SUMS is listed with its hash, but the pages and the badges
  // (listed as one row each).
  const listed = new Map(await page.$$eval("#downloads tbody tr", (trs) => trs.map((t) => [t.cells[0].textContent.trim(), t.cells[3].textContent.trim()])));
  const wrong = sums.filter(([h, f]) => !f.endsWith("index.html") && !f.includes("badges/") && f !== "SHA256SUMS" && listed.get(f) !== h).map(([, f]) => f);
  check(`${name}: download links with sha256 for every file`, wrong.length === 0 && listed.has("SHA256SUMS"), wrong.slice(0, 10).join(", "));
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !h.startsWith("#") && !h.startsWith("http")));
  const missing = hrefs.filter((h) => !fs.existsSync(path.join(dir, h.split("#")[0])));
  check(`${name}: every local link points to a file of the release`, missing.length === 0, missing.join(", "));
  await page.close();

  // axe-core, the accessibility rules of WCAG 2.1 A and AA, on the page and on a State's view.
  for (const hash of ["", "#GBR"]) {
    const a11y = await open(path.join(release, file) + hash);
    await a11y.page.addScriptTag({ content: fs.readFileSync(axePath, "utf8") });
    const result = await a11y.page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    check(`${name}${hash}: axe-core reports no violation`, result.length === 0, result.join("; "));
    await a11y.page.close();
  }

  // Phones: no horizontal overflow at 360×740 and 390×844, on the page, in a State's view with a
  // long name, and with the map zoomed; a tap on the map opens the State's view.
  for (const [width, height] of [[360, 740], [390, 844]]) {
    const phone = await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.route("**/*", (route) => {
      const u = route.request().url();
      return u.startsWith("file:") || u.startsWith("data:") ? route.continue() : route.abort();
    });
    const p = await phone.newPage();
    const errors = [];
    p.on("pageerror", (e) => errors.push(String(e)));
    const url = pathToFileURL(path.resolve(path.join(release, file))).href;
    const overflow = [];
    for (const hash of ["", "#GBR", "#EUU", "#VCT"]) {
      await p.goto(url + hash, { waitUntil: "load" });
      const w = await p.evaluate(() => document.documentElement.scrollWidth);
      if (w > width) overflow.push(`${hash || "top"}: ${w}px`);
    }
    await p.goto(url, { waitUntil: "load" });
    await p.locator(".zoom button").nth(4).click();
    if ((await p.evaluate(() => document.documentElement.scrollWidth)) > width) overflow.push("Europe zoom");
    check(`${name} at ${width}×${height}: no horizontal overflow`, overflow.length === 0, overflow.join(", "));
    const shot = path.join(shots, `${stem}-${width}x${height}.png`);
    await p.screenshot({ path: shot });
    console.log(`screenshot: ${path.resolve(shot)}`);
    // Tap the middle of Brazil, on the world map.
    await p.locator(".zoom button").nth(0).click();
    const box = await p.locator('#map [data-code="BRA"]').boundingBox();
    await p.locator("#map").scrollIntoViewIfNeeded();
    const again = await p.locator('#map [data-code="BRA"]').boundingBox();
    await p.touchscreen.tap(again.x + again.width * 0.55, again.y + again.height * 0.35);
    await p.waitForTimeout(200);
    const opened = await p.evaluate(() => [location.hash, getComputedStyle(document.getElementById("BRA")).display]);
    check(`${name} at ${width}×${height}: tapping Brazil on the map opens its view`, !!box && opened[0] === "#BRA" && opened[1] !== "none", opened.join(" "));
    const viewShot = path.join(shots, `${stem}-${width}x${height}-BRA.png`);
    await p.screenshot({ path: viewShot });
    console.log(`screenshot: ${path.resolve(viewShot)}`);
    check(`${name} at ${width}×${height}: no page errors`, errors.length === 0, errors.join(" | "));
    await phone.close();
  }
}

await context.close();
await browser.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
