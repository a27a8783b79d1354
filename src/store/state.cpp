// Loading and dumping the whole state (contract section 7). Loading works on a private copy of
// the tables and swaps it in only when every record passed, so a bad document changes nothing.
// The catalogue and licenses (section 10.4) are in state_licenses.cpp.

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <mutex>
#include <optional>
#include <vector>

#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "store/license_rules.hpp"
#include "store/places.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;

using loading::at;
using loading::consumer_pointer;
using loading::container_pointer;
using loading::licensee_pointer;

namespace {

// The ids a load generates, drawn all at once and handed out in ascending order. Each index is
// a tree (tables.hpp), and a tree keyed by id then grows at its right end, where the last
// insert and look-up left the path in the cache, instead of at a random place: loading a
// million licensees without ids took half the time it took with ids drawn one at a time. The
// generator is called as often either way; which record gets which id differs.
class FreshIds {
 public:
  // `count` ids for `doc`'s records without one, to be loaded into `t`.
  FreshIds(IdGenerator& generator, std::size_t count, const StateDocument& doc, const Tables& t)
      : check_tables_(!t.licensees.empty() || !t.containers.empty() || !t.consumers.empty() ||
                      !t.license_models.empty() || !t.products.empty() ||
                      !t.configurations.empty() || !t.licenses.empty() ||
                      !t.license_parts.empty() || !t.keys.empty() || !t.leases.empty()) {
    if (count == 0) return;
    ids_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) ids_.push_back(generator.next());
    std::sort(ids_.begin(), ids_.end());
    auto given = [&](const std::optional<Uuid>& id) {
      if (id) given_.push_back(*id);
    };
    for (const auto& rec : doc.consumers) given(rec.id);
    for (const auto& m : doc.license_models) given(m.id);
    for (const auto& p : doc.products) {
      given(p.id);
      for (const auto& c : p.configurations) given(c.id);
    }
    for (const auto& rec : doc.licensees) {
      given(rec.id);
      for (const auto& box : rec.containers) {
        given(box.id);
        for (const auto& lic : box.licenses) {
          given(lic.id);
          if (lic.features)
            for (const auto& feature : *lic.features) given(feature.id);
          if (lic.license_key) given(lic.license_key->id);
          for (const auto& lease : lic.leases) given(lease.id);
        }
      }
    }
    std::sort(given_.begin(), given_.end());
  }
  // The next drawn id that no record of the document or of the tables has (the load's own
  // records hold given ids and drawn ones, so with tables that started empty three tree
  // look-ups per id are not needed); nullopt when none is left.
  std::optional<Uuid> take(const Tables& t) {
    while (next_ < ids_.size()) {
      const Uuid& id = ids_[next_++];
      if (next_ > 1 && id == ids_[next_ - 2]) continue;  // drawn twice
      if (std::binary_search(given_.begin(), given_.end(), id)) continue;
      if (check_tables_ && rules::id_taken(t, id)) continue;
      return id;
    }
    return std::nullopt;
  }

 private:
  bool check_tables_;
  std::vector<Uuid> ids_;
  std::vector<Uuid> given_;
  std::size_t next_ = 0;
};

}  // namespace

Status Store::load_into(Tables& t, const StateDocument& doc) {
  std::size_t listed_boxes = 0;
  std::size_t unnamed = 0;  // records without an id
  for (const auto& rec : doc.consumers) unnamed += !rec.id;
  for (const auto& rec : doc.licensees) {
    listed_boxes += rec.containers.size();
    unnamed += !rec.id + (rec.containers.empty() ? 1 : 0);
    for (const auto& box : rec.containers) unnamed += !box.id;
  }
  FreshIds fresh(*ids_, unnamed, doc, t);
  // A drawn id, or (when a record of the document took it first) a new one.
  auto fresh_id = [&] {
    if (auto id = fresh.take(t)) return *id;
    return new_id(t);
  };
  loading::Places places(doc.licensees.size() + listed_boxes + doc.consumers.size());
  const Timestamp now = clock_->now();

  // Pointers are made only when something is wrong: `ptr` makes the record's.
  auto check_id = [&](const std::optional<Uuid>& given, const auto& ptr) -> Result<Uuid> {
    return loading::claim_id(t, places, given, ptr, fresh_id);
  };

  // Bindings without an id are numbered after every id the document gives, so that a given id
  // never meets one handed out earlier in the same load.
  for (const auto& rec : doc.licensees)
    for (const auto& box : rec.containers)
      for (const auto& lic : box.licenses)
        for (const auto& lease : lic.leases)
          if (lease.client_binding_id && *lease.client_binding_id <= kMaxBindingId &&
              *lease.client_binding_id >= t.next_binding_id)
            t.next_binding_id = *lease.client_binding_id + 1;

  // The catalogue first: licenses name its configurations.
  if (auto s = load_catalogue(t, doc, places); !s) return s;

  for (std::size_t i = 0; i < doc.consumers.size(); ++i) {
    const ConsumerRecord& rec = doc.consumers[i];
    auto ptr = [i] { return consumer_pointer(i); };
    if (!rec.type) return Error::Invalid(ptr() + "/" + field::kType, msg::required());
    if (auto s = validate(rec.fields); !s) return at(ptr(), s.error());
    const auto& f = rec.fields;
    if (*rec.type == ConsumerType::kLicenseKey && f.connected_identity_id)
      return Error::Invalid(ptr() + "/" + field::kConnectedIdentityId,
                            msg::license_key_no_identity());
    auto id = check_id(rec.id, ptr);
    if (!id) return id.error();
    if (auto c = rules::consumer_clash(t, f.email, f.connected_identity_id, f.external_reference,
                                       f.natural_id, std::nullopt))
      return places.clash(ptr(), c->field, c->value, c->owner, "license consumer");
    const bool is_key = *rec.type == ConsumerType::kLicenseKey;
    // A LICENSE_KEY consumer's name is its key, and keys are unique.
    if (is_key) {
      if (const KeyLink* k = rules::find_key(t, *f.name))
        return places.clash(ptr(), field::kName, *f.name, k->consumer_id, "license consumer");
    }
    const Timestamp created = rec.created.value_or(now);
    auto con = t.consumers.insert(make_consumer(
        *id, *rec.type, f, f.natural_id ? *f.natural_id : new_natural_id(t, false, true), created,
        rec.modified.value_or(created)));
    if (is_key) rules::insert_unlinked_key(t, *con.first);
    places.consumer(*id, i);
  }

  // A consumer named in a relation list: it must exist and must not be a LICENSE_KEY consumer.
  auto relatable = [&](const Uuid& id, const auto& ptr) -> Result<const LicenseConsumer*> {
    const LicenseConsumer* con = rules::find_consumer(t, id);
    if (!con) return Error::Invalid(ptr(), msg::no_such("license consumer", id.str()));
    if (con->type == ConsumerType::kLicenseKey)
      return Error::Invalid(ptr(), msg::license_key_relation(id.str()));
    return con;
  };

  for (std::size_t i = 0; i < doc.licensees.size(); ++i) {
    const LicenseeRecord& rec = doc.licensees[i];
    auto ptr = [i] { return licensee_pointer(i); };
    if (!rec.type) return Error::Invalid(ptr() + "/" + field::kType, msg::required());
    if (auto s = validate(rec.fields); !s) return at(ptr(), s.error());
    const auto& f = rec.fields;
    auto id = check_id(rec.id, ptr);
    if (!id) return id.error();
    if (auto c =
            rules::licensee_clash(t, f.natural_id, f.email, f.external_reference, std::nullopt))
      return places.clash(ptr(), c->field, c->value, c->owner, "licensee");
    const Timestamp created = rec.created.value_or(now);
    const Uuid lic_id = *id;
    t.licensees.insert(make_licensee(lic_id, *rec.type, f,
                                     f.natural_id ? *f.natural_id : new_natural_id(t, true, false),
                                     created, rec.modified.value_or(created)));
    places.licensee(lic_id, i);

    if (rec.containers.empty()) {
      LicenseContainer box;
      box.id = fresh_id();
      box.licensee_id = lic_id;
      box.name = "default";
      box.used_as_default = true;
      box.created = box.modified = created;
      t.containers.insert(std::move(box));
    }
    bool have_default = false;
    for (std::size_t j = 0; j < rec.containers.size(); ++j) {
      const ContainerRecord& crec = rec.containers[j];
      auto cptr = [i, j] { return container_pointer(i, j); };
      if (auto s = validate_container_name(crec.name); !s) return at(cptr(), s.error());
      if (crec.used_as_default && have_default)
        return Error::Invalid(cptr() + "/" + field::kUsedAsDefault,
                              "is true for a second container: a licensee has exactly one default "
                              "container");
      have_default = have_default || crec.used_as_default;
      auto cid = check_id(crec.id, cptr);
      if (!cid) return cid.error();
      LicenseContainer box;
      box.id = *cid;
      box.licensee_id = lic_id;
      box.name = crec.name;
      box.used_as_default = crec.used_as_default;
      box.created = crec.created.value_or(created);
      box.modified = crec.modified.value_or(box.created);
      t.containers.insert(box);
      places.container(box.id, i, j);
      for (std::size_t k = 0; k < crec.licenses.size(); ++k) {
        if (auto s = load_license(t, crec.licenses[k], box, {i, j, k}, places, now); !s) return s;
      }
      for (std::size_t k = 0; k < crec.consumer_ids.size(); ++k) {
        auto con = relatable(crec.consumer_ids[k], [&] {
          return cptr() + "/" + field::kLicenseConsumerIds + "/" + std::to_string(k);
        });
        if (!con) return con.error();
        rules::grant(t, box, **con);
      }
    }
    if (!rec.containers.empty() && !have_default)
      return Error::Invalid(ptr() + "/" + field::kLicenseContainers,
                            "has no container with usedAsDefault true: a licensee has exactly one "
                            "default container");
    for (std::size_t k = 0; k < rec.consumer_ids.size(); ++k) {
      auto con = relatable(rec.consumer_ids[k], [&] {
        return ptr() + "/" + field::kLicenseConsumerIds + "/" + std::to_string(k);
      });
      if (!con) return con.error();
      rules::associate(t, lic_id, **con);
    }
  }
  return Ok();
}

Status Store::replace(const StateDocument& doc) {
  Tables fresh;
  // The loader draws ids, and the generator is shared state: hold the lock throughout.
  std::unique_lock lock(mu_);
  // Empty, so complete for the generator's sequence as it is now (read before any draw).
  fresh.ids_epoch = ids_->epoch();
  if (auto s = load_into(fresh, doc); !s) return s;
  t_ = std::move(fresh);
  return Ok();
}

Status Store::merge(const StateDocument& doc) {
  std::unique_lock lock(mu_);
  Tables next = t_;
  if (auto s = load_into(next, doc); !s) return s;
  t_ = std::move(next);
  return Ok();
}

StateDocument Store::dump() const {
  std::shared_lock lock(mu_);
  const Timestamp now = clock_->now();
  StateDocument doc;
  const auto& access = t_.access.get<by_container>();
  const auto& assoc = t_.associations.get<by_licensee>();
  for (const Licensee& l : t_.licensees.get<by_created>()) {
    LicenseeRecord rec;
    rec.id = l.id;
    rec.type = l.type;
    rec.fields = {l.name,  l.display_name, l.natural_id,
                  l.email, l.description,  l.external_reference};
    rec.created = l.created;
    rec.modified = l.modified;
    for (const LicenseContainer* it : rules::containers_of(t_, l.id)) {
      ContainerRecord c;
      c.id = it->id;
      c.name = it->name;
      c.used_as_default = it->used_as_default;
      c.created = it->created;
      c.modified = it->modified;
      auto grants = access.equal_range(boost::make_tuple(it->id));
      for (auto g = grants.first; g != grants.second; ++g) c.consumer_ids.push_back(g->consumer_id);
      c.licenses = dump_licenses(it->id, now);
      rec.containers.push_back(std::move(c));
    }
    auto assocs = assoc.equal_range(boost::make_tuple(l.id));
    for (auto a = assocs.first; a != assocs.second; ++a) rec.consumer_ids.push_back(a->consumer_id);
    doc.licensees.push_back(std::move(rec));
  }
  for (const LicenseConsumer& c : t_.consumers.get<by_created>()) {
    ConsumerRecord rec;
    rec.id = c.id;
    rec.type = c.type;
    rec.fields = {c.name,        c.display_name,          c.display_label,
                  c.email,       c.connected_identity_id, c.contact_info,
                  c.description, c.external_reference,    c.natural_id};
    rec.created = c.created;
    rec.modified = c.modified;
    doc.consumers.push_back(std::move(rec));
  }
  dump_catalogue(doc);
  return doc;
}

}  // namespace scale::store
