#pragma once
// The one shape that serves as fixture file, state dump and state upload (contract section 7).
// Everything a dump writes can be loaded again and gives the same dump.

#include <optional>
#include <vector>

#include "domain/entities.hpp"

namespace scale::domain {

struct ContainerRecord {
  std::optional<Uuid> id;  // generated when absent
  OptText name;
  bool used_as_default = false;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<Uuid> consumer_ids;  // consumers with access (access implies association)
};

struct LicenseeRecord {
  std::optional<Uuid> id;
  std::optional<LicenseeType> type;  // required
  LicenseeFields fields;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
  std::vector<ContainerRecord> containers;  // none: a default container named "default" is made
  std::vector<Uuid> consumer_ids;           // associated consumers
};

struct ConsumerRecord {
  std::optional<Uuid> id;
  std::optional<ConsumerType> type;  // required; LICENSE_KEY allowed here
  ConsumerFields fields;
  std::optional<Timestamp> created;
  std::optional<Timestamp> modified;
};

struct StateDocument {
  std::vector<LicenseeRecord> licensees;
  std::vector<ConsumerRecord> consumers;
};

struct Counts {
  std::size_t licensees = 0;
  std::size_t containers = 0;
  std::size_t consumers = 0;
};

}  // namespace scale::domain
