#pragma once
// The in-memory state of one scale-mock instance (later: of one namespace) behind one facade.
//
// Every public method is one whole operation: it either happens completely (with every
// cascade) or changes nothing and returns the Error that stopped it. Methods are safe to call
// from many threads at once: reads share a lock, writes hold it alone. Every result is a copy.
// The store reads time only from the Clock and makes ids only with the IdGenerator it is given.
//
// Failures, by kind: kInvalid for broken field rules (the field named), kNotFound for unknown
// ids (the id named), kConflict for uniqueness and default-container rules (the field and the
// id of the record that holds the value named).

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/clock.hpp"
#include "domain/entities.hpp"
#include "domain/error.hpp"
#include "domain/id_generator.hpp"
#include "domain/lease.hpp"
#include "domain/license.hpp"
#include "domain/state_document.hpp"
#include "store/tables.hpp"

namespace scale::store {

using domain::ContainerRef;
using domain::Page;
using domain::PageOf;
using domain::Result;
using domain::Status;

namespace loading {
class Places;
}

class Store {
 public:
  Store(std::shared_ptr<const domain::Clock> clock, std::shared_ptr<domain::IdGenerator> ids);

  // ---- licensees (contract section 3)

  // A B2B licensee and its default container named "default". A `type` other than
  // ORGANIZATION is kInvalid; naturalId, email and externalReference must be unused among
  // licensees (kConflict); an absent naturalId is generated.
  Result<domain::Licensee> setup_organization(const domain::LicenseeSetup& in);
  // A B2C licensee, its default container, and a PERSON consumer that copies name,
  // displayName, email, description, naturalId, externalReference and takes
  // connectedIdentityId; the consumer is associated and has access to the default container.
  // The copied values must also be unused among consumers (kConflict naming the first clash of
  // naturalId, email, externalReference, connectedIdentityId, whichever table holds it; a value
  // held in both is the licensee's). All or nothing.
  Result<domain::Licensee> setup_user(const domain::LicenseeSetup& in);
  PageOf<domain::Licensee> list_licensees(Page page) const;
  Result<domain::Licensee> get_licensee(const Uuid& id) const;
  // Email compared with ASCII case folding; naturalId byte for byte.
  Result<domain::Licensee> find_licensee_by_email(std::string_view email) const;
  Result<domain::Licensee> find_licensee_by_natural_id(std::string_view natural_id) const;
  // Replaces the editable fields (absent optional ones become null, an absent naturalId keeps
  // its value); id, type, created and modified must match when given. `modified` becomes now.
  Result<domain::Licensee> update_licensee(const Uuid& id, const domain::LicenseeUpdate& in);
  // Deletes the licensee, its containers (with their grants and licenses, see delete_container)
  // and its associations; its consumers stay.
  Status delete_licensee(const Uuid& id);
  // As delete_licensee, for PERSON licensees only (else kInvalid), and also deletes the PERSON
  // consumer whose email equals the licensee's current email.
  Status delete_user(const Uuid& id);

  // ---- license containers (contract section 4)

  Result<PageOf<LicenseContainer>> list_containers(const Uuid& licensee, Page page) const;
  // kNotFound also when the container belongs to another licensee.
  Result<LicenseContainer> get_container(const Uuid& licensee, ContainerRef ref) const;
  // With usedAsDefault the new container becomes the default and the old one stops being it.
  Result<LicenseContainer> create_container(const Uuid& licensee,
                                            const domain::ContainerCreate& in);
  // An absent name becomes null; an absent usedAsDefault keeps its value; true switches the
  // default; false on the default is kConflict.
  Result<LicenseContainer> update_container(const Uuid& licensee, ContainerRef ref,
                                            const domain::ContainerUpdate& in);
  // Deletes it, its grants and its licenses (each with its key's LICENSE_KEY consumer); the
  // default container is kConflict.
  Status delete_container(const Uuid& licensee, ContainerRef ref);

  // ---- license consumers (contract section 5)

  // PERSON or DEVICE; a missing type or LICENSE_KEY is kInvalid. email (case-insensitive),
  // connectedIdentityId, externalReference and naturalId must be unused among consumers.
  Result<LicenseConsumer> create_consumer(const domain::ConsumerCreate& in);
  PageOf<LicenseConsumer> list_consumers(Page page) const;
  Result<LicenseConsumer> get_consumer(const Uuid& id) const;
  Result<LicenseConsumer> find_consumer_by_email(std::string_view email) const;
  Result<LicenseConsumer> find_consumer_by_external_reference(std::string_view value) const;
  // Replaces editable fields; PERSON and DEVICE may switch, nothing switches to or from
  // LICENSE_KEY; a LICENSE_KEY consumer keeps its name and has no connectedIdentityId.
  Result<LicenseConsumer> update_consumer(const Uuid& id, const domain::ConsumerUpdate& in);
  // Deletes it, its associations and its grants. A LICENSE_KEY consumer's license is deleted
  // with it.
  Status delete_consumer(const Uuid& id);

  // ---- who may use which container (contract section 6)

  // Associates and grants access to the default container. Idempotent. LICENSE_KEY: kInvalid.
  Status associate(const Uuid& licensee, const Uuid& consumer);
  // Dissociates and revokes access to all of the licensee's containers; kNotFound when the
  // consumer was not associated.
  Status dissociate(const Uuid& licensee, const Uuid& consumer);
  Result<PageOf<LicenseConsumer>> list_associated(const Uuid& licensee, Page page) const;
  // Grants access (and associates). Idempotent. LICENSE_KEY: kInvalid.
  Status grant(const Uuid& licensee, ContainerRef container, const Uuid& consumer);
  // Revokes access, keeping the association; kNotFound when there was none.
  Status revoke(const Uuid& licensee, ContainerRef container, const Uuid& consumer);
  Result<PageOf<LicenseConsumer>> list_with_access(const Uuid& licensee, ContainerRef container,
                                                   Page page) const;

  // ---- the catalogue (contract section 10.1): read here, written only by state documents

  PageOf<domain::LicenseModel> list_license_models(Page page) const;
  Result<domain::LicenseModel> get_license_model(const Uuid& id) const;
  PageOf<domain::Product> list_products(Page page) const;
  Result<domain::Product> get_product(const Uuid& id) const;
  // The product's configurations; kNotFound for an unknown product.
  Result<PageOf<domain::ProductConfiguration>> list_product_configurations(const Uuid& product,
                                                                           Page page) const;
  // kNotFound also when the configuration belongs to another product.
  Result<domain::ProductConfiguration> get_product_configuration(const Uuid& product,
                                                                 const Uuid& id) const;

  // ---- licenses (contract section 10.2). Each answers with the license's metadata view.

  // Issues a license into `in.license_container_id` (absent: the default container). kNotFound
  // for an unknown licensee, a container that is not the licensee's, or an unknown
  // productConfigId; kInvalid for broken rules (see domain::resolve_terms; a malformed
  // licenseKey; generateLicenseKey together with a licenseKey); kConflict when the key is
  // already the name of a LICENSE_KEY consumer (field licenseKey). A key license also gets its
  // LICENSE_KEY consumer, named after the key, with a generated naturalId, never associated nor
  // granted; a generated key comes from the id generator (a UUID string). All or nothing.
  Result<domain::LicenseView> issue_license(const Uuid& licensee, const domain::LicenseIssue& in);
  // The licensee's licenses that pass the filter, in list order (created, then id). kNotFound
  // for an unknown licensee or a filter container that is not the licensee's.
  Result<PageOf<domain::LicenseView>> list_licenses(const Uuid& licensee,
                                                    const domain::LicenseFilter& filter,
                                                    Page page) const;
  // kNotFound also when the license belongs to another licensee.
  Result<domain::LicenseView> get_license(const Uuid& licensee, const Uuid& id) const;
  // Replaces validFrom, validUntil and displayName, and moves the license to
  // `in.license_container_id` when given (see domain::LicenseUpdate). kNotFound for another
  // licensee's license or container; kInvalid for a fixed field that differs or a broken rule
  // (domain::validate_update). `modified` becomes now.
  Result<domain::LicenseView> update_license(const Uuid& licensee, const Uuid& id,
                                             const domain::LicenseUpdate& in);
  // Sets each listed license's validUntil to the earlier of its own and `in.valid_until`
  // (absent: now), never extending it; `modified` becomes now. kInvalid for an empty list;
  // kNotFound, naming the id, when one is not the licensee's: then none is revoked. The
  // revoked licenses in the order listed, each once.
  Result<std::vector<domain::LicenseView>> revoke_licenses(const Uuid& licensee,
                                                           const domain::LicenseRevoke& in);
  // Deletes the license and its key's LICENSE_KEY consumer. kNotFound for another licensee's.
  Status delete_license(const Uuid& licensee, const Uuid& id);

  // ---- the License Checkout API (contract section 11). Each call is one write under the lock:
  // its whole-request errors come before anything changes; then the items are decided in order,
  // each seeing what the earlier ones took, and a refused item changes nothing. Who asks
  // (domain::Asker) is resolved first: kNotFound for an unknown consumer id, key or identity
  // subject, kInvalid (field licenseKey) for a malformed key. Leases run on the store's clock
  // (the namespace's); every write first settles the leases that have ended (see
  // lease_rules.hpp). `mode` picks ENFORCED licenses (checkout, heartbeat, release) or METERED
  // ones (the metered calls).

  // One outcome per item, in order. Whole request: kInvalid for 0 or over 100 items or a qty
  // below 1 (field "/<index>/qty"). An item takes, among the licenses the asker may use (10.3)
  // of its productName, qtyDimension and the mode's enforcement (only `licenseId` when given),
  // the first by created that is valid now, admits clientVersion and has enough left; refused
  // otherwise with LICENSE_NOT_FOUND, LICENSE_NOT_VALID, VERSION_NOT_ALLOWED or
  // INSUFFICIENT_QUANTITY, the first that applies in that order. A granted item is a new lease
  // (id from the id generator, the next binding id) holding one seat (SEATS) or `qty` (USE_COUNT,
  // USE_TIME), with the claims, ending policy.lease_seconds from now (at most at the license's
  // validUntil), its next heartbeat allowed policy.heartbeat_not_before_seconds from now.
  Result<std::vector<domain::LeaseOutcome>> checkout(const domain::Asker& who, domain::UseMode mode,
                                                     const std::vector<domain::CheckoutItem>& items,
                                                     const domain::ClientClaims& claims,
                                                     const domain::LeasePolicy& policy);
  // One outcome per item, in order. Whole request, and nothing changes: kInvalid for 0 or over
  // 100 items or a negative usedQty ("/<index>/usedQty"); kTooEarly (HTTP 429, field
  // "/<index>/leaseId") when an item names a live lease of the asker whose earliest next
  // heartbeat is still ahead. Per item: LEASE_NOT_FOUND (product fields null) for a lease that
  // is unknown, ended, replaced, another consumer's or of the other mode; CLIENT_MISMATCH when
  // `claims.hw_id` differs from the checkout's; INSUFFICIENT_QUANTITY when the reported use
  // (usedQty, or added to the use so far when incremental; SEATS ignore it) is above the
  // pre-allocation. A granted heartbeat replaces the lease id with a fresh one (the old one stops
  // working), keeps the binding id and claims, records the use, and renews the lease as a
  // checkout would.
  Result<std::vector<domain::LeaseOutcome>> heartbeat(
      const domain::Asker& who, domain::UseMode mode,
      const std::vector<domain::HeartbeatItem>& items, const domain::ClientClaims& claims,
      const domain::LeasePolicy& policy);
  // One result per item, in order. Whole request: kInvalid for 0 or over 100 items or a negative
  // finalUsedQty ("/<index>/finalUsedQty"). Per item: LEASE_NOT_FOUND as for heartbeat; else the
  // lease ends, consuming finalUsedQty capped at its pre-allocation (absent: all of it; SEATS:
  // nothing, the seat is free again) and returning the rest to the license.
  Result<std::vector<domain::ReleaseResult>> release(const domain::Asker& who, domain::UseMode mode,
                                                     const std::vector<domain::ReleaseItem>& items);

  // describe-license-consumer-licenses and describe-license-key: the licenses the asker may use
  // (of `licensee` only, when given), whatever their validity, filtered, one page ordered by
  // created then id. kNotFound for an unknown licensee; kInvalid for a bad filter
  // (domain::validate(LicenseFieldFilter)).
  Result<PageOf<domain::LicenseView>> usable_licenses(const domain::Asker& who,
                                                      const std::optional<Uuid>& licensee,
                                                      const domain::LicenseFieldFilter& filter,
                                                      domain::DescribePage page) const;
  // describe-license-consumer-licensees: the licensees the asker's consumer is associated with
  // (none for a LICENSE_KEY consumer), one page ordered by created then id.
  Result<PageOf<domain::Licensee>> consumer_licensees(const domain::Asker& who,
                                                      domain::DescribePage page) const;
  // describe-as-feature-flags: per product name, the feature names of the licenses the asker
  // may use (of `licensee` only, when given) that are valid now, either enforcement; products
  // in byte order, features in license order, each once. `product_filter` keeps the product of
  // that whole name, ignoring ASCII case. kNotFound for an unknown licensee.
  Result<std::vector<domain::FeatureFlag>> feature_flags(
      const domain::Asker& who, const std::optional<Uuid>& licensee,
      const domain::OptText& product_filter) const;
  // The client bindings (live leases) of the asker's consumer, on licenses of `licensee` only
  // when given: at most five per license (domain::kMaxBindingsPerLicense, the first in the
  // page's order), then one page ordered by created then binding id. kNotFound for an unknown
  // licensee.
  Result<domain::ClientBindings> consumer_bindings(const domain::Asker& who,
                                                   const std::optional<Uuid>& licensee,
                                                   domain::DescribePage page) const;
  // The client bindings of one license, whoever holds them, capped and paged as above. The
  // license must be one the asker may use (else kNotFound); with `licensee`, that licensee's.
  // Without `license` a key's license (describe-license-key-client-bindings); kInvalid (field
  // licenseId) for other askers.
  Result<domain::ClientBindings> license_bindings(const domain::Asker& who,
                                                  const std::optional<Uuid>& licensee,
                                                  const std::optional<Uuid>& license,
                                                  domain::DescribePage page) const;
  // find-license-client-binding: the live lease with that binding id (on a license of
  // `licensee` when given), or kNotFound.
  Result<domain::ClientBindings> find_binding(std::int64_t binding_id,
                                              const std::optional<Uuid>& licensee) const;
  // A license's quantity and use now (see domain::LicenseUsage). kNotFound as get_license.
  Result<domain::LicenseUsage> license_usage(const Uuid& licensee, const Uuid& license) const;

  // GET /__admin/leases: every live lease, ordered by created then binding id.
  std::vector<domain::ClientBinding> live_leases() const;
  // DELETE /__admin/leases: every live lease ends now, consuming its pre-allocation. How many.
  std::size_t end_all_leases();
  // Settles the leases that have ended by now. Call it before moving the clock backwards: a
  // lease that ended before the move then stays ended (reads judge leases at the clock's now).
  void settle_leases();

  // ---- the whole state (contract sections 7 and 10.4)

  // Everything, in a stable order (records by created then id; configurations under their
  // product, licenses under their container, live leases under their license by created then
  // binding id), in the shape replace() and merge() take. A license's consumedQty counts the
  // leases that have ended by now.
  domain::StateDocument dump() const;
  // Replaces the whole state with the document. Every rule of the contract holds for it, and
  // errors name the JSON pointer of the offending value in Error::field (e.g.
  // "/licensees/3/email", "/licensees/0/licenseContainers/0/licenses/2/qty", "/products/1/name");
  // nothing changes on error. Absent ids and timestamps are generated; a license is derived as
  // domain::LicenseRecord says. LICENSE_KEY consumers need distinct names (they are keys).
  Status replace(const domain::StateDocument& doc);
  // Adds the document's records to the state; an id or unique value that an existing record
  // holds is kConflict (one held by another record of the document is kInvalid).
  Status merge(const domain::StateDocument& doc);
  // How many licensees, containers, consumers, licenses, products and live leases there are.
  domain::Counts counts() const;
  // For tests: each id that the store keeps as one a drawn id must not repeat (a given id, or
  // one held before a reseed) but that no record has any more, and each id kept for a
  // license's feature or key that its license does not have, one line each; empty when none.
  std::vector<std::string> id_problems() const;

 private:
  // A fresh id not used by any record of `t`.
  Uuid new_id(Tables& t);
  // A generated naturalId unused among licensees and/or consumers of `t`.
  std::string new_natural_id(const Tables& t, bool licensee, bool consumer);
  // A generated license key (a UUID string from the id generator) that names no LICENSE_KEY
  // consumer of `t`.
  std::string new_license_key(const Tables& t);
  Result<domain::Licensee> setup(const domain::LicenseeSetup& in, domain::LicenseeType type);
  Result<const LicenseContainer*> resolve(const Uuid& licensee, ContainerRef ref) const;
  Status load_into(Tables& t, const domain::StateDocument& doc);
  // The parts of load_into and dump for contract section 10.4 (state_licenses.cpp).
  struct LicensePlace {
    std::size_t licensee, container, license;  // the indexes in the document
  };
  Status load_catalogue(Tables& t, const domain::StateDocument& doc, loading::Places& places);
  Status load_license(Tables& t, const domain::LicenseRecord& rec, const LicenseContainer& box,
                      LicensePlace at, loading::Places& places, Timestamp now);
  Status load_leases(Tables& t, const domain::LicenseRecord& rec, const License& license,
                     LicensePlace at, loading::Places& places, Timestamp now);
  void dump_catalogue(domain::StateDocument& doc) const;
  std::vector<domain::LicenseRecord> dump_licenses(const Uuid& container, Timestamp now) const;
  std::vector<domain::LeaseRecord> dump_leases(const Uuid& license, Timestamp now) const;
  // The parts of checkout and heartbeat for one item (leases.cpp).
  struct Asking;
  domain::LeaseOutcome checkout_one(const Asking& a, const domain::CheckoutItem& item);
  domain::LeaseOutcome heartbeat_one(const Asking& a, const domain::HeartbeatItem& item);
  domain::ReleaseResult release_one(const Asking& a, const domain::ReleaseItem& item);

  std::shared_ptr<const domain::Clock> clock_;
  std::shared_ptr<domain::IdGenerator> ids_;
  mutable std::shared_mutex mu_;
  Tables t_;
};

}  // namespace scale::store
