#include "http/console.hpp"

#include <nlohmann/json.hpp>

#include "domain/messages.hpp"
#include "http/envelope.hpp"

namespace scale::http {
namespace {

constexpr std::string_view kPrefix = "/console";
// The methods the console's paths take.
constexpr const char* kConsoleAllow = "GET, HEAD, OPTIONS";

// No inline script or style, nothing from another origin: the console's files and the API on
// this server are all it may load or call.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void set_console_headers(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
}

void redirect(httplib::Response& res, const char* to) {
  res.status = 302;
  res.set_header("Location", to);
  res.set_header("Cache-Control", "no-store");
}

const ConsoleAsset* find_asset(std::string_view name) {
  for (const auto& a : console_assets())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace

std::string_view console_content_type(std::string_view name) {
  if (ends_with(name, ".html")) return "text/html; charset=UTF-8";
  if (ends_with(name, ".js")) return "text/javascript; charset=UTF-8";
  if (ends_with(name, ".css")) return "text/css; charset=UTF-8";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  if (ends_with(name, ".json")) return "application/json; charset=UTF-8";
  return "application/octet-stream";
}

bool is_console_request(const httplib::Request& req) {
  const std::string_view path = req.path;
  if (path == "/") return req.method == "GET" || req.method == "HEAD";
  return path.starts_with(kPrefix) &&
         (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

void serve_console(const httplib::Request& req, httplib::Response& res,
                   const ConsoleOptions& options) {
  const std::string_view path = req.path;
  if (req.method == "OPTIONS") {
    res.status = 204;
    res.set_header("Allow", kConsoleAllow);
    return;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", kConsoleAllow);
    write_error(res, HttpError::MethodNotAllowed(req.method, req.path, kConsoleAllow));
    return;
  }
  if (path == "/" || path == kPrefix) return redirect(res, "/console/");

  std::string_view name = path.substr(kPrefix.size() + 1);
  if (name.empty()) name = "index.html";
  if (name == "config.json") {
    set_console_headers(res);
    res.status = 200;
    const nlohmann::json config{{"basePath", options.base_path}, {"version", options.version}};
    res.set_content(config.dump(), "application/json; charset=UTF-8");
    return;
  }
  const ConsoleAsset* asset = find_asset(name);
  if (!asset) {
    write_error(res, domain::Error::NotFound("", domain::msg::no_console_file(req.path)));
    return;
  }
  set_console_headers(res);
  res.status = 200;
  res.set_content(std::string(asset->bytes), std::string(console_content_type(name)));
}

}  // namespace scale::http
