#include "store/license_rules.hpp"

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <string>

#include "store/lease_rules.hpp"
#include "store/rules.hpp"

namespace scale::store::rules {
namespace {

template <class Table>
auto find_by_id(const Table& table, const Uuid& id) -> decltype(&*table.begin()) {
  const auto& idx = table.template get<by_id>();
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &*it;
}

}  // namespace

const LicenseModel* find_license_model(const Tables& t, const Uuid& id) {
  return find_by_id(t.license_models, id);
}

const Product* find_product(const Tables& t, const Uuid& id) {
  return find_by_id(t.products, id);
}

const ProductConfiguration* find_configuration(const Tables& t, const Uuid& id) {
  return find_by_id(t.configurations, id);
}

const License* find_license(const Tables& t, const Uuid& id) {
  return find_by_id(t.licenses, id);
}

const KeyLink* find_key(const Tables& t, std::string_view key) {
  const auto& idx = t.keys.get<by_key>();
  auto it = idx.find(std::string(key));
  return it == idx.end() ? nullptr : &*it;
}

const KeyLink* key_of_consumer(const Tables& t, const Uuid& consumer) {
  const auto& idx = t.keys.get<by_consumer>();
  auto it = idx.find(consumer);
  return it == idx.end() ? nullptr : &*it;
}

bool license_record_has_id(const Tables& t, const Uuid& id) {
  // Empty tables are skipped outright: a store without licenses (a million licensees loaded
  // from a fixture) pays nothing for them on every id a load checks.
  auto has = [&id](const auto& table) {
    return !table.empty() && table.template get<by_id>().count(id) != 0;
  };
  return has(t.licenses) || has(t.license_parts) || has(t.configurations) || has(t.products) ||
         has(t.license_models) || lease_has_id(t, id);
}

const char* license_record_kind(const Tables& t, const Uuid& id) {
  if (find_license(t, id)) return "license";
  const auto& parts = t.license_parts.get<by_id>();
  if (auto part = parts.find(id); part != parts.end()) {
    const License* owner = find_license(t, part->license_id);
    return owner && owner->license_key && owner->license_key->id == id ? "license key"
                                                                       : "license feature";
  }
  if (find_configuration(t, id)) return "product configuration";
  if (find_product(t, id)) return "product";
  if (find_license_model(t, id)) return "license model";
  if (lease_has_id(t, id)) return "lease";
  return nullptr;
}

namespace {

// The rest of the view of v.license: its container and, for a product license, its
// configuration, product and model.
void fill_view(const Tables& t, domain::LicenseView& v) {
  const License& license = v.license;
  if (const LicenseContainer* box = find_container(t, license.container_id)) v.container = *box;
  if (license.product_config_id) {
    if (const ProductConfiguration* config = find_configuration(t, *license.product_config_id)) {
      v.configuration = *config;
      if (const Product* product = find_product(t, config->product_id)) v.product = *product;
      if (const LicenseModel* model = find_license_model(t, config->license_model_id))
        v.model = *model;
    }
  }
}

}  // namespace

domain::LicenseView view_of(const Tables& t, const License& license) {
  domain::LicenseView v{license, {}, {}, {}, {}};
  fill_view(t, v);
  return v;
}

domain::LicenseView view_of(const Tables& t, License&& license) {
  domain::LicenseView v{std::move(license), {}, {}, {}, {}};
  fill_view(t, v);
  return v;
}

std::vector<const License*> licenses_in(const Tables& t, const Uuid& container) {
  std::vector<const License*> out;
  if (t.licenses.empty()) return out;
  auto range = t.licenses.get<by_container>().equal_range(container);
  for (auto it = range.first; it != range.second; ++it) out.push_back(&*it);
  std::sort(out.begin(), out.end(), [](const License* a, const License* b) {
    return a->created != b->created ? a->created < b->created : a->id < b->id;
  });
  return out;
}

void insert_license(Tables& t, const License& license, const std::optional<Uuid>& key_consumer) {
  for (const auto& f : license.features) t.license_parts.insert({f.id, license.id});
  if (license.license_key) {
    t.license_parts.insert({license.license_key->id, license.id});
    KeyLink link{license.license_key->key, *key_consumer, license.id};
    auto& idx = t.keys.get<by_consumer>();
    auto it = idx.find(*key_consumer);
    if (it == idx.end())
      t.keys.insert(std::move(link));
    else
      idx.replace(it, std::move(link));
  }
  t.licenses.insert(license);
}

void insert_unlinked_key(Tables& t, const domain::LicenseConsumer& consumer) {
  t.keys.insert(KeyLink{consumer.name, consumer.id, std::nullopt});
}

void erase_license(Tables& t, Uuid id) {
  std::optional<Uuid> consumer;
  auto& keys = t.keys.get<by_license>();
  auto key = keys.find(LinkedLicense::result_type{id, true});
  if (key != keys.end()) {
    consumer = key->consumer_id;
    keys.erase(key);
  }
  auto& licenses = t.licenses.get<by_id>();
  if (auto it = licenses.find(id); it != licenses.end()) {
    // Its parts are its features and its key (they never change after issue).
    auto drop_part = [&t](const Uuid& part) {
      t.license_parts.erase(part);
      forget_id(t, part);
    };
    for (const auto& f : it->features) drop_part(f.id);
    if (it->license_key) drop_part(it->license_key->id);
    licenses.erase(it);
    forget_id(t, id);
  }
  // Its leases end with it; nothing is left for them to consume.
  erase_leases_of_license(t, id);
  // The key's row is gone, so erasing the consumer does not come back here.
  if (consumer) erase_consumer(t, *consumer);
}

void erase_licenses_in(Tables& t, Uuid container) {
  if (t.licenses.empty()) return;
  auto range = t.licenses.get<by_container>().equal_range(container);
  std::vector<Uuid> doomed;
  for (auto it = range.first; it != range.second; ++it) doomed.push_back(it->id);
  for (const auto& id : doomed) erase_license(t, id);
}

}  // namespace scale::store::rules
