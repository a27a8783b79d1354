#pragma once
// A request body read with a field list: the SAX reader when it reads the whole text, else
// the general path (parse_object, then the tree reader), which words the error.

#include <string_view>

#include "wire/json_text.hpp"
#include "wire/sax_reader.hpp"
#include "wire/tree_reader.hpp"

namespace scale::wire {

template <class W, class R>
Body<R> read_body(std::string_view text) {
  R out;
  if (SaxReader::read<W>(text, out)) return Result<R>(std::move(out));
  auto j = parse_object(text);
  if (!j) return j.error();
  return decode_tree<W, R>(*j);
}

}  // namespace scale::wire
