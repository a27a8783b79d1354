#pragma once
// The rules of contract section 10 as pure functions: the catalogue's fields; a license's
// quantity, validity, key, versions and features; what an issue request or a state document's
// license resolves to; and what a PUT may change. Each returns Ok() or the first broken rule
// (kInvalid, the field named), fields checked in the contract's order.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/error.hpp"
#include "domain/license.hpp"
#include "domain/state_document.hpp"

namespace scale::domain {

inline constexpr std::int64_t kMaxSeats = 1000;
inline constexpr std::int64_t kUnlimitedQty = -1;
// The built-in model of a feature license (documented): one device per seat, no other limit.
inline constexpr std::int64_t kBuiltInDevicesPerSeat = 1;

// 16 to 64 of A-Z a-z 0-9 - _ (the SDK's rule).
bool is_license_key(std::string_view s);

// Field licenseKey.
Status validate_license_key(std::string_view key);
// Field qty: SEATS 1 to 1000, USE_COUNT and USE_TIME at least 1; -1 (unlimited) only with
// METERED.
Status validate_qty(std::int64_t qty, QtyDimension dimension, QtyEnforcementType enforcement);
// Field validUntil: when given, after `from`.
Status validate_validity(Timestamp from, const std::optional<Timestamp>& until);
// Each bound, when given, non-blank, at most 255 characters and free of control characters;
// the upper bound not below the lower one (natural order, see version.hpp); the display name
// at most 255 characters.
Status validate_version_bounds(const OptText& lower, const OptText& upper,
                               const OptText& display_name);
// Each name non-blank, at most 255 characters, listed once. The field is "features/<index>".
Status validate_feature_names(const std::vector<std::string>& names);
// Each reference at most 255 characters.
Status validate_references(const LicenseReferences& r);
// The value, when given, is 0 or more.
Status validate_not_negative(const char* field, const OptInt& value);

// A catalogue record's own fields (name required; counts not negative; a configuration's
// features, model, dimension, enforcement and qty required and its qty valid for them,
// validityDays at least 1). Whether a configuration's model exists is the store's to check.
Status validate(const LicenseModelRecord& r);
Status validate(const ProductRecord& r);
Status validate(const ProductConfigurationRecord& r);

// What a product license is issued from.
struct LicenseSource {
  const ProductConfiguration& configuration;
  const Product& product;
  const LicenseModel& model;
};

// The license that `terms` describe: its product and per-seat values, quantity, validity,
// features (names only), version bounds, display name and references. With a `source` (a
// product license), absent terms come from the configuration and its model, and productName,
// features, qtyDimension and qtyEnforcementType, when given, must equal the configuration's
// (features compared as sets); without one (a feature license), productName, qtyDimension,
// qtyEnforcementType and qty are required, absent features are none, and the per-seat values
// are the built-in model's. An absent validFrom is the start of the UTC day of `now`; an
// absent validUntil is `validityDays` after validFrom when `apply_validity_days` (an issue)
// and the configuration has them, else perpetual. Ids, timestamps and the container are left
// for the caller.
Result<License> resolve_terms(const LicenseTerms& terms, const LicenseSource* source, Timestamp now,
                              bool apply_validity_days);

// A PUT on `current`: every fixed field given must equal the license's (id, productConfigId,
// productName, qty, qtyDimension, qtyEnforcementType, features as a set, licenseKey, the
// version bounds, the per-seat values, the references, created, modified); then the new
// displayName and validity must be valid.
Status validate_update(const LicenseUpdate& in, const License& current);

}  // namespace scale::domain
