#include "wire/state_document.hpp"

#include "wire/sax_reader.hpp"
#include "wire/tree_reader.hpp"
#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

Result<StateDocument> decode_state(const Json& j) {
  if (!j.is_object()) return Error::Invalid("", "the state document must be a JSON object");
  StateDocument doc;
  if (auto e = read_tree<StateDocumentWire>(j, Path::Root(/*json_pointer=*/true), doc))
    return std::move(*e);
  return doc;
}

std::optional<StateDocument> read_state_text(std::string_view text) {
  StateDocument doc;
  if (!SaxReader::read<StateDocumentWire>(text, doc)) return std::nullopt;
  return doc;
}

Result<StateDocument> parse_state(std::string_view text) {
  if (auto doc = read_state_text(text)) return std::move(*doc);
  Json j = parse_json(text);
  if (j.is_discarded()) {
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
      return Error::Invalid("",
                            "not valid JSON (a NUL byte at offset " + std::to_string(nul) + ")");
    // Parse again with exceptions on, only to learn where the syntax breaks. Not only
    // parse_error: a number too large for a double is out_of_range (406).
    try {
      auto ignored = Json::parse(text);
      (void)ignored;
    } catch (const Json::exception& e) {
      return Error::Invalid("", std::string("not valid JSON (") + e.what() + ")");
    }
    return Error::Invalid("", "not valid JSON");
  }
  return decode_state(j);
}

Json encode(const StateDocument& doc) {
  return write_tree<StateDocumentWire>(doc, /*document=*/true);
}

}  // namespace scale::wire
