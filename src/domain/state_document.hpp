#pragma once
// The one shape that serves as fixture file, state dump and state upload (contract sections 7
// and 10.4). Everything a dump writes can be loaded again and gives the same dump.

#include <optional>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/entities.hpp"
#include "domain/lease.hpp"
#include "domain/license.hpp"

namespace scale::domain {

// --------------------------------------------------------------------------- catalogue

struct LicenseModelRecord {
  std::optional<Uuid> id;
  OptText name;  // required
  OptInt concurrent_user_app_instances_per_seat;
  OptInt concurrent_user_devices_per_seat;
  OptInt max_assignments_per_user;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
};

struct ProductConfigurationRecord {
  std::optional<Uuid> id;
  OptText name;  // required
  OptText display_name;
  std::vector<std::string> features;
  std::optional<Uuid> license_model_id;                    // required
  std::optional<QtyDimension> qty_dimension;               // required
  std::optional<QtyEnforcementType> qty_enforcement_type;  // required
  OptInt qty;                                              // required
  OptInt validity_days;
  OptText external_reference;
  std::optional<Timestamp> created;  // absent: the product's
  std::optional<Timestamp> modified;
};

struct ProductRecord {
  std::optional<Uuid> id;
  OptText name;  // required
  OptText display_name;
  OptText external_reference;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<ProductConfigurationRecord> configurations;
};

// --------------------------------------------------------------------------- licenses

struct LicenseFeatureRecord {
  std::optional<Uuid> id;
  OptText feature;                   // required
  std::optional<Timestamp> created;  // absent: the license's
  std::optional<Timestamp> modified;
};

// A license's key; on the wire it may also be just the key string.
struct LicenseKeyRecord {
  std::optional<Uuid> id;
  OptText key;  // required
  OptInt allowed_activations;
  std::optional<Timestamp> created;  // absent: the license's
  std::optional<Timestamp> modified;
};

// A live lease (contract 11), inside the license it uses: a lease never outlives its license,
// and the license's quantity rule is checked over its own leases. Absent values: a generated
// leaseId and clientBindingId; qtyPreAlloc 1; verifiedQty 1 for SEATS, else 0; created now;
// validFrom the created time; heartbeatNotBefore validFrom. The qty dimension is the license's.
struct LeaseRecord {
  std::optional<Uuid> id;                   // the leaseId
  OptInt client_binding_id;                 // at least 1, unique
  std::optional<Uuid> license_consumer_id;  // required
  OptInt qty_pre_alloc;
  OptInt verified_qty;
  ClientClaims claims;
  std::optional<Timestamp> created;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> last_heartbeat;
  std::optional<Timestamp> valid_until;  // required: after validFrom
  std::optional<Timestamp> heartbeat_not_before;
};

// A license inside its container. Absent values are derived as an issue derives them: from the
// configuration named by productConfigId (a product license) or, for a feature license, from
// what is given (productName, qtyDimension, qtyEnforcementType and qty are then required).
// Unlike an issue, validityDays is not applied: an absent or null validUntil is perpetual. The
// key's LICENSE_KEY consumer is the one named after the key among licenseConsumers, or is
// created when there is none.
struct LicenseRecord {
  std::optional<Uuid> id;
  std::optional<Uuid> product_config_id;
  OptText product_name;
  OptText display_name;
  OptInt qty;
  std::optional<QtyDimension> qty_dimension;
  std::optional<QtyEnforcementType> qty_enforcement_type;
  std::optional<Timestamp> valid_from;  // absent: the start of the current UTC day
  std::optional<Timestamp> valid_until;
  std::optional<std::vector<LicenseFeatureRecord>> features;  // absent: derived
  std::optional<LicenseKeyRecord> license_key;
  OptText allowed_version_lower_bound;
  OptText allowed_version_upper_bound;
  OptText allowed_versions_display_name;
  OptInt concurrent_user_app_instances_per_seat;  // absent: the model's
  OptInt concurrent_user_devices_per_seat;
  LicenseReferences references;
  OptInt consumed_qty;  // absent: 0
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<LeaseRecord> leases;
};

// --------------------------------------------------------------------------- customers

struct ContainerRecord {
  std::optional<Uuid> id;  // generated when absent
  OptText name;
  bool used_as_default = false;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<Uuid> consumer_ids;  // consumers with access (access implies association)
  std::vector<LicenseRecord> licenses;
};

struct LicenseeRecord {
  std::optional<Uuid> id;
  std::optional<LicenseeType> type;  // required
  LicenseeFields fields;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<ContainerRecord> containers;  // none: a default container named "default" is made
  std::vector<Uuid> consumer_ids;           // associated consumers
};

struct ConsumerRecord {
  std::optional<Uuid> id;
  std::optional<ConsumerType> type;  // required; LICENSE_KEY allowed here
  ConsumerFields fields;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
};

struct StateDocument {
  std::vector<LicenseeRecord> licensees;
  std::vector<ConsumerRecord> consumers;
  std::vector<LicenseModelRecord> license_models;
  std::vector<ProductRecord> products;
};

struct Counts {
  std::size_t licensees = 0;
  std::size_t containers = 0;
  std::size_t consumers = 0;
  std::size_t licenses = 0;
  std::size_t products = 0;
  std::size_t leases = 0;  // live now
};

}  // namespace scale::domain
