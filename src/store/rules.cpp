#include "store/rules.hpp"

#include <algorithm>
#include <boost/tuple/tuple.hpp>

#include "domain/fields.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"

namespace scale::store::rules {
namespace {

template <class Index>
const Uuid* holder(const Index& idx, const domain::OptText& value,
                   const std::optional<Uuid>& self) {
  if (!value) return nullptr;
  auto it = idx.find(OptionalKey::Of(*value));
  if (it == idx.end() || (self && it->id == *self)) return nullptr;
  return &it->id;
}

template <class Index>
const Uuid* natural_holder(const Index& idx, const std::optional<std::string>& value,
                           const std::optional<Uuid>& self) {
  if (!value) return nullptr;
  auto it = idx.find(*value);
  if (it == idx.end() || (self && it->id == *self)) return nullptr;
  return &it->id;
}

}  // namespace

std::optional<Clash> licensee_clash(const Tables& t, const std::optional<std::string>& natural_id,
                                    const domain::OptText& email,
                                    const domain::OptText& external_reference,
                                    const std::optional<Uuid>& self) {
  if (auto* id = natural_holder(t.licensees.get<by_natural_id>(), natural_id, self))
    return Clash{domain::field::kNaturalId, *natural_id, *id};
  if (auto* id = holder(t.licensees.get<by_email>(), email, self))
    return Clash{domain::field::kEmail, *email, *id};
  if (auto* id = holder(t.licensees.get<by_external_reference>(), external_reference, self))
    return Clash{domain::field::kExternalReference, *external_reference, *id};
  return std::nullopt;
}

std::optional<Clash> consumer_clash(const Tables& t, const domain::OptText& email,
                                    const domain::OptText& connected_identity_id,
                                    const domain::OptText& external_reference,
                                    const std::optional<std::string>& natural_id,
                                    const std::optional<Uuid>& self) {
  if (auto* id = holder(t.consumers.get<by_email>(), email, self))
    return Clash{domain::field::kEmail, *email, *id};
  if (auto* id = holder(t.consumers.get<by_connected_identity>(), connected_identity_id, self))
    return Clash{domain::field::kConnectedIdentityId, *connected_identity_id, *id};
  if (auto* id = holder(t.consumers.get<by_external_reference>(), external_reference, self))
    return Clash{domain::field::kExternalReference, *external_reference, *id};
  if (auto* id = natural_holder(t.consumers.get<by_natural_id>(), natural_id, self))
    return Clash{domain::field::kNaturalId, *natural_id, *id};
  return std::nullopt;
}

std::optional<SetupUserClash> setup_user_clash(const Tables& t,
                                               const std::optional<std::string>& natural_id,
                                               const domain::OptText& email,
                                               const domain::OptText& external_reference,
                                               const domain::OptText& connected_identity_id) {
  namespace f = domain::field;
  const std::optional<Uuid> none;
  auto found = [](const char* field, const std::string& value, const Uuid* licensee,
                  const Uuid* consumer) -> std::optional<SetupUserClash> {
    if (licensee) return SetupUserClash{{field, value, *licensee}, false};
    if (consumer) return SetupUserClash{{field, value, *consumer}, true};
    return std::nullopt;
  };
  if (auto c = found(f::kNaturalId, natural_id.value_or(""),
                     natural_holder(t.licensees.get<by_natural_id>(), natural_id, none),
                     natural_holder(t.consumers.get<by_natural_id>(), natural_id, none)))
    return c;
  if (auto c =
          found(f::kEmail, email.value_or(""), holder(t.licensees.get<by_email>(), email, none),
                holder(t.consumers.get<by_email>(), email, none)))
    return c;
  if (auto c = found(f::kExternalReference, external_reference.value_or(""),
                     holder(t.licensees.get<by_external_reference>(), external_reference, none),
                     holder(t.consumers.get<by_external_reference>(), external_reference, none)))
    return c;
  return found(f::kConnectedIdentityId, connected_identity_id.value_or(""), nullptr,
               holder(t.consumers.get<by_connected_identity>(), connected_identity_id, none));
}

const LicenseContainer* default_container(const Tables& t, const Uuid& licensee) {
  const auto& idx = t.containers.get<by_default>();
  auto it = idx.find(DefaultKey::result_type{licensee, true, Uuid{}});
  return it == idx.end() ? nullptr : &*it;
}

bool id_taken(const Tables& t, const Uuid& id) {
  return find_licensee(t, id) || find_consumer(t, id) || find_container(t, id) ||
         license_record_has_id(t, id);
}

const char* record_kind(const Tables& t, const Uuid& id) {
  if (find_licensee(t, id)) return "licensee";
  if (find_container(t, id)) return "license container";
  if (find_consumer(t, id)) return "license consumer";
  if (const char* kind = license_record_kind(t, id)) return kind;
  return "record";
}

void add_foreign_id(Tables& t, const Uuid& id) {
  t.foreign_ids.insert(id);
}

void forget_id(Tables& t, const Uuid& id) {
  if (!t.foreign_ids.empty()) t.foreign_ids.erase(id);
}

void collect_foreign_ids(Tables& t) {
  t.foreign_ids.clear();
  auto add = [&t](const auto& table) {
    for (const auto& r : table) t.foreign_ids.insert(r.id);
  };
  add(t.licensees);
  add(t.containers);
  add(t.consumers);
  add(t.license_models);
  add(t.products);
  add(t.configurations);
  add(t.licenses);
  add(t.license_parts);
  add(t.leases);
}

std::vector<std::string> id_problems(const Tables& t) {
  std::vector<std::string> out;
  for (const Uuid& id : t.foreign_ids)
    if (!id_taken(t, id)) out.push_back("foreign id " + id.str() + " is held by no record");
  for (const LicensePart& part : t.license_parts) {
    const License* l = find_license(t, part.license_id);
    bool listed = l && l->license_key && l->license_key->id == part.id;
    if (l)
      for (const auto& f : l->features) listed = listed || f.id == part.id;
    if (!listed)
      out.push_back("license part " + part.id.str() + " is no feature or key of license " +
                    part.license_id.str());
  }
  return out;
}

const Licensee* find_licensee(const Tables& t, const Uuid& id) {
  const auto& idx = t.licensees.get<by_id>();
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &*it;
}

const LicenseConsumer* find_consumer(const Tables& t, const Uuid& id) {
  const auto& idx = t.consumers.get<by_id>();
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &*it;
}

const LicenseContainer* find_container(const Tables& t, const Uuid& id) {
  const auto& idx = t.containers.get<by_id>();
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &*it;
}

void associate(Tables& t, const Uuid& licensee, const LicenseConsumer& consumer) {
  t.associations.insert(Association{licensee, consumer.id, consumer.created});
}

void grant(Tables& t, const LicenseContainer& container, const LicenseConsumer& consumer) {
  t.access.insert(Access{container.id, consumer.id, container.licensee_id, consumer.created});
  associate(t, container.licensee_id, consumer);
}

bool has_access(const Tables& t, const Uuid& container, const LicenseConsumer& consumer) {
  const auto& idx = t.access.get<by_container>();
  return idx.find(boost::make_tuple(container, consumer.created, consumer.id)) != idx.end();
}

void erase_container(Tables& t, Uuid id) {
  erase_licenses_in(t, id);
  auto& access = t.access.get<by_container>();
  access.erase(access.lower_bound(boost::make_tuple(id)),
               access.upper_bound(boost::make_tuple(id)));
  t.containers.get<by_id>().erase(id);
  forget_id(t, id);
}

std::vector<const LicenseContainer*> containers_of(const Tables& t, const Uuid& licensee) {
  const auto& idx = t.containers.get<by_licensee>();
  auto range = idx.equal_range(licensee);
  std::vector<const LicenseContainer*> out;
  for (auto it = range.first; it != range.second; ++it) out.push_back(&*it);
  std::sort(out.begin(), out.end(), [](const LicenseContainer* a, const LicenseContainer* b) {
    return a->created != b->created ? a->created < b->created : a->id < b->id;
  });
  return out;
}

void erase_licensee(Tables& t, Uuid id) {
  auto& containers = t.containers.get<by_licensee>();
  auto range = containers.equal_range(id);
  std::vector<Uuid> doomed;
  for (auto it = range.first; it != range.second; ++it) doomed.push_back(it->id);
  for (const auto& c : doomed) erase_container(t, c);
  auto& assoc = t.associations.get<by_licensee>();
  assoc.erase(assoc.lower_bound(boost::make_tuple(id)), assoc.upper_bound(boost::make_tuple(id)));
  t.licensees.get<by_id>().erase(id);
  forget_id(t, id);
}

void erase_consumer(Tables& t, Uuid id) {
  if (!t.keys.empty()) {
    auto& keys = t.keys.get<by_consumer>();
    auto key = keys.find(id);
    if (key != keys.end()) {
      // A key license's consumer goes with its license, and the license takes it along.
      if (key->license_id) return erase_license(t, *key->license_id);
      keys.erase(key);
    }
  }
  // Its leases end as if they had run out: each consumes its pre-allocation.
  end_leases_of_consumer(t, id);
  auto& assoc = t.associations.get<by_consumer>();
  assoc.erase(assoc.lower_bound(boost::make_tuple(id)), assoc.upper_bound(boost::make_tuple(id)));
  auto& access = t.access.get<by_consumer>();
  access.erase(access.lower_bound(boost::make_tuple(id)),
               access.upper_bound(boost::make_tuple(id)));
  t.consumers.get<by_id>().erase(id);
  forget_id(t, id);
}

}  // namespace scale::store::rules
