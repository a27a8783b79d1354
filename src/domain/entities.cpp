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

Licensee make_licensee(const Uuid& id, LicenseeType type, const LicenseeFields& f,
                       std::string natural_id, Timestamp created, Timestamp modified) {
  Licensee l;
  l.id = id;
  l.type = type;
  l.name = f.name.value_or("");
  l.display_name = f.display_name;
  l.natural_id = std::move(natural_id);
  l.email = f.email;
  l.description = f.description;
  l.external_reference = f.external_reference;
  l.created = created;
  l.modified = modified;
  return l;
}

LicenseConsumer make_consumer(const Uuid& id, ConsumerType type, const ConsumerFields& f,
                              std::string natural_id, Timestamp created, Timestamp modified) {
  LicenseConsumer c;
  c.id = id;
  c.type = type;
  c.name = f.name.value_or("");
  c.display_name = f.display_name;
  c.display_label = f.display_label;
  c.email = f.email;
  c.connected_identity_id = f.connected_identity_id;
  c.contact_info = f.contact_info;
  c.description = f.description;
  c.external_reference = f.external_reference;
  c.natural_id = std::move(natural_id);
  c.created = created;
  c.modified = modified;
  return c;
}

}  // namespace scale::domain
