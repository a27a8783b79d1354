// The describe calls of the License Checkout API (contract section 11.4).

#include "lease_fixture.hpp"

using namespace scale::testing;

namespace {

std::vector<std::string> products_of(const d::PageOf<d::LicenseView>& page) {
  std::vector<std::string> out;
  for (const auto& v : page.items) out.push_back(v.license.product_name);
  return out;
}

std::vector<std::int64_t> binding_ids(const d::ClientBindings& b) {
  std::vector<std::int64_t> out;
  for (const auto& x : b.bindings) out.push_back(x.lease.binding_id);
  return out;
}

d::DescribePage page_of(std::size_t offset, std::size_t limit, bool ascending = false) {
  return {offset, limit, ascending};
}

}  // namespace

// ------------------------------------------------------------------ licenses

TEST_CASE("a consumer's licenses are those it may use, newest first, five to a page",
          "[store][describe]") {
  Checkout s;
  for (int i = 0; i < 7; ++i) {
    s.issue("p" + std::to_string(i), 1);
    s.fx.clock->advance(kSecond);
  }
  s.issue(with_key(feature_license("keyed", 1), test_key(1)));
  LicenseContainer lab = must(s.fx.store.create_container(s.acme.id, container_named("lab")));
  s.issue(into(feature_license("lab-tool", 1), lab.id));
  auto& st = s.fx.store;

  auto first = must(st.usable_licenses(as(s.ada), std::nullopt, {}, {}));
  CHECK(first.total == 7);
  CHECK(products_of(first) == std::vector<std::string>{"p6", "p5", "p4", "p3", "p2"});
  auto rest = must(st.usable_licenses(as(s.ada), s.acme.id, {}, page_of(5, 5)));
  CHECK(products_of(rest) == std::vector<std::string>{"p1", "p0"});
  auto ascending = must(st.usable_licenses(as(s.ada), s.acme.id, {}, page_of(0, 2, true)));
  CHECK(products_of(ascending) == std::vector<std::string>{"p0", "p1"});
  // The key's license only through the key; the lab only with access.
  auto keyed = must(st.usable_licenses(Asker::Key(test_key(1)), std::nullopt, {}, {}));
  CHECK(products_of(keyed) == std::vector<std::string>{"keyed"});
  CHECK(must(st.usable_licenses(as(s.eve), std::nullopt, {}, {})).total == 0);
}

TEST_CASE("a consumer's licenses include invalid ones and count ended leases as consumed",
          "[store][describe]") {
  Checkout s;
  d::LicenseIssue expired = feature_license("old", 1);
  expired.terms.valid_from = kStart - 10 * kDay;
  expired.terms.valid_until = kStart - kDay;
  s.issue(expired);
  s.fx.clock->advance(kSecond);
  s.issue("credits", 50, QtyDimension::kUseCount);
  s.take(as(s.ada), use("credits", 20), {}, lasting(60));
  s.fx.clock->advance(60 * kSecond);
  auto page = must(s.fx.store.usable_licenses(as(s.ada), std::nullopt, {}, page_of(0, 10, true)));
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].license.product_name == "old");
  CHECK(page.items[1].license.consumed_qty == 20);
}

TEST_CASE("the licenses filter by field and value, ignoring case", "[store][describe]") {
  Checkout s;
  s.issue("orbit", 1);
  s.issue("credits", 5, QtyDimension::kUseCount);
  auto& st = s.fx.store;
  d::LicenseFieldFilter f;
  f.value = "ORBIT";
  CHECK(products_of(must(st.usable_licenses(as(s.ada), std::nullopt, f, {}))) ==
        std::vector<std::string>{"orbit"});
  f.field = "qtyDimension";
  f.value = "use_count";
  CHECK(products_of(must(st.usable_licenses(as(s.ada), std::nullopt, f, {}))) ==
        std::vector<std::string>{"credits"});

  f.field = "features";
  auto err = must_fail(st.usable_licenses(as(s.ada), std::nullopt, f, {}));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kFilterField);
  CHECK(err.reason == msg::filter_field_unknown("features"));
  f.field = "productName";
  f.value.reset();
  err = must_fail(st.usable_licenses(as(s.ada), std::nullopt, f, {}));
  CHECK(err.field == fld::kFilterValue);
  err = must_fail(st.usable_licenses(as(s.ada), unknown_id(), {}, {}));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("licensee", unknown_id().str()));
}

TEST_CASE("a consumer's licensees are those it is associated with", "[store][describe]") {
  Checkout s;
  s.fx.clock->advance(kSecond);
  Licensee beta = must(s.fx.store.setup_organization(named("Beta")));
  must(s.fx.store.associate(beta.id, s.ada.id));
  auto page = must(s.fx.store.consumer_licensees(as(s.ada), page_of(0, 5, true)));
  CHECK(ids_of(page.items) == std::vector<Uuid>{s.acme.id, beta.id});
  CHECK(ids_of(must(s.fx.store.consumer_licensees(as(s.ada), {})).items) ==
        std::vector<Uuid>{beta.id, s.acme.id});
  CHECK(must(s.fx.store.consumer_licensees(as(s.eve), {})).total == 0);
}

// ------------------------------------------------------------------ feature flags

TEST_CASE("feature flags are the features of the valid licenses per product", "[store][describe]") {
  Checkout s;
  d::LicenseIssue more = feature_license("orbit", 1);
  more.terms.features = std::vector<std::string>{"beta", "gamma"};
  s.issue("orbit", 1);
  s.fx.clock->advance(kSecond);
  s.issue(more);
  d::LicenseIssue expired = feature_license("archive", 1);
  expired.terms.valid_from = kStart - 10 * kDay;
  expired.terms.valid_until = kStart - kDay;
  s.issue(expired);
  s.issue("gauge", -1, QtyDimension::kUseTime, QtyEnforcementType::kMetered);
  s.issue(with_key(feature_license("keyed", 1), test_key(1)));

  auto flags = must(s.fx.store.feature_flags(as(s.ada), std::nullopt, std::nullopt));
  CHECK(flags == std::vector<d::FeatureFlag>{{"gauge", {"alpha", "beta"}},
                                             {"orbit", {"alpha", "beta", "gamma"}}});
  CHECK(must(s.fx.store.feature_flags(as(s.ada), s.acme.id, std::string("OrBiT"))) ==
        std::vector<d::FeatureFlag>{{"orbit", {"alpha", "beta", "gamma"}}});
  CHECK(must(s.fx.store.feature_flags(as(s.ada), std::nullopt, std::string("orb"))).empty());
  CHECK(must(s.fx.store.feature_flags(Asker::Key(test_key(1)), std::nullopt, std::nullopt)) ==
        std::vector<d::FeatureFlag>{{"keyed", {"alpha", "beta"}}});
}

// ------------------------------------------------------------------ client bindings

TEST_CASE("a consumer's client bindings are its live leases, newest first", "[store][describe]") {
  Checkout s;
  s.issue("orbit", 10);
  s.issue("credits", 100, QtyDimension::kUseCount);
  d::Lease a = s.take(as(s.ada), seat("orbit"), hardware("a"));
  s.fx.clock->advance(kSecond);
  s.take(as(s.dev), seat("orbit"));
  d::Lease c = s.take(as(s.ada), use("credits", 5));
  auto b = must(s.fx.store.consumer_bindings(as(s.ada), std::nullopt, {}));
  CHECK(binding_ids(b) == std::vector<std::int64_t>{c.binding_id, a.binding_id});
  CHECK(b.all_included);
  CHECK(b.bindings[1].lease.claims.hw_id == "a");
  CHECK(b.bindings[1].consumer.id == s.ada.id);
  CHECK(b.bindings[1].license.container.id == s.box.id);
  // A heartbeat keeps the binding, with its new lease id.
  auto beat_out = s.heartbeat(as(s.ada), {beat(a.id)}, hardware("a"));
  b = must(s.fx.store.consumer_bindings(as(s.ada), std::nullopt, {}));
  CHECK(b.bindings[1].lease.binding_id == a.binding_id);
  CHECK(b.bindings[1].lease.id == beat_out[0].grant().lease.id);
  // Released and ended leases are no bindings.
  s.release(as(s.ada), {release_of(c.id)});
  CHECK(binding_ids(must(s.fx.store.consumer_bindings(as(s.ada), std::nullopt, {}))) ==
        std::vector<std::int64_t>{a.binding_id});
  s.fx.clock->advance(2 * kHour);
  CHECK(must(s.fx.store.consumer_bindings(as(s.ada), std::nullopt, {})).bindings.empty());
}

TEST_CASE("client bindings list at most five per license, and say when some are left out",
          "[store][describe]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 10);
  s.issue("credits", 100, QtyDimension::kUseCount);
  for (int i = 0; i < 7; ++i) {
    s.take(as(s.ada), seat("orbit"));
    s.fx.clock->advance(kSecond);
  }
  s.take(as(s.ada), use("credits", 1));
  auto& st = s.fx.store;
  auto b = must(st.consumer_bindings(as(s.ada), std::nullopt, page_of(0, 100)));
  // The newest five of orbit (bindings 3 to 7) and the one of credits (binding 8).
  CHECK(binding_ids(b) == std::vector<std::int64_t>{8, 7, 6, 5, 4, 3});
  CHECK_FALSE(b.all_included);
  auto oldest = must(st.license_bindings(as(s.ada), std::nullopt, orbit.id, page_of(0, 100, true)));
  CHECK(binding_ids(oldest) == std::vector<std::int64_t>{1, 2, 3, 4, 5});
  CHECK_FALSE(oldest.all_included);
  // A page that leaves some out says so too.
  auto page = must(st.consumer_bindings(as(s.ada), s.acme.id, page_of(1, 2)));
  CHECK(binding_ids(page) == std::vector<std::int64_t>{7, 6});
  CHECK_FALSE(page.all_included);
  s.release(as(s.ada), {release_of(must(st.find_binding(1, std::nullopt)).bindings[0].lease.id),
                        release_of(must(st.find_binding(2, std::nullopt)).bindings[0].lease.id)});
  auto whole = must(st.license_bindings(as(s.ada), s.acme.id, orbit.id, page_of(0, 5)));
  CHECK(binding_ids(whole) == std::vector<std::int64_t>{7, 6, 5, 4, 3});
  CHECK(whole.all_included);
}

TEST_CASE("a license's client bindings are every consumer's, for those who may use it",
          "[store][describe]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 10);
  d::License keyed = s.issue(with_key(feature_license("keyed", 3), test_key(1)));
  s.take(as(s.ada), seat("orbit"));
  s.take(as(s.dev), seat("orbit"));
  s.take(Asker::Key(test_key(1)), seat("keyed"));
  auto& st = s.fx.store;
  CHECK(must(st.license_bindings(as(s.ada), std::nullopt, orbit.id, {})).bindings.size() == 2);

  auto err = must_fail(st.license_bindings(as(s.eve), std::nullopt, orbit.id, {}));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::license_not_usable(orbit.id.str(), s.eve.id.str()));
  err = must_fail(st.license_bindings(as(s.ada), std::nullopt, keyed.id, {}));
  CHECK(err.kind == ErrorKind::kNotFound);
  err = must_fail(st.license_bindings(as(s.ada), std::nullopt, std::nullopt, {}));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kLicenseId);

  // By key: its license, named or not; another license is not the key's.
  const Asker key = Asker::Key(test_key(1));
  CHECK(must(st.license_bindings(key, std::nullopt, std::nullopt, {})).bindings.size() == 1);
  CHECK(must(st.license_bindings(key, std::nullopt, keyed.id, {})).bindings.size() == 1);
  err = must_fail(st.license_bindings(key, std::nullopt, orbit.id, {}));
  CHECK(err.reason == msg::license_not_of_key(orbit.id.str(), test_key(1)));
  Licensee beta = must(st.setup_organization(named("Beta")));
  err = must_fail(st.license_bindings(as(s.ada), beta.id, orbit.id, {}));
  CHECK(err.reason == msg::license_not_of_licensee(orbit.id.str(), beta.id.str()));
}

TEST_CASE("a client binding is found by its id while its lease lives", "[store][describe]") {
  Checkout s;
  s.issue("orbit", 10);
  d::Lease l = s.take(as(s.ada), seat("orbit"), {}, lasting(60));
  auto& st = s.fx.store;
  auto found = must(st.find_binding(l.binding_id, s.acme.id));
  REQUIRE(found.bindings.size() == 1);
  CHECK(found.bindings[0].lease == l);
  CHECK(found.all_included);
  Licensee beta = must(st.setup_organization(named("Beta")));
  auto err = must_fail(st.find_binding(l.binding_id, beta.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::binding_not_found(std::to_string(l.binding_id)));
  CHECK(must_fail(st.find_binding(99, std::nullopt)).kind == ErrorKind::kNotFound);
  s.fx.clock->advance(60 * kSecond);
  CHECK(must_fail(st.find_binding(l.binding_id, std::nullopt)).kind == ErrorKind::kNotFound);
}
