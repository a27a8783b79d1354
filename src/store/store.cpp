#include "store/store.hpp"

#include <boost/tuple/tuple.hpp>
#include <mutex>

#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "store/lease_rules.hpp"
#include "store/rules.hpp"

namespace scale::store {

using namespace domain;
namespace msg = domain::msg;

namespace {

constexpr const char* kLicenseeKind = "licensee";
constexpr const char* kConsumerKind = "license consumer";

Error clash_error(const rules::Clash& c, const char* owner_kind) {
  return Error::Conflict(c.field,
                         msg::already_used(c.value, std::string(owner_kind) + " " + c.owner.str()));
}

Error licensee_not_found(const Uuid& id) {
  return Error::NotFound("", msg::no_such(kLicenseeKind, id.str()));
}
Error consumer_not_found(const Uuid& id) {
  return Error::NotFound("", msg::no_such(kConsumerKind, id.str()));
}

// id, created and modified in a PUT body must equal the record's when given.
template <class Update, class Record>
Status check_read_only(const Update& in, const Record& current) {
  if (in.id && *in.id != current.id)
    return Error::Invalid(field::kId, msg::must_match(in.id->str(), current.id.str()));
  return Ok();
}

template <class Update, class Record>
Status check_timestamps(const Update& in, const Record& current) {
  if (in.created && *in.created != current.created)
    return Error::Invalid(field::kCreated, msg::must_match(format_timestamp(*in.created),
                                                           format_timestamp(current.created)));
  if (in.modified && *in.modified != current.modified)
    return Error::Invalid(field::kModified, msg::must_match(format_timestamp(*in.modified),
                                                            format_timestamp(current.modified)));
  return Ok();
}

LicenseConsumer to_consumer(const Tables& t, const Uuid& id) {
  return *rules::find_consumer(t, id);
}

}  // namespace

Store::Store(std::shared_ptr<const Clock> clock, std::shared_ptr<IdGenerator> ids)
    : clock_(std::move(clock)), ids_(std::move(ids)) {
  t_.ids_epoch = ids_->epoch();
}

// Ids come from the injected generator. A drawn id can repeat only an id that was not drawn
// since the generator's sequence last started (a fixture's, or one drawn before a reseed):
// those are Tables::foreign_ids, and when the sequence has started again since the last draw,
// every id of the tables becomes one. Draw again until the id is not one of them.
Uuid Store::new_id(Tables& t) {
  while (true) {
    Uuid id = ids_->next();
    // Read after the draw: a reseed in between shows here (see IdGenerator::epoch).
    if (const std::uint64_t epoch = ids_->epoch(); epoch != t.ids_epoch) {
      rules::collect_foreign_ids(t);
      t.ids_epoch = epoch;
    }
    if (t.foreign_ids.find(id) == t.foreign_ids.end()) return id;
  }
}

std::vector<std::string> Store::id_problems() const {
  std::shared_lock lock(mu_);
  return rules::id_problems(t_);
}

std::string Store::new_natural_id(const Tables& t, bool licensee, bool consumer) {
  while (true) {
    std::string v = ids_->next().str();
    if (licensee && t.licensees.get<by_natural_id>().count(v)) continue;
    if (consumer && t.consumers.get<by_natural_id>().count(v)) continue;
    return v;
  }
}

// ---------------------------------------------------------------------------- licensees

Result<Licensee> Store::setup(const LicenseeSetup& in, LicenseeType type) {
  if (in.type && *in.type != type)
    return Error::Invalid(field::kType,
                          msg::contradicts_action(to_string(*in.type), to_string(type)));
  if (auto s = validate(in.fields); !s) return s.error();
  const bool person = type == LicenseeType::kPerson;
  if (person) {
    if (auto s = validate_connected_identity_id(in.connected_identity_id); !s) return s.error();
  }

  std::unique_lock lock(mu_);
  const auto& f = in.fields;
  if (person) {
    if (auto c = rules::setup_user_clash(t_, f.natural_id, f.email, f.external_reference,
                                         in.connected_identity_id))
      return clash_error(c->clash, c->by_consumer ? kConsumerKind : kLicenseeKind);
  } else if (auto c = rules::licensee_clash(t_, f.natural_id, f.email, f.external_reference,
                                            std::nullopt)) {
    return clash_error(*c, kLicenseeKind);
  }

  const Timestamp now = clock_->now();
  Licensee lic =
      make_licensee(new_id(t_), type, f,
                    f.natural_id ? *f.natural_id : new_natural_id(t_, true, person), now, now);
  t_.licensees.insert(lic);

  LicenseContainer box;
  box.id = new_id(t_);
  box.licensee_id = lic.id;
  box.name = "default";
  box.used_as_default = true;
  box.created = box.modified = now;
  t_.containers.insert(box);

  if (person) {
    ConsumerFields copied;
    copied.name = f.name;
    copied.display_name = f.display_name;
    copied.email = f.email;
    copied.connected_identity_id = in.connected_identity_id;
    copied.description = f.description;
    copied.external_reference = f.external_reference;
    LicenseConsumer con =
        make_consumer(new_id(t_), ConsumerType::kPerson, copied, lic.natural_id, now, now);
    t_.consumers.insert(con);
    rules::grant(t_, box, con);
  }
  return lic;
}

Result<Licensee> Store::setup_organization(const LicenseeSetup& in) {
  return setup(in, LicenseeType::kOrganization);
}

Result<Licensee> Store::setup_user(const LicenseeSetup& in) {
  return setup(in, LicenseeType::kPerson);
}

PageOf<Licensee> Store::list_licensees(Page page) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.licensees.get<by_created>();
  return rules::cut_page(idx, idx.begin(), idx.end(), page, [](const Licensee& l) { return l; });
}

Result<Licensee> Store::get_licensee(const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (auto* l = rules::find_licensee(t_, id)) return *l;
  return licensee_not_found(id);
}

Result<Licensee> Store::find_licensee_by_email(std::string_view email) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.licensees.get<by_email>();
  auto it = idx.find(OptionalKey::Of(email));
  if (it != idx.end()) return *it;
  return Error::NotFound("", msg::no_such_by(kLicenseeKind, field::kEmail, email));
}

Result<Licensee> Store::find_licensee_by_natural_id(std::string_view natural_id) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.licensees.get<by_natural_id>();
  auto it = idx.find(std::string(natural_id));
  if (it != idx.end()) return *it;
  return Error::NotFound("", msg::no_such_by(kLicenseeKind, field::kNaturalId, natural_id));
}

Result<Licensee> Store::update_licensee(const Uuid& id, const LicenseeUpdate& in) {
  std::unique_lock lock(mu_);
  const Licensee* cur = rules::find_licensee(t_, id);
  if (!cur) return licensee_not_found(id);
  if (auto s = check_read_only(in, *cur); !s) return s.error();
  if (in.type && *in.type != cur->type)
    return Error::Invalid(field::kType, msg::must_match(to_string(*in.type), to_string(cur->type)));
  if (auto s = validate(in.fields); !s) return s.error();
  if (auto s = check_timestamps(in, *cur); !s) return s.error();
  const auto& f = in.fields;
  if (auto c = rules::licensee_clash(t_, f.natural_id, f.email, f.external_reference, id))
    return clash_error(*c, kLicenseeKind);

  Licensee next =
      make_licensee(cur->id, cur->type, f, f.natural_id ? *f.natural_id : cur->natural_id,
                    cur->created, clock_->now());
  auto& idx = t_.licensees.get<by_id>();
  idx.replace(idx.find(id), next);
  return next;
}

Status Store::delete_licensee(const Uuid& id) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, id)) return licensee_not_found(id);
  rules::erase_licensee(t_, id);
  return Ok();
}

Status Store::delete_user(const Uuid& id) {
  std::unique_lock lock(mu_);
  const Licensee* lic = rules::find_licensee(t_, id);
  if (!lic) return licensee_not_found(id);
  if (lic->type != LicenseeType::kPerson)
    return Error::Invalid(field::kLicenseeId,
                          msg::delete_user_needs_person(id.str(), to_string(lic->type)));
  std::optional<Uuid> consumer;
  if (lic->email) {
    const auto& idx = t_.consumers.get<by_email>();
    auto it = idx.find(OptionalKey::Of(*lic->email));
    if (it != idx.end() && it->type == ConsumerType::kPerson) consumer = it->id;
  }
  rules::erase_licensee(t_, id);
  if (consumer) rules::erase_consumer(t_, *consumer);
  return Ok();
}

// ---------------------------------------------------------------------------- containers

Result<const LicenseContainer*> Store::resolve(const Uuid& licensee, ContainerRef ref) const {
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  if (ref.is_default) return rules::default_container(t_, licensee);
  const LicenseContainer* c = rules::find_container(t_, ref.id);
  if (!c || c->licensee_id != licensee)
    return Error::NotFound("", msg::container_not_of_licensee(ref.id.str(), licensee.str()));
  return c;
}

Result<PageOf<LicenseContainer>> Store::list_containers(const Uuid& licensee, Page page) const {
  std::shared_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  return rules::cut_page(rules::containers_of(t_, licensee), page,
                         [](const LicenseContainer* c) { return *c; });
}

Result<LicenseContainer> Store::get_container(const Uuid& licensee, ContainerRef ref) const {
  std::shared_lock lock(mu_);
  auto c = resolve(licensee, ref);
  if (!c) return c.error();
  return **c;
}

Result<LicenseContainer> Store::create_container(const Uuid& licensee, const ContainerCreate& in) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  if (auto s = validate_container_name(in.name); !s) return s.error();
  const Timestamp now = clock_->now();
  LicenseContainer box;
  box.id = new_id(t_);
  box.licensee_id = licensee;
  box.name = in.name;
  box.used_as_default = in.used_as_default;
  box.created = box.modified = now;
  auto& by_ids = t_.containers.get<by_id>();
  if (in.used_as_default) {
    if (const LicenseContainer* old = rules::default_container(t_, licensee)) {
      by_ids.modify(by_ids.find(old->id), [now](LicenseContainer& c) {
        c.used_as_default = false;
        c.modified = now;
      });
    }
  }
  t_.containers.insert(box);
  return box;
}

Result<LicenseContainer> Store::update_container(const Uuid& licensee, ContainerRef ref,
                                                 const ContainerUpdate& in) {
  std::unique_lock lock(mu_);
  auto found = resolve(licensee, ref);
  if (!found) return found.error();
  const LicenseContainer cur = **found;
  if (auto s = check_read_only(in, cur); !s) return s.error();
  if (auto s = validate_container_name(in.name); !s) return s.error();
  if (auto s = check_timestamps(in, cur); !s) return s.error();
  if (in.used_as_default && !*in.used_as_default && cur.used_as_default)
    return Error::Conflict(field::kUsedAsDefault, msg::undefault_only_default(cur.id.str()));

  const Timestamp now = clock_->now();
  auto& by_ids = t_.containers.get<by_id>();
  const bool becomes_default = in.used_as_default && *in.used_as_default && !cur.used_as_default;
  if (becomes_default) {
    // Un-default the old one first: the unique default index never sees two defaults.
    if (const LicenseContainer* old = rules::default_container(t_, licensee)) {
      by_ids.modify(by_ids.find(old->id), [now](LicenseContainer& c) {
        c.used_as_default = false;
        c.modified = now;
      });
    }
  }
  LicenseContainer next = cur;
  next.name = in.name;
  if (becomes_default) next.used_as_default = true;
  next.modified = now;
  by_ids.replace(by_ids.find(cur.id), next);
  return next;
}

Status Store::delete_container(const Uuid& licensee, ContainerRef ref) {
  std::unique_lock lock(mu_);
  auto found = resolve(licensee, ref);
  if (!found) return found.error();
  if ((*found)->used_as_default)
    return Error::Conflict("", msg::delete_default((*found)->id.str()));
  rules::erase_container(t_, (*found)->id);
  return Ok();
}

// ---------------------------------------------------------------------------- consumers

Result<LicenseConsumer> Store::create_consumer(const ConsumerCreate& in) {
  if (!in.type) return Error::Invalid(field::kType, msg::required());
  if (*in.type == ConsumerType::kLicenseKey)
    return Error::Invalid(field::kType, msg::license_key_not_creatable());
  if (auto s = validate(in.fields); !s) return s.error();
  const auto& f = in.fields;

  std::unique_lock lock(mu_);
  if (auto c = rules::consumer_clash(t_, f.email, f.connected_identity_id, f.external_reference,
                                     f.natural_id, std::nullopt))
    return clash_error(*c, kConsumerKind);
  const Timestamp now = clock_->now();
  LicenseConsumer con =
      make_consumer(new_id(t_), *in.type, f,
                    f.natural_id ? *f.natural_id : new_natural_id(t_, false, true), now, now);
  t_.consumers.insert(con);
  return con;
}

PageOf<LicenseConsumer> Store::list_consumers(Page page) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.consumers.get<by_created>();
  return rules::cut_page(idx, idx.begin(), idx.end(), page,
                         [](const LicenseConsumer& c) { return c; });
}

Result<LicenseConsumer> Store::get_consumer(const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (auto* c = rules::find_consumer(t_, id)) return *c;
  return consumer_not_found(id);
}

Result<LicenseConsumer> Store::find_consumer_by_email(std::string_view email) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.consumers.get<by_email>();
  auto it = idx.find(OptionalKey::Of(email));
  if (it != idx.end()) return *it;
  return Error::NotFound("", msg::no_such_by(kConsumerKind, field::kEmail, email));
}

Result<LicenseConsumer> Store::find_consumer_by_external_reference(std::string_view value) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.consumers.get<by_external_reference>();
  auto it = idx.find(OptionalKey::Of(value));
  if (it != idx.end()) return *it;
  return Error::NotFound("", msg::no_such_by(kConsumerKind, field::kExternalReference, value));
}

Result<LicenseConsumer> Store::update_consumer(const Uuid& id, const ConsumerUpdate& in) {
  std::unique_lock lock(mu_);
  const LicenseConsumer* cur = rules::find_consumer(t_, id);
  if (!cur) return consumer_not_found(id);
  if (auto s = check_read_only(in, *cur); !s) return s.error();
  const ConsumerType type = in.type ? *in.type : cur->type;
  const bool was_key = cur->type == ConsumerType::kLicenseKey;
  if ((type == ConsumerType::kLicenseKey) != was_key)
    return Error::Invalid(field::kType,
                          msg::no_switch_license_key(to_string(cur->type), to_string(type)));
  const auto& f = in.fields;
  if (auto s = validate(f); !s) return s.error();
  if (was_key && *f.name != cur->name)
    return Error::Invalid(field::kName, msg::license_key_name_fixed());
  if (was_key && f.connected_identity_id)
    return Error::Invalid(field::kConnectedIdentityId, msg::license_key_no_identity());
  if (auto s = check_timestamps(in, *cur); !s) return s.error();
  if (auto c = rules::consumer_clash(t_, f.email, f.connected_identity_id, f.external_reference,
                                     f.natural_id, id))
    return clash_error(*c, kConsumerKind);

  LicenseConsumer next =
      make_consumer(cur->id, type, f, f.natural_id ? *f.natural_id : cur->natural_id, cur->created,
                    clock_->now());
  auto& idx = t_.consumers.get<by_id>();
  idx.replace(idx.find(id), next);
  return next;
}

Status Store::delete_consumer(const Uuid& id) {
  std::unique_lock lock(mu_);
  if (!rules::find_consumer(t_, id)) return consumer_not_found(id);
  rules::erase_consumer(t_, id);
  return Ok();
}

// ---------------------------------------------------------------------------- relations

Status Store::associate(const Uuid& licensee, const Uuid& consumer) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  const LicenseConsumer* con = rules::find_consumer(t_, consumer);
  if (!con) return consumer_not_found(consumer);
  if (con->type == ConsumerType::kLicenseKey)
    return Error::Invalid("", msg::license_key_relation(consumer.str()));
  rules::associate(t_, licensee, *con);
  if (const LicenseContainer* box = rules::default_container(t_, licensee))
    rules::grant(t_, *box, *con);
  return Ok();
}

Status Store::dissociate(const Uuid& licensee, const Uuid& consumer) {
  std::unique_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  if (!rules::find_consumer(t_, consumer)) return consumer_not_found(consumer);
  auto& assoc = t_.associations.get<by_consumer>();
  auto it = assoc.find(boost::make_tuple(consumer, licensee));
  if (it == assoc.end())
    return Error::NotFound("", msg::not_associated(consumer.str(), licensee.str()));
  assoc.erase(it);
  auto& access = t_.access.get<by_consumer>();
  auto range = access.equal_range(boost::make_tuple(consumer, licensee));
  access.erase(range.first, range.second);
  return Ok();
}

Result<PageOf<LicenseConsumer>> Store::list_associated(const Uuid& licensee, Page page) const {
  std::shared_lock lock(mu_);
  if (!rules::find_licensee(t_, licensee)) return licensee_not_found(licensee);
  const auto& idx = t_.associations.get<by_licensee>();
  auto range = idx.equal_range(boost::make_tuple(licensee));
  return rules::cut_page(idx, range.first, range.second, page,
                         [this](const Association& a) { return to_consumer(t_, a.consumer_id); });
}

Status Store::grant(const Uuid& licensee, ContainerRef container, const Uuid& consumer) {
  std::unique_lock lock(mu_);
  auto box = resolve(licensee, container);
  if (!box) return box.error();
  const LicenseConsumer* con = rules::find_consumer(t_, consumer);
  if (!con) return consumer_not_found(consumer);
  if (con->type == ConsumerType::kLicenseKey)
    return Error::Invalid("", msg::license_key_relation(consumer.str()));
  rules::grant(t_, **box, *con);
  return Ok();
}

Status Store::revoke(const Uuid& licensee, ContainerRef container, const Uuid& consumer) {
  std::unique_lock lock(mu_);
  auto box = resolve(licensee, container);
  if (!box) return box.error();
  const LicenseConsumer* con = rules::find_consumer(t_, consumer);
  if (!con) return consumer_not_found(consumer);
  auto& idx = t_.access.get<by_container>();
  auto it = idx.find(boost::make_tuple((*box)->id, con->created, con->id));
  if (it == idx.end()) return Error::NotFound("", msg::no_access(consumer.str(), (*box)->id.str()));
  idx.erase(it);
  return Ok();
}

Result<PageOf<LicenseConsumer>> Store::list_with_access(const Uuid& licensee,
                                                        ContainerRef container, Page page) const {
  std::shared_lock lock(mu_);
  auto box = resolve(licensee, container);
  if (!box) return box.error();
  const auto& idx = t_.access.get<by_container>();
  auto range = idx.equal_range(boost::make_tuple((*box)->id));
  return rules::cut_page(idx, range.first, range.second, page,
                         [this](const Access& a) { return to_consumer(t_, a.consumer_id); });
}

domain::Counts Store::counts() const {
  std::shared_lock lock(mu_);
  return {t_.licensees.size(), t_.containers.size(), t_.consumers.size(),
          t_.licenses.size(),  t_.products.size(),   rules::live_leases(t_, clock_->now())};
}

}  // namespace scale::store
