#include "domain/validation.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "domain/fields.hpp"
#include "domain/messages.hpp"

namespace scale::domain {
namespace {

bool is_space_or_control(unsigned char c) {
  return c <= 0x20 || c == 0x7f;
}

char fold(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

Status check_length(const char* field, const OptText& value, std::size_t limit) {
  if (value && code_points(*value) > limit) return Error::Invalid(field, msg::too_long(limit));
  return Ok();
}

Status check_required_name(const OptText& name) {
  if (!name) return Error::Invalid(field::kName, msg::required());
  if (is_blank(*name)) return Error::Invalid(field::kName, msg::blank());
  return check_length(field::kName, name, kMaxShortText);
}

Status check_email(const OptText& email) {
  if (!email) return Ok();
  if (code_points(*email) > kMaxEmail)
    return Error::Invalid(field::kEmail, msg::too_long(kMaxEmail));
  if (!is_valid_email(*email)) return Error::Invalid(field::kEmail, msg::bad_email(*email));
  return Ok();
}

}  // namespace

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xc0) != 0x80) ++n;
  return n;
}

bool is_blank(std::string_view s) {
  for (unsigned char c : s)
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) return false;
  return true;
}

bool is_valid_email(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.empty() || code_points(local) > 64) return false;
  for (unsigned char c : s)
    if (is_space_or_control(c)) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    auto dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || code_points(label) > 63) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

bool iless_ascii(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  // Equal bytes fold equally: skip a common prefix eight bytes at a time (the store's email
  // trees call this on every step down, and emails of one domain share long prefixes).
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::uint64_t y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) break;
  }
  for (; i < n; ++i) {
    if (a[i] == b[i]) continue;
    const auto x = static_cast<unsigned char>(fold(a[i]));
    const auto y = static_cast<unsigned char>(fold(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::size_t ihash_ascii(std::string_view s) {
  std::size_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(fold(c));
    h *= 1099511628211ULL;
  }
  return h;
}

Status validate(const LicenseeFields& f) {
  if (auto s = check_required_name(f.name); !s) return s;
  if (auto s = check_length(field::kDisplayName, f.display_name, kMaxShortText); !s) return s;
  if (auto s = check_length(field::kNaturalId, f.natural_id, kMaxShortText); !s) return s;
  if (auto s = check_email(f.email); !s) return s;
  if (auto s = check_length(field::kDescription, f.description, kMaxLongText); !s) return s;
  return check_length(field::kExternalReference, f.external_reference, kMaxShortText);
}

Status validate_connected_identity_id(const OptText& value) {
  return check_length(field::kConnectedIdentityId, value, kMaxShortText);
}

Status validate(const ConsumerFields& f) {
  if (auto s = check_required_name(f.name); !s) return s;
  if (auto s = check_length(field::kDisplayName, f.display_name, kMaxShortText); !s) return s;
  if (auto s = check_length(field::kDisplayLabel, f.display_label, kMaxShortText); !s) return s;
  if (auto s = check_email(f.email); !s) return s;
  if (auto s = validate_connected_identity_id(f.connected_identity_id); !s) return s;
  if (auto s = check_length(field::kContactInfo, f.contact_info, kMaxLongText); !s) return s;
  if (auto s = check_length(field::kDescription, f.description, kMaxLongText); !s) return s;
  if (auto s = check_length(field::kExternalReference, f.external_reference, kMaxShortText); !s)
    return s;
  return check_length(field::kNaturalId, f.natural_id, kMaxShortText);
}

Status validate_container_name(const OptText& name) {
  return check_length(field::kName, name, kMaxShortText);
}

}  // namespace scale::domain
