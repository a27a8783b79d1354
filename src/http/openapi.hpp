#pragma once
// The OpenAPI 3 description of the API (src/http/openapi.json), embedded at build time.

#include <string_view>

namespace scale::http {

std::string_view openapi_document();

}  // namespace scale::http
