#pragma once
// The three kinds of record the API manages, and the inputs that create and edit them.
// Optional text is std::optional: absent, null and "" on the wire all arrive here as nullopt.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "domain/uuid.hpp"

namespace scale::domain {

using OptText = std::optional<std::string>;

// --------------------------------------------------------------------------- licensees

enum class LicenseeType { kPerson, kOrganization };
std::string_view to_string(LicenseeType t);
std::optional<LicenseeType> parse_licensee_type(std::string_view s);

// The members are in memory order, not the contract's: `created` and `id` come last because
// the store's list index (ordered by created, then id) keeps its tree links just after the
// record, and a step down that tree then reads one or two cache lines instead of three.
struct Licensee {
  LicenseeType type = LicenseeType::kOrganization;
  std::string name;
  OptText display_name;
  std::string natural_id;  // always set: generated when not given
  OptText email;
  OptText description;
  OptText external_reference;
  Timestamp modified = 0;
  Timestamp created = 0;
  Uuid id;

  bool operator==(const Licensee&) const = default;
};

// The editable fields of a licensee, as a setup action or a PUT gives them.
struct LicenseeFields {
  OptText name;
  OptText display_name;
  OptText natural_id;
  OptText email;
  OptText description;
  OptText external_reference;

  bool operator==(const LicenseeFields&) const = default;
};

// A setup action's body. `type`, when given, must agree with the action.
struct LicenseeSetup {
  LicenseeFields fields;
  std::optional<LicenseeType> type;
  OptText connected_identity_id;  // setup-user only: goes to the PERSON consumer

  bool operator==(const LicenseeSetup&) const = default;
};

// A PUT body: the editable fields, plus the read-only ones that must match when given.
struct LicenseeUpdate {
  LicenseeFields fields;
  std::optional<Uuid> id;
  std::optional<LicenseeType> type;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;

  bool operator==(const LicenseeUpdate&) const = default;
};

// --------------------------------------------------------------------------- containers

struct LicenseContainer {
  Uuid id;
  Uuid licensee_id;
  OptText name;
  bool used_as_default = false;
  Timestamp created = 0;
  Timestamp modified = 0;

  bool operator==(const LicenseContainer&) const = default;
};

struct ContainerCreate {
  OptText name;
  bool used_as_default = false;

  bool operator==(const ContainerCreate&) const = default;
};

// A PUT body: an absent name becomes null, an absent usedAsDefault keeps its value.
struct ContainerUpdate {
  OptText name;
  std::optional<bool> used_as_default;
  std::optional<Uuid> id;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;

  bool operator==(const ContainerUpdate&) const = default;
};

// A container in a path: its id, or the literal `default` for the licensee's default.
struct ContainerRef {
  bool is_default = false;
  Uuid id;
  static ContainerRef Default() { return {true, {}}; }
  static ContainerRef Of(Uuid id) { return {false, id}; }
};

// --------------------------------------------------------------------------- consumers

enum class ConsumerType { kPerson, kDevice, kLicenseKey };
std::string_view to_string(ConsumerType t);
std::optional<ConsumerType> parse_consumer_type(std::string_view s);

// In memory order, as Licensee: `created` and `id` last.
struct LicenseConsumer {
  ConsumerType type = ConsumerType::kPerson;
  std::string name;
  OptText display_name;
  OptText display_label;
  OptText email;
  OptText connected_identity_id;
  OptText contact_info;
  OptText description;
  OptText external_reference;
  std::string natural_id;  // always set: generated when not given
  Timestamp modified = 0;
  Timestamp created = 0;
  Uuid id;

  bool operator==(const LicenseConsumer&) const = default;
};

struct ConsumerFields {
  OptText name;
  OptText display_name;
  OptText display_label;
  OptText email;
  OptText connected_identity_id;
  OptText contact_info;
  OptText description;
  OptText external_reference;
  OptText natural_id;

  bool operator==(const ConsumerFields&) const = default;
};

struct ConsumerCreate {
  std::optional<ConsumerType> type;  // required: nullopt is a 400
  ConsumerFields fields;

  bool operator==(const ConsumerCreate&) const = default;
};

// A PUT body: an absent type keeps the current one.
struct ConsumerUpdate {
  std::optional<ConsumerType> type;
  ConsumerFields fields;
  std::optional<Uuid> id;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;

  bool operator==(const ConsumerUpdate&) const = default;
};

// --------------------------------------------------------------------------- construction

// A record from validated fields (`f.name` is set): the one place that copies fields over.
Licensee make_licensee(const Uuid& id, LicenseeType type, const LicenseeFields& f,
                       std::string natural_id, Timestamp created, Timestamp modified);
LicenseConsumer make_consumer(const Uuid& id, ConsumerType type, const ConsumerFields& f,
                              std::string natural_id, Timestamp created, Timestamp modified);

// --------------------------------------------------------------------------- lists

struct Page {
  std::size_t offset = 0;
  std::size_t limit = 100;
};

template <class T>
struct PageOf {
  std::vector<T> items;
  std::size_t total = 0;
};

}  // namespace scale::domain
