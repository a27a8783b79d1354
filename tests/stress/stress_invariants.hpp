#pragma once
// The invariants every state dump must keep, written from the contract
// (/work/shared/design/api-contract.md sections 3 to 7 and 9), not from the store's code, so
// that a bug in the store's own checks cannot hide itself here.

#include <string>
#include <vector>

#include "wire/codec.hpp"

namespace scale::testing::stress {

// Every broken rule in a GET /__admin/state document, one line each; empty when all hold:
//   - the shape: an object with the arrays licensees and licenseConsumers, records with the
//     documented fields and types;
//   - ids: lowercase UUIDs, unique across licensees, containers and consumers;
//   - licensees: naturalId present; naturalId, email (ASCII case folding) and
//     externalReference unique among licensees; name non-blank;
//   - containers: at least one per licensee, exactly one with usedAsDefault true;
//   - consumers: naturalId, email (ASCII case folding), externalReference and
//     connectedIdentityId unique among consumers; name non-blank;
//   - relations: every id in a licenseConsumerIds list names an existing consumer that is not
//     a LICENSE_KEY, at most once per list; access implies association (a container's
//     consumers are all associated with its licensee);
//   - timestamps: created is not after modified.
std::vector<std::string> invariant_violations(const wire::Json& state);

}  // namespace scale::testing::stress
