#pragma once
// The error envelope, and the only place that maps an error to an HTTP status:
// {"error": "<reason phrase>", "code": <status>, "description": "<what was wrong>"}.
// Every error the server answers is a domain::Error or an HttpError made by one of the named
// factories below, its sentence from domain/messages.hpp; status_of() gives each kind its one
// status. Only a status the server does not choose (a fault's, the connection layer's, one
// cpp-httplib chose) is written as a number, by write_relayed_error().

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace scale::http {

inline constexpr const char* kJsonContentType = "application/json; charset=UTF-8";

// As res.set_content(body, type) does (the body, and `type` as its only Content-Type), moving
// the body in instead of copying it. `type` is a constant (no line break to refuse).
void set_body(httplib::Response& res, std::string body, const char* type = kJsonContentType);

// One error answer: its kind and the description the envelope carries.
struct HttpError {
  // Each kind has one status (status_of()).
  enum class Kind {
    kInvalid,               // 400: the request, or a field of it, breaks a rule
    kUnauthorized,          // 401: no valid token
    kForbidden,             // 403: the token lacks the permission
    kNotFound,              // 404: no such record, route or file
    kMethodNotAllowed,      // 405: the path is served, not with this method
    kTimeout,               // 408: the request did not arrive in time
    kConflict,              // 409: a uniqueness rule or an invariant would break
    kTooLarge,              // 413: the body is over the limit
    kUriTooLong,            // 414
    kUnsupportedMediaType,  // 415: the body is not declared as JSON
    kTooMany,               // 429: one more would pass a configured limit
    kInternal,              // 500: the server failed
    kUnavailable,           // 503: the server has no room for the request
  };

  Kind kind;
  std::string description;

  // A domain error as answered: kInvalid, kNotFound, kConflict, kTooMany and kInternal keep
  // their names here; the description is e.description(), or `description` when given (a
  // state document's error names its JSON pointer).
  static HttpError Of(const domain::Error& e);
  static HttpError Of(const domain::Error& e, std::string description);

  // kNotFound: no route serves `path` (with any method).
  static HttpError NoRoute(std::string_view method, std::string_view path);
  // kMethodNotAllowed: `path` is served, not with `method`; `allow` lists the methods it takes
  // (the caller sets the Allow header to the same list).
  static HttpError MethodNotAllowed(std::string_view method, std::string_view path,
                                    std::string_view allow);
  // kUnsupportedMediaType: a body not declared as JSON; `sent` is the Content-Type it came with
  // ("(none)" for a body without one).
  static HttpError NotJson();
  static HttpError NotJson(std::string_view sent);
  // kTooLarge: a body over `limit` bytes.
  static HttpError TooLarge(std::size_t limit);
  // kUriTooLong.
  static HttpError UriTooLong();
  // kInvalid: the request is not well-formed HTTP; `why` says how (empty: a general sentence).
  static HttpError Malformed(std::string why = {});
  // kTimeout: the request did not arrive within `seconds` of its first byte.
  static HttpError Timeout(int seconds);
  // kUnavailable: every connection the server may hold is taken.
  static HttpError Busy();
  // kInternal: an exception reached the HTTP boundary; `what` is its message (may be empty).
  static HttpError Unexpected(std::string_view what);
  // kUnauthorized: `description` says what is wrong with the credentials (a sentence from
  // domain/messages.hpp or the token check's refusal). The caller sets WWW-Authenticate.
  static HttpError Unauthorized(std::string description);
  // kForbidden: the token does not grant `permission`, which `method` on `path` needs.
  static HttpError NotPermitted(std::string_view permission, std::string_view method,
                                std::string_view path);
};

// The status of each kind: the one table.
int status_of(HttpError::Kind kind);
// The standard reason phrase ("Payload Too Large" for 413); "Error" for codes it does not know.
const char* reason_phrase(int status);

// Sets the status of the error's kind, the JSON content type and the envelope body.
void write_error(httplib::Response& res, const HttpError& e);
void write_error(httplib::Response& res, const domain::Error& e);
// The same for a status the server does not choose itself: a fault's, the connection layer's
// for a malformed request, or one cpp-httplib answered that no factory above names.
void write_relayed_error(httplib::Response& res, int status, std::string_view description);

}  // namespace scale::http
