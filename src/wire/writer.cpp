#include "wire/writer.hpp"

namespace scale::wire {

void append_string(std::string& out, std::string_view s) {
  // Plain ASCII is copied; anything to escape or check goes through the library's own
  // serializer, so that the text is what Json::dump() gives.
  for (unsigned char c : s) {
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
      out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  const std::size_t at = out.size();
  out.resize(at + s.size() + 2);
  char* p = out.data() + at;
  *p++ = '"';
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '"';
}

}  // namespace scale::wire
