#pragma once
// Reading a JSON request body the same way everywhere (the API and /__admin).

#include <httplib.h>

#include "wire/codec.hpp"

namespace scale::http {

// "application/json", compared case-insensitively, parameters allowed.
bool is_json_media_type(const std::string& content_type);

// Whether the request may carry a JSON body: it says it is JSON, or it has no body and no
// Content-Type. Otherwise writes the 415 and returns false.
bool accepts_json(const httplib::Request& req, httplib::Response& res);

// The body as a JSON object into `out`. On failure writes the error (415 unless the request
// says it is JSON; 400 unless the body is a JSON object) and returns false.
bool read_body(const httplib::Request& req, httplib::Response& res, wire::Json& out);

}  // namespace scale::http
