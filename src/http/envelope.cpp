#include "http/envelope.hpp"

#include <nlohmann/json.hpp>

namespace scale::http {

int status_of(domain::ErrorKind kind) {
  switch (kind) {
    case domain::ErrorKind::kInvalid:
      return 400;
    case domain::ErrorKind::kNotFound:
      return 404;
    case domain::ErrorKind::kConflict:
      return 409;
    case domain::ErrorKind::kTooEarly:
      return 429;
  }
  return 500;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

void write_error(httplib::Response& res, int status, std::string_view description) {
  nlohmann::ordered_json body{
      {"error", reason_phrase(status)}, {"code", status}, {"description", description}};
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                  kJsonContentType);
}

void write_error(httplib::Response& res, const domain::Error& e) {
  write_error(res, status_of(e.kind), e.description());
}

}  // namespace scale::http
