#pragma once
// The JSON codec: the only place that turns wire JSON into domain inputs and domain records
// into wire JSON. Field names come from domain/fields.hpp.
//
// Decoding rules (contract sections 1 and 9): the body must be a JSON object; null, a missing
// key and "" in an optional string field all mean absent; a value of the wrong JSON type is
// kInvalid naming the field (never coerced); unknown fields are ignored.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"
#include "domain/error.hpp"
#include "domain/state_document.hpp"

namespace scale::wire {

using Json = nlohmann::ordered_json;  // keeps fields in the contract's order
using domain::Result;

// The one JSON value that is the whole of `text`, parsed strictly (no comments, NaN, trailing
// commas or garbage); a discarded value (is_discarded()) for any other text. A NUL byte
// anywhere makes the text invalid: nlohmann's parser alone takes a NUL for the end of the
// input, even when given the length, and would accept "{}" followed by a NUL and anything.
// Every JSON text from outside (bodies, state documents, tokens) is parsed through here.
Json parse_json(std::string_view text);

// Parses a request body strictly, as parse_json does; anything that is not a JSON object is
// kInvalid.
Result<Json> parse_object(const std::string& body);

// Setup actions: `type` is read (the store checks it against the action); id, created and
// modified are ignored; connectedIdentityId is read for setup-user.
Result<domain::LicenseeSetup> decode_licensee_setup(const Json& j);
Result<domain::LicenseeUpdate> decode_licensee_update(const Json& j);
Result<domain::ContainerCreate> decode_container_create(const Json& j);
Result<domain::ContainerUpdate> decode_container_update(const Json& j);
Result<domain::ConsumerCreate> decode_consumer_create(const Json& j);
Result<domain::ConsumerUpdate> decode_consumer_update(const Json& j);

Json encode(const domain::Licensee& l);
Json encode(const domain::LicenseContainer& c);
Json encode(const domain::LicenseConsumer& c);

// The text of encode(x).dump() (ensure_ascii off, invalid UTF-8 replaced), written directly:
// what the API sends. A list is a JSON array of the same objects.
std::string to_json(const domain::Licensee& l);
std::string to_json(const domain::LicenseContainer& c);
std::string to_json(const domain::LicenseConsumer& c);
std::string to_json(const std::vector<domain::Licensee>& list);
std::string to_json(const std::vector<domain::LicenseContainer>& list);
std::string to_json(const std::vector<domain::LicenseConsumer>& list);

// The state document (contract section 7). Decoding errors carry the JSON pointer of the
// offending value in Error::field (e.g. "/licensees/2/email") and the reason.
Result<domain::StateDocument> decode_state(const Json& j);
// The state document in `text`: what decode_state(Json::parse(text)) gives, read straight
// from the text (no Json tree) for documents of the usual shape; nullopt for any other text,
// which may still be a valid document: parse_state decides, and words the error.
std::optional<domain::StateDocument> read_state_text(std::string_view text);
// Parses and decodes a state document: read_state_text, else parse_json and decode_state.
// Errors are decode_state's, or "not valid JSON (<where>)" with an empty field.
Result<domain::StateDocument> parse_state(std::string_view text);
Json encode(const domain::StateDocument& doc);

// "pointer: reason" for errors that carry a JSON pointer in Error::field.
std::string pointer_description(const domain::Error& e);

}  // namespace scale::wire
