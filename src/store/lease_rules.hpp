#pragma once
// The rules of contract section 11 that every path shares, as functions over Tables: who is
// asking and which licenses they may use (section 10.3), a license's use, and how leases end.
// As rules.hpp: the Store calls them under its lock, the state loader on a private copy; none
// takes a lock.
//
// Leases end on the namespace's clock: a lease is live while now < its valid_until. Writes
// settle the leases that have ended (settle(): each consumes its pre-allocation, then is
// removed); reads see the same state without writing, through use_of() and the live filter, so
// a read and a write at the same instant agree, whichever comes first.

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/error.hpp"
#include "domain/lease.hpp"
#include "domain/license.hpp"
#include "store/tables.hpp"

namespace scale::store::rules {

const Lease* find_lease(const Tables& t, const Uuid& id);
const Lease* find_binding(const Tables& t, std::int64_t binding_id);
// Whether a lease has the id (lease ids are ids like any record's).
bool lease_has_id(const Tables& t, const Uuid& id);

// ---- who is asking (contract 11.1 and 10.3)

// The consumer a request acts for. A LICENSE_KEY consumer (asking by key, or named by id) may
// use only its key's license, `key_license` (nullopt when its key has none, as fixtures allow).
struct Caller {
  const LicenseConsumer* consumer = nullptr;
  bool is_key = false;
  std::optional<Uuid> key_license;
};
// kNotFound for an unknown consumer id, key or identity subject; kInvalid (field licenseKey) for
// a key that is not 16 to 64 of A-Z a-z 0-9 - _.
domain::Result<Caller> resolve_caller(const Tables& t, const domain::Asker& who);
// A key license: only by its key's consumer. Any other: by a PERSON or DEVICE consumer with
// access to its container.
bool may_use(const Tables& t, const Caller& caller, const License& l);
// The licenses the caller may use (of `licensee` only, when given), ordered by created, then id.
std::vector<const License*> usable_licenses(const Tables& t, const Caller& caller,
                                            const std::optional<Uuid>& licensee);

// ---- use and quantity

// A license's use at `now`: what live leases hold and have reported, and what ended leases
// have consumed (License::consumed_qty plus the pre-allocations of leases that have ended but
// are not settled yet).
domain::LicenseUsage usage_of(const Tables& t, const License& l, domain::Timestamp now);
// The license as it reads at `now`: consumed_qty as usage_of() counts it.
License settled(const Tables& t, const License& l, domain::Timestamp now);
// view_of() of the settled license.
domain::LicenseView view_at(const Tables& t, const License& l, domain::Timestamp now);
// How many leases are live at `now`.
std::size_t live_leases(const Tables& t, domain::Timestamp now);
// The lease with its license's view at `now` and its consumer.
domain::ClientBinding binding_of(const Tables& t, const Lease& lease, domain::Timestamp now);

// ---- ending leases. The functions take ids by value: they may be fields of records removed.

// Ends every lease whose valid_until is at or before `now`, each consuming its whole
// pre-allocation (domain::end_consumes).
void settle(Tables& t, domain::Timestamp now);
// Removes the lease, adding `consumed` to its license's consumed_qty.
void end_lease(Tables& t, Uuid lease, std::int64_t consumed);
// Every lease of the consumer ends, each consuming its whole pre-allocation.
void end_leases_of_consumer(Tables& t, Uuid consumer);
// Every lease of the license is removed, consuming nothing (the license goes with them).
void erase_leases_of_license(Tables& t, Uuid license);
// The license's leases end no later than `end` (settle() then ends those that have ended).
void cut_leases(Tables& t, Uuid license, domain::Timestamp end);
// After a license's validity changed: its leases end when it stops being valid (at once when
// it is not valid at `now`), and those that have ended by `now` are settled.
void follow_validity(Tables& t, const License& l, domain::Timestamp now);

}  // namespace scale::store::rules
