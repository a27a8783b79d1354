#pragma once
// The License Management API (contract sections 3 to 6): the route table and thin handlers
// that read the request, call one Store method and write the answer.

#include <optional>
#include <string>

#include "domain/error.hpp"
#include "http/router.hpp"

namespace scale::http {

struct ApiOptions {
  // Prepended to Location headers: "" for the root, "/api" for --base-path /api.
  std::string base_path;
};

// The first path parameter of a matched API route that is not a well-formed id (a UUID, or
// `default` for a container), as the 400 the route's handler would answer.
std::optional<domain::Error> check_path_ids(const Router::Match& m);

// Adds every API route to `router`. Paths are relative to the base path; each request is
// served by the store of its exchange's namespace.
void add_api_routes(Router& router, ApiOptions options);

}  // namespace scale::http
