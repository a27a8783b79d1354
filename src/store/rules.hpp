#pragma once
// The rules that every write path shares, as functions over Tables: uniqueness checks,
// default-container lookups, cascades and page cutting. The Store calls them under its lock;
// the state loader calls them on a private copy. None of them takes a lock.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "store/tables.hpp"

namespace scale::store::rules {

// Who already holds a unique value: the field, the value and the id of the holder.
struct Clash {
  const char* field;
  std::string value;
  Uuid owner;
};

// The first of naturalId, email, externalReference (the contract's field order) held by a
// licensee other than `self`.
std::optional<Clash> licensee_clash(const Tables& t, const std::optional<std::string>& natural_id,
                                    const domain::OptText& email,
                                    const domain::OptText& external_reference,
                                    const std::optional<Uuid>& self);

// The first of email, connectedIdentityId, externalReference, naturalId held by a consumer
// other than `self`.
std::optional<Clash> consumer_clash(const Tables& t, const domain::OptText& email,
                                    const domain::OptText& connected_identity_id,
                                    const domain::OptText& external_reference,
                                    const std::optional<std::string>& natural_id,
                                    const std::optional<Uuid>& self);

// setup-user's check, over both tables: the first of naturalId, email, externalReference (the
// contract's field order for licensees), then connectedIdentityId (a consumer's only), held by
// a licensee or a consumer; a value held in both is the licensee's. `by_consumer` says which.
struct SetupUserClash {
  Clash clash;
  bool by_consumer;
};
std::optional<SetupUserClash> setup_user_clash(const Tables& t,
                                               const std::optional<std::string>& natural_id,
                                               const domain::OptText& email,
                                               const domain::OptText& external_reference,
                                               const domain::OptText& connected_identity_id);

const LicenseContainer* default_container(const Tables& t, const Uuid& licensee);
// Whether any record of any table has the id (ids are unique across all records).
bool id_taken(const Tables& t, const Uuid& id);
// The kind of record that has the id, as messages name it ("licensee", "license", ...).
const char* record_kind(const Tables& t, const Uuid& id);

// Tables::foreign_ids (tables.hpp says what it is for). A record whose id was given rather
// than drawn (a fixture's, a state document's) goes in with add_foreign_id; the erase_*
// functions take an id out with its record (forget_id); collect_foreign_ids makes the ids of
// the tables, and only those, foreign, for a generator whose sequence started again.
void add_foreign_id(Tables& t, const Uuid& id);
void forget_id(Tables& t, const Uuid& id);
void collect_foreign_ids(Tables& t);
// Every id in Tables::foreign_ids that no record has, and every license part that is not a
// feature or the key of its license, one line each (for tests).
std::vector<std::string> id_problems(const Tables& t);
const Licensee* find_licensee(const Tables& t, const Uuid& id);
const LicenseConsumer* find_consumer(const Tables& t, const Uuid& id);
const LicenseContainer* find_container(const Tables& t, const Uuid& id);

// Adds the association when missing.
void associate(Tables& t, const Uuid& licensee, const LicenseConsumer& consumer);
// Adds the access grant, and the association it implies, when missing.
void grant(Tables& t, const LicenseContainer& container, const LicenseConsumer& consumer);
bool has_access(const Tables& t, const Uuid& container, const LicenseConsumer& consumer);

// The erase_* functions take the id by value: it may be a field of a record they remove.

// Removes the licensee, its containers (as erase_container does) and its associations.
void erase_licensee(Tables& t, Uuid id);
// Removes the consumer, its associations and its grants, and ends its leases (each consuming
// its pre-allocation). A LICENSE_KEY consumer takes its license with it (see license_rules.hpp,
// erase_license).
void erase_consumer(Tables& t, Uuid id);
// Removes the container, its grants and its licenses (see license_rules.hpp, erase_license).
void erase_container(Tables& t, Uuid id);

// The licensee's containers in list order: created, then id.
std::vector<const LicenseContainer*> containers_of(const Tables& t, const Uuid& licensee);

// One page of `items`, which are in list order, converted with `convert`.
template <class Item, class Convert>
auto cut_page(const std::vector<Item>& items, domain::Page page, Convert convert) {
  using T = decltype(convert(items.front()));
  domain::PageOf<T> out;
  out.total = items.size();
  std::size_t start = std::min(page.offset, out.total);
  std::size_t stop = start + std::min(page.limit, out.total - start);
  out.items.reserve(stop - start);
  for (std::size_t i = start; i < stop; ++i) out.items.push_back(convert(items[i]));
  return out;
}

// One page of [first, last) of a ranked index, converted with `convert`.
template <class Index, class It, class Convert>
auto cut_page(const Index& idx, It first, It last, domain::Page page, Convert convert) {
  using T = decltype(convert(*first));
  domain::PageOf<T> out;
  std::size_t begin = idx.rank(first);
  std::size_t end = idx.rank(last);
  out.total = end - begin;
  std::size_t start = begin + std::min(page.offset, out.total);
  std::size_t stop = start + std::min(page.limit, end - start);
  out.items.reserve(stop - start);
  auto it = idx.nth(start);
  for (std::size_t i = start; i < stop; ++i, ++it) out.items.push_back(convert(*it));
  return out;
}

}  // namespace scale::store::rules
