#include "wire/catalogue.hpp"

#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

Json encode(const LicenseModel& m) {
  return write_tree<LicenseModelWire>(m, /*document=*/false);
}

Json encode(const Product& p) {
  return write_tree<ProductWire>(p, /*document=*/false);
}

Json encode(const ProductConfiguration& c) {
  return write_tree<ProductConfigurationWire>(c, /*document=*/false);
}

std::string to_json(const LicenseModel& m) {
  return text_of<LicenseModelWire>(m);
}

std::string to_json(const Product& p) {
  return text_of<ProductWire>(p);
}

std::string to_json(const ProductConfiguration& c) {
  return text_of<ProductConfigurationWire>(c);
}

std::string to_json(const std::vector<LicenseModel>& list) {
  return text_array<LicenseModelWire>(list);
}

std::string to_json(const std::vector<Product>& list) {
  return text_array<ProductWire>(list);
}

std::string to_json(const std::vector<ProductConfiguration>& list) {
  return text_array<ProductConfigurationWire>(list);
}

}  // namespace scale::wire
