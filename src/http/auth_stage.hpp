#pragma once
// The API's authorization (contract section 2): a stage that checks the request's 10Duke
// Scale JWT before routing, and with --enforce-permissions the permission the route needs.
// /__admin never passes through it.

#include <httplib.h>

#include <memory>
#include <string_view>

#include "auth/jwt.hpp"
#include "domain/clock.hpp"
#include "http/stages.hpp"

namespace scale::http {

namespace jwt = auth::jwt;

// The value of WWW-Authenticate on every 401.
inline constexpr const char* kAuthChallenge = "ScaleJwt";

struct AuthOptions {
  // false: the claims mode; true: verify mode (keys in `check.keys`). The off mode has no
  // Authorizer at all.
  jwt::CheckOptions check;
  bool enforce_permissions = false;
  // Real time: token expiry is never judged by a namespace's clock.
  std::shared_ptr<const domain::Clock> clock;
};

class Authorizer {
 public:
  explicit Authorizer(AuthOptions options) : options_(std::move(options)) {}

  // Checks the request's Authorization header (scheme ScaleJwt or Bearer, compared
  // case-insensitively, then the token as jwt::check does) and, with enforce_permissions,
  // that the token grants `permission` (empty: an unknown route or method, nothing to grant).
  // When it refuses, writes 401 (with WWW-Authenticate: ScaleJwt) or 403 in the envelope into
  // `res`, the description saying exactly what failed, and returns true.
  // `access` (the route's, see Access): kOpen is never refused; kConsumer lets through a
  // request whose query names a licenseKey, and also takes the scheme IdToken (checked as
  // jwt::check does with TokenKind::kIdToken, no permission needed).
  bool refuse(const httplib::Request& req, httplib::Response& res, std::string_view permission,
              Access access = Access::kToken) const;

 private:
  AuthOptions options_;
};

// The auth stage: refuses as Authorizer::refuse does, for the permission of the exchange's
// route, or lets the request through.
Stage auth_stage(std::shared_ptr<const Authorizer> authorizer);

}  // namespace scale::http
