#pragma once
// The tables of contract section 10: the catalogue (license models, products, product
// configurations), licenses, the ids of their features and keys, and the license keys that tie
// key licenses to their LICENSE_KEY consumers. The same habits as in tables.hpp hold: every
// index tagged, uniqueness held by unique indexes, and every index a tree (tables.hpp says why
// a hashed index would make writes wait for a rehash).
//
// Part of tables.hpp, which includes it after the index keys and tags it builds on (OptionalKey,
// by_id, ...) and before its Tables struct: include "store/tables.hpp", not this file.

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>
#include <optional>
#include <string>
#include <utility>

#include "domain/catalogue.hpp"
#include "domain/license.hpp"
#include "store/node_pool.hpp"

namespace scale::store {

using domain::License;
using domain::LicenseModel;
using domain::Product;
using domain::ProductConfiguration;

struct by_name {};
struct by_product {};
struct by_license {};
struct by_key {};

// --------------------------------------------------------------------------- catalogue

using LicenseModelTable = mi::multi_index_container<
    LicenseModel,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>, mi::member<LicenseModel, Uuid, &LicenseModel::id>>,
        mi::ordered_unique<mi::tag<by_name>,
                           mi::member<LicenseModel, std::string, &LicenseModel::name>, BytesLess>,
        mi::ranked_unique<
            mi::tag<by_created>,
            mi::composite_key<LicenseModel,
                              mi::member<LicenseModel, Timestamp, &LicenseModel::created>,
                              mi::member<LicenseModel, Uuid, &LicenseModel::id>>>>,
    NodeAllocator<LicenseModel>>;

using ProductTable = mi::multi_index_container<
    Product,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>, mi::member<Product, Uuid, &Product::id>>,
        mi::ordered_unique<mi::tag<by_name>, mi::member<Product, std::string, &Product::name>,
                           BytesLess>,
        mi::ordered_unique<mi::tag<by_external_reference>,
                           OptionalField<Product, &Product::external_reference>, OptionalKeyLess>,
        mi::ranked_unique<
            mi::tag<by_created>,
            mi::composite_key<Product, mi::member<Product, Timestamp, &Product::created>,
                              mi::member<Product, Uuid, &Product::id>>>>,
    NodeAllocator<Product>>;

// by_name: (product, name), unique within a product. by_product: a product's configurations in
// list order.
using ProductConfigurationTable = mi::multi_index_container<
    ProductConfiguration,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>,
                           mi::member<ProductConfiguration, Uuid, &ProductConfiguration::id>>,
        mi::ordered_unique<
            mi::tag<by_name>,
            mi::composite_key<
                ProductConfiguration,
                mi::member<ProductConfiguration, Uuid, &ProductConfiguration::product_id>,
                mi::member<ProductConfiguration, std::string, &ProductConfiguration::name>>>,
        mi::ranked_unique<
            mi::tag<by_product>,
            mi::composite_key<
                ProductConfiguration,
                mi::member<ProductConfiguration, Uuid, &ProductConfiguration::product_id>,
                mi::member<ProductConfiguration, Timestamp, &ProductConfiguration::created>,
                mi::member<ProductConfiguration, Uuid, &ProductConfiguration::id>>>>,
    NodeAllocator<ProductConfiguration>>;

// --------------------------------------------------------------------------- licenses

// by_licensee: a licensee's licenses in list order (created, then id), paged by rank.
// by_container: a container's licenses, for its cascade and the list filter.
using LicenseTable = mi::multi_index_container<
    License,
    mi::indexed_by<mi::ordered_unique<mi::tag<by_id>, mi::member<License, Uuid, &License::id>>,
                   mi::ordered_non_unique<mi::tag<by_container>,
                                          mi::member<License, Uuid, &License::container_id>>,
                   mi::ranked_unique<
                       mi::tag<by_licensee>,
                       mi::composite_key<License, mi::member<License, Uuid, &License::licensee_id>,
                                         mi::member<License, Timestamp, &License::created>,
                                         mi::member<License, Uuid, &License::id>>>>,
    NodeAllocator<License>>;

// The id of a license's feature or key: ids are unique across every record, and these records
// live inside their license. Erasing a license erases its parts by the ids its record lists (a
// license's features and key never change after issue), so no index by license is kept: it
// was one more walk down a large tree for each part of each license issued.
struct LicensePart {
  Uuid id;
  Uuid license_id;
};

using LicensePartTable =
    mi::multi_index_container<LicensePart,
                              mi::indexed_by<mi::ordered_unique<
                                  mi::tag<by_id>, mi::member<LicensePart, Uuid, &LicensePart::id>>>,
                              NodeAllocator<LicensePart>>;

// One row per LICENSE_KEY consumer, whose name is a license key: keys are unique, and a key's
// license (when it has one: fixtures may hold LICENSE_KEY consumers without) has exactly this
// consumer.
struct KeyLink {
  std::string key;
  Uuid consumer_id;
  std::optional<Uuid> license_id;
};

// (license, true) for a key of a license, (consumer, false) for one without: unique, and the
// rows without a license never collide.
struct LinkedLicense {
  using result_type = std::pair<Uuid, bool>;
  result_type operator()(const KeyLink& k) const {
    return k.license_id ? result_type{*k.license_id, true} : result_type{k.consumer_id, false};
  }
};

using KeyTable = mi::multi_index_container<
    KeyLink,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_key>, mi::member<KeyLink, std::string, &KeyLink::key>,
                           BytesLess>,
        mi::ordered_unique<mi::tag<by_consumer>, mi::member<KeyLink, Uuid, &KeyLink::consumer_id>>,
        mi::ordered_unique<mi::tag<by_license>, LinkedLicense>>,
    NodeAllocator<KeyLink>>;

}  // namespace scale::store
