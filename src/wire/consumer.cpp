#include "wire/consumer.hpp"

#include "wire/read_body.hpp"
#include "wire/tree_reader.hpp"
#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

Result<ConsumerCreate> decode_consumer_create(const Json& j) {
  return decode_tree<ConsumerWire, ConsumerCreate>(j);
}

Result<ConsumerUpdate> decode_consumer_update(const Json& j) {
  return decode_tree<ConsumerWire, ConsumerUpdate>(j);
}

Body<ConsumerCreate> read_consumer_create(std::string_view body) {
  return read_body<ConsumerWire, ConsumerCreate>(body);
}

Body<ConsumerUpdate> read_consumer_update(std::string_view body) {
  return read_body<ConsumerWire, ConsumerUpdate>(body);
}

Json encode(const LicenseConsumer& r) {
  return write_tree<ConsumerWire>(r, /*document=*/false);
}

std::string to_json(const LicenseConsumer& r) {
  return text_of<ConsumerWire>(r);
}

std::string to_json(const std::vector<LicenseConsumer>& list) {
  return text_array<ConsumerWire>(list);
}

}  // namespace scale::wire
