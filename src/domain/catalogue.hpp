#pragma once
// The catalogue a vendor defines (contract section 10.1): license models, products and their
// configurations. The API only reads them; they come from fixtures and state documents.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "domain/quantity.hpp"

namespace scale::domain {

using OptInt = std::optional<std::int64_t>;

// How a license may be used per seat. The values are copied into each license issued under
// the model (documented), so later changes never reach issued licenses.
struct LicenseModel {
  Uuid id;
  std::string name;  // unique among license models
  OptInt concurrent_user_app_instances_per_seat;
  OptInt concurrent_user_devices_per_seat;
  OptInt max_assignments_per_user;
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const LicenseModel&) const = default;
};

struct Product {
  Uuid id;
  std::string name;  // the technical name, unique among products
  OptText display_name;
  OptText external_reference;  // unique among products when given
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const Product&) const = default;
};

// What a product license is issued from: the product's features, a license model, the
// dimension, the enforcement, and the defaults for quantity and validity.
struct ProductConfiguration {
  Uuid id;
  Uuid product_id;
  std::string name;  // unique within its product
  OptText display_name;
  std::vector<std::string> features;
  Uuid license_model_id;
  QtyDimension qty_dimension = QtyDimension::kSeats;
  QtyEnforcementType qty_enforcement_type = QtyEnforcementType::kEnforced;
  std::int64_t qty = 1;  // the quantity issued unless the request gives one
  OptInt validity_days;  // nullopt: perpetual
  OptText external_reference;
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const ProductConfiguration&) const = default;
};

}  // namespace scale::domain
