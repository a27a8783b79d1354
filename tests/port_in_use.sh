#!/usr/bin/env bash
# A port in use, through the binary (issue 12, item 5): a second scale-mock on the port of a
# running one exits 1 with a message naming host:port, instead of sharing the port's traffic
# (SO_REUSEPORT); the first keeps answering; --port 0 still starts on a free port.
# Usage: port_in_use.sh BINARY
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT

# Starts scale-mock with the given flags in the background; sets `started` to its port.
start() {
  local log=$1
  shift
  "$bin" --host 127.0.0.1 --auth off --quiet --no-fixtures "$@" >"$log" 2>&1 &
  pids+=($!)
  local pid=$! port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || fail "scale-mock did not start: $(cat "$log")"
    sleep 0.05
  done
  [ -n "$port" ] || fail "scale-mock did not report its port: $(cat "$log")"
  started=$port
}

# The licensee counts the server on port $1 answers to $2 GET /__admin/health, each on a new
# connection, on one line.
licensees() {
  python3 -c 'import json, sys, urllib.request
print(*(json.load(urllib.request.urlopen(sys.argv[1], timeout=5))["counts"]["licensees"]
        for _ in range(int(sys.argv[2]))))' "http://127.0.0.1:$1/__admin/health" "$2"
}

start "$dir/first.log" --port 0
port=$started
python3 -c 'import sys, urllib.request
r = urllib.request.Request(sys.argv[1], data=b"{\"name\":\"First Oy\"}",
                           headers={"Content-Type": "application/json"})
urllib.request.urlopen(r, timeout=5)' \
  "http://127.0.0.1:$port/licensees/actions/setup-organization" || fail "setup-organization"

timeout 10 "$bin" --host 127.0.0.1 --port "$port" --quiet --no-fixtures >"$dir/second.out" 2>"$dir/second.err"
code=$?
[ $code -eq 1 ] || fail "a second server on port $port: exit $code, not 1 ($(cat "$dir/second.out" "$dir/second.err"))"
grep -q "127.0.0.1:$port" "$dir/second.err" || fail "the message does not name 127.0.0.1:$port: $(cat "$dir/second.err")"

counts=$(licensees "$port" 10)
[ "$counts" = "1 1 1 1 1 1 1 1 1 1" ] || fail "not every request on port $port reached the first server: $counts"

start "$dir/other.log" --port 0
other=$started
[ "$other" != "$port" ] || fail "--port 0 got the port in use, $port"
[ "$(licensees "$other" 1)" = 0 ] || fail "the --port 0 server does not answer"
echo "port_in_use: all checks passed"
