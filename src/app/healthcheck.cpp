#include "app/healthcheck.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>

#include "wire/codec.hpp"

namespace scale::app {

namespace {

// Where to connect for a server listening on `host`.
std::string connect_host(const std::string& host) {
  if (host.empty() || host == "0.0.0.0") return "127.0.0.1";
  if (host == "::" || host == "[::]") return "::1";
  return host;
}

std::string seconds_text(double seconds) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", seconds);
  return out;
}

}  // namespace

HealthcheckResult check_health(const Config& config, double timeout_seconds) {
  const std::string host = connect_host(config.host);
  const bool v6 = host.find(':') != std::string::npos;
  const std::string url = "http://" + (v6 ? "[" + host + "]" : host) + ":" +
                          std::to_string(config.port) + "/__admin/health";
  const std::string prefix = "scale-mock healthcheck: ";
  if (config.port == 0)
    return {1, prefix + "port 0 means any free port; give the port the server listens on"};

  httplib::Client client(host, config.port);
  const auto timeout = std::chrono::microseconds(static_cast<long long>(timeout_seconds * 1e6));
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  auto r = client.Get("/__admin/health");
  if (!r) return {1, prefix + "no answer from " + url + " (" + httplib::to_string(r.error()) + ")"};
  if (r->status != 200)
    return {1, prefix + url + " answered " + std::to_string(r->status) + ", not 200"};

  auto body = wire::Json::parse(r->body, nullptr, false);
  if (!body.is_object() || body.value("status", wire::Json()) != "ok")
    return {1, prefix + url + " answered 200 without \"status\": \"ok\": not scale-mock?"};
  std::string line = prefix + "ok: " + url;
  if (auto v = body.find("version"); v != body.end() && v->is_string())
    line += ", scale-mock " + v->get<std::string>();
  if (auto u = body.find("uptimeSeconds"); u != body.end() && u->is_number())
    line += ", up " + seconds_text(u->get<double>()) + " s";
  return {0, line};
}

}  // namespace scale::app
