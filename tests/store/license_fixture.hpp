#pragma once
// What the license and catalogue tests share: a catalogue document with fixed ids, short ways to
// make issue inputs, and a check of the rules of contract section 10 that every state keeps,
// written from the contract (not from the store's code). Header-only.

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/license.hpp"
#include "domain/quantity.hpp"
#include "store_fixture.hpp"

namespace scale::testing {

using d::QtyDimension;
using d::QtyEnforcementType;

// One day, in milliseconds.
inline constexpr Timestamp kDay = 86400000;

// The catalogue of the tests, ids fixed so that documents and tests can name them:
//   models    /licenseModels/0 named-user (2 apps, 3 devices per seat, 1 assignment),
//             /licenseModels/1 concurrent (no limits)
//   products  /products/0 atlas ("Atlas Studio", sku-atlas) with configurations
//               /0 atlas-pro: sketch, publish; named-user; SEATS ENFORCED 8; 45 days; sku-pro
//               /1 atlas-credits: sketch; concurrent; USE_COUNT ENFORCED 250; perpetual
//             /products/1 beacon with /0 beacon-metered: ping, trace; concurrent;
//               USE_TIME METERED -1 (unlimited); perpetual
struct CatalogueIds {
  Uuid named = uuid("d0000000-0000-4000-8000-000000000001");
  Uuid concurrent = uuid("d0000000-0000-4000-8000-000000000002");
  Uuid atlas = uuid("e0000000-0000-4000-8000-000000000001");
  Uuid beacon = uuid("e0000000-0000-4000-8000-000000000002");
  Uuid pro = uuid("f0000000-0000-4000-8000-000000000001");
  Uuid credits = uuid("f0000000-0000-4000-8000-000000000002");
  Uuid meter = uuid("f0000000-0000-4000-8000-000000000003");
};

inline d::ProductConfigurationRecord configuration_record(std::optional<Uuid> id, std::string name,
                                                          std::vector<std::string> features,
                                                          Uuid model, QtyDimension dimension,
                                                          QtyEnforcementType enforcement,
                                                          std::int64_t qty,
                                                          d::OptInt validity_days = std::nullopt) {
  d::ProductConfigurationRecord c;
  c.id = id;
  c.name = std::move(name);
  c.features = std::move(features);
  c.license_model_id = model;
  c.qty_dimension = dimension;
  c.qty_enforcement_type = enforcement;
  c.qty = qty;
  c.validity_days = validity_days;
  return c;
}

inline d::StateDocument catalogue_document(const CatalogueIds& ids = {}) {
  d::StateDocument doc;
  d::LicenseModelRecord named;
  named.id = ids.named;
  named.name = "named-user";
  named.concurrent_user_app_instances_per_seat = 2;
  named.concurrent_user_devices_per_seat = 3;
  named.max_assignments_per_user = 1;
  d::LicenseModelRecord concurrent;
  concurrent.id = ids.concurrent;
  concurrent.name = "concurrent";
  doc.license_models = {named, concurrent};

  d::ProductRecord atlas;
  atlas.id = ids.atlas;
  atlas.name = "atlas";
  atlas.display_name = "Atlas Studio";
  atlas.external_reference = "sku-atlas";
  auto pro = configuration_record(ids.pro, "atlas-pro", {"sketch", "publish"}, ids.named,
                                  QtyDimension::kSeats, QtyEnforcementType::kEnforced, 8, 45);
  pro.display_name = "Atlas Pro";
  pro.external_reference = "sku-pro";
  atlas.configurations = {
      pro, configuration_record(ids.credits, "atlas-credits", {"sketch"}, ids.concurrent,
                                QtyDimension::kUseCount, QtyEnforcementType::kEnforced, 250)};
  d::ProductRecord beacon;
  beacon.id = ids.beacon;
  beacon.name = "beacon";
  beacon.configurations = {configuration_record(ids.meter, "beacon-metered", {"ping", "trace"},
                                                ids.concurrent, QtyDimension::kUseTime,
                                                QtyEnforcementType::kMetered, -1)};
  doc.products = {atlas, beacon};
  return doc;
}

// ------------------------------------------------------------------ issue inputs

inline d::LicenseIssue product_license(const Uuid& config) {
  d::LicenseIssue in;
  in.product_config_id = config;
  return in;
}

// A feature license: SEATS, ENFORCED, features alpha and beta.
inline d::LicenseIssue feature_license(std::string product = "orbit", std::int64_t qty = 3) {
  d::LicenseIssue in;
  in.terms.product_name = std::move(product);
  in.terms.qty = qty;
  in.terms.qty_dimension = QtyDimension::kSeats;
  in.terms.qty_enforcement_type = QtyEnforcementType::kEnforced;
  in.terms.features = std::vector<std::string>{"alpha", "beta"};
  return in;
}

inline d::LicenseIssue with_key(d::LicenseIssue in, std::string key) {
  in.license_key = std::move(key);
  return in;
}

inline d::LicenseIssue into(d::LicenseIssue in, const Uuid& container) {
  in.license_container_id = container;
  return in;
}

// A well-formed license key: "TEST-KEY-" and the number, 16 characters or more.
inline std::string test_key(std::size_t n) {
  std::string digits = std::to_string(n);
  return "TEST-KEY-" + std::string(digits.size() < 8 ? 8 - digits.size() : 0, '0') + digits;
}

inline std::vector<std::string> feature_names(const d::License& l) {
  std::vector<std::string> out;
  for (const auto& f : l.features) out.push_back(f.feature);
  return out;
}

inline std::vector<Uuid> ids_of(const std::vector<d::LicenseView>& v) {
  std::vector<Uuid> out;
  for (const auto& x : v) out.push_back(x.license.id);
  return out;
}

inline std::vector<d::LicenseView> licenses(const store::Store& s, const Uuid& licensee,
                                            const d::LicenseFilter& filter = {}) {
  return must(s.list_licenses(licensee, filter, all())).items;
}

// The LICENSE_KEY consumers named `key`.
inline std::vector<LicenseConsumer> key_consumers(const store::Store& s, const std::string& key) {
  std::vector<LicenseConsumer> out;
  for (const auto& c : s.list_consumers(all()).items)
    if (c.type == ConsumerType::kLicenseKey && c.name == key) out.push_back(c);
  return out;
}

// ------------------------------------------------------------------ the rules of section 10

// Section 10.2: SEATS 1 to 1000, USE_COUNT and USE_TIME at least 1, -1 only when METERED.
inline bool qty_allowed(std::int64_t qty, QtyDimension dimension, QtyEnforcementType enforcement) {
  if (qty == -1) return enforcement == QtyEnforcementType::kMetered;
  return qty >= 1 && (dimension != QtyDimension::kSeats || qty <= 1000);
}

// The rules of contract section 10 that every state keeps, checked on a dump and through the
// read calls: every license sits in an existing container of its own licensee, and reads back
// there; licenses and their features have distinct ids; a license's configuration exists and
// its qty fits its dimension and enforcement; keys are unique; a key license has exactly one
// LICENSE_KEY consumer, named after its key, and a LICENSE_KEY consumer is named after at most
// one license's key (exactly one when `every_key_consumer_has_a_license`, as when only the API
// made them); no LICENSE_KEY consumer is associated or granted access; counts().licenses is the
// number of licenses. Returns the broken rules, one per line; empty when all hold.
inline std::string license_violations(const store::Store& s,
                                      bool every_key_consumer_has_a_license = true) {
  std::ostringstream out;
  const d::StateDocument doc = s.dump();
  std::set<Uuid> configurations;
  for (const auto& p : doc.products)
    for (const auto& c : p.configurations)
      if (c.id) configurations.insert(*c.id);
  std::map<std::string, int> key_consumer_names;
  std::set<Uuid> key_consumer_ids;
  for (const auto& c : doc.consumers) {
    if (c.type == ConsumerType::kLicenseKey) {
      ++key_consumer_names[c.fields.name.value_or("")];
      if (c.id) key_consumer_ids.insert(*c.id);
    }
  }
  for (const auto& [name, n] : key_consumer_names)
    if (n > 1) out << n << " LICENSE_KEY consumers are named " << name << "\n";

  std::set<Uuid> ids;
  std::map<std::string, int> keys;
  std::size_t total = 0;
  for (const auto& l : doc.licensees) {
    if (!l.id) continue;
    for (const auto& id : l.consumer_ids)
      if (key_consumer_ids.count(id))
        out << "LICENSE_KEY consumer associated: " << id.str() << "\n";
    std::set<Uuid> in_dump;
    for (const auto& c : l.containers) {
      for (const auto& id : c.consumer_ids)
        if (key_consumer_ids.count(id)) out << "LICENSE_KEY consumer granted: " << id.str() << "\n";
      for (const auto& r : c.licenses) {
        ++total;
        if (!r.id) {
          out << "a license without id\n";
          continue;
        }
        in_dump.insert(*r.id);
        if (!ids.insert(*r.id).second) out << "license id repeated: " << r.id->str() << "\n";
        if (r.features)
          for (const auto& f : *r.features)
            if (!f.id || !ids.insert(*f.id).second) out << "feature id missing or repeated\n";
        if (r.product_config_id && !configurations.count(*r.product_config_id))
          out << "license " << r.id->str() << " names a missing configuration\n";
        if (!r.qty || !r.qty_dimension || !r.qty_enforcement_type ||
            !qty_allowed(*r.qty, *r.qty_dimension, *r.qty_enforcement_type))
          out << "license " << r.id->str() << " has a qty its dimension does not allow\n";
        if (r.license_key) {
          const std::string key = r.license_key->key.value_or("");
          ++keys[key];
          if (key_consumer_names[key] != 1)
            out << "key " << key << " has " << key_consumer_names[key]
                << " LICENSE_KEY consumers\n";
        }
        auto read = s.get_license(*l.id, *r.id);
        if (!read.ok()) {
          out << "license " << r.id->str() << " does not read back under its licensee\n";
          continue;
        }
        if (read->container.id != *c.id || read->container.licensee_id != *l.id ||
            read->license.container_id != *c.id)
          out << "license " << r.id->str() << " is not in its licensee's container\n";
      }
    }
    auto listed = s.list_licenses(*l.id, {}, all());
    if (!listed.ok()) {
      out << "the licenses of " << l.id->str() << " do not list\n";
      continue;
    }
    std::set<Uuid> in_list;
    for (const auto& v : listed->items) in_list.insert(v.license.id);
    if (in_list != in_dump || listed->total != in_dump.size())
      out << "the licenses of " << l.id->str() << " list otherwise than they dump\n";
  }
  for (const auto& [key, n] : keys)
    if (n > 1) out << "key " << key << " is used by " << n << " licenses\n";
  if (every_key_consumer_has_a_license)
    for (const auto& [name, n] : key_consumer_names)
      if (!keys.count(name)) out << "LICENSE_KEY consumer " << name << " has no license\n";
  if (s.counts().licenses != total)
    out << "counts().licenses is " << s.counts().licenses << ", the dump has " << total << "\n";
  return out.str();
}

}  // namespace scale::testing
