#include "domain/entities.hpp"

namespace scale::domain {

std::string_view to_string(LicenseeType t) {
  return t == LicenseeType::kPerson ? "PERSON" : "ORGANIZATION";
}

std::optional<LicenseeType> parse_licensee_type(std::string_view s) {
  if (s == "PERSON") return LicenseeType::kPerson;
  if (s == "ORGANIZATION") return LicenseeType::kOrganization;
  return std::nullopt;
}

std::string_view to_string(ConsumerType t) {
  switch (t) {
    case ConsumerType::kPerson:
      return "PERSON";
    case ConsumerType::kDevice:
      return "DEVICE";
    case ConsumerType::kLicenseKey:
      return "LICENSE_KEY";
  }
  return "PERSON";
}

std::optional<ConsumerType> parse_consumer_type(std::string_view s) {
  if (s == "PERSON") return ConsumerType::kPerson;
  if (s == "DEVICE") return ConsumerType::kDevice;
  if (s == "LICENSE_KEY") return ConsumerType::kLicenseKey;
  return std::nullopt;
}

}  // namespace scale::domain
