#include "domain/license_validation.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/quantity.hpp"
#include "domain/time.hpp"
#include "domain/version.hpp"

namespace d = scale::domain;
namespace msg = scale::domain::msg;
namespace fld = scale::domain::field;

using d::QtyDimension;
using d::QtyEnforcementType;

namespace {

// 2026-03-15T13:45:30.250Z, and the start of that day.
constexpr d::Timestamp kNow = 1773582330250;
constexpr d::Timestamp kToday = 1773532800000;
constexpr d::Timestamp kDay = 86400000;

// The (field, reason) of a failed check, or ("", "") when it passed.
std::pair<std::string, std::string> outcome(const d::Status& s) {
  if (s.ok()) return {"", ""};
  CHECK(s.error().kind == d::ErrorKind::kInvalid);
  return {s.error().field, s.error().reason};
}
template <class T>
std::pair<std::string, std::string> outcome(const d::Result<T>& r) {
  if (r.ok()) return {"", ""};
  CHECK(r.error().kind == d::ErrorKind::kInvalid);
  return {r.error().field, r.error().reason};
}
const std::pair<std::string, std::string> kPassed{"", ""};

d::Uuid id(int n) {
  return d::Uuid::v4_from(0x1234, static_cast<std::uint64_t>(n));
}

// A catalogue: product "atlas" with configuration "atlas-pro" (SEATS, ENFORCED, 8 seats, 45
// days, features sketch and publish) under model "named-user" (2 apps, 3 devices per seat).
struct Catalogue {
  d::LicenseModel model{id(1), "named-user", 2, 3, 1, 0, 0};
  d::Product product{id(2), "atlas", "Atlas Studio", std::nullopt, 0, 0};
  d::ProductConfiguration config{id(3),
                                 id(2),
                                 "atlas-pro",
                                 "Atlas Pro",
                                 {"sketch", "publish"},
                                 id(1),
                                 QtyDimension::kSeats,
                                 QtyEnforcementType::kEnforced,
                                 8,
                                 45,
                                 std::nullopt,
                                 0,
                                 0};
  d::LicenseSource source() const { return {config, product, model}; }
};

d::LicenseTerms feature_terms() {
  d::LicenseTerms t;
  t.product_name = "orbit";
  t.qty = 3;
  t.qty_dimension = QtyDimension::kSeats;
  t.qty_enforcement_type = QtyEnforcementType::kEnforced;
  return t;
}

std::vector<std::string> names_of(const d::License& l) {
  std::vector<std::string> out;
  for (const auto& f : l.features) out.push_back(f.feature);
  return out;
}

}  // namespace

// ------------------------------------------------------------------ enums, versions, days

TEST_CASE("quantity dimensions and enforcement types read and write the SDK's member names",
          "[domain][license]") {
  for (auto dim : {QtyDimension::kSeats, QtyDimension::kUseCount, QtyDimension::kUseTime})
    CHECK(d::parse_qty_dimension(d::to_string(dim)) == dim);
  CHECK(d::to_string(QtyDimension::kUseCount) == "USE_COUNT");
  CHECK(d::to_string(QtyDimension::kUseTime) == "USE_TIME");
  CHECK(d::parse_qty_dimension("SEATS") == QtyDimension::kSeats);
  CHECK_FALSE(d::parse_qty_dimension("seats").has_value());
  CHECK_FALSE(d::parse_qty_dimension("USE-COUNT").has_value());
  CHECK(d::parse_qty_enforcement_type("ENFORCED") == QtyEnforcementType::kEnforced);
  CHECK(d::parse_qty_enforcement_type("METERED") == QtyEnforcementType::kMetered);
  CHECK(d::to_string(QtyEnforcementType::kMetered) == "METERED");
  CHECK(d::to_string(QtyEnforcementType::kEnforced) == "ENFORCED");
  CHECK_FALSE(d::parse_qty_enforcement_type("Metered").has_value());
}

TEST_CASE("versions compare in natural order, segment by segment", "[domain][license]") {
  auto less = [](const char* a, const char* b) { return d::compare_versions(a, b) < 0; };
  CHECK(less("1.9", "1.10"));
  CHECK(less("1.0", "1.0.1"));
  CHECK(less("1.2.3", "2"));
  CHECK(less("9", "10"));
  CHECK(less("1.1", "1.a"));  // a number comes before other characters
  CHECK(less("2.0-alpha", "2.0-beta"));
  CHECK(less("123456789012345678901234567890", "123456789012345678901234567891"));
  CHECK_FALSE(less("1.10", "1.9"));
  auto same = [](const char* a, const char* b) { return d::compare_versions(a, b) == 0; };
  CHECK(same("1.01", "1.1"));
  CHECK(same("2.0", "2.0"));
  CHECK(less("2.9", "2.10"));
  CHECK_FALSE(same("2.0", "2.0.0"));
}

TEST_CASE("the start of a UTC day", "[domain][license]") {
  CHECK(d::start_of_day_utc(kNow) == kToday);
  CHECK(d::start_of_day_utc(kToday) == kToday);
  CHECK(d::start_of_day_utc(kToday - 1) == kToday - kDay);
  CHECK(d::start_of_day_utc(-1) == -kDay);  // 1969-12-31T23:59:59.999Z
  CHECK(d::format_timestamp(d::start_of_day_utc(kNow)) == "2026-03-15T00:00:00.000Z");
}

// ------------------------------------------------------------------ single rules

TEST_CASE("a license key is 16 to 64 of A-Z a-z 0-9 - _", "[domain][license]") {
  CHECK(d::is_license_key("ABCDEFGHIJKLMNOP"));
  CHECK(d::is_license_key(std::string(64, 'x')));
  CHECK(d::is_license_key("66422efb-7d6b-43ed-81c1-2b1660b5ca6a"));
  CHECK(d::is_license_key("az_AZ-09az_AZ-09"));
  CHECK_FALSE(d::is_license_key("ABCDEFGHIJKLMNO"));  // 15
  CHECK_FALSE(d::is_license_key(std::string(65, 'x')));
  CHECK_FALSE(d::is_license_key("ABCDEFGHIJKLMNO."));
  CHECK_FALSE(d::is_license_key("ABCDEFGH IJKLMNOP"));
  CHECK_FALSE(d::is_license_key("ÄBCDEFGHIJKLMNOPQ"));
  CHECK(outcome(d::validate_license_key("short")) ==
        std::pair<std::string, std::string>{fld::kLicenseKey, msg::bad_license_key("short")});
}

TEST_CASE("qty follows the dimension and the enforcement", "[domain][license]") {
  const auto E = QtyEnforcementType::kEnforced;
  const auto M = QtyEnforcementType::kMetered;
  const auto S = QtyDimension::kSeats;
  const auto C = QtyDimension::kUseCount;
  const auto T = QtyDimension::kUseTime;
  CHECK(outcome(d::validate_qty(1, S, E)) == kPassed);
  CHECK(outcome(d::validate_qty(1000, S, E)) == kPassed);
  CHECK(outcome(d::validate_qty(1000, S, M)) == kPassed);
  CHECK(outcome(d::validate_qty(0, S, E)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_seats("0")});
  CHECK(outcome(d::validate_qty(1001, S, M)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_seats("1001")});
  CHECK(outcome(d::validate_qty(1000000, C, E)) == kPassed);
  CHECK(outcome(d::validate_qty(1, T, E)) == kPassed);
  CHECK(outcome(d::validate_qty(0, C, E)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_use("0", "USE_COUNT")});
  CHECK(outcome(d::validate_qty(-5, T, M)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_use("-5", "USE_TIME")});
  // -1 is unlimited, for METERED only, in every dimension.
  for (auto dim : {S, C, T}) {
    CHECK(outcome(d::validate_qty(-1, dim, M)) == kPassed);
    CHECK(outcome(d::validate_qty(-1, dim, E)) ==
          std::pair<std::string, std::string>{fld::kQty, msg::qty_unlimited_needs_metered()});
  }
}

TEST_CASE("validUntil must be after validFrom", "[domain][license]") {
  CHECK(outcome(d::validate_validity(kToday, std::nullopt)) == kPassed);
  CHECK(outcome(d::validate_validity(kToday, kToday + 1)) == kPassed);
  CHECK(outcome(d::validate_validity(kToday, kToday)).first == fld::kValidUntil);
  CHECK(outcome(d::validate_validity(kToday, kToday - kDay)) ==
        std::pair<std::string, std::string>{
            fld::kValidUntil, msg::not_after("2026-03-14T00:00:00.000Z", fld::kValidFrom,
                                             "2026-03-15T00:00:00.000Z")});
}

TEST_CASE("version bounds are non-blank versions, the upper not below the lower",
          "[domain][license]") {
  CHECK(outcome(d::validate_version_bounds("1.0", "2.9", "1.x to 2.x")) == kPassed);
  CHECK(outcome(d::validate_version_bounds("1.9", "1.10", std::nullopt)) == kPassed);
  CHECK(outcome(d::validate_version_bounds("2.0", "2.0", std::nullopt)) == kPassed);
  CHECK(outcome(d::validate_version_bounds(std::nullopt, "1", std::nullopt)) == kPassed);
  CHECK(outcome(d::validate_version_bounds("1.10", "1.9", std::nullopt)) ==
        std::pair<std::string, std::string>{
            fld::kAllowedVersionUpperBound,
            msg::below("1.9", fld::kAllowedVersionLowerBound, "1.10")});
  CHECK(outcome(d::validate_version_bounds(" ", std::nullopt, std::nullopt)) ==
        std::pair<std::string, std::string>{fld::kAllowedVersionLowerBound, msg::blank()});
  CHECK(outcome(d::validate_version_bounds(std::nullopt, "1.0\n", std::nullopt)) ==
        std::pair<std::string, std::string>{fld::kAllowedVersionUpperBound,
                                            msg::control_character()});
  CHECK(outcome(d::validate_version_bounds(std::string(256, '1'), std::nullopt, std::nullopt)) ==
        std::pair<std::string, std::string>{fld::kAllowedVersionLowerBound, msg::too_long(255)});
  CHECK(outcome(d::validate_version_bounds(std::nullopt, std::nullopt, std::string(256, 'x')))
            .first == fld::kAllowedVersionsDisplayName);
}

TEST_CASE("feature names are non-blank, at most 255 characters, each listed once",
          "[domain][license]") {
  CHECK(outcome(d::validate_feature_names({})) == kPassed);
  CHECK(outcome(d::validate_feature_names({"a", "b"})) == kPassed);
  CHECK(outcome(d::validate_feature_names({"a", "b", "a"})) ==
        std::pair<std::string, std::string>{"features/2", msg::listed_twice("a")});
  CHECK(outcome(d::validate_feature_names({"a", " "})) ==
        std::pair<std::string, std::string>{"features/1", msg::blank()});
  CHECK(outcome(d::validate_feature_names({std::string(256, 'f')})) ==
        std::pair<std::string, std::string>{"features/0", msg::too_long(255)});
}

TEST_CASE("catalogue records need their required fields and valid values", "[domain][license]") {
  d::LicenseModelRecord model;
  CHECK(outcome(d::validate(model)) ==
        std::pair<std::string, std::string>{fld::kName, msg::required()});
  model.name = "m";
  CHECK(outcome(d::validate(model)) == kPassed);
  model.max_assignments_per_user = -1;
  CHECK(outcome(d::validate(model)) ==
        std::pair<std::string, std::string>{fld::kMaxAssignmentsPerUser, msg::negative("-1")});

  d::ProductRecord product;
  product.name = "";
  CHECK(outcome(d::validate(product)) ==
        std::pair<std::string, std::string>{fld::kName, msg::blank()});
  product.name = "p";
  product.external_reference = std::string(256, 'r');
  CHECK(outcome(d::validate(product)).first == fld::kExternalReference);

  d::ProductConfigurationRecord config;
  config.name = "c";
  CHECK(outcome(d::validate(config)) ==
        std::pair<std::string, std::string>{fld::kLicenseModelId, msg::required()});
  config.license_model_id = id(1);
  config.qty_dimension = QtyDimension::kUseTime;
  CHECK(outcome(d::validate(config)).first == fld::kQtyEnforcementType);
  config.qty_enforcement_type = QtyEnforcementType::kEnforced;
  CHECK(outcome(d::validate(config)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::required()});
  config.qty = -1;
  CHECK(outcome(d::validate(config)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_unlimited_needs_metered()});
  config.qty = 3600;
  CHECK(outcome(d::validate(config)) == kPassed);
  config.validity_days = 0;
  CHECK(outcome(d::validate(config)) ==
        std::pair<std::string, std::string>{fld::kValidityDays, msg::at_least("0", "1")});
  config.validity_days = 1;
  config.features = {"x", "x"};
  CHECK(outcome(d::validate(config)).first == "features/1");
}

// ------------------------------------------------------------------ resolving terms

TEST_CASE("a product license takes everything absent from its configuration and model",
          "[domain][license]") {
  Catalogue cat;
  const auto source = cat.source();
  d::License l = *d::resolve_terms(d::LicenseTerms{}, &source, kNow, true);
  CHECK(l.product_config_id == cat.config.id);
  CHECK(l.product_name == "atlas");
  CHECK(l.qty == 8);
  CHECK(l.qty_dimension == QtyDimension::kSeats);
  CHECK(l.qty_enforcement_type == QtyEnforcementType::kEnforced);
  CHECK(l.valid_from == kToday);
  CHECK(l.valid_until == kToday + 45 * kDay);
  CHECK(names_of(l) == std::vector<std::string>{"sketch", "publish"});
  CHECK(l.concurrent_user_app_instances_per_seat == 2);
  CHECK(l.concurrent_user_devices_per_seat == 3);
  CHECK(l.display_name == std::nullopt);
  CHECK(l.allowed_version_lower_bound == std::nullopt);

  // Without applying validityDays (a state document), absent validUntil is perpetual.
  CHECK(d::resolve_terms(d::LicenseTerms{}, &source, kNow, false)->valid_until == std::nullopt);
  // A configuration without validityDays issues perpetual licenses.
  cat.config.validity_days = std::nullopt;
  const auto perpetual = cat.source();
  CHECK(d::resolve_terms(d::LicenseTerms{}, &perpetual, kNow, true)->valid_until == std::nullopt);
}

TEST_CASE("a product license's qty, validFrom and validUntil may be given", "[domain][license]") {
  Catalogue cat;
  const auto source = cat.source();
  d::LicenseTerms t;
  t.qty = 2;
  t.valid_from = kToday + 10 * kDay;
  d::License l = *d::resolve_terms(t, &source, kNow, true);
  CHECK(l.qty == 2);
  CHECK(l.valid_from == kToday + 10 * kDay);
  CHECK(l.valid_until == kToday + 55 * kDay);  // validityDays after the given validFrom
  t.valid_until = kToday + 11 * kDay;
  CHECK(d::resolve_terms(t, &source, kNow, true)->valid_until == kToday + 11 * kDay);
  t.qty = 1001;
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::qty_seats("1001")});
  t.qty = 1;
  t.valid_until = kToday + 10 * kDay;
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)).first == fld::kValidUntil);
}

TEST_CASE("a product license's other terms must equal the configuration's", "[domain][license]") {
  Catalogue cat;
  const auto source = cat.source();
  d::LicenseTerms same;
  same.product_name = "atlas";
  same.qty_dimension = QtyDimension::kSeats;
  same.qty_enforcement_type = QtyEnforcementType::kEnforced;
  same.features = std::vector<std::string>{"publish", "sketch"};  // another order: the same set
  CHECK(d::resolve_terms(same, &source, kNow, true).ok());

  d::LicenseTerms t = same;
  t.product_name = "beacon";
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)) ==
        std::pair<std::string, std::string>{fld::kProductName,
                                            msg::differs_from_configuration("beacon", "atlas")});
  t = same;
  t.qty_dimension = QtyDimension::kUseCount;
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)) ==
        std::pair<std::string, std::string>{fld::kQtyDimension,
                                            msg::differs_from_configuration("USE_COUNT", "SEATS")});
  t = same;
  t.qty_enforcement_type = QtyEnforcementType::kMetered;
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)).first == fld::kQtyEnforcementType);
  t = same;
  t.features = std::vector<std::string>{"sketch"};
  CHECK(outcome(d::resolve_terms(t, &source, kNow, true)) ==
        std::pair<std::string, std::string>{
            fld::kFeatures, msg::differs_from_configuration("[sketch]", "[sketch, publish]")});
}

TEST_CASE("a feature license needs its product, dimension, enforcement and qty",
          "[domain][license]") {
  d::License l = *d::resolve_terms(feature_terms(), nullptr, kNow, true);
  CHECK(l.product_config_id == std::nullopt);
  CHECK(l.product_name == "orbit");
  CHECK(l.qty == 3);
  CHECK(l.features.empty());
  CHECK(l.valid_from == kToday);
  CHECK(l.valid_until == std::nullopt);
  // The built-in model: one device per seat, nothing else.
  CHECK(l.concurrent_user_devices_per_seat == 1);
  CHECK(l.concurrent_user_app_instances_per_seat == std::nullopt);

  auto missing = [](auto clear) {
    d::LicenseTerms t = feature_terms();
    clear(t);
    return outcome(d::resolve_terms(t, nullptr, kNow, true));
  };
  const std::string reason = msg::required_for_feature_license();
  CHECK(missing([](d::LicenseTerms& t) { t.product_name.reset(); }) ==
        std::pair<std::string, std::string>{fld::kProductName, reason});
  CHECK(missing([](d::LicenseTerms& t) { t.qty.reset(); }) ==
        std::pair<std::string, std::string>{fld::kQty, reason});
  CHECK(missing([](d::LicenseTerms& t) { t.qty_dimension.reset(); }) ==
        std::pair<std::string, std::string>{fld::kQtyDimension, reason});
  CHECK(missing([](d::LicenseTerms& t) { t.qty_enforcement_type.reset(); }) ==
        std::pair<std::string, std::string>{fld::kQtyEnforcementType, reason});
  CHECK(missing([](d::LicenseTerms& t) { t.product_name = "  "; }) ==
        std::pair<std::string, std::string>{fld::kProductName, msg::blank()});
  CHECK(missing([](d::LicenseTerms& t) {
          t.features = std::vector<std::string>{"a", "a"};
        }).first == "features/1");
  CHECK(missing([](d::LicenseTerms& t) {
          t.references.order_reference = std::string(256, 'o');
        }).first == fld::kOrderReference);
  CHECK(missing([](d::LicenseTerms& t) {
          t.allowed_version_lower_bound = "3";
          t.allowed_version_upper_bound = "2";
        }).first == fld::kAllowedVersionUpperBound);
}

// ------------------------------------------------------------------ PUT

TEST_CASE("a license PUT may repeat the fixed fields but not change them", "[domain][license]") {
  d::License cur = *d::resolve_terms(feature_terms(), nullptr, kNow, true);
  cur.features = {{id(7), "alpha", 0, 0}, {id(8), "beta", 0, 0}};
  cur.id = id(9);
  cur.created = cur.modified = kNow;

  d::LicenseUpdate same;
  same.id = cur.id;
  same.product_name = "orbit";
  same.qty = 3;
  same.qty_dimension = QtyDimension::kSeats;
  same.qty_enforcement_type = QtyEnforcementType::kEnforced;
  same.features = std::vector<std::string>{"beta", "alpha"};
  same.concurrent_user_devices_per_seat = 1;
  same.created = kNow;
  same.valid_from = kToday + kDay;
  same.valid_until = kToday + 2 * kDay;
  same.display_name = "new name";
  CHECK(outcome(d::validate_update(same, cur)) == kPassed);

  d::LicenseUpdate u = same;
  u.qty = 7;
  CHECK(outcome(d::validate_update(u, cur)) ==
        std::pair<std::string, std::string>{fld::kQty, msg::must_match("7", "3")});
  u = same;
  u.qty_enforcement_type = QtyEnforcementType::kMetered;
  CHECK(outcome(d::validate_update(u, cur)) ==
        std::pair<std::string, std::string>{fld::kQtyEnforcementType,
                                            msg::must_match("METERED", "ENFORCED")});
  u = same;
  u.features = std::vector<std::string>{"alpha"};
  CHECK(outcome(d::validate_update(u, cur)).first == fld::kFeatures);
  u = same;
  u.license_key = "ABCDEFGHIJKLMNOPQ";
  CHECK(outcome(d::validate_update(u, cur)) ==
        std::pair<std::string, std::string>{fld::kLicenseKey,
                                            msg::must_match_null("ABCDEFGHIJKLMNOPQ")});
  u = same;
  u.references.contract_reference = "c-1";
  CHECK(outcome(d::validate_update(u, cur)).first == fld::kContractReference);
  u = same;
  u.product_config_id = id(3);
  CHECK(outcome(d::validate_update(u, cur)).first == fld::kProductConfigId);
  u = same;
  u.modified = kNow + 1;
  CHECK(outcome(d::validate_update(u, cur)).first == fld::kModified);
  // Validity: the kept validFrom counts when none is given.
  u = same;
  u.valid_from.reset();
  u.valid_until = kToday;  // the license starts at kToday
  CHECK(outcome(d::validate_update(u, cur)).first == fld::kValidUntil);
  u.valid_until.reset();  // perpetual
  CHECK(outcome(d::validate_update(u, cur)) == kPassed);
  u.display_name = std::string(256, 'n');
  CHECK(outcome(d::validate_update(u, cur)) ==
        std::pair<std::string, std::string>{fld::kDisplayName, msg::too_long(255)});
}
