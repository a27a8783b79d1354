#include "domain/uuid.hpp"

#include <array>
#include <cstring>

namespace scale::domain {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "00" to "ff": each byte's two lowercase hex digits.
constexpr auto kHexPairs = [] {
  constexpr char kHex[] = "0123456789abcdef";
  std::array<char, 512> a{};
  for (int i = 0; i < 256; ++i) {
    a[2 * i] = kHex[i >> 4];
    a[2 * i + 1] = kHex[i & 0x0f];
  }
  return a;
}();

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid id;
  std::size_t byte = 0;
  for (std::size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    int hi = hex_value(text[i]);
    int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id.bytes[byte++] = static_cast<std::uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return id;
}

Uuid Uuid::v4_from(std::uint64_t high, std::uint64_t low) {
  Uuid id;
  for (int i = 0; i < 8; ++i) {
    id.bytes[i] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
    id.bytes[8 + i] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
  }
  id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0f) | 0x40);
  id.bytes[8] = static_cast<std::uint8_t>((id.bytes[8] & 0x3f) | 0x80);
  return id;
}

std::string Uuid::str() const {
  std::string out;
  append_to(out);
  return out;
}

void Uuid::append_to(std::string& out) const {
  char buf[kTextSize];
  out.append(buf, write_to(buf));
}

char* Uuid::write_to(char* out) const {
  // A byte at a time, both digits at once: ids are a good part of every answer.
  auto put = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      std::memcpy(out, kHexPairs.data() + 2 * bytes[i], 2);
      out += 2;
    }
  };
  put(0, 4);
  *out++ = '-';
  put(4, 6);
  *out++ = '-';
  put(6, 8);
  *out++ = '-';
  put(8, 10);
  *out++ = '-';
  put(10, 16);
  return out;
}

bool Uuid::is_nil() const {
  for (auto b : bytes)
    if (b != 0) return false;
  return true;
}

std::size_t UuidHash::operator()(const Uuid& id) const noexcept {
  // Generated ids are random, so mixing two halves is enough.
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, id.bytes.data(), 8);
  std::memcpy(&b, id.bytes.data() + 8, 8);
  return static_cast<std::size_t>(a ^ (b * 0x9e3779b97f4a7c15ULL));
}

}  // namespace scale::domain
