#pragma once
// One request on its way through the server: what every stage and handler works on.

#include <httplib.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

namespace scale::controls {
struct Namespace;
}

namespace scale::http {

using controls::Namespace;

// How the auth stage treats a route (contract sections 2 and 11.1).
enum class Access {
  kToken,     // a ScaleJwt (or Bearer) token, with the route's permission
  kConsumer,  // the License Checkout API by consumer: also an IdToken, or no token at all when
              // the query names a licenseKey
  kOpen,      // no token: the license key in the path, the JWKS
};

struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  // The path the routes see: relative to --base-path for the API, as sent for /__admin.
  std::string_view path;
  // The caller's namespace (X-Scale-Mock-Namespace), resolved before any stage runs.
  std::shared_ptr<Namespace> ns;
  // The permission the matched API route needs ("Licensee.read"); empty for an unknown route
  // or method, and for /__admin.
  std::string_view permission{};
  // How the auth stage treats the matched API route (Router's Access; kToken when unmatched).
  Access access = Access::kToken;
  // Set by the fault stage: the server drops the connection, answering nothing, once every
  // stage is done (so the journal has the entry before the client sees the drop).
  bool dropped = false;
  // Set by the fault stage (delayMs): the answer, or the drop, waits on the connection until
  // then, holding no worker (Connections::hold_current()).
  std::optional<std::chrono::steady_clock::time_point> hold_until{};
};

}  // namespace scale::http
