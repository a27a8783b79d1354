#pragma once
// The reading rules of each kind of field (fields.hpp), written once for both readers: the SAX
// reader hands them the values it meets in the text, the tree reader the values of a Json tree.
// Each stores the value in its slot and returns nothing, or returns the reason it cannot
// (completing a sentence that starts with the field's name: "must be a string") and leaves
// the slot as it was. Null and "" in an optional text are absent; nothing is ever coerced.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/entities.hpp"
#include "domain/messages.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// One JSON value as a reader meets it: its type and, for a scalar, its value.
struct Value {
  enum Type { kNull, kBool, kInteger, kUnsigned, kFloat, kString, kObject, kArray };
  Type type = kNull;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  std::string* text = nullptr;  // kString: the string; a rule may move it into its slot
};

// The value of `j`; a string is copied into `scratch`, which must outlive the Value.
Value value_of(const Json& j, std::string& scratch);

// Why a value cannot be stored; nullopt when it was.
using Problem = std::optional<std::string>;

// Scalars. A null resets the slot (a plain bool becomes false).
Problem read(kind::Text, domain::OptText& slot, Value& v);
Problem read(kind::Id, std::optional<domain::Uuid>& slot, Value& v);
Problem read(kind::Time, std::optional<domain::Timestamp>& slot, Value& v);
Problem read(kind::Bool, bool& slot, Value& v);
Problem read(kind::Bool, std::optional<bool>& slot, Value& v);
Problem read(kind::Int, domain::OptInt& slot, Value& v);

// A string value's text, in place: `absent` for null and "". The problem is "must be a string"
// for any other type.
Problem text_of(const Value& v, std::string_view& text, bool& absent);

template <class E>
Problem read(kind::Enum, std::optional<E>& slot, Value& v) {
  std::string_view text;
  bool absent = false;
  if (auto p = text_of(v, text, absent)) return p;
  if (absent) {
    slot.reset();
    return std::nullopt;
  }
  auto e = EnumNames<E>::parse(text);
  if (!e) return domain::msg::quoted(text) + " is not one of " + EnumNames<E>::allowed;
  slot = *e;
  return std::nullopt;
}

// The items of arrays: each appended to the slot. The problem names the item's fault (the
// caller adds the item's index to the field).
Problem read_item(kind::Ids, std::vector<domain::Uuid>& slot, Value& v);
Problem read_item(kind::Names, std::vector<std::string>& slot, Value& v);

// What is wrong with a value that should have been an array, or an object.
inline constexpr const char* kNotIds = "must be an array of ids";
inline constexpr const char* kNotNames = "must be an array of strings";
inline constexpr const char* kNotArray = "must be an array";
inline constexpr const char* kNotObject = "must be an object";
// An item of an array of objects whose field list has a shorthand.
inline constexpr const char* kNotObjectOrString = "must be a string or an object";

}  // namespace scale::wire
