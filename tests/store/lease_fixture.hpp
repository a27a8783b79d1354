#pragma once
// What the lease tests share (contract section 11): a store with the test catalogue, a licensee
// and consumers who may use its default container, short ways to make items and call the
// checkout API, and a check of the rules every state with leases keeps, written from the
// contract (not from the store's code). Header-only.

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/lease.hpp"
#include "license_fixture.hpp"

namespace scale::testing {

using d::Asker;
using d::CheckoutItem;
using d::ClientClaims;
using d::HeartbeatItem;
using d::LeaseOutcome;
using d::LeasePolicy;
using d::RefusalCode;
using d::ReleaseItem;
using d::ReleaseResult;
using d::UseMode;

inline constexpr Timestamp kSecond = 1000;
inline constexpr Timestamp kHour = 3600 * kSecond;
// 2026-01-01T13:30:00.000Z: licenses issued now start at kStart (the start of the UTC day).
inline constexpr Timestamp kNoon = kStart + 13 * kHour + 1800 * kSecond;

// ------------------------------------------------------------------ items

inline CheckoutItem seat(std::string product) {
  CheckoutItem i;
  i.product_name = std::move(product);
  return i;
}

inline CheckoutItem use(std::string product, std::int64_t qty,
                        QtyDimension dimension = QtyDimension::kUseCount) {
  CheckoutItem i;
  i.product_name = std::move(product);
  i.qty_dimension = dimension;
  i.qty = qty;
  return i;
}

inline CheckoutItem with_version(CheckoutItem i, std::string version) {
  i.client_version = std::move(version);
  return i;
}

inline CheckoutItem of_license(CheckoutItem i, const Uuid& license) {
  i.license_id = license;
  return i;
}

inline HeartbeatItem beat(const Uuid& lease, std::int64_t used = 1, bool incremental = false) {
  HeartbeatItem i;
  i.lease_id = lease.str();
  i.used_qty = used;
  i.treat_as_incremental_qty = incremental;
  return i;
}

inline ReleaseItem release_of(const Uuid& lease, d::OptInt final_used = std::nullopt) {
  ReleaseItem i;
  i.lease_id = lease.str();
  i.final_used_qty = final_used;
  return i;
}

inline ClientClaims hardware(std::string hw_id) {
  ClientClaims c;
  c.hw_id = std::move(hw_id);
  return c;
}

inline LeasePolicy lasting(std::int64_t seconds, std::int64_t heartbeat_not_before = 0) {
  return {seconds, heartbeat_not_before};
}

// ------------------------------------------------------------------ a store to check out from

// The test catalogue; licensee acme with its default container; consumers ada (PERSON) and
// dev (DEVICE) with access to it, and eve (PERSON) without any. The clock stands at kNoon.
struct Checkout {
  Checkout() {
    must(fx.store.merge(catalogue_document()));
    fx.clock->set(kNoon);
    acme = must(fx.store.setup_organization(named("Acme")));
    box = must(fx.store.get_container(acme.id, ContainerRef::Default()));
    ada = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Ada")));
    dev = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Press 4")));
    eve = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Eve")));
    must(fx.store.associate(acme.id, ada.id));
    must(fx.store.associate(acme.id, dev.id));
  }

  d::License issue(const d::LicenseIssue& in) {
    return must(fx.store.issue_license(acme.id, in)).license;
  }
  // A feature license of `product`: `qty` in `dimension`, `enforcement`, features alpha, beta.
  d::License issue(std::string product, std::int64_t qty,
                   QtyDimension dimension = QtyDimension::kSeats,
                   QtyEnforcementType enforcement = QtyEnforcementType::kEnforced) {
    d::LicenseIssue in = feature_license(std::move(product), qty);
    in.terms.qty_dimension = dimension;
    in.terms.qty_enforcement_type = enforcement;
    return issue(in);
  }
  d::License license(const Uuid& id) { return must(fx.store.get_license(acme.id, id)).license; }
  d::LicenseUsage usage(const Uuid& id) { return must(fx.store.license_usage(acme.id, id)); }

  std::vector<LeaseOutcome> checkout(const Asker& who, std::vector<CheckoutItem> items,
                                     const ClientClaims& claims = {},
                                     const LeasePolicy& policy = {},
                                     UseMode mode = UseMode::kEnforced) {
    return must(fx.store.checkout(who, mode, items, claims, policy));
  }
  // One item that must be granted: its lease.
  d::Lease take(const Asker& who, CheckoutItem item, const ClientClaims& claims = {},
                const LeasePolicy& policy = {}, UseMode mode = UseMode::kEnforced) {
    auto out = checkout(who, {std::move(item)}, claims, policy, mode);
    REQUIRE(out.size() == 1);
    if (!out[0].granted()) FAIL("refused: " << out[0].refusal().description);
    return out[0].grant().lease;
  }
  std::vector<LeaseOutcome> heartbeat(const Asker& who, std::vector<HeartbeatItem> items,
                                      const ClientClaims& claims = {},
                                      const LeasePolicy& policy = {},
                                      UseMode mode = UseMode::kEnforced) {
    return must(fx.store.heartbeat(who, mode, items, claims, policy));
  }
  std::vector<ReleaseResult> release(const Asker& who, std::vector<ReleaseItem> items,
                                     UseMode mode = UseMode::kEnforced) {
    return must(fx.store.release(who, mode, items));
  }

  StoreFixture fx;
  Licensee acme;
  LicenseContainer box;
  LicenseConsumer ada, dev, eve;
};

inline Asker as(const LicenseConsumer& c) {
  return Asker::Consumer(c.id);
}

// The refusal code of an outcome, or nullopt when it was granted.
inline std::optional<RefusalCode> code_of(const LeaseOutcome& o) {
  if (o.granted()) return std::nullopt;
  return o.refusal().code;
}

inline std::vector<std::optional<RefusalCode>> codes_of(const std::vector<LeaseOutcome>& v) {
  std::vector<std::optional<RefusalCode>> out;
  for (const auto& o : v) out.push_back(code_of(o));
  return out;
}

// ------------------------------------------------------------------ the rules of section 11

// Every lease field of a document, one line per lease, so that two documents' leases are equal
// exactly when their descriptions are.
inline std::string describe_leases(const d::StateDocument& doc) {
  std::ostringstream out;
  auto opt = [](const d::OptText& v) { return v ? "'" + *v + "'" : std::string("null"); };
  auto opt_ts = [](const std::optional<Timestamp>& v) {
    return v ? d::format_timestamp(*v) : std::string("none");
  };
  auto opt_int = [](const d::OptInt& v) { return v ? std::to_string(*v) : std::string("none"); };
  for (const auto& l : doc.licensees)
    for (const auto& c : l.containers)
      for (const auto& r : c.licenses)
        for (const auto& x : r.leases) {
          const auto& k = x.claims;
          out << "lease " << (x.id ? x.id->str() : "none") << " of "
              << (r.id ? r.id->str() : "none") << " binding=" << opt_int(x.client_binding_id)
              << " consumer=" << (x.license_consumer_id ? x.license_consumer_id->str() : "none")
              << " preAlloc=" << opt_int(x.qty_pre_alloc) << " verified=" << opt_int(x.verified_qty)
              << " created=" << opt_ts(x.created) << " validFrom=" << opt_ts(x.valid_from)
              << " lastHeartbeat=" << opt_ts(x.last_heartbeat)
              << " validUntil=" << opt_ts(x.valid_until)
              << " hbnbf=" << opt_ts(x.heartbeat_not_before) << " claims=" << opt(k.country) << ","
              << opt(k.host_name) << "," << opt(k.hw_arch) << "," << opt(k.hw_id) << ","
              << opt(k.hw_label) << "," << opt(k.installation_id) << "," << opt(k.lang) << ","
              << opt(k.process_id) << "," << opt(k.version) << "\n";
        }
  return out.str();
}

// The whole document, leases included.
inline std::string describe_all(const d::StateDocument& doc) {
  return describe(doc) + describe_leases(doc);
}

// The rules of contract section 11 that every state keeps, checked on one dump and through the
// reads: a license with a limit (qty not -1) never has more held by its live leases (one per
// SEATS lease, the pre-allocation otherwise) plus consumed than its qty; a SEATS lease holds
// one seat, and no lease reports more use than it holds; every lease ends after now and not
// after its license's validUntil; lease ids and binding ids are unique; a key license's leases
// are its key consumer's, any other's are PERSON or DEVICE consumers'; every live lease the
// admin list shows has a license that reads back and a consumer that exists; counts().leases,
// the admin list and the dump agree. Returns the broken rules, one per line; empty when all
// hold. dump_violations checks one dump (judging "ended" at `now` when given); lease_violations
// also the reads, with the clock standing still at `now`.
inline std::string dump_violations(const d::StateDocument& doc, std::optional<Timestamp> now,
                                   std::set<Uuid>* leases_seen = nullptr) {
  std::ostringstream out;
  std::map<Uuid, ConsumerType> consumers;
  std::map<std::string, Uuid> key_consumer;  // key -> its LICENSE_KEY consumer
  for (const auto& c : doc.consumers) {
    if (!c.id || !c.type) continue;
    consumers[*c.id] = *c.type;
    if (*c.type == ConsumerType::kLicenseKey) key_consumer[c.fields.name.value_or("")] = *c.id;
  }
  std::set<Uuid> lease_ids;
  std::set<std::int64_t> bindings;
  for (const auto& l : doc.licensees)
    for (const auto& c : l.containers)
      for (const auto& r : c.licenses) {
        const std::string name = r.id ? r.id->str() : "?";
        std::int64_t held = 0;
        for (const auto& x : r.leases) {
          const std::int64_t pre = x.qty_pre_alloc.value_or(-1);
          held += pre;
          if (r.qty_dimension == QtyDimension::kSeats && pre != 1)
            out << "a SEATS lease of " << name << " holds " << pre << "\n";
          if (pre < 1) out << "a lease of " << name << " holds " << pre << "\n";
          if (x.verified_qty.value_or(0) > pre || x.verified_qty.value_or(0) < 0)
            out << "a lease of " << name << " reports " << x.verified_qty.value_or(0) << "\n";
          if (!x.id || !lease_ids.insert(*x.id).second) out << "lease id missing or repeated\n";
          if (!x.client_binding_id || !bindings.insert(*x.client_binding_id).second)
            out << "binding id missing or repeated\n";
          if (!x.valid_until || (now && *x.valid_until <= *now))
            out << "a lease of " << name << " that has ended is in the dump\n";
          if (x.valid_until && r.valid_until && *x.valid_until > *r.valid_until)
            out << "a lease of " << name << " outlives its license\n";
          auto who =
              x.license_consumer_id ? consumers.find(*x.license_consumer_id) : consumers.end();
          if (who == consumers.end()) {
            out << "a lease of " << name << " has no consumer\n";
          } else if (r.license_key) {
            auto k = key_consumer.find(r.license_key->key.value_or(""));
            if (k == key_consumer.end() || k->second != who->first)
              out << "a lease of key license " << name << " is not its key consumer's\n";
          } else if (who->second == ConsumerType::kLicenseKey) {
            out << "a LICENSE_KEY consumer holds a lease of " << name << "\n";
          }
        }
        if (r.qty && *r.qty != -1 && held + r.consumed_qty.value_or(0) > *r.qty)
          out << "license " << name << " has " << held << " held and " << r.consumed_qty.value_or(0)
              << " consumed of " << *r.qty << "\n";
        if (r.consumed_qty.value_or(0) < 0) out << "license " << name << " consumed < 0\n";
      }
  if (leases_seen) *leases_seen = lease_ids;
  return out.str();
}

inline std::string lease_violations(const store::Store& s, Timestamp now) {
  std::set<Uuid> lease_ids;
  const d::StateDocument doc = s.dump();
  std::ostringstream out;
  out << dump_violations(doc, now, &lease_ids);
  const std::size_t total = lease_ids.size();
  auto live = s.live_leases();
  if (live.size() != total)
    out << "the admin list has " << live.size() << " leases, the dump " << total << "\n";
  if (s.counts().leases != total)
    out << "counts().leases is " << s.counts().leases << ", the dump has " << total << "\n";
  for (const auto& b : live) {
    if (!lease_ids.count(b.lease.id)) out << "lease " << b.lease.id.str() << " is not dumped\n";
    if (!s.get_license(b.license.license.licensee_id, b.lease.license_id).ok())
      out << "lease " << b.lease.id.str() << " has no license\n";
    if (!s.get_consumer(b.lease.consumer_id).ok())
      out << "lease " << b.lease.id.str() << " has no consumer\n";
  }
  return out.str();
}

}  // namespace scale::testing
