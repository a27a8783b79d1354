#pragma once
// The in-memory tables: one Boost.MultiIndex container per kind of record and per relation,
// every index tagged. Uniqueness the contract asks for is held by unique indexes; nullable
// unique fields use OptionalKey, under which absent values never collide (each absent value is
// keyed by its record's own id), so "unique when given" is a plain unique index.
//
// Every index is a tree (ordered or ranked), none is hashed: a Boost.MultiIndex hashed index
// grows by rehashing all its records at once, inside the write that crosses the next size in
// Boost's list of primes, under the store's write lock. With a table's three to five hashed
// indexes that write waited 39 ms at 24,594 licensees, 86 ms at 98,318 and 411 ms at 196,614
// (bench/run's sequential writes), and every reader and writer waited with it. Boost has no
// incremental rehash, and sizing the buckets up front would cost every namespace megabytes. A
// tree grows by one node per insert; a new table should not bring a hashed index back. A
// look-up walks log2(n) nodes instead of probing one bucket: a write costs about a fifth more
// CPU, and a large load needs state.cpp's ascending ids to stay as fast (docs/performance.md).

#include <algorithm>
#include <bit>
#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>

#include "domain/entities.hpp"
#include "domain/validation.hpp"
#include "store/node_pool.hpp"

namespace scale::store {

namespace mi = boost::multi_index;
using domain::LicenseConsumer;
using domain::LicenseContainer;
using domain::Licensee;
using domain::Timestamp;
using domain::Uuid;

// Index tags.
struct by_id {};
struct by_created {};
struct by_natural_id {};
struct by_email {};
struct by_external_reference {};
struct by_connected_identity {};
struct by_licensee {};
struct by_default {};
struct by_consumer {};
struct by_container {};

// The key of a nullable unique field: the value when present; otherwise the owner's id, so
// that absent values are all distinct.
struct OptionalKey {
  std::string_view value;
  bool present = false;
  Uuid owner;

  static OptionalKey Of(std::string_view v) { return {v, true, {}}; }
};

// The order of std::string's operator< (bytes as unsigned, then length), inline and eight
// bytes at a time: the trees compare on every step down, and a call to memcmp per step was a
// tenth of loading a million licensees.
inline bool bytes_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::uint64_t y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) {
        x = __builtin_bswap64(x);
        y = __builtin_bswap64(y);
      }
      return x < y;
    }
  }
  for (; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  return a.size() < b.size();
}
struct BytesLess {
  bool operator()(std::string_view a, std::string_view b) const { return bytes_less(a, b); }
};

// Absent values first, by owner; then present values, byte for byte.
struct OptionalKeyLess {
  bool operator()(const OptionalKey& a, const OptionalKey& b) const {
    if (a.present != b.present) return !a.present;
    return a.present ? bytes_less(a.value, b.value) : a.owner < b.owner;
  }
};
// Emails compare with ASCII case folding.
struct OptionalKeyLessCi {
  bool operator()(const OptionalKey& a, const OptionalKey& b) const {
    if (a.present != b.present) return !a.present;
    return a.present ? domain::iless_ascii(a.value, b.value) : a.owner < b.owner;
  }
};

template <class E, domain::OptText E::*Field>
struct OptionalField {
  using result_type = OptionalKey;
  OptionalKey operator()(const E& e) const {
    const auto& v = e.*Field;
    return v ? OptionalKey{*v, true, e.id} : OptionalKey{{}, false, e.id};
  }
};

// --------------------------------------------------------------------------- licensees

// The ranked index comes last: a node keeps the record first and the links of the last index
// right after it, next to the record's `created` and `id` (see domain::Licensee), so that a
// step down the tree touches as few cache lines as it can.
using LicenseeTable = mi::multi_index_container<
    Licensee,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>, mi::member<Licensee, Uuid, &Licensee::id>>,
        mi::ordered_unique<mi::tag<by_natural_id>,
                           mi::member<Licensee, std::string, &Licensee::natural_id>, BytesLess>,
        mi::ordered_unique<mi::tag<by_email>, OptionalField<Licensee, &Licensee::email>,
                           OptionalKeyLessCi>,
        mi::ordered_unique<mi::tag<by_external_reference>,
                           OptionalField<Licensee, &Licensee::external_reference>, OptionalKeyLess>,
        mi::ranked_unique<
            mi::tag<by_created>,
            mi::composite_key<Licensee, mi::member<Licensee, Timestamp, &Licensee::created>,
                              mi::member<Licensee, Uuid, &Licensee::id>>>>,
    NodeAllocator<Licensee>>;

// --------------------------------------------------------------------------- containers

// (licensee, true, nil) for the default container, (licensee, false, id) for the others: a
// unique index on it allows at most one default per licensee.
struct DefaultKey {
  using result_type = std::tuple<Uuid, bool, Uuid>;
  result_type operator()(const LicenseContainer& c) const {
    return {c.licensee_id, c.used_as_default, c.used_as_default ? Uuid{} : c.id};
  }
};
using ContainerTable = mi::multi_index_container<
    LicenseContainer,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>,
                           mi::member<LicenseContainer, Uuid, &LicenseContainer::id>>,
        // A licensee's containers; rules::containers_of puts them in list order (a licensee
        // has a few).
        mi::ordered_non_unique<mi::tag<by_licensee>,
                               mi::member<LicenseContainer, Uuid, &LicenseContainer::licensee_id>>,
        mi::ordered_unique<mi::tag<by_default>, DefaultKey>>,
    NodeAllocator<LicenseContainer>>;

// --------------------------------------------------------------------------- consumers

// The ranked index last, as for licensees.
using ConsumerTable = mi::multi_index_container<
    LicenseConsumer,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>, mi::member<LicenseConsumer, Uuid, &LicenseConsumer::id>>,
        mi::ordered_unique<mi::tag<by_natural_id>,
                           mi::member<LicenseConsumer, std::string, &LicenseConsumer::natural_id>,
                           BytesLess>,
        mi::ordered_unique<mi::tag<by_email>,
                           OptionalField<LicenseConsumer, &LicenseConsumer::email>,
                           OptionalKeyLessCi>,
        mi::ordered_unique<mi::tag<by_connected_identity>,
                           OptionalField<LicenseConsumer, &LicenseConsumer::connected_identity_id>,
                           OptionalKeyLess>,
        mi::ordered_unique<mi::tag<by_external_reference>,
                           OptionalField<LicenseConsumer, &LicenseConsumer::external_reference>,
                           OptionalKeyLess>,
        mi::ranked_unique<
            mi::tag<by_created>,
            mi::composite_key<LicenseConsumer,
                              mi::member<LicenseConsumer, Timestamp, &LicenseConsumer::created>,
                              mi::member<LicenseConsumer, Uuid, &LicenseConsumer::id>>>>,
    NodeAllocator<LicenseConsumer>>;

// --------------------------------------------------------------------------- relations

// A consumer associated with a licensee. The consumer's `created` (which never changes) is
// kept here so that a licensee's consumers list in the consumers' order, paged by rank.
struct Association {
  Uuid licensee_id;
  Uuid consumer_id;
  Timestamp consumer_created = 0;
};

using AssociationTable = mi::multi_index_container<
    Association,
    mi::indexed_by<
        mi::ranked_unique<
            mi::tag<by_licensee>,
            mi::composite_key<Association, mi::member<Association, Uuid, &Association::licensee_id>,
                              mi::member<Association, Timestamp, &Association::consumer_created>,
                              mi::member<Association, Uuid, &Association::consumer_id>>>,
        mi::ordered_unique<
            mi::tag<by_consumer>,
            mi::composite_key<Association, mi::member<Association, Uuid, &Association::consumer_id>,
                              mi::member<Association, Uuid, &Association::licensee_id>>>>,
    NodeAllocator<Association>>;

// A consumer with access to a container (of licensee `licensee_id`).
struct Access {
  Uuid container_id;
  Uuid consumer_id;
  Uuid licensee_id;
  Timestamp consumer_created = 0;
};

using AccessTable = mi::multi_index_container<
    Access,
    mi::indexed_by<mi::ranked_unique<
                       mi::tag<by_container>,
                       mi::composite_key<Access, mi::member<Access, Uuid, &Access::container_id>,
                                         mi::member<Access, Timestamp, &Access::consumer_created>,
                                         mi::member<Access, Uuid, &Access::consumer_id>>>,
                   mi::ordered_non_unique<
                       mi::tag<by_consumer>,
                       mi::composite_key<Access, mi::member<Access, Uuid, &Access::consumer_id>,
                                         mi::member<Access, Uuid, &Access::licensee_id>>>>,
    NodeAllocator<Access>>;

}  // namespace scale::store

// The tables of contract sections 10 and 11, built on the keys and tags above.
#include "store/license_tables.hpp"
// After license_tables.hpp: it uses by_license.
#include "store/lease_tables.hpp"

namespace scale::store {

// Ids are unique across the whole store (a path or a message names a record by its id alone).
// An id drawn from the generator cannot repeat another drawn since the generator's sequence
// last started (domain::IdGenerator::next), so it needs checking only against the ids that
// came from elsewhere: ids given in a fixture or state document, and every id the store held
// when the sequence started again (a reseed). Those are kept here, and Store::new_id looks a
// drawn id up in this one tree, usually small, instead of in each of nine tables (with ten
// thousands of licenses that was a tenth of the CPU of issuing one: three ids, each looked up
// in the licenses and their parts, each look-up a walk of cache misses down a large tree).
using IdSet = mi::multi_index_container<
    Uuid, mi::indexed_by<mi::ordered_unique<mi::tag<by_id>, mi::identity<Uuid>>>,
    NodeAllocator<Uuid>>;

// The whole state of one store.
struct Tables {
  LicenseeTable licensees;
  ContainerTable containers;
  ConsumerTable consumers;
  AssociationTable associations;
  AccessTable access;
  LicenseModelTable license_models;
  ProductTable products;
  ProductConfigurationTable configurations;
  LicenseTable licenses;
  LicensePartTable license_parts;
  KeyTable keys;
  LeaseTable leases;
  // Ids of records that a drawn id may repeat (IdSet above): each is an id of a record of the
  // tables above; the erase_* rules take an id out with its record.
  IdSet foreign_ids;
  // The generator's epoch() that foreign_ids is complete for (when the generator's differs,
  // every id of the tables is foreign: rules::collect_foreign_ids).
  std::uint64_t ids_epoch = 0;
  // The id the next client binding gets: 1, 2, 3... (a load continues after the largest).
  std::int64_t next_binding_id = 1;
};

}  // namespace scale::store
