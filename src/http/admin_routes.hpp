#pragma once
// The test-double controls under /__admin (contract section 8): health, reset, the state as a
// document, the request journal, faults, the clock, the id seed, snapshots and the OpenAPI
// description. JSON in and out, errors in the envelope, never behind the API's auth. Every
// call acts on the caller's namespace.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "domain/error.hpp"
#include "http/router.hpp"

namespace scale::controls {
class Namespaces;
}

namespace scale::http {

namespace jwt = auth::jwt;

using controls::Namespaces;

struct AdminOptions {
  std::shared_ptr<Namespaces> namespaces;  // set by the Server
  std::string version;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Writes the default namespace to --state-file; null when no state file was configured.
  std::function<domain::Status()> snapshot;
  // The OpenAPI 3 document served at /__admin/openapi.json.
  std::string_view openapi;
  // Signs a development token (POST /__admin/token); null when the development key is
  // disabled (--no-dev-key), which makes that route 404.
  std::function<std::string(const jwt::TokenSpec&)> issue_token;
};

void add_admin_routes(Router& router, AdminOptions options);

}  // namespace scale::http
