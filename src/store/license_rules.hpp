#pragma once
// The rules of contract section 10 that every write path shares, as functions over Tables:
// look-ups, a license with its metadata, and the cascades that keep licenses, their keys and
// their LICENSE_KEY consumers together. As rules.hpp: the Store calls them under its lock, the
// state loader on a private copy; none takes a lock.

#include <optional>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/license.hpp"
#include "store/tables.hpp"

namespace scale::store::rules {

const LicenseModel* find_license_model(const Tables& t, const Uuid& id);
const Product* find_product(const Tables& t, const Uuid& id);
const ProductConfiguration* find_configuration(const Tables& t, const Uuid& id);
const License* find_license(const Tables& t, const Uuid& id);

// The row of the LICENSE_KEY consumer named `key`, or of the consumer `consumer`; nullptr when
// there is none.
const KeyLink* find_key(const Tables& t, std::string_view key);
const KeyLink* key_of_consumer(const Tables& t, const Uuid& consumer);

// Whether a record of sections 10 and 11 (license model, product, configuration, license, a
// license's feature or key, or a lease) has the id.
bool license_record_has_id(const Tables& t, const Uuid& id);
// The kind of that record ("license model", "product", "product configuration", "license",
// "license feature", "license key", "lease"); nullptr when none has the id.
const char* license_record_kind(const Tables& t, const Uuid& id);

// The license with its container and, for a product license, its configuration, product and
// model: copies, which the view owns. A license the caller is done with is moved in.
domain::LicenseView view_of(const Tables& t, const License& license);
domain::LicenseView view_of(const Tables& t, License&& license);

// The container's licenses in list order: created, then id.
std::vector<const License*> licenses_in(const Tables& t, const Uuid& container);

// Adds the license, the ids of its features and key, and, for a key license, links the key to
// `key_consumer` (its LICENSE_KEY consumer, which must be in the consumers table and have no
// license). The caller has checked every rule.
void insert_license(Tables& t, const License& license, const std::optional<Uuid>& key_consumer);
// Adds the row of a LICENSE_KEY consumer that has no license yet.
void insert_unlinked_key(Tables& t, const domain::LicenseConsumer& consumer);

// Removes the license, its features' and key's ids, its leases, and its key's LICENSE_KEY
// consumer (with that consumer's relations). Every license delete and cascade comes here.
void erase_license(Tables& t, Uuid id);
// Removes every license of the container, as erase_license does.
void erase_licenses_in(Tables& t, Uuid container);

}  // namespace scale::store::rules
