#!/usr/bin/python3
"""The wire-exact client test (contract section 11): what the official Python SDK (tenduke_scale
2.3.0) sends, byte for byte as ../shared/reference/10duke-licensing-api.md section 7 records it,
and how it checks what comes back, without the SDK: every license token is verified with PyJWT
(Debian's python3-jwt) against the JWKS fetched through PyJWKClient, RS256, no audience, no
leeway. Checkout, heartbeat and release round trips by license key and by ScaleJwt with the
licenseConsumerId header, a describe call with the SDK's query and paging headers, feature flags
as a JWT, and the error statuses the SDK maps.

    /usr/bin/python3 tests/sdk/wire_client_test.py build/scale-mock
"""

import base64
import hashlib
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from scale_mock_process import ACME, ALICE, COUNT, KEY, ORBIT, UNKNOWN_CONSUMER, ScaleMock

USER_AGENT = "wire-test/1.0 10Duke Scale SDK for Python/2.3.0 Python 3.11.2"
CLIENT_HEADERS = {"cliHwId": "hw-1", "cliVersion": "1.0", "cliHostName": "box"}
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Client:
    def __init__(self, base, auth=None):
        self.base = base
        self.auth = auth
        self.jwks = jwt.PyJWKClient(base + "/licensing-signing-keys/.well-known/jwks.json",
                                    cache_keys=True, lifespan=345000)

    def request(self, method, path, body=None, headers=None):
        h = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if self.auth:
            h["Authorization"] = self.auth
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def verify(self, token):
        """What LicenseToken.__init__ does: jwt.decode with the JWKS key of the header's kid."""
        key = self.jwks.get_signing_key_from_jwt(token)
        return jwt.decode(token, key.key, algorithms=["RS256"])

    def tokens(self, path, items, headers):
        status, text = self.request("POST", path, items, headers)
        check(status == 200, f"POST {path} answers 200" + ("" if status == 200 else
                                                              f" (got {status}: {text[:200]})"))
        if status != 200:
            return []
        return [self.verify(t) for t in json.loads(text)]


def scale_jwt(consumer):
    """What ScaleJwtAuth signs: RS256 with a kid, jti, iat, sub, iss, exp, permissions "*.*"."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"jti": str(uuid.uuid4()), "iat": now, "sub": "svc", "iss": "svc-issuer",
              "exp": now + 3600, "permissions": "*.*", "lcid": consumer}
    return "ScaleJwt " + jwt.encode(claims, key, algorithm="RS256", headers={"kid": "svc-kid"})


def round_trip(client, suffix, headers, product, dim, qty, label):
    items = [{"productName": product, "qtyDimension": dim, "qty": qty}]
    toks = client.tokens("/licensing/actions/checkout" + suffix, items, headers)
    check(len(toks) == 1, f"{label}: one token per item")
    if not toks:
        return
    t = toks[0]
    check(t.get("status") == "SUCCESS" and "leaseId" in t, f"{label}: checkout granted")
    check("aud" not in t, f"{label}: no aud claim")
    check(all(isinstance(t[c], int) for c in ("iat", "nbf", "exp", "hbnbf")),
          f"{label}: iat, nbf, exp and hbnbf are integers")
    check(t["hbnbf"] <= int(time.time()), f"{label}: hbnbf allows a heartbeat now")
    check(t["productName"] == product and t["qtyDimension"] == dim and t["qty"] == qty,
          f"{label}: productName, qtyDimension and qty as asked")
    check(isinstance(t["jti"], str) and isinstance(t["features"], str), f"{label}: jti, features")
    hb = client.tokens("/licensing/actions/heartbeat" + suffix,
                       [{"leaseId": t["leaseId"], "treatAsIncrementalQty": False, "usedQty": 1}],
                       headers)
    check(len(hb) == 1 and hb[0].get("oldLeaseId") == t["leaseId"]
          and hb[0]["leaseId"] != t["leaseId"], f"{label}: heartbeat rotates the lease")
    if not hb:
        return
    status, text = client.request("POST", "/licensing/actions/release" + suffix,
                                  [{"leaseId": hb[0]["leaseId"]}], headers)
    results = json.loads(text) if status == 200 else []
    check(status == 200 and len(results) == 1, f"{label}: release answers one result")
    if results:
        r = results[0]
        fields = {"released", "releasedLeaseId", "releasedLicenseId", "licenseConsumerId",
                  "productName", "qtyDimension", "finalUsedQty", "remainingQty", "errorCode",
                  "errorDescription"}
        check(set(r) == fields, f"{label}: the ten LicenseReleaseResult fields")
        check(r["released"] is True and r["releasedLeaseId"] == hb[0]["leaseId"],
              f"{label}: released")
        uuid.UUID(r["releasedLicenseId"])
        uuid.UUID(r["licenseConsumerId"])


def main(binary):
    with ScaleMock(binary, "--auth", "claims") as server:
        server.load_catalogue()
        anonymous = Client(server.base)

        # The JWKS: an RSA signing key whose kid carries its RFC 7638 thumbprint.
        status, text = anonymous.request("GET", "/licensing-signing-keys/.well-known/jwks.json")
        keys = json.loads(text)["keys"] if status == 200 else []
        check(status == 200 and len(keys) == 1, "JWKS answers one key without auth")
        if keys:
            k = keys[0]
            canonical = json.dumps({"e": k["e"], "kty": k["kty"], "n": k["n"]},
                                   separators=(",", ":"), sort_keys=True)
            thumb = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest())
            check(k["kid"] == "scale-mock-lic-" + thumb.decode().rstrip("="),
                  "the kid is scale-mock-lic- and the key's RFC 7638 thumbprint")
            check(k.get("use") == "sig" and k.get("alg") == "RS256", "use sig, alg RS256")

        # By license key: no Authorization header, the key as the last path segment.
        round_trip(anonymous, "/" + KEY, CLIENT_HEADERS, "orbit", "SEATS", 1, "by key")
        # By ScaleJwt with the licenseConsumerId header.
        consumer = Client(server.base, scale_jwt(ALICE))
        headers = dict(CLIENT_HEADERS, licenseConsumerId=ALICE)
        round_trip(consumer, "", headers, "count", "USE_COUNT", 2, "by ScaleJwt")

        # Seats run out: a refused item is a verifiable token without leaseId.
        toks = anonymous.tokens("/licensing/actions/checkout/" + KEY,
                                [{"productName": "orbit", "qtyDimension": "SEATS", "qty": 1}] * 2,
                                CLIENT_HEADERS)
        check(len(toks) == 2 and "leaseId" in toks[0] and "leaseId" not in toks[1]
              and toks[1].get("errorCode") == "INSUFFICIENT_QUANTITY",
              "the second seat is refused with INSUFFICIENT_QUANTITY, as a token")

        # Describe, as the SDK sends it: query unencoded, paging in headers.
        status, text = consumer.request(
            "GET", "/licensing/actions/describe-license-consumer-licenses?licenseeId=None"
            f"&licenseConsumerId={ALICE}&filterField=productName&filterValue=count"
            "&withMetadata=true",
            headers={"offset": "0", "limit": "10", "order-by": "created", "order-asc": "true"})
        lic = json.loads(text).get("licenses", []) if status == 200 else []
        check(status == 200 and len(lic) == 1 and lic[0]["id"] == COUNT,
              "describe-license-consumer-licenses filters and pages")
        check(all(lic[0].get(f) for f in ("productName", "qtyDimension", "qtyEnforcementType"))
              if lic else False, "a License has the SDK's required fields")
        status, text = consumer.request(
            "GET", f"/licensing/actions/describe-as-feature-flags-jwt?licenseeId={ACME}"
            f"&licenseConsumerId={ALICE}")
        if status == 200:
            ff = consumer.verify(text)
            check(ff["featureFlags"].get("count") == ["x"] and ff["licenseeId"] == ACME,
                  "feature flags as a JWT verify and name the products")
        else:
            check(False, f"describe-as-feature-flags-jwt answers 200 (got {status})")

        # The statuses the SDK maps: 401 (ApiError) without a token, 404 for an unknown consumer,
        # 400 without a consumer.
        status, _ = anonymous.request("POST", "/licensing/actions/checkout",
                                      [{"productName": "count"}],
                                      {"licenseConsumerId": ALICE})
        check(status == 401, "by consumer without a token: 401")
        status, _ = consumer.request("POST", "/licensing/actions/checkout",
                                     [{"productName": "count"}],
                                     {"licenseConsumerId": UNKNOWN_CONSUMER})
        check(status == 404, "an unknown consumer: 404 (NotFoundError)")
        status, _ = consumer.request("POST", "/licensing/actions/checkout",
                                     [{"productName": "count"}])
        check(status == 400, "no consumer named: 400 (BadRequestError)")
    print(f"{'FAILED' if failures else 'PASSED'}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
