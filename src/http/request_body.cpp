#include "http/request_body.hpp"

#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "http/envelope.hpp"

namespace scale::http {

bool is_json_media_type(const std::string& content_type) {
  std::string_view v = content_type;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  return domain::iequals_ascii(v, "application/json");
}

bool read_body(const httplib::Request& req, httplib::Response& res, Json& out) {
  const bool has_type = req.has_header("Content-Type");
  if ((has_type && !is_json_media_type(req.get_header_value("Content-Type"))) ||
      (!has_type && !req.body.empty())) {
    write_error(
        res, 415,
        "Content-Type must be application/json, not " +
            domain::msg::quoted(has_type ? req.get_header_value("Content-Type") : "(none)"));
    return false;
  }
  auto parsed = parse_object(req.body);
  if (!parsed) {
    write_error(res, parsed.error());
    return false;
  }
  out = std::move(parsed).value();
  return true;
}

}  // namespace scale::http
