#!/usr/bin/env bash
# The release's pages, badges and the campaign maps in a real browser: Debian's Chromium,
# headless, from file://. Installs Chromium (apt), playwright-core (npm, driver only: it
# downloads no browser) and axe-core (npm) when missing, writes the OP-ICESCR map for 31 December
# 2015 and for today with `treaty map`, and runs check_page.mjs on them and on RELEASE's three
# pages (index.html, es/, fr/): no console errors, no request beyond file://, every State in the
# table and on the map, a <title> on each shape and dot, the legend, both dates, every
# participant's view, the search, keyboard sort, downloads with their sha256, axe-core, no
# horizontal overflow on phones (360 and 390 px) and a tap on the map. Screenshots go to
# target/screenshots/ and their paths are printed. Ends with "N passed, M failed".
#
# usage: bash tests/browser/check_page.sh [RELEASE_DIR]   (default: outputs)
set -euo pipefail
cd "$(dirname "$0")/../.."
release="${1:-outputs}"

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium"
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing and this is not root: run apt-get install -y chromium as root" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null || true

if ! command -v node >/dev/null 2>&1; then
  echo "node is needed to drive the browser (playwright-core requires Node.js 20 or later)" >&2
  exit 1
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# The maps of the acceptance: 31 December 2015 and today (one "now" for the map and the check).
mkdir -p target/browser target/screenshots
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
today_text="$(date -u -d "$now" '+%-d %B %Y')"
export TREATY_NOW="$now"
cargo run -q --locked --bin treaty -- map --treaty op-icescr --as-of 2015-12-31 -o target/browser/op-icescr-2015-12-31.svg
cargo run -q --locked --bin treaty -- map --treaty op-icescr -o target/browser/op-icescr-today.svg

node tests/browser/check_page.mjs "$release" target/screenshots \
  target/browser/op-icescr-2015-12-31.svg "31 December 2015" \
  target/browser/op-icescr-today.svg "$today_text"
