#pragma once
// The wire format of the state document (contract sections 7 and 10.4): fixture files, state
// dumps and uploads.

#include <optional>
#include <string_view>

#include "domain/fields.hpp"
#include "domain/state_document.hpp"
#include "wire/catalogue.hpp"
#include "wire/consumer.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"
#include "wire/license.hpp"
#include "wire/licensee.hpp"

namespace scale::wire {

// The document's lists (each entity with its own fields; licenses inside their containers).
// The catalogue's lists, like a container's licenses, are not written when empty: a document
// without section 10's records is the section 7 document it always was.
struct StateDocumentWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Objects<LicenseeWire>>(f::kLicensees, SCALE_WIRE_SLOT(licensees)));
    v(field<kind::Objects<ConsumerWire>>(f::kLicenseConsumers, SCALE_WIRE_SLOT(consumers)));
    v(field<kind::Objects<LicenseModelWire>>(f::kLicenseModels, SCALE_WIRE_SLOT(license_models),
                                             kOmitEmpty));
    v(field<kind::Objects<ProductWire>>(f::kProducts, SCALE_WIRE_SLOT(products), kOmitEmpty));
  }
};

// A state document from a Json tree. Decoding errors carry the JSON pointer of the offending
// value in Error::field (e.g. "/licensees/2/email") and the reason: the first field that is
// wrong, lists in the document's field order and each record's fields in its list's order.
// Absent values stay absent (the store generates or derives them).
Result<domain::StateDocument> decode_state(const Json& j);
// The state document in `text`: what decode_state(Json::parse(text)) gives, read straight
// from the text (no Json tree); nullopt for any text that is not JSON or that decode_state
// refuses: parse_state decides, and words the error.
std::optional<domain::StateDocument> read_state_text(std::string_view text);
// Parses and decodes a state document: read_state_text, else parse_json and decode_state.
// Errors are decode_state's, or "not valid JSON (<where>)" with an empty field.
Result<domain::StateDocument> parse_state(std::string_view text);
// Every record with every field, absent values as null.
Json encode(const domain::StateDocument& doc);

}  // namespace scale::wire
