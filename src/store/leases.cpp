// Checkout, heartbeat and release (contract sections 11.2 and 11.3), and the admin calls on
// leases (11.5). Each public call is one write under the lock; see store.hpp.

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <limits>
#include <mutex>

#include "domain/checkout_rules.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;

// What every item of one request shares.
struct Store::Asking {
  rules::Caller caller;
  UseMode mode = UseMode::kEnforced;
  ClientClaims claims;
  LeasePolicy policy;
  Timestamp now = 0;
};

namespace {

constexpr Timestamp kMillisPerSecond = 1000;

Timestamp seconds_after(Timestamp now, std::int64_t seconds) {
  if (seconds <= 0) return now;
  if (seconds > (std::numeric_limits<Timestamp>::max() - now) / kMillisPerSecond)
    return std::numeric_limits<Timestamp>::max();
  return now + seconds * kMillisPerSecond;
}

// The lease `text` names, when it is a live lease of the asker in this mode; otherwise the
// refusal's description.
struct Found {
  const Lease* lease = nullptr;
  std::string why;
};
Found own_lease(const Tables& t, const rules::Caller& caller, UseMode mode, const std::string& text,
                Timestamp now) {
  auto id = Uuid::parse(text);
  const Lease* lease = id ? rules::find_lease(t, *id) : nullptr;
  if (!lease || !is_live_at(*lease, now) || lease->consumer_id != caller.consumer->id)
    return {nullptr, msg::lease_not_found(text)};
  const License* l = rules::find_license(t, lease->license_id);
  if (l->qty_enforcement_type != enforcement_of(mode))
    return {nullptr, msg::lease_of_other_mode(text, to_string(l->qty_enforcement_type))};
  return {lease, {}};
}

LeaseRefusal lease_not_found(std::string why) {
  LeaseRefusal r;
  r.code = RefusalCode::kLeaseNotFound;
  r.description = std::move(why);
  return r;
}

// A refusal of a heartbeat on a known lease: the product fields are the lease's.
LeaseRefusal refused_lease(RefusalCode code, std::string why, const Lease& lease,
                           const License& l) {
  return {code, std::move(why), l.product_name, lease.qty_dimension, lease.qty_pre_alloc};
}

std::string text_or_null(const OptText& v) {
  return v ? msg::quoted(*v) : std::string("null");
}

}  // namespace

// ---------------------------------------------------------------------------- checkout

LeaseOutcome Store::checkout_one(const Asking& a, const CheckoutItem& item) {
  auto refused = [&item](RefusalCode code, std::string why) {
    return LeaseOutcome{
        LeaseRefusal{code, std::move(why), item.product_name, item.qty_dimension, item.qty}};
  };
  const std::string mode(to_string(enforcement_of(a.mode)));
  const std::string dimension(to_string(item.qty_dimension));
  const std::string consumer = a.caller.consumer->id.str();

  std::vector<const License*> offered;
  for (const License* l : rules::usable_licenses(t_, a.caller, std::nullopt))
    if (offers(*l, item, a.mode) && (!item.license_id || l->id == *item.license_id))
      offered.push_back(l);
  if (offered.empty())
    return refused(RefusalCode::kLicenseNotFound,
                   item.license_id
                       ? msg::license_id_not_for(item.license_id->str(), mode, dimension,
                                                 item.product_name, consumer)
                       : msg::no_license_for(mode, dimension, item.product_name, consumer));
  std::vector<const License*> valid;
  for (const License* l : offered)
    if (is_valid_at(*l, a.now)) valid.push_back(l);
  if (valid.empty())
    return refused(RefusalCode::kLicenseNotValid, msg::licenses_not_valid(item.product_name));
  std::vector<const License*> admitted;
  for (const License* l : valid)
    if (admits_version(*l, item.client_version)) admitted.push_back(l);
  if (admitted.empty())
    return refused(RefusalCode::kVersionNotAllowed,
                   item.client_version
                       ? msg::version_not_allowed(item.product_name, *item.client_version)
                       : msg::version_required(item.product_name));

  const std::int64_t wanted = pre_allocation(item.qty_dimension, item.qty);
  for (const License* l : admitted) {
    const LicenseUsage use = rules::usage_of(t_, *l, a.now);
    if (!fits(*l, use.consumed, use.held, wanted)) continue;
    Lease lease;
    lease.id = new_id(t_);
    while (rules::find_binding(t_, t_.next_binding_id)) ++t_.next_binding_id;
    lease.binding_id = t_.next_binding_id++;
    lease.license_id = l->id;
    lease.consumer_id = a.caller.consumer->id;
    lease.qty_dimension = l->qty_dimension;
    lease.qty_pre_alloc = wanted;
    lease.verified_qty = l->qty_dimension == QtyDimension::kSeats ? 1 : 0;
    lease.claims = a.claims;
    lease.created = lease.valid_from = a.now;
    lease.valid_until = lease_end(*l, a.now, a.policy.lease_seconds);
    lease.heartbeat_not_before = seconds_after(a.now, a.policy.heartbeat_not_before_seconds);
    t_.leases.insert(lease);
    return LeaseOutcome{LeaseGrant{lease, *l, std::nullopt}};
  }
  return refused(RefusalCode::kInsufficientQuantity,
                 msg::insufficient_quantity(item.product_name, std::to_string(wanted)));
}

Result<std::vector<LeaseOutcome>> Store::checkout(const Asker& who, UseMode mode,
                                                  const std::vector<CheckoutItem>& items,
                                                  const ClientClaims& claims,
                                                  const LeasePolicy& policy) {
  if (auto s = validate_checkout_items(items); !s) return s.error();
  std::unique_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  const Asking a{*caller, mode, claims, policy, clock_->now()};
  rules::settle(t_, a.now);
  std::vector<LeaseOutcome> out;
  out.reserve(items.size());
  for (const CheckoutItem& item : items) out.push_back(checkout_one(a, item));
  return out;
}

// ---------------------------------------------------------------------------- heartbeat

LeaseOutcome Store::heartbeat_one(const Asking& a, const HeartbeatItem& item) {
  Found found = own_lease(t_, a.caller, a.mode, item.lease_id, a.now);
  if (!found.lease) return LeaseOutcome{lease_not_found(std::move(found.why))};
  const Lease lease = *found.lease;
  const License& l = *rules::find_license(t_, lease.license_id);
  if (a.claims.hw_id != lease.claims.hw_id)
    return LeaseOutcome{refused_lease(
        RefusalCode::kClientMismatch,
        msg::client_mismatch(text_or_null(a.claims.hw_id), text_or_null(lease.claims.hw_id)), lease,
        l)};
  const std::int64_t used = reported_use(lease, item);
  if (used > lease.qty_pre_alloc)
    return LeaseOutcome{refused_lease(
        RefusalCode::kInsufficientQuantity,
        msg::used_over_pre_alloc(std::to_string(used), std::to_string(lease.qty_pre_alloc)), lease,
        l)};

  Lease next = lease;
  next.id = new_id(t_);
  next.verified_qty = used;
  next.valid_from = a.now;
  next.last_heartbeat = a.now;
  next.valid_until = lease_end(l, a.now, a.policy.lease_seconds);
  next.heartbeat_not_before = seconds_after(a.now, a.policy.heartbeat_not_before_seconds);
  auto& ids = t_.leases.get<by_id>();
  ids.replace(ids.find(lease.id), next);
  // The lease's old id is no record's any more.
  rules::forget_id(t_, lease.id);
  return LeaseOutcome{LeaseGrant{next, l, lease.id}};
}

Result<std::vector<LeaseOutcome>> Store::heartbeat(const Asker& who, UseMode mode,
                                                   const std::vector<HeartbeatItem>& items,
                                                   const ClientClaims& claims,
                                                   const LeasePolicy& policy) {
  if (auto s = validate_heartbeat_items(items); !s) return s.error();
  std::unique_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  const Asking a{*caller, mode, claims, policy, clock_->now()};
  rules::settle(t_, a.now);
  // A heartbeat too early refuses the whole request before any item changes anything. Items
  // only ever make new lease ids, so what this pass finds is what the items would find.
  for (std::size_t i = 0; i < items.size(); ++i) {
    Found found = own_lease(t_, a.caller, a.mode, items[i].lease_id, a.now);
    if (found.lease && a.now < found.lease->heartbeat_not_before)
      return Error::TooEarly(
          "/" + std::to_string(i) + "/" + field::kLeaseId,
          msg::heartbeat_too_early(found.lease->id.str(),
                                   format_timestamp(found.lease->heartbeat_not_before)));
  }
  std::vector<LeaseOutcome> out;
  out.reserve(items.size());
  for (const HeartbeatItem& item : items) out.push_back(heartbeat_one(a, item));
  return out;
}

// ---------------------------------------------------------------------------- release

ReleaseResult Store::release_one(const Asking& a, const ReleaseItem& item) {
  ReleaseResult r;
  r.released_lease_id = item.lease_id;
  Found found = own_lease(t_, a.caller, a.mode, item.lease_id, a.now);
  if (!found.lease) {
    r.error_code = RefusalCode::kLeaseNotFound;
    r.error_description = std::move(found.why);
    return r;
  }
  const Lease lease = *found.lease;
  const std::int64_t consumed = release_consumes(lease, item.final_used_qty);
  rules::end_lease(t_, lease.id, consumed);
  const License& l = *rules::find_license(t_, lease.license_id);
  r.released = true;
  r.released_license_id = l.id;
  r.license_consumer_id = lease.consumer_id;
  r.product_name = l.product_name;
  r.qty_dimension = lease.qty_dimension;
  r.final_used_qty = release_reports(lease, consumed);
  r.remaining_qty = rules::usage_of(t_, l, a.now).remaining;
  return r;
}

Result<std::vector<ReleaseResult>> Store::release(const Asker& who, UseMode mode,
                                                  const std::vector<ReleaseItem>& items) {
  if (auto s = validate_release_items(items); !s) return s.error();
  std::unique_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  const Asking a{*caller, mode, {}, {}, clock_->now()};
  rules::settle(t_, a.now);
  std::vector<ReleaseResult> out;
  out.reserve(items.size());
  for (const ReleaseItem& item : items) out.push_back(release_one(a, item));
  return out;
}

// ---------------------------------------------------------------------------- use and admin

std::vector<ClientBinding> Store::live_leases() const {
  std::shared_lock lock(mu_);
  const Timestamp now = clock_->now();
  const auto& idx = t_.leases.get<by_end>();
  std::vector<const Lease*> live;
  for (auto it = idx.upper_bound(boost::make_tuple(now)); it != idx.end(); ++it)
    live.push_back(&*it);
  std::sort(live.begin(), live.end(), [](const Lease* x, const Lease* y) {
    return x->created != y->created ? x->created < y->created : x->binding_id < y->binding_id;
  });
  std::vector<ClientBinding> out;
  out.reserve(live.size());
  for (const Lease* lease : live) out.push_back(rules::binding_of(t_, *lease, now));
  return out;
}

std::size_t Store::end_all_leases() {
  std::unique_lock lock(mu_);
  rules::settle(t_, clock_->now());
  const std::size_t n = t_.leases.size();
  while (!t_.leases.empty()) {
    const Lease& lease = *t_.leases.get<by_id>().begin();
    rules::end_lease(t_, lease.id, end_consumes(lease));
  }
  return n;
}

Result<LicenseUsage> Store::license_usage(const Uuid& licensee, const Uuid& license) const {
  std::shared_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee))
    return Error::NotFound("", msg::no_such("licensee", licensee.str()));
  const License* l = rules::find_license(t_, license);
  if (!l || l->licensee_id != licensee)
    return Error::NotFound("", msg::license_not_of_licensee(license.str(), licensee.str()));
  return rules::usage_of(t_, *l, clock_->now());
}

void Store::settle_leases() {
  std::unique_lock lock(mu_);
  rules::settle(t_, clock_->now());
}

}  // namespace scale::store
