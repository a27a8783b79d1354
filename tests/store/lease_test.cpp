// Leases (contract sections 11.2, 11.3 and 11.5): checkout, heartbeat, release, and how
// leases end on the namespace's clock.

#include "lease_fixture.hpp"

using namespace scale::testing;

// ------------------------------------------------------------------ checkout

TEST_CASE("a SEATS checkout answers a lease of one seat with the claims, for lease time",
          "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 3);
  ClientClaims claims = hardware("hw-1");
  claims.host_name = "press-room";
  claims.process_id = "4242";
  claims.version = "2.1";
  auto out = s.checkout(as(s.ada), {seat("orbit")}, claims, lasting(600, 30));
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].granted());
  const d::LeaseGrant& g = out[0].grant();
  const d::Lease& l = g.lease;
  CHECK(l.license_id == orbit.id);
  CHECK(l.consumer_id == s.ada.id);
  CHECK(l.binding_id == 1);
  CHECK(l.qty_dimension == QtyDimension::kSeats);
  CHECK(l.qty_pre_alloc == 1);
  CHECK(l.claims == claims);
  CHECK(l.created == kNoon);
  CHECK(l.valid_from == kNoon);
  CHECK(l.last_heartbeat == std::nullopt);
  CHECK(l.valid_until == kNoon + 600 * kSecond);
  CHECK(l.heartbeat_not_before == kNoon + 30 * kSecond);
  CHECK(g.old_lease_id == std::nullopt);
  CHECK(g.license.id == orbit.id);
  CHECK(feature_names(g.license) == std::vector<std::string>{"alpha", "beta"});

  CHECK(s.usage(orbit.id).held == 1);
  CHECK(s.usage(orbit.id).remaining == 2);
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("the default lease lasts an hour and allows the next heartbeat at once",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 1);
  d::Lease l = s.take(as(s.ada), seat("orbit"));
  CHECK(l.valid_until == kNoon + kHour);
  CHECK(l.heartbeat_not_before == kNoon);
}

TEST_CASE("lease ids come from the id generator, so the same seed repeats them", "[store][lease]") {
  auto leases = [](std::uint64_t seed) {
    Checkout s;
    s.issue("orbit", 3);
    s.fx.ids->reseed(seed);
    std::vector<Uuid> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(s.take(as(s.ada), seat("orbit")).id);
    return ids;
  };
  auto first = leases(7);
  CHECK(first == leases(7));
  CHECK(first != leases(8));
  CHECK(first[0] != first[1]);
}

TEST_CASE("client binding ids count 1, 2, 3 in each store", "[store][lease]") {
  Checkout s;
  s.issue("orbit", 5);
  auto out = s.checkout(as(s.ada), {seat("orbit"), seat("orbit")});
  CHECK(out[0].grant().lease.binding_id == 1);
  CHECK(out[1].grant().lease.binding_id == 2);
  CHECK(s.take(as(s.dev), seat("orbit")).binding_id == 3);
  Checkout other;
  other.issue("orbit", 1);
  CHECK(other.take(as(other.ada), seat("orbit")).binding_id == 1);
}

TEST_CASE("the last seat is taken until its lease ends on the clock, then it is free",
          "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 2);
  s.take(as(s.ada), seat("orbit"), {}, lasting(600));
  s.take(as(s.dev), seat("orbit"), {}, lasting(900));
  CHECK(codes_of(s.checkout(as(s.ada), {seat("orbit")})) ==
        std::vector<std::optional<RefusalCode>>{RefusalCode::kInsufficientQuantity});

  // Live while now < its end: one millisecond before, the seat is still taken.
  s.fx.clock->set(kNoon + 600 * kSecond - 1);
  CHECK(code_of(s.checkout(as(s.ada), {seat("orbit")})[0]) == RefusalCode::kInsufficientQuantity);
  s.fx.clock->set(kNoon + 600 * kSecond);
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(s.usage(orbit.id).remaining == 1);
  d::Lease again = s.take(as(s.ada), seat("orbit"));
  CHECK(again.binding_id == 3);
  // A seat is held, never consumed: nothing of the ended lease stays.
  CHECK(s.license(orbit.id).consumed_qty == 0);
  CHECK(lease_violations(s.fx.store, kNoon + 600 * kSecond) == "");
}

TEST_CASE("a SEATS item takes one seat whatever its qty says", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 2);
  CheckoutItem item = seat("orbit");
  item.qty = 5;
  d::Lease l = s.take(as(s.ada), item);
  CHECK(l.qty_pre_alloc == 1);
  CHECK(s.usage(orbit.id).held == 1);
}

TEST_CASE("USE_COUNT and USE_TIME items pre-allocate their qty", "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::License minutes = s.issue("minutes", 3600, QtyDimension::kUseTime);
  d::Lease a = s.take(as(s.ada), use("credits", 100));
  CHECK(a.qty_pre_alloc == 100);
  CHECK(a.verified_qty == 0);
  CHECK(s.usage(credits.id).remaining == 150);
  d::Lease b = s.take(as(s.ada), use("minutes", 1800, QtyDimension::kUseTime));
  CHECK(b.qty_pre_alloc == 1800);
  CHECK(s.usage(minutes.id).remaining == 1800);
  CHECK(code_of(s.checkout(as(s.dev), {use("credits", 151)})[0]) ==
        RefusalCode::kInsufficientQuantity);
  CHECK(s.take(as(s.dev), use("credits", 150)).qty_pre_alloc == 150);
  CHECK(s.usage(credits.id).remaining == 0);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("items are decided in order, a later one seeing what an earlier one took",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 2);
  s.issue("credits", 250, QtyDimension::kUseCount);
  auto out = s.checkout(as(s.ada), {seat("orbit"), use("credits", 150), seat("orbit"),
                                    use("credits", 150), seat("orbit"), use("credits", 100)});
  CHECK(codes_of(out) ==
        std::vector<std::optional<RefusalCode>>{std::nullopt, std::nullopt, std::nullopt,
                                                RefusalCode::kInsufficientQuantity,
                                                RefusalCode::kInsufficientQuantity, std::nullopt});
  CHECK(out[0].grant().lease.binding_id == 1);
  CHECK(out[5].grant().lease.binding_id == 4);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("a refused item carries the item's product fields and a description", "[store][lease]") {
  Checkout s;
  s.issue("orbit", 1);
  s.take(as(s.ada), seat("orbit"));
  auto out = s.checkout(as(s.dev), {seat("orbit"), use("nothing", 3)});
  const d::LeaseRefusal& full = out[0].refusal();
  CHECK(full.code == RefusalCode::kInsufficientQuantity);
  CHECK(full.product_name == "orbit");
  CHECK(full.qty_dimension == QtyDimension::kSeats);
  CHECK(full.qty == 1);
  CHECK(full.description == msg::insufficient_quantity("orbit", "1"));
  const d::LeaseRefusal& none = out[1].refusal();
  CHECK(none.code == RefusalCode::kLicenseNotFound);
  CHECK(none.product_name == "nothing");
  CHECK(none.qty_dimension == QtyDimension::kUseCount);
  CHECK(none.qty == 3);
  CHECK(none.description ==
        msg::no_license_for("ENFORCED", "USE_COUNT", "nothing", s.dev.id.str()));
}

TEST_CASE("a bad request body or an unknown asker is an error that changes nothing",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 3);
  const std::string before = describe_all(s.fx.store.dump());
  auto& st = s.fx.store;
  const LeasePolicy policy;

  auto err = must_fail(st.checkout(as(s.ada), UseMode::kEnforced, {}, {}, policy));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.reason == msg::item_count(0, 100));
  err = must_fail(st.checkout(as(s.ada), UseMode::kEnforced,
                              std::vector<CheckoutItem>(101, seat("orbit")), {}, policy));
  CHECK(err.reason == msg::item_count(101, 100));
  CHECK(st.checkout(as(s.ada), UseMode::kEnforced, std::vector<CheckoutItem>(100, seat("nothing")),
                    {}, policy)
            .ok());

  CheckoutItem zero = seat("orbit");
  zero.qty = 0;
  err = must_fail(st.checkout(as(s.ada), UseMode::kEnforced, {seat("orbit"), zero}, {}, policy));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == "/1/qty");
  CHECK(err.reason == msg::at_least("0", "1"));

  HeartbeatItem negative = beat(unknown_id(), -1);
  err = must_fail(st.heartbeat(as(s.ada), UseMode::kEnforced, {negative}, {}, policy));
  CHECK(err.field == "/0/usedQty");
  err = must_fail(st.release(as(s.ada), UseMode::kEnforced, {release_of(unknown_id(), -2)}));
  CHECK(err.field == "/0/finalUsedQty");
  err = must_fail(st.release(as(s.ada), UseMode::kEnforced, {}));
  CHECK(err.kind == ErrorKind::kInvalid);

  err = must_fail(
      st.checkout(Asker::Consumer(unknown_id()), UseMode::kEnforced, {seat("orbit")}, {}, policy));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("license consumer", unknown_id().str()));
  err = must_fail(
      st.checkout(Asker::Key(test_key(99)), UseMode::kEnforced, {seat("orbit")}, {}, policy));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_license_key(test_key(99)));
  err =
      must_fail(st.checkout(Asker::Key("short"), UseMode::kEnforced, {seat("orbit")}, {}, policy));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kLicenseKey);
  err = must_fail(
      st.checkout(Asker::Identity("nobody"), UseMode::kEnforced, {seat("orbit")}, {}, policy));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(describe_all(st.dump()) == before);
}

// ------------------------------------------------------------------ heartbeat

TEST_CASE("a heartbeat replaces the lease id, keeps the binding and renews the lease",
          "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 1);
  const ClientClaims claims = hardware("hw-1");
  d::Lease first = s.take(as(s.ada), seat("orbit"), claims, lasting(600, 60));
  s.fx.clock->advance(120 * kSecond);
  auto out = s.heartbeat(as(s.ada), {beat(first.id)}, claims, lasting(600, 60));
  REQUIRE(out[0].granted());
  const d::LeaseGrant& g = out[0].grant();
  CHECK(g.old_lease_id == first.id);
  CHECK(g.lease.id != first.id);
  CHECK(g.lease.binding_id == first.binding_id);
  CHECK(g.lease.created == kNoon);
  CHECK(g.lease.valid_from == kNoon + 120 * kSecond);
  CHECK(g.lease.last_heartbeat == kNoon + 120 * kSecond);
  CHECK(g.lease.valid_until == kNoon + 720 * kSecond);
  CHECK(g.lease.heartbeat_not_before == kNoon + 180 * kSecond);
  CHECK(g.lease.claims == claims);
  CHECK(g.license.id == orbit.id);
  CHECK(s.usage(orbit.id).held == 1);  // still one seat

  // The old id stops working: a refusal without product fields.
  s.fx.clock->advance(60 * kSecond);
  auto stale = s.heartbeat(as(s.ada), {beat(first.id)}, claims);
  const d::LeaseRefusal& r = stale[0].refusal();
  CHECK(r.code == RefusalCode::kLeaseNotFound);
  CHECK(r.description == msg::lease_not_found(first.id.str()));
  CHECK(r.product_name == std::nullopt);
  CHECK(r.qty_dimension == std::nullopt);
  CHECK(r.qty == std::nullopt);
  CHECK(s.release(as(s.ada), {release_of(first.id)})[0].error_code == RefusalCode::kLeaseNotFound);

  // The new one lives on past the first lease's end.
  s.fx.clock->set(kNoon + 700 * kSecond);
  CHECK(s.heartbeat(as(s.ada), {beat(g.lease.id)}, claims)[0].granted());
  CHECK(lease_violations(s.fx.store, kNoon + 700 * kSecond) == "");
}

TEST_CASE("a heartbeat before the earliest next heartbeat refuses the whole request",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 3);
  d::Lease early = s.take(as(s.ada), seat("orbit"), {}, lasting(600, 60));
  s.fx.clock->advance(40 * kSecond);
  d::Lease ready = s.take(as(s.ada), seat("orbit"), {}, lasting(600, 0));
  const std::string before = describe_all(s.fx.store.dump());

  s.fx.clock->set(kNoon + 60 * kSecond - 1);
  auto err = must_fail(s.fx.store.heartbeat(as(s.ada), UseMode::kEnforced,
                                            {beat(ready.id), beat(unknown_id()), beat(early.id)},
                                            {}, lasting(600, 60)));
  CHECK(err.kind == ErrorKind::kTooEarly);
  CHECK(err.field == "/2/leaseId");
  CHECK(err.reason == msg::heartbeat_too_early(early.id.str(), "2026-01-01T13:31:00.000Z"));
  // Nothing changed: the ready lease kept its id.
  CHECK(describe_all(s.fx.store.dump()) == before);

  s.fx.clock->set(kNoon + 60 * kSecond);
  auto out = s.heartbeat(as(s.ada), {beat(ready.id), beat(unknown_id()), beat(early.id)});
  CHECK(codes_of(out) == std::vector<std::optional<RefusalCode>>{
                             std::nullopt, RefusalCode::kLeaseNotFound, std::nullopt});
}

TEST_CASE("an early heartbeat of another consumer's lease is not the asker's to be early",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 3);
  d::Lease theirs = s.take(as(s.dev), seat("orbit"), {}, lasting(600, 60));
  auto out = s.heartbeat(as(s.ada), {beat(theirs.id)});
  CHECK(code_of(out[0]) == RefusalCode::kLeaseNotFound);
}

TEST_CASE("a heartbeat's cliHwId must be the checkout's", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 3);
  d::Lease l = s.take(as(s.ada), seat("orbit"), hardware("hw-1"));
  const std::string before = describe_all(s.fx.store.dump());
  auto out = s.heartbeat(as(s.ada), {beat(l.id)}, hardware("hw-2"));
  const d::LeaseRefusal& r = out[0].refusal();
  CHECK(r.code == RefusalCode::kClientMismatch);
  CHECK(r.description == msg::client_mismatch("'hw-2'", "'hw-1'"));
  // The product fields are the lease's.
  CHECK(r.product_name == "orbit");
  CHECK(r.qty_dimension == QtyDimension::kSeats);
  CHECK(r.qty == 1);
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(l.id)})[0]) == RefusalCode::kClientMismatch);
  CHECK(describe_all(s.fx.store.dump()) == before);

  // Without a cliHwId at checkout, a heartbeat that gives one differs too.
  d::Lease bare = s.take(as(s.ada), seat("orbit"));
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(bare.id)}, hardware("hw-1"))[0]) ==
        RefusalCode::kClientMismatch);
  CHECK(s.heartbeat(as(s.ada), {beat(bare.id)})[0].granted());
  CHECK(s.heartbeat(as(s.ada), {beat(l.id)}, hardware("hw-1"))[0].granted());
  CHECK(s.usage(orbit.id).held == 2);
}

TEST_CASE("heartbeats report use, absolute or incremental, never above the pre-allocation",
          "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease l = s.take(as(s.ada), use("credits", 10));
  auto next = [&](HeartbeatItem item) {
    auto out = s.heartbeat(as(s.ada), {item});
    if (out[0].granted()) l = out[0].grant().lease;
    return out[0];
  };
  CHECK(next(beat(l.id, 4)).grant().lease.verified_qty == 4);
  CHECK(next(beat(l.id, 3, true)).grant().lease.verified_qty == 7);
  CHECK(next(beat(l.id, 2)).grant().lease.verified_qty == 2);  // absolute
  CHECK(next(beat(l.id, 8, true)).grant().lease.verified_qty == 10);

  const std::string before = describe_all(s.fx.store.dump());
  LeaseOutcome over = next(beat(l.id, 1, true));
  CHECK(code_of(over) == RefusalCode::kInsufficientQuantity);
  CHECK(over.refusal().description == msg::used_over_pre_alloc("11", "10"));
  CHECK(over.refusal().product_name == "credits");
  CHECK(over.refusal().qty == 10);
  CHECK(code_of(next(beat(l.id, 11))) == RefusalCode::kInsufficientQuantity);
  CHECK(describe_all(s.fx.store.dump()) == before);
  CHECK(s.usage(credits.id).reported == 10);
  CHECK(s.usage(credits.id).held == 10);
}

TEST_CASE("a SEATS heartbeat ignores usedQty", "[store][lease]") {
  Checkout s;
  s.issue("orbit", 1);
  d::Lease l = s.take(as(s.ada), seat("orbit"));
  auto out = s.heartbeat(as(s.ada), {beat(l.id, 50)});
  REQUIRE(out[0].granted());
  CHECK(out[0].grant().lease.verified_qty == 1);
}

// ------------------------------------------------------------------ release

TEST_CASE("a release consumes finalUsedQty and returns the rest", "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease l = s.take(as(s.ada), use("credits", 100));
  auto out = s.release(as(s.ada), {release_of(l.id, 30)});
  REQUIRE(out.size() == 1);
  const ReleaseResult& r = out[0];
  CHECK(r.released);
  CHECK(r.released_lease_id == l.id.str());
  CHECK(r.released_license_id == credits.id);
  CHECK(r.license_consumer_id == s.ada.id);
  CHECK(r.product_name == "credits");
  CHECK(r.qty_dimension == QtyDimension::kUseCount);
  CHECK(r.final_used_qty == 30);
  CHECK(r.remaining_qty == 220);
  CHECK(r.error_code == std::nullopt);
  CHECK(r.error_description == std::nullopt);
  CHECK(s.license(credits.id).consumed_qty == 30);
  CHECK(s.fx.store.counts().leases == 0);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("a release without finalUsedQty consumes all, and one above is capped",
          "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease a = s.take(as(s.ada), use("credits", 40));
  d::Lease b = s.take(as(s.ada), use("credits", 50));
  d::Lease c = s.take(as(s.ada), use("credits", 60));
  auto out = s.release(as(s.ada), {release_of(a.id), release_of(b.id, 500), release_of(c.id, 0)});
  CHECK(out[0].final_used_qty == 40);
  CHECK(out[0].remaining_qty == 250 - 40 - 50 - 60);
  CHECK(out[1].final_used_qty == 50);
  CHECK(out[1].remaining_qty == 250 - 40 - 50 - 60);
  CHECK(out[2].final_used_qty == 0);
  CHECK(out[2].remaining_qty == 250 - 90);
  CHECK(s.license(credits.id).consumed_qty == 90);
}

TEST_CASE("releasing a SEATS lease frees its seat and consumes nothing", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 1);
  d::Lease l = s.take(as(s.ada), seat("orbit"));
  auto out = s.release(as(s.ada), {release_of(l.id, 7)});
  CHECK(out[0].released);
  CHECK(out[0].final_used_qty == 1);
  CHECK(out[0].remaining_qty == 1);
  CHECK(s.license(orbit.id).consumed_qty == 0);
  CHECK(s.take(as(s.dev), seat("orbit")).qty_pre_alloc == 1);
}

TEST_CASE("releasing an unknown, released or another consumer's lease is refused item by item",
          "[store][lease]") {
  Checkout s;
  s.issue("orbit", 3);
  d::Lease mine = s.take(as(s.ada), seat("orbit"));
  d::Lease theirs = s.take(as(s.dev), seat("orbit"));
  ReleaseItem garbage;
  garbage.lease_id = "not-a-lease";
  auto out = s.release(as(s.ada),
                       {release_of(mine.id), release_of(mine.id), release_of(theirs.id), garbage});
  CHECK(out[0].released);
  for (std::size_t i = 1; i < 4; ++i) {
    CHECK_FALSE(out[i].released);
    CHECK(out[i].error_code == RefusalCode::kLeaseNotFound);
    CHECK(out[i].released_license_id == std::nullopt);
    CHECK(out[i].license_consumer_id == std::nullopt);
    CHECK(out[i].product_name == std::nullopt);
    CHECK(out[i].qty_dimension == std::nullopt);
    CHECK(out[i].final_used_qty == std::nullopt);
    CHECK(out[i].remaining_qty == std::nullopt);
  }
  CHECK(out[1].released_lease_id == mine.id.str());
  CHECK(out[3].released_lease_id == "not-a-lease");
  CHECK(out[3].error_description == msg::lease_not_found("not-a-lease"));
  // The other consumer's lease is untouched.
  CHECK(s.heartbeat(as(s.dev), {beat(theirs.id)})[0].granted());
}

// ------------------------------------------------------------------ leases that end

TEST_CASE("a lease that runs out consumes its whole pre-allocation, on the clock",
          "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease l = s.take(as(s.ada), use("credits", 100), {}, lasting(600));
  s.heartbeat(as(s.ada), {beat(l.id, 20)}, {}, lasting(600));
  s.fx.clock->set(kNoon + 600 * kSecond);
  // Reads see it before any write has looked.
  CHECK(s.license(credits.id).consumed_qty == 100);
  CHECK(s.usage(credits.id).remaining == 150);
  CHECK(s.fx.store.counts().leases == 0);
  CHECK(s.fx.store.live_leases().empty());
  const std::string read_first = describe_all(s.fx.store.dump());
  CHECK(read_first.find("consumed=100") != std::string::npos);
  // A write settles it, and every read answers as before.
  s.fx.store.settle_leases();
  CHECK(s.license(credits.id).consumed_qty == 100);
  CHECK(describe_all(s.fx.store.dump()) == read_first);
  CHECK(lease_violations(s.fx.store, kNoon + 600 * kSecond) == "");
  // And the lease is gone for heartbeats and releases.
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(l.id)})[0]) == RefusalCode::kLeaseNotFound);
}

TEST_CASE("a lease settled before the clock moves back stays ended", "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease l = s.take(as(s.ada), use("credits", 100), {}, lasting(600));
  s.fx.clock->set(kNoon + kHour);
  s.fx.store.settle_leases();
  s.fx.clock->set(kNoon);
  CHECK(s.fx.store.counts().leases == 0);
  CHECK(s.license(credits.id).consumed_qty == 100);
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(l.id)})[0]) == RefusalCode::kLeaseNotFound);
}

TEST_CASE("a lease ends no later than its license", "[store][lease]") {
  Checkout s;
  d::LicenseIssue in = feature_license("orbit", 1);
  in.terms.valid_until = kNoon + 600 * kSecond;
  d::License orbit = s.issue(in);
  d::Lease l = s.take(as(s.ada), seat("orbit"));
  CHECK(l.valid_until == kNoon + 600 * kSecond);
  s.fx.clock->set(kNoon + 600 * kSecond);
  CHECK(s.usage(orbit.id).live_leases == 0);
  CHECK(code_of(s.checkout(as(s.ada), {seat("orbit")})[0]) == RefusalCode::kLicenseNotValid);
}

TEST_CASE("revoking a license ends its leases at the revoke time", "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::License orbit = s.issue("orbit", 3);
  d::Lease c = s.take(as(s.ada), use("credits", 100));
  d::Lease o = s.take(as(s.ada), seat("orbit"));

  // In ten minutes: the lease is cut to end then.
  d::LicenseRevoke later;
  later.license_ids = {orbit.id};
  later.valid_until = kNoon + 600 * kSecond;
  must(s.fx.store.revoke_licenses(s.acme.id, later));
  auto live = s.fx.store.live_leases();
  REQUIRE(live.size() == 2);
  for (const auto& b : live)
    if (b.lease.license_id == orbit.id) CHECK(b.lease.valid_until == kNoon + 600 * kSecond);
  auto beat_out = s.heartbeat(as(s.ada), {beat(o.id)});
  REQUIRE(beat_out[0].granted());
  CHECK(beat_out[0].grant().lease.valid_until == kNoon + 600 * kSecond);

  // Now: the lease ends at once and consumes its pre-allocation.
  d::LicenseRevoke now;
  now.license_ids = {credits.id};
  auto views = must(s.fx.store.revoke_licenses(s.acme.id, now));
  CHECK(views[0].license.consumed_qty == 100);
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(c.id)})[0]) == RefusalCode::kLeaseNotFound);
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("editing a license's validity moves its leases' end with it", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 3);
  s.take(as(s.ada), seat("orbit"));
  d::LicenseUpdate u;
  u.valid_from = orbit.valid_from;
  u.valid_until = kNoon + 60 * kSecond;
  must(s.fx.store.update_license(s.acme.id, orbit.id, u));
  REQUIRE(s.fx.store.live_leases().size() == 1);
  CHECK(s.fx.store.live_leases()[0].lease.valid_until == kNoon + 60 * kSecond);

  // Not valid now (it starts tomorrow): its leases end at once.
  u.valid_from = kStart + kDay;
  u.valid_until = std::nullopt;
  must(s.fx.store.update_license(s.acme.id, orbit.id, u));
  CHECK(s.fx.store.counts().leases == 0);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("deleting a license ends its leases at once", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 3);
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  d::Lease o = s.take(as(s.ada), seat("orbit"));
  s.take(as(s.ada), use("credits", 5));
  must(s.fx.store.delete_license(s.acme.id, orbit.id));
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(code_of(s.heartbeat(as(s.ada), {beat(o.id)})[0]) == RefusalCode::kLeaseNotFound);
  CHECK(s.usage(credits.id).held == 5);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("deleting a consumer ends its leases, each consuming its pre-allocation",
          "[store][lease]") {
  Checkout s;
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  s.take(as(s.ada), use("credits", 30));
  s.take(as(s.dev), use("credits", 20));
  must(s.fx.store.delete_consumer(s.ada.id));
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(s.license(credits.id).consumed_qty == 30);
  CHECK(s.usage(credits.id).remaining == 200);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("deleting a container, a licensee or a key consumer ends the leases of its licenses",
          "[store][lease]") {
  Checkout s;
  Licensee beta = must(s.fx.store.setup_organization(named("Beta")));
  must(s.fx.store.associate(beta.id, s.ada.id));
  LicenseContainer lab = must(s.fx.store.create_container(s.acme.id, container_named("lab")));
  must(s.fx.store.grant(s.acme.id, ContainerRef::Of(lab.id), s.ada.id));
  s.issue(into(feature_license("lab-tool", 2), lab.id));
  must(s.fx.store.issue_license(beta.id, feature_license("beta-tool", 2)));
  s.issue(with_key(feature_license("keyed", 2), test_key(1)));
  s.issue("orbit", 2);
  s.take(as(s.ada), seat("lab-tool"));
  s.take(as(s.ada), seat("beta-tool"));
  s.take(Asker::Key(test_key(1)), seat("keyed"));
  s.take(as(s.ada), seat("orbit"));
  REQUIRE(s.fx.store.counts().leases == 4);

  must(s.fx.store.delete_container(s.acme.id, ContainerRef::Of(lab.id)));
  CHECK(s.fx.store.counts().leases == 3);
  must(s.fx.store.delete_licensee(beta.id));
  CHECK(s.fx.store.counts().leases == 2);
  must(s.fx.store.delete_consumer(key_consumers(s.fx.store, test_key(1)).at(0).id));
  CHECK(s.fx.store.counts().leases == 1);
  CHECK(s.fx.store.live_leases().at(0).license.license.product_name == "orbit");
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("ending all leases frees the seats and consumes the pre-allocations", "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 2);
  d::License credits = s.issue("credits", 250, QtyDimension::kUseCount);
  s.take(as(s.ada), seat("orbit"));
  s.take(as(s.dev), seat("orbit"));
  s.take(as(s.ada), use("credits", 70));
  CHECK(s.fx.store.end_all_leases() == 3);
  CHECK(s.fx.store.counts().leases == 0);
  CHECK(s.usage(orbit.id).remaining == 2);
  CHECK(s.license(credits.id).consumed_qty == 70);
  CHECK(s.fx.store.end_all_leases() == 0);
}

TEST_CASE("the admin list shows live leases with license, consumer and claims, oldest first",
          "[store][lease]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 3);
  s.take(as(s.ada), seat("orbit"), hardware("a"), lasting(60));
  s.fx.clock->advance(kSecond);
  s.take(as(s.dev), seat("orbit"), hardware("b"));
  auto live = s.fx.store.live_leases();
  REQUIRE(live.size() == 2);
  CHECK(live[0].consumer.id == s.ada.id);
  CHECK(live[0].lease.claims.hw_id == "a");
  CHECK(live[0].license.license.id == orbit.id);
  CHECK(live[0].license.container.id == s.box.id);
  CHECK(live[1].consumer.id == s.dev.id);
  s.fx.clock->set(kNoon + 60 * kSecond);
  REQUIRE(s.fx.store.live_leases().size() == 1);
  CHECK(s.fx.store.live_leases()[0].consumer.id == s.dev.id);
}

// ------------------------------------------------------------------ metered use

TEST_CASE("metered calls use METERED licenses, and enforced calls ENFORCED ones",
          "[store][lease]") {
  Checkout s;
  s.issue("gauge", 100, QtyDimension::kUseTime, QtyEnforcementType::kMetered);
  CHECK(code_of(s.checkout(as(s.ada), {use("gauge", 10, QtyDimension::kUseTime)})[0]) ==
        RefusalCode::kLicenseNotFound);
  d::Lease l =
      s.take(as(s.ada), use("gauge", 10, QtyDimension::kUseTime), {}, {}, UseMode::kMetered);
  // A metered lease is not the enforced calls' to renew or end.
  auto out = s.heartbeat(as(s.ada), {beat(l.id)});
  CHECK(code_of(out[0]) == RefusalCode::kLeaseNotFound);
  CHECK(out[0].refusal().description == msg::lease_of_other_mode(l.id.str(), "METERED"));
  CHECK(s.release(as(s.ada), {release_of(l.id)})[0].error_code == RefusalCode::kLeaseNotFound);
  CHECK(s.heartbeat(as(s.ada), {beat(l.id, 4)}, {}, {}, UseMode::kMetered)[0].granted());
}

TEST_CASE("a metered license without limit is never used up, and its use is kept",
          "[store][lease]") {
  Checkout s;
  d::License gauge = s.issue("gauge", -1, QtyDimension::kUseTime, QtyEnforcementType::kMetered);
  d::Lease a =
      s.take(as(s.ada), use("gauge", 1000000, QtyDimension::kUseTime), {}, {}, UseMode::kMetered);
  d::Lease b =
      s.take(as(s.dev), use("gauge", 5000000, QtyDimension::kUseTime), {}, {}, UseMode::kMetered);
  auto beat_out = s.heartbeat(as(s.ada), {beat(a.id, 120)}, {}, {}, UseMode::kMetered);
  REQUIRE(beat_out[0].granted());
  CHECK(beat_out[0].grant().lease.verified_qty == 120);
  CHECK(s.usage(gauge.id).reported == 120);
  CHECK(s.usage(gauge.id).remaining == -1);
  auto out = s.release(as(s.dev), {release_of(b.id, 300)}, UseMode::kMetered);
  CHECK(out[0].final_used_qty == 300);
  CHECK(out[0].remaining_qty == -1);
  CHECK(s.license(gauge.id).consumed_qty == 300);
  CHECK(s.usage(gauge.id).reported == 420);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("a metered license with a limit refuses use past its qty", "[store][lease]") {
  Checkout s;
  d::License gauge = s.issue("gauge", 100, QtyDimension::kUseCount, QtyEnforcementType::kMetered);
  d::Lease a = s.take(as(s.ada), use("gauge", 60), {}, {}, UseMode::kMetered);
  CHECK(code_of(s.checkout(as(s.ada), {use("gauge", 41)}, {}, {}, UseMode::kMetered)[0]) ==
        RefusalCode::kInsufficientQuantity);
  s.release(as(s.ada), {release_of(a.id, 20)}, UseMode::kMetered);
  CHECK(s.take(as(s.ada), use("gauge", 80), {}, {}, UseMode::kMetered).qty_pre_alloc == 80);
  CHECK(s.usage(gauge.id).remaining == 0);
}
