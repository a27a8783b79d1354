#include "wire/values.hpp"

#include <limits>

#include "domain/time.hpp"

namespace scale::wire {

using namespace domain;

Value value_of(const Json& j, std::string& scratch) {
  Value v;
  switch (j.type()) {
    case Json::value_t::null:
      v.type = Value::kNull;
      break;
    case Json::value_t::boolean:
      v.type = Value::kBool;
      v.boolean = j.get<bool>();
      break;
    case Json::value_t::number_integer:
      v.type = Value::kInteger;
      v.integer = j.get<std::int64_t>();
      break;
    case Json::value_t::number_unsigned:
      v.type = Value::kUnsigned;
      v.unsigned_integer = j.get<std::uint64_t>();
      break;
    case Json::value_t::number_float:
      v.type = Value::kFloat;
      break;
    case Json::value_t::string:
      v.type = Value::kString;
      scratch = j.get_ref<const std::string&>();
      v.text = &scratch;
      break;
    case Json::value_t::object:
      v.type = Value::kObject;
      break;
    default:  // arrays (binary and discarded values never come out of parse_json)
      v.type = Value::kArray;
      break;
  }
  return v;
}

Problem text_of(const Value& v, std::string_view& text, bool& absent) {
  if (v.type == Value::kNull) {
    absent = true;
    return std::nullopt;
  }
  if (v.type != Value::kString) return "must be a string";
  text = *v.text;
  absent = text.empty();
  return std::nullopt;
}

Problem read(kind::Text, OptText& slot, Value& v) {
  if (v.type == Value::kNull) {
    slot.reset();
    return std::nullopt;
  }
  if (v.type != Value::kString) return "must be a string";
  if (v.text->empty())
    slot.reset();
  else
    slot = std::move(*v.text);
  return std::nullopt;
}

Problem read(kind::Id, std::optional<Uuid>& slot, Value& v) {
  std::string_view text;
  bool absent = false;
  if (auto p = text_of(v, text, absent)) return p;
  if (absent) {
    slot.reset();
    return std::nullopt;
  }
  auto id = Uuid::parse(text);
  if (!id) return msg::not_a_uuid(text);
  slot = *id;
  return std::nullopt;
}

Problem read(kind::Time, std::optional<Timestamp>& slot, Value& v) {
  std::string_view text;
  bool absent = false;
  if (auto p = text_of(v, text, absent)) return p;
  if (absent) {
    slot.reset();
    return std::nullopt;
  }
  auto t = parse_timestamp(text);
  if (!t) return msg::quoted(text) + " is not an RFC 3339 date-time";
  slot = *t;
  return std::nullopt;
}

Problem read(kind::Bool, bool& slot, Value& v) {
  if (v.type == Value::kNull) {
    slot = false;
    return std::nullopt;
  }
  if (v.type != Value::kBool) return "must be true or false";
  slot = v.boolean;
  return std::nullopt;
}

Problem read(kind::Bool, std::optional<bool>& slot, Value& v) {
  if (v.type == Value::kNull) {
    slot.reset();
    return std::nullopt;
  }
  if (v.type != Value::kBool) return "must be true or false";
  slot = v.boolean;
  return std::nullopt;
}

Problem read(kind::Int, OptInt& slot, Value& v) {
  switch (v.type) {
    case Value::kNull:
      slot.reset();
      return std::nullopt;
    case Value::kInteger:
      slot = v.integer;
      return std::nullopt;
    case Value::kUnsigned:
      if (v.unsigned_integer > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return msg::quoted(std::to_string(v.unsigned_integer)) + " is too large";
      slot = static_cast<std::int64_t>(v.unsigned_integer);
      return std::nullopt;
    default:
      return "must be an integer";
  }
}

Problem read_item(kind::Ids, std::vector<Uuid>& slot, Value& v) {
  // An item must be a string id: "" and null are not ids.
  if (v.type != Value::kString) return "must be a string id";
  auto id = Uuid::parse(*v.text);
  if (!id) return msg::not_a_uuid(*v.text);
  slot.push_back(*id);
  return std::nullopt;
}

Problem read_item(kind::Names, std::vector<std::string>& slot, Value& v) {
  if (v.type != Value::kString) return "must be a string";
  slot.push_back(std::move(*v.text));
  return std::nullopt;
}

}  // namespace scale::wire
