#include "http/auth_stage.hpp"

#include <string>
#include <utility>

#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "http/envelope.hpp"
#include "http/headers.hpp"

namespace scale::http {

namespace msg = domain::msg;

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void unauthorized(httplib::Response& res, std::string description) {
  res.set_header("WWW-Authenticate", kAuthChallenge);
  write_error(res, HttpError::Unauthorized(std::move(description)));
}

}  // namespace

bool Authorizer::refuse(const httplib::Request& req, httplib::Response& res,
                        std::string_view permission, Access access) const {
  if (access == Access::kOpen) return false;
  if (access == Access::kConsumer && req.has_param("licenseKey")) return false;
  const std::string* header = header_value(req.headers, "Authorization");
  if (!header) {
    unauthorized(res, msg::no_authorization());
    return true;
  }
  const std::string_view value = trim(*header);
  const auto space = value.find_first_of(" \t");
  const std::string_view scheme = value.substr(0, space);
  const std::string_view token =
      space == std::string_view::npos ? std::string_view() : trim(value.substr(space));
  const bool id_token = access == Access::kConsumer && domain::iequals_ascii(scheme, "IdToken");
  if (!id_token && !domain::iequals_ascii(scheme, "ScaleJwt") &&
      !domain::iequals_ascii(scheme, "Bearer")) {
    unauthorized(res, space == std::string_view::npos ? msg::no_auth_scheme()
                                                      : msg::wrong_auth_scheme(scheme));
    return true;
  }
  if (token.empty()) {
    unauthorized(res, msg::no_token_after(scheme));
    return true;
  }
  auto checked = jwt::check(token, options_.check, options_.clock->now(),
                            id_token ? jwt::TokenKind::kIdToken : jwt::TokenKind::kScaleJwt);
  if (!checked) {
    unauthorized(res, checked.refusal);
    return true;
  }
  if (options_.enforce_permissions && !id_token && !permission.empty() &&
      !jwt::permits(checked.claims->permissions, permission)) {
    write_error(res, HttpError::NotPermitted(permission, req.method, req.path));
    return true;
  }
  return false;
}

Stage auth_stage(std::shared_ptr<const Authorizer> authorizer) {
  return [authorizer = std::move(authorizer)](Exchange& ex, const std::function<void()>& next) {
    if (authorizer->refuse(ex.req, ex.res, ex.permission, ex.access)) return;
    next();
  };
}

}  // namespace scale::http
