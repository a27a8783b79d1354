#!/usr/bin/python3
"""The official 10Duke Python SDK (tenduke_scale 2.3.0, unmodified) against a real scale-mock
(contract section 11): checkout, heartbeat and release by license key and by ScaleJwt, metered
use, the describe calls and feature flags, and the errors it maps. Runs whenever tenduke_scale
is importable; otherwise prints why and exits 77, which ctest reports as skipped. Each run uses
a fresh XDG_DATA_HOME: the SDK caches the JWKS on disk by host, not port.

    pip install tenduke-scale==2.3.0
    /usr/bin/python3 tests/sdk/sdk_test.py build/scale-mock
"""

import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta

os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="scale-mock-sdk-xdg-")

try:
    from tenduke_core.config import TendukeConfig
    from tenduke_core.exceptions import NotFoundError
    from tenduke_scale.auth import ScaleJwtAuth, ScaleJwtClaims
    from tenduke_scale.http import ScaleSessionFactory
    from tenduke_scale.license_checkout import (
        ClientDetails,
        EnforcedLicenseCheckoutClient,
        LicenseCheckoutArguments,
        LicenseHeartbeatArguments,
        MeteredLicenseCheckoutClient,
    )
    from tenduke_scale.licensing import QuantityDimension
    from tenduke_scale import DescribeLicenseOptions, PagingOptions
except ImportError as e:
    print(f"SKIPPED: the official SDK is not importable ({e}); pip install tenduke-scale==2.3.0")
    sys.exit(77)

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from scale_mock_process import ACME, ALICE, COUNT, KEY, ORBIT, UNKNOWN_CONSUMER, ScaleMock

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main(binary):
    with ScaleMock(binary, "--auth", "claims") as server:
        server.load_catalogue()
        base = server.base
        config = TendukeConfig(token_path="unused", public_key_path="unused",
                               licensing_api_url=base)
        factory = ScaleSessionFactory(config, "scale-mock-sdk-test", "1.0")
        details = ClientDetails(hardware_id="hw-1", version="1.0")

        # By license key.
        client = EnforcedLicenseCheckoutClient(base, factory.create())
        tok = client.checkout_single_by_license_key(
            KEY, LicenseCheckoutArguments(product_name="orbit"), details)
        check(tok.lease_id is not None and tok.status == "SUCCESS", "key: checkout granted")
        check(tok.product_name == "orbit" and tok.quantity_dimension == QuantityDimension.SEATS,
              "key: product and dimension read from the token")
        check(tok.heartbeat_not_before is not None, "key: hbnbf present")
        refused = client.checkout_single_by_license_key(
            KEY, LicenseCheckoutArguments(product_name="orbit"), details)
        check(refused.lease_id is None and refused.error_code == "INSUFFICIENT_QUANTITY",
              "key: the last seat is taken, the next is refused")
        hb = client.heartbeat_single_by_license_key(
            KEY, LicenseHeartbeatArguments(lease_id=tok.lease_id), details)
        check(hb.old_lease_id == tok.lease_id and hb.lease_id != tok.lease_id,
              "key: heartbeat rotates the lease")
        rel = client.release_single_by_license_key(KEY, hb.to_release_argument(), details)
        check(rel.released and rel.released_license_id == uuid.UUID(ORBIT), "key: released")
        lic = client.describe_license_key(KEY, with_metadata=True)
        check(len(lic) == 1 and lic[0].product_name == "orbit", "key: describe_license_key")

        # By ScaleJwt and licenseConsumerId.
        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode()
        claims = ScaleJwtClaims(sub="svc", iss="svc-issuer", valid_for=timedelta(hours=1))
        auth = ScaleJwtAuth(key_id="svc-kid", private_key=pem, claims=claims, config=config)
        jclient = EnforcedLicenseCheckoutClient(base, factory.create(auth=auth))
        alice = uuid.UUID(ALICE)
        toks = jclient.checkout(
            [LicenseCheckoutArguments(product_name="count",
                                      quantity_dimension=QuantityDimension.USE_COUNT,
                                      quantity=3)],
            license_consumer_id=alice, client_details=details)
        check(len(toks) == 1 and toks[0].lease_id is not None, "jwt: checkout granted")
        used = jclient.describe_licenses_in_use(uuid.UUID(ACME), license_consumer_id=alice)
        check(len(used.client_bindings) == 1 and
              used.client_bindings[0].lease_id == toks[0].lease_id,
              "jwt: describe_licenses_in_use lists the lease")
        found = jclient.find_client_binding(uuid.UUID(ACME), used.client_bindings[0].id)
        check(len(found.client_bindings) == 1, "jwt: find_client_binding")
        hbs = jclient.heartbeat([LicenseHeartbeatArguments(lease_id=toks[0].lease_id,
                                                           used_quantity=2)],
                                license_consumer_id=alice, client_details=details)
        check(hbs[0].old_lease_id == toks[0].lease_id, "jwt: heartbeat")
        rels = jclient.release([hbs[0].to_release_argument(2)], license_consumer_id=alice,
                               client_details=details)
        check(rels[0].released and rels[0].remaining_quantity == 8, "jwt: release refunds")
        status = jclient.describe_licenses(
            uuid.UUID(ACME), alice, DescribeLicenseOptions(filter_field="productName",
                                                           filter_value="count",
                                                           with_metadata=True),
            PagingOptions(offset=0, limit=10, order_by="created", order_asc=True))
        check([str(l.id) for l in status.licenses] == [COUNT], "jwt: describe_licenses")
        flags = jclient.feature_flags(uuid.UUID(ACME), alice)
        check(any(f.product_name == "count" and f.features == ["x"] for f in flags),
              "jwt: feature_flags")
        ftok = jclient.feature_flags_as_jwt(uuid.UUID(ACME), alice)
        check(ftok.feature_flags_dict.get("count") == ["x"], "jwt: feature_flags_as_jwt")
        licensees = jclient.describe_licensees(alice)
        check([str(l.id) for l in licensees] == [ACME], "jwt: describe_licensees")
        try:
            jclient.checkout([LicenseCheckoutArguments(product_name="count")],
                             license_consumer_id=uuid.UUID(UNKNOWN_CONSUMER))
            check(False, "jwt: an unknown consumer raises NotFoundError")
        except NotFoundError:
            check(True, "jwt: an unknown consumer raises NotFoundError")

        # Metered use by consumer.
        metered = MeteredLicenseCheckoutClient(base, factory.create(auth=auth))
        started = metered.start([LicenseCheckoutArguments(
            product_name="meter", quantity_dimension=QuantityDimension.USE_TIME, quantity=60)],
            license_consumer_id=alice)
        check(started[0].lease_id is not None, "metered: start")
        ended = metered.end([started[0].to_release_argument(30)], license_consumer_id=alice)
        check(ended[0].released and ended[0].final_used_quantity == 30, "metered: end")

    print(f"{'FAILED' if failures else 'PASSED'}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
