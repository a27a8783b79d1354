#pragma once
// A 128-bit id. Parsed from any canonical 8-4-4-4-12 hex form in any letter case; always
// written in lowercase. Ordered byte by byte, which is also the order of the written form.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scale::domain {

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  // The canonical form "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" accepted in any case, any version.
  // Anything else (no hyphens, braces, other lengths, non-hex) gives nullopt.
  static std::optional<Uuid> parse(std::string_view text);

  // A version 4, variant 1 UUID made from 128 random bits (the version and variant bits are
  // overwritten).
  static Uuid v4_from(std::uint64_t high, std::uint64_t low);

  // Lowercase canonical form.
  std::string str() const;

  bool is_nil() const;

  auto operator<=>(const Uuid&) const = default;
  bool operator==(const Uuid&) const = default;
};

struct UuidHash {
  std::size_t operator()(const Uuid& id) const noexcept;
};

}  // namespace scale::domain
