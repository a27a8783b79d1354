#pragma once
// The in-memory tables: one Boost.MultiIndex container per kind of record and per relation,
// every index tagged. Uniqueness the contract asks for is held by unique indexes; nullable
// unique fields use OptionalKey, under which absent values never collide (each absent value is
// keyed by its record's own id), so "unique when given" is a plain unique index.

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>
#include <functional>
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
using domain::UuidHash;

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

struct OptionalKeyHash {
  std::size_t operator()(const OptionalKey& k) const {
    return k.present ? std::hash<std::string_view>{}(k.value) : UuidHash{}(k.owner);
  }
};
struct OptionalKeyEq {
  bool operator()(const OptionalKey& a, const OptionalKey& b) const {
    if (a.present != b.present) return false;
    return a.present ? a.value == b.value : a.owner == b.owner;
  }
};
// Emails compare with ASCII case folding.
struct OptionalKeyHashCi {
  std::size_t operator()(const OptionalKey& k) const {
    return k.present ? domain::ihash_ascii(k.value) : UuidHash{}(k.owner);
  }
};
struct OptionalKeyEqCi {
  bool operator()(const OptionalKey& a, const OptionalKey& b) const {
    if (a.present != b.present) return false;
    return a.present ? domain::iequals_ascii(a.value, b.value) : a.owner == b.owner;
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
        mi::hashed_unique<mi::tag<by_id>, mi::member<Licensee, Uuid, &Licensee::id>, UuidHash>,
        mi::hashed_unique<mi::tag<by_natural_id>,
                          mi::member<Licensee, std::string, &Licensee::natural_id>>,
        mi::hashed_unique<mi::tag<by_email>, OptionalField<Licensee, &Licensee::email>,
                          OptionalKeyHashCi, OptionalKeyEqCi>,
        mi::hashed_unique<mi::tag<by_external_reference>,
                          OptionalField<Licensee, &Licensee::external_reference>, OptionalKeyHash,
                          OptionalKeyEq>,
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
// Only ever looked up whole, so hashed: one probe instead of a walk down a tree per lookup
// and per insert, and a smaller node.
struct DefaultKeyHash {
  std::size_t operator()(const DefaultKey::result_type& k) const {
    const UuidHash h;
    return h(std::get<0>(k)) ^ (std::get<1>(k) ? 0x9e3779b97f4a7c15ULL : 0) ^
           (h(std::get<2>(k)) * 31);
  }
};

using ContainerTable = mi::multi_index_container<
    LicenseContainer,
    mi::indexed_by<
        mi::hashed_unique<mi::tag<by_id>, mi::member<LicenseContainer, Uuid, &LicenseContainer::id>,
                          UuidHash>,
        // A licensee's containers, found by hashing; rules::containers_of puts them in list
        // order (a licensee has a few). A tree ordered by (licensee, created, id) cost a dozen
        // cache misses per container inserted into a large store: a third of loading a
        // million licensees.
        mi::hashed_non_unique<mi::tag<by_licensee>,
                              mi::member<LicenseContainer, Uuid, &LicenseContainer::licensee_id>,
                              UuidHash>,
        mi::hashed_unique<mi::tag<by_default>, DefaultKey, DefaultKeyHash>>,
    NodeAllocator<LicenseContainer>>;

// --------------------------------------------------------------------------- consumers

// The ranked index last, as for licensees.
using ConsumerTable = mi::multi_index_container<
    LicenseConsumer,
    mi::indexed_by<
        mi::hashed_unique<mi::tag<by_id>, mi::member<LicenseConsumer, Uuid, &LicenseConsumer::id>,
                          UuidHash>,
        mi::hashed_unique<mi::tag<by_natural_id>,
                          mi::member<LicenseConsumer, std::string, &LicenseConsumer::natural_id>>,
        mi::hashed_unique<mi::tag<by_email>,
                          OptionalField<LicenseConsumer, &LicenseConsumer::email>,
                          OptionalKeyHashCi, OptionalKeyEqCi>,
        mi::hashed_unique<mi::tag<by_connected_identity>,
                          OptionalField<LicenseConsumer, &LicenseConsumer::connected_identity_id>,
                          OptionalKeyHash, OptionalKeyEq>,
        mi::hashed_unique<mi::tag<by_external_reference>,
                          OptionalField<LicenseConsumer, &LicenseConsumer::external_reference>,
                          OptionalKeyHash, OptionalKeyEq>,
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

// The tables of contract section 10, built on the keys and tags above.
#include "store/license_tables.hpp"

namespace scale::store {

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
};

}  // namespace scale::store
