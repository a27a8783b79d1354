#pragma once
// The invariants every state dump must keep, written from the API contract (its sections 3 to
// 7, 9, 10 and 11; docs/fidelity.md says which rules are documented by 10Duke and which are
// the project's choices), not from the store's code, so that a bug in the store's own checks
// cannot hide itself here.

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
//   - timestamps: created is not after modified;
//   - the catalogue: license model, product and configuration ids unique, names unique (a
//     configuration's within its product), a configuration's licenseModelId an existing model;
//   - licenses (inside their container, so of an existing container of their licensee): ids
//     unique with every other id; a productConfigId names an existing configuration whose
//     product is the license's productName; qty 1 to 1000 for SEATS, at least 1 otherwise, -1
//     (unlimited) only when METERED; consumedQty not negative;
//   - keys: licenseKey (a string or a key object) unique among licenses, and a LICENSE_KEY
//     consumer named after it exists (key names are unique among LICENSE_KEY consumers, so
//     key and consumer are one to one); with `every_key_consumer_has_a_license` (a state made
//     only through the API) every LICENSE_KEY consumer has its license;
//   - leases (a license's `leases`, when the document carries them): leaseId a lowercase UUID
//     and clientBindingId an integer of at least 1, each unique in the document; the
//     licenseConsumerId an existing consumer; a SEATS lease holds one seat (qtyPreAlloc 1);
//     what the live leases hold plus consumedQty stays within an ENFORCED license's qty; a
//     lease ends no later than its license.
std::vector<std::string> invariant_violations(const wire::Json& state,
                                              bool every_key_consumer_has_a_license = false);

}  // namespace scale::testing::stress
