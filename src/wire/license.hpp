#pragma once
// The wire format of licenses (contract section 10.2): the license as answered, with or without
// its metadata; the bodies that issue, edit and revoke licenses; and licenses in state
// documents (section 10.4).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/fields.hpp"
#include "domain/license.hpp"
#include "domain/state_document.hpp"
#include "wire/catalogue.hpp"
#include "wire/checkout.hpp"
#include "wire/container.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A license's feature (the SDK's LicenseFeature). Records: LicenseFeature (answers),
// LicenseFeatureRecord (state documents). Where a license's features are read, an item may
// also be just the feature's name.
struct LicenseFeatureWire {
  using Record = domain::LicenseFeatureRecord;
  static domain::OptText& shorthand(Record& r) { return r.feature; }
  static constexpr const char* kShorthandName = domain::field::kFeature;

  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kFeature, SCALE_WIRE_SLOT(feature)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
  }
};

// A license's key (the SDK's LicenseKey; the key itself is its field licenseKey). Records:
// LicenseKey (answers), LicenseKeyRecord (state documents). Where a license is read, its
// licenseKey may also be just the key string ("" is no key).
struct LicenseKeyWire {
  using Record = domain::LicenseKeyRecord;
  static domain::OptText& shorthand(Record& r) { return r.key; }
  static constexpr const char* kShorthandName = domain::field::kLicenseKey;

  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kLicenseKey, SCALE_WIRE_SLOT(key)));
    v(field<kind::Int>(f::kAllowedActivations, SCALE_WIRE_SLOT(allowed_activations)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
  }
};

// A license's fields, in the order of contract section 10.2 (answers carry exactly those, plus
// licenseMetadata when asked for). The fields marked kDocumentOnly (the configuration, the
// references, consumedQty) are written in state documents only: an answer shows the
// configuration and the references in licenseMetadata. Records: License (answers),
// LicenseRecord (state documents, inside its container), LicenseIssue (the issue body: also
// licenseContainerId and generateLicenseKey), LicenseUpdate (the PUT body: also
// licenseContainerId). In bodies the features may be names or feature objects and the
// licenseKey a string or a key object; a body's record keeps only the names and the key string.
struct LicenseWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Id>(f::kProductConfigId, SCALE_WIRE_SLOT(product_config_id), kDocumentOnly));
    v(field<kind::Id>(f::kLicenseContainerId, SCALE_WIRE_SLOT(license_container_id)));
    v(field<kind::Text>(f::kProductName, SCALE_WIRE_SLOT(product_name)));
    v(field<kind::Text>(f::kDisplayName, SCALE_WIRE_SLOT(display_name)));
    v(field<kind::Int>(f::kQty, SCALE_WIRE_SLOT(qty)));
    v(field<kind::Enum>(f::kQtyDimension, SCALE_WIRE_SLOT(qty_dimension)));
    v(field<kind::Enum>(f::kQtyEnforcementType, SCALE_WIRE_SLOT(qty_enforcement_type)));
    v(field<kind::Time>(f::kValidFrom, SCALE_WIRE_SLOT(valid_from)));
    v(field<kind::Time>(f::kValidUntil, SCALE_WIRE_SLOT(valid_until)));
    v(field<kind::Objects<LicenseFeatureWire>>(f::kFeatures, SCALE_WIRE_SLOT(features)));
    v(field<kind::Bool>(f::kGenerateLicenseKey, SCALE_WIRE_SLOT(generate_license_key)));
    v(field<kind::Object<LicenseKeyWire>>(f::kLicenseKey, SCALE_WIRE_SLOT(license_key)));
    v(field<kind::Text>(f::kAllowedVersionLowerBound,
                        SCALE_WIRE_SLOT(allowed_version_lower_bound)));
    v(field<kind::Text>(f::kAllowedVersionUpperBound,
                        SCALE_WIRE_SLOT(allowed_version_upper_bound)));
    v(field<kind::Text>(f::kAllowedVersionsDisplayName,
                        SCALE_WIRE_SLOT(allowed_versions_display_name)));
    v(field<kind::Int>(f::kConcurrentUserAppInstancesPerSeat,
                       SCALE_WIRE_SLOT(concurrent_user_app_instances_per_seat)));
    v(field<kind::Int>(f::kConcurrentUserDevicesPerSeat,
                       SCALE_WIRE_SLOT(concurrent_user_devices_per_seat)));
    v(field<kind::Text>(f::kContractReference, SCALE_WIRE_SLOT(references.contract_reference),
                        kDocumentOnly));
    v(field<kind::Text>(f::kOrderReference, SCALE_WIRE_SLOT(references.order_reference),
                        kDocumentOnly));
    v(field<kind::Text>(f::kProductReference, SCALE_WIRE_SLOT(references.product_reference),
                        kDocumentOnly));
    v(field<kind::Text>(f::kSubscriptionReference,
                        SCALE_WIRE_SLOT(references.subscription_reference), kDocumentOnly));
    v(field<kind::Int>(f::kConsumedQty, SCALE_WIRE_SLOT(consumed_qty), kDocumentOnly));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
    v(field<kind::Objects<LeaseWire>>(f::kLeases, SCALE_WIRE_SLOT(leases), kOmitEmpty));
  }
};

// The revoke body: {"licenseIds": [...], "validUntil": ...}.
struct LicenseRevokeWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Ids>(f::kLicenseIds, SCALE_WIRE_SLOT(license_ids)));
    v(field<kind::Time>(f::kValidUntil, SCALE_WIRE_SLOT(valid_until)));
  }
};

// What a product license's metadata says of its configuration (the SDK's
// EffectiveProductConfigInfo, whose fields are all required: a configuration or product
// without a displayName shows its name).
struct ProductConfigInfo {
  const domain::ProductConfiguration& configuration;
  const domain::Product& product;
  const domain::LicenseModel& model;
};

struct ProductConfigInfoWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    using I = const ProductConfigInfo;
    v(field<kind::Id>(f::kId, [](I& i) -> auto& { return i.configuration.id; }));
    v(field<kind::Id>(f::kProductConfigId, [](I& i) -> auto& { return i.configuration.id; }));
    v(field<kind::Text>(f::kProductConfigName,
                        [](I& i) -> auto& { return i.configuration.name; }));
    v(field<kind::Text>(f::kProductConfigDisplayName, [](I& i) -> const std::string& {
      return i.configuration.display_name ? *i.configuration.display_name : i.configuration.name;
    }));
    v(field<kind::Id>(f::kProductId, [](I& i) -> auto& { return i.product.id; }));
    v(field<kind::Text>(f::kProductName, [](I& i) -> auto& { return i.product.name; }));
    v(field<kind::Text>(f::kProductDisplayName, [](I& i) -> const std::string& {
      return i.product.display_name ? *i.product.display_name : i.product.name;
    }));
    v(field<kind::Names>(f::kFeatures, [](I& i) -> auto& { return i.configuration.features; }));
    v(field<kind::Id>(f::kLicenseModelId, [](I& i) -> auto& { return i.model.id; }));
    v(field<kind::Text>(f::kLicenseModelName, [](I& i) -> auto& { return i.model.name; }));
    v(field<kind::Enum>(f::kQtyDimension,
                        [](I& i) -> auto& { return i.configuration.qty_dimension; }));
    v(field<kind::Time>(f::kCreated, [](I& i) -> auto& { return i.configuration.created; }));
    v(field<kind::Time>(f::kModified, [](I& i) -> auto& { return i.configuration.modified; }));
  }
};

// A license's metadata (the SDK's LicenseMetadata), written from its LicenseView:
// licenseContainer, licenseModel (null for a feature license), productConfigInfo (null for a
// feature license), and the four references.
struct LicenseMetadataWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    using L = const domain::LicenseView;
    v(field<kind::Object<ContainerWire>>(f::kLicenseContainer,
                                         [](L& l) -> auto& { return l.container; }));
    v(field<kind::Object<LicenseModelWire>>(f::kLicenseModel,
                                            [](L& l) -> auto& { return l.model; }));
    v(field<kind::Object<ProductConfigInfoWire>>(
        f::kProductConfigInfo, [](L& l) -> std::optional<ProductConfigInfo> {
          if (!l.configuration || !l.product || !l.model) return std::nullopt;
          return ProductConfigInfo{*l.configuration, *l.product, *l.model};
        }));
    v(field<kind::Text>(f::kContractReference,
                        [](L& l) -> auto& { return l.license.references.contract_reference; }));
    v(field<kind::Text>(f::kOrderReference,
                        [](L& l) -> auto& { return l.license.references.order_reference; }));
    v(field<kind::Text>(f::kProductReference,
                        [](L& l) -> auto& { return l.license.references.product_reference; }));
    v(field<kind::Text>(f::kSubscriptionReference, [](L& l) -> auto& {
      return l.license.references.subscription_reference;
    }));
  }
};

// Request bodies as Json trees (the general path): the body's fields, or the first field that
// is wrong (kInvalid naming it, in the list's order; an item as "features/1", a key object's
// field as "licenseKey/id"; a feature object without its name is "features/<i>/feature is
// required"). What the fields must hold beyond their JSON types is the store's to check.
// Unknown fields are ignored.
//   - issue: productConfigId, licenseContainerId, the terms (productName, displayName, qty,
//     qtyDimension, qtyEnforcementType, validFrom, validUntil, features, the version bounds,
//     the four references), generateLicenseKey (null: false) and licenseKey;
//   - update (PUT): every field of the license as answered (features by name, the key string),
//     the four references, and licenseContainerId;
//   - revoke: licenseIds (each a string id; null: none) and validUntil.
Result<domain::LicenseIssue> decode_license_issue(const Json& j);
Result<domain::LicenseUpdate> decode_license_update(const Json& j);
Result<domain::LicenseRevoke> decode_license_revoke(const Json& j);
// The same from a body's text (see Body in json.hpp): what parse_object and the decoder give.
Body<domain::LicenseIssue> read_license_issue(std::string_view body);
Body<domain::LicenseUpdate> read_license_update(std::string_view body);
Body<domain::LicenseRevoke> read_license_revoke(std::string_view body);

// A license as answered: the fields of section 10.2 in order, features as objects, licenseKey
// an object or null, absent values null; with `with_metadata`, also licenseMetadata.
Json encode(const domain::License& l);
Json encode(const domain::LicenseView& v, bool with_metadata);
// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects.
std::string to_json(const domain::License& l);
std::string to_json(const domain::LicenseView& v, bool with_metadata);
std::string to_json(const std::vector<domain::LicenseView>& list, bool with_metadata);

}  // namespace scale::wire
