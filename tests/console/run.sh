#!/usr/bin/env bash
# End-to-end tests of the web console: Debian's chromium, driven by playwright-core, against
# real scale-mock servers that console.test.mjs starts (--auth off, claims and verify).
# Screenshots of the list and the create form go to SCREENSHOT_DIR.
# Usage: run.sh BINARY SCREENSHOT_DIR. Exits 77 (skipped) when node or npm is not installed;
# script/bootstrap installs them, and chromium, so CI always runs these tests.
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY SCREENSHOT_DIR" >&2
  exit 2
fi
bin=$1
shots=$2
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
case $shots in /*) ;; *) shots="$PWD/$shots" ;; esac
src=${BASH_SOURCE[0]}
case $src in */*) here=${src%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)
chromium=${SCALE_MOCK_CHROMIUM:-/usr/bin/chromium}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node not found: skipped"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "chromium not found at $chromium: run script/bootstrap (it installs Debian's chromium)" >&2
  exit 1
fi
if [ ! -x "$bin" ]; then
  echo "scale-mock binary not found at $bin" >&2
  exit 1
fi

# Install the pinned packages when they are missing or older than the lock file.
. "$here/../npm_ci.sh"
npm_ci_once "$here"

mkdir -p "$shots"
cd "$here" || exit 1
SCALE_MOCK_BIN="$bin" SCALE_MOCK_SCREENSHOTS="$shots" SCALE_MOCK_CHROMIUM="$chromium" \
  node console.test.mjs
