// Loading and dumping the catalogue and the licenses of a state document (contract section
// 10.4). Part of Store::load_into and Store::dump (state.cpp), with the same rules: records are
// checked in document order, errors name the JSON pointer of the offending value, and the
// caller keeps nothing of a load that failed.

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <string>
#include <vector>

#include "domain/fields.hpp"
#include "domain/license_validation.hpp"
#include "domain/messages.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"
#include "store/places.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;
using loading::at;

Status Store::load_catalogue(Tables& t, const StateDocument& doc, loading::Places& places) {
  const Timestamp now = clock_->now();
  auto claim = [&](const std::optional<Uuid>& given, const auto& ptr) {
    return loading::claim_id(t, places, given, ptr, [&] { return new_id(t); });
  };

  for (std::size_t i = 0; i < doc.license_models.size(); ++i) {
    const LicenseModelRecord& rec = doc.license_models[i];
    auto ptr = [i] { return loading::model_pointer(i); };
    if (auto s = validate(rec); !s) return at(ptr(), s.error());
    auto id = claim(rec.id, ptr);
    if (!id) return id.error();
    const auto& names = t.license_models.get<by_name>();
    if (auto it = names.find(*rec.name); it != names.end())
      return places.clash(ptr(), field::kName, *rec.name, it->id, "license model");
    LicenseModel m;
    m.id = *id;
    m.name = *rec.name;
    m.concurrent_user_app_instances_per_seat = rec.concurrent_user_app_instances_per_seat;
    m.concurrent_user_devices_per_seat = rec.concurrent_user_devices_per_seat;
    m.max_assignments_per_user = rec.max_assignments_per_user;
    m.created = rec.created.value_or(now);
    m.modified = rec.modified.value_or(m.created);
    t.license_models.insert(std::move(m));
    places.model(*id, i);
  }

  for (std::size_t i = 0; i < doc.products.size(); ++i) {
    const ProductRecord& rec = doc.products[i];
    auto ptr = [i] { return loading::product_pointer(i); };
    if (auto s = validate(rec); !s) return at(ptr(), s.error());
    auto id = claim(rec.id, ptr);
    if (!id) return id.error();
    const auto& names = t.products.get<by_name>();
    if (auto it = names.find(*rec.name); it != names.end())
      return places.clash(ptr(), field::kName, *rec.name, it->id, "product");
    if (rec.external_reference) {
      const auto& refs = t.products.get<by_external_reference>();
      if (auto it = refs.find(OptionalKey::Of(*rec.external_reference)); it != refs.end())
        return places.clash(ptr(), field::kExternalReference, *rec.external_reference, it->id,
                            "product");
    }
    Product p;
    p.id = *id;
    p.name = *rec.name;
    p.display_name = rec.display_name;
    p.external_reference = rec.external_reference;
    p.created = rec.created.value_or(now);
    p.modified = rec.modified.value_or(p.created);
    t.products.insert(p);
    places.product(p.id, i);

    for (std::size_t j = 0; j < rec.configurations.size(); ++j) {
      const ProductConfigurationRecord& crec = rec.configurations[j];
      auto cptr = [i, j] { return loading::configuration_pointer(i, j); };
      if (auto s = validate(crec); !s) return at(cptr(), s.error());
      if (!rules::find_license_model(t, *crec.license_model_id))
        return Error::Invalid(cptr() + "/" + field::kLicenseModelId,
                              msg::no_such("license model", crec.license_model_id->str()));
      auto cid = claim(crec.id, cptr);
      if (!cid) return cid.error();
      const auto& config_names = t.configurations.get<by_name>();
      if (auto it = config_names.find(boost::make_tuple(p.id, *crec.name));
          it != config_names.end())
        return places.clash(cptr(), field::kName, *crec.name, it->id, "product configuration");
      ProductConfiguration c;
      c.id = *cid;
      c.product_id = p.id;
      c.name = *crec.name;
      c.display_name = crec.display_name;
      c.features = crec.features;
      c.license_model_id = *crec.license_model_id;
      c.qty_dimension = *crec.qty_dimension;
      c.qty_enforcement_type = *crec.qty_enforcement_type;
      c.qty = *crec.qty;
      c.validity_days = crec.validity_days;
      c.external_reference = crec.external_reference;
      c.created = crec.created.value_or(p.created);
      c.modified = crec.modified.value_or(c.created);
      t.configurations.insert(std::move(c));
      places.configuration(*cid, i, j);
    }
  }
  return Ok();
}

Status Store::load_license(Tables& t, const LicenseRecord& rec, const LicenseContainer& box,
                           LicensePlace place, loading::Places& places, Timestamp now) {
  // Plain copies, not a structured binding: the clang of the sanitizer builds (before 16)
  // cannot capture one in a lambda.
  const std::size_t i = place.licensee;
  const std::size_t j = place.container;
  const std::size_t k = place.license;
  auto ptr = [&] { return loading::license_pointer(i, j, k); };
  auto key_ptr = [&] { return ptr() + "/" + field::kLicenseKey; };

  // The terms, derived as an issue derives them, but without validityDays.
  std::optional<LicenseSource> source;
  if (rec.product_config_id) {
    const ProductConfiguration* config = rules::find_configuration(t, *rec.product_config_id);
    if (!config)
      return Error::Invalid(ptr() + "/" + field::kProductConfigId,
                            msg::no_such("product configuration", rec.product_config_id->str()));
    source.emplace(LicenseSource{*config, *rules::find_product(t, config->product_id),
                                 *rules::find_license_model(t, config->license_model_id)});
  }
  LicenseTerms terms;
  terms.product_name = rec.product_name;
  terms.display_name = rec.display_name;
  terms.qty = rec.qty;
  terms.qty_dimension = rec.qty_dimension;
  terms.qty_enforcement_type = rec.qty_enforcement_type;
  terms.valid_from = rec.valid_from;
  terms.valid_until = rec.valid_until;
  if (rec.features) {
    std::vector<std::string> names;
    for (std::size_t m = 0; m < rec.features->size(); ++m) {
      const OptText& name = (*rec.features)[m].feature;
      if (!name)
        return Error::Invalid(
            loading::index_pointer(ptr(), field::kFeatures, m) + "/" + field::kFeature,
            msg::required());
      names.push_back(*name);
    }
    terms.features = std::move(names);
  }
  terms.allowed_version_lower_bound = rec.allowed_version_lower_bound;
  terms.allowed_version_upper_bound = rec.allowed_version_upper_bound;
  terms.allowed_versions_display_name = rec.allowed_versions_display_name;
  terms.references = rec.references;
  // validUntil is taken as written: the after-validFrom rule of issue and PUT does not hold
  // for a license revoked before it started (contract 10.2, revoke), and a dump must load.
  terms.valid_until.reset();
  auto resolved = resolve_terms(terms, source ? &*source : nullptr, now, false);
  if (!resolved) return at(ptr(), resolved.error());
  License l = std::move(resolved).value();
  l.valid_until = rec.valid_until;

  // What only a document gives: per-seat values as written, consumedQty, a key record.
  if (auto s = validate_not_negative(field::kConcurrentUserAppInstancesPerSeat,
                                     rec.concurrent_user_app_instances_per_seat);
      !s)
    return at(ptr(), s.error());
  if (auto s = validate_not_negative(field::kConcurrentUserDevicesPerSeat,
                                     rec.concurrent_user_devices_per_seat);
      !s)
    return at(ptr(), s.error());
  if (rec.concurrent_user_app_instances_per_seat)
    l.concurrent_user_app_instances_per_seat = rec.concurrent_user_app_instances_per_seat;
  if (rec.concurrent_user_devices_per_seat)
    l.concurrent_user_devices_per_seat = rec.concurrent_user_devices_per_seat;
  l.consumed_qty = rec.consumed_qty.value_or(0);
  if (auto s = validate_not_negative(field::kConsumedQty, l.consumed_qty); !s)
    return at(ptr(), s.error());
  if (l.qty != kUnlimitedQty && l.consumed_qty > l.qty)
    return Error::Invalid(
        ptr() + "/" + field::kConsumedQty,
        msg::consumed_over_qty(std::to_string(l.consumed_qty), std::to_string(l.qty)));
  const KeyLink* link = nullptr;
  if (rec.license_key) {
    const LicenseKeyRecord& krec = *rec.license_key;
    if (!krec.key) return Error::Invalid(key_ptr(), msg::required());
    if (auto s = validate_license_key(*krec.key); !s)
      return Error::Invalid(key_ptr(), s.error().reason);
    if (auto s = validate_not_negative(field::kAllowedActivations, krec.allowed_activations); !s)
      return at(key_ptr(), s.error());
    // The key's LICENSE_KEY consumer may be in the document already; another license may not
    // have the key.
    link = rules::find_key(t, *krec.key);
    if (link && link->license_id)
      return places.clash(ptr(), field::kLicenseKey, *krec.key, *link->license_id, "license");
  }

  // Ids: as given or drawn, each checked against the tables and against the ones this license
  // has taken already (its parts are inserted with it, at the end).
  std::vector<Uuid> taken;
  auto claim = [&](const std::optional<Uuid>& given, const auto& where) -> Result<Uuid> {
    if (given && std::find(taken.begin(), taken.end(), *given) != taken.end())
      return places.clash(where(), field::kId, given->str(), *given, "license");
    auto id = loading::claim_id(t, places, given, where, [&] {
      Uuid fresh = new_id(t);
      while (std::find(taken.begin(), taken.end(), fresh) != taken.end()) fresh = new_id(t);
      return fresh;
    });
    if (id) taken.push_back(*id);
    return id;
  };
  auto id = claim(rec.id, ptr);
  if (!id) return id.error();
  places.license(*id, i, j, k);
  l.id = *id;
  l.licensee_id = box.licensee_id;
  l.container_id = box.id;
  l.created = rec.created.value_or(now);
  l.modified = rec.modified.value_or(l.created);
  for (std::size_t m = 0; m < l.features.size(); ++m) {
    auto where = [&] { return loading::index_pointer(ptr(), field::kFeatures, m); };
    const LicenseFeatureRecord* frec = rec.features ? &(*rec.features)[m] : nullptr;
    auto fid = claim(frec ? frec->id : std::nullopt, where);
    if (!fid) return fid.error();
    places.feature(*fid, i, j, k, m);
    LicenseFeature& f = l.features[m];
    // Given features keep the document's order (resolve_terms gives the configuration's).
    if (frec) f.feature = *frec->feature;
    f.id = *fid;
    f.created = frec && frec->created ? *frec->created : l.created;
    f.modified = frec && frec->modified ? *frec->modified : f.created;
  }
  std::optional<Uuid> key_consumer;
  if (rec.license_key) {
    const LicenseKeyRecord& krec = *rec.license_key;
    auto kid = claim(krec.id, key_ptr);
    if (!kid) return kid.error();
    places.key(*kid, i, j, k);
    LicenseKey key{*kid, *krec.key, krec.allowed_activations, krec.created.value_or(l.created), 0};
    key.modified = krec.modified.value_or(key.created);
    l.license_key = std::move(key);
    if (link) {
      key_consumer = link->consumer_id;
    } else {
      auto cid = claim(std::nullopt, ptr);
      if (!cid) return cid.error();
      ConsumerFields named;
      named.name = *krec.key;
      t.consumers.insert(make_consumer(*cid, ConsumerType::kLicenseKey, named,
                                       new_natural_id(t, false, true), l.created, l.created));
      key_consumer = *cid;
    }
  }
  rules::insert_license(t, l, key_consumer);
  return load_leases(t, rec, l, place, places, now);
}

void Store::dump_catalogue(StateDocument& doc) const {
  for (const LicenseModel& m : t_.license_models.get<by_created>()) {
    LicenseModelRecord rec;
    rec.id = m.id;
    rec.name = m.name;
    rec.concurrent_user_app_instances_per_seat = m.concurrent_user_app_instances_per_seat;
    rec.concurrent_user_devices_per_seat = m.concurrent_user_devices_per_seat;
    rec.max_assignments_per_user = m.max_assignments_per_user;
    rec.created = m.created;
    rec.modified = m.modified;
    doc.license_models.push_back(std::move(rec));
  }
  const auto& configs = t_.configurations.get<by_product>();
  for (const Product& p : t_.products.get<by_created>()) {
    ProductRecord rec;
    rec.id = p.id;
    rec.name = p.name;
    rec.display_name = p.display_name;
    rec.external_reference = p.external_reference;
    rec.created = p.created;
    rec.modified = p.modified;
    auto range = configs.equal_range(boost::make_tuple(p.id));
    for (auto c = range.first; c != range.second; ++c) {
      ProductConfigurationRecord crec;
      crec.id = c->id;
      crec.name = c->name;
      crec.display_name = c->display_name;
      crec.features = c->features;
      crec.license_model_id = c->license_model_id;
      crec.qty_dimension = c->qty_dimension;
      crec.qty_enforcement_type = c->qty_enforcement_type;
      crec.qty = c->qty;
      crec.validity_days = c->validity_days;
      crec.external_reference = c->external_reference;
      crec.created = c->created;
      crec.modified = c->modified;
      rec.configurations.push_back(std::move(crec));
    }
    doc.products.push_back(std::move(rec));
  }
}

std::vector<LicenseRecord> Store::dump_licenses(const Uuid& container, Timestamp now) const {
  std::vector<LicenseRecord> out;
  for (const License* l : rules::licenses_in(t_, container)) {
    LicenseRecord rec;
    rec.id = l->id;
    rec.product_config_id = l->product_config_id;
    rec.product_name = l->product_name;
    rec.display_name = l->display_name;
    rec.qty = l->qty;
    rec.qty_dimension = l->qty_dimension;
    rec.qty_enforcement_type = l->qty_enforcement_type;
    rec.valid_from = l->valid_from;
    rec.valid_until = l->valid_until;
    rec.features.emplace();
    for (const LicenseFeature& f : l->features)
      rec.features->push_back({f.id, f.feature, f.created, f.modified});
    if (l->license_key) {
      const LicenseKey& key = *l->license_key;
      rec.license_key =
          LicenseKeyRecord{key.id, key.key, key.allowed_activations, key.created, key.modified};
    }
    rec.allowed_version_lower_bound = l->allowed_version_lower_bound;
    rec.allowed_version_upper_bound = l->allowed_version_upper_bound;
    rec.allowed_versions_display_name = l->allowed_versions_display_name;
    rec.concurrent_user_app_instances_per_seat = l->concurrent_user_app_instances_per_seat;
    rec.concurrent_user_devices_per_seat = l->concurrent_user_devices_per_seat;
    rec.references = l->references;
    // Leases that have ended by now are counted as consumed, and only live ones are written.
    rec.consumed_qty = rules::usage_of(t_, *l, now).consumed;
    rec.created = l->created;
    rec.modified = l->modified;
    rec.leases = dump_leases(l->id, now);
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace scale::store
