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

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "treaty-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
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
  viewport: { width: 1280, height: 900 },
});

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
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
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

// The page.
const index = await open(path.join(release, "index.html"));
const { page } = index;
checkQuiet("index.html", index);
const top = path.join(shots, "index.png");
await page.screenshot({ path: top });
console.log(`screenshot: ${path.resolve(top)}`);
const full = path.join(shots, "index-full.png");
await page.screenshot({ path: full, fullPage: true });
console.log(`screenshot: ${path.resolve(full)}`);
check("index.html: has a <main>, an <h1> and a language", await page.evaluate(() => !!document.querySelector("main") && !!document.querySelector("h1") && document.documentElement.lang === "en"));
const rows = new Set(await page.$$eval("#states tbody tr", (trs) => trs.map((t) => t.getAttribute("data-code"))));
check(`index.html: the table has a row for every State (${states.size})`, setEq(rows, states), `missing: ${diff(states, rows)}`);
await checkMap("index.html map", page, "svg.treaty-map");
check("index.html: the map has a text alternative (<title> and <desc>)", await page.evaluate(() => {
  const svg = document.querySelector("svg.treaty-map");
  return svg.getAttribute("role") === "img" && !!svg.querySelector(":scope > title") && svg.querySelector(":scope > desc").textContent.length > 500;
}));
check("index.html: the chart has a text alternative and a data table", await page.evaluate(() => {
  const d = document.getElementById("chart-desc");
  return !!d && d.textContent.includes("entered into force") && document.querySelectorAll("details table tbody tr").length > 10;
}));
const figures = await page.$$eval(".figures .n", (els) => els.map((e) => Number(e.textContent)));
check("index.html: headline figures (signatories, parties, in force)", figures.length >= 3 && figures.every((n) => n > 0), figures.join(" "));

// Search.
await page.fill("#state-search", "Ecuador");
let shown = await page.$$eval("#states tbody tr", (trs) => trs.filter((t) => !t.hidden).map((t) => t.getAttribute("data-code")));
check("index.html: searching \"Ecuador\" shows one row", shown.length === 1 && shown[0] === "ECU", shown.join(","));
await page.fill("#state-search", "");
shown = await page.$$eval("#states tbody tr", (trs) => trs.filter((t) => !t.hidden).length);
check("index.html: clearing the search shows every row", shown === states.size, `${shown}`);

// Keyboard sort: Tab to the header button of the ratification column and press Enter.
const header = page.locator("#states thead th").nth(4);
await header.locator("button").focus();
await page.keyboard.press("Enter");
const sort = await header.getAttribute("aria-sort");
const keys = await page.$$eval("#states tbody tr", (trs) => trs.map((t) => t.cells[4].getAttribute("data-sort")).filter((k) => k));
const sorted = keys.every((k, i) => i === 0 || keys[i - 1] <= k);
check("index.html: Enter on a column header sorts the table (aria-sort)", sort === "ascending" && sorted && keys.length > 10, `${sort}`);
await page.keyboard.press("Enter");
check("index.html: Enter again sorts descending", (await header.getAttribute("aria-sort")) === "descending");

// Downloads: every file of SHA256SUMS is linked with its hash (the page and SHA256SUMS itself without).
const sums = fs.readFileSync(path.join(release, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split(/\s+/));
const listed = new Map(await page.$$eval("#downloads tbody tr", (trs) => trs.map((t) => [t.cells[0].textContent.trim(), t.cells[3].textContent.trim()])));
const wrong = sums.filter(([h, f]) => f !== "index.html" && listed.get(f) !== h).map(([, f]) => f);
check(`index.html: download links with sha256 for every file (${sums.length})`, wrong.length === 0 && listed.has("index.html") && listed.has("SHA256SUMS"), wrong.join(", "));
const broken = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !h.startsWith("#") && !h.startsWith("http")));
const missing = broken.filter((h) => !fs.existsSync(path.join(release, h)));
check("index.html: every local link points to a file of the release", missing.length === 0, missing.join(", "));
check("index.html: how to cite and the sources' status-as-at", await page.evaluate(() => document.body.textContent.includes("How to cite") && /status as at \d+ \w+ \d{4}/.test(document.body.textContent)));

await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
