#include "domain/checkout_rules.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "domain/fields.hpp"
#include "domain/license_validation.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "domain/version.hpp"

namespace scale::domain {
namespace {

constexpr Timestamp kMillisPerSecond = 1000;

Status check_count(std::size_t n) {
  if (n == 0 || n > kMaxItems) return Error::Invalid("", msg::item_count(n, kMaxItems));
  return Ok();
}

// "/<index>/<field>": where in the body the bad value is.
std::string item_field(std::size_t i, const char* name) {
  return "/" + std::to_string(i) + "/" + name;
}

std::string number(std::int64_t v) {
  return std::to_string(v);
}

// a + b, saturating: quantities from documents and requests are 64-bit and may be huge.
std::int64_t add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  return out;
}

// The license's field named `field`, as the wire writes it.
OptText field_value(const License& l, std::string_view field) {
  if (field == field::kProductName) return l.product_name;
  if (field == field::kDisplayName) return l.display_name;
  if (field == field::kQtyDimension) return std::string(to_string(l.qty_dimension));
  return std::string(to_string(l.qty_enforcement_type));
}

bool filterable(std::string_view field) {
  return field == field::kProductName || field == field::kDisplayName ||
         field == field::kQtyDimension || field == field::kQtyEnforcementType;
}

}  // namespace

Status validate_checkout_items(const std::vector<CheckoutItem>& items) {
  if (auto s = check_count(items.size()); !s) return s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].qty < 1)
      return Error::Invalid(item_field(i, field::kQty), msg::at_least(number(items[i].qty), "1"));
  }
  return Ok();
}

Status validate_heartbeat_items(const std::vector<HeartbeatItem>& items) {
  if (auto s = check_count(items.size()); !s) return s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].used_qty < 0)
      return Error::Invalid(item_field(i, field::kUsedQty),
                            msg::negative(number(items[i].used_qty)));
  }
  return Ok();
}

Status validate_release_items(const std::vector<ReleaseItem>& items) {
  if (auto s = check_count(items.size()); !s) return s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const OptInt& v = items[i].final_used_qty;
    if (v && *v < 0)
      return Error::Invalid(item_field(i, field::kFinalUsedQty), msg::negative(number(*v)));
  }
  return Ok();
}

bool admits_version(const License& l, const OptText& client_version) {
  const OptText& lower = l.allowed_version_lower_bound;
  const OptText& upper = l.allowed_version_upper_bound;
  if (!lower && !upper) return true;
  if (!client_version) return false;
  if (lower && compare_versions(*client_version, *lower) < 0) return false;
  if (upper && compare_versions(*client_version, *upper) > 0) return false;
  return true;
}

bool offers(const License& l, const CheckoutItem& item, UseMode mode) {
  return l.product_name == item.product_name && l.qty_dimension == item.qty_dimension &&
         l.qty_enforcement_type == enforcement_of(mode);
}

std::int64_t pre_allocation(QtyDimension dimension, std::int64_t qty) {
  return dimension == QtyDimension::kSeats ? 1 : qty;
}

std::int64_t remaining_qty(const License& l, std::int64_t consumed, std::int64_t held) {
  if (l.qty == kUnlimitedQty) return kUnlimitedQty;
  return std::max<std::int64_t>(0, add(l.qty, -add(consumed, held)));
}

bool fits(const License& l, std::int64_t consumed, std::int64_t held, std::int64_t wanted) {
  if (l.qty == kUnlimitedQty) return true;
  return wanted <= remaining_qty(l, consumed, held);
}

std::int64_t reported_use(const Lease& lease, const HeartbeatItem& item) {
  if (lease.qty_dimension == QtyDimension::kSeats) return 1;
  return item.treat_as_incremental_qty ? add(lease.verified_qty, item.used_qty) : item.used_qty;
}

std::int64_t release_consumes(const Lease& lease, const OptInt& final_used_qty) {
  if (lease.qty_dimension == QtyDimension::kSeats) return 0;
  if (!final_used_qty) return lease.qty_pre_alloc;
  return std::min(*final_used_qty, lease.qty_pre_alloc);
}

std::int64_t end_consumes(const Lease& lease) {
  return lease.qty_dimension == QtyDimension::kSeats ? 0 : lease.qty_pre_alloc;
}

std::int64_t release_reports(const Lease& lease, std::int64_t consumed) {
  return lease.qty_dimension == QtyDimension::kSeats ? 1 : consumed;
}

Timestamp lease_end(const License& l, Timestamp now, std::int64_t lease_seconds) {
  Timestamp end = add(now, lease_seconds > std::numeric_limits<Timestamp>::max() / kMillisPerSecond
                               ? std::numeric_limits<Timestamp>::max()
                               : lease_seconds * kMillisPerSecond);
  return l.valid_until ? std::min(end, *l.valid_until) : end;
}

Status validate(const LicenseFieldFilter& f) {
  if (f.field && !filterable(*f.field))
    return Error::Invalid(field::kFilterField, msg::filter_field_unknown(*f.field));
  if (f.field && !f.value) return Error::Invalid(field::kFilterValue, msg::required());
  return Ok();
}

bool matches(const License& l, const LicenseFieldFilter& f) {
  if (!f.value) return true;
  const OptText v = field_value(l, f.field ? *f.field : field::kProductName);
  return v && iequals_ascii(*v, *f.value);
}

Result<Lease> resolve_lease(const LeaseRecord& r, QtyDimension dimension, Timestamp now) {
  if (r.client_binding_id && *r.client_binding_id < 1)
    return Error::Invalid(field::kClientBindingId,
                          msg::at_least(number(*r.client_binding_id), "1"));
  if (r.client_binding_id && *r.client_binding_id > kMaxBindingId)
    return Error::Invalid(field::kClientBindingId,
                          msg::at_most(number(*r.client_binding_id), number(kMaxBindingId)));
  if (!r.license_consumer_id) return Error::Invalid(field::kLicenseConsumerId, msg::required());
  Lease l;
  l.qty_dimension = dimension;
  l.qty_pre_alloc = r.qty_pre_alloc.value_or(1);
  if (dimension == QtyDimension::kSeats && l.qty_pre_alloc != 1)
    return Error::Invalid(field::kQtyPreAlloc, msg::seats_pre_alloc(number(l.qty_pre_alloc)));
  if (l.qty_pre_alloc < 1)
    return Error::Invalid(field::kQtyPreAlloc, msg::at_least(number(l.qty_pre_alloc), "1"));
  l.verified_qty = r.verified_qty.value_or(dimension == QtyDimension::kSeats ? 1 : 0);
  if (l.verified_qty < 0)
    return Error::Invalid(field::kVerifiedQty, msg::negative(number(l.verified_qty)));
  if (l.verified_qty > l.qty_pre_alloc)
    return Error::Invalid(field::kVerifiedQty,
                          msg::over_pre_alloc(number(l.verified_qty), number(l.qty_pre_alloc)));
  l.created = r.created.value_or(now);
  l.valid_from = r.valid_from.value_or(l.created);
  l.last_heartbeat = r.last_heartbeat;
  if (!r.valid_until) return Error::Invalid(field::kValidUntil, msg::required());
  if (*r.valid_until <= l.valid_from)
    return Error::Invalid(field::kValidUntil,
                          msg::not_after(format_timestamp(*r.valid_until), field::kValidFrom,
                                         format_timestamp(l.valid_from)));
  l.valid_until = *r.valid_until;
  l.heartbeat_not_before = r.heartbeat_not_before.value_or(l.valid_from);
  l.claims = r.claims;
  l.consumer_id = *r.license_consumer_id;
  return l;
}

}  // namespace scale::domain
