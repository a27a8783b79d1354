#include "http/checkout_routes.hpp"

#include <charconv>
#include <cmath>

#include "controls/namespaces.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "http/envelope.hpp"
#include "http/headers.hpp"
#include "http/request_body.hpp"
#include "wire/checkout.hpp"
#include "wire/codec.hpp"

namespace scale::http {

using namespace domain;
namespace f = domain::field;
namespace jwt = auth::jwt;
using httplib::Request;
using httplib::Response;

namespace {

constexpr const char* kLicenseCheckout = "License.checkout";
constexpr const char* kActions = "/licensing/actions/";
constexpr std::size_t kMaxLimit = 1000;

#define TRY(var, expr)                                    \
  auto var##_r = (expr);                                  \
  if (!var##_r) return write_error(res, var##_r.error()); \
  auto var = std::move(var##_r).value()

void send(Response& res, std::string body, const char* type = kJsonContentType) {
  res.status = 200;
  set_body(res, std::move(body), type);
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// The token of an `IdToken <jwt>` Authorization header; nullopt for any other header.
std::optional<std::string> id_token_of(const Request& req) {
  const std::string* header = header_value(req.headers, "Authorization");
  if (!header) return std::nullopt;
  std::string_view v = *header;
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  const auto space = v.find_first_of(" \t");
  if (space == std::string_view::npos || !iequals_ascii(v.substr(0, space), "IdToken"))
    return std::nullopt;
  v.remove_prefix(space);
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  return std::string(v);
}

// The ID token's subject (the auth stage has checked the token, unless --auth off).
Result<std::string> subject_of(const std::string& token) {
  const auto first = token.find('.');
  const auto second = first == std::string::npos ? first : token.find('.', first + 1);
  std::optional<std::string> payload;
  if (second != std::string::npos)
    payload = jwt::base64url_decode(std::string_view(token).substr(first + 1, second - first - 1));
  if (payload) {
    const wire::Json j = wire::parse_json(*payload);
    if (j.is_object()) {
      auto it = j.find("sub");
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
  }
  return Error::Invalid("Authorization", "the IdToken is not a JWT with a sub claim");
}

// A value of the request header `name`, else of the query parameter.
std::optional<std::string> header_or_query(const Request& req, const char* name) {
  if (const std::string* v = header_value(req.headers, name)) return *v;
  if (req.has_param(name)) return req.get_param_value(name);
  return std::nullopt;
}

// An optional id in the query ("" and the SDK's "None" are absent).
Result<std::optional<Uuid>> query_id(const Request& req, const char* name) {
  if (!req.has_param(name)) return std::optional<Uuid>();
  const std::string v = req.get_param_value(name);
  if (v.empty() || v == "None" || v == "null") return std::optional<Uuid>();
  if (auto id = Uuid::parse(v)) return std::optional<Uuid>(*id);
  return Error::Invalid(name, msg::not_a_uuid(v));
}

// Who asks (contract 11.1): the key in the path (`key`), or in the query (describe calls);
// an IdToken's subject; the licenseConsumerId header or query parameter. 400 when none.
Result<Asker> asker_of(const Request& req, std::string_view key) {
  if (!key.empty()) return Asker::Key(std::string(key));
  if (req.has_param(f::kLicenseKey)) return Asker::Key(req.get_param_value(f::kLicenseKey));
  if (auto id = header_or_query(req, f::kLicenseConsumerId); id && !id->empty()) {
    if (auto uuid = Uuid::parse(*id)) return Asker::Consumer(*uuid);
    return Error::Invalid(f::kLicenseConsumerId, msg::not_a_uuid(*id));
  }
  if (auto token = id_token_of(req)) {
    auto sub = subject_of(*token);
    if (!sub) return sub.error();
    return Asker::Identity(*sub);
  }
  return Error::Invalid(f::kLicenseConsumerId,
                        "is required: name the consumer with the licenseConsumerId header, a "
                        "license key in the path, or an IdToken");
}

ClientClaims claims_of(const Request& req) {
  ClientClaims c;
  for (std::size_t i = 0; i < std::size(wire::kClientClaimNames); ++i) {
    const char* name = wire::kClientClaimNames[i];
    if (const std::string* v = header_value(req.headers, name); v && !v->empty())
      wire::claim_at(c, i) = *v;
  }
  return c;
}

Result<std::size_t> count_header(const Request& req, const char* name, std::size_t fallback) {
  const std::string* header = header_value(req.headers, name);
  if (!header) return fallback;
  const std::string& v = *header;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    return Error::Invalid(name, msg::not_a_count(v));
  return n;
}

// The paging headers offset, limit (at most 1000), order-asc ("true" or "false"); order-by
// is accepted and ignored (always created, then id).
Result<DescribePage> page_of(const Request& req) {
  DescribePage page;
  auto offset = count_header(req, f::kOffset, page.offset);
  if (!offset) return offset.error();
  auto limit = count_header(req, f::kLimit, page.limit);
  if (!limit) return limit.error();
  if (*limit > kMaxLimit)
    return Error::Invalid(f::kLimit, msg::more_than(std::to_string(*limit), kMaxLimit));
  page.offset = *offset;
  page.limit = *limit;
  if (const std::string* order = header_value(req.headers, "order-asc")) {
    const std::string& v = *order;
    if (iequals_ascii(v, "true"))
      page.ascending = true;
    else if (iequals_ascii(v, "false"))
      page.ascending = false;
    else
      return Error::Invalid("order-asc", msg::quoted(v) + " is not true or false");
  }
  return page;
}

Result<bool> with_metadata(const Request& req) {
  if (!req.has_param("withMetadata")) return false;
  const std::string v = req.get_param_value("withMetadata");
  if (v.empty() || iequals_ascii(v, "false")) return false;
  if (iequals_ascii(v, "true")) return true;
  return Error::Invalid("withMetadata", msg::quoted(v) + " is not true or false");
}

std::optional<std::string> query_text(const Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  std::string v = req.get_param_value(name);
  if (v.empty() || v == "None") return std::nullopt;
  return v;
}

struct Context {
  CheckoutOptions options;

  std::int64_t real_seconds() const { return options.real_clock->now() / 1000; }

  // The real-time claims of a token answered at namespace time `ns_now`.
  wire::TokenTimes times_for(const LeaseOutcome& o, Timestamp ns_now) const {
    wire::TokenTimes t;
    t.iat = real_seconds();
    if (o.granted()) {
      const Lease& l = o.grant().lease;
      const auto ahead = [&](Timestamp at) {
        return at <= ns_now ? 0 : static_cast<std::int64_t>((at - ns_now + 999) / 1000);
      };
      t.exp = t.iat + std::max<std::int64_t>(1, ahead(l.valid_until));
      t.hbnbf = t.iat + ahead(l.heartbeat_not_before);
    } else {
      t.exp = t.iat + options.policy.lease_seconds;
      t.hbnbf = t.iat;
    }
    return t;
  }

  std::string sign(const wire::Json& claims) const {
    return jwt::sign(options.signer->key, options.signer->kid, claims);
  }

  std::string tokens(const std::vector<LeaseOutcome>& outcomes, Timestamp ns_now) const {
    std::vector<std::string> out;
    out.reserve(outcomes.size());
    for (const auto& o : outcomes)
      out.push_back(sign(wire::license_token_claims(o, times_for(o, ns_now), jwt::random_jti())));
    return wire::to_json(out);
  }
};

bool no_signer(const Context& c, Response& res) {
  if (c.options.signer) return false;
  write_error(res, Error::Internal("", "the server has no licensing key"));
  return true;
}

}  // namespace

std::string licensing_kid(const jwt::RsaKey& key) {
  return "scale-mock-lic-" + key.thumbprint();
}

void add_checkout_routes(Router& router, CheckoutOptions options) {
  auto ctx = std::make_shared<const Context>(Context{std::move(options)});
  constexpr bool kReadsBody = true;

  // Each call by consumer, and by key in the path.
  auto both = [&](const char* method, const std::string& action, auto fn, bool reads_body) {
    const std::string path = kActions + action;
    router.add(
        method, path,
        [ctx, fn](Exchange& ex, const RouteParams&) { fn(*ctx, *ex.ns, ex.req, ex.res, ""); },
        reads_body, kLicenseCheckout, Access::kConsumer);
    router.add(
        method, path + "/{licenseKey}",
        [ctx, fn](Exchange& ex, const RouteParams& p) { fn(*ctx, *ex.ns, ex.req, ex.res, p[0]); },
        reads_body, "", Access::kOpen);
  };

  auto checkout = [](UseMode mode) {
    return [mode](const Context& c, Namespace& ns, const Request& req, Response& res,
                  std::string_view key) {
      if (no_signer(c, res)) return;
      if (!accepts_json(req, res)) return;
      TRY(body, wire::read_checkout_items(req.body));
      TRY(who, asker_of(req, key));
      TRY(items, std::move(body));
      TRY(outcomes, ns.store->checkout(who, mode, items, claims_of(req), c.options.policy));
      send(res, c.tokens(outcomes, ns.clock->now()));
    };
  };
  auto heartbeat = [](UseMode mode) {
    return [mode](const Context& c, Namespace& ns, const Request& req, Response& res,
                  std::string_view key) {
      if (no_signer(c, res)) return;
      if (!accepts_json(req, res)) return;
      TRY(body, wire::read_heartbeat_items(req.body));
      TRY(who, asker_of(req, key));
      TRY(items, std::move(body));
      TRY(outcomes, ns.store->heartbeat(who, mode, items, claims_of(req), c.options.policy));
      send(res, c.tokens(outcomes, ns.clock->now()));
    };
  };
  auto release = [](UseMode mode) {
    return [mode](const Context&, Namespace& ns, const Request& req, Response& res,
                  std::string_view key) {
      if (!accepts_json(req, res)) return;
      TRY(body, wire::read_release_items(req.body));
      TRY(who, asker_of(req, key));
      TRY(items, std::move(body));
      TRY(results, ns.store->release(who, mode, items));
      send(res, wire::to_json(results));
    };
  };
  both("POST", "checkout", checkout(UseMode::kEnforced), kReadsBody);
  both("POST", "heartbeat", heartbeat(UseMode::kEnforced), kReadsBody);
  both("POST", "release", release(UseMode::kEnforced), kReadsBody);
  both("POST", "start-metered-use", checkout(UseMode::kMetered), kReadsBody);
  both("POST", "heartbeat-metered-use", heartbeat(UseMode::kMetered), kReadsBody);
  both("POST", "end-metered-use", release(UseMode::kMetered), kReadsBody);

  // The describe calls: GET, the consumer named in the query (or by key or IdToken).
  auto describe = [&](const std::string& action, auto fn) {
    router.add(
        "GET", kActions + action,
        [ctx, fn](Exchange& ex, const RouteParams&) { fn(*ctx, *ex.ns, ex.req, ex.res); }, false,
        kLicenseCheckout, Access::kConsumer);
  };
  auto licenses = [](bool by_key) {
    return [by_key](const Context&, Namespace& ns, const Request& req, Response& res) {
      if (by_key && !req.has_param(f::kLicenseKey))
        return write_error(res, Error::Invalid(f::kLicenseKey, msg::query_required()));
      TRY(who, asker_of(req, ""));
      TRY(licensee, query_id(req, f::kLicenseeId));
      TRY(page, page_of(req));
      TRY(metadata, with_metadata(req));
      LicenseFieldFilter filter{query_text(req, f::kFilterField), query_text(req, f::kFilterValue)};
      TRY(found, ns.store->usable_licenses(who, by_key ? std::nullopt : licensee, filter, page));
      res.set_header("X-Total-Count", std::to_string(found.total));
      send(res, "{\"licenses\":" + wire::to_json(found.items, metadata) + "}");
    };
  };
  describe("describe-license-consumer-licenses", licenses(false));
  describe("describe-license-key", licenses(true));
  describe("describe-license-consumer-licensees",
           [](const Context&, Namespace& ns, const Request& req, Response& res) {
             TRY(who, asker_of(req, ""));
             TRY(page, page_of(req));
             TRY(found, ns.store->consumer_licensees(who, page));
             res.set_header("X-Total-Count", std::to_string(found.total));
             send(res, wire::to_json(found.items));
           });
  auto flags = [](bool as_jwt) {
    return [as_jwt](const Context& c, Namespace& ns, const Request& req, Response& res) {
      if (as_jwt && no_signer(c, res)) return;
      TRY(who, asker_of(req, ""));
      TRY(licensee, query_id(req, f::kLicenseeId));
      TRY(found, ns.store->feature_flags(who, licensee, query_text(req, f::kFilterValue)));
      if (!as_jwt) return send(res, wire::to_json(found));
      wire::TokenTimes t;
      t.iat = c.real_seconds();
      t.exp = t.iat + c.options.policy.lease_seconds;
      std::optional<Uuid> consumer;
      if (who.kind == Asker::Kind::kConsumer) consumer = who.consumer_id;
      send(res, c.sign(wire::feature_flags_claims(found, licensee, consumer, t, jwt::random_jti())),
           "application/jwt; charset=UTF-8");
    };
  };
  describe("describe-as-feature-flags", flags(false));
  describe("describe-as-feature-flags-jwt", flags(true));
  describe("describe-license-consumer-client-bindings",
           [](const Context&, Namespace& ns, const Request& req, Response& res) {
             TRY(who, asker_of(req, ""));
             TRY(licensee, query_id(req, f::kLicenseeId));
             TRY(page, page_of(req));
             TRY(metadata, with_metadata(req));
             TRY(found, ns.store->consumer_bindings(who, licensee, page));
             send(res, wire::to_json(found, metadata));
           });
  auto license_bindings = [](bool by_key) {
    return [by_key](const Context&, Namespace& ns, const Request& req, Response& res) {
      if (by_key && !req.has_param(f::kLicenseKey))
        return write_error(res, Error::Invalid(f::kLicenseKey, msg::query_required()));
      TRY(who, asker_of(req, ""));
      TRY(licensee, query_id(req, f::kLicenseeId));
      TRY(license, query_id(req, f::kLicenseId));
      TRY(page, page_of(req));
      TRY(metadata, with_metadata(req));
      TRY(found, ns.store->license_bindings(who, licensee, license, page));
      send(res, wire::to_json(found, metadata));
    };
  };
  describe("describe-license-client-bindings", license_bindings(false));
  describe("describe-license-key-client-bindings", license_bindings(true));
  describe("find-license-client-binding",
           [](const Context&, Namespace& ns, const Request& req, Response& res) {
             const char* kName = "clientBindingId";
             if (!req.has_param(kName))
               return write_error(res, Error::Invalid(kName, msg::query_required()));
             const std::string v = req.get_param_value(kName);
             std::int64_t id = 0;
             auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
             if (v.empty() || ec != std::errc() || end != v.data() + v.size())
               return write_error(res, Error::Invalid(kName, msg::not_a_count(v)));
             TRY(licensee, query_id(req, f::kLicenseeId));
             TRY(metadata, with_metadata(req));
             TRY(found, ns.store->find_binding(id, licensee));
             send(res, wire::to_json(found, metadata));
           });

  // The public keys of license tokens, without auth.
  router.add(
      "GET", "/licensing-signing-keys/.well-known/jwks.json",
      [ctx](Exchange& ex, const RouteParams&) {
        if (no_signer(*ctx, ex.res)) return;
        wire::Json jwk = ctx->options.signer->key.public_jwk();
        jwk["kid"] = ctx->options.signer->kid;
        jwk["use"] = "sig";
        jwk["alg"] = "RS256";
        send(ex.res, wire::Json{{"keys", wire::Json::array({jwk})}}.dump());
      },
      false, "", Access::kOpen);
}

}  // namespace scale::http
