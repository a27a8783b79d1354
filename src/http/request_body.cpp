#include "http/request_body.hpp"

#include "domain/validation.hpp"
#include "http/envelope.hpp"
#include "http/headers.hpp"

namespace scale::http {

using namespace wire;

bool is_json_media_type(const std::string& content_type) {
  std::string_view v = content_type;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  return domain::iequals_ascii(v, "application/json");
}

bool accepts_json(const httplib::Request& req, httplib::Response& res) {
  // One look-up (the first Content-Type, as get_header_value gives; headers.hpp).
  const std::string* type = header_value(req.headers, "Content-Type");
  if ((type && !is_json_media_type(*type)) || (!type && !req.body.empty())) {
    write_error(res, HttpError::NotJson(type ? *type : "(none)"));
    return false;
  }
  return true;
}

bool read_body(const httplib::Request& req, httplib::Response& res, Json& out) {
  if (!accepts_json(req, res)) return false;
  auto parsed = parse_object(req.body);
  if (!parsed) {
    write_error(res, parsed.error());
    return false;
  }
  out = std::move(parsed).value();
  return true;
}

}  // namespace scale::http
