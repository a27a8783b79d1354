#pragma once
// The JSON codec: the only place that turns wire JSON into domain inputs and domain records
// into wire JSON. Field names come from domain/fields.hpp; each entity's fields are listed
// once, in its header here (wire/fields.hpp says how), and read and written from that list.
//
// Decoding rules (contract sections 1 and 9): the body must be a JSON object; null, a missing
// key and "" in an optional string field all mean absent; a value of the wrong JSON type is
// kInvalid naming the field (never coerced; when several are wrong, the first in the
// contract's field order); a repeated key counts with its last value; unknown fields are
// ignored.

#include "wire/catalogue.hpp"
#include "wire/consumer.hpp"
#include "wire/container.hpp"
#include "wire/json_text.hpp"
#include "wire/license.hpp"
#include "wire/licensee.hpp"
#include "wire/state_document.hpp"
