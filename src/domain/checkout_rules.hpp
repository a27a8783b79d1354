#pragma once
// The rules of contract section 11 as pure functions: what a checkout, heartbeat or release body
// may hold, which licenses an item may take, how quantities are counted, when a lease ends,
// and what a state document's lease resolves to. The store applies them under its lock.

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/error.hpp"
#include "domain/lease.hpp"
#include "domain/license.hpp"
#include "domain/state_document.hpp"

namespace scale::domain {

// --------------------------------------------------------------------------- request bodies

// 1 to kMaxItems items (else kInvalid, no field); each item's qty at least 1 (kInvalid, field
// "/<index>/qty", the JSON pointer into the body).
Status validate_checkout_items(const std::vector<CheckoutItem>& items);
// 1 to kMaxItems items; each usedQty not negative ("/<index>/usedQty").
Status validate_heartbeat_items(const std::vector<HeartbeatItem>& items);
// 1 to kMaxItems items; each finalUsedQty, when given, not negative ("/<index>/finalUsedQty").
Status validate_release_items(const std::vector<ReleaseItem>& items);

// --------------------------------------------------------------------------- choosing a license

// Whether the license's version bounds (inclusive, natural order) admit `client_version`. A
// license without bounds admits anything; one with a bound refuses an absent version.
bool admits_version(const License& l, const OptText& client_version);

// Whether the license is of the item's product (byte for byte) and dimension, and of the mode's
// enforcement.
bool offers(const License& l, const CheckoutItem& item, UseMode mode);

// --------------------------------------------------------------------------- quantity

// What a lease of the item holds: one seat for SEATS, else the item's qty.
std::int64_t pre_allocation(QtyDimension dimension, std::int64_t qty);
// What the license has left with `consumed` taken by ended leases and `held` by live ones;
// -1 (kUnlimitedQty) for an unlimited license.
std::int64_t remaining_qty(const License& l, std::int64_t consumed, std::int64_t held);
// Whether `wanted` more fits: always for an unlimited license, else wanted <= what is left.
bool fits(const License& l, std::int64_t consumed, std::int64_t held, std::int64_t wanted);
// The lease's reported use after a heartbeat item: SEATS stay at 1; otherwise usedQty, or the
// use so far plus usedQty when incremental. May exceed the pre-allocation (the caller refuses).
std::int64_t reported_use(const Lease& lease, const HeartbeatItem& item);
// What a release consumes: SEATS nothing (the seat is freed); otherwise finalUsedQty capped at
// the pre-allocation, or the whole pre-allocation when absent. The rest returns to the license.
std::int64_t release_consumes(const Lease& lease, const OptInt& final_used_qty);
// What a lease that ends without a release consumes: its whole pre-allocation (SEATS nothing).
std::int64_t end_consumes(const Lease& lease);
// The use a release result reports: SEATS 1, otherwise what it consumed.
std::int64_t release_reports(const Lease& lease, std::int64_t consumed);

// --------------------------------------------------------------------------- time

// The end of a lease renewed at `now`: lease_seconds later, but never after the license's
// validUntil.
Timestamp lease_end(const License& l, Timestamp now, std::int64_t lease_seconds);

// --------------------------------------------------------------------------- reads

// filterField, when given, must be one of productName, displayName, qtyDimension,
// qtyEnforcementType (kInvalid, field filterField); a filterField needs a filterValue (kInvalid,
// field filterValue).
Status validate(const LicenseFieldFilter& f);
// Whether the license passes the filter (see LicenseFieldFilter); no value passes everything.
bool matches(const License& l, const LicenseFieldFilter& f);

// --------------------------------------------------------------------------- state documents

// The lease a state document's record describes, for a license of `dimension`, with absent
// values derived (see LeaseRecord); its ids, license and consumer are left for the caller.
// kInvalid naming the record's field: clientBindingId below 1 or above kMaxBindingId; qtyPreAlloc
// other than 1 for SEATS, below 1 otherwise; verifiedQty negative or above qtyPreAlloc; validUntil
// absent or not after validFrom; licenseConsumerId absent.
Result<Lease> resolve_lease(const LeaseRecord& r, QtyDimension dimension, Timestamp now);

}  // namespace scale::domain
