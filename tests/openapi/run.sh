#!/usr/bin/env bash
# Checks scale-mock against its OpenAPI document (src/http/openapi.json): validates the
# document, then drives a freshly started server with check.mjs.
# Usage: run.sh BINARY. Exits 77 (skipped) when node or npm is not installed.
set -u
if [ $# -ne 1 ]; then
  echo "usage: $0 BINARY" >&2
  exit 2
fi
bin=$1
case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
src=${BASH_SOURCE[0]}
case $src in */*) here=${src%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)
doc="$here/../../src/http/openapi.json"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node not found: skipped"
  exit 77
fi
if [ ! -x "$bin" ]; then
  echo "scale-mock binary not found at $bin" >&2
  exit 1
fi

# Install the pinned packages when they are missing or older than the lock file.
. "$here/../npm_ci.sh"
npm_ci_once "$here"

# The first line scale-mock prints is "scale-mock X listening on http://127.0.0.1:PORT".
log=$(mktemp)
err=$(mktemp)
"$bin" --host 127.0.0.1 --port 0 --auth off --quiet --no-fixtures >"$log" 2>"$err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log" "$err"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n '1s|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")
  [ -n "$port" ] && break
  kill -0 $pid 2>/dev/null || { echo "scale-mock did not start:"; cat "$log" "$err"; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "scale-mock did not report its port"; cat "$log" "$err"; exit 1; }

node "$here/check.mjs" --doc "$doc" --base-url "http://127.0.0.1:$port"
status=$?
exit $status
