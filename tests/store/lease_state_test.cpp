// Leases in the state document (contract sections 10.4 and 11): a dump taken in the middle of a
// test restores the seats in use, and every rule holds at load.

#include "lease_fixture.hpp"

using namespace scale::testing;

namespace {

// A store at kNoon with: license 0 orbit (2 SEATS) with ada's lease (claims hw-1, heartbeat
// after 10 s); license 1 credits (250 USE_COUNT) with dev's lease of 100, 30 of them consumed
// before by a release; license 2 keyed (3 SEATS, key test_key(1)) with the key's lease.
struct Leased : Checkout {
  Leased() {
    orbit = issue("orbit", 2);
    fx.clock->advance(kSecond);
    credits = issue("credits", 250, QtyDimension::kUseCount);
    fx.clock->advance(kSecond);
    keyed = issue(with_key(feature_license("keyed", 3), test_key(1)));
    fx.clock->advance(kSecond);
    ClientClaims claims = hardware("hw-1");
    claims.country = "FI";
    claims.lang = "fi";
    seat_lease = take(as(ada), seat("orbit"), claims, lasting(600, 5));
    fx.clock->advance(10 * kSecond);
    seat_lease =
        heartbeat(as(ada), {beat(seat_lease.id)}, claims, lasting(600, 5))[0].grant().lease;
    d::Lease spent = take(as(dev), use("credits", 30));
    release(as(dev), {release_of(spent.id)});
    use_lease = take(as(dev), use("credits", 100));
    use_lease = heartbeat(as(dev), {beat(use_lease.id, 12)})[0].grant().lease;
    key_lease = take(Asker::Key(test_key(1)), seat("keyed"));
    now = fx.clock->now();
  }
  d::License orbit, credits, keyed;
  d::Lease seat_lease, use_lease, key_lease;
  Timestamp now = 0;
};

// A fresh store at `now` loaded with `doc`.
struct Loaded {
  explicit Loaded(Timestamp now) { fx.clock->set(now); }
  StoreFixture fx{99};
};

d::LeaseRecord& lease_in(d::StateDocument& doc, std::size_t license, std::size_t lease = 0) {
  return doc.licensees.at(0).containers.at(0).licenses.at(license).leases.at(lease);
}

std::string lease_at(std::size_t license, std::size_t lease = 0) {
  return "/licensees/0/licenseContainers/0/licenses/" + std::to_string(license) + "/leases/" +
         std::to_string(lease);
}

}  // namespace

TEST_CASE("a state with leases dumps, loads and dumps identically", "[store][state][lease]") {
  Leased s;
  const d::StateDocument doc = s.fx.store.dump();
  const std::string before = describe_all(doc);
  Loaded fresh(s.now);
  must(fresh.fx.store.replace(doc));
  CHECK(describe_all(fresh.fx.store.dump()) == before);
  CHECK(lease_violations(fresh.fx.store, s.now) == "");
  CHECK(fresh.fx.store.counts().leases == 3);

  // What the dump says of the leases, field by field.
  const d::LeaseRecord& r = lease_in(const_cast<d::StateDocument&>(doc), 0);
  CHECK(r.id == s.seat_lease.id);
  CHECK(r.client_binding_id == s.seat_lease.binding_id);
  CHECK(r.license_consumer_id == s.ada.id);
  CHECK(r.qty_pre_alloc == 1);
  CHECK(r.verified_qty == 1);
  CHECK(r.claims.hw_id == "hw-1");
  CHECK(r.claims.country == "FI");
  CHECK(r.created == kNoon + 3 * kSecond);
  CHECK(r.valid_from == kNoon + 13 * kSecond);
  CHECK(r.last_heartbeat == kNoon + 13 * kSecond);
  CHECK(r.valid_until == kNoon + 613 * kSecond);
  CHECK(r.heartbeat_not_before == kNoon + 18 * kSecond);
  const auto& credits = doc.licensees.at(0).containers.at(0).licenses.at(1);
  CHECK(credits.consumed_qty == 30);
  CHECK(credits.leases.at(0).qty_pre_alloc == 100);
  CHECK(credits.leases.at(0).verified_qty == 12);
}

TEST_CASE("a loaded dump restores the seats in use and the leases go on", "[store][state][lease]") {
  Leased s;
  Loaded fresh(s.now);
  must(fresh.fx.store.replace(s.fx.store.dump()));
  auto& st = fresh.fx.store;
  const LeasePolicy policy;
  auto take = [&](const Asker& who, CheckoutItem item) {
    return must(st.checkout(who, UseMode::kEnforced, {std::move(item)}, {}, policy))[0];
  };
  CHECK(take(as(s.dev), seat("orbit")).granted());
  CHECK(code_of(take(as(s.dev), seat("orbit"))) == RefusalCode::kInsufficientQuantity);
  CHECK(code_of(take(as(s.dev), use("credits", 121))) == RefusalCode::kInsufficientQuantity);
  // The same lease ids, bindings and earliest next heartbeats; a new binding continues after
  // the largest.
  CHECK(must_fail(st.heartbeat(as(s.ada), UseMode::kEnforced, {beat(s.seat_lease.id)},
                               hardware("hw-1"), policy))
            .kind == ErrorKind::kTooEarly);
  fresh.fx.clock->set(s.seat_lease.heartbeat_not_before);
  auto out = must(st.heartbeat(as(s.ada), UseMode::kEnforced, {beat(s.seat_lease.id)},
                               hardware("hw-1"), policy));
  REQUIRE(out[0].granted());
  CHECK(out[0].grant().lease.binding_id == s.seat_lease.binding_id);
  CHECK(take(as(s.dev), use("credits", 1)).grant().lease.binding_id == s.key_lease.binding_id + 2);
  auto released =
      must(st.release(Asker::Key(test_key(1)), UseMode::kEnforced, {release_of(s.key_lease.id)}));
  CHECK(released[0].released);
  CHECK(lease_violations(st, s.seat_lease.heartbeat_not_before) == "");
}

TEST_CASE("a lease that ended before the load counts as consumed", "[store][state][lease]") {
  Leased s;
  Loaded fresh(s.now + kHour);
  must(fresh.fx.store.replace(s.fx.store.dump()));
  CHECK(fresh.fx.store.counts().leases == 0);
  auto credits = must(fresh.fx.store.get_license(s.acme.id, s.credits.id)).license;
  CHECK(credits.consumed_qty == 130);
  CHECK(lease_violations(fresh.fx.store, s.now + kHour) == "");
}

TEST_CASE("a fixture lease may give only its consumer and end", "[store][state][lease]") {
  Leased s;
  d::StateDocument doc = s.fx.store.dump();
  d::LeaseRecord bare;
  bare.license_consumer_id = s.dev.id;
  bare.valid_until = s.now + kHour;
  doc.licensees[0].containers[0].licenses[0].leases.push_back(bare);
  Loaded fresh(s.now);
  must(fresh.fx.store.replace(doc));
  auto b = must(fresh.fx.store.license_bindings(as(s.dev), std::nullopt, s.orbit.id, {}));
  REQUIRE(b.bindings.size() == 2);
  const d::Lease& l = b.bindings[0].lease;  // the newest: created now
  CHECK(l.consumer_id == s.dev.id);
  CHECK(l.binding_id == s.key_lease.binding_id + 1);  // after every binding id of the document
  CHECK(l.qty_pre_alloc == 1);
  CHECK(l.verified_qty == 1);
  CHECK(l.created == s.now);
  CHECK(l.valid_from == s.now);
  CHECK(l.heartbeat_not_before == s.now);
  CHECK(l.last_heartbeat == std::nullopt);
  CHECK(lease_violations(fresh.fx.store, s.now) == "");
}

TEST_CASE("a state lease that breaks a rule stops the load, naming the pointer",
          "[store][state][lease]") {
  Leased s;
  d::StateDocument doc = s.fx.store.dump();
  std::string field;
  std::string reason;
  ErrorKind kind = ErrorKind::kInvalid;
  SECTION("no consumer") {
    lease_in(doc, 0).license_consumer_id.reset();
    field = lease_at(0) + "/licenseConsumerId";
    reason = msg::required();
  }
  SECTION("an unknown consumer") {
    lease_in(doc, 0).license_consumer_id = unknown_id();
    field = lease_at(0) + "/licenseConsumerId";
    reason = msg::no_such("license consumer", unknown_id().str());
  }
  SECTION("no end") {
    lease_in(doc, 1).valid_until.reset();
    field = lease_at(1) + "/validUntil";
    reason = msg::required();
  }
  SECTION("an end not after its start") {
    lease_in(doc, 1).valid_until = lease_in(doc, 1).valid_from;
    field = lease_at(1) + "/validUntil";
  }
  SECTION("an end after the license's") {
    doc.licensees[0].containers[0].licenses[0].valid_until = s.now + 60 * kSecond;
    field = lease_at(0) + "/validUntil";
    reason = msg::after_license_end(d::format_timestamp(s.seat_lease.valid_until),
                                    d::format_timestamp(s.now + 60 * kSecond));
  }
  SECTION("two seats in one SEATS lease") {
    lease_in(doc, 0).qty_pre_alloc = 2;
    field = lease_at(0) + "/qtyPreAlloc";
    reason = msg::seats_pre_alloc("2");
  }
  SECTION("more use reported than held") {
    lease_in(doc, 1).verified_qty = 101;
    field = lease_at(1) + "/verifiedQty";
    reason = msg::over_pre_alloc("101", "100");
  }
  SECTION("more held than the license has left") {
    lease_in(doc, 1).qty_pre_alloc = 221;
    field = lease_at(1) + "/qtyPreAlloc";
    reason = msg::more_than_left("221", "220");
  }
  SECTION("more seats held than the license has") {
    d::LeaseRecord third = lease_in(doc, 0);
    third.id.reset();
    third.client_binding_id.reset();
    doc.licensees[0].containers[0].licenses[0].leases.push_back(third);
    doc.licensees[0].containers[0].licenses[0].leases.push_back(third);
    field = lease_at(0, 2) + "/qtyPreAlloc";
    reason = msg::more_than_left("1", "0");
  }
  SECTION("a person's lease of a key license") {
    lease_in(doc, 2).license_consumer_id = s.ada.id;
    field = lease_at(2) + "/licenseConsumerId";
    reason = msg::lease_consumer_of_key(s.ada.id.str(), s.key_lease.consumer_id.str());
  }
  SECTION("a LICENSE_KEY consumer's lease of another license") {
    lease_in(doc, 0).license_consumer_id = s.key_lease.consumer_id;
    field = lease_at(0) + "/licenseConsumerId";
    reason = msg::lease_consumer_is_key(s.key_lease.consumer_id.str());
  }
  SECTION("a binding id below 1") {
    lease_in(doc, 0).client_binding_id = 0;
    field = lease_at(0) + "/clientBindingId";
    reason = msg::at_least("0", "1");
  }
  SECTION("a binding id used twice") {
    lease_in(doc, 2).client_binding_id = lease_in(doc, 0).client_binding_id;
    field = lease_at(2) + "/clientBindingId";
    reason = msg::already_used(std::to_string(s.seat_lease.binding_id), lease_at(0));
  }
  SECTION("a lease id used twice") {
    lease_in(doc, 2).id = lease_in(doc, 0).id;
    field = lease_at(2) + "/leaseId";
    reason = msg::already_used(s.seat_lease.id.str(), lease_at(0));
  }
  SECTION("a lease id that a license has") {
    lease_in(doc, 2).id = s.orbit.id;
    field = lease_at(2) + "/leaseId";
  }
  Loaded fresh(s.now);
  must(fresh.fx.store.replace(s.fx.store.dump()));
  const std::string before = describe_all(fresh.fx.store.dump());
  auto err = must_fail(fresh.fx.store.replace(doc));
  CHECK(err.kind == kind);
  CHECK(err.field == field);
  if (!reason.empty()) CHECK(err.reason == reason);
  CHECK(describe_all(fresh.fx.store.dump()) == before);
}

TEST_CASE("merging a lease whose id or binding id the state holds is a conflict",
          "[store][state][lease]") {
  Leased s;
  d::StateDocument doc;
  auto beta = d::LicenseeRecord{};
  beta.type = LicenseeType::kOrganization;
  beta.fields.name = "Beta";
  d::ContainerRecord box;
  box.used_as_default = true;
  d::LicenseRecord lic;
  lic.product_name = "beta-tool";
  lic.qty = 3;
  lic.qty_dimension = QtyDimension::kSeats;
  lic.qty_enforcement_type = QtyEnforcementType::kEnforced;
  d::LeaseRecord lease;
  lease.license_consumer_id = s.dev.id;
  lease.valid_until = s.now + kHour;
  lic.leases.push_back(lease);
  box.licenses.push_back(lic);
  beta.containers.push_back(box);
  doc.licensees.push_back(beta);
  const std::string before = describe_all(s.fx.store.dump());
  const std::string at = "/licensees/0/licenseContainers/0/licenses/0/leases/0";

  SECTION("the binding id") {
    doc.licensees[0].containers[0].licenses[0].leases[0].client_binding_id = s.use_lease.binding_id;
    auto err = must_fail(s.fx.store.merge(doc));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == at + "/clientBindingId");
    CHECK(err.reason == msg::already_used(std::to_string(s.use_lease.binding_id),
                                          "lease " + s.use_lease.id.str()));
  }
  SECTION("the lease id") {
    doc.licensees[0].containers[0].licenses[0].leases[0].id = s.key_lease.id;
    auto err = must_fail(s.fx.store.merge(doc));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == at + "/leaseId");
    CHECK(err.reason == msg::already_used(s.key_lease.id.str(), "lease " + s.key_lease.id.str()));
  }
  CHECK(describe_all(s.fx.store.dump()) == before);
  SECTION("neither: the lease joins, numbered after the state's bindings") {
    must(s.fx.store.merge(doc));
    CHECK(s.fx.store.counts().leases == 4);
    auto live = s.fx.store.live_leases();
    CHECK(live.back().lease.binding_id == s.key_lease.binding_id + 1);
    CHECK(lease_violations(s.fx.store, s.now) == "");
  }
}
