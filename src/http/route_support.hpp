#pragma once
// What the API's route files share (api_routes.cpp, license_routes.cpp): reading path ids,
// paging and query parameters, writing answers, and the macros that stop a handler at its
// first error. Each handler follows contract section 9's order of checks: path ids, then the
// body's form (BODY), then the parents (RETURN_IF_ERROR on a read), then the body's fields
// (TRY on the body), then the store's write.

#include <httplib.h>

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include "controls/namespaces.hpp"
#include "domain/entities.hpp"
#include "domain/error.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "http/envelope.hpp"
#include "http/request_body.hpp"
#include "http/router.hpp"
#include "wire/codec.hpp"

namespace scale::http::routes {

inline constexpr std::size_t kMaxLimit = 1000;

inline void fail(httplib::Response& res, const domain::Error& e) {
  write_error(res, e);
}

// `body` is JSON text (codec's to_json).
inline void send(httplib::Response& res, int status, std::string body) {
  res.status = status;
  set_body(res, std::move(body));
}

inline void no_content(httplib::Response& res) {
  res.status = 204;
}

// 201 with the new resource's JSON text and its Location (`base`, the API's base path, then
// `path`).
inline void created(httplib::Response& res, const std::string& base, const std::string& path,
                    std::string body) {
  res.set_header("Location", base + path);
  send(res, 201, std::move(body));
}

// Adds a route to `router` whose handler `fn(store, req, res, params)` is served by the store of
// the exchange's namespace. `permission`: what a token must grant under --enforce-permissions;
// `reads_body`: the handler reads a JSON body (BODY), so a wrong Content-Type is its 415.
template <class Fn>
void add_store_route(Router& router, const char* method, const char* pattern,
                     const char* permission, Fn fn, bool reads_body = false) {
  router.add(
      method, pattern,
      [fn](Exchange& ex, const RouteParams& p) { fn(*ex.ns->store, ex.req, ex.res, p); },
      reads_body, permission);
}

// A page as a bare JSON array (contract section 1), with X-Total-Count: the items written by
// `write` (a function of the items' vector giving JSON text), by default wire::to_json.
template <class T, class Write>
void send_page(httplib::Response& res, const domain::PageOf<T>& page, Write write) {
  res.set_header("X-Total-Count", std::to_string(page.total));
  send(res, 200, write(page.items));
}
template <class T>
void send_page(httplib::Response& res, const domain::PageOf<T>& page) {
  send_page(res, page, [](const std::vector<T>& items) { return wire::to_json(items); });
}

// A UUID path or query value; kInvalid naming `name` otherwise.
inline domain::Result<domain::Uuid> path_id(std::string_view value, const char* name) {
  if (auto id = domain::Uuid::parse(value)) return *id;
  return domain::Error::Invalid(name, domain::msg::not_a_uuid(value));
}

// A container in a path or query: `default` or a UUID; kInvalid naming licenseContainerId.
inline domain::Result<domain::ContainerRef> container_ref(std::string_view value) {
  if (value == "default") return domain::ContainerRef::Default();
  if (auto id = domain::Uuid::parse(value)) return domain::ContainerRef::Of(*id);
  return domain::Error::Invalid(domain::field::kLicenseContainerId, domain::msg::not_a_uuid(value));
}

// A non-negative integer query parameter, `fallback` when absent; kInvalid naming it otherwise.
inline domain::Result<std::size_t> count_param(const httplib::Request& req, const char* name,
                                               std::size_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    return domain::Error::Invalid(name, domain::msg::not_a_count(v));
  return n;
}

// offset and limit (contract section 1): default 0 and 100, limit at most 1000.
inline domain::Result<domain::Page> page_of(const httplib::Request& req) {
  namespace f = domain::field;
  auto offset = count_param(req, f::kOffset, 0);
  if (!offset) return offset.error();
  auto limit = count_param(req, f::kLimit, 100);
  if (!limit) return limit.error();
  if (*limit > kMaxLimit)
    return domain::Error::Invalid(f::kLimit,
                                  domain::msg::more_than(std::to_string(*limit), kMaxLimit));
  return domain::Page{*offset, *limit};
}

// A required, non-empty query parameter; kInvalid naming it otherwise.
inline domain::Result<std::string> query_value(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return domain::Error::Invalid(name, domain::msg::query_required());
  std::string v = req.get_param_value(name);
  if (v.empty()) return domain::Error::Invalid(name, domain::msg::query_empty());
  return v;
}

// A boolean query parameter: absent is false; "true" or "false", else kInvalid naming it.
inline domain::Result<bool> flag_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  const std::string v = req.get_param_value(name);
  if (v == "true") return true;
  if (v == "false") return false;
  return domain::Error::Invalid(
      name, domain::msg::must_be(domain::msg::kBooleanRule, domain::msg::quoted(v)));
}

}  // namespace scale::http::routes

// Stops the handler with the error when a Result failed; otherwise binds its value.
#define TRY(var, expr)                             \
  auto var##_r = (expr);                           \
  if (!var##_r) return fail(res, var##_r.error()); \
  auto var = std::move(var##_r).value()

// Stops the handler with the error when a Status failed. Not named CHECK: that is Catch2's.
#define RETURN_IF_ERROR(expr) \
  if (auto status_r = (expr); !status_r) return fail(res, status_r.error())

// Reads the body with a codec reader (read_licensee_setup, ...) into `var`, a Result that holds
// the decoded body or its first field error (bound later with TRY, after the path's parents
// are found: contract section 9, "Order of checks"). Stops the handler with 415 for a body
// that is not JSON, 400 for one that is not a JSON object.
#define BODY(var, reader)              \
  if (!accepts_json(req, res)) return; \
  TRY(var, reader(req.body))
