#pragma once
// The wire format of the catalogue (contract section 10.1): license models, products and
// product configurations. The API only writes them; state documents (section 10.4) also read
// them.

#include <string>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/fields.hpp"
#include "domain/state_document.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A license model's fields, in the contract's order. Records: LicenseModel (answers, and the
// licenseModel of a license's metadata), LicenseModelRecord (state documents).
struct LicenseModelWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Int>(f::kConcurrentUserAppInstancesPerSeat,
                       SCALE_WIRE_SLOT(concurrent_user_app_instances_per_seat)));
    v(field<kind::Int>(f::kConcurrentUserDevicesPerSeat,
                       SCALE_WIRE_SLOT(concurrent_user_devices_per_seat)));
    v(field<kind::Int>(f::kMaxAssignmentsPerUser, SCALE_WIRE_SLOT(max_assignments_per_user)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
  }
};

// A product configuration's fields, in the contract's order (its product is where it is
// listed, not a field). Records: ProductConfiguration (answers), ProductConfigurationRecord
// (state documents).
struct ProductConfigurationWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Text>(f::kDisplayName, SCALE_WIRE_SLOT(display_name)));
    v(field<kind::Names>(f::kFeatures, SCALE_WIRE_SLOT(features)));
    v(field<kind::Id>(f::kLicenseModelId, SCALE_WIRE_SLOT(license_model_id)));
    v(field<kind::Enum>(f::kQtyDimension, SCALE_WIRE_SLOT(qty_dimension)));
    v(field<kind::Enum>(f::kQtyEnforcementType, SCALE_WIRE_SLOT(qty_enforcement_type)));
    v(field<kind::Int>(f::kQty, SCALE_WIRE_SLOT(qty)));
    v(field<kind::Int>(f::kValidityDays, SCALE_WIRE_SLOT(validity_days)));
    v(field<kind::Text>(f::kExternalReference, SCALE_WIRE_SLOT(external_reference)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
  }
};

// A product's fields, in the contract's order. Records: Product (answers), ProductRecord
// (state documents, with its productConfigurations).
struct ProductWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Text>(f::kDisplayName, SCALE_WIRE_SLOT(display_name)));
    v(field<kind::Text>(f::kExternalReference, SCALE_WIRE_SLOT(external_reference)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
    v(field<kind::Objects<ProductConfigurationWire>>(f::kProductConfigurations,
                                                     SCALE_WIRE_SLOT(configurations)));
  }
};

Json encode(const domain::LicenseModel& m);
Json encode(const domain::Product& p);
Json encode(const domain::ProductConfiguration& c);
// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects. Absent values are null.
std::string to_json(const domain::LicenseModel& m);
std::string to_json(const domain::Product& p);
std::string to_json(const domain::ProductConfiguration& c);
std::string to_json(const std::vector<domain::LicenseModel>& list);
std::string to_json(const std::vector<domain::Product>& list);
std::string to_json(const std::vector<domain::ProductConfiguration>& list);

}  // namespace scale::wire
