#include "wire/writer.hpp"

#include <algorithm>
#include <cstdint>

namespace scale::wire {
namespace {

// The text of `s` as the library's own serializer writes it: what anything but plain ASCII
// goes through, so that the text is what Json::dump() gives.
std::string dumped(std::string_view s) {
  return Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Whether any of the eight bytes of `w` is not plain. A plain byte is copied into a JSON string
// as it is: not a control character, '"' or '\\', and not part of a multi-byte UTF-8 sequence
// (which the library's serializer checks); DEL is plain. Each byte's test is done in its own
// byte, on its low seven bits (so that no sum carries into the next byte): its top bit is set
// by adding 0x60 when the byte is at least 0x20, and by adding 0x7f to the byte xor '"' when it
// is not '"'.
constexpr bool has_unplain(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x80 * kOnes;
  const std::uint64_t low = w & ~kHighs;
  const std::uint64_t plain = (low + 0x60 * kOnes) & ((low ^ ('"' * kOnes)) + 0x7f * kOnes) &
                              ((low ^ ('\\' * kOnes)) + 0x7f * kOnes);
  return ((w | ~plain) & kHighs) != 0;
}

// Whether the `n` bytes at `p` are all plain, reading whole words: up to 7 bytes past the end,
// which the caller has filled with plain bytes.
bool is_plain_padded(const char* p, std::size_t n) {
  for (const char* end = p + n; p < end; p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (has_unplain(w)) return false;
  }
  return true;
}

// memcpy, with strings of up to 16 bytes (most values) copied here rather than in a call.
void copy_short(char* to, const char* from, std::size_t n) {
  if (n >= 8 && n <= 16) {
    std::uint64_t a, b;
    std::memcpy(&a, from, 8);
    std::memcpy(&b, from + n - 8, 8);
    std::memcpy(to, &a, 8);
    std::memcpy(to + n - 8, &b, 8);
  } else if (n >= 4 && n < 8) {
    std::uint32_t a, b;
    std::memcpy(&a, from, 4);
    std::memcpy(&b, from + n - 4, 4);
    std::memcpy(to, &a, 4);
    std::memcpy(to + n - 4, &b, 4);
  } else {
    std::memcpy(to, from, n);
  }
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  TextSink sink(out);
  sink.add_string(s);
}

void TextSink::add_string(std::string_view s) {
  // Plain ASCII (the usual text) is copied as it is: copied first, with plain filler after it,
  // and then checked a word at a time where it was copied. Anything else is dumped by the
  // library, over the copy.
  char* p = room(s.size() + 2 + 8) + 1;
  copy_short(p, s.data(), s.size());
  std::memcpy(p + s.size(), "AAAAAAAA", 8);
  if (!is_plain_padded(p, s.size())) {
    add_dumped(s);
    return;
  }
  p[-1] = '"';
  p[s.size()] = '"';
  at_ += s.size() + 2;
}

void TextSink::add_dumped(std::string_view s) {
  add(dumped(s));
}

void TextSink::grow(std::size_t n) {
  // The string's reserved room is taken a kilobyte at a time (the filler is written once, and
  // in small pieces: a large fill is slower than the few calls); past it, at least double.
  constexpr std::size_t kStep = 1024;
  const std::size_t cap = out_.capacity();
  std::size_t size = at_ + std::max(n, kStep);
  if (size > cap) size = at_ + n <= cap ? cap : std::max(at_ + n, 2 * cap);
  out_.resize(size);
}

}  // namespace scale::wire
