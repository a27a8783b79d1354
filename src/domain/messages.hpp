#pragma once
// Every sentence the server says about a failure, in one place, so that tests can assert
// against the same text the server sends: the domain's and the store's, then the test-double
// controls' (contract section 8), then the HTTP layer's own. Each completes a sentence that
// starts with a field name (see Error::description()), unless it says otherwise.

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

// The test-double controls (contract section 8). A body field that is required but absent (or
// null), and one that was sent but breaks its rule: "seconds is required: <rule>", and
// "seconds must be <rule>, not -5", where `shown` is the value as sent (its JSON text).
inline std::string required_as(std::string_view rule) {
  return "is required: " + std::string(rule);
}
inline std::string must_be(std::string_view rule, std::string_view shown) {
  return "must be " + std::string(rule) + ", not " + std::string(shown);
}
// The rules of the controls' body fields, for required_as() and must_be().
inline constexpr std::string_view kResetTargetRule = "\"fixtures\" or \"empty\"";
inline constexpr std::string_view kFaultMethodRule = "an HTTP method name, or \"*\"";
inline constexpr std::string_view kFaultPathRule =
    "a path pattern starting with '/', '*' matching any characters";
inline constexpr std::string_view kFaultStatusRule = "an integer HTTP status from 100 to 599";
inline constexpr std::string_view kDelayMsRule = "an integer from 0 to 600000";
inline constexpr std::string_view kTimesRule = "an integer of at least 1";
inline constexpr std::string_view kBooleanRule = "true or false";
inline constexpr std::string_view kTimestampRule =
    "an RFC 3339 date-time such as 2026-01-01T00:00:00Z";
inline constexpr std::string_view kSecondsRule = "a number from 0 to 1000000000000";
inline constexpr std::string_view kSeedRule = "a non-negative integer";
inline constexpr std::string_view kStringRule = "a string";
inline constexpr std::string_view kPermissionsRule = "an array of strings such as [\"*.*\"]";
inline constexpr std::string_view kTtlSecondsRule = "an integer from 1 to 316224000 (ten years)";

// Reasons after a field name.
inline std::string fault_under_admin(std::string_view path) {
  return quoted(path) + " is under /__admin: faults apply to the API only";
}
inline std::string fault_body_needs_status() {
  return "needs a status to answer with";
}
inline std::string not_a_status(std::string_view v) {
  return quoted(v) + " is not an HTTP status";
}
inline std::string not_a_timestamp(std::string_view v) {
  return quoted(v) + " is not an RFC 3339 date-time";
}
inline std::string bad_namespace_name(std::string_view name) {
  return quoted(name) + " is not a namespace name: use 1 to 64 of A-Z a-z 0-9 . _ -";
}

// Whole sentences.
inline std::string fault_drop_and_status() {
  return "drop and status exclude each other: a dropped connection answers nothing";
}
inline std::string fault_does_nothing() {
  return "a fault needs a status, a delayMs or drop: this one would do nothing";
}
inline std::string fault_injected(std::string_view id) {
  return "fault " + std::string(id) + " injected by scale-mock";
}
inline std::string no_such_fault(std::string_view id) {
  return "fault " + quoted(id) + " does not exist";
}
inline std::string no_state_file() {
  return "no --state-file was configured, so there is nowhere to write a snapshot";
}
inline std::string no_dev_key() {
  return "the development key is disabled (--no-dev-key): there are no development tokens";
}
inline std::string too_many_namespaces(std::string_view name, std::size_t max) {
  return "namespace " + quoted(name) + " would be one more than --max-namespaces " +
         std::to_string(max) + " allows";
}

// The HTTP layer: query parameters (reasons after the parameter's name).
inline std::string not_a_count(std::string_view v) {
  return quoted(v) + " is not a non-negative integer";
}
inline std::string more_than(std::string_view v, std::size_t max) {
  return quoted(v) + " is more than " + std::to_string(max);
}
inline std::string query_required() {
  return "query parameter is required";
}
inline std::string query_empty() {
  return "query parameter must not be empty";
}

// The HTTP layer: the request as a whole (whole sentences).
inline std::string no_route(std::string_view method, std::string_view path) {
  return "no route for " + std::string(method) + " " + std::string(path);
}
inline std::string method_not_allowed(std::string_view method, std::string_view path,
                                      std::string_view allow) {
  return std::string(method) + " is not allowed on " + std::string(path) +
         " (allowed: " + std::string(allow) + ")";
}
inline std::string not_json() {
  return "Content-Type must be application/json";
}
inline std::string not_json(std::string_view sent) {
  return not_json() + ", not " + quoted(sent);
}
inline std::string body_too_large(std::size_t limit) {
  return "the request body is larger than the limit of " + std::to_string(limit) + " bytes";
}
inline std::string uri_too_long() {
  return "the request URI is too long";
}
inline std::string malformed_request() {
  return "the HTTP request is malformed";
}
inline std::string request_timeout(int seconds) {
  return "the request did not arrive within " + std::to_string(seconds) +
         " seconds of its first byte";
}
inline std::string no_connection_to_spare() {
  return "the server has no connection to spare; try again";
}
inline std::string unexpected(std::string_view what) {
  return what.empty() ? std::string("unexpected error") : "unexpected error: " + std::string(what);
}
inline std::string no_console_file(std::string_view path) {
  return "the console has no file " + std::string(path);
}

// The HTTP layer: authorization (whole sentences).
inline std::string no_authorization() {
  return "no Authorization header: send 'Authorization: ScaleJwt <jwt>'";
}
inline std::string no_auth_scheme() {
  return "the Authorization header has no scheme: send 'Authorization: ScaleJwt <jwt>'";
}
inline std::string wrong_auth_scheme(std::string_view scheme) {
  return "the Authorization scheme " + quoted(scheme) +
         " is not ScaleJwt or Bearer: send 'Authorization: ScaleJwt <jwt>'";
}
inline std::string no_token_after(std::string_view scheme) {
  return "the token is not a JWT: the Authorization header has no token after " +
         std::string(scheme);
}
inline std::string not_permitted(std::string_view permission, std::string_view method,
                                 std::string_view path) {
  return "the token does not grant the permission " + std::string(permission) + " needed for " +
         std::string(method) + " " + std::string(path);
}

}  // namespace scale::domain::msg
