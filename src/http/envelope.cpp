#include "http/envelope.hpp"

#include <nlohmann/json.hpp>

#include "domain/messages.hpp"

namespace scale::http {

namespace msg = domain::msg;
using Kind = HttpError::Kind;

namespace {

Kind kind_of(domain::ErrorKind kind) {
  switch (kind) {
    case domain::ErrorKind::kInvalid:
      return Kind::kInvalid;
    case domain::ErrorKind::kNotFound:
      return Kind::kNotFound;
    case domain::ErrorKind::kConflict:
      return Kind::kConflict;
    case domain::ErrorKind::kTooMany:
    case domain::ErrorKind::kTooEarly:
      return Kind::kTooMany;
    case domain::ErrorKind::kInternal:
      return Kind::kInternal;
  }
  return Kind::kInternal;
}

}  // namespace

HttpError HttpError::Of(const domain::Error& e) {
  return {kind_of(e.kind), e.description()};
}
HttpError HttpError::Of(const domain::Error& e, std::string description) {
  return {kind_of(e.kind), std::move(description)};
}
HttpError HttpError::NoRoute(std::string_view method, std::string_view path) {
  return {Kind::kNotFound, msg::no_route(method, path)};
}
HttpError HttpError::MethodNotAllowed(std::string_view method, std::string_view path,
                                      std::string_view allow) {
  return {Kind::kMethodNotAllowed, msg::method_not_allowed(method, path, allow)};
}
HttpError HttpError::NotJson() {
  return {Kind::kUnsupportedMediaType, msg::not_json()};
}
HttpError HttpError::NotJson(std::string_view sent) {
  return {Kind::kUnsupportedMediaType, msg::not_json(sent)};
}
HttpError HttpError::TooLarge(std::size_t limit) {
  return {Kind::kTooLarge, msg::body_too_large(limit)};
}
HttpError HttpError::UriTooLong() {
  return {Kind::kUriTooLong, msg::uri_too_long()};
}
HttpError HttpError::Malformed(std::string why) {
  return {Kind::kInvalid, why.empty() ? msg::malformed_request() : std::move(why)};
}
HttpError HttpError::Timeout(int seconds) {
  return {Kind::kTimeout, msg::request_timeout(seconds)};
}
HttpError HttpError::Busy() {
  return {Kind::kUnavailable, msg::no_connection_to_spare()};
}
HttpError HttpError::Unexpected(std::string_view what) {
  return {Kind::kInternal, msg::unexpected(what)};
}
HttpError HttpError::Unauthorized(std::string description) {
  return {Kind::kUnauthorized, std::move(description)};
}
HttpError HttpError::NotPermitted(std::string_view permission, std::string_view method,
                                  std::string_view path) {
  return {Kind::kForbidden, msg::not_permitted(permission, method, path)};
}

int status_of(Kind kind) {
  switch (kind) {
    case Kind::kInvalid:
      return 400;
    case Kind::kUnauthorized:
      return 401;
    case Kind::kForbidden:
      return 403;
    case Kind::kNotFound:
      return 404;
    case Kind::kMethodNotAllowed:
      return 405;
    case Kind::kTimeout:
      return 408;
    case Kind::kConflict:
      return 409;
    case Kind::kTooLarge:
      return 413;
    case Kind::kUriTooLong:
      return 414;
    case Kind::kUnsupportedMediaType:
      return 415;
    case Kind::kTooMany:
      return 429;
    case Kind::kInternal:
      return 500;
    case Kind::kUnavailable:
      return 503;
  }
  return 500;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

void set_body(httplib::Response& res, std::string body, const char* type) {
  res.body = std::move(body);
  res.headers.erase("Content-Type");
  res.headers.emplace("Content-Type", type);
}

void write_relayed_error(httplib::Response& res, int status, std::string_view description) {
  nlohmann::ordered_json body{
      {"error", reason_phrase(status)}, {"code", status}, {"description", description}};
  res.status = status;
  set_body(res, body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

void write_error(httplib::Response& res, const HttpError& e) {
  write_relayed_error(res, status_of(e.kind), e.description);
}

void write_error(httplib::Response& res, const domain::Error& e) {
  write_error(res, HttpError::Of(e));
}

}  // namespace scale::http
