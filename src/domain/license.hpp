#pragma once
// Licenses (contract section 10.2): what a licensee holds in one of its containers, issued from
// a product configuration or from a product name and features given on the fly; and the inputs
// that issue, edit, move, revoke and list them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/entities.hpp"
#include "domain/quantity.hpp"

namespace scale::domain {

struct LicenseFeature {
  Uuid id;
  std::string feature;  // the feature's name
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const LicenseFeature&) const = default;
};

// The key of a key license. Its LICENSE_KEY consumer is named after `key`.
struct LicenseKey {
  Uuid id;
  std::string key;  // 16 to 64 of A-Z a-z 0-9 - _
  OptInt allowed_activations;
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const LicenseKey&) const = default;
};

// The identifiers from other systems that a license may carry (its metadata on the wire).
struct LicenseReferences {
  OptText contract_reference;
  OptText order_reference;
  OptText product_reference;
  OptText subscription_reference;

  bool operator==(const LicenseReferences&) const = default;
};

// The ranked list index orders licenses by (licensee, created, id): those come last, as in
// Licensee.
struct License {
  Uuid container_id;
  std::optional<Uuid> product_config_id;  // nullopt: a feature license
  std::string product_name;
  OptText display_name;
  std::int64_t qty = 1;  // -1: unlimited (METERED only)
  QtyDimension qty_dimension = QtyDimension::kSeats;
  QtyEnforcementType qty_enforcement_type = QtyEnforcementType::kEnforced;
  Timestamp valid_from = 0;
  std::optional<Timestamp> valid_until;  // nullopt: perpetual
  std::vector<LicenseFeature> features;
  std::optional<LicenseKey> license_key;
  OptText allowed_version_lower_bound;  // bounds are inclusive; nullopt: no bound
  OptText allowed_version_upper_bound;
  OptText allowed_versions_display_name;
  OptInt concurrent_user_app_instances_per_seat;  // copied from the model at issue
  OptInt concurrent_user_devices_per_seat;
  LicenseReferences references;
  std::int64_t consumed_qty = 0;  // use taken by leases that have ended
  Timestamp modified = 0;
  Uuid licensee_id;
  Timestamp created = 0;
  Uuid id;

  bool operator==(const License&) const = default;
};

// Valid at `t`: validFrom <= t, and t before validUntil when there is one.
bool is_valid_at(const License& l, Timestamp t);

// A license with what its metadata shows, read together: its container, and for a product
// license its configuration, that configuration's product and license model (all nullopt for a
// feature license).
struct LicenseView {
  License license;
  LicenseContainer container;
  std::optional<LicenseModel> model;
  std::optional<ProductConfiguration> configuration;
  std::optional<Product> product;

  bool operator==(const LicenseView&) const = default;
};

// --------------------------------------------------------------------------- inputs

// The terms of a license as a request or a state document gives them; every field may be
// absent. For a product license the configuration supplies what is absent.
struct LicenseTerms {
  OptText product_name;
  OptText display_name;
  OptInt qty;
  std::optional<QtyDimension> qty_dimension;
  std::optional<QtyEnforcementType> qty_enforcement_type;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  std::optional<std::vector<std::string>> features;  // names
  OptText allowed_version_lower_bound;
  OptText allowed_version_upper_bound;
  OptText allowed_versions_display_name;
  LicenseReferences references;

  bool operator==(const LicenseTerms&) const = default;
};

// An issue request: a product license when `product_config_id` is given, else a feature
// license. `generate_license_key` or `license_key` makes it a key license.
struct LicenseIssue {
  std::optional<Uuid> product_config_id;
  LicenseTerms terms;
  std::optional<Uuid> license_container_id;  // nullopt: the licensee's default container
  bool generate_license_key = false;
  OptText license_key;

  bool operator==(const LicenseIssue&) const = default;
};

// A PUT body. validFrom, validUntil and displayName are replaced (an absent validFrom keeps its
// value, an absent validUntil makes the license perpetual, an absent displayName becomes null);
// a licenseContainerId moves the license. Every other field must equal the license's when given.
struct LicenseUpdate {
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  OptText display_name;
  std::optional<Uuid> license_container_id;

  std::optional<Uuid> id;
  std::optional<Uuid> product_config_id;
  OptText product_name;
  OptInt qty;
  std::optional<QtyDimension> qty_dimension;
  std::optional<QtyEnforcementType> qty_enforcement_type;
  std::optional<std::vector<std::string>> features;  // names, compared as sets
  OptText license_key;
  OptText allowed_version_lower_bound;
  OptText allowed_version_upper_bound;
  OptText allowed_versions_display_name;
  OptInt concurrent_user_app_instances_per_seat;
  OptInt concurrent_user_devices_per_seat;
  LicenseReferences references;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;

  bool operator==(const LicenseUpdate&) const = default;
};

// Ends the validity of the listed licenses at `valid_until` (nullopt: now), never extending it.
struct LicenseRevoke {
  std::vector<Uuid> license_ids;
  std::optional<Timestamp> valid_until;

  bool operator==(const LicenseRevoke&) const = default;
};

// Which of a licensee's licenses a list holds; every filter given must hold.
struct LicenseFilter {
  std::optional<ContainerRef> container;
  OptText product_name;  // compared byte for byte
  bool valid_now = false;
};

}  // namespace scale::domain
