"""Starts a scale-mock binary on a free loopback port for the Python client tests, and loads a
catalogue for the License Checkout API through PUT /__admin/state (contract section 11).

Used by wire_client_test.py (the wire-exact client) and sdk_test.py (the official SDK)."""

import json
import re
import subprocess
import urllib.request

KEY = "KEY-0123456789abcdef"
ORBIT = "a0000000-0000-4000-8000-000000000001"
COUNT = "a0000000-0000-4000-8000-000000000003"
ACME = "10000000-0000-4000-8000-000000000001"
ALICE = "20000000-0000-4000-8000-000000000001"
UNKNOWN_CONSUMER = "30000000-0000-4000-8000-000000000009"


def _license(lid, product, qty, dim, enforcement, **extra):
    lic = {"id": lid, "productName": product, "qty": qty, "qtyDimension": dim,
           "qtyEnforcementType": enforcement, "validFrom": "2020-01-01T00:00:00Z"}
    lic.update(extra)
    return lic


# orbit: 1 seat by key; meter: METERED USE_TIME unlimited; count: ENFORCED USE_COUNT 10 with
# features; alice may use the licensee's licenses.
CATALOGUE = {
    "licensees": [{
        "id": ACME, "name": "Acme", "type": "ORGANIZATION",
        "licenseContainers": [{
            "name": "default", "usedAsDefault": True, "licenseConsumerIds": [ALICE],
            "licenses": [
                _license(ORBIT, "orbit", 1, "SEATS", "ENFORCED", licenseKey=KEY,
                         features=["alpha", "beta"]),
                _license("a0000000-0000-4000-8000-000000000002", "meter", -1, "USE_TIME",
                         "METERED"),
                _license(COUNT, "count", 10, "USE_COUNT", "ENFORCED", features=["x"]),
            ]}]}],
    "licenseConsumers": [{"id": ALICE, "name": "alice", "type": "PERSON",
                          "licenseeIds": [ACME]}],
}


class ScaleMock:
    """scale-mock on 127.0.0.1, port chosen by the system; stopped on exit of the with-block."""

    def __init__(self, binary, *flags):
        self.proc = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--no-fixtures", "--quiet", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("scale-mock did not start: " + line + self.proc.stderr.read())
        self.base = m.group(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None)

    def load_catalogue(self):
        status, _ = self.admin("PUT", "/__admin/state", CATALOGUE)
        assert status == 204, status
