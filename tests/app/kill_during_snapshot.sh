#!/usr/bin/env bash
# SIGKILL while snapshots are being written never leaves a partial state file.
#
# Starts scale-mock with --state-file in a temporary directory, fills it with enough data that
# a snapshot takes a while to write, then, round after round: starts a server from the file
# (checking it loads what the file holds), adds one record, keeps POST /__admin/snapshot
# going in the background and SIGKILLs the server at a different moment each round. After
# each kill the state file must be complete JSON holding the new record, and the next server
# must start from it.
#
# Usage: kill_during_snapshot.sh path/to/scale-mock
# Environment: ROUNDS (default 20), RECORDS (setup-user records made first, default 150).
# Prints "N passed, M failed"; exits 1 on any failure, 77 when python3 is missing.

set -u

BIN=${1:?usage: kill_during_snapshot.sh path/to/scale-mock}
ROUNDS=${ROUNDS:-20}
RECORDS=${RECORDS:-150}

if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 is needed"
  exit 77
fi
# The interpreter itself: a version manager's shim can take a quarter of a second per start.
PY=$(python3 -c 'import sys; print(sys.executable)')

tmp=$(mktemp -d "${TMPDIR:-/tmp}/scale-mock-kill.XXXXXX")
state="$tmp/state.json"
server_pid=""
loop_pid=""
cleanup() {
  [ -n "$loop_pid" ] && kill -9 "$loop_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}

# The HTTP side, in Python (one process per round: starting one is slow).
cat >"$tmp/client.py" <<'EOF'
import http.client
import json
import sys


def connect(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.connect()
    return c


def call(c, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    c.request(method, path, None if body is None else json.dumps(body), headers)
    r = c.getresponse()
    return r.status, r.read()


def fill(port, first, count):
    c = connect(port)
    for i in range(first, first + count):
        status, body = call(c, "POST", "/licensees/actions/setup-user", {
            "name": "User %d" % i,
            "email": "user-%d@kill.example" % i,
            "description": "A record that makes the state file longer. " * 4,
            "externalReference": "ext-%d" % i,
        })
        if status != 201:
            sys.exit("setup-user %d gave %d %s" % (i, status, body[:200]))


def licensees(port):
    status, body = call(connect(port), "GET", "/__admin/health")
    if status != 200:
        sys.exit("health gave %d" % status)
    return json.loads(body)["counts"]["licensees"]


def round_(port, expected, record):
    # Checks the server holds `expected` licensees, adds one, then POSTs /__admin/snapshot
    # until the server is gone. Prints "first" once a snapshot has been written, and the
    # number written at the end; or, first, what went wrong.
    got = licensees(port)
    if got != expected:
        print("the server started with %d licensees, the file held %d" % (got, expected), flush=True)
        sys.exit(3)
    fill(port, record, 1)
    done = 0
    c = connect(port)
    while True:
        try:
            status, body = call(c, "POST", "/__admin/snapshot")
        except (OSError, http.client.HTTPException):
            try:
                c = connect(port)  # the server may close a keep-alive connection
                continue
            except OSError:
                break
        if status != 204:
            print("snapshot gave %d %s" % (status, body[:200]), flush=True)
            sys.exit(2)
        done += 1
        if done == 1:
            print("first", flush=True)
    print(done, flush=True)


command, port = sys.argv[1], int(sys.argv[2])
if command == "fill":
    fill(port, int(sys.argv[3]), int(sys.argv[4]))
elif command == "licensees":
    print(licensees(port))
elif command == "round":
    round_(port, int(sys.argv[3]), int(sys.argv[4]))
EOF

# Licensees in the state file; fails (status 1) when it is not complete, valid JSON.
file_licensees() {
  "$PY" -S -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["licensees"]))' "$1"
}

# Starts a server on the state file; sets server_pid and port. Returns 1 when it does not
# start (the server's own stdout stays open on fd $server_out until it is killed).
start_server() {
  local fifo="$tmp/out-$1"
  mkfifo "$fifo"
  "$BIN" --port 0 --quiet --auth off --no-fixtures --state-file "$state" >"$fifo" 2>"$tmp/err-$1" &
  server_pid=$!
  exec {server_out}<"$fifo"
  local line=""
  if ! IFS= read -r -t 10 -u "$server_out" line || [[ "$line" != *"listening on http://127.0.0.1:"* ]]; then
    echo "  the server said: $line $(cat "$tmp/err-$1")"
    return 1
  fi
  port=${line##*:}
}

kill_server() {
  kill -9 "$server_pid" 2>/dev/null
  { wait "$server_pid"; } 2>/dev/null
  server_pid=""
  exec {server_out}<&-
}

# Round 0: no file yet; fill the server and write the first snapshot.
if ! start_server 0; then
  fail "the server did not start"
  echo "$passed passed, $failed failed"
  exit 1
fi
"$PY" -S "$tmp/client.py" fill "$port" 0 "$RECORDS" || fail "could not fill the server"
first_status=$("$PY" -S -c '
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
c.request("POST", "/__admin/snapshot")
print(c.getresponse().status)' "$port")
[ "$first_status" = 204 ] || fail "the first snapshot gave $first_status"
kill_server
expected=$(file_licensees "$state") || expected=""
if [ "$expected" = "$RECORDS" ]; then pass; else fail "the first state file holds '$expected' licensees, not $RECORDS"; fi
echo "state file: $(wc -c <"$state") bytes, $expected licensees"

torn=0
for round in $(seq 1 "$ROUNDS"); do
  if ! start_server "$round"; then
    fail "round $round: the server did not start from the state file"
    break
  fi
  loop_fifo="$tmp/loop-$round"
  mkfifo "$loop_fifo"
  "$PY" -S "$tmp/client.py" round "$port" "$expected" $((RECORDS + round)) >"$loop_fifo" &
  loop_pid=$!
  exec {loop_out}<"$loop_fifo"
  first=""
  IFS= read -r -t 10 -u "$loop_out" first
  # Kill at a different moment each round: 0 to 290 ms after the first snapshot.
  delay_ms=$(((round * 7919) % 30 * 10))
  [ "$first" = first ] && sleep "$(printf '0.%03d' "$delay_ms")"
  kill_server
  written=""
  IFS= read -r -t 10 -u "$loop_out" written
  { wait "$loop_pid"; } 2>/dev/null
  loop_status=$?
  loop_pid=""
  exec {loop_out}<&-
  if [ "$first" = first ] && [ "$loop_status" = 0 ]; then
    pass  # the server started from the file, took a record and wrote snapshots
  else
    fail "round $round: '$first' '$written' (status $loop_status)"
    break
  fi
  expected=$((expected + 1))

  if [ ! -e "$state" ]; then
    fail "round $round: the state file is gone"
    break
  fi
  got=$(file_licensees "$state" 2>&1 | tail -n 1)
  if [ "$got" = "$expected" ]; then
    pass
  else
    fail "round $round (killed ${delay_ms} ms after the first of $written snapshots): the state file gives '$got', expected $expected licensees"
  fi
  # A kill during a write leaves its temporary file beside the target: evidence that the kill
  # landed mid-write. The next start removes them.
  for t in "$state".tmp-*; do
    [ -e "$t" ] || continue
    torn=$((torn + 1))
    break
  done
done

# The last file starts a server too.
if [ "$failed" = 0 ]; then
  if start_server final; then
    got=$("$PY" -S "$tmp/client.py" licensees "$port")
    if [ "$got" = "$expected" ]; then pass; else fail "final: the server started with '$got' licensees, expected $expected"; fi
    leftovers=$(ls "$state".tmp-* 2>/dev/null | wc -l)
    if [ "$leftovers" = 0 ]; then pass; else fail "final: $leftovers temporary files of killed snapshots are still there after a start"; fi
    kill_server
  else
    fail "final: the server did not start from the state file"
  fi
fi

echo "kills during a write (temporary files left): $torn of $ROUNDS"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
