#pragma once
// Field rules as pure functions. Each returns Ok() or the first broken rule, fields checked in
// the contract's field order. Lengths count Unicode code points of valid UTF-8.

#include <cstddef>
#include <string_view>

#include "domain/entities.hpp"
#include "domain/error.hpp"

namespace scale::domain {

inline constexpr std::size_t kMaxShortText = 255;  // names, ids, references, labels
inline constexpr std::size_t kMaxEmail = 254;
inline constexpr std::size_t kMaxLongText = 4000;  // description, contactInfo

std::size_t code_points(std::string_view utf8);
// Empty or only whitespace.
bool is_blank(std::string_view s);
// One '@'; a local part of 1 to 64 characters without whitespace or control characters; a
// domain of at least two non-empty dot-separated labels without whitespace or control characters.
bool is_valid_email(std::string_view s);

// ASCII case folding, the comparison used for emails.
bool iequals_ascii(std::string_view a, std::string_view b);
// Byte order of the folded bytes (as unsigned), then length: an order in which iequals_ascii
// values are equivalent.
bool iless_ascii(std::string_view a, std::string_view b);
std::size_t ihash_ascii(std::string_view s);

// name required and non-blank, then the lengths and the email rule.
Status validate(const LicenseeFields& f);
Status validate_connected_identity_id(const OptText& value);
// name required and non-blank, then the lengths and the email rule.
Status validate(const ConsumerFields& f);
Status validate_container_name(const OptText& name);

}  // namespace scale::domain
