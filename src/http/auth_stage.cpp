#include "http/auth_stage.hpp"

#include <string>

#include "domain/validation.hpp"
#include "http/envelope.hpp"

namespace scale::http {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void unauthorized(httplib::Response& res, const std::string& description) {
  res.set_header("WWW-Authenticate", kAuthChallenge);
  write_error(res, 401, description);
}

}  // namespace

bool Authorizer::refuse(const httplib::Request& req, httplib::Response& res,
                        std::string_view permission) const {
  if (!req.has_header("Authorization")) {
    unauthorized(res, "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
    return true;
  }
  const std::string header = req.get_header_value("Authorization");
  const std::string_view value = trim(header);
  const auto space = value.find_first_of(" \t");
  const std::string_view scheme = value.substr(0, space);
  const std::string_view token =
      space == std::string_view::npos ? std::string_view() : trim(value.substr(space));
  if (!domain::iequals_ascii(scheme, "ScaleJwt") && !domain::iequals_ascii(scheme, "Bearer")) {
    unauthorized(
        res, space == std::string_view::npos
                 ? "the Authorization header has no scheme: send 'Authorization: ScaleJwt <jwt>'"
                 : "the Authorization scheme '" + std::string(scheme) +
                       "' is not ScaleJwt or Bearer: send 'Authorization: ScaleJwt <jwt>'");
    return true;
  }
  if (token.empty()) {
    unauthorized(res, "the token is not a JWT: the Authorization header has no token after " +
                          std::string(scheme));
    return true;
  }
  auto checked = jwt::check(token, options_.check, options_.clock->now());
  if (!checked) {
    unauthorized(res, checked.refusal);
    return true;
  }
  if (options_.enforce_permissions && !permission.empty() &&
      !jwt::permits(checked.claims->permissions, permission)) {
    write_error(res, 403,
                "the token does not grant the permission " + std::string(permission) +
                    " needed for " + req.method + " " + req.path);
    return true;
  }
  return false;
}

Stage auth_stage(std::shared_ptr<const Authorizer> authorizer) {
  return [authorizer = std::move(authorizer)](Exchange& ex, const std::function<void()>& next) {
    if (authorizer->refuse(ex.req, ex.res, ex.permission)) return;
    next();
  };
}

}  // namespace scale::http
