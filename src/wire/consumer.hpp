#pragma once
// The wire format of license consumers (contract section 5; section 7 in state documents).

#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"
#include "domain/fields.hpp"
#include "domain/state_document.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A consumer's fields, in the contract's order. Records: LicenseConsumer (answers),
// ConsumerRecord (state documents), ConsumerCreate and ConsumerUpdate (request bodies).
struct ConsumerWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Enum>(f::kType, SCALE_WIRE_SLOT(type)));
    v(field<kind::Text>(f::kName, SCALE_WIRE_SLOT(name)));
    v(field<kind::Text>(f::kDisplayName, SCALE_WIRE_SLOT(display_name)));
    v(field<kind::Text>(f::kDisplayLabel, SCALE_WIRE_SLOT(display_label)));
    v(field<kind::Text>(f::kEmail, SCALE_WIRE_SLOT(email)));
    v(field<kind::Text>(f::kConnectedIdentityId, SCALE_WIRE_SLOT(connected_identity_id)));
    v(field<kind::Text>(f::kContactInfo, SCALE_WIRE_SLOT(contact_info)));
    v(field<kind::Text>(f::kDescription, SCALE_WIRE_SLOT(description)));
    v(field<kind::Text>(f::kExternalReference, SCALE_WIRE_SLOT(external_reference)));
    v(field<kind::Text>(f::kNaturalId, SCALE_WIRE_SLOT(natural_id)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kModified, SCALE_WIRE_SLOT(modified)));
  }
};

// Request bodies as Json trees (the general path): the body's fields, or the first field that
// is wrong (kInvalid naming it, in the list's order; a LICENSE_KEY type is read, and refused by
// the store). Unknown fields are ignored.
Result<domain::ConsumerCreate> decode_consumer_create(const Json& j);
Result<domain::ConsumerUpdate> decode_consumer_update(const Json& j);
// The same from a body's text (see Body in json.hpp): what parse_object and the decoder give.
Body<domain::ConsumerCreate> read_consumer_create(std::string_view body);
Body<domain::ConsumerUpdate> read_consumer_update(std::string_view body);

Json encode(const domain::LicenseConsumer& c);
// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects.
std::string to_json(const domain::LicenseConsumer& c);
std::string to_json(const std::vector<domain::LicenseConsumer>& list);

}  // namespace scale::wire
