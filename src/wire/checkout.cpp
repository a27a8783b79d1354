#include "wire/checkout.hpp"

#include "domain/messages.hpp"
#include "domain/time.hpp"
#include "wire/consumer.hpp"
#include "wire/license.hpp"
#include "wire/tree_reader.hpp"

namespace scale::wire {

using domain::Error;
namespace f = domain::field;

namespace {

// The items as read: every field optional, so that a missing required one can be named.
struct CheckoutItemIn {
  domain::OptText product_name;
  std::optional<domain::QtyDimension> qty_dimension;
  domain::OptInt qty;
  domain::OptText client_version;
  std::optional<domain::Uuid> license_id;
};
struct HeartbeatItemIn {
  domain::OptText lease_id;
  domain::OptInt used_qty;
  std::optional<bool> treat_as_incremental_qty;
};
struct ReleaseItemIn {
  domain::OptText lease_id;
  domain::OptInt final_used_qty;
};

struct CheckoutItemWire {
  template <class V>
  static void fields(V&& v) {
    v(field<kind::Text>(f::kProductName, SCALE_WIRE_SLOT(product_name)));
    v(field<kind::Enum>(f::kQtyDimension, SCALE_WIRE_SLOT(qty_dimension)));
    v(field<kind::Int>(f::kQty, SCALE_WIRE_SLOT(qty)));
    v(field<kind::Text>(f::kClientVersion, SCALE_WIRE_SLOT(client_version)));
    v(field<kind::Id>(f::kLicenseId, SCALE_WIRE_SLOT(license_id)));
  }
};
struct HeartbeatItemWire {
  template <class V>
  static void fields(V&& v) {
    v(field<kind::Text>(f::kLeaseId, SCALE_WIRE_SLOT(lease_id)));
    v(field<kind::Int>(f::kUsedQty, SCALE_WIRE_SLOT(used_qty)));
    v(field<kind::Bool>(f::kTreatAsIncrementalQty, SCALE_WIRE_SLOT(treat_as_incremental_qty)));
  }
};
struct ReleaseItemWire {
  template <class V>
  static void fields(V&& v) {
    v(field<kind::Text>(f::kLeaseId, SCALE_WIRE_SLOT(lease_id)));
    v(field<kind::Int>(f::kFinalUsedQty, SCALE_WIRE_SLOT(final_used_qty)));
  }
};

std::optional<Error> convert(CheckoutItemIn in, const Path& at, domain::CheckoutItem& out) {
  if (!in.product_name)
    return Error::Invalid(at.field(f::kProductName).str(), domain::msg::required());
  out.product_name = std::move(*in.product_name);
  if (in.qty_dimension) out.qty_dimension = *in.qty_dimension;
  if (in.qty) out.qty = *in.qty;
  out.client_version = std::move(in.client_version);
  out.license_id = in.license_id;
  return std::nullopt;
}
std::optional<Error> convert(HeartbeatItemIn in, const Path& at, domain::HeartbeatItem& out) {
  if (!in.lease_id) return Error::Invalid(at.field(f::kLeaseId).str(), domain::msg::required());
  out.lease_id = std::move(*in.lease_id);
  if (in.used_qty) out.used_qty = *in.used_qty;
  if (in.treat_as_incremental_qty) out.treat_as_incremental_qty = *in.treat_as_incremental_qty;
  return std::nullopt;
}
std::optional<Error> convert(ReleaseItemIn in, const Path& at, domain::ReleaseItem& out) {
  if (!in.lease_id) return Error::Invalid(at.field(f::kLeaseId).str(), domain::msg::required());
  out.lease_id = std::move(*in.lease_id);
  out.final_used_qty = in.final_used_qty;
  return std::nullopt;
}

template <class W, class In, class Out>
Body<std::vector<Out>> read_items(std::string_view text) {
  const Json j = parse_json(text);
  if (j.is_discarded()) return Error::Invalid("", "the request body is not valid JSON");
  if (!j.is_array()) return Error::Invalid("", "the request body must be a JSON array of items");
  const Path root = Path::Root(true);
  std::vector<Out> items;
  items.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Path at = root.item(i);
    if (!j[i].is_object()) return Result<std::vector<Out>>(Error::Invalid(at.str(), kNotObject));
    In in;
    if (auto e = read_tree<W>(j[i], at, in)) return Result<std::vector<Out>>(std::move(*e));
    Out out;
    if (auto e = convert(std::move(in), at, out)) return Result<std::vector<Out>>(std::move(*e));
    items.push_back(std::move(out));
  }
  return Result<std::vector<Out>>(std::move(items));
}

Json opt(const domain::OptText& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json opt(const domain::OptInt& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json opt_time(const std::optional<domain::Timestamp>& t) {
  return t ? Json(domain::format_timestamp(*t)) : Json(nullptr);
}
Json opt_id(const std::optional<domain::Uuid>& id) {
  return id ? Json(id->str()) : Json(nullptr);
}

void put_times(Json& c, const TokenTimes& t, const std::string& jti) {
  c["iss"] = kLicenseTokenIssuer;
  c["iat"] = t.iat;
  c["nbf"] = t.iat;
  c["exp"] = t.exp;
  c["jti"] = jti;
}

std::string feature_names(const domain::License& l) {
  std::string out;
  for (const auto& feature : l.features) {
    if (!out.empty()) out += ',';
    out += feature.feature;
  }
  return out;
}

}  // namespace

domain::OptText& claim_at(domain::ClientClaims& c, std::size_t i) {
  domain::OptText* slots[] = {&c.country, &c.host_name,  &c.hw_arch,
                              &c.hw_id,   &c.hw_label,   &c.installation_id,
                              &c.lang,    &c.process_id, &c.version};
  return *slots[i];
}

Body<std::vector<domain::CheckoutItem>> read_checkout_items(std::string_view body) {
  return read_items<CheckoutItemWire, CheckoutItemIn, domain::CheckoutItem>(body);
}
Body<std::vector<domain::HeartbeatItem>> read_heartbeat_items(std::string_view body) {
  return read_items<HeartbeatItemWire, HeartbeatItemIn, domain::HeartbeatItem>(body);
}
Body<std::vector<domain::ReleaseItem>> read_release_items(std::string_view body) {
  return read_items<ReleaseItemWire, ReleaseItemIn, domain::ReleaseItem>(body);
}

Json license_token_claims(const domain::LeaseOutcome& outcome, const TokenTimes& times,
                          const std::string& jti) {
  Json c = Json::object();
  put_times(c, times, jti);
  if (outcome.granted()) {
    const auto& g = outcome.grant();
    c["leaseId"] = g.lease.id.str();
    if (g.old_lease_id) c["oldLeaseId"] = g.old_lease_id->str();
    c["productName"] = g.license.product_name;
    c["features"] = feature_names(g.license);
    c["qty"] = g.lease.qty_pre_alloc;
    c["qtyDimension"] = std::string(domain::to_string(g.lease.qty_dimension));
    c["hbnbf"] = times.hbnbf;
    c["licenseId"] = g.license.id.str();
    c["licenseConsumerId"] = g.lease.consumer_id.str();
    c["status"] = "SUCCESS";
  } else {
    const auto& r = outcome.refusal();
    if (r.product_name) c["productName"] = *r.product_name;
    if (r.qty_dimension) c["qtyDimension"] = std::string(domain::to_string(*r.qty_dimension));
    if (r.qty) c["qty"] = *r.qty;
    c["status"] = "FAILED";
    c["errorCode"] = std::string(domain::to_string(r.code));
    c["errorDescription"] = r.description;
  }
  return c;
}

Json feature_flags_claims(const std::vector<domain::FeatureFlag>& flags,
                          const std::optional<domain::Uuid>& licensee,
                          const std::optional<domain::Uuid>& consumer, const TokenTimes& times,
                          const std::string& jti) {
  Json c = Json::object();
  put_times(c, times, jti);
  c["licenseeId"] = opt_id(licensee);
  c["licenseConsumerId"] = opt_id(consumer);
  Json map = Json::object();
  for (const auto& flag : flags) map[flag.product_name] = flag.features;
  c["featureFlags"] = std::move(map);
  return c;
}

std::string to_json(const std::vector<std::string>& tokens) {
  return Json(tokens).dump();
}

std::string to_json(const std::vector<domain::ReleaseResult>& results) {
  Json out = Json::array();
  for (const auto& r : results) {
    out.push_back(Json{
        {"released", r.released},
        {"releasedLeaseId", r.released_lease_id},
        {"releasedLicenseId", opt_id(r.released_license_id)},
        {"licenseConsumerId", opt_id(r.license_consumer_id)},
        {"productName", opt(r.product_name)},
        {"qtyDimension",
         r.qty_dimension ? Json(std::string(domain::to_string(*r.qty_dimension))) : Json(nullptr)},
        {"finalUsedQty", opt(r.final_used_qty)},
        {"remainingQty", opt(r.remaining_qty)},
        {"errorCode",
         r.error_code ? Json(std::string(domain::to_string(*r.error_code))) : Json(nullptr)},
        {"errorDescription", opt(r.error_description)},
    });
  }
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string to_json(const std::vector<domain::FeatureFlag>& flags) {
  Json list = Json::array();
  for (const auto& flag : flags)
    list.push_back(Json{{"productName", flag.product_name}, {"features", flag.features}});
  return Json{{"featureFlags", std::move(list)}}.dump(-1, ' ', false,
                                                      Json::error_handler_t::replace);
}

Json encode(const domain::ClientBinding& b, bool with_metadata) {
  const auto& l = b.lease;
  Json j = Json::object();
  j["id"] = l.binding_id;
  j["leaseId"] = l.id.str();
  domain::ClientClaims claims = l.claims;
  for (std::size_t i = 0; i < std::size(kClientClaimNames); ++i)
    j[kClientClaimNames[i]] = opt(claim_at(claims, i));
  j["locked"] = false;
  j["lastHeartbeat"] = opt_time(l.last_heartbeat);
  j["consumeDurationGrantedAt"] = domain::format_timestamp(l.created);
  j["qtyPreAlloc"] = l.qty_pre_alloc;
  j["verifiedQty"] = l.verified_qty;
  j["triggeredSeatUse"] = l.qty_dimension == domain::QtyDimension::kSeats;
  j["validFrom"] = domain::format_timestamp(l.valid_from);
  j["validUntil"] = domain::format_timestamp(l.valid_until);
  j["created"] = domain::format_timestamp(l.created);
  j["modified"] = domain::format_timestamp(l.valid_from);
  Json consumer = wire::encode(b.consumer);
  if (b.consumer.type != domain::ConsumerType::kPerson) consumer["type"] = "UNDEFINED";
  j["licenseConsumer"] = std::move(consumer);
  j["license"] = wire::encode(b.license, with_metadata);
  return j;
}

std::string to_json(const domain::ClientBindings& page, bool with_metadata) {
  Json list = Json::array();
  for (const auto& b : page.bindings) list.push_back(encode(b, with_metadata));
  return Json{{"allClientBindingsIncluded", page.all_included}, {"clientBindings", std::move(list)}}
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string leases_to_json(const std::vector<domain::ClientBinding>& leases) {
  Json list = Json::array();
  for (const auto& b : leases) {
    Json j = encode(b, false);
    j["licenseId"] = b.lease.license_id.str();
    j["licenseConsumerId"] = b.lease.consumer_id.str();
    list.push_back(std::move(j));
  }
  return Json{{"leases", std::move(list)}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace scale::wire
