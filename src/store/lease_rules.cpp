#include "store/lease_rules.hpp"

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <limits>
#include <utility>

#include "domain/checkout_rules.hpp"
#include "domain/fields.hpp"
#include "domain/license_validation.hpp"
#include "domain/messages.hpp"
#include "store/license_rules.hpp"
#include "store/rules.hpp"

namespace scale::store::rules {

namespace msg = domain::msg;
using domain::Error;
using domain::Timestamp;

namespace {

// a + b, saturating: a metered license without limit may consume without end.
std::int64_t add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::numeric_limits<std::int64_t>::max();
  return out;
}

bool created_order(const License* a, const License* b) {
  return a->created != b->created ? a->created < b->created : a->id < b->id;
}

}  // namespace

const Lease* find_lease(const Tables& t, const Uuid& id) {
  const auto& idx = t.leases.get<by_id>();
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &*it;
}

const Lease* find_binding(const Tables& t, std::int64_t binding_id) {
  const auto& idx = t.leases.get<by_binding>();
  auto it = idx.find(binding_id);
  return it == idx.end() ? nullptr : &*it;
}

bool lease_has_id(const Tables& t, const Uuid& id) {
  return !t.leases.empty() && find_lease(t, id) != nullptr;
}

// ---------------------------------------------------------------------------- who is asking

domain::Result<Caller> resolve_caller(const Tables& t, const domain::Asker& who) {
  const LicenseConsumer* consumer = nullptr;
  switch (who.kind) {
    case domain::Asker::Kind::kConsumer:
      consumer = find_consumer(t, who.consumer_id);
      if (!consumer)
        return Error::NotFound("", msg::no_such("license consumer", who.consumer_id.str()));
      break;
    case domain::Asker::Kind::kLicenseKey: {
      if (auto s = domain::validate_license_key(who.value); !s) return s.error();
      const KeyLink* key = find_key(t, who.value);
      if (!key) return Error::NotFound("", msg::no_license_key(who.value));
      consumer = find_consumer(t, key->consumer_id);
      break;
    }
    case domain::Asker::Kind::kIdentity: {
      const auto& idx = t.consumers.get<by_connected_identity>();
      auto it = idx.find(OptionalKey::Of(who.value));
      if (it == idx.end())
        return Error::NotFound("", msg::no_such_by("license consumer",
                                                   domain::field::kConnectedIdentityId, who.value));
      consumer = &*it;
      break;
    }
  }
  Caller out;
  out.consumer = consumer;
  out.is_key = consumer->type == domain::ConsumerType::kLicenseKey;
  if (out.is_key) {
    if (const KeyLink* key = key_of_consumer(t, consumer->id)) out.key_license = key->license_id;
  }
  return out;
}

bool may_use(const Tables& t, const Caller& caller, const License& l) {
  if (caller.is_key) return caller.key_license && *caller.key_license == l.id;
  if (l.license_key) return false;
  return has_access(t, l.container_id, *caller.consumer);
}

std::vector<const License*> usable_licenses(const Tables& t, const Caller& caller,
                                            const std::optional<Uuid>& licensee) {
  std::vector<const License*> out;
  if (caller.is_key) {
    const License* l = caller.key_license ? find_license(t, *caller.key_license) : nullptr;
    if (l && (!licensee || l->licensee_id == *licensee)) out.push_back(l);
    return out;
  }
  const auto& access = t.access.get<by_consumer>();
  auto range = licensee ? access.equal_range(boost::make_tuple(caller.consumer->id, *licensee))
                        : access.equal_range(boost::make_tuple(caller.consumer->id));
  for (auto a = range.first; a != range.second; ++a)
    for (const License* l : licenses_in(t, a->container_id))
      if (!l->license_key) out.push_back(l);
  std::sort(out.begin(), out.end(), created_order);
  return out;
}

// ---------------------------------------------------------------------------- use

domain::LicenseUsage usage_of(const Tables& t, const License& l, Timestamp now) {
  domain::LicenseUsage u;
  u.qty = l.qty;
  u.consumed = l.consumed_qty;
  std::int64_t live_use = 0;
  if (!t.leases.empty()) {
    auto range = t.leases.get<by_license>().equal_range(boost::make_tuple(l.id));
    for (auto it = range.first; it != range.second; ++it) {
      if (domain::is_live_at(*it, now)) {
        u.held = add(u.held, it->qty_pre_alloc);
        live_use = add(live_use, it->verified_qty);
        ++u.live_leases;
      } else {
        u.consumed = add(u.consumed, domain::end_consumes(*it));
      }
    }
  }
  u.reported = add(u.consumed, live_use);
  u.remaining = domain::remaining_qty(l, u.consumed, u.held);
  return u;
}

License settled(const Tables& t, const License& l, Timestamp now) {
  License out = l;
  out.consumed_qty = usage_of(t, l, now).consumed;
  return out;
}

domain::LicenseView view_at(const Tables& t, const License& l, Timestamp now) {
  return view_of(t, settled(t, l, now));
}

std::size_t live_leases(const Tables& t, Timestamp now) {
  const auto& idx = t.leases.get<by_end>();
  return idx.size() - idx.rank(idx.upper_bound(boost::make_tuple(now)));
}

domain::ClientBinding binding_of(const Tables& t, const Lease& lease, Timestamp now) {
  return {lease, view_at(t, *find_license(t, lease.license_id), now),
          *find_consumer(t, lease.consumer_id)};
}

// ---------------------------------------------------------------------------- ending leases

void end_lease(Tables& t, Uuid lease, std::int64_t consumed) {
  auto& ids = t.leases.get<by_id>();
  auto it = ids.find(lease);
  if (it == ids.end()) return;
  const Uuid license = it->license_id;
  ids.erase(it);
  forget_id(t, lease);
  if (consumed <= 0) return;
  auto& licenses = t.licenses.get<by_id>();
  auto l = licenses.find(license);
  if (l == licenses.end()) return;
  License next = *l;
  next.consumed_qty = add(next.consumed_qty, consumed);
  licenses.replace(l, next);
}

void settle(Tables& t, Timestamp now) {
  auto& idx = t.leases.get<by_end>();
  while (!idx.empty() && idx.begin()->valid_until <= now)
    end_lease(t, idx.begin()->id, domain::end_consumes(*idx.begin()));
}

void end_leases_of_consumer(Tables& t, Uuid consumer) {
  if (t.leases.empty()) return;
  auto range = t.leases.get<by_consumer>().equal_range(boost::make_tuple(consumer));
  std::vector<std::pair<Uuid, std::int64_t>> doomed;
  for (auto it = range.first; it != range.second; ++it)
    doomed.emplace_back(it->id, domain::end_consumes(*it));
  for (const auto& [id, consumed] : doomed) end_lease(t, id, consumed);
}

void erase_leases_of_license(Tables& t, Uuid license) {
  if (t.leases.empty()) return;
  auto& idx = t.leases.get<by_license>();
  auto range = idx.equal_range(boost::make_tuple(license));
  for (auto it = range.first; it != range.second; ++it) forget_id(t, it->id);
  idx.erase(range.first, range.second);
}

void cut_leases(Tables& t, Uuid license, Timestamp end) {
  if (t.leases.empty()) return;
  auto range = t.leases.get<by_license>().equal_range(boost::make_tuple(license));
  std::vector<Uuid> late;
  for (auto it = range.first; it != range.second; ++it)
    if (it->valid_until > end) late.push_back(it->id);
  auto& ids = t.leases.get<by_id>();
  for (const Uuid& id : late) {
    auto it = ids.find(id);
    Lease next = *it;
    next.valid_until = end;
    ids.replace(it, next);
  }
}

void follow_validity(Tables& t, const License& l, Timestamp now) {
  // Copies: `l` may be a record that settle() replaces.
  const Uuid id = l.id;
  const Timestamp from = l.valid_from;
  const std::optional<Timestamp> until = l.valid_until;
  if (from > now)
    cut_leases(t, id, now);
  else if (until)
    cut_leases(t, id, *until);
  settle(t, now);
}

}  // namespace scale::store::rules
