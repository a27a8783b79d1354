#include "http/admin_routes.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string_view>

#include "controls/namespaces.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "http/envelope.hpp"
#include "http/request_body.hpp"
#include "wire/checkout.hpp"
#include "wire/codec.hpp"

namespace scale::http {

using namespace wire;
using namespace controls;

using domain::Error;
using domain::Result;
using httplib::Request;
using httplib::Response;
namespace f = domain::field;
namespace msg = domain::msg;

namespace {

void send(Response& res, int status, const Json& body) {
  res.status = status;
  set_body(res, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void fail(Response& res, const Error& e) {
  write_error(res, e);
}

// Errors of state documents name the JSON pointer: "/licensees/3/email: reason".
void fail_document(Response& res, const Error& e) {
  write_error(res, HttpError::Of(e, pointer_description(e)));
}

// A body field that is required but absent (or null).
Error missing(const char* field, std::string_view rule) {
  return Error::Invalid(field, msg::required_as(rule));
}

// How a value that was sent is shown in a description: its JSON text (a string in quotes), cut
// after about 60 bytes, at a character's start, with "..." when it is longer.
std::string shown(const Json& sent) {
  constexpr std::size_t kMaxShown = 60;
  std::string text = sent.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= kMaxShown) return text;
  std::size_t cut = kMaxShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

// A body field that was sent but breaks its rule: the description names the value too.
Error wrong(const char* field, std::string_view rule, const Json& sent) {
  return Error::Invalid(field, msg::must_be(rule, shown(sent)));
}

// A body field that is absent or null, the same thing (contract section 9).
bool absent(const Json& j, const char* field) {
  auto it = j.find(field);
  return it == j.end() || it->is_null();
}

Json clock_json(const Namespace& ns) {
  return Json{{"now", domain::format_timestamp(ns.clock->now())}, {"frozen", ns.clock->frozen()}};
}

Json fault_json(const Fault& f) {
  Json j{{"id", f.id}};
  j["method"] = f.method.empty() ? Json(nullptr) : Json(f.method);
  j["path"] = f.path;
  j["status"] = f.status ? Json(*f.status) : Json(nullptr);
  j["body"] = f.body ? Json(*f.body) : Json(nullptr);
  j["delayMs"] = f.delay_ms;
  j["drop"] = f.drop;
  j["times"] = f.times ? Json(*f.times) : Json(nullptr);
  return j;
}

// Pages of the journal hold at most this many entries (as the API's lists do).
constexpr std::size_t kMaxJournalLimit = 1000;
// The journal is written out in chunks of about this many bytes.
constexpr std::size_t kJournalChunkBytes = 64 * 1024;

std::string json_string(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Appends a journaled body: null when there was none; the text as it came when it is whole and
// JSON (checked, never parsed into a tree); else a JSON string of what was kept.
void append_body(std::string& out, const JournalBody& body) {
  if (body.size == 0) {
    out += "null";
    return;
  }
  if (!body.truncated()) {
    std::string_view text = body.kept;
    // The parser skips a byte order mark before JSON, which cannot be copied into an answer.
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    // A NUL ends the input for nlohmann's parser, so "{}" and a NUL and anything would pass.
    if (text.find('\0') == std::string_view::npos && Json::accept(text.begin(), text.end())) {
      out += text;
      return;
    }
  }
  out += json_string(body.kept);
}

// Appends one entry as a JSON object (contract section 8, and the marks of truncated bodies).
void append_entry(std::string& out, const JournalEntry& e) {
  Json headers = Json::object();
  for (const auto& [k, v] : e.headers) headers[k] = v;
  out += "{\"id\":" + std::to_string(e.id);
  out += ",\"time\":" + json_string(domain::format_timestamp(e.time));
  out += ",\"method\":" + json_string(e.method);
  out += ",\"path\":" + json_string(e.path);
  out += ",\"query\":" + json_string(e.query);
  out += ",\"headers\":" + headers.dump(-1, ' ', false, Json::error_handler_t::replace);
  out += ",\"body\":";
  append_body(out, e.body);
  if (e.body.truncated())
    out += ",\"bodyTruncated\":true,\"bodySize\":" + std::to_string(e.body.size);
  out += ",\"status\":" + (e.status ? std::to_string(*e.status) : std::string("null"));
  out += ",\"responseBody\":";
  append_body(out, e.response_body);
  if (e.response_body.truncated())
    out += ",\"responseBodyTruncated\":true,\"responseBodySize\":" +
           std::to_string(e.response_body.size);
  out += ",\"durationMs\":" + Json(std::round(e.duration_ms * 1000.0) / 1000.0).dump();
  out += '}';
}

// Answers {"requests":[...]} with the page's entries, written a chunk of about 64 KiB at a
// time (chunked transfer encoding): the answer is never a JSON tree nor one string, and each
// entry is let go once written. What the client has not read yet waits in its connection's
// buffer, so a full journal read at once costs about its own size again, not ten times it.
void send_journal(Response& res, JournalPage page) {
  res.status = 200;
  res.set_header("X-Total-Count", std::to_string(page.total));
  struct Writing {
    JournalPage page;
    std::size_t next = 0;
    bool started = false;
    std::string chunk;
  };
  auto w = std::make_shared<Writing>();
  w->page = std::move(page);
  res.set_chunked_content_provider(kJsonContentType, [w](std::size_t, httplib::DataSink& sink) {
    auto& entries = w->page.entries;
    w->chunk.clear();
    if (!w->started) {
      w->chunk += "{\"requests\":[";
      w->started = true;
    }
    while (w->next < entries.size() && w->chunk.size() < kJournalChunkBytes) {
      if (w->next > 0) w->chunk += ',';
      append_entry(w->chunk, *entries[w->next]);
      entries[w->next++].reset();
    }
    const bool last = w->next == entries.size();
    if (last) w->chunk += "]}";
    if (!sink.write(w->chunk.data(), w->chunk.size())) return false;
    if (last) sink.done();
    return true;
  });
}

// A count query parameter: nullopt when absent, else a non-negative integer up to `max`. Fails
// (kInvalid, naming the parameter) when it is anything else.
Result<std::optional<std::size_t>> read_count(const Request& req, const char* name,
                                              std::size_t max) {
  if (!req.has_param(name)) return std::optional<std::size_t>();
  const std::string v = req.get_param_value(name);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  const bool digits = !v.empty() && end == v.data() + v.size() &&
                      (ec == std::errc() || ec == std::errc::result_out_of_range);
  if (!digits) return Error::Invalid(name, msg::not_a_count(v));
  // Digits beyond the range of size_t are still a count, larger than any.
  if (ec == std::errc::result_out_of_range) n = SIZE_MAX;
  if (n > max) return Error::Invalid(name, msg::more_than(v, max));
  return std::optional<std::size_t>(n);
}

// A fault from a request body. Fails (kInvalid, naming the field) on the first field that
// breaks its rule, in the contract's order, or when the fault would do nothing.
Result<Fault> parse_fault(const Json& j) {
  Fault fault;
  if (auto it = j.find(f::kMethod); it != j.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>().empty())
      return wrong(f::kMethod, msg::kFaultMethodRule, *it);
    fault.method = it->get<std::string>() == "*" ? "" : it->get<std::string>();
  }
  if (absent(j, f::kPath)) return missing(f::kPath, msg::kFaultPathRule);
  auto path = j.find(f::kPath);
  if (!path->is_string() || path->get<std::string>().empty() || path->get<std::string>()[0] != '/')
    return wrong(f::kPath, msg::kFaultPathRule, *path);
  fault.path = path->get<std::string>();
  if (fault.path.rfind("/__admin", 0) == 0)
    return Error::Invalid(f::kPath, msg::fault_under_admin(fault.path));
  if (auto it = j.find(f::kStatus); it != j.end() && !it->is_null()) {
    // Read as 64 bits: as an int, 4294967696 would wrap to 400 (and one past 2^63 reads
    // negative here, so it is refused too).
    if (!it->is_number_integer() || it->get<long long>() < 100 || it->get<long long>() > 599)
      return wrong(f::kStatus, msg::kFaultStatusRule, *it);
    fault.status = it->get<int>();
  }
  if (auto it = j.find(f::kBody); it != j.end() && !it->is_null()) {
    if (!fault.status) return Error::Invalid(f::kBody, msg::fault_body_needs_status());
    fault.body = *it;
  }
  if (auto it = j.find(f::kDelayMs); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 600000)
      return wrong(f::kDelayMs, msg::kDelayMsRule, *it);
    fault.delay_ms = it->get<int>();
  }
  if (auto it = j.find(f::kDrop); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return wrong(f::kDrop, msg::kBooleanRule, *it);
    fault.drop = it->get<bool>();
  }
  if (auto it = j.find(f::kTimes); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1)
      return wrong(f::kTimes, msg::kTimesRule, *it);
    fault.times = it->get<long long>();
  }
  if (fault.drop && fault.status) return Error::Invalid("", msg::fault_drop_and_status());
  if (!fault.drop && !fault.status && fault.delay_ms == 0)
    return Error::Invalid("", msg::fault_does_nothing());
  return fault;
}

// A body that may be absent: false (error written) when it is present but not a JSON object.
bool read_optional_body(const Request& req, Response& res, Json& out) {
  if (req.body.empty()) {
    out = Json::object();
    return true;
  }
  return read_body(req, res, out);
}

// A token request {"sub","iss","permissions","ttlSeconds"}, every field optional. Fails
// (kInvalid, naming the field) on the first field that breaks its rule.
Result<jwt::TokenSpec> parse_token_spec(const Json& j) {
  jwt::TokenSpec spec;
  for (const char* name : {f::kSub, f::kIss}) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) continue;
    if (!it->is_string()) return wrong(name, msg::kStringRule, *it);
    (std::string_view(name) == f::kSub ? spec.sub : spec.iss) = it->get<std::string>();
  }
  if (auto it = j.find(f::kPermissions); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return wrong(f::kPermissions, msg::kPermissionsRule, *it);
    spec.permissions.clear();
    for (const auto& p : *it) {
      if (!p.is_string()) return wrong(f::kPermissions, msg::kPermissionsRule, *it);
      spec.permissions.push_back(p.get<std::string>());
    }
  }
  if (auto it = j.find(f::kTtlSeconds); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 ||
        it->get<long long>() > 10LL * 366 * 86400)
      return wrong(f::kTtlSeconds, msg::kTtlSecondsRule, *it);
    spec.ttl_seconds = it->get<long long>();
  }
  return spec;
}

}  // namespace

void add_admin_routes(Router& router, AdminOptions o) {
  auto opts = std::make_shared<AdminOptions>(std::move(o));
  auto route = [&](const char* method, const char* pattern, auto fn) {
    router.add(method, pattern, [opts, fn](Exchange& ex, const RouteParams& p) {
      fn(*opts, *ex.ns, ex.req, ex.res, p);
    });
  };

  route("GET", "/__admin/health",
        [](AdminOptions& a, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          auto counts = ns.store->counts();
          auto uptime =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - a.started).count();
          send(res, 200,
               Json{{"status", "ok"},
                    {"version", a.version},
                    {"uptimeSeconds", std::floor(uptime * 1000.0) / 1000.0},
                    {"namespace", ns.name},
                    {"namespaces", a.namespaces->size()},
                    {"counts",
                     {{"licensees", counts.licensees},
                      {"licenseContainers", counts.containers},
                      {"licenseConsumers", counts.consumers},
                      {"licenses", counts.licenses},
                      {"products", counts.products},
                      {"leases", counts.leases}}}});
        });

  route("POST", "/__admin/reset",
        [](AdminOptions& a, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
          Json j;
          if (!read_optional_body(req, res, j)) return;
          bool empty = false;
          if (auto it = j.find(f::kTo); it != j.end() && !it->is_null()) {
            if (*it == "empty")
              empty = true;
            else if (*it != "fixtures")
              return fail(res, wrong(f::kTo, msg::kResetTargetRule, *it));
          }
          if (auto s = a.namespaces->reset(ns, empty); !s) return fail_document(res, s.error());
          res.status = 204;
        });

  route("GET", "/__admin/state",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          send(res, 200, encode(ns.store->dump()));
        });
  auto load_state = [](bool merge) {
    return [merge](AdminOptions&, Namespace& ns, const Request& req, Response& res,
                   const RouteParams&) {
      Json j;
      if (!read_body(req, res, j)) return;
      auto doc = decode_state(j);
      if (!doc) return fail_document(res, doc.error());
      auto s = merge ? ns.store->merge(*doc) : ns.store->replace(*doc);
      if (!s) return fail_document(res, s.error());
      res.status = 204;
    };
  };
  route("PUT", "/__admin/state", load_state(false));
  route("POST", "/__admin/state", load_state(true));

  route("GET", "/__admin/requests",
        [](AdminOptions&, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
          JournalFilter filter;
          if (req.has_param(f::kMethod)) filter.method = req.get_param_value(f::kMethod);
          if (req.has_param(f::kPath)) filter.path_prefix = req.get_param_value(f::kPath);
          if (req.has_param(f::kStatus)) {
            const std::string v = req.get_param_value(f::kStatus);
            char* end = nullptr;
            long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 100 || n > 599)
              return fail(res, Error::Invalid(f::kStatus, msg::not_a_status(v)));
            filter.status = static_cast<int>(n);
          }
          if (req.has_param(f::kSince)) {
            const std::string v = req.get_param_value(f::kSince);
            auto t = domain::parse_timestamp(v);
            if (!t) return fail(res, Error::Invalid(f::kSince, msg::not_a_timestamp(v)));
            filter.since = *t;
          }
          auto offset = read_count(req, f::kOffset, SIZE_MAX);
          if (!offset) return fail(res, offset.error());
          auto limit = read_count(req, f::kLimit, kMaxJournalLimit);
          if (!limit) return fail(res, limit.error());
          send_journal(res, ns.journal.page(filter, offset->value_or(0), *limit));
        });
  route("DELETE", "/__admin/requests",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          ns.journal.clear();
          res.status = 204;
        });

  route("POST", "/__admin/faults",
        [](AdminOptions&, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
          Json j;
          if (!read_body(req, res, j)) return;
          auto fault = parse_fault(j);
          if (!fault) return fail(res, fault.error());
          Fault added = ns.faults.add(*fault);
          res.set_header("Location", "/__admin/faults/" + added.id);
          send(res, 201, fault_json(added));
        });
  route("GET", "/__admin/faults",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          Json list = Json::array();
          for (const auto& f : ns.faults.list()) list.push_back(fault_json(f));
          send(res, 200, Json{{"faults", std::move(list)}});
        });
  route("DELETE", "/__admin/faults",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          ns.faults.clear();
          res.status = 204;
        });
  route("DELETE", "/__admin/faults/{id}",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams& p) {
          if (!ns.faults.remove(p[0]))
            return fail(res, Error::NotFound("", msg::no_such_fault(p[0])));
          res.status = 204;
        });

  route("GET", "/__admin/clock",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          send(res, 200, clock_json(ns));
        });
  route("PUT", "/__admin/clock",
        [](AdminOptions&, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
          Json j;
          if (!read_body(req, res, j)) return;
          std::optional<bool> frozen;
          std::optional<domain::Timestamp> now;
          if (auto it = j.find(f::kFrozen); it != j.end() && !it->is_null()) {
            if (!it->is_boolean()) return fail(res, wrong(f::kFrozen, msg::kBooleanRule, *it));
            frozen = it->get<bool>();
          }
          if (auto it = j.find(f::kNow); it != j.end() && !it->is_null()) {
            auto t =
                it->is_string() ? domain::parse_timestamp(it->get<std::string>()) : std::nullopt;
            if (!t) return fail(res, wrong(f::kNow, msg::kTimestampRule, *it));
            now = *t;
          }
          // Leases that have ended by now stay ended when the clock moves back (store.hpp).
          ns.store->settle_leases();
          if (frozen) ns.clock->freeze(*frozen);
          if (now) ns.clock->set(*now);
          send(res, 200, clock_json(ns));
        });
  route(
      "POST", "/__admin/clock/advance",
      [](AdminOptions&, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
        Json j;
        if (!read_body(req, res, j)) return;
        if (absent(j, f::kSeconds)) return fail(res, missing(f::kSeconds, msg::kSecondsRule));
        auto it = j.find(f::kSeconds);
        if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1e12)
          return fail(res, wrong(f::kSeconds, msg::kSecondsRule, *it));
        ns.clock->advance(static_cast<domain::Timestamp>(std::llround(it->get<double>() * 1000.0)));
        send(res, 200, clock_json(ns));
      });

  route("PUT", "/__admin/seed",
        [](AdminOptions&, Namespace& ns, const Request& req, Response& res, const RouteParams&) {
          Json j;
          if (!read_body(req, res, j)) return;
          if (absent(j, f::kSeed)) return fail(res, missing(f::kSeed, msg::kSeedRule));
          auto it = j.find(f::kSeed);
          if (!(it->is_number_unsigned() || (it->is_number_integer() && it->get<long long>() >= 0)))
            return fail(res, wrong(f::kSeed, msg::kSeedRule, *it));
          ns.ids->reseed(it->get<std::uint64_t>());
          res.status = 204;
        });

  // The namespace's live leases (contract 11.5), and ending them all.
  route("GET", "/__admin/leases",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          res.status = 200;
          res.set_content(wire::leases_to_json(ns.store->live_leases()), kJsonContentType);
        });
  route("DELETE", "/__admin/leases",
        [](AdminOptions&, Namespace& ns, const Request&, Response& res, const RouteParams&) {
          ns.store->end_all_leases();
          res.status = 204;
        });

  route("POST", "/__admin/snapshot",
        [](AdminOptions& a, Namespace&, const Request&, Response& res, const RouteParams&) {
          if (!a.snapshot) return fail(res, Error::Conflict("", msg::no_state_file()));
          if (auto s = a.snapshot(); !s)
            return fail(res, Error::Internal("", s.error().description()));
          res.status = 204;
        });

  route("POST", "/__admin/token",
        [](AdminOptions& a, Namespace&, const Request& req, Response& res, const RouteParams&) {
          if (!a.issue_token) return fail(res, Error::NotFound("", msg::no_dev_key()));
          Json j;
          if (!read_optional_body(req, res, j)) return;
          auto spec = parse_token_spec(j);
          if (!spec) return fail(res, spec.error());
          send(res, 200, Json{{"token", a.issue_token(*spec)}});
        });

  route("GET", "/__admin/openapi.json",
        [](AdminOptions& a, Namespace&, const Request&, Response& res, const RouteParams&) {
          res.status = 200;
          res.set_content(std::string(a.openapi), kJsonContentType);
        });
}

}  // namespace scale::http
