#pragma once
// The License Checkout API (contract section 11): who asks, what a checkout, heartbeat or
// release item asks for (with the official SDK's defaults), the lease a granted item becomes,
// each item's outcome, and what the describe calls answer. Wire names are in fields.hpp; the
// rules are in checkout_rules.hpp.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/entities.hpp"
#include "domain/license.hpp"
#include "domain/quantity.hpp"

namespace scale::domain {

// At most this many items in one checkout, heartbeat or release body (contract 11.2).
inline constexpr std::size_t kMaxItems = 100;
// Client binding ids are 1 to this (the largest integer every JSON reader keeps exactly).
inline constexpr std::int64_t kMaxBindingId = 9007199254740991;
// A describe call lists at most this many client bindings of one license (documented).
inline constexpr std::size_t kMaxBindingsPerLicense = 5;

// Which licenses a call works on: checkout, heartbeat and release use ENFORCED licenses, the
// metered calls (start-, heartbeat- and end-metered-use) METERED ones.
enum class UseMode { kEnforced, kMetered };
QtyEnforcementType enforcement_of(UseMode mode);

// The client claims, sent as the request headers cli*, kept on the lease (its client binding).
struct ClientClaims {
  OptText country;          // cliCountry
  OptText host_name;        // cliHostName
  OptText hw_arch;          // cliHwArch
  OptText hw_id;            // cliHwId: a heartbeat's must equal the checkout's
  OptText hw_label;         // cliHwLabel
  OptText installation_id;  // cliInstallationId
  OptText lang;             // cliLang
  OptText process_id;       // cliProcessId
  OptText version;          // cliVersion

  bool operator==(const ClientClaims&) const = default;
};

// Who is asking (contract 11.1). A consumer named by id; a license key, which stands for its
// LICENSE_KEY consumer and lets it use only that key's license; or an ID token's subject, which
// names the consumer whose connectedIdentityId it is.
struct Asker {
  enum class Kind { kConsumer, kLicenseKey, kIdentity };
  Kind kind = Kind::kConsumer;
  Uuid consumer_id;   // kConsumer
  std::string value;  // kLicenseKey: the key; kIdentity: the subject

  static Asker Consumer(const Uuid& id) { return {Kind::kConsumer, id, {}}; }
  static Asker Key(std::string key) { return {Kind::kLicenseKey, {}, std::move(key)}; }
  static Asker Identity(std::string subject) { return {Kind::kIdentity, {}, std::move(subject)}; }
};

// --------------------------------------------------------------------------- request items

// A checkout (or start-metered-use) item, with the SDK's defaults.
struct CheckoutItem {
  std::string product_name;
  QtyDimension qty_dimension = QtyDimension::kSeats;
  std::int64_t qty = 1;  // at least 1; a SEATS item takes one seat whatever it says
  OptText client_version;
  std::optional<Uuid> license_id;  // only this license, no fallback
};

// A heartbeat (or heartbeat-metered-use) item, with the SDK's defaults.
struct HeartbeatItem {
  std::string lease_id;       // as sent: text that is no lease's id names no lease
  std::int64_t used_qty = 1;  // not negative; ignored for SEATS
  bool treat_as_incremental_qty = false;
};

// A release (or end-metered-use) item.
struct ReleaseItem {
  std::string lease_id;
  OptInt final_used_qty;  // not negative; nullopt: the whole pre-allocation is consumed
};

// How long leases last: the server's --lease-seconds and --heartbeat-not-before.
struct LeasePolicy {
  std::int64_t lease_seconds = 3600;
  std::int64_t heartbeat_not_before_seconds = 0;
};

// --------------------------------------------------------------------------- leases

// A granted item: a lease of one license by one consumer, which is also its client binding.
// Times are on the namespace's clock. A lease is live while now < valid_until; after that it
// has ended, as if released without a finalUsedQty.
struct Lease {
  Uuid id;                      // the leaseId, from the id generator; a heartbeat replaces it
  std::int64_t binding_id = 0;  // the client binding's id: 1, 2, 3... per store, kept by heartbeats
  Uuid license_id;
  Uuid consumer_id;
  QtyDimension qty_dimension = QtyDimension::kSeats;  // the license's
  std::int64_t qty_pre_alloc = 1;  // what it holds of the license's qty (SEATS: one seat)
  std::int64_t verified_qty = 0;   // use reported by heartbeats (SEATS: 1)
  ClientClaims claims;             // the checkout's
  Timestamp created = 0;           // the checkout
  Timestamp valid_from = 0;        // the checkout or the last heartbeat
  std::optional<Timestamp> last_heartbeat;
  Timestamp valid_until = 0;           // its end: lease time after valid_from, at most the
                                       // license's validUntil
  Timestamp heartbeat_not_before = 0;  // a heartbeat before it is refused (kTooEarly)

  bool operator==(const Lease&) const = default;
};

// now < valid_until.
bool is_live_at(const Lease& l, Timestamp t);

// Why an item was refused (contract 11.2, a choice of codes). Wire names: to_string.
enum class RefusalCode {
  kLicenseNotFound,       // no license of that product and dimension the consumer may use
  kLicenseNotValid,       // only ones outside their validity
  kVersionNotAllowed,     // none whose version bounds admit clientVersion
  kInsufficientQuantity,  // all used up; or a heartbeat reporting more than the lease holds
  kClientMismatch,        // a heartbeat's cliHwId differs from the checkout's
  kLeaseNotFound,         // an unknown, ended or replaced lease
};
// "LICENSE_NOT_FOUND", "LICENSE_NOT_VALID", ...
std::string_view to_string(RefusalCode code);

// A granted item: the lease as it is after the call, its license, and after a heartbeat the
// lease id it replaced.
struct LeaseGrant {
  Lease lease;
  License license;
  std::optional<Uuid> old_lease_id;
};

// A refused item. The product fields are the item's (checkout), the lease's (heartbeat of a
// known lease), or all nullopt (heartbeat of an unknown lease).
struct LeaseRefusal {
  RefusalCode code = RefusalCode::kLicenseNotFound;
  std::string description;
  OptText product_name;
  std::optional<QtyDimension> qty_dimension;
  OptInt qty;
};

// What became of one checkout or heartbeat item.
struct LeaseOutcome {
  std::variant<LeaseGrant, LeaseRefusal> v;

  bool granted() const { return v.index() == 0; }
  const LeaseGrant& grant() const { return std::get<0>(v); }
  const LeaseRefusal& refusal() const { return std::get<1>(v); }
};

// What became of one release item: the SDK's LicenseReleaseResult. Released: every field but
// the error ones. Refused: released false, the item's lease id, the error code and description,
// everything else nullopt.
struct ReleaseResult {
  bool released = false;
  std::string released_lease_id;  // the item's leaseId, as sent
  std::optional<Uuid> released_license_id;
  std::optional<Uuid> license_consumer_id;
  OptText product_name;
  std::optional<QtyDimension> qty_dimension;
  OptInt final_used_qty;  // what the lease consumed (SEATS: 1, and the seat is free again)
  OptInt remaining_qty;   // what the license has left afterwards; -1 when unlimited
  std::optional<RefusalCode> error_code;
  OptText error_description;
};

// --------------------------------------------------------------------------- reads

// The paging of a describe call (headers offset, limit, order-asc), with the SDK's documented
// defaults: newest first, by created then id (then both descending).
struct DescribePage {
  std::size_t offset = 0;
  std::size_t limit = 5;
  bool ascending = false;
};

// describe-license-consumer-licenses' filterField and filterValue: the license's field (one of
// productName, displayName, qtyDimension, qtyEnforcementType; absent: productName) as written
// on the wire equals the value, ignoring ASCII case.
struct LicenseFieldFilter {
  OptText field;
  OptText value;
};

// A lease as the describe calls show it, with its license (and metadata) and consumer.
struct ClientBinding {
  Lease lease;
  LicenseView license;
  LicenseConsumer consumer;

  bool operator==(const ClientBinding&) const = default;
};

// One page of client bindings; all_included is false when the answer leaves any out (the
// per-license cap or the page).
struct ClientBindings {
  std::vector<ClientBinding> bindings;
  bool all_included = true;
};

// A product's feature names, from the valid licenses of that product a consumer may use.
struct FeatureFlag {
  std::string product_name;
  std::vector<std::string> features;

  bool operator==(const FeatureFlag&) const = default;
};

// A license's quantity and use now. consumed: use taken by leases that have ended; held: what
// live leases hold (seats or pre-allocations); reported: consumed plus the use live leases
// have reported (the metered use); remaining: qty - consumed - held, or -1 when unlimited.
struct LicenseUsage {
  std::int64_t qty = 0;
  std::int64_t consumed = 0;
  std::int64_t held = 0;
  std::int64_t reported = 0;
  std::int64_t remaining = 0;
  std::size_t live_leases = 0;

  bool operator==(const LicenseUsage&) const = default;
};

}  // namespace scale::domain
