#!/usr/bin/env bash
# The binary's side of authorization: `scale-mock token` prints only a token and a newline and
# exits 0; a --jwt-key under 2048 bits, unreadable or not a key stops the start with exit 1
# and a message naming it. Usage: auth_cli.sh BINARY
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$bin" token --sub ci --permissions 'Licensee.read,LicenseConsumer.*' --ttl 60 >"$dir/out" 2>"$dir/err"
[ $? -eq 0 ] || fail "scale-mock token exited $?"
[ ! -s "$dir/err" ] || fail "scale-mock token wrote to stderr: $(cat "$dir/err")"
[ "$(wc -l <"$dir/out")" -eq 1 ] || fail "scale-mock token printed more than one line"
grep -Eq '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$dir/out" || fail "not a compact JWS: $(cat "$dir/out")"
payload=$(cut -d. -f2 "$dir/out")
python3 - "$payload" <<'PY' || fail "the payload is not what was asked for"
import base64, json, sys
p = sys.argv[1]
claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
assert claims["sub"] == "ci", claims
assert claims["iss"] == "scale-mock", claims
assert claims["permissions"] == ["Licensee.read", "LicenseConsumer.*"], claims
assert claims["exp"] - claims["iat"] == 60, claims
assert isinstance(claims["jti"], str), claims
PY

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$dir/small.pem" 2>/dev/null || fail "openssl genpkey"
openssl pkey -in "$dir/small.pem" -pubout -out "$dir/small-public.pem" 2>/dev/null || fail "openssl pkey"
"$bin" --port 0 --quiet --auth verify --jwt-key "small=$dir/small-public.pem" >"$dir/out" 2>"$dir/err"
code=$?
[ $code -eq 1 ] || fail "a 1024-bit key: exit $code, not 1"
grep -q "the key has 1024 bits" "$dir/err" || fail "a 1024-bit key: $(cat "$dir/err")"
"$bin" --port 0 --quiet --auth verify --jwt-key "gone=$dir/none.pem" >"$dir/out" 2>"$dir/err"
code=$?
[ $code -eq 1 ] || fail "an unreadable key: exit $code, not 1"
grep -q "cannot read $dir/none.pem" "$dir/err" || fail "an unreadable key: $(cat "$dir/err")"
echo "auth_cli: all checks passed"
