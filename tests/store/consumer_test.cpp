#include "store_fixture.hpp"

using namespace scale::testing;

namespace {

d::ConsumerCreate full_consumer(ConsumerType type) {
  d::ConsumerCreate in;
  in.type = type;
  in.fields.name = "Ada Lovelace";
  in.fields.display_name = "Ada";
  in.fields.display_label = "AL";
  in.fields.email = "Ada@Example.com";
  in.fields.connected_identity_id = "oidc|ada";
  in.fields.contact_info = "+358 40 123";
  in.fields.description = "first programmer";
  in.fields.external_reference = "ext-ada";
  in.fields.natural_id = "nat-ada";
  return in;
}

// A store whose only record is a LICENSE_KEY consumer, as issuing a key-based license makes it:
// such consumers cannot be created through the API, only loaded with a state document.
LicenseConsumer load_license_key(StoreFixture& fx, std::string key) {
  d::StateDocument doc;
  d::ConsumerRecord rec;
  rec.id = uuid("5f0c3a2e-1b4d-4c6e-9a8b-7d6e5f4a3b2c");
  rec.type = ConsumerType::kLicenseKey;
  rec.fields.name = std::move(key);
  rec.fields.external_reference = "order-1";
  doc.consumers.push_back(rec);
  must(fx.store.replace(doc));
  return must(fx.store.get_consumer(*rec.id));
}

}  // namespace

// ------------------------------------------------------------------ create

TEST_CASE("creating a PERSON or DEVICE consumer stores every field", "[store][consumer]") {
  for (ConsumerType type : {ConsumerType::kPerson, ConsumerType::kDevice}) {
    StoreFixture fx;
    INFO("type " << d::to_string(type));
    const auto in = full_consumer(type);
    LicenseConsumer con = must(fx.store.create_consumer(in));
    CHECK(con.type == type);
    CHECK(con.name == "Ada Lovelace");
    CHECK(con.display_name == "Ada");
    CHECK(con.display_label == "AL");
    CHECK(con.email == "Ada@Example.com");
    CHECK(con.connected_identity_id == "oidc|ada");
    CHECK(con.contact_info == "+358 40 123");
    CHECK(con.description == "first programmer");
    CHECK(con.external_reference == "ext-ada");
    CHECK(con.natural_id == "nat-ada");
    CHECK(con.created == kStart);
    CHECK(con.modified == kStart);
    CHECK(must(fx.store.get_consumer(con.id)) == con);
    CHECK(counts_are(fx.store.counts(), 0, 0, 1));
  }
}

TEST_CASE(
    "creating a LICENSE_KEY consumer or one without a type is invalid on type and creates "
    "nothing",
    "[store][consumer]") {
  StoreFixture fx;
  auto key = full_consumer(ConsumerType::kLicenseKey);
  auto e1 = must_fail(fx.store.create_consumer(key));
  CHECK(e1.kind == ErrorKind::kInvalid);
  CHECK(e1.field == fld::kType);
  CHECK(e1.reason == msg::license_key_not_creatable());

  auto untyped = full_consumer(ConsumerType::kPerson);
  untyped.type = std::nullopt;
  auto e2 = must_fail(fx.store.create_consumer(untyped));
  CHECK(e2.kind == ErrorKind::kInvalid);
  CHECK(e2.field == fld::kType);
  CHECK(e2.reason == msg::required());
  CHECK(counts_are(fx.store.counts(), 0, 0, 0));
}

TEST_CASE("creating a consumer with broken fields is invalid and creates nothing",
          "[store][consumer]") {
  StoreFixture fx;
  auto in = consumer_input(ConsumerType::kPerson, "  ");
  auto e1 = must_fail(fx.store.create_consumer(in));
  CHECK(e1.field == fld::kName);
  CHECK(e1.reason == msg::blank());
  in = consumer_input(ConsumerType::kDevice, "Dev", "dev@localhost");
  auto e2 = must_fail(fx.store.create_consumer(in));
  CHECK(e2.kind == ErrorKind::kInvalid);
  CHECK(e2.field == fld::kEmail);
  CHECK(e2.reason == msg::bad_email("dev@localhost"));
  CHECK(fx.store.counts().consumers == 0);
}

TEST_CASE("a consumer without a naturalId gets a generated one of its own", "[store][consumer]") {
  StoreFixture fx;
  auto a = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "A")));
  auto b = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "B")));
  CHECK_FALSE(a.natural_id.empty());
  CHECK_FALSE(b.natural_id.empty());
  CHECK(a.natural_id != b.natural_id);
}

TEST_CASE(
    "a consumer's email, connectedIdentityId, externalReference and naturalId must be "
    "unused among consumers",
    "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer owner = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  auto in = consumer_input(ConsumerType::kDevice, "Other");
  std::string field, value;
  SECTION("email, compared case-insensitively") {
    in.fields.email = value = "ADA@example.COM";
    field = fld::kEmail;
  }
  SECTION("connectedIdentityId") {
    in.fields.connected_identity_id = value = "oidc|ada";
    field = fld::kConnectedIdentityId;
  }
  SECTION("externalReference") {
    in.fields.external_reference = value = "ext-ada";
    field = fld::kExternalReference;
  }
  SECTION("naturalId") {
    in.fields.natural_id = value = "nat-ada";
    field = fld::kNaturalId;
  }
  auto err = must_fail(fx.store.create_consumer(in));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == field);
  CHECK(err.reason == msg::already_used(value, "license consumer " + owner.id.str()));
  CHECK(fx.store.counts().consumers == 1);
}

TEST_CASE("a consumer's other unique values compare byte for byte", "[store][consumer]") {
  StoreFixture fx;
  must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  auto in = consumer_input(ConsumerType::kDevice, "Other");
  in.fields.connected_identity_id = "OIDC|ada";
  in.fields.external_reference = "EXT-ada";
  in.fields.natural_id = "NAT-ada";
  CHECK(fx.store.create_consumer(in).ok());
  CHECK(fx.store.counts().consumers == 2);
}

TEST_CASE("when several consumer values clash the first in field order is named",
          "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer owner = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  auto in = full_consumer(ConsumerType::kDevice);
  std::string field;
  SECTION("email first") {
    field = fld::kEmail;
  }
  SECTION("then connectedIdentityId") {
    in.fields.email = std::nullopt;
    field = fld::kConnectedIdentityId;
  }
  SECTION("then externalReference") {
    in.fields.email = std::nullopt;
    in.fields.connected_identity_id = std::nullopt;
    field = fld::kExternalReference;
  }
  SECTION("then naturalId") {
    in.fields.email = std::nullopt;
    in.fields.connected_identity_id = std::nullopt;
    in.fields.external_reference = std::nullopt;
    field = fld::kNaturalId;
  }
  auto err = must_fail(fx.store.create_consumer(in));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == field);
  CHECK(err.reason.find(owner.id.str()) != std::string::npos);
}

TEST_CASE("consumers and licensees keep separate unique values", "[store][consumer]") {
  StoreFixture fx;
  auto lic_in = with_email("Acme", "ada@example.com");
  lic_in.fields.natural_id = "nat-ada";
  lic_in.fields.external_reference = "ext-ada";
  must(fx.store.setup_organization(lic_in));
  CHECK(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)).ok());
}

// ------------------------------------------------------------------ find

TEST_CASE("consumers are found by email in any case and by exact externalReference",
          "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Other", "o@example.com")));

  CHECK(must(fx.store.find_consumer_by_email("ada@EXAMPLE.com")) == con);
  CHECK(must(fx.store.find_consumer_by_external_reference("ext-ada")) == con);

  auto e1 = must_fail(fx.store.find_consumer_by_email("nobody@example.com"));
  CHECK(e1.kind == ErrorKind::kNotFound);
  CHECK(e1.reason == msg::no_such_by("license consumer", fld::kEmail, "nobody@example.com"));
  auto e2 = must_fail(fx.store.find_consumer_by_external_reference("EXT-ADA"));
  CHECK(e2.kind == ErrorKind::kNotFound);
  CHECK(e2.reason == msg::no_such_by("license consumer", fld::kExternalReference, "EXT-ADA"));
  auto e3 = must_fail(fx.store.get_consumer(unknown_id()));
  CHECK(e3.kind == ErrorKind::kNotFound);
  CHECK(e3.reason == msg::no_such("license consumer", unknown_id().str()));
}

TEST_CASE("consumers list in order of created, then id, paged with the total",
          "[store][consumer]") {
  StoreFixture fx;
  fx.clock->set(kStart + 100);
  auto late = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "late")));
  fx.clock->set(kStart);
  auto a = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "a")));
  auto b = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "b")));
  std::vector<Uuid> expected = {a.id, b.id};
  std::sort(expected.begin(), expected.end());
  expected.push_back(late.id);

  auto whole = fx.store.list_consumers(d::Page{});
  CHECK(whole.total == 3);
  CHECK(ids_of(whole.items) == expected);
  auto second = fx.store.list_consumers(d::Page{1, 1});
  CHECK(second.total == 3);
  CHECK(ids_of(second.items) == std::vector<Uuid>{expected[1]});
  CHECK(fx.store.list_consumers(d::Page{3, 5}).items.empty());
}

// ------------------------------------------------------------------ update

TEST_CASE(
    "updating a consumer replaces the editable fields: absent optional ones become null, "
    "absent type and naturalId are kept",
    "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(full_consumer(ConsumerType::kDevice)));
  fx.clock->advance(30);
  d::ConsumerUpdate up;
  up.fields.name = "Renamed";
  LicenseConsumer after = must(fx.store.update_consumer(con.id, up));
  CHECK(after.name == "Renamed");
  CHECK(after.type == ConsumerType::kDevice);
  CHECK(after.natural_id == "nat-ada");
  CHECK(after.display_name == std::nullopt);
  CHECK(after.display_label == std::nullopt);
  CHECK(after.email == std::nullopt);
  CHECK(after.connected_identity_id == std::nullopt);
  CHECK(after.contact_info == std::nullopt);
  CHECK(after.description == std::nullopt);
  CHECK(after.external_reference == std::nullopt);
  CHECK(after.created == kStart);
  CHECK(after.modified == kStart + 30);
  CHECK(must(fx.store.get_consumer(con.id)) == after);
  // The naturalId is kept, everything else it gave up is free for others.
  auto clash = must_fail(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  CHECK(clash.field == fld::kNaturalId);
  auto reuse = full_consumer(ConsumerType::kPerson);
  reuse.fields.natural_id = std::nullopt;
  CHECK(fx.store.create_consumer(reuse).ok());
}

TEST_CASE("updating a consumer sets every given field and modified to now", "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "A")));
  fx.clock->advance(1);
  auto up = same_as(con);
  up.fields.display_label = "label";
  up.fields.contact_info = "contact";
  up.fields.natural_id = "new-nat";
  up.fields.email = "new@example.com";
  LicenseConsumer after = must(fx.store.update_consumer(con.id, up));
  CHECK(after.display_label == "label");
  CHECK(after.contact_info == "contact");
  CHECK(after.natural_id == "new-nat");
  CHECK(after.email == "new@example.com");
  CHECK(after.modified == kStart + 1);
  CHECK(must(fx.store.find_consumer_by_email("NEW@example.com")).id == con.id);
}

TEST_CASE("a PERSON consumer may become a DEVICE and back", "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  auto up = same_as(con);
  up.type = ConsumerType::kDevice;
  CHECK(must(fx.store.update_consumer(con.id, up)).type == ConsumerType::kDevice);
  up.type = ConsumerType::kPerson;
  CHECK(must(fx.store.update_consumer(con.id, up)).type == ConsumerType::kPerson);
}

TEST_CASE("no consumer may become a LICENSE_KEY consumer", "[store][consumer]") {
  StoreFixture fx;
  for (ConsumerType from : {ConsumerType::kPerson, ConsumerType::kDevice}) {
    auto in = consumer_input(from, std::string(d::to_string(from)));
    LicenseConsumer con = must(fx.store.create_consumer(in));
    auto up = same_as(con);
    up.type = ConsumerType::kLicenseKey;
    auto err = must_fail(fx.store.update_consumer(con.id, up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kType);
    CHECK(err.reason == msg::no_switch_license_key(d::to_string(from), "LICENSE_KEY"));
    CHECK(must(fx.store.get_consumer(con.id)) == con);
  }
}

TEST_CASE("a LICENSE_KEY consumer keeps its type and its name, and has no connectedIdentityId",
          "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer key = load_license_key(fx, "KEY-1234-5678");
  REQUIRE(key.type == ConsumerType::kLicenseKey);

  SECTION("it cannot become PERSON or DEVICE") {
    for (ConsumerType to : {ConsumerType::kPerson, ConsumerType::kDevice}) {
      auto up = same_as(key);
      up.type = to;
      auto err = must_fail(fx.store.update_consumer(key.id, up));
      CHECK(err.kind == ErrorKind::kInvalid);
      CHECK(err.field == fld::kType);
      CHECK(err.reason == msg::no_switch_license_key("LICENSE_KEY", d::to_string(to)));
    }
  }
  SECTION("its name cannot change") {
    auto up = same_as(key);
    up.fields.name = "KEY-0000";
    auto err = must_fail(fx.store.update_consumer(key.id, up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kName);
    CHECK(err.reason == msg::license_key_name_fixed());
  }
  SECTION("it cannot have a connectedIdentityId") {
    auto up = same_as(key);
    up.fields.connected_identity_id = "oidc|someone";
    auto err = must_fail(fx.store.update_consumer(key.id, up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kConnectedIdentityId);
    CHECK(err.reason == msg::license_key_no_identity());
  }
  SECTION("its other fields may change, its type may be given as it is") {
    auto up = same_as(key);
    up.type = ConsumerType::kLicenseKey;
    up.fields.description = "issued for order 1";
    up.fields.email = "buyer@example.com";
    fx.clock->advance(3);
    LicenseConsumer after = must(fx.store.update_consumer(key.id, up));
    CHECK(after.type == ConsumerType::kLicenseKey);
    CHECK(after.name == "KEY-1234-5678");
    CHECK(after.description == "issued for order 1");
    CHECK(after.modified == kStart + 3);
    key = after;  // the one section that changes it
  }
  CHECK(must(fx.store.get_consumer(key.id)) == key);
}

TEST_CASE("updating a consumer with an id, created or modified that differs is invalid",
          "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "A")));
  LicenseConsumer other =
      must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "B")));
  auto up = same_as(con);
  up.fields.name = "changed";
  std::string field;
  SECTION("matching values are accepted") {
    up.id = con.id;
    up.created = con.created;
    up.modified = con.modified;
    CHECK(must(fx.store.update_consumer(con.id, up)).name == "changed");
  }
  SECTION("id") {
    up.id = other.id;
    field = fld::kId;
  }
  SECTION("created") {
    up.created = con.created - 1;
    field = fld::kCreated;
  }
  SECTION("modified") {
    up.modified = con.modified + 1;
    field = fld::kModified;
  }
  if (!field.empty()) {
    auto err = must_fail(fx.store.update_consumer(con.id, up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == field);
    CHECK(must(fx.store.get_consumer(con.id)) == con);
  }
}

TEST_CASE("updating a consumer checks uniqueness against the others, not against itself",
          "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer a = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  auto b_in = consumer_input(ConsumerType::kDevice, "B", "b@example.com");
  b_in.fields.connected_identity_id = "oidc|b";
  b_in.fields.external_reference = "ext-b";
  b_in.fields.natural_id = "nat-b";
  LicenseConsumer b = must(fx.store.create_consumer(b_in));

  SECTION("its own values, the email in another case") {
    auto up = same_as(a);
    up.fields.email = "ADA@EXAMPLE.COM";
    CHECK(must(fx.store.update_consumer(a.id, up)).email == "ADA@EXAMPLE.COM");
  }
  auto up = same_as(a);
  std::string field, value;
  SECTION("email") {
    up.fields.email = value = "B@example.com";
    field = fld::kEmail;
  }
  SECTION("connectedIdentityId") {
    up.fields.connected_identity_id = value = "oidc|b";
    field = fld::kConnectedIdentityId;
  }
  SECTION("externalReference") {
    up.fields.external_reference = value = "ext-b";
    field = fld::kExternalReference;
  }
  SECTION("naturalId") {
    up.fields.natural_id = value = "nat-b";
    field = fld::kNaturalId;
  }
  if (!field.empty()) {
    auto err = must_fail(fx.store.update_consumer(a.id, up));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == field);
    CHECK(err.reason == msg::already_used(value, "license consumer " + b.id.str()));
    CHECK(must(fx.store.get_consumer(a.id)) == a);
  }
}

TEST_CASE("updating an unknown consumer is not found", "[store][consumer]") {
  StoreFixture fx;
  auto err = must_fail(fx.store.update_consumer(unknown_id(), same_as(LicenseConsumer{})));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("license consumer", unknown_id().str()));
}

// ------------------------------------------------------------------ delete

TEST_CASE("deleting a consumer removes its associations and access grants", "[store][consumer]") {
  StoreFixture fx;
  Licensee one = must(fx.store.setup_organization(named("One")));
  Licensee two = must(fx.store.setup_organization(named("Two")));
  LicenseContainer extra = must(fx.store.create_container(two.id, container_named("extra")));
  LicenseConsumer gone =
      must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Gone")));
  LicenseConsumer stays =
      must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Stays")));
  for (const auto& c : {gone, stays}) {
    must(fx.store.associate(one.id, c.id));
    must(fx.store.grant(two.id, ContainerRef::Of(extra.id), c.id));
  }

  must(fx.store.delete_consumer(gone.id));
  CHECK(must_fail(fx.store.get_consumer(gone.id)).kind == ErrorKind::kNotFound);
  CHECK(associated(fx.store, one.id) == std::vector<Uuid>{stays.id});
  CHECK(associated(fx.store, two.id) == std::vector<Uuid>{stays.id});
  CHECK(with_access(fx.store, one.id, ContainerRef::Default()) == std::vector<Uuid>{stays.id});
  CHECK(with_access(fx.store, two.id, ContainerRef::Of(extra.id)) == std::vector<Uuid>{stays.id});
  CHECK(counts_are(fx.store.counts(), 2, 3, 1));
  CHECK(invariant_violations(fx.store.dump()).empty());

  auto err = must_fail(fx.store.delete_consumer(gone.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("license consumer", gone.id.str()));
}

TEST_CASE("a deleted consumer's unique values are free again", "[store][consumer]") {
  StoreFixture fx;
  LicenseConsumer con = must(fx.store.create_consumer(full_consumer(ConsumerType::kPerson)));
  must(fx.store.delete_consumer(con.id));
  CHECK(fx.store.create_consumer(full_consumer(ConsumerType::kDevice)).ok());
}
