#include "support/matchers.hpp"

#include "support/test_server.hpp"

namespace scale::testing {

bool IsEnvelope::match(const httplib::Result& r) const {
  why_.clear();
  return is_envelope(r, status_, why_);
}

std::string IsEnvelope::describe() const {
  return "is the error envelope of " + std::to_string(status_) +
         (why_.empty() ? std::string() : " (" + why_ + ")");
}

bool IsNoContent::match(const httplib::Result& r) const {
  why_.clear();
  if (!r)
    why_ = "no answer";
  else if (r->status != 204)
    why_ = "the status is " + std::to_string(r->status);
  else if (!r->body.empty())
    why_ = "it has a body";
  else if (r->has_header("Content-Type"))
    why_ = "it has a Content-Type: " + r->get_header_value("Content-Type");
  return why_.empty();
}

std::string IsNoContent::describe() const {
  return "is 204 with no body and no Content-Type" +
         (why_.empty() ? std::string() : " (" + why_ + ")");
}

}  // namespace scale::testing

namespace Catch {
std::string StringMaker<httplib::Result>::convert(const httplib::Result& r) {
  return scale::testing::summary_of(r);
}
}  // namespace Catch
