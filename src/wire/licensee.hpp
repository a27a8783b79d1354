#pragma once
// The wire format of licensees (contract section 3; section 7 in state documents).

#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"
#include "domain/fields.hpp"
#include "domain/state_document.hpp"
#include "wire/container.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A licensee's fields, in the contract's order. Records: Licensee (answers), LicenseeRecord
// (state documents, with its containers and associated consumers), LicenseeSetup (setup
// actions: id, created and modified are not read; connectedIdentityId goes to setup-user's
// PERSON consumer) and LicenseeUpdate (PUT).
struct LicenseeWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Enum>(f::kType, SCALE_WIRE_SLOT(type)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Text>(f::kDisplayName, SCALE_WIRE_SLOT(display_name)));
    v(field<kind::Text>(f::kNaturalId, SCALE_WIRE_SLOT(natural_id)));
    v(field<kind::Text>(f::kEmail, SCALE_WIRE_SLOT(email)));
    v(field<kind::Text>(f::kDescription, SCALE_WIRE_SLOT(description)));
    v(field<kind::Text>(f::kExternalReference, SCALE_WIRE_SLOT(external_reference)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
    v(field<kind::Text>(f::kConnectedIdentityId, SCALE_WIRE_SLOT(connected_identity_id)));
    v(field<kind::Objects<ContainerWire>>(f::kLicenseContainers, SCALE_WIRE_SLOT(containers)));
    v(field<kind::Ids>(f::kLicenseConsumerIds, SCALE_WIRE_SLOT(consumer_ids)));
  }
};

// Request bodies as Json trees (the general path): the body's fields, or the first field that
// is wrong (kInvalid naming it, in the list's order; a type is read, and checked against the
// action by the store). Unknown fields are ignored.
Result<domain::LicenseeSetup> decode_licensee_setup(const Json& j);
Result<domain::LicenseeUpdate> decode_licensee_update(const Json& j);
// The same from a body's text (see Body in json.hpp): what parse_object and the decoder give.
Body<domain::LicenseeSetup> read_licensee_setup(std::string_view body);
Body<domain::LicenseeUpdate> read_licensee_update(std::string_view body);

Json encode(const domain::Licensee& l);
// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects.
std::string to_json(const domain::Licensee& l);
std::string to_json(const std::vector<domain::Licensee>& list);

}  // namespace scale::wire
