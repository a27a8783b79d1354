#pragma once
// Every sentence the domain and the store say about a failure, in one place, so that tests
// can assert against the same text the server sends. Each completes a sentence that starts
// with a field name (see Error::description()), unless it says otherwise.

#include <cstddef>
#include <string>
#include <string_view>

namespace scale::domain::msg {

inline std::string quoted(std::string_view v) {
  return "'" + std::string(v) + "'";
}

inline std::string required() {
  return "is required";
}
inline std::string blank() {
  return "must not be blank";
}
inline std::string too_long(std::size_t limit) {
  return "is longer than " + std::to_string(limit) + " characters";
}
inline std::string bad_email(std::string_view v) {
  return quoted(v) + " is not a valid email address";
}
inline std::string already_used(std::string_view v, std::string_view owner) {
  return quoted(v) + " is already used by " + std::string(owner);
}
inline std::string must_match(std::string_view given, std::string_view current) {
  return quoted(given) + " cannot be changed (it is " + quoted(current) + ")";
}
inline std::string contradicts_action(std::string_view given, std::string_view action_type) {
  return quoted(given) + " contradicts this action, which creates " + std::string(action_type) +
         " licensees";
}
inline std::string not_a_uuid(std::string_view v) {
  return quoted(v) + " is not a UUID";
}

// The catalogue and licenses (contract section 10): reasons after a field name.
inline std::string must_match_null(std::string_view given) {
  return quoted(given) + " cannot be changed (it is null)";
}
inline std::string control_character() {
  return "must not contain control characters";
}
inline std::string negative(std::string_view v) {
  return quoted(v) + " must not be negative";
}
inline std::string at_least(std::string_view v, std::string_view minimum) {
  return quoted(v) + " must be at least " + std::string(minimum);
}
inline std::string listed_twice(std::string_view v) {
  return quoted(v) + " is listed twice";
}
inline std::string must_not_be_empty() {
  return "must not be empty";
}
inline std::string qty_seats(std::string_view v) {
  return quoted(v) + " is out of range: a SEATS license has 1 to 1000 seats";
}
inline std::string qty_use(std::string_view v, std::string_view dimension) {
  return quoted(v) + " is out of range: a " + std::string(dimension) +
         " license has a qty of at least 1";
}
inline std::string qty_unlimited_needs_metered() {
  return "'-1' (unlimited) is allowed only with METERED enforcement";
}
inline std::string not_after(std::string_view v, std::string_view field, std::string_view other) {
  return quoted(v) + " is not after " + std::string(field) + " " + quoted(other);
}
inline std::string below(std::string_view v, std::string_view field, std::string_view other) {
  return quoted(v) + " is below " + std::string(field) + " " + quoted(other);
}
inline std::string bad_license_key(std::string_view v) {
  return quoted(v) + " is not a license key: it must be 16 to 64 of A-Z a-z 0-9 - _";
}
inline std::string key_given_and_generated() {
  return "cannot be true when a licenseKey is given";
}
inline std::string differs_from_configuration(std::string_view given, std::string_view configured) {
  return quoted(given) + " differs from the product configuration's " + quoted(configured);
}
inline std::string required_for_feature_license() {
  return "is required for a license without productConfigId";
}
inline std::string consumed_over_qty(std::string_view consumed, std::string_view qty) {
  return quoted(consumed) + " is more than the license's qty " + quoted(qty);
}

// Whole sentences (used with an empty field).
inline std::string no_such(std::string_view kind, std::string_view id) {
  return std::string(kind) + " " + std::string(id) + " does not exist";
}
inline std::string no_such_by(std::string_view kind, std::string_view field, std::string_view v) {
  return "no " + std::string(kind) + " has " + std::string(field) + " " + quoted(v);
}
inline std::string license_not_of_licensee(std::string_view license, std::string_view lic) {
  return "license " + std::string(license) + " does not exist under licensee " + std::string(lic);
}
inline std::string configuration_not_of_product(std::string_view config, std::string_view product) {
  return "product configuration " + std::string(config) + " does not exist under product " +
         std::string(product);
}
inline std::string container_not_of_licensee(std::string_view container, std::string_view lic) {
  return "license container " + std::string(container) + " does not exist under licensee " +
         std::string(lic);
}

// Reasons after a field name.
inline std::string license_key_not_creatable() {
  return "LICENSE_KEY consumers are created only by issuing a key-based license";
}
inline std::string no_switch_license_key(std::string_view from, std::string_view to) {
  return "cannot change from " + std::string(from) + " to " + std::string(to) +
         ": nothing switches to or from LICENSE_KEY";
}
inline std::string license_key_name_fixed() {
  return "of a LICENSE_KEY consumer is its license key and cannot change";
}
inline std::string license_key_no_identity() {
  return "cannot be set on a LICENSE_KEY consumer";
}
inline std::string delete_user_needs_person(std::string_view id, std::string_view type) {
  return quoted(id) + " is an " + std::string(type) +
         " licensee: delete-user deletes PERSON licensees only";
}
inline std::string undefault_only_default(std::string_view id) {
  return "cannot become false: license container " + std::string(id) +
         " is the licensee's default, and a licensee always has one; make another container the "
         "default instead";
}
inline std::string delete_default(std::string_view id) {
  return "license container " + std::string(id) +
         " is the licensee's default container and cannot be deleted: make another container the "
         "default first";
}
inline std::string license_key_relation(std::string_view id) {
  return "license consumer " + std::string(id) +
         " is a LICENSE_KEY consumer: it cannot be associated with a licensee or granted access";
}
inline std::string not_associated(std::string_view consumer, std::string_view licensee) {
  return "license consumer " + std::string(consumer) + " is not associated with licensee " +
         std::string(licensee);
}
inline std::string no_access(std::string_view consumer, std::string_view container) {
  return "license consumer " + std::string(consumer) + " has no access to license container " +
         std::string(container);
}

// The License Checkout API (contract section 11).

// Whole sentences (used with an empty field).
inline std::string item_count(std::size_t n, std::size_t max) {
  return "the request body must list 1 to " + std::to_string(max) + " items, not " +
         std::to_string(n);
}
inline std::string no_license_key(std::string_view key) {
  return "license key " + quoted(key) + " does not exist";
}
inline std::string heartbeat_too_early(std::string_view lease, std::string_view not_before) {
  return "lease " + std::string(lease) + " may send its next heartbeat from " +
         std::string(not_before) + ", not before";
}
inline std::string binding_not_found(std::string_view id) {
  return "client binding " + std::string(id) + " does not exist";
}
inline std::string license_not_of_key(std::string_view license, std::string_view key) {
  return "license " + std::string(license) + " is not the license of key " + quoted(key);
}
inline std::string license_not_usable(std::string_view license, std::string_view consumer) {
  return "license " + std::string(license) + " is not a license that license consumer " +
         std::string(consumer) + " may use";
}

// The descriptions of refused items: whole sentences.
inline std::string no_license_for(std::string_view mode, std::string_view dimension,
                                  std::string_view product, std::string_view consumer) {
  return "license consumer " + std::string(consumer) + " may use no " + std::string(mode) + " " +
         std::string(dimension) + " license of product " + quoted(product);
}
inline std::string license_id_not_for(std::string_view license, std::string_view mode,
                                      std::string_view dimension, std::string_view product,
                                      std::string_view consumer) {
  return "license " + std::string(license) + " is not a " + std::string(mode) + " " +
         std::string(dimension) + " license of product " + quoted(product) +
         " that license consumer " + std::string(consumer) + " may use";
}
inline std::string licenses_not_valid(std::string_view product) {
  return "no license of product " + quoted(product) + " is valid now";
}
inline std::string version_not_allowed(std::string_view product, std::string_view version) {
  return "no valid license of product " + quoted(product) + " allows client version " +
         quoted(version);
}
inline std::string version_required(std::string_view product) {
  return "every valid license of product " + quoted(product) +
         " has version bounds, and the item gives no clientVersion";
}
inline std::string insufficient_quantity(std::string_view product, std::string_view wanted) {
  return "no license of product " + quoted(product) + " has " + std::string(wanted) + " left";
}
inline std::string used_over_pre_alloc(std::string_view used, std::string_view pre_alloc) {
  return "usedQty " + quoted(used) + " is more than the lease's pre-allocated qty " +
         quoted(pre_alloc);
}
inline std::string client_mismatch(std::string_view given, std::string_view checkout) {
  return "cliHwId " + std::string(given) + " differs from the checkout's " + std::string(checkout);
}
inline std::string lease_not_found(std::string_view lease) {
  return "lease " + quoted(lease) + " does not exist, has ended or was replaced by a heartbeat";
}
inline std::string lease_of_other_mode(std::string_view lease, std::string_view mode) {
  return "lease " + quoted(lease) + " is a lease of a " + std::string(mode) +
         " license: it is renewed and ended with the calls for " + std::string(mode) + " use";
}

// Reasons after a field name.
inline std::string filter_field_unknown(std::string_view v) {
  return quoted(v) +
         " is not a field licenses can be filtered by (productName, displayName, qtyDimension, "
         "qtyEnforcementType)";
}
inline std::string seats_pre_alloc(std::string_view v) {
  return quoted(v) + " must be 1: a SEATS lease holds one seat";
}
inline std::string over_pre_alloc(std::string_view v, std::string_view pre_alloc) {
  return quoted(v) + " is more than the lease's qtyPreAlloc " + quoted(pre_alloc);
}
inline std::string more_than_left(std::string_view v, std::string_view left) {
  return quoted(v) + " is more than the license has left (" + std::string(left) + ")";
}
inline std::string at_most(std::string_view v, std::string_view maximum) {
  return quoted(v) + " must be at most " + std::string(maximum);
}
inline std::string after_license_end(std::string_view v, std::string_view license_until) {
  return quoted(v) + " is after the license's validUntil " + quoted(license_until) +
         ": a lease ends when its license does";
}
inline std::string lease_consumer_of_key(std::string_view consumer, std::string_view key_consumer) {
  return "license consumer " + std::string(consumer) +
         " cannot hold a lease of a key license: only its key's LICENSE_KEY consumer " +
         std::string(key_consumer) + " can";
}
inline std::string lease_consumer_is_key(std::string_view consumer) {
  return "license consumer " + std::string(consumer) +
         " is a LICENSE_KEY consumer: it can hold leases of its own key's license only";
}

}  // namespace scale::domain::msg
