#include "wire/licensee.hpp"

#include "wire/read_body.hpp"
#include "wire/tree_reader.hpp"
#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

Result<LicenseeSetup> decode_licensee_setup(const Json& j) {
  return decode_tree<LicenseeWire, LicenseeSetup>(j);
}

Result<LicenseeUpdate> decode_licensee_update(const Json& j) {
  return decode_tree<LicenseeWire, LicenseeUpdate>(j);
}

Body<LicenseeSetup> read_licensee_setup(std::string_view body) {
  return read_body<LicenseeWire, LicenseeSetup>(body);
}

Body<LicenseeUpdate> read_licensee_update(std::string_view body) {
  return read_body<LicenseeWire, LicenseeUpdate>(body);
}

Json encode(const Licensee& r) {
  return write_tree<LicenseeWire>(r, /*document=*/false);
}

std::string to_json(const Licensee& r) {
  return text_of<LicenseeWire>(r);
}

std::string to_json(const std::vector<Licensee>& list) {
  return text_array<LicenseeWire>(list);
}

}  // namespace scale::wire
