// Issuing, reading, editing, moving, revoking and deleting licenses (contract section 10.2).

#include <algorithm>
#include <boost/tuple/tuple.hpp>
#include <mutex>

#include "domain/fields.hpp"
#include "domain/license_validation.hpp"
#include "domain/messages.hpp"
#include "store/lease_rules.hpp"
#include "store/license_rules.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;

namespace {

Error licensee_not_found(const Uuid& id) {
  return Error::NotFound("", msg::no_such("licensee", id.str()));
}

// The licensee's license `id`: another licensee's is as unknown as one that does not exist.
Result<const License*> license_of(const Tables& t, const Uuid& licensee, const Uuid& id) {
  const License* l = rules::find_license(t, id);
  if (!l || l->licensee_id != licensee)
    return Error::NotFound("", msg::license_not_of_licensee(id.str(), licensee.str()));
  return l;
}

// Who holds a key: its license, or (from a fixture) a LICENSE_KEY consumer without one.
std::string key_holder(const KeyLink& k) {
  return k.license_id ? "license " + k.license_id->str()
                      : "license consumer " + k.consumer_id.str();
}

}  // namespace

std::string Store::new_license_key(const Tables& t) {
  while (true) {
    std::string key = ids_->next().str();
    if (!rules::find_key(t, key)) return key;
  }
}

Result<LicenseView> Store::issue_license(const Uuid& licensee, const LicenseIssue& in) {
  std::unique_lock lock(mu_);
  auto box = resolve(licensee, in.license_container_id ? ContainerRef::Of(*in.license_container_id)
                                                       : ContainerRef::Default());
  if (!box) return box.error();
  std::optional<LicenseSource> source;
  if (in.product_config_id) {
    const ProductConfiguration* config = rules::find_configuration(t_, *in.product_config_id);
    if (!config)
      return Error::NotFound("",
                             msg::no_such("product configuration", in.product_config_id->str()));
    // A configuration's product and model exist: the state loader sees to it.
    source.emplace(LicenseSource{*config, *rules::find_product(t_, config->product_id),
                                 *rules::find_license_model(t_, config->license_model_id)});
  }
  const Timestamp now = clock_->now();
  auto terms = resolve_terms(in.terms, source ? &*source : nullptr, now, true);
  if (!terms) return terms.error();
  if (in.license_key) {
    if (auto s = validate_license_key(*in.license_key); !s) return s.error();
    if (in.generate_license_key)
      return Error::Invalid(field::kGenerateLicenseKey, msg::key_given_and_generated());
    if (const KeyLink* k = rules::find_key(t_, *in.license_key))
      return Error::Conflict(field::kLicenseKey,
                             msg::already_used(*in.license_key, key_holder(*k)));
  }

  // Every rule holds: from here on nothing fails. The ids drawn here are not in the tables yet,
  // so each new one is also checked against the others.
  std::vector<Uuid> drawn;
  auto fresh = [&] {
    Uuid id = new_id(t_);
    while (std::find(drawn.begin(), drawn.end(), id) != drawn.end()) id = new_id(t_);
    drawn.push_back(id);
    return id;
  };
  License l = std::move(terms).value();
  l.id = fresh();
  l.licensee_id = licensee;
  l.container_id = (*box)->id;
  l.created = l.modified = now;
  for (auto& f : l.features) {
    f.id = fresh();
    f.created = f.modified = now;
  }
  std::optional<Uuid> key_consumer;
  if (in.license_key || in.generate_license_key) {
    std::string key = in.license_key ? *in.license_key : new_license_key(t_);
    l.license_key = LicenseKey{fresh(), key, std::nullopt, now, now};
    ConsumerFields named;
    named.name = std::move(key);
    LicenseConsumer con = make_consumer(fresh(), ConsumerType::kLicenseKey, named,
                                        new_natural_id(t_, false, true), now, now);
    t_.consumers.insert(con);
    key_consumer = con.id;
  }
  rules::insert_license(t_, l, key_consumer);
  return rules::view_of(t_, std::move(l));
}

Result<PageOf<LicenseView>> Store::list_licenses(const Uuid& licensee, const LicenseFilter& filter,
                                                 Page page) const {
  std::shared_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  std::optional<Uuid> container;
  if (filter.container) {
    auto box = resolve(licensee, *filter.container);
    if (!box) return box.error();
    container = (*box)->id;
  }
  const Timestamp now = clock_->now();
  // Each as it reads now: leases that have ended count as consumed.
  auto view = [this, now](const License& l) { return rules::view_at(t_, l, now); };
  const auto& idx = t_.licenses.get<by_licensee>();
  auto range = idx.equal_range(boost::make_tuple(licensee));
  if (!container && !filter.product_name && !filter.valid_now)
    return rules::cut_page(idx, range.first, range.second, page, view);

  auto passes = [&](const License& l) {
    return (!filter.product_name || l.product_name == *filter.product_name) &&
           (!filter.valid_now || is_valid_at(l, now));
  };
  std::vector<const License*> hits;
  if (container) {
    for (const License* l : rules::licenses_in(t_, *container))
      if (passes(*l)) hits.push_back(l);
  } else {
    for (auto it = range.first; it != range.second; ++it)
      if (passes(*it)) hits.push_back(&*it);
  }
  return rules::cut_page(hits, page, [&view](const License* l) { return view(*l); });
}

Result<LicenseView> Store::get_license(const Uuid& licensee, const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  auto l = license_of(t_, licensee, id);
  if (!l) return l.error();
  return rules::view_at(t_, **l, clock_->now());
}

Result<LicenseView> Store::update_license(const Uuid& licensee, const Uuid& id,
                                          const LicenseUpdate& in) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  auto cur = license_of(t_, licensee, id);
  if (!cur) return cur.error();
  Uuid container = (*cur)->container_id;
  if (in.license_container_id) {
    auto box = resolve(licensee, ContainerRef::Of(*in.license_container_id));
    if (!box) return box.error();
    container = (*box)->id;
  }
  if (auto s = validate_update(in, **cur); !s) return s.error();

  License next = **cur;
  next.valid_from = in.valid_from.value_or(next.valid_from);
  next.valid_until = in.valid_until;
  next.display_name = in.display_name;
  next.container_id = container;
  const Timestamp now = clock_->now();
  next.modified = now;
  auto& idx = t_.licenses.get<by_id>();
  idx.replace(idx.find(id), next);
  // Its leases end when it stops being valid, at once when it is not valid now.
  rules::follow_validity(t_, next, now);
  return rules::view_of(t_, *rules::find_license(t_, id));
}

Result<std::vector<LicenseView>> Store::revoke_licenses(const Uuid& licensee,
                                                        const LicenseRevoke& in) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  if (in.license_ids.empty()) return Error::Invalid(field::kLicenseIds, msg::must_not_be_empty());
  std::vector<Uuid> targets;
  for (const Uuid& id : in.license_ids) {
    auto l = license_of(t_, licensee, id);
    if (!l) return l.error();
    if (std::find(targets.begin(), targets.end(), id) == targets.end()) targets.push_back(id);
  }

  const Timestamp now = clock_->now();
  const Timestamp until = in.valid_until.value_or(now);
  std::vector<LicenseView> out;
  out.reserve(targets.size());
  auto& idx = t_.licenses.get<by_id>();
  for (const Uuid& id : targets) {
    auto it = idx.find(id);
    License next = *it;
    next.valid_until = next.valid_until ? std::min(*next.valid_until, until) : until;
    next.modified = now;
    idx.replace(it, next);
    // Its leases end at the revoke time: those past it end now, consuming their
    // pre-allocations.
    rules::follow_validity(t_, next, now);
    out.push_back(rules::view_of(t_, *rules::find_license(t_, id)));
  }
  return out;
}

Status Store::delete_license(const Uuid& licensee, const Uuid& id) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  auto l = license_of(t_, licensee, id);
  if (!l) return l.error();
  rules::erase_license(t_, id);
  return Ok();
}

}  // namespace scale::store
