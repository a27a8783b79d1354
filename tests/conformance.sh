#!/usr/bin/env bash
# Runs the shared black-box conformance kit against a freshly started scale-mock.
# Usage: conformance.sh BINARY KIT [AUTH [ONLY]]. AUTH is off (the default) or a mode that
# needs a token (claims, verify): the server then starts with --auth AUTH and the kit sends a
# token from `BINARY token`. ONLY is passed to the kit's --only (a name pattern). Exits 77
# (skipped) when the kit is not there.
set -u
bin=$1
kit=$2
mode=${3:-off}
only_args=()
if [ -n "${4:-}" ]; then only_args=(--only "$4"); fi
if [ ! -f "$kit" ]; then
  echo "conformance kit not found at $kit: skipped"
  exit 77
fi
token_args=()
if [ "$mode" != off ]; then
  token=$("$bin" token) || { echo "scale-mock token failed"; exit 1; }
  token_args=(--token "$token")
fi
log=$(mktemp)
"$bin" --host 127.0.0.1 --port 0 --auth "$mode" --quiet >"$log" 2>&1 &
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
if [ "$mode" != off ]; then
  # The server must refuse a request without the token, or the run below proves nothing.
  status=$(python3 -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1]); print(200)
except urllib.error.HTTPError as e:
    print(e.code)' "http://127.0.0.1:$port/licensees")
  [ "$status" = 401 ] || { echo "without a token GET /licensees answered $status, not 401"; exit 1; }
fi
python3 "$kit" --base-url "http://127.0.0.1:$port" "${token_args[@]}" "${only_args[@]}"
