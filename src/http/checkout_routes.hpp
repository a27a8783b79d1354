#pragma once
// The License Checkout API (contract section 11): checkout, heartbeat and release (enforced and
// metered), the describe calls and the JWKS. Thin handlers: who asks (a license key in the
// path or the query, an IdToken's subject, or the licenseConsumerId header or query
// parameter), the cli* headers, one Store call, and the answer: license tokens signed RS256
// with the licensing key.

#include <memory>
#include <string>

#include "auth/jwt.hpp"
#include "domain/clock.hpp"
#include "domain/lease.hpp"
#include "http/router.hpp"

namespace scale::http {

// The key that signs license and feature-flag tokens, and its kid in the JWKS.
struct LicensingKey {
  auth::jwt::RsaKey key;
  std::string kid;
};

struct CheckoutOptions {
  // Null: the checkout calls and the JWKS answer 500 (a server built without one).
  std::shared_ptr<const LicensingKey> signer;
  domain::LeasePolicy policy;
  // Real time, for the tokens' iat, nbf, exp and hbnbf (leases run on the namespace's clock).
  std::shared_ptr<const domain::Clock> real_clock;
};

// The kid of a licensing key that comes without one: "scale-mock-lic-" and its RFC 7638
// thumbprint, so that two different keys never share a kid.
std::string licensing_kid(const auth::jwt::RsaKey& key);

// Adds the routes of section 11 (paths relative to the base path). Calls by consumer need
// License.checkout under --enforce-permissions; calls by key need no token.
void add_checkout_routes(Router& router, CheckoutOptions options);

}  // namespace scale::http
