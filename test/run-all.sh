#!/usr/bin/env bash
# The suites, in order: build, unit + integration (vitest), the platform-dependent ones with
# process.platform faked as win32 and darwin (test/platform-faked.sh), renderer in Chromium through
# the browser preview (Playwright), Electron E2E (skips with a message when no Electron
# binary), benchmark harness smoke. Prints one closing line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -d)"
status=0
step() { printf '\n== %s\n' "$*"; }

step "build"
npm run --silent build || { echo "build failed"; exit 1; }

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

step "platform-dependent suites with process.platform faked as win32 and darwin"
bash test/platform-faked.sh || status=1

step "renderer in Chromium via the browser preview (playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test -c playwright.config.ts --reporter=list,json || status=1

step "Electron end-to-end (playwright _electron)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/electron.json" npx playwright test -c playwright.electron.config.ts --reporter=list,json || status=1

if [ -f bench/run.ts ]; then
  step "benchmark harness smoke (bench --quick, no thresholds)"
  npm run --silent bench -- --quick || status=1
fi

node test/summarize.mjs "$results" || status=1
rm -rf "$results"
exit $status
