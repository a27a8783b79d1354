#include "store_fixture.hpp"

using namespace scale::testing;

namespace {

Licensee org(StoreFixture& fx, std::string name, d::OptText email = std::nullopt) {
  auto in = named(std::move(name));
  in.fields.email = std::move(email);
  return must(fx.store.setup_organization(in));
}

Licensee user(StoreFixture& fx, std::string name, d::OptText email = std::nullopt) {
  auto in = named(std::move(name));
  in.fields.email = std::move(email);
  return must(fx.store.setup_user(in));
}

d::LicenseeSetup full_setup() {
  d::LicenseeSetup in;
  in.fields.name = "Ada Lovelace";
  in.fields.display_name = "Ada";
  in.fields.natural_id = "crm-1001";
  in.fields.email = "Ada@Example.com";
  in.fields.description = "first programmer";
  in.fields.external_reference = "shop-77";
  in.connected_identity_id = "oidc|ada";
  return in;
}

}  // namespace

// ------------------------------------------------------------------ setup-organization

TEST_CASE(
    "setup-organization creates an ORGANIZATION licensee and one default container named "
    "\"default\"",
    "[store][licensee]") {
  StoreFixture fx;
  auto in = named("Acme Oy");
  in.fields.display_name = "Acme";
  in.fields.email = "licensing@acme.example";
  in.fields.external_reference = "shop-77";
  in.connected_identity_id = "ignored for organizations";
  Licensee lic = must(fx.store.setup_organization(in));

  CHECK(lic.type == LicenseeType::kOrganization);
  CHECK(lic.name == "Acme Oy");
  CHECK(lic.display_name == "Acme");
  CHECK(lic.email == "licensing@acme.example");
  CHECK(lic.external_reference == "shop-77");
  CHECK(lic.description == std::nullopt);
  CHECK_FALSE(lic.natural_id.empty());
  CHECK(lic.created == kStart);
  CHECK(lic.modified == kStart);
  CHECK(must(fx.store.get_licensee(lic.id)) == lic);

  auto boxes = containers(fx.store, lic.id);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].name == "default");
  CHECK(boxes[0].used_as_default);
  CHECK(boxes[0].licensee_id == lic.id);
  CHECK(boxes[0].created == kStart);
  CHECK(boxes[0].id != lic.id);
  CHECK(must(fx.store.get_container(lic.id, ContainerRef::Default())).id == boxes[0].id);

  CHECK(counts_are(fx.store.counts(), 1, 1, 0));
  CHECK(associated(fx.store, lic.id).empty());
}

TEST_CASE("setup-organization without a naturalId generates a different one for each licensee",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee a = org(fx, "A");
  Licensee b = org(fx, "B");
  CHECK_FALSE(a.natural_id.empty());
  CHECK(a.natural_id != b.natural_id);
  CHECK(must(fx.store.find_licensee_by_natural_id(a.natural_id)).id == a.id);
}

TEST_CASE(
    "a setup action with a type that contradicts it is invalid on \"type\" and creates "
    "nothing",
    "[store][licensee]") {
  StoreFixture fx;
  SECTION("setup-organization with PERSON") {
    auto in = named("Acme");
    in.type = LicenseeType::kPerson;
    auto err = must_fail(fx.store.setup_organization(in));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kType);
    CHECK(err.reason == msg::contradicts_action("PERSON", "ORGANIZATION"));
  }
  SECTION("setup-user with ORGANIZATION") {
    auto in = named("Ada");
    in.type = LicenseeType::kOrganization;
    auto err = must_fail(fx.store.setup_user(in));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kType);
    CHECK(err.reason == msg::contradicts_action("ORGANIZATION", "PERSON"));
  }
  CHECK(counts_are(fx.store.counts(), 0, 0, 0));
}

TEST_CASE("a setup action with the type it creates is accepted", "[store][licensee]") {
  StoreFixture fx;
  auto o = named("Acme");
  o.type = LicenseeType::kOrganization;
  CHECK(must(fx.store.setup_organization(o)).type == LicenseeType::kOrganization);
  auto u = named("Ada");
  u.type = LicenseeType::kPerson;
  CHECK(must(fx.store.setup_user(u)).type == LicenseeType::kPerson);
}

TEST_CASE("a setup action with broken fields is invalid on the first of them and creates nothing",
          "[store][licensee]") {
  StoreFixture fx;
  SECTION("no name") {
    auto err = must_fail(fx.store.setup_organization(d::LicenseeSetup{}));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kName);
    CHECK(err.reason == msg::required());
  }
  SECTION("blank name") {
    auto err = must_fail(fx.store.setup_user(named(" \t")));
    CHECK(err.field == fld::kName);
    CHECK(err.reason == msg::blank());
  }
  SECTION("bad email") {
    auto err = must_fail(fx.store.setup_user(with_email("Ada", "ada at example.com")));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == fld::kEmail);
    CHECK(err.reason == msg::bad_email("ada at example.com"));
  }
  SECTION("connectedIdentityId too long for setup-user") {
    auto in = named("Ada");
    in.connected_identity_id = std::string(256, 'x');
    auto err = must_fail(fx.store.setup_user(in));
    CHECK(err.field == fld::kConnectedIdentityId);
    CHECK(err.reason == msg::too_long(255));
  }
  CHECK(counts_are(fx.store.counts(), 0, 0, 0));
}

// ------------------------------------------------------------------ setup-user

TEST_CASE(
    "setup-user creates a PERSON licensee, its default container and a PERSON consumer "
    "with the copied fields",
    "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_user(full_setup()));
  CHECK(lic.type == LicenseeType::kPerson);
  CHECK(lic.name == "Ada Lovelace");
  CHECK(lic.natural_id == "crm-1001");
  CHECK(counts_are(fx.store.counts(), 1, 1, 1));

  auto listed = fx.store.list_consumers(all()).items;
  REQUIRE(listed.size() == 1);
  const LicenseConsumer& con = listed[0];
  CHECK(con.type == ConsumerType::kPerson);
  CHECK(con.name == "Ada Lovelace");
  CHECK(con.display_name == "Ada");
  CHECK(con.email == "Ada@Example.com");
  CHECK(con.description == "first programmer");
  CHECK(con.natural_id == "crm-1001");
  CHECK(con.external_reference == "shop-77");
  CHECK(con.connected_identity_id == "oidc|ada");
  CHECK(con.display_label == std::nullopt);
  CHECK(con.contact_info == std::nullopt);
  CHECK(con.created == kStart);
  CHECK(con.modified == kStart);
  CHECK(con.id != lic.id);

  auto boxes = containers(fx.store, lic.id);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].name == "default");
  CHECK(boxes[0].used_as_default);
  CHECK(associated(fx.store, lic.id) == std::vector<Uuid>{con.id});
  CHECK(with_access(fx.store, lic.id, ContainerRef::Default()) == std::vector<Uuid>{con.id});
  CHECK(must(fx.store.find_consumer_by_email("ada@example.com")).id == con.id);
}

TEST_CASE(
    "setup-user without a naturalId gives the licensee and its consumer the same generated "
    "one",
    "[store][licensee]") {
  StoreFixture fx;
  Licensee a = user(fx, "Ada", "ada@example.com");
  Licensee b = user(fx, "Bob", "bob@example.com");
  CHECK_FALSE(a.natural_id.empty());
  CHECK(a.natural_id != b.natural_id);
  CHECK(must(fx.store.find_consumer_by_email("ada@example.com")).natural_id == a.natural_id);
  CHECK(must(fx.store.find_consumer_by_email("bob@example.com")).natural_id == b.natural_id);
}

TEST_CASE("setup-user without an email is allowed", "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Anonymous");
  CHECK(lic.email == std::nullopt);
  auto consumers = fx.store.list_consumers(all()).items;
  REQUIRE(consumers.size() == 1);
  CHECK(consumers[0].email == std::nullopt);
  // A second one without email does not clash on the absent email.
  user(fx, "Anonymous too");
  CHECK(counts_are(fx.store.counts(), 2, 2, 2));
}

// ------------------------------------------------------------------ uniqueness

TEST_CASE(
    "a setup action with a naturalId, email or externalReference of another licensee is a "
    "conflict naming the field and the owner",
    "[store][licensee]") {
  StoreFixture fx;
  auto first = named("First");
  first.fields.natural_id = "crm-1";
  first.fields.email = "owner@acme.example";
  first.fields.external_reference = "ext-1";
  Licensee owner = must(fx.store.setup_organization(first));
  const std::string owner_name = "licensee " + owner.id.str();

  auto in = named("Second");
  std::string field, value;
  SECTION("naturalId") {
    in.fields.natural_id = value = "crm-1";
    field = fld::kNaturalId;
  }
  SECTION("email, compared case-insensitively") {
    in.fields.email = value = "OWNER@Acme.Example";
    field = fld::kEmail;
  }
  SECTION("externalReference") {
    in.fields.external_reference = value = "ext-1";
    field = fld::kExternalReference;
  }
  for (bool person : {false, true}) {
    INFO((person ? "setup-user" : "setup-organization"));
    auto err = must_fail(person ? fx.store.setup_user(in) : fx.store.setup_organization(in));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == field);
    CHECK(err.reason == msg::already_used(value, owner_name));
    CHECK(err.description().find(owner.id.str()) != std::string::npos);
  }
  CHECK(counts_are(fx.store.counts(), 1, 1, 0));
}

TEST_CASE("naturalId and externalReference of licensees compare byte for byte",
          "[store][licensee]") {
  StoreFixture fx;
  auto a = named("A");
  a.fields.natural_id = "crm-1";
  a.fields.external_reference = "ext-1";
  must(fx.store.setup_organization(a));
  auto b = named("B");
  b.fields.natural_id = "CRM-1";
  b.fields.external_reference = "EXT-1";
  must(fx.store.setup_organization(b));
  CHECK(fx.store.counts().licensees == 2);
  CHECK(must(fx.store.find_licensee_by_natural_id("CRM-1")).name == "B");
  CHECK(must_fail(fx.store.find_licensee_by_natural_id("Crm-1")).kind == ErrorKind::kNotFound);
}

// The natural id and external reference trees order by store::bytes_less: it must be exactly
// std::string's order, or a tree would hold a value twice or miss one it holds.
TEST_CASE("the store's byte order is std::string's", "[store][licensee]") {
  const std::vector<std::string> values = {"",
                                           "a",
                                           "b",
                                           "crm-1",
                                           "crm-10",
                                           "crm-2",
                                           "CRM-1",
                                           "crm-123456",
                                           "crm-12345",
                                           "crm-1234567890",
                                           "crm-1234567891",
                                           "crm-12345678",
                                           "shop-1",
                                           "shop-1234",
                                           "crm-9999",
                                           "\x7f",
                                           "\x80",
                                           "\xc3\xa9",
                                           "\xff\xff\xff\xff\xff\xff\xff\xff\xff",
                                           "\xff\xff\xff\xff\xff\xff\xff\xff",
                                           std::string("a\0b", 3),
                                           std::string("a\0c", 3)};
  for (const auto& a : values) {
    for (const auto& b : values) {
      INFO(a << " | " << b);
      CHECK(scale::store::bytes_less(a, b) == (a < b));
    }
  }
}

TEST_CASE("when several licensee values clash the first in field order is named",
          "[store][licensee]") {
  StoreFixture fx;
  auto first = named("First");
  first.fields.natural_id = "crm-1";
  first.fields.email = "a@acme.example";
  first.fields.external_reference = "ext-1";
  Licensee a = must(fx.store.setup_organization(first));
  auto other = named("Other");
  other.fields.email = "b@acme.example";
  other.fields.external_reference = "ext-2";
  Licensee b = must(fx.store.setup_organization(other));

  auto in = named("Third");
  in.fields.natural_id = "crm-1";          // a's
  in.fields.email = "b@acme.example";      // b's
  in.fields.external_reference = "ext-2";  // b's
  auto err = must_fail(fx.store.setup_organization(in));
  CHECK(err.field == fld::kNaturalId);
  CHECK(err.reason == msg::already_used("crm-1", "licensee " + a.id.str()));

  in.fields.natural_id = std::nullopt;
  err = must_fail(fx.store.setup_organization(in));
  CHECK(err.field == fld::kEmail);
  CHECK(err.reason == msg::already_used("b@acme.example", "licensee " + b.id.str()));
}

TEST_CASE("setup-user with an email used by a consumer creates nothing", "[store][licensee]") {
  StoreFixture fx;
  Licensee o = org(fx, "Acme");
  auto con = must(fx.store.create_consumer(
      consumer_input(ConsumerType::kDevice, "Printer", "printer@acme.example")));
  const auto before = fx.store.counts();
  REQUIRE(counts_are(before, 1, 1, 1));

  auto err = must_fail(fx.store.setup_user(with_email("Ada", "Printer@ACME.example")));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == fld::kEmail);
  CHECK(err.reason ==
        msg::already_used("Printer@ACME.example", "license consumer " + con.id.str()));

  CHECK(counts_are(fx.store.counts(), 1, 1, 1));
  CHECK(ids_of(fx.store.list_licensees(all()).items) == std::vector<Uuid>{o.id});
  CHECK(must_fail(fx.store.find_licensee_by_email("printer@acme.example")).kind ==
        ErrorKind::kNotFound);
  CHECK(fx.store.list_consumers(all()).items == std::vector<LicenseConsumer>{con});
}

TEST_CASE(
    "setup-user with a connectedIdentityId, externalReference or naturalId used by a "
    "consumer creates nothing",
    "[store][licensee]") {
  StoreFixture fx;
  auto ci = consumer_input(ConsumerType::kPerson, "Existing");
  ci.fields.connected_identity_id = "oidc|1";
  ci.fields.external_reference = "ext-1";
  ci.fields.natural_id = "nat-1";
  auto con = must(fx.store.create_consumer(ci));

  auto in = with_email("Ada", "ada@example.com");
  std::string field, value;
  SECTION("connectedIdentityId") {
    in.connected_identity_id = value = "oidc|1";
    field = fld::kConnectedIdentityId;
  }
  SECTION("externalReference") {
    in.fields.external_reference = value = "ext-1";
    field = fld::kExternalReference;
  }
  SECTION("naturalId") {
    in.fields.natural_id = value = "nat-1";
    field = fld::kNaturalId;
  }
  auto err = must_fail(fx.store.setup_user(in));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == field);
  CHECK(err.reason == msg::already_used(value, "license consumer " + con.id.str()));
  CHECK(counts_are(fx.store.counts(), 0, 0, 1));

  // setup-organization does not look at consumers.
  CHECK(fx.store.setup_organization(in).ok());
}

TEST_CASE(
    "setup-user names the first clashing field in the contract's field order, whichever table "
    "holds it",
    "[store][licensee]") {
  StoreFixture fx;
  auto lin = with_email("Lena", "lena@example.com");
  lin.fields.external_reference = "ext-L";
  Licensee lena = must(fx.store.setup_organization(lin));
  auto ci = consumer_input(ConsumerType::kPerson, "Carl", "carl@example.com");
  ci.fields.natural_id = "nat-C";
  ci.fields.connected_identity_id = "oidc|C";
  LicenseConsumer carl = must(fx.store.create_consumer(ci));
  // A consumer with the licensee's email: a clash in both tables names the licensee.
  must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Twin", "LENA@example.com")));
  const std::string licensee = "licensee " + lena.id.str();
  const std::string consumer = "license consumer " + carl.id.str();

  auto in = named("New");
  std::string field, value, owner;
  SECTION("naturalId (a consumer's) before email (a licensee's)") {
    in.fields.natural_id = value = "nat-C";
    in.fields.email = "lena@example.com";
    field = fld::kNaturalId;
    owner = consumer;
  }
  SECTION("naturalId before email, both a consumer's") {
    in.fields.natural_id = value = "nat-C";
    in.fields.email = "carl@example.com";
    field = fld::kNaturalId;
    owner = consumer;
  }
  SECTION("email (a consumer's) before externalReference (a licensee's)") {
    in.fields.email = value = "carl@example.com";
    in.fields.external_reference = "ext-L";
    field = fld::kEmail;
    owner = consumer;
  }
  SECTION("externalReference (a licensee's) before connectedIdentityId (a consumer's)") {
    in.fields.external_reference = value = "ext-L";
    in.connected_identity_id = "oidc|C";
    field = fld::kExternalReference;
    owner = licensee;
  }
  SECTION("one email held in both tables: the licensee's") {
    in.fields.email = value = "lena@EXAMPLE.com";
    field = fld::kEmail;
    owner = licensee;
  }
  auto err = must_fail(fx.store.setup_user(in));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == field);
  CHECK(err.reason == msg::already_used(value, owner));
  CHECK(counts_are(fx.store.counts(), 1, 1, 2));
}

TEST_CASE("setup-organization may use an email that a consumer has", "[store][licensee]") {
  StoreFixture fx;
  must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Ada", "ada@example.com")));
  CHECK(fx.store.setup_organization(with_email("Ada Oy", "ada@example.com")).ok());
}

// ------------------------------------------------------------------ reading

TEST_CASE("licensees are found by id, by email in any case and by exact naturalId",
          "[store][licensee]") {
  StoreFixture fx;
  auto in = with_email("Acme", "Sales@Acme.example");
  in.fields.natural_id = "crm-9";
  Licensee lic = must(fx.store.setup_organization(in));

  CHECK(must(fx.store.get_licensee(lic.id)) == lic);
  CHECK(must(fx.store.find_licensee_by_email("sales@acme.EXAMPLE")) == lic);
  CHECK(must(fx.store.find_licensee_by_natural_id("crm-9")) == lic);

  auto e1 = must_fail(fx.store.get_licensee(unknown_id()));
  CHECK(e1.kind == ErrorKind::kNotFound);
  CHECK(e1.reason == msg::no_such("licensee", unknown_id().str()));
  auto e2 = must_fail(fx.store.find_licensee_by_email("nobody@acme.example"));
  CHECK(e2.kind == ErrorKind::kNotFound);
  CHECK(e2.reason == msg::no_such_by("licensee", fld::kEmail, "nobody@acme.example"));
  auto e3 = must_fail(fx.store.find_licensee_by_natural_id("CRM-9"));
  CHECK(e3.kind == ErrorKind::kNotFound);
  CHECK(e3.reason == msg::no_such_by("licensee", fld::kNaturalId, "CRM-9"));
}

TEST_CASE("licensees list in order of created, then id, paged by offset and limit with the total",
          "[store][licensee]") {
  StoreFixture fx;
  fx.clock->set(kStart + 1000);
  Licensee late = org(fx, "late");
  fx.clock->set(kStart);
  Licensee early = org(fx, "early");
  fx.clock->set(kStart + 500);
  Licensee mid1 = org(fx, "mid1");
  Licensee mid2 = org(fx, "mid2");
  Licensee mid3 = org(fx, "mid3");

  std::vector<Licensee> mids = {mid1, mid2, mid3};
  std::sort(mids.begin(), mids.end(),
            [](const Licensee& a, const Licensee& b) { return a.id < b.id; });
  const std::vector<Uuid> expected = {early.id, mids[0].id, mids[1].id, mids[2].id, late.id};

  auto everything = fx.store.list_licensees(d::Page{});
  CHECK(everything.total == 5);
  CHECK(ids_of(everything.items) == expected);

  auto page = [&](std::size_t offset, std::size_t limit) {
    return fx.store.list_licensees(d::Page{offset, limit});
  };
  CHECK(ids_of(page(0, 2).items) == std::vector<Uuid>{expected[0], expected[1]});
  CHECK(ids_of(page(2, 2).items) == std::vector<Uuid>{expected[2], expected[3]});
  CHECK(ids_of(page(4, 2).items) == std::vector<Uuid>{expected[4]});
  CHECK(page(5, 2).items.empty());
  CHECK(page(50, 2).items.empty());
  CHECK(page(0, 0).items.empty());
  for (auto [o, l] : {std::pair<std::size_t, std::size_t>{0, 2}, {4, 2}, {5, 2}, {50, 2}, {0, 0}})
    CHECK(page(o, l).total == 5);
}

// ------------------------------------------------------------------ update

TEST_CASE(
    "updating a licensee replaces the editable fields: absent optional ones become null, "
    "an absent naturalId is kept",
    "[store][licensee]") {
  StoreFixture fx;
  auto in = full_setup();
  Licensee before = must(fx.store.setup_organization(in));
  fx.clock->advance(60000);

  d::LicenseeUpdate up;
  up.fields.name = "Ada King";
  Licensee after = must(fx.store.update_licensee(before.id, up));
  CHECK(after.name == "Ada King");
  CHECK(after.display_name == std::nullopt);
  CHECK(after.email == std::nullopt);
  CHECK(after.description == std::nullopt);
  CHECK(after.external_reference == std::nullopt);
  CHECK(after.natural_id == "crm-1001");
  CHECK(after.type == LicenseeType::kOrganization);
  CHECK(after.id == before.id);
  CHECK(after.created == kStart);
  CHECK(after.modified == kStart + 60000);
  CHECK(must(fx.store.get_licensee(before.id)) == after);
  // The old email is free again.
  CHECK(must_fail(fx.store.find_licensee_by_email("ada@example.com")).kind == ErrorKind::kNotFound);
  CHECK(fx.store.setup_organization(with_email("Other", "ada@example.com")).ok());
}

TEST_CASE("updating a licensee with a naturalId changes it", "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = org(fx, "Acme");
  auto up = same_as(lic);
  up.fields.natural_id = "crm-new";
  CHECK(must(fx.store.update_licensee(lic.id, up)).natural_id == "crm-new");
  CHECK(must(fx.store.find_licensee_by_natural_id("crm-new")).id == lic.id);
  CHECK_FALSE(fx.store.find_licensee_by_natural_id(lic.natural_id).ok());
}

TEST_CASE("updating a licensee sets modified to now even when nothing changed",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = org(fx, "Acme", "a@acme.example");
  fx.clock->advance(1234);
  Licensee again = must(fx.store.update_licensee(lic.id, same_as(lic)));
  CHECK(again.modified == kStart + 1234);
  CHECK(again.created == kStart);
  Licensee expected = lic;
  expected.modified = kStart + 1234;
  CHECK(again == expected);
}

TEST_CASE(
    "updating a licensee with an id, type, created or modified that differs is invalid on "
    "that field and changes nothing",
    "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = org(fx, "Acme");
  Licensee other = org(fx, "Other");
  fx.clock->advance(10);

  SECTION("matching values are accepted") {
    auto up = same_as(lic);
    up.id = lic.id;
    up.type = LicenseeType::kOrganization;
    up.created = lic.created;
    up.modified = lic.modified;
    CHECK(fx.store.update_licensee(lic.id, up).ok());
  }
  auto up = same_as(lic);
  up.fields.name = "Renamed";
  std::string field, reason;
  SECTION("id") {
    up.id = other.id;
    field = fld::kId;
    reason = msg::must_match(other.id.str(), lic.id.str());
  }
  SECTION("type") {
    up.type = LicenseeType::kPerson;
    field = fld::kType;
    reason = msg::must_match("PERSON", "ORGANIZATION");
  }
  SECTION("created") {
    up.created = lic.created + 1;
    field = fld::kCreated;
    reason =
        msg::must_match(d::format_timestamp(lic.created + 1), d::format_timestamp(lic.created));
  }
  SECTION("modified") {
    up.modified = lic.modified - 1;
    field = fld::kModified;
    reason =
        msg::must_match(d::format_timestamp(lic.modified - 1), d::format_timestamp(lic.modified));
  }
  if (!field.empty()) {
    auto err = must_fail(fx.store.update_licensee(lic.id, up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == field);
    CHECK(err.reason == reason);
    CHECK(must(fx.store.get_licensee(lic.id)) == lic);
  }
}

TEST_CASE("updating a licensee with broken fields is invalid and changes nothing",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = org(fx, "Acme", "a@acme.example");
  auto up = same_as(lic);
  up.fields.name = std::nullopt;
  auto err = must_fail(fx.store.update_licensee(lic.id, up));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kName);
  CHECK(err.reason == msg::required());
  up = same_as(lic);
  up.fields.email = " a@acme.example";
  err = must_fail(fx.store.update_licensee(lic.id, up));
  CHECK(err.field == fld::kEmail);
  CHECK(err.reason == msg::bad_email(" a@acme.example"));
  CHECK(must(fx.store.get_licensee(lic.id)) == lic);

  auto missing = must_fail(fx.store.update_licensee(unknown_id(), same_as(lic)));
  CHECK(missing.kind == ErrorKind::kNotFound);
  CHECK(missing.reason == msg::no_such("licensee", unknown_id().str()));
}

TEST_CASE("updating a licensee checks uniqueness again against the others, not against itself",
          "[store][licensee]") {
  StoreFixture fx;
  auto a_in = with_email("A", "a@acme.example");
  a_in.fields.external_reference = "ext-a";
  a_in.fields.natural_id = "nat-a";
  Licensee a = must(fx.store.setup_organization(a_in));
  auto b_in = with_email("B", "b@acme.example");
  b_in.fields.external_reference = "ext-b";
  b_in.fields.natural_id = "nat-b";
  Licensee b = must(fx.store.setup_organization(b_in));

  SECTION("its own values, the email in another case, are fine") {
    auto up = same_as(a);
    up.fields.email = "A@ACME.example";
    CHECK(must(fx.store.update_licensee(a.id, up)).email == "A@ACME.example");
  }
  auto up = same_as(a);
  std::string field, value;
  SECTION("naturalId of another") {
    up.fields.natural_id = value = "nat-b";
    field = fld::kNaturalId;
  }
  SECTION("email of another, in another case") {
    up.fields.email = value = "B@acme.example";
    field = fld::kEmail;
  }
  SECTION("externalReference of another") {
    up.fields.external_reference = value = "ext-b";
    field = fld::kExternalReference;
  }
  if (!field.empty()) {
    auto err = must_fail(fx.store.update_licensee(a.id, up));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == field);
    CHECK(err.reason == msg::already_used(value, "licensee " + b.id.str()));
    CHECK(must(fx.store.get_licensee(a.id)) == a);
  }
}

TEST_CASE("updating a PERSON licensee neither copies to its consumer nor checks consumers",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_user(full_setup()));
  auto con = must(fx.store.find_consumer_by_email("ada@example.com"));
  auto device = must(fx.store.create_consumer(
      consumer_input(ConsumerType::kDevice, "Phone", "phone@example.com")));

  auto up = same_as(lic);
  up.fields.name = "Ada King";
  up.fields.email = "phone@example.com";  // a consumer's email: not checked
  up.fields.display_name = std::nullopt;
  fx.clock->advance(5);
  Licensee after = must(fx.store.update_licensee(lic.id, up));
  CHECK(after.email == "phone@example.com");
  CHECK(must(fx.store.get_consumer(con.id)) == con);
  CHECK(must(fx.store.get_consumer(device.id)) == device);
}

// ------------------------------------------------------------------ delete

TEST_CASE(
    "deleting a licensee removes its containers, their grants and its associations, and "
    "keeps the consumers",
    "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_user(full_setup()));
  Licensee keep = org(fx, "Keep");
  auto person = must(fx.store.find_consumer_by_email("ada@example.com"));
  auto device = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Dev")));
  auto extra = must(fx.store.create_container(lic.id, container_named("extra")));
  must(fx.store.grant(lic.id, ContainerRef::Of(extra.id), device.id));
  must(fx.store.associate(keep.id, device.id));
  REQUIRE(counts_are(fx.store.counts(), 2, 3, 2));

  must(fx.store.delete_licensee(lic.id));

  CHECK(counts_are(fx.store.counts(), 1, 1, 2));
  CHECK(must_fail(fx.store.get_licensee(lic.id)).kind == ErrorKind::kNotFound);
  CHECK(must_fail(fx.store.list_containers(lic.id, all())).kind == ErrorKind::kNotFound);
  CHECK(must(fx.store.get_consumer(person.id)) == person);
  CHECK(must(fx.store.get_consumer(device.id)) == device);
  // The other licensee's relations are untouched.
  CHECK(associated(fx.store, keep.id) == std::vector<Uuid>{device.id});
  CHECK(with_access(fx.store, keep.id, ContainerRef::Default()) == std::vector<Uuid>{device.id});
  // Nothing in the state refers to the deleted records any more.
  auto doc = fx.store.dump();
  REQUIRE(doc.licensees.size() == 1);
  CHECK(doc.licensees[0].id == keep.id);
  CHECK(invariant_violations(doc).empty());
  // The email and naturalId are free again.
  CHECK(fx.store.setup_organization(with_email("Again", "ada@example.com")).ok());

  auto err = must_fail(fx.store.delete_licensee(lic.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_such("licensee", lic.id.str()));
}

TEST_CASE(
    "delete-user deletes a PERSON licensee and the PERSON consumer with its email in any "
    "case",
    "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Ada", "Ada@Example.com");
  auto person = must(fx.store.find_consumer_by_email("ada@example.com"));
  auto other = must(
      fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Bob", "bob@example.com")));
  // The licensee's email in another case still finds the consumer.
  auto up = same_as(lic);
  up.fields.email = "ADA@EXAMPLE.COM";
  must(fx.store.update_licensee(lic.id, up));
  REQUIRE(counts_are(fx.store.counts(), 1, 1, 2));

  must(fx.store.delete_user(lic.id));

  CHECK(counts_are(fx.store.counts(), 0, 0, 1));
  CHECK(must_fail(fx.store.get_consumer(person.id)).kind == ErrorKind::kNotFound);
  CHECK(must(fx.store.get_consumer(other.id)) == other);
}

TEST_CASE("delete-user matches the licensee's current email, not the one it was set up with",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Ada", "ada@example.com");
  auto original = must(fx.store.find_consumer_by_email("ada@example.com"));
  auto bob = must(
      fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Bob", "bob@example.com")));
  auto up = same_as(lic);
  up.fields.email = "Bob@example.com";
  must(fx.store.update_licensee(lic.id, up));

  must(fx.store.delete_user(lic.id));
  CHECK(must(fx.store.get_consumer(original.id)) == original);
  CHECK_FALSE(fx.store.get_consumer(bob.id).ok());
  CHECK(fx.store.counts().consumers == 1);
}

TEST_CASE("delete-user keeps a consumer with the email that is not a PERSON", "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Ada", "ada@example.com");
  auto con = must(fx.store.find_consumer_by_email("ada@example.com"));
  auto up = same_as(con);
  up.type = ConsumerType::kDevice;
  con = must(fx.store.update_consumer(con.id, up));

  must(fx.store.delete_user(lic.id));
  CHECK(counts_are(fx.store.counts(), 0, 0, 1));
  CHECK(must(fx.store.get_consumer(con.id)) == con);
}

TEST_CASE("delete-user of a licensee without email removes no consumer", "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Anonymous");
  must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Also anonymous")));
  REQUIRE(counts_are(fx.store.counts(), 1, 1, 2));
  must(fx.store.delete_user(lic.id));
  CHECK(counts_are(fx.store.counts(), 0, 0, 2));
}

TEST_CASE("delete-user of an ORGANIZATION licensee is invalid and deletes nothing",
          "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = org(fx, "Acme", "ada@example.com");
  must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Ada", "ada@example.com")));
  auto err = must_fail(fx.store.delete_user(lic.id));
  CHECK(err.kind == ErrorKind::kInvalid);
  CHECK(err.field == fld::kLicenseeId);
  CHECK(err.reason == msg::delete_user_needs_person(lic.id.str(), "ORGANIZATION"));
  CHECK(counts_are(fx.store.counts(), 1, 1, 1));

  CHECK(must_fail(fx.store.delete_user(unknown_id())).kind == ErrorKind::kNotFound);
}

TEST_CASE("a plain delete of a PERSON licensee keeps its consumer", "[store][licensee]") {
  StoreFixture fx;
  Licensee lic = user(fx, "Ada", "ada@example.com");
  must(fx.store.delete_licensee(lic.id));
  CHECK(counts_are(fx.store.counts(), 0, 0, 1));
  CHECK(fx.store.find_consumer_by_email("ada@example.com").ok());
}
