// Loading and dumping the leases of a state document (contract sections 10.4 and 11): each
// inside the license it uses. Part of Store::load_into and Store::dump, with their rules:
// records checked in document order, errors naming the JSON pointer of the offending value, and
// nothing kept of a load that failed.

#include <boost/tuple/tuple.hpp>
#include <string>
#include <vector>

#include "domain/checkout_rules.hpp"
#include "domain/fields.hpp"
#include "domain/license_validation.hpp"
#include "domain/messages.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"
#include "store/places.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;
using loading::at;

Status Store::load_leases(Tables& t, const LicenseRecord& rec, const License& license,
                          LicensePlace place, loading::Places& places, Timestamp now) {
  const std::size_t i = place.licensee;
  const std::size_t j = place.container;
  const std::size_t k = place.license;
  // The key license's LICENSE_KEY consumer: the only one that may hold its leases.
  const KeyLink* key = license.license_key ? rules::find_key(t, license.license_key->key) : nullptr;
  std::int64_t held = 0;
  for (std::size_t m = 0; m < rec.leases.size(); ++m) {
    const LeaseRecord& r = rec.leases[m];
    auto ptr = [&] { return loading::lease_pointer(i, j, k, m); };
    auto field_ptr = [&](const char* name) { return ptr() + "/" + name; };

    auto resolved = resolve_lease(r, license.qty_dimension, now);
    if (!resolved) return at(ptr(), resolved.error());
    Lease lease = std::move(resolved).value();
    if (license.valid_until && lease.valid_until > *license.valid_until)
      return Error::Invalid(field_ptr(field::kValidUntil),
                            msg::after_license_end(format_timestamp(lease.valid_until),
                                                   format_timestamp(*license.valid_until)));
    const LicenseConsumer* con = rules::find_consumer(t, lease.consumer_id);
    if (!con)
      return Error::Invalid(field_ptr(field::kLicenseConsumerId),
                            msg::no_such("license consumer", lease.consumer_id.str()));
    if (key && con->id != key->consumer_id)
      return Error::Invalid(field_ptr(field::kLicenseConsumerId),
                            msg::lease_consumer_of_key(con->id.str(), key->consumer_id.str()));
    if (!key && con->type == ConsumerType::kLicenseKey)
      return Error::Invalid(field_ptr(field::kLicenseConsumerId),
                            msg::lease_consumer_is_key(con->id.str()));
    if (!fits(license, license.consumed_qty, held, lease.qty_pre_alloc))
      return Error::Invalid(
          field_ptr(field::kQtyPreAlloc),
          msg::more_than_left(std::to_string(lease.qty_pre_alloc),
                              std::to_string(remaining_qty(license, license.consumed_qty, held))));
    held += lease.qty_pre_alloc;

    if (r.id) {
      if (rules::id_taken(t, *r.id))
        return places.clash(ptr(), field::kLeaseId, r.id->str(), *r.id,
                            rules::record_kind(t, *r.id));
      lease.id = *r.id;
      rules::add_foreign_id(t, lease.id);
    } else {
      lease.id = new_id(t);
    }
    if (r.client_binding_id) {
      if (const Lease* other = rules::find_binding(t, *r.client_binding_id))
        return places.clash(ptr(), field::kClientBindingId, std::to_string(*r.client_binding_id),
                            other->id, "lease");
      lease.binding_id = *r.client_binding_id;
    } else {
      while (rules::find_binding(t, t.next_binding_id)) ++t.next_binding_id;
      lease.binding_id = t.next_binding_id++;
    }
    lease.license_id = license.id;
    t.leases.insert(lease);
    places.lease(lease.id, i, j, k, m);
  }
  return Ok();
}

std::vector<LeaseRecord> Store::dump_leases(const Uuid& license, Timestamp now) const {
  std::vector<LeaseRecord> out;
  if (t_.leases.empty()) return out;
  auto range = t_.leases.get<by_license>().equal_range(boost::make_tuple(license));
  for (auto it = range.first; it != range.second; ++it) {
    if (!is_live_at(*it, now)) continue;
    LeaseRecord r;
    r.id = it->id;
    r.client_binding_id = it->binding_id;
    r.license_consumer_id = it->consumer_id;
    r.qty_pre_alloc = it->qty_pre_alloc;
    r.verified_qty = it->verified_qty;
    r.claims = it->claims;
    r.created = it->created;
    r.valid_from = it->valid_from;
    r.last_heartbeat = it->last_heartbeat;
    r.valid_until = it->valid_until;
    r.heartbeat_not_before = it->heartbeat_not_before;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace scale::store
