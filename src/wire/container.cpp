#include "wire/container.hpp"

#include "wire/read_body.hpp"
#include "wire/tree_reader.hpp"
#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

Result<ContainerCreate> decode_container_create(const Json& j) {
  return decode_tree<ContainerWire, ContainerCreate>(j);
}

Result<ContainerUpdate> decode_container_update(const Json& j) {
  return decode_tree<ContainerWire, ContainerUpdate>(j);
}

Body<ContainerCreate> read_container_create(std::string_view body) {
  return read_body<ContainerWire, ContainerCreate>(body);
}

Body<ContainerUpdate> read_container_update(std::string_view body) {
  return read_body<ContainerWire, ContainerUpdate>(body);
}

Json encode(const LicenseContainer& r) {
  return write_tree<ContainerWire>(r, /*document=*/false);
}

std::string to_json(const LicenseContainer& r) {
  return text_of<ContainerWire>(r);
}

std::string to_json(const std::vector<LicenseContainer>& list) {
  return text_array<ContainerWire>(list);
}

}  // namespace scale::wire
