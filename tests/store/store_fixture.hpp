#pragma once
// What the store tests share: a Store on a ManualClock and a SeededIdGenerator, short ways to
// make the inputs the store takes, `must` for calls that are expected to succeed, and checks of
// the invariants every state must keep. Header-only.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "domain/clock.hpp"
#include "domain/entities.hpp"
#include "domain/error.hpp"
#include "domain/fields.hpp"
#include "domain/id_generator.hpp"
#include "domain/messages.hpp"
#include "domain/state_document.hpp"
#include "domain/time.hpp"
#include "domain/uuid.hpp"
#include "domain/validation.hpp"
#include "store/store.hpp"

namespace scale::testing {

namespace d = scale::domain;
namespace msg = scale::domain::msg;
namespace fld = scale::domain::field;

using d::ConsumerType;
using d::ContainerRef;
using d::ErrorKind;
using d::LicenseConsumer;
using d::LicenseContainer;
using d::Licensee;
using d::LicenseeType;
using d::Timestamp;
using d::Uuid;

// 2026-01-01T00:00:00.000Z
inline constexpr Timestamp kStart = 1767225600000;

// A fresh store whose clock stands still at kStart until a test moves it.
struct StoreFixture {
  explicit StoreFixture(std::uint64_t seed = 42)
      : clock(std::make_shared<d::ManualClock>(kStart)),
        ids(std::make_shared<d::SeededIdGenerator>(seed)),
        store(clock, ids) {}

  std::shared_ptr<d::ManualClock> clock;
  std::shared_ptr<d::SeededIdGenerator> ids;
  store::Store store;
};

// ------------------------------------------------------------------ results

// The value of a call that must succeed; fails the test with the error's description otherwise.
template <class T>
T must(d::Result<T> r) {
  if (!r.ok()) FAIL("unexpected error: " << r.error().description());
  return std::move(r).value();
}

// The error of a call that must fail; fails the test when it succeeded.
template <class T>
d::Error must_fail(const d::Result<T>& r) {
  if (r.ok()) FAIL("expected an error, but the call succeeded");
  return r.error();
}

// ------------------------------------------------------------------ inputs

inline d::LicenseeSetup named(std::string name) {
  d::LicenseeSetup s;
  s.fields.name = std::move(name);
  return s;
}

inline d::LicenseeSetup with_email(std::string name, std::string email) {
  d::LicenseeSetup s = named(std::move(name));
  s.fields.email = std::move(email);
  return s;
}

inline d::ConsumerCreate consumer_input(ConsumerType type, std::string name,
                                        d::OptText email = std::nullopt) {
  d::ConsumerCreate c;
  c.type = type;
  c.fields.name = std::move(name);
  c.fields.email = std::move(email);
  return c;
}

// An update that keeps every editable field of `l` as it is.
inline d::LicenseeUpdate same_as(const Licensee& l) {
  d::LicenseeUpdate u;
  u.fields = {l.name, l.display_name, l.natural_id, l.email, l.description, l.external_reference};
  return u;
}

inline d::ConsumerUpdate same_as(const LicenseConsumer& c) {
  d::ConsumerUpdate u;
  u.fields = {c.name,        c.display_name,          c.display_label,
              c.email,       c.connected_identity_id, c.contact_info,
              c.description, c.external_reference,    c.natural_id};
  return u;
}

inline d::ContainerCreate container_named(std::string name, bool as_default = false) {
  d::ContainerCreate c;
  c.name = std::move(name);
  c.used_as_default = as_default;
  return c;
}

inline d::ContainerUpdate make_default(bool value = true) {
  d::ContainerUpdate u;
  u.used_as_default = value;
  return u;
}

inline Uuid uuid(std::string_view text) {
  auto id = Uuid::parse(text);
  REQUIRE(id.has_value());
  return *id;
}

// An id that no record in any test has (the seeded generator makes only v4 ids).
inline Uuid unknown_id() {
  return uuid("00000000-0000-1000-0000-000000000001");
}

// Every page at once.
inline d::Page all() {
  return {0, 1000};
}

// ------------------------------------------------------------------ reading back

inline std::vector<Uuid> ids_of(const std::vector<LicenseConsumer>& v) {
  std::vector<Uuid> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}
inline std::vector<Uuid> ids_of(const std::vector<LicenseContainer>& v) {
  std::vector<Uuid> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}
inline std::vector<Uuid> ids_of(const std::vector<Licensee>& v) {
  std::vector<Uuid> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}

inline std::vector<Uuid> associated(const store::Store& s, const Uuid& licensee) {
  return ids_of(must(s.list_associated(licensee, all())).items);
}

inline std::vector<Uuid> with_access(const store::Store& s, const Uuid& licensee,
                                     ContainerRef box) {
  return ids_of(must(s.list_with_access(licensee, box, all())).items);
}

inline std::vector<LicenseContainer> containers(const store::Store& s, const Uuid& licensee) {
  return must(s.list_containers(licensee, all())).items;
}

inline std::size_t default_count(const store::Store& s, const Uuid& licensee) {
  auto boxes = containers(s, licensee);
  return static_cast<std::size_t>(std::count_if(
      boxes.begin(), boxes.end(), [](const LicenseContainer& c) { return c.used_as_default; }));
}

inline bool counts_are(const d::Counts& c, std::size_t licensees, std::size_t boxes,
                       std::size_t consumers) {
  return c.licensees == licensees && c.containers == boxes && c.consumers == consumers;
}

// ------------------------------------------------------------------ state documents

// Every field of a state document, one per line, so that two documents are equal exactly when
// their descriptions are, and a difference shows as a readable diff.
inline std::string describe(const d::StateDocument& doc) {
  std::ostringstream out;
  auto opt = [](const d::OptText& v) { return v ? "'" + *v + "'" : std::string("null"); };
  auto opt_id = [](const std::optional<Uuid>& v) { return v ? v->str() : std::string("none"); };
  auto opt_ts = [](const std::optional<Timestamp>& v) {
    return v ? d::format_timestamp(*v) : std::string("none");
  };
  auto id_list = [](const std::vector<Uuid>& v) {
    std::string s = "[";
    for (const auto& id : v) s += id.str() + " ";
    return s + "]";
  };
  for (const auto& l : doc.licensees) {
    out << "licensee " << opt_id(l.id)
        << " type=" << (l.type ? std::string(d::to_string(*l.type)) : std::string("none"))
        << " name=" << opt(l.fields.name) << " displayName=" << opt(l.fields.display_name)
        << " naturalId=" << opt(l.fields.natural_id) << " email=" << opt(l.fields.email)
        << " description=" << opt(l.fields.description)
        << " externalReference=" << opt(l.fields.external_reference)
        << " created=" << opt_ts(l.created) << " modified=" << opt_ts(l.modified)
        << " consumers=" << id_list(l.consumer_ids) << "\n";
    for (const auto& c : l.containers) {
      out << "  container " << opt_id(c.id) << " name=" << opt(c.name)
          << " default=" << c.used_as_default << " created=" << opt_ts(c.created)
          << " modified=" << opt_ts(c.modified) << " consumers=" << id_list(c.consumer_ids) << "\n";
    }
  }
  auto opt_int = [](const d::OptInt& v) { return v ? std::to_string(*v) : std::string("null"); };
  auto names = [](const std::vector<std::string>& v) {
    std::string s = "[";
    for (const auto& n : v) s += n + " ";
    return s + "]";
  };
  for (const auto& l : doc.licensees) {
    for (const auto& c : l.containers) {
      for (const auto& r : c.licenses) {
        out << "license " << opt_id(r.id) << " in " << opt_id(c.id)
            << " config=" << opt_id(r.product_config_id) << " productName=" << opt(r.product_name)
            << " displayName=" << opt(r.display_name) << " qty=" << opt_int(r.qty) << " dimension="
            << (r.qty_dimension ? std::string(d::to_string(*r.qty_dimension)) : "none")
            << " enforcement="
            << (r.qty_enforcement_type ? std::string(d::to_string(*r.qty_enforcement_type))
                                       : "none")
            << " validFrom=" << opt_ts(r.valid_from) << " validUntil=" << opt_ts(r.valid_until)
            << " lower=" << opt(r.allowed_version_lower_bound)
            << " upper=" << opt(r.allowed_version_upper_bound)
            << " versions=" << opt(r.allowed_versions_display_name)
            << " apps=" << opt_int(r.concurrent_user_app_instances_per_seat)
            << " devices=" << opt_int(r.concurrent_user_devices_per_seat)
            << " contract=" << opt(r.references.contract_reference)
            << " order=" << opt(r.references.order_reference)
            << " productRef=" << opt(r.references.product_reference)
            << " subscription=" << opt(r.references.subscription_reference)
            << " consumed=" << opt_int(r.consumed_qty) << " created=" << opt_ts(r.created)
            << " modified=" << opt_ts(r.modified) << "\n";
        if (r.features) {
          for (const auto& f : *r.features)
            out << "  feature " << opt_id(f.id) << " " << opt(f.feature)
                << " created=" << opt_ts(f.created) << " modified=" << opt_ts(f.modified) << "\n";
        } else {
          out << "  features absent\n";
        }
        if (r.license_key) {
          const auto& k = *r.license_key;
          out << "  key " << opt_id(k.id) << " " << opt(k.key)
              << " activations=" << opt_int(k.allowed_activations)
              << " created=" << opt_ts(k.created) << " modified=" << opt_ts(k.modified) << "\n";
        }
      }
    }
  }
  for (const auto& m : doc.license_models) {
    out << "model " << opt_id(m.id) << " name=" << opt(m.name)
        << " apps=" << opt_int(m.concurrent_user_app_instances_per_seat)
        << " devices=" << opt_int(m.concurrent_user_devices_per_seat)
        << " assignments=" << opt_int(m.max_assignments_per_user)
        << " created=" << opt_ts(m.created) << " modified=" << opt_ts(m.modified) << "\n";
  }
  for (const auto& p : doc.products) {
    out << "product " << opt_id(p.id) << " name=" << opt(p.name)
        << " displayName=" << opt(p.display_name)
        << " externalReference=" << opt(p.external_reference) << " created=" << opt_ts(p.created)
        << " modified=" << opt_ts(p.modified) << "\n";
    for (const auto& c : p.configurations) {
      out << "  configuration " << opt_id(c.id) << " name=" << opt(c.name)
          << " displayName=" << opt(c.display_name) << " features=" << names(c.features)
          << " model=" << opt_id(c.license_model_id) << " dimension="
          << (c.qty_dimension ? std::string(d::to_string(*c.qty_dimension)) : "none")
          << " enforcement="
          << (c.qty_enforcement_type ? std::string(d::to_string(*c.qty_enforcement_type)) : "none")
          << " qty=" << opt_int(c.qty) << " validityDays=" << opt_int(c.validity_days)
          << " externalReference=" << opt(c.external_reference) << " created=" << opt_ts(c.created)
          << " modified=" << opt_ts(c.modified) << "\n";
    }
  }
  for (const auto& c : doc.consumers) {
    const auto& f = c.fields;
    out << "consumer " << opt_id(c.id)
        << " type=" << (c.type ? std::string(d::to_string(*c.type)) : std::string("none"))
        << " name=" << opt(f.name) << " displayName=" << opt(f.display_name)
        << " displayLabel=" << opt(f.display_label) << " email=" << opt(f.email)
        << " connectedIdentityId=" << opt(f.connected_identity_id)
        << " contactInfo=" << opt(f.contact_info) << " description=" << opt(f.description)
        << " externalReference=" << opt(f.external_reference) << " naturalId=" << opt(f.natural_id)
        << " created=" << opt_ts(c.created) << " modified=" << opt_ts(c.modified) << "\n";
  }
  return out.str();
}

inline std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The rules every state keeps, checked on a dump: ids unique across all records; unique values
// unique within their table (emails case-insensitively); exactly one default container per
// licensee; every related consumer exists and is not a LICENSE_KEY consumer; access implies
// association. Returns the broken rules, one per line; empty when all hold.
inline std::string invariant_violations(const d::StateDocument& doc) {
  std::ostringstream out;
  std::set<Uuid> ids;
  auto unique_id = [&](const std::optional<Uuid>& id, const std::string& what) {
    if (!id) {
      out << what << " has no id\n";
      return;
    }
    if (!ids.insert(*id).second) out << what << " repeats id " << id->str() << "\n";
  };
  std::map<Uuid, ConsumerType> consumers;
  std::set<std::string> c_emails, c_natural, c_external, c_identity;
  for (const auto& c : doc.consumers) {
    unique_id(c.id, "consumer");
    if (c.id && c.type) consumers[*c.id] = *c.type;
    const auto& f = c.fields;
    if (f.email && !c_emails.insert(lower_ascii(*f.email)).second)
      out << "consumer email repeated: " << *f.email << "\n";
    if (!f.natural_id || !c_natural.insert(*f.natural_id).second)
      out << "consumer naturalId missing or repeated\n";
    if (f.external_reference && !c_external.insert(*f.external_reference).second)
      out << "consumer externalReference repeated\n";
    if (f.connected_identity_id && !c_identity.insert(*f.connected_identity_id).second)
      out << "consumer connectedIdentityId repeated\n";
  }
  std::set<std::string> l_emails, l_natural, l_external;
  for (const auto& l : doc.licensees) {
    unique_id(l.id, "licensee");
    const auto& f = l.fields;
    if (f.email && !l_emails.insert(lower_ascii(*f.email)).second)
      out << "licensee email repeated: " << *f.email << "\n";
    if (!f.natural_id || !l_natural.insert(*f.natural_id).second)
      out << "licensee naturalId missing or repeated\n";
    if (f.external_reference && !l_external.insert(*f.external_reference).second)
      out << "licensee externalReference repeated\n";
    std::size_t defaults = 0;
    std::set<Uuid> assoc(l.consumer_ids.begin(), l.consumer_ids.end());
    if (assoc.size() != l.consumer_ids.size()) out << "licensee lists a consumer twice\n";
    auto relatable = [&](const Uuid& id) {
      auto it = consumers.find(id);
      if (it == consumers.end())
        out << "relation names missing consumer " << id.str() << "\n";
      else if (it->second == ConsumerType::kLicenseKey)
        out << "relation names LICENSE_KEY consumer " << id.str() << "\n";
    };
    for (const auto& id : l.consumer_ids) relatable(id);
    for (const auto& c : l.containers) {
      unique_id(c.id, "container");
      if (c.used_as_default) ++defaults;
      std::set<Uuid> granted(c.consumer_ids.begin(), c.consumer_ids.end());
      if (granted.size() != c.consumer_ids.size()) out << "container lists a consumer twice\n";
      for (const auto& id : c.consumer_ids) {
        relatable(id);
        if (!assoc.count(id)) out << "access without association for " << id.str() << "\n";
      }
    }
    if (defaults != 1)
      out << "licensee " << (l.id ? l.id->str() : "?") << " has " << defaults
          << " default containers\n";
  }
  return out.str();
}

}  // namespace scale::testing
