#!/usr/bin/env bash
# Runs the shared black-box conformance kit against a freshly started scale-mock.
# Usage: conformance.sh BINARY KIT. Exits 77 (skipped) when the kit is not there.
set -u
bin=$1
kit=$2
if [ ! -f "$kit" ]; then
  echo "conformance kit not found at $kit: skipped"
  exit 77
fi
log=$(mktemp)
"$bin" --host 127.0.0.1 --port 0 --auth off --quiet >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")
  [ -n "$port" ] && break
  kill -0 $pid 2>/dev/null || { echo "scale-mock did not start:"; cat "$log"; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "scale-mock did not report its port"; cat "$log"; exit 1; }
python3 "$kit" --base-url "http://127.0.0.1:$port"
