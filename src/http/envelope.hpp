#pragma once
// The error envelope, the only place that maps an error to an HTTP status:
// {"error": "<reason phrase>", "code": <status>, "description": "<what was wrong>"}.

#include <httplib.h>

#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace scale::http {

inline constexpr const char* kJsonContentType = "application/json; charset=UTF-8";

int status_of(domain::ErrorKind kind);
// The standard reason phrase ("Payload Too Large" for 413); "Error" for codes it does not know.
const char* reason_phrase(int status);

// Sets status, JSON content type and the envelope body.
void write_error(httplib::Response& res, int status, std::string_view description);
void write_error(httplib::Response& res, const domain::Error& e);

}  // namespace scale::http
