#include "license_fixture.hpp"

using namespace scale::testing;

namespace {

// 2026-01-01T13:30:00.000Z: in the middle of the day that starts at kStart.
constexpr Timestamp kAfternoon = kStart + 13 * 3600000 + 1800000;

// A store with the test catalogue, its clock in the afternoon of kStart's day.
struct Licensing {
  Licensing() {
    must(fx.store.merge(catalogue_document()));
    fx.clock->set(kAfternoon);
  }
  Licensee org(std::string name = "Acme") {
    return must(fx.store.setup_organization(named(std::move(name))));
  }
  LicenseContainer default_of(const Uuid& licensee) {
    return must(fx.store.get_container(licensee, ContainerRef::Default()));
  }
  d::LicenseView issue(const Uuid& licensee, const d::LicenseIssue& in) {
    return must(fx.store.issue_license(licensee, in));
  }
  d::License get(const Uuid& licensee, const Uuid& id) {
    return must(fx.store.get_license(licensee, id)).license;
  }

  StoreFixture fx;
  CatalogueIds cat;
};

d::LicenseUpdate keep_validity(const d::License& l) {
  d::LicenseUpdate u;
  u.valid_from = l.valid_from;
  u.valid_until = l.valid_until;
  u.display_name = l.display_name;
  return u;
}

// An ORGANIZATION licensee record with its given id and the given id of its default container.
d::LicenseeRecord organization_record(const Uuid& id, const Uuid& box_id, std::string name) {
  d::LicenseeRecord lic;
  lic.id = id;
  lic.type = LicenseeType::kOrganization;
  lic.fields.name = name;
  lic.fields.natural_id = std::move(name);
  d::ContainerRecord box;
  box.id = box_id;
  box.used_as_default = true;
  lic.containers.push_back(box);
  return lic;
}

d::LicenseRevoke revoking(std::vector<Uuid> ids, std::optional<Timestamp> until = std::nullopt) {
  d::LicenseRevoke r;
  r.license_ids = std::move(ids);
  r.valid_until = until;
  return r;
}

}  // namespace

// ------------------------------------------------------------------ issue

TEST_CASE("a feature license goes into the default container with the terms given",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  auto in = feature_license("orbit", 3);
  in.terms.display_name = "Orbit for the lab";
  in.terms.allowed_version_lower_bound = "1.0";
  in.terms.allowed_version_upper_bound = "2.9";
  in.terms.allowed_versions_display_name = "1.x to 2.x";
  in.terms.references.order_reference = "order-77";
  d::LicenseView v = s.issue(acme.id, in);
  const d::License& l = v.license;

  CHECK(l.licensee_id == acme.id);
  CHECK(l.container_id == s.default_of(acme.id).id);
  CHECK(l.product_config_id == std::nullopt);
  CHECK(l.product_name == "orbit");
  CHECK(l.display_name == "Orbit for the lab");
  CHECK(l.qty == 3);
  CHECK(l.qty_dimension == QtyDimension::kSeats);
  CHECK(l.qty_enforcement_type == QtyEnforcementType::kEnforced);
  CHECK(l.valid_from == kStart);  // the start of the current UTC day
  CHECK(l.valid_until == std::nullopt);
  CHECK(feature_names(l) == std::vector<std::string>{"alpha", "beta"});
  for (const auto& f : l.features) {
    CHECK(f.created == kAfternoon);
    CHECK(f.modified == kAfternoon);
  }
  CHECK(l.features[0].id != l.features[1].id);
  CHECK(l.license_key == std::nullopt);
  CHECK(l.allowed_version_lower_bound == "1.0");
  CHECK(l.allowed_version_upper_bound == "2.9");
  CHECK(l.allowed_versions_display_name == "1.x to 2.x");
  // The built-in model of a feature license: one device per seat.
  CHECK(l.concurrent_user_devices_per_seat == 1);
  CHECK(l.concurrent_user_app_instances_per_seat == std::nullopt);
  CHECK(l.references.order_reference == "order-77");
  CHECK(l.references.contract_reference == std::nullopt);
  CHECK(l.consumed_qty == 0);
  CHECK(l.created == kAfternoon);
  CHECK(l.modified == kAfternoon);

  // Its metadata: the container, and no model or configuration.
  CHECK(v.container == s.default_of(acme.id));
  CHECK(v.model == std::nullopt);
  CHECK(v.configuration == std::nullopt);
  CHECK(v.product == std::nullopt);

  CHECK(must(s.fx.store.get_license(acme.id, l.id)) == v);
  CHECK(s.fx.store.counts().licenses == 1);
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("a product license takes its terms from the configuration and its model",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::LicenseView v = s.issue(acme.id, product_license(s.cat.pro));
  const d::License& l = v.license;
  CHECK(l.product_config_id == s.cat.pro);
  CHECK(l.product_name == "atlas");
  CHECK(l.qty == 8);
  CHECK(l.qty_dimension == QtyDimension::kSeats);
  CHECK(l.qty_enforcement_type == QtyEnforcementType::kEnforced);
  CHECK(feature_names(l) == std::vector<std::string>{"sketch", "publish"});
  CHECK(l.valid_from == kStart);
  CHECK(l.valid_until == kStart + 45 * kDay);  // validityDays 45
  CHECK(l.concurrent_user_app_instances_per_seat == 2);
  CHECK(l.concurrent_user_devices_per_seat == 3);

  // The metadata view, in the same call: container, configuration, its product and model.
  CHECK(v.container.id == s.default_of(acme.id).id);
  REQUIRE(v.configuration.has_value());
  CHECK(v.configuration->id == s.cat.pro);
  CHECK(v.configuration->name == "atlas-pro");
  CHECK(v.configuration->display_name == "Atlas Pro");
  REQUIRE(v.product.has_value());
  CHECK(v.product->id == s.cat.atlas);
  CHECK(v.product->display_name == "Atlas Studio");
  REQUIRE(v.model.has_value());
  CHECK(v.model->id == s.cat.named);
  CHECK(v.model->name == "named-user");

  // A configuration without validityDays issues perpetual licenses.
  d::License credits = s.issue(acme.id, product_license(s.cat.credits)).license;
  CHECK(credits.qty == 250);
  CHECK(credits.qty_dimension == QtyDimension::kUseCount);
  CHECK(credits.valid_until == std::nullopt);
  CHECK(credits.concurrent_user_devices_per_seat == std::nullopt);
  d::License metered = s.issue(acme.id, product_license(s.cat.meter)).license;
  CHECK(metered.qty == -1);
  CHECK(metered.qty_enforcement_type == QtyEnforcementType::kMetered);
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("a product license's qty, validFrom and validUntil may be given", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  auto in = product_license(s.cat.pro);
  in.terms.qty = 2;
  in.terms.valid_from = kStart + 60 * kDay;
  d::License l = s.issue(acme.id, in).license;
  CHECK(l.qty == 2);
  CHECK(l.valid_from == kStart + 60 * kDay);
  CHECK(l.valid_until == kStart + 105 * kDay);  // validityDays after the given validFrom

  in.terms.valid_until = kStart + 61 * kDay;
  CHECK(s.issue(acme.id, in).license.valid_until == kStart + 61 * kDay);
  // Terms equal to the configuration's may be repeated.
  in.terms.product_name = "atlas";
  in.terms.qty_dimension = QtyDimension::kSeats;
  in.terms.qty_enforcement_type = QtyEnforcementType::kEnforced;
  in.terms.features = std::vector<std::string>{"publish", "sketch"};
  CHECK(s.fx.store.issue_license(acme.id, in).ok());
}

TEST_CASE("an issue that breaks a rule is refused naming the field, and creates nothing",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  const std::string before = describe(s.fx.store.dump());
  d::LicenseIssue in;
  std::string field, reason;
  SECTION("a product license with another dimension than its configuration's") {
    in = product_license(s.cat.pro);
    in.terms.qty_dimension = QtyDimension::kUseCount;
    field = fld::kQtyDimension;
    reason = msg::differs_from_configuration("USE_COUNT", "SEATS");
  }
  SECTION("a product license with another product name") {
    in = product_license(s.cat.pro);
    in.terms.product_name = "beacon";
    field = fld::kProductName;
    reason = msg::differs_from_configuration("beacon", "atlas");
  }
  SECTION("a product license with other features") {
    in = product_license(s.cat.credits);
    in.terms.features = std::vector<std::string>{"sketch", "publish"};
    field = fld::kFeatures;
  }
  SECTION("qty -1 over an ENFORCED configuration") {
    in = product_license(s.cat.pro);
    in.terms.qty = -1;
    field = fld::kQty;
    reason = msg::qty_unlimited_needs_metered();
  }
  SECTION("a SEATS feature license with 1001 seats") {
    in = feature_license("orbit", 1001);
    field = fld::kQty;
    reason = msg::qty_seats("1001");
  }
  SECTION("a SEATS feature license with 0 seats") {
    in = feature_license("orbit", 0);
    field = fld::kQty;
    reason = msg::qty_seats("0");
  }
  SECTION("a USE_COUNT feature license with qty 0") {
    in = feature_license("orbit", 0);
    in.terms.qty_dimension = QtyDimension::kUseCount;
    field = fld::kQty;
    reason = msg::qty_use("0", "USE_COUNT");
  }
  SECTION("a feature license without qtyEnforcementType") {
    in = feature_license();
    in.terms.qty_enforcement_type.reset();
    field = fld::kQtyEnforcementType;
    reason = msg::required_for_feature_license();
  }
  SECTION("validUntil at validFrom") {
    in = feature_license();
    in.terms.valid_from = kStart + kDay;
    in.terms.valid_until = kStart + kDay;
    field = fld::kValidUntil;
  }
  SECTION("a malformed license key") {
    in = with_key(feature_license(), "TOO-SHORT");
    field = fld::kLicenseKey;
    reason = msg::bad_license_key("TOO-SHORT");
  }
  SECTION("a license key and generateLicenseKey together") {
    in = with_key(feature_license(), test_key(1));
    in.generate_license_key = true;
    field = fld::kGenerateLicenseKey;
    reason = msg::key_given_and_generated();
  }
  SECTION("an upper version bound below the lower one") {
    in = feature_license();
    in.terms.allowed_version_lower_bound = "2.10";
    in.terms.allowed_version_upper_bound = "2.9";
    field = fld::kAllowedVersionUpperBound;
  }
  SECTION("a displayName over 255 characters") {
    in = feature_license();
    in.terms.display_name = std::string(256, 'd');
    field = fld::kDisplayName;
    reason = msg::too_long(255);
  }
  auto err = must_fail(s.fx.store.issue_license(acme.id, in));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == field);
  if (!reason.empty()) CHECK(err.reason == reason);
  CHECK(describe(s.fx.store.dump()) == before);
  CHECK(s.fx.store.counts().licenses == 0);
}

TEST_CASE("an unknown licensee, configuration or another licensee's container is not found",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  LicenseContainer theirs = must(s.fx.store.create_container(other.id, container_named("b")));
  const std::string before = describe(s.fx.store.dump());

  auto err = must_fail(s.fx.store.issue_license(acme.id, into(feature_license(), theirs.id)));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::container_not_of_licensee(theirs.id.str(), acme.id.str()));

  err = must_fail(s.fx.store.issue_license(acme.id, product_license(unknown_id())));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("product configuration", unknown_id().str()));

  err = must_fail(s.fx.store.issue_license(unknown_id(), feature_license()));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("licensee", unknown_id().str()));
  CHECK(describe(s.fx.store.dump()) == before);
}

TEST_CASE("a license goes into the container given", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  LicenseContainer lab = must(s.fx.store.create_container(acme.id, container_named("lab")));
  d::LicenseView v = s.issue(acme.id, into(feature_license(), lab.id));
  CHECK(v.license.container_id == lab.id);
  CHECK(v.container == lab);
}

// ------------------------------------------------------------------ keys

TEST_CASE("a key license creates its LICENSE_KEY consumer, never associated nor granted",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  const std::size_t consumers_before = s.fx.store.counts().consumers;
  const std::string key = test_key(1);
  d::License l = s.issue(acme.id, with_key(product_license(s.cat.pro), key)).license;
  REQUIRE(l.license_key.has_value());
  CHECK(l.license_key->key == key);
  CHECK(l.license_key->allowed_activations == std::nullopt);
  CHECK(l.license_key->created == kAfternoon);
  CHECK(l.license_key->id != l.id);

  auto found = key_consumers(s.fx.store, key);
  REQUIRE(found.size() == 1);
  const LicenseConsumer& con = found[0];
  CHECK(con.type == ConsumerType::kLicenseKey);
  CHECK(con.name == key);
  CHECK_FALSE(con.natural_id.empty());
  CHECK(con.connected_identity_id == std::nullopt);
  CHECK(con.email == std::nullopt);
  CHECK(con.created == kAfternoon);
  CHECK(s.fx.store.counts().consumers == consumers_before + 1);
  CHECK(associated(s.fx.store, acme.id).empty());
  CHECK(with_access(s.fx.store, acme.id, ContainerRef::Default()).empty());
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("a generated key is a UUID string from the id generator, repeated by the same seed",
          "[store][license]") {
  auto generated = [](std::uint64_t seed) {
    Licensing s;
    s.fx.ids->reseed(seed);
    Licensee acme = s.org();
    auto in = feature_license();
    in.generate_license_key = true;
    d::License l = s.issue(acme.id, in).license;
    REQUIRE(l.license_key.has_value());
    CHECK(key_consumers(s.fx.store, l.license_key->key).size() == 1);
    CHECK(license_violations(s.fx.store) == "");
    return l.license_key->key;
  };
  const std::string key = generated(7);
  CHECK(key.size() == 36);  // a UUID string: 16 to 64 of A-Z a-z 0-9 - _
  CHECK(Uuid::parse(key).has_value());
  CHECK(generated(7) == key);
  CHECK(generated(8) != key);
}

TEST_CASE("a key already used is a conflict naming licenseKey, and creates nothing",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  const std::string key = test_key(1);
  d::License first = s.issue(acme.id, with_key(feature_license(), key)).license;
  const std::string before = describe(s.fx.store.dump());

  for (const Uuid& licensee : {acme.id, other.id}) {
    auto err = must_fail(s.fx.store.issue_license(licensee, with_key(feature_license("x"), key)));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == fld::kLicenseKey);
    CHECK(err.reason == msg::already_used(key, "license " + first.id.str()));
  }
  CHECK(describe(s.fx.store.dump()) == before);

  // Once its license is deleted, the key is free again.
  must(s.fx.store.delete_license(acme.id, first.id));
  CHECK(s.fx.store.issue_license(other.id, with_key(feature_license(), key)).ok());
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("a key that names a LICENSE_KEY consumer from a fixture is a conflict",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  const std::string key = test_key(5);
  d::StateDocument loose;
  d::ConsumerRecord rec;
  rec.type = ConsumerType::kLicenseKey;
  rec.fields.name = key;
  loose.consumers.push_back(rec);
  must(s.fx.store.merge(loose));
  const LicenseConsumer con = key_consumers(s.fx.store, key).at(0);

  auto err = must_fail(s.fx.store.issue_license(acme.id, with_key(feature_license(), key)));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == fld::kLicenseKey);
  CHECK(err.reason == msg::already_used(key, "license consumer " + con.id.str()));
  CHECK(s.fx.store.counts().licenses == 0);
  CHECK(key_consumers(s.fx.store, key).size() == 1);
}

TEST_CASE("a license's ids, its features' and its key's never repeat another record's",
          "[store][license]") {
  // The ids the generator will give next, learnt from a twin generator.
  d::SeededIdGenerator twin(77);
  std::vector<Uuid> upcoming;
  for (int i = 0; i < 12; ++i) upcoming.push_back(twin.next());

  // A state that already uses those ids, loaded without drawing any.
  StoreFixture fx(77);
  d::StateDocument doc = catalogue_document();
  doc.licensees.push_back(organization_record(upcoming[0], upcoming[1], "acme"));
  for (int i = 2; i < 12; ++i) {
    d::ConsumerRecord c;
    c.id = upcoming[static_cast<std::size_t>(i)];
    c.type = ConsumerType::kDevice;
    c.fields.name = "taken";
    c.fields.natural_id = "n" + std::to_string(i);
    doc.consumers.push_back(c);
  }
  must(fx.store.replace(doc));

  auto in = product_license(CatalogueIds{}.pro);
  in.generate_license_key = true;
  d::License l = must(fx.store.issue_license(upcoming[0], in)).license;
  std::set<Uuid> fresh = {l.id, l.features.at(0).id, l.features.at(1).id, l.license_key->id,
                          key_consumers(fx.store, l.license_key->key).at(0).id};
  CHECK(fresh.size() == 5);
  for (const Uuid& id : fresh)
    CHECK(std::find(upcoming.begin(), upcoming.end(), id) == upcoming.end());
}

TEST_CASE("a given id is free for the generator again once its record is deleted",
          "[store][license]") {
  Licensing s;
  // The ids seed 5 draws, learnt from a twin generator.
  d::SeededIdGenerator twin(5);
  std::vector<Uuid> drawn;
  for (int i = 0; i < 8; ++i) drawn.push_back(twin.next());
  // A customer with a naturalId draws two ids: its own and its default container's.
  auto customer = [&s](std::string name) {
    d::LicenseeSetup in = named(name);
    in.fields.natural_id = name;
    return must(s.fx.store.setup_organization(in));
  };
  s.fx.ids->reseed(5);
  REQUIRE(customer("first").id == drawn[0]);

  // A customer whose ids the sequence will draw next, given in a document, with a key license.
  d::StateDocument doc;
  doc.licensees.push_back(organization_record(drawn[2], drawn[3], "given"));
  must(s.fx.store.merge(doc));
  auto keyed = s.issue(drawn[2], with_key(product_license(s.cat.pro), test_key(1)));
  CHECK(keyed.license.id != drawn[2]);  // the sequence skipped the given ids
  CHECK(keyed.license.id != drawn[3]);
  CHECK(s.fx.store.id_problems().empty());

  // Deleting the customer deletes its container and license: their ids stop being foreign...
  must(s.fx.store.delete_licensee(drawn[2]));
  CHECK(s.fx.store.id_problems().empty());
  // ...so, drawn again after a reseed to the same place, they are free.
  s.fx.ids->reseed(5);
  for (int i = 0; i < 2; ++i) (void)s.fx.ids->next();
  CHECK(customer("next").id == drawn[2]);
  CHECK(s.fx.store.id_problems().empty());
}

// ------------------------------------------------------------------ list and get

TEST_CASE("a licensee's licenses list in created-then-id order, paged, with the total",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  std::vector<Uuid> issued;
  for (int i = 0; i < 5; ++i) {
    issued.push_back(s.issue(acme.id, feature_license("p" + std::to_string(i))).license.id);
    if (i % 2) s.fx.clock->advance(1000);  // two at a time share a created instant
  }
  s.issue(other.id, feature_license());

  std::vector<std::pair<Timestamp, Uuid>> order;
  for (const auto& id : issued) order.push_back({s.get(acme.id, id).created, id});
  std::sort(order.begin(), order.end());
  std::vector<Uuid> expected;
  for (const auto& [created, id] : order) expected.push_back(id);

  CHECK(ids_of(licenses(s.fx.store, acme.id)) == expected);
  auto page = must(s.fx.store.list_licenses(acme.id, {}, {1, 2}));
  CHECK(page.total == 5);
  CHECK(ids_of(page.items) == std::vector<Uuid>{expected[1], expected[2]});
  auto past = must(s.fx.store.list_licenses(acme.id, {}, {9, 2}));
  CHECK(past.total == 5);
  CHECK(past.items.empty());
  CHECK(licenses(s.fx.store, other.id).size() == 1);
  CHECK(must_fail(s.fx.store.list_licenses(unknown_id(), {}, all())).kind == ErrorKind::kNotFound);
}

TEST_CASE("the list filters by container, productName and validity now, together",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  LicenseContainer lab = must(s.fx.store.create_container(acme.id, container_named("lab")));
  Uuid l1 = s.issue(acme.id, feature_license("orbit")).license.id;
  Uuid l2 = s.issue(acme.id, into(feature_license("orbit"), lab.id)).license.id;
  auto later = into(feature_license("nova"), lab.id);
  later.terms.valid_from = kStart + 10 * kDay;  // not yet valid
  Uuid l3 = s.issue(acme.id, later).license.id;
  auto over = feature_license("nova");
  over.terms.valid_from = kStart - 10 * kDay;
  over.terms.valid_until = kAfternoon;  // ended just now: validUntil is not included
  Uuid l4 = s.issue(acme.id, over).license.id;

  auto sorted = [](std::vector<Uuid> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  d::LicenseFilter f;
  f.container = ContainerRef::Of(lab.id);
  CHECK(sorted(ids_of(licenses(s.fx.store, acme.id, f))) == sorted({l2, l3}));
  f.container = ContainerRef::Default();
  CHECK(sorted(ids_of(licenses(s.fx.store, acme.id, f))) == sorted({l1, l4}));
  f = {};
  f.product_name = "nova";
  CHECK(sorted(ids_of(licenses(s.fx.store, acme.id, f))) == sorted({l3, l4}));
  f.product_name = "Nova";  // byte for byte
  CHECK(licenses(s.fx.store, acme.id, f).empty());
  f = {};
  f.valid_now = true;
  CHECK(sorted(ids_of(licenses(s.fx.store, acme.id, f))) == sorted({l1, l2}));
  f.container = ContainerRef::Of(lab.id);
  f.product_name = "orbit";
  auto page = must(s.fx.store.list_licenses(acme.id, f, all()));
  CHECK(ids_of(page.items) == std::vector<Uuid>{l2});
  CHECK(page.total == 1);
  // The filters page too.
  f = {};
  f.product_name = "nova";
  auto second = must(s.fx.store.list_licenses(acme.id, f, {1, 5}));
  CHECK(second.total == 2);
  CHECK(second.items.size() == 1);
  // Validity follows the clock.
  s.fx.clock->set(kStart + 10 * kDay);
  f = {};
  f.valid_now = true;
  CHECK(sorted(ids_of(licenses(s.fx.store, acme.id, f))) == sorted({l1, l2, l3}));
}

TEST_CASE("listing by another licensee's container is not found", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  d::LicenseFilter f;
  f.container = ContainerRef::Of(s.default_of(other.id).id);
  auto err = must_fail(s.fx.store.list_licenses(acme.id, f, all()));
  CHECK(err.kind == ErrorKind::kNotFound);
}

TEST_CASE("another licensee's license is not found, to read, edit, revoke or delete",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  d::License l = s.issue(acme.id, feature_license()).license;
  const std::string before = describe(s.fx.store.dump());
  const std::string reason = msg::license_not_of_licensee(l.id.str(), other.id.str());

  auto e1 = must_fail(s.fx.store.get_license(other.id, l.id));
  auto e2 = must_fail(s.fx.store.update_license(other.id, l.id, keep_validity(l)));
  auto e3 = must_fail(s.fx.store.revoke_licenses(other.id, revoking({l.id})));
  auto e4 = must_fail(s.fx.store.delete_license(other.id, l.id));
  for (const auto& e : {e1, e2, e3, e4}) {
    CHECK(e.kind == ErrorKind::kNotFound);
    CHECK(e.reason == reason);
  }
  CHECK(describe(s.fx.store.dump()) == before);
  auto unknown = must_fail(s.fx.store.get_license(acme.id, unknown_id()));
  CHECK(unknown.reason == msg::license_not_of_licensee(unknown_id().str(), acme.id.str()));
}

// ------------------------------------------------------------------ PUT

TEST_CASE("a PUT replaces validity and displayName and moves the license", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  LicenseContainer lab = must(s.fx.store.create_container(acme.id, container_named("lab")));
  auto in = feature_license();
  in.terms.display_name = "before";
  in.terms.valid_until = kStart + 30 * kDay;
  d::License l = s.issue(acme.id, in).license;
  s.fx.clock->advance(5000);

  d::LicenseUpdate u;
  u.valid_from = kStart + kDay;
  u.valid_until = kStart + 2 * kDay;
  u.display_name = "after";
  u.license_container_id = lab.id;
  d::LicenseView v = must(s.fx.store.update_license(acme.id, l.id, u));
  CHECK(v.license.valid_from == kStart + kDay);
  CHECK(v.license.valid_until == kStart + 2 * kDay);
  CHECK(v.license.display_name == "after");
  CHECK(v.license.container_id == lab.id);
  CHECK(v.container == lab);
  CHECK(v.license.modified == kAfternoon + 5000);
  CHECK(v.license.created == l.created);
  CHECK(v.license.features == l.features);
  CHECK(v.license.qty == l.qty);
  d::LicenseFilter in_lab;
  in_lab.container = ContainerRef::Of(lab.id);
  CHECK(ids_of(licenses(s.fx.store, acme.id, in_lab)) == std::vector<Uuid>{l.id});

  // Absent: validFrom kept, validUntil perpetual, displayName null, container kept.
  s.fx.clock->advance(5000);
  d::License after = must(s.fx.store.update_license(acme.id, l.id, d::LicenseUpdate{})).license;
  CHECK(after.valid_from == kStart + kDay);
  CHECK(after.valid_until == std::nullopt);
  CHECK(after.display_name == std::nullopt);
  CHECK(after.container_id == lab.id);
  CHECK(after.modified == kAfternoon + 10000);
  CHECK(s.get(acme.id, l.id) == after);
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("a PUT that changes a fixed field or breaks a rule is refused and changes nothing",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  d::License l = s.issue(acme.id, with_key(product_license(s.cat.pro), test_key(3))).license;
  const std::string before = describe(s.fx.store.dump());

  d::LicenseUpdate u = keep_validity(l);
  ErrorKind kind = ErrorKind::kInvalid;
  std::string field;
  SECTION("qty") {
    u.qty = 7;
    field = fld::kQty;
  }
  SECTION("productName") {
    u.product_name = "renamed";
    field = fld::kProductName;
  }
  SECTION("qtyEnforcementType") {
    u.qty_enforcement_type = QtyEnforcementType::kMetered;
    field = fld::kQtyEnforcementType;
  }
  SECTION("the key") {
    u.license_key = test_key(4);
    field = fld::kLicenseKey;
  }
  SECTION("the per-seat values") {
    u.concurrent_user_devices_per_seat = 1;
    field = fld::kConcurrentUserDevicesPerSeat;
  }
  SECTION("validUntil before validFrom") {
    u.valid_until = l.valid_from - 1;
    field = fld::kValidUntil;
  }
  SECTION("another licensee's container") {
    u.license_container_id = s.default_of(other.id).id;
    kind = ErrorKind::kNotFound;
  }
  auto err = must_fail(s.fx.store.update_license(acme.id, l.id, u));
  CHECK(err.kind == kind);
  CHECK(err.field == field);
  CHECK(describe(s.fx.store.dump()) == before);
}

TEST_CASE("a PUT may repeat the fixed fields", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::License l = s.issue(acme.id, with_key(product_license(s.cat.pro), test_key(3))).license;
  d::LicenseUpdate u = keep_validity(l);
  u.id = l.id;
  u.product_config_id = s.cat.pro;
  u.product_name = "atlas";
  u.qty = 8;
  u.qty_dimension = QtyDimension::kSeats;
  u.qty_enforcement_type = QtyEnforcementType::kEnforced;
  u.features = std::vector<std::string>{"publish", "sketch"};
  u.license_key = test_key(3);
  u.concurrent_user_app_instances_per_seat = 2;
  u.concurrent_user_devices_per_seat = 3;
  u.created = l.created;
  u.modified = l.modified;
  CHECK(s.fx.store.update_license(acme.id, l.id, u).ok());
}

// ------------------------------------------------------------------ revoke

TEST_CASE("revoke sets validUntil to the earlier of its own and the given time",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  auto ends = feature_license("ends");
  ends.terms.valid_until = kStart + 20 * kDay;
  d::License perpetual = s.issue(acme.id, feature_license("perpetual")).license;
  d::License ending = s.issue(acme.id, ends).license;
  s.fx.clock->advance(1000);

  auto out = must(
      s.fx.store.revoke_licenses(acme.id, revoking({perpetual.id, ending.id}, kStart + 30 * kDay)));
  REQUIRE(out.size() == 2);
  CHECK(out[0].license.id == perpetual.id);
  CHECK(out[0].license.valid_until == kStart + 30 * kDay);
  CHECK(out[1].license.id == ending.id);
  CHECK(out[1].license.valid_until == kStart + 20 * kDay);  // never extended
  CHECK(out[0].license.modified == kAfternoon + 1000);
  CHECK(s.get(acme.id, perpetual.id) == out[0].license);

  // A later time changes nothing; an earlier one moves it back.
  must(s.fx.store.revoke_licenses(acme.id, revoking({perpetual.id}, kStart + 40 * kDay)));
  CHECK(s.get(acme.id, perpetual.id).valid_until == kStart + 30 * kDay);
  must(s.fx.store.revoke_licenses(acme.id, revoking({perpetual.id}, kStart + 25 * kDay)));
  CHECK(s.get(acme.id, perpetual.id).valid_until == kStart + 25 * kDay);
}

TEST_CASE("revoke without a time ends validity now, even before validFrom", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::License current = s.issue(acme.id, feature_license("now")).license;
  auto future = feature_license("future");
  future.terms.valid_from = kStart + 10 * kDay;
  d::License not_started = s.issue(acme.id, future).license;
  s.fx.clock->advance(60000);

  must(s.fx.store.revoke_licenses(acme.id, revoking({current.id, not_started.id})));
  CHECK(s.get(acme.id, current.id).valid_until == kAfternoon + 60000);
  // The after-validFrom rule does not apply: a license revoked before it started is never valid.
  CHECK(s.get(acme.id, not_started.id).valid_until == kAfternoon + 60000);
  d::LicenseFilter valid;
  valid.valid_now = true;
  CHECK(licenses(s.fx.store, acme.id, valid).empty());
  s.fx.clock->set(kStart + 11 * kDay);
  CHECK(licenses(s.fx.store, acme.id, valid).empty());

  // Its dump loads again, the never-valid license included, and dumps the same (the
  // request-body fuzzer found a dump with validUntil equal to validFrom that did not load).
  const d::StateDocument dump = s.fx.store.dump();
  Licensing other;
  must(other.fx.store.replace(dump));
  CHECK(describe(other.fx.store.dump()) == describe(dump));
  CHECK(other.get(acme.id, not_started.id).valid_until == kAfternoon + 60000);
}

TEST_CASE("revoking a known and an unknown license revokes nothing", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::License l = s.issue(acme.id, feature_license()).license;
  const std::string before = describe(s.fx.store.dump());
  auto err = must_fail(s.fx.store.revoke_licenses(acme.id, revoking({l.id, unknown_id()})));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::license_not_of_licensee(unknown_id().str(), acme.id.str()));
  CHECK(describe(s.fx.store.dump()) == before);

  err = must_fail(s.fx.store.revoke_licenses(acme.id, revoking({})));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kLicenseIds);
  CHECK(err.reason == msg::must_not_be_empty());
}

TEST_CASE("revoke answers each license once, in the order listed", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Uuid a = s.issue(acme.id, feature_license("a")).license.id;
  Uuid b = s.issue(acme.id, feature_license("b")).license.id;
  auto out = must(s.fx.store.revoke_licenses(acme.id, revoking({b, a, b})));
  CHECK(ids_of(out) == std::vector<Uuid>{b, a});
}

// ------------------------------------------------------------------ delete and cascades

TEST_CASE("deleting a key license deletes its LICENSE_KEY consumer, and only that",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::License keyed = s.issue(acme.id, with_key(feature_license(), test_key(1))).license;
  d::License other = s.issue(acme.id, with_key(feature_license(), test_key(2))).license;
  const auto counts = s.fx.store.counts();
  must(s.fx.store.delete_license(acme.id, keyed.id));
  CHECK(key_consumers(s.fx.store, test_key(1)).empty());
  CHECK(key_consumers(s.fx.store, test_key(2)).size() == 1);
  CHECK(s.fx.store.counts().consumers == counts.consumers - 1);
  CHECK(s.fx.store.counts().licenses == 1);
  CHECK(must_fail(s.fx.store.get_license(acme.id, keyed.id)).kind == ErrorKind::kNotFound);
  CHECK(must_fail(s.fx.store.delete_license(acme.id, keyed.id)).kind == ErrorKind::kNotFound);
  CHECK(s.get(acme.id, other.id) == other);
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("deleting a LICENSE_KEY consumer deletes its license", "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  d::License keyed = s.issue(acme.id, with_key(feature_license(), test_key(1))).license;
  d::License plain = s.issue(acme.id, feature_license()).license;
  const LicenseConsumer con = key_consumers(s.fx.store, test_key(1)).at(0);
  must(s.fx.store.delete_consumer(con.id));
  CHECK(must_fail(s.fx.store.get_license(acme.id, keyed.id)).kind == ErrorKind::kNotFound);
  CHECK(ids_of(licenses(s.fx.store, acme.id)) == std::vector<Uuid>{plain.id});
  CHECK(must_fail(s.fx.store.get_consumer(con.id)).kind == ErrorKind::kNotFound);
  CHECK(license_violations(s.fx.store) == "");
  // The key is free again.
  CHECK(s.fx.store.issue_license(acme.id, with_key(feature_license(), test_key(1))).ok());
}

TEST_CASE("deleting a container deletes its licenses and their key consumers, nothing else",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  LicenseContainer doomed = must(s.fx.store.create_container(acme.id, container_named("doomed")));
  d::License l1 =
      s.issue(acme.id, into(with_key(feature_license(), test_key(1)), doomed.id)).license;
  d::License l2 = s.issue(acme.id, into(product_license(s.cat.pro), doomed.id)).license;
  d::License l3 = s.issue(acme.id, with_key(feature_license(), test_key(3))).license;

  must(s.fx.store.delete_container(acme.id, ContainerRef::Of(doomed.id)));
  CHECK(ids_of(licenses(s.fx.store, acme.id)) == std::vector<Uuid>{l3.id});
  CHECK(must_fail(s.fx.store.get_license(acme.id, l1.id)).kind == ErrorKind::kNotFound);
  CHECK(must_fail(s.fx.store.get_license(acme.id, l2.id)).kind == ErrorKind::kNotFound);
  CHECK(key_consumers(s.fx.store, test_key(1)).empty());
  CHECK(key_consumers(s.fx.store, test_key(3)).size() == 1);
  CHECK(license_violations(s.fx.store) == "");

  // The default container stays 409 to delete, and keeps its license.
  auto err = must_fail(s.fx.store.delete_container(acme.id, ContainerRef::Default()));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(ids_of(licenses(s.fx.store, acme.id)) == std::vector<Uuid>{l3.id});
}

TEST_CASE("deleting a licensee deletes all its licenses and their key consumers",
          "[store][license]") {
  Licensing s;
  Licensee acme = s.org();
  Licensee other = s.org("Other");
  LicenseContainer lab = must(s.fx.store.create_container(acme.id, container_named("lab")));
  s.issue(acme.id, with_key(feature_license(), test_key(1)));
  s.issue(acme.id, into(with_key(feature_license(), test_key(2)), lab.id));
  d::License kept = s.issue(other.id, with_key(feature_license(), test_key(3))).license;

  must(s.fx.store.delete_licensee(acme.id));
  CHECK(s.fx.store.counts().licenses == 1);
  CHECK(key_consumers(s.fx.store, test_key(1)).empty());
  CHECK(key_consumers(s.fx.store, test_key(2)).empty());
  CHECK(s.get(other.id, kept.id) == kept);
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("delete-user deletes the person's licenses and their key consumers", "[store][license]") {
  Licensing s;
  Licensee ada = must(s.fx.store.setup_user(with_email("Ada", "ada@example.com")));
  s.issue(ada.id, with_key(feature_license(), test_key(1)));
  s.issue(ada.id, feature_license());
  must(s.fx.store.delete_user(ada.id));
  CHECK(s.fx.store.counts().licenses == 0);
  CHECK(s.fx.store.counts().consumers == 0);  // the PERSON consumer and the key's
  CHECK(license_violations(s.fx.store) == "");
}

TEST_CASE("the license check finds what breaks the rules of section 10", "[store][license]") {
  // Guards the check the other tests rely on: states that break a rule must be reported.
  Licensing s;
  Licensee acme = s.org();
  s.issue(acme.id, with_key(feature_license(), test_key(1)));
  CHECK(license_violations(s.fx.store) == "");
  // A LICENSE_KEY consumer without a license (allowed from fixtures, never from the API).
  d::StateDocument loose;
  d::ConsumerRecord rec;
  rec.type = ConsumerType::kLicenseKey;
  rec.fields.name = test_key(9);
  loose.consumers.push_back(rec);
  must(s.fx.store.merge(loose));
  CHECK(license_violations(s.fx.store) != "");
  CHECK(license_violations(s.fx.store, false) == "");
}
