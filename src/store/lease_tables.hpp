#pragma once
// The table of contract section 11: leases, each also its client binding. The same habits as
// in tables.hpp hold: every index tagged, uniqueness held by unique indexes, and every index a
// tree (tables.hpp says why a hashed index would make writes wait for a rehash).
//
// Part of tables.hpp, which includes it after the index keys and tags it builds on (by_license
// from license_tables.hpp too) and before its Tables struct: include "store/tables.hpp", not
// this file.

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>

#include "domain/lease.hpp"
#include "store/node_pool.hpp"

namespace scale::store {

using domain::Lease;

struct by_binding {};
struct by_end {};

// by_id: the leaseId, which a heartbeat replaces. by_binding: the client binding's integer id,
// which stays. by_license and by_consumer: a license's and a consumer's leases, in the order
// the describe calls list bindings (created, then binding id). by_end: the order in which
// leases end, ranked so that counting the live ones costs a look-up.
using LeaseTable = mi::multi_index_container<
    Lease,
    mi::indexed_by<
        mi::ordered_unique<mi::tag<by_id>, mi::member<Lease, Uuid, &Lease::id>>,
        mi::ordered_unique<mi::tag<by_binding>,
                           mi::member<Lease, std::int64_t, &Lease::binding_id>>,
        mi::ordered_unique<mi::tag<by_license>,
                           mi::composite_key<Lease, mi::member<Lease, Uuid, &Lease::license_id>,
                                             mi::member<Lease, Timestamp, &Lease::created>,
                                             mi::member<Lease, std::int64_t, &Lease::binding_id>>>,
        mi::ordered_unique<mi::tag<by_consumer>,
                           mi::composite_key<Lease, mi::member<Lease, Uuid, &Lease::consumer_id>,
                                             mi::member<Lease, Timestamp, &Lease::created>,
                                             mi::member<Lease, std::int64_t, &Lease::binding_id>>>,
        mi::ranked_unique<
            mi::tag<by_end>,
            mi::composite_key<Lease, mi::member<Lease, Timestamp, &Lease::valid_until>,
                              mi::member<Lease, std::int64_t, &Lease::binding_id>>>>,
    NodeAllocator<Lease>>;

}  // namespace scale::store
