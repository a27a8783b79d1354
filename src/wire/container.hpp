#pragma once
// The wire format of license containers (contract section 4; section 7 in state documents).

#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"
#include "domain/fields.hpp"
#include "domain/state_document.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

struct LicenseWire;  // wire/license.hpp

// A container's fields, in the contract's order. Records: LicenseContainer (answers),
// ContainerRecord (state documents, with the consumers that have access and its licenses,
// which are not written when there are none), ContainerCreate and ContainerUpdate (request
// bodies; create reads a null usedAsDefault as false, update as absent).
struct ContainerWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Bool>(f::kUsedAsDefault, SCALE_WIRE_SLOT(used_as_default)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
    v(field<kind::Ids>(f::kLicenseConsumerIds, SCALE_WIRE_SLOT(consumer_ids)));
    v(field<kind::Objects<LicenseWire>>(f::kLicenses, SCALE_WIRE_SLOT(licenses), kOmitEmpty));
  }
};

// Request bodies as Json trees (the general path): the body's fields, or the first field that
// is wrong (kInvalid naming it, in the list's order). Unknown fields are ignored.
Result<domain::ContainerCreate> decode_container_create(const Json& j);
Result<domain::ContainerUpdate> decode_container_update(const Json& j);
// The same from a body's text (see Body in json.hpp): what parse_object and the decoder give.
Body<domain::ContainerCreate> read_container_create(std::string_view body);
Body<domain::ContainerUpdate> read_container_update(std::string_view body);

Json encode(const domain::LicenseContainer& c);
// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects.
std::string to_json(const domain::LicenseContainer& c);
std::string to_json(const std::vector<domain::LicenseContainer>& list);

}  // namespace scale::wire
