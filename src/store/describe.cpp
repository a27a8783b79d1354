// The describe calls of the License Checkout API (contract section 11.4): licenses, licensees,
// feature flags and client bindings, as the asker may see them, paged as the SDK pages them.

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <map>
#include <mutex>

#include "domain/checkout_rules.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;

namespace {

// The page `page` asks for of `items`, which are in ascending order: reversed first when the
// page is descending.
template <class T>
PageOf<T> describe_cut(std::vector<T> items, DescribePage page) {
  if (!page.ascending) std::reverse(items.begin(), items.end());
  PageOf<T> out;
  out.total = items.size();
  const std::size_t start = std::min(page.offset, out.total);
  const std::size_t stop = start + std::min(page.limit, out.total - start);
  out.items.assign(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(start)),
                   std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(stop)));
  return out;
}

Status licensee_exists(const Tables& t, const std::optional<Uuid>& licensee) {
  if (licensee && !rules::find_licensee(t, *licensee))
    return Error::NotFound("", msg::no_such("licensee", licensee->str()));
  return Ok();
}

bool binding_order(const Lease* a, const Lease* b) {
  return a->created != b->created ? a->created < b->created : a->binding_id < b->binding_id;
}

// The leases, in ascending order, as the page asks for them: at most kMaxBindingsPerLicense of
// each license (the first in the page's order), then the page.
ClientBindings bindings_page(const Tables& t, std::vector<const Lease*> leases, DescribePage page,
                             Timestamp now) {
  std::sort(leases.begin(), leases.end(), binding_order);
  if (!page.ascending) std::reverse(leases.begin(), leases.end());
  ClientBindings out;
  std::map<Uuid, std::size_t> per_license;
  std::vector<const Lease*> kept;
  for (const Lease* l : leases) {
    if (++per_license[l->license_id] > kMaxBindingsPerLicense)
      out.all_included = false;
    else
      kept.push_back(l);
  }
  const std::size_t start = std::min(page.offset, kept.size());
  const std::size_t stop = start + std::min(page.limit, kept.size() - start);
  if (start > 0 || stop < kept.size()) out.all_included = false;
  for (std::size_t i = start; i < stop; ++i)
    out.bindings.push_back(rules::binding_of(t, *kept[i], now));
  return out;
}

}  // namespace

Result<PageOf<LicenseView>> Store::usable_licenses(const Asker& who,
                                                   const std::optional<Uuid>& licensee,
                                                   const LicenseFieldFilter& filter,
                                                   DescribePage page) const {
  if (auto s = validate(filter); !s) return s.error();
  std::shared_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  if (auto s = licensee_exists(t_, licensee); !s) return s.error();
  const Timestamp now = clock_->now();
  std::vector<LicenseView> views;
  for (const License* l : rules::usable_licenses(t_, *caller, licensee))
    if (matches(*l, filter)) views.push_back(rules::view_at(t_, *l, now));
  return describe_cut(std::move(views), page);
}

Result<PageOf<Licensee>> Store::consumer_licensees(const Asker& who, DescribePage page) const {
  std::shared_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  const auto& assoc = t_.associations.get<by_consumer>();
  auto range = assoc.equal_range(boost::make_tuple(caller->consumer->id));
  std::vector<Licensee> found;
  for (auto a = range.first; a != range.second; ++a)
    found.push_back(*rules::find_licensee(t_, a->licensee_id));
  std::sort(found.begin(), found.end(), [](const Licensee& a, const Licensee& b) {
    return a.created != b.created ? a.created < b.created : a.id < b.id;
  });
  return describe_cut(std::move(found), page);
}

Result<std::vector<FeatureFlag>> Store::feature_flags(const Asker& who,
                                                      const std::optional<Uuid>& licensee,
                                                      const OptText& product_filter) const {
  std::shared_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  if (auto s = licensee_exists(t_, licensee); !s) return s.error();
  const Timestamp now = clock_->now();
  std::map<std::string, FeatureFlag, BytesLess> flags;
  for (const License* l : rules::usable_licenses(t_, *caller, licensee)) {
    if (!is_valid_at(*l, now)) continue;
    if (product_filter && !iequals_ascii(l->product_name, *product_filter)) continue;
    FeatureFlag& flag = flags[l->product_name];
    flag.product_name = l->product_name;
    for (const LicenseFeature& f : l->features)
      if (std::find(flag.features.begin(), flag.features.end(), f.feature) == flag.features.end())
        flag.features.push_back(f.feature);
  }
  std::vector<FeatureFlag> out;
  out.reserve(flags.size());
  for (auto& [name, flag] : flags) out.push_back(std::move(flag));
  return out;
}

Result<ClientBindings> Store::consumer_bindings(const Asker& who,
                                                const std::optional<Uuid>& licensee,
                                                DescribePage page) const {
  std::shared_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  if (auto s = licensee_exists(t_, licensee); !s) return s.error();
  const Timestamp now = clock_->now();
  std::vector<const Lease*> leases;
  auto range = t_.leases.get<by_consumer>().equal_range(boost::make_tuple(caller->consumer->id));
  for (auto it = range.first; it != range.second; ++it) {
    if (!is_live_at(*it, now)) continue;
    if (licensee && rules::find_license(t_, it->license_id)->licensee_id != *licensee) continue;
    leases.push_back(&*it);
  }
  return bindings_page(t_, std::move(leases), page, now);
}

Result<ClientBindings> Store::license_bindings(const Asker& who,
                                               const std::optional<Uuid>& licensee,
                                               const std::optional<Uuid>& license,
                                               DescribePage page) const {
  std::shared_lock lock(mu_);
  auto caller = rules::resolve_caller(t_, who);
  if (!caller) return caller.error();
  if (auto s = licensee_exists(t_, licensee); !s) return s.error();
  std::optional<Uuid> id = license;
  if (!id) {
    if (who.kind != Asker::Kind::kLicenseKey)
      return Error::Invalid(field::kLicenseId, msg::required());
    id = caller->key_license;
    if (!id) return ClientBindings{};
  }
  const License* l = rules::find_license(t_, *id);
  if (!l || !rules::may_use(t_, *caller, *l)) {
    if (who.kind == Asker::Kind::kLicenseKey)
      return Error::NotFound("", msg::license_not_of_key(id->str(), who.value));
    return Error::NotFound("", msg::license_not_usable(id->str(), caller->consumer->id.str()));
  }
  if (licensee && l->licensee_id != *licensee)
    return Error::NotFound("", msg::license_not_of_licensee(id->str(), licensee->str()));
  const Timestamp now = clock_->now();
  std::vector<const Lease*> leases;
  auto range = t_.leases.get<by_license>().equal_range(boost::make_tuple(l->id));
  for (auto it = range.first; it != range.second; ++it)
    if (is_live_at(*it, now)) leases.push_back(&*it);
  return bindings_page(t_, std::move(leases), page, now);
}

Result<ClientBindings> Store::find_binding(std::int64_t binding_id,
                                           const std::optional<Uuid>& licensee) const {
  std::shared_lock lock(mu_);
  if (auto s = licensee_exists(t_, licensee); !s) return s.error();
  const Timestamp now = clock_->now();
  const Lease* lease = rules::find_binding(t_, binding_id);
  if (!lease || !is_live_at(*lease, now) ||
      (licensee && rules::find_license(t_, lease->license_id)->licensee_id != *licensee))
    return Error::NotFound("", msg::binding_not_found(std::to_string(binding_id)));
  ClientBindings out;
  out.bindings.push_back(rules::binding_of(t_, *lease, now));
  return out;
}

}  // namespace scale::store
