#include "wire/json_text.hpp"

namespace scale::wire {

using domain::Error;

Json parse_json(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/false);
}

Result<Json> parse_object(std::string_view body) {
  Json j = parse_json(body);
  if (j.is_discarded()) return Error::Invalid("", "the request body is not valid JSON");
  if (!j.is_object()) return Error::Invalid("", "the request body must be a JSON object");
  return j;
}

std::string pointer_description(const Error& e) {
  if (e.field.empty()) return e.reason;
  return e.field + ": " + e.reason;
}

}  // namespace scale::wire
