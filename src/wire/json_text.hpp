#pragma once
// JSON text in and out, over nlohmann-json (the Debian package): the one parser every JSON
// text from outside goes through, and the shape the body readers answer in.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "domain/error.hpp"

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
// kInvalid with an empty field ("the request body is not valid JSON", "... must be a JSON
// object").
Result<Json> parse_object(std::string_view body);

// What a request-body reader (read_licensee_setup and the others) gives. The outer Result
// fails (kInvalid, empty field, parse_object's reasons) when the body is not a JSON object at
// all; the inner one holds the decoded body, or the error of the first field that is wrong,
// in the contract's field order. Two levels because the API checks them at two different
// times: JSON syntax before the parents in the path exist (404), fields after (contract
// section 9, "Order of checks").
template <class T>
using Body = Result<Result<T>>;

// "pointer: reason" for errors that carry a JSON pointer in Error::field.
std::string pointer_description(const domain::Error& e);

}  // namespace scale::wire
