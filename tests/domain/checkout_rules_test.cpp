#include "domain/checkout_rules.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "domain/fields.hpp"
#include "domain/messages.hpp"

namespace d = scale::domain;
namespace msg = scale::domain::msg;
namespace fld = scale::domain::field;

using d::QtyDimension;
using d::QtyEnforcementType;

namespace {

constexpr d::Timestamp kNow = 1773582330250;  // 2026-03-15T13:45:30.250Z
constexpr d::Timestamp kSecond = 1000;

d::License license(std::int64_t qty, QtyDimension dimension = QtyDimension::kSeats,
                   QtyEnforcementType enforcement = QtyEnforcementType::kEnforced) {
  d::License l;
  l.product_name = "orbit";
  l.qty = qty;
  l.qty_dimension = dimension;
  l.qty_enforcement_type = enforcement;
  return l;
}

d::License bounded(d::OptText lower, d::OptText upper) {
  d::License l = license(5);
  l.allowed_version_lower_bound = std::move(lower);
  l.allowed_version_upper_bound = std::move(upper);
  return l;
}

d::Lease lease(QtyDimension dimension, std::int64_t pre_alloc, std::int64_t verified) {
  d::Lease l;
  l.qty_dimension = dimension;
  l.qty_pre_alloc = pre_alloc;
  l.verified_qty = verified;
  return l;
}

d::HeartbeatItem report(std::int64_t used, bool incremental) {
  d::HeartbeatItem i;
  i.lease_id = "x";
  i.used_qty = used;
  i.treat_as_incremental_qty = incremental;
  return i;
}

}  // namespace

TEST_CASE("checkout items have the SDK's defaults", "[domain][checkout]") {
  d::CheckoutItem c;
  CHECK(c.qty_dimension == QtyDimension::kSeats);
  CHECK(c.qty == 1);
  d::HeartbeatItem h;
  CHECK(h.used_qty == 1);
  CHECK_FALSE(h.treat_as_incremental_qty);
  d::ReleaseItem r;
  CHECK(r.final_used_qty == std::nullopt);
  d::DescribePage p;
  CHECK(p.offset == 0);
  CHECK(p.limit == 5);
  CHECK_FALSE(p.ascending);
}

TEST_CASE("refusal codes have the contract's names", "[domain][checkout]") {
  CHECK(d::to_string(d::RefusalCode::kLicenseNotFound) == "LICENSE_NOT_FOUND");
  CHECK(d::to_string(d::RefusalCode::kLicenseNotValid) == "LICENSE_NOT_VALID");
  CHECK(d::to_string(d::RefusalCode::kVersionNotAllowed) == "VERSION_NOT_ALLOWED");
  CHECK(d::to_string(d::RefusalCode::kInsufficientQuantity) == "INSUFFICIENT_QUANTITY");
  CHECK(d::to_string(d::RefusalCode::kClientMismatch) == "CLIENT_MISMATCH");
  CHECK(d::to_string(d::RefusalCode::kLeaseNotFound) == "LEASE_NOT_FOUND");
}

TEST_CASE("a request body lists 1 to 100 items", "[domain][checkout]") {
  CHECK_FALSE(d::validate_checkout_items({}).ok());
  CHECK(d::validate_checkout_items({}).error().reason == msg::item_count(0, 100));
  CHECK(d::validate_checkout_items(std::vector<d::CheckoutItem>(100)).ok());
  CHECK_FALSE(d::validate_checkout_items(std::vector<d::CheckoutItem>(101)).ok());
  CHECK(d::validate_heartbeat_items(std::vector<d::HeartbeatItem>(100)).ok());
  CHECK_FALSE(d::validate_heartbeat_items(std::vector<d::HeartbeatItem>(101)).ok());
  CHECK(d::validate_release_items(std::vector<d::ReleaseItem>(1)).ok());
  CHECK_FALSE(d::validate_release_items({}).ok());
}

TEST_CASE("an item's numbers are checked where they are, by JSON pointer", "[domain][checkout]") {
  std::vector<d::CheckoutItem> items(3);
  items[2].qty = 0;
  auto s = d::validate_checkout_items(items);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().kind == d::ErrorKind::kInvalid);
  CHECK(s.error().field == "/2/qty");
  CHECK(s.error().reason == msg::at_least("0", "1"));

  std::vector<d::HeartbeatItem> beats(2);
  beats[1].used_qty = -1;
  CHECK(d::validate_heartbeat_items(beats).error().field == "/1/usedQty");
  beats[1].used_qty = 0;
  CHECK(d::validate_heartbeat_items(beats).ok());

  std::vector<d::ReleaseItem> releases(1);
  releases[0].final_used_qty = -3;
  CHECK(d::validate_release_items(releases).error().field == "/0/finalUsedQty");
  CHECK(d::validate_release_items(releases).error().reason == msg::negative("-3"));
  releases[0].final_used_qty = 0;
  CHECK(d::validate_release_items(releases).ok());
}

TEST_CASE("version bounds are inclusive, in natural order, and need a client version",
          "[domain][checkout]") {
  const d::License l = bounded("2.9", "2.10");
  CHECK(d::admits_version(l, std::string("2.9")));
  CHECK(d::admits_version(l, std::string("2.10")));
  CHECK(d::admits_version(l, std::string("2.9.1")));
  CHECK_FALSE(d::admits_version(l, std::string("2.8.99")));
  CHECK_FALSE(d::admits_version(l, std::string("2.11")));
  CHECK_FALSE(d::admits_version(l, std::string("10")));
  CHECK_FALSE(d::admits_version(l, std::nullopt));
  CHECK(d::admits_version(bounded("3", std::nullopt), std::string("12")));
  CHECK_FALSE(d::admits_version(bounded(std::nullopt, "3"), std::string("12")));
  CHECK(d::admits_version(bounded(std::nullopt, std::nullopt), std::nullopt));
}

TEST_CASE("a license offers an item of its product, dimension and the mode's enforcement",
          "[domain][checkout]") {
  d::CheckoutItem item;
  item.product_name = "orbit";
  CHECK(d::offers(license(5), item, d::UseMode::kEnforced));
  CHECK_FALSE(d::offers(license(5), item, d::UseMode::kMetered));
  CHECK(d::offers(license(5, QtyDimension::kSeats, QtyEnforcementType::kMetered), item,
                  d::UseMode::kMetered));
  item.qty_dimension = QtyDimension::kUseTime;
  CHECK_FALSE(d::offers(license(5), item, d::UseMode::kEnforced));
  item.qty_dimension = QtyDimension::kSeats;
  item.product_name = "ORBIT";
  CHECK_FALSE(d::offers(license(5), item, d::UseMode::kEnforced));
}

TEST_CASE("a SEATS lease holds one seat, others their qty", "[domain][checkout]") {
  CHECK(d::pre_allocation(QtyDimension::kSeats, 7) == 1);
  CHECK(d::pre_allocation(QtyDimension::kUseCount, 7) == 7);
  CHECK(d::pre_allocation(QtyDimension::kUseTime, 3600) == 3600);
}

TEST_CASE("what is left is qty less consumed and held, and an unlimited license has no end",
          "[domain][checkout]") {
  const d::License l = license(10, QtyDimension::kUseCount);
  CHECK(d::remaining_qty(l, 3, 4) == 3);
  CHECK(d::fits(l, 3, 4, 3));
  CHECK_FALSE(d::fits(l, 3, 4, 4));
  CHECK(d::remaining_qty(l, 10, 0) == 0);
  const d::License unlimited = license(-1, QtyDimension::kUseTime, QtyEnforcementType::kMetered);
  CHECK(d::remaining_qty(unlimited, 1000000, 5000000) == -1);
  CHECK(d::fits(unlimited, 1000000, 5000000, 9000000000000000000));
}

TEST_CASE("a heartbeat reports use absolute or incremental, and SEATS stay at one",
          "[domain][checkout]") {
  const d::Lease uses = lease(QtyDimension::kUseCount, 10, 4);
  CHECK(d::reported_use(uses, report(6, false)) == 6);
  CHECK(d::reported_use(uses, report(6, true)) == 10);
  CHECK(d::reported_use(uses, report(7, true)) == 11);  // over: the caller refuses it
  CHECK(d::reported_use(lease(QtyDimension::kSeats, 1, 1), report(9, true)) == 1);
}

TEST_CASE("a release consumes finalUsedQty up to the pre-allocation, or all of it",
          "[domain][checkout]") {
  const d::Lease uses = lease(QtyDimension::kUseTime, 600, 100);
  CHECK(d::release_consumes(uses, 250) == 250);
  CHECK(d::release_consumes(uses, 601) == 600);
  CHECK(d::release_consumes(uses, 0) == 0);
  CHECK(d::release_consumes(uses, std::nullopt) == 600);
  CHECK(d::release_reports(uses, 250) == 250);
  CHECK(d::end_consumes(uses) == 600);
  const d::Lease seat = lease(QtyDimension::kSeats, 1, 1);
  CHECK(d::release_consumes(seat, std::nullopt) == 0);
  CHECK(d::end_consumes(seat) == 0);
  CHECK(d::release_reports(seat, 0) == 1);
}

TEST_CASE("a lease lasts lease time, never past its license's validUntil", "[domain][checkout]") {
  d::License l = license(5);
  CHECK(d::lease_end(l, kNow, 3600) == kNow + 3600 * kSecond);
  l.valid_until = kNow + 60 * kSecond;
  CHECK(d::lease_end(l, kNow, 3600) == kNow + 60 * kSecond);
  CHECK(d::lease_end(l, kNow, 30) == kNow + 30 * kSecond);
}

TEST_CASE("a lease is live while now is before its end", "[domain][checkout]") {
  d::Lease l;
  l.valid_until = kNow;
  CHECK(d::is_live_at(l, kNow - 1));
  CHECK_FALSE(d::is_live_at(l, kNow));
}

TEST_CASE("licenses filter on one wire field, ignoring case", "[domain][checkout]") {
  d::License l = license(5, QtyDimension::kUseCount);
  l.display_name = "Orbit Lab";
  d::LicenseFieldFilter f;
  CHECK(d::matches(l, f));
  f.value = "oRbIt";
  CHECK(d::matches(l, f));  // productName when no field is named
  f.value = "orb";
  CHECK_FALSE(d::matches(l, f));
  f.field = "displayName";
  f.value = "orbit lab";
  CHECK(d::matches(l, f));
  f.field = "qtyDimension";
  f.value = "use_count";
  CHECK(d::matches(l, f));
  f.field = "qtyEnforcementType";
  f.value = "METERED";
  CHECK_FALSE(d::matches(l, f));
  CHECK(d::validate(f).ok());

  f.field = "qty";
  CHECK(d::validate(f).error().field == fld::kFilterField);
  CHECK(d::validate(f).error().reason == msg::filter_field_unknown("qty"));
  f.field = "productName";
  f.value.reset();
  CHECK(d::validate(f).error().field == fld::kFilterValue);
  // A license without a displayName matches no value of it.
  l.display_name.reset();
  f.field = "displayName";
  f.value = "x";
  CHECK_FALSE(d::matches(l, f));
}

TEST_CASE("a state lease gets its absent values derived", "[domain][checkout]") {
  d::LeaseRecord r;
  r.license_consumer_id = d::Uuid::v4_from(1, 2);
  r.valid_until = kNow + 60 * kSecond;
  auto seat = d::resolve_lease(r, QtyDimension::kSeats, kNow);
  REQUIRE(seat.ok());
  CHECK(seat->qty_pre_alloc == 1);
  CHECK(seat->verified_qty == 1);
  CHECK(seat->created == kNow);
  CHECK(seat->valid_from == kNow);
  CHECK(seat->heartbeat_not_before == kNow);
  CHECK(seat->last_heartbeat == std::nullopt);
  CHECK(seat->consumer_id == d::Uuid::v4_from(1, 2));
  CHECK(seat->qty_dimension == QtyDimension::kSeats);
  auto uses = d::resolve_lease(r, QtyDimension::kUseCount, kNow);
  REQUIRE(uses.ok());
  CHECK(uses->verified_qty == 0);
}

TEST_CASE("a state lease that breaks a rule names its field", "[domain][checkout]") {
  d::LeaseRecord r;
  r.license_consumer_id = d::Uuid::v4_from(1, 2);
  r.valid_until = kNow + 60 * kSecond;
  QtyDimension dimension = QtyDimension::kUseCount;
  std::string field;
  std::string reason;
  SECTION("a binding id of 0") {
    r.client_binding_id = 0;
    field = fld::kClientBindingId;
    reason = msg::at_least("0", "1");
  }
  SECTION("a binding id past what JSON keeps exactly") {
    r.client_binding_id = d::kMaxBindingId + 1;
    field = fld::kClientBindingId;
  }
  SECTION("no consumer") {
    r.license_consumer_id.reset();
    field = fld::kLicenseConsumerId;
    reason = msg::required();
  }
  SECTION("two seats") {
    dimension = QtyDimension::kSeats;
    r.qty_pre_alloc = 2;
    field = fld::kQtyPreAlloc;
    reason = msg::seats_pre_alloc("2");
  }
  SECTION("nothing pre-allocated") {
    r.qty_pre_alloc = 0;
    field = fld::kQtyPreAlloc;
    reason = msg::at_least("0", "1");
  }
  SECTION("more use than held") {
    r.qty_pre_alloc = 5;
    r.verified_qty = 6;
    field = fld::kVerifiedQty;
    reason = msg::over_pre_alloc("6", "5");
  }
  SECTION("negative use") {
    r.verified_qty = -1;
    field = fld::kVerifiedQty;
  }
  SECTION("no end") {
    r.valid_until.reset();
    field = fld::kValidUntil;
    reason = msg::required();
  }
  SECTION("an end at its start") {
    r.valid_from = kNow;
    r.valid_until = kNow;
    field = fld::kValidUntil;
  }
  auto out = d::resolve_lease(r, dimension, kNow);
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().kind == d::ErrorKind::kInvalid);
  CHECK(out.error().field == field);
  if (!reason.empty()) CHECK(out.error().reason == reason);
}
