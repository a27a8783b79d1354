#pragma once
// The field names of a JSON object in the order written, for tests that check a record's
// fields and their order against the contract.

#include <string>
#include <vector>

#include "wire/json_text.hpp"

namespace scale::testing {

inline std::vector<std::string> keys_of(const wire::Json& j) {
  std::vector<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
  return out;
}

}  // namespace scale::testing
