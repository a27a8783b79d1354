#pragma once
// A 128-bit id. Parsed from any canonical 8-4-4-4-12 hex form in any letter case; always
// written in lowercase. Ordered byte by byte, which is also the order of the written form.

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  // The same, appended to `out`.
  void append_to(std::string& out) const;
  // The same, written at `out`, which must have room for kTextSize chars. Gives the end.
  char* write_to(char* out) const;
  static constexpr std::size_t kTextSize = 36;

  bool is_nil() const;

  // Byte by byte, as the defaulted comparison would, but as two 64-bit compares: the ordered
  // and ranked indexes of the store compare ids on every step down their trees.
  std::strong_ordering operator<=>(const Uuid& other) const noexcept {
    const auto a = halves();
    const auto b = other.halves();
    if (a[0] != b[0]) return a[0] <=> b[0];
    return a[1] <=> b[1];
  }
  bool operator==(const Uuid& other) const noexcept {
    std::uint64_t a[2];
    std::uint64_t b[2];
    std::memcpy(a, bytes.data(), 16);
    std::memcpy(b, other.bytes.data(), 16);
    return a[0] == b[0] && a[1] == b[1];
  }

 private:
  // The bytes as two big-endian numbers, so that comparing them compares the bytes in order.
  std::array<std::uint64_t, 2> halves() const noexcept {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    std::memcpy(&hi, bytes.data(), 8);
    std::memcpy(&lo, bytes.data() + 8, 8);
    if constexpr (std::endian::native == std::endian::little) {
      hi = __builtin_bswap64(hi);
      lo = __builtin_bswap64(lo);
    }
    return {hi, lo};
  }
};

struct UuidHash {
  std::size_t operator()(const Uuid& id) const noexcept;
};

}  // namespace scale::domain
