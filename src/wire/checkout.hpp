#pragma once
// The wire format of the License Checkout API (contract section 11): the checkout, heartbeat
// and release bodies (JSON arrays of items), the claims of license tokens and feature-flag
// tokens, release results, client bindings, the describe answers, and a lease in the state
// document. What the official Python SDK sends and reads decides every name here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"
#include "domain/fields.hpp"
#include "domain/lease.hpp"
#include "domain/state_document.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A live lease in the state document, inside its license (contract 11.5): leaseId,
// clientBindingId, licenseConsumerId, the quantities, the cli* claims and the times.
struct LeaseWire {
  template <class V>
  static void fields(V&& v) {
    namespace f = domain::field;
    v(field<kind::Id>(f::kLeaseId, SCALE_WIRE_SLOT(id)));
    v(field<kind::Int>(f::kClientBindingId, SCALE_WIRE_SLOT(client_binding_id)));
    v(field<kind::Id>(f::kLicenseConsumerId, SCALE_WIRE_SLOT(license_consumer_id)));
    v(field<kind::Int>(f::kQtyPreAlloc, SCALE_WIRE_SLOT(qty_pre_alloc)));
    v(field<kind::Int>(f::kVerifiedQty, SCALE_WIRE_SLOT(verified_qty)));
    v(field<kind::Text>(f::kCliCountry, SCALE_WIRE_SLOT(claims.country)));
    v(field<kind::Text>(f::kCliHostName, SCALE_WIRE_SLOT(claims.host_name)));
    v(field<kind::Text>(f::kCliHwArch, SCALE_WIRE_SLOT(claims.hw_arch)));
    v(field<kind::Text>(f::kCliHwId, SCALE_WIRE_SLOT(claims.hw_id)));
    v(field<kind::Text>(f::kCliHwLabel, SCALE_WIRE_SLOT(claims.hw_label)));
    v(field<kind::Text>(f::kCliInstallationId, SCALE_WIRE_SLOT(claims.installation_id)));
    v(field<kind::Text>(f::kCliLang, SCALE_WIRE_SLOT(claims.lang)));
    v(field<kind::Text>(f::kCliProcessId, SCALE_WIRE_SLOT(claims.process_id)));
    v(field<kind::Text>(f::kCliVersion, SCALE_WIRE_SLOT(claims.version)));
    v(field<kind::Time>(f::kCreated, SCALE_WIRE_SLOT(created)));
    v(field<kind::Time>(f::kValidFrom, SCALE_WIRE_SLOT(valid_from)));
    v(field<kind::Time>(f::kLastHeartbeat, SCALE_WIRE_SLOT(last_heartbeat)));
    v(field<kind::Time>(f::kValidUntil, SCALE_WIRE_SLOT(valid_until)));
    v(field<kind::Time>(f::kHeartbeatNotBefore, SCALE_WIRE_SLOT(heartbeat_not_before)));
  }
};

// ---- request bodies: a JSON array of item objects, each read with its field list. The outer
// Result fails (kInvalid, empty field) for a body that is not JSON or not an array; the inner
// one names the first wrong value by JSON pointer ("/1/qty is not an integer", "/0/productName
// is required"). Unknown fields are ignored; null is absent. How many items there may be, and
// what the numbers must hold, is the store's to check.
//   - checkout: productName (required), qtyDimension (default SEATS), qty (default 1),
//     clientVersion, licenseId;
//   - heartbeat: leaseId (required), usedQty (default 1), treatAsIncrementalQty (default false);
//   - release: leaseId (required), finalUsedQty.
Body<std::vector<domain::CheckoutItem>> read_checkout_items(std::string_view body);
Body<std::vector<domain::HeartbeatItem>> read_heartbeat_items(std::string_view body);
Body<std::vector<domain::ReleaseItem>> read_release_items(std::string_view body);

// The cli* request headers, by their wire names (domain::field::kCli*), in that order.
inline constexpr const char* kClientClaimNames[] = {
    domain::field::kCliCountry, domain::field::kCliHostName,  domain::field::kCliHwArch,
    domain::field::kCliHwId,    domain::field::kCliHwLabel,   domain::field::kCliInstallationId,
    domain::field::kCliLang,    domain::field::kCliProcessId, domain::field::kCliVersion};
// The claim of `claims` named by kClientClaimNames[i].
domain::OptText& claim_at(domain::ClientClaims& claims, std::size_t i);

// ---- tokens: claims only (auth signs them). Times are real epoch seconds.
struct TokenTimes {
  std::int64_t iat = 0;    // also nbf
  std::int64_t exp = 0;    // the lease's end (a refusal: iat + the lease time)
  std::int64_t hbnbf = 0;  // the earliest next heartbeat
};

// The claims of one item's license token (contract 11.2), never an aud. Granted: iss, iat,
// nbf, exp, jti, leaseId, oldLeaseId (after a heartbeat), productName, features (the
// license's feature names joined by ","), qty (what the lease holds), qtyDimension, hbnbf,
// licenseId, licenseConsumerId, status "SUCCESS". Refused: iss, iat, nbf, exp, jti, and
// productName, qtyDimension and qty when known, status "FAILED", errorCode, errorDescription.
Json license_token_claims(const domain::LeaseOutcome& outcome, const TokenTimes& times,
                          const std::string& jti);
// The claims of describe-as-feature-flags-jwt: iss, iat, nbf, exp, jti, licenseeId and
// licenseConsumerId (null when not given) and featureFlags as {productName: [features]}.
Json feature_flags_claims(const std::vector<domain::FeatureFlag>& flags,
                          const std::optional<domain::Uuid>& licensee,
                          const std::optional<domain::Uuid>& consumer, const TokenTimes& times,
                          const std::string& jti);
// The issuer of license and feature-flag tokens (the documented example's).
inline constexpr const char* kLicenseTokenIssuer = "10Duke";

// ---- answers (JSON text, as the API sends them)

// A JSON array of strings (the tokens).
std::string to_json(const std::vector<std::string>& tokens);
// The release answer: the SDK's LicenseReleaseResult per item, every field written (null when
// absent).
std::string to_json(const std::vector<domain::ReleaseResult>& results);
// {"featureFlags": [{"productName", "features": [...]}]}.
std::string to_json(const std::vector<domain::FeatureFlag>& flags);
// A client binding (the SDK's LicenseConsumptionClientBinding): id (the integer binding id),
// leaseId, the cli* claims, locked false, lastHeartbeat, consumeDurationGrantedAt (its
// checkout), qtyPreAlloc, verifiedQty, triggeredSeatUse (SEATS), validFrom, validUntil,
// created, modified, licenseConsumer (a DEVICE or LICENSE_KEY consumer's type written as
// UNDEFINED, which the SDK's ConsumerType knows) and license (with licenseMetadata when
// `with_metadata`).
Json encode(const domain::ClientBinding& b, bool with_metadata);
// {"allClientBindingsIncluded": bool, "clientBindings": [...]}.
std::string to_json(const domain::ClientBindings& page, bool with_metadata);
// GET /__admin/leases: {"leases": [binding...]}, each also with licenseId and licenseConsumerId.
std::string leases_to_json(const std::vector<domain::ClientBinding>& leases);

}  // namespace scale::wire
