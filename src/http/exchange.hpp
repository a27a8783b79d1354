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
  // Set by the fault stage: the server drops the connection, answering nothing, once every
  // stage is done (so the journal has the entry before the client sees the drop).
  bool dropped = false;
  // Set by the fault stage (delayMs): the answer, or the drop, waits on the connection until
  // then, holding no worker (Connections::hold_current()).
  std::optional<std::chrono::steady_clock::time_point> hold_until{};
};

}  // namespace scale::http
