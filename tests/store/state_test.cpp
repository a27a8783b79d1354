#include "license_fixture.hpp"

using namespace scale::testing;

namespace {

// Fixed ids, so that documents can refer to their own records.
struct DocIds {
  Uuid acme = uuid("a0000000-0000-4000-8000-000000000001");
  Uuid solo = uuid("a0000000-0000-4000-8000-000000000002");
  Uuid acme_default = uuid("b0000000-0000-4000-8000-000000000001");
  Uuid acme_seats = uuid("b0000000-0000-4000-8000-000000000002");
  Uuid ada = uuid("c0000000-0000-4000-8000-000000000001");
  Uuid dev = uuid("c0000000-0000-4000-8000-000000000002");
  Uuid key = uuid("c0000000-0000-4000-8000-000000000003");
};

d::ContainerRecord container_record(std::optional<Uuid> id, std::string name, bool as_default,
                                    std::vector<Uuid> consumers = {}) {
  d::ContainerRecord c;
  c.id = id;
  c.name = std::move(name);
  c.used_as_default = as_default;
  c.consumer_ids = std::move(consumers);
  return c;
}

d::ConsumerRecord consumer_record(std::optional<Uuid> id, std::optional<ConsumerType> type,
                                  std::string name, d::OptText email = std::nullopt) {
  d::ConsumerRecord c;
  c.id = id;
  c.type = type;
  c.fields.name = std::move(name);
  c.fields.email = std::move(email);
  return c;
}

d::LicenseeRecord licensee_record(std::optional<Uuid> id, std::optional<LicenseeType> type,
                                  std::string name, d::OptText email = std::nullopt) {
  d::LicenseeRecord l;
  l.id = id;
  l.type = type;
  l.fields.name = std::move(name);
  l.fields.email = std::move(email);
  return l;
}

// A valid document that uses every part of the shape:
//   /licenseConsumers/0 ada (PERSON), /1 dev (DEVICE), /2 key (LICENSE_KEY)
//   /licensees/0 acme (ORGANIZATION) with containers /0 default (ada) and /1 seats, and dev
//   associated; /licensees/1 solo (PERSON) without containers, ada associated.
d::StateDocument valid_document(const DocIds& ids = {}) {
  d::StateDocument doc;
  doc.consumers.push_back(
      consumer_record(ids.ada, ConsumerType::kPerson, "Ada", "ada@example.com"));
  doc.consumers.push_back(consumer_record(ids.dev, ConsumerType::kDevice, "Dev"));
  doc.consumers.push_back(consumer_record(ids.key, ConsumerType::kLicenseKey, "KEY-1"));

  auto acme = licensee_record(ids.acme, LicenseeType::kOrganization, "Acme", "acme@example.com");
  acme.containers.push_back(container_record(ids.acme_default, "default", true, {ids.ada}));
  acme.containers.push_back(container_record(ids.acme_seats, "seats", false));
  acme.consumer_ids = {ids.dev};
  doc.licensees.push_back(acme);
  auto solo = licensee_record(ids.solo, LicenseeType::kPerson, "Solo", "solo@example.com");
  solo.consumer_ids = {ids.ada};
  doc.licensees.push_back(solo);
  return doc;
}

// A store with some state of its own, made through the API.
void populate(StoreFixture& fx) {
  must(fx.store.setup_organization(with_email("Existing Oy", "existing@example.com")));
  must(fx.store.setup_user(with_email("Existing Person", "person@example.com")));
}

}  // namespace

// ------------------------------------------------------------------ loading

TEST_CASE("replace loads every part of a state document", "[store][state]") {
  StoreFixture fx;
  const DocIds ids;
  d::StateDocument doc = valid_document(ids);
  // Fill in what the plain valid document leaves out.
  auto& ada = doc.consumers[0];
  ada.fields.display_name = "Ada L";
  ada.fields.display_label = "AL";
  ada.fields.connected_identity_id = "oidc|ada";
  ada.fields.contact_info = "+358";
  ada.fields.description = "d";
  ada.fields.external_reference = "ext-ada";
  ada.fields.natural_id = "nat-ada";
  ada.created = kStart - 5000;
  ada.modified = kStart - 1000;
  doc.consumers[1].created = kStart - 4000;  // dev: modified absent, so equal to created
  // A consumer with nothing but type and name: id, naturalId, created, modified generated.
  doc.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kDevice, "Anonymous"));
  auto& acme = doc.licensees[0];
  acme.fields.display_name = "Acme Oy";
  acme.fields.natural_id = "crm-1001";
  acme.fields.description = "customer";
  acme.fields.external_reference = "shop-77";
  acme.created = kStart - 9000;
  acme.modified = kStart - 8000;
  acme.containers[1].consumer_ids = {ids.dev};
  acme.containers[1].created = kStart - 7000;
  acme.containers[1].modified = kStart - 6000;

  must(fx.store.replace(doc));
  CHECK(counts_are(fx.store.counts(), 2, 3, 4));

  Licensee l = must(fx.store.get_licensee(ids.acme));
  CHECK(l.type == LicenseeType::kOrganization);
  CHECK(l.name == "Acme");
  CHECK(l.display_name == "Acme Oy");
  CHECK(l.natural_id == "crm-1001");
  CHECK(l.email == "acme@example.com");
  CHECK(l.description == "customer");
  CHECK(l.external_reference == "shop-77");
  CHECK(l.created == kStart - 9000);
  CHECK(l.modified == kStart - 8000);

  LicenseContainer def = must(fx.store.get_container(ids.acme, ContainerRef::Default()));
  CHECK(def.id == ids.acme_default);
  CHECK(def.name == "default");
  CHECK(def.created == kStart - 9000);  // absent: the licensee's
  CHECK(def.modified == kStart - 9000);
  LicenseContainer seats = must(fx.store.get_container(ids.acme, ContainerRef::Of(ids.acme_seats)));
  CHECK(seats.name == "seats");
  CHECK_FALSE(seats.used_as_default);
  CHECK(seats.created == kStart - 7000);
  CHECK(seats.modified == kStart - 6000);
  CHECK(with_access(fx.store, ids.acme, ContainerRef::Default()) == std::vector<Uuid>{ids.ada});
  CHECK(with_access(fx.store, ids.acme, ContainerRef::Of(ids.acme_seats)) ==
        std::vector<Uuid>{ids.dev});
  // Access implies association: ada (created first) is associated through the default container.
  CHECK(associated(fx.store, ids.acme) == std::vector<Uuid>{ids.ada, ids.dev});

  Licensee solo = must(fx.store.get_licensee(ids.solo));
  CHECK(solo.type == LicenseeType::kPerson);
  CHECK_FALSE(solo.natural_id.empty());
  CHECK(solo.created == kStart);
  CHECK(solo.modified == kStart);
  auto solo_boxes = containers(fx.store, ids.solo);
  REQUIRE(solo_boxes.size() == 1);
  CHECK(solo_boxes[0].name == "default");
  CHECK(solo_boxes[0].used_as_default);
  CHECK(solo_boxes[0].created == kStart);
  CHECK(associated(fx.store, ids.solo) == std::vector<Uuid>{ids.ada});
  CHECK(with_access(fx.store, ids.solo, ContainerRef::Default()).empty());

  LicenseConsumer a = must(fx.store.get_consumer(ids.ada));
  CHECK(a.type == ConsumerType::kPerson);
  CHECK(a.display_name == "Ada L");
  CHECK(a.display_label == "AL");
  CHECK(a.connected_identity_id == "oidc|ada");
  CHECK(a.contact_info == "+358");
  CHECK(a.description == "d");
  CHECK(a.external_reference == "ext-ada");
  CHECK(a.natural_id == "nat-ada");
  CHECK(a.created == kStart - 5000);
  CHECK(a.modified == kStart - 1000);
  LicenseConsumer dv = must(fx.store.get_consumer(ids.dev));
  CHECK(dv.type == ConsumerType::kDevice);
  CHECK(dv.modified == kStart - 4000);
  LicenseConsumer k = must(fx.store.get_consumer(ids.key));
  CHECK(k.type == ConsumerType::kLicenseKey);
  CHECK(k.name == "KEY-1");
  auto listed = fx.store.list_consumers(all()).items;
  auto anon_it = std::find_if(listed.begin(), listed.end(),
                              [](const LicenseConsumer& c) { return c.name == "Anonymous"; });
  REQUIRE(anon_it != listed.end());
  const LicenseConsumer anon = *anon_it;
  CHECK(anon.created == kStart);
  CHECK(anon.modified == kStart);
  CHECK_FALSE(anon.natural_id.empty());
  CHECK(anon.id != ids.ada);

  CHECK(invariant_violations(fx.store.dump()).empty());
}

TEST_CASE("a licensee loaded without containers gets a default container named \"default\"",
          "[store][state]") {
  StoreFixture fx;
  d::StateDocument doc;
  doc.licensees.push_back(licensee_record(std::nullopt, LicenseeType::kOrganization, "Bare"));
  must(fx.store.replace(doc));
  auto lic = fx.store.list_licensees(all()).items;
  REQUIRE(lic.size() == 1);
  auto boxes = containers(fx.store, lic[0].id);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].name == "default");
  CHECK(boxes[0].used_as_default);
  CHECK(boxes[0].licensee_id == lic[0].id);
}

TEST_CASE("records loaded without id and created list in the document's order", "[store][state]") {
  StoreFixture fx;
  d::StateDocument doc;
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) {
    names.push_back("Licensee " + std::to_string(1000 - i));  // not in name order either
    doc.licensees.push_back(
        licensee_record(std::nullopt, LicenseeType::kOrganization, names.back()));
    doc.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kDevice, names.back()));
  }
  must(fx.store.replace(doc));
  std::vector<std::string> licensees, consumers;
  for (const auto& l : fx.store.list_licensees(all()).items) licensees.push_back(l.name);
  for (const auto& c : fx.store.list_consumers(all()).items) consumers.push_back(c.name);
  CHECK(licensees == names);
  CHECK(consumers == names);
}

TEST_CASE("a load skips a generated id that a record of the document has", "[store][state]") {
  StoreFixture fx(7);
  // The first two ids a generator seeded with 7 gives: the ones the load below draws for the
  // licensee and its default container. The consumer, loaded first, already has both.
  d::SeededIdGenerator same(7);
  const Uuid first = same.next();
  const Uuid second = same.next();
  d::StateDocument doc;
  doc.consumers.push_back(consumer_record(first, ConsumerType::kDevice, "First"));
  doc.consumers.push_back(consumer_record(second, ConsumerType::kDevice, "Second"));
  doc.licensees.push_back(licensee_record(std::nullopt, LicenseeType::kOrganization, "Acme"));
  must(fx.store.replace(doc));
  auto lic = fx.store.list_licensees(all()).items;
  REQUIRE(lic.size() == 1);
  auto boxes = containers(fx.store, lic[0].id);
  REQUIRE(boxes.size() == 1);
  for (const Uuid& taken : {first, second}) {
    CHECK(lic[0].id != taken);
    CHECK(boxes[0].id != taken);
  }
  CHECK(lic[0].id != boxes[0].id);
}

TEST_CASE("replace drops the previous state", "[store][state]") {
  StoreFixture fx;
  populate(fx);
  must(fx.store.replace(valid_document()));
  CHECK(counts_are(fx.store.counts(), 2, 3, 3));
  CHECK_FALSE(fx.store.find_licensee_by_email("existing@example.com").ok());
  CHECK_FALSE(fx.store.find_consumer_by_email("person@example.com").ok());
  // Its unique values are free again.
  CHECK(fx.store.setup_user(with_email("Existing Person", "person@example.com")).ok());

  must(fx.store.replace(d::StateDocument{}));
  CHECK(counts_are(fx.store.counts(), 0, 0, 0));
}

// ------------------------------------------------------------------ dump

TEST_CASE("a dump loaded into a fresh store dumps identically", "[store][state]") {
  StoreFixture fx;
  // A state made through the API, with every kind of record and relation.
  Licensee acme = must(fx.store.setup_organization(with_email("Acme", "acme@example.com")));
  fx.clock->advance(1000);
  auto person_in = with_email("Ada", "ada@example.com");
  person_in.fields.display_name = "Ada L";
  person_in.fields.description = "person";
  person_in.fields.external_reference = "ext-ada";
  person_in.connected_identity_id = "oidc|ada";
  Licensee ada = must(fx.store.setup_user(person_in));
  fx.clock->advance(1000);
  auto dev_in = consumer_input(ConsumerType::kDevice, "Dev", "dev@example.com");
  dev_in.fields.display_label = "label";
  dev_in.fields.contact_info = "contact";
  LicenseConsumer dev = must(fx.store.create_consumer(dev_in));
  LicenseContainer seats = must(fx.store.create_container(acme.id, container_named("seats")));
  must(fx.store.create_container(acme.id, d::ContainerCreate{}));  // unnamed
  fx.clock->advance(1000);
  must(fx.store.create_container(ada.id, container_named("new default", true)));
  must(fx.store.grant(acme.id, ContainerRef::Of(seats.id), dev.id));
  must(fx.store.associate(acme.id, must(fx.store.find_consumer_by_email("ada@example.com")).id));
  fx.clock->advance(1000);
  auto up = same_as(acme);
  up.fields.description = "edited later";
  must(fx.store.update_licensee(acme.id, up));
  d::StateDocument keys;
  keys.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kLicenseKey, "KEY-9"));
  must(fx.store.merge(keys));

  const d::StateDocument first = fx.store.dump();
  REQUIRE(first.licensees.size() == 2);
  REQUIRE(first.consumers.size() == 3);
  CHECK(first.licensees[0].containers.size() == 3);
  CHECK(first.licensees[1].containers.size() == 2);
  CHECK(first.consumers[2].type == ConsumerType::kLicenseKey);
  CHECK(invariant_violations(first).empty());
  // The dump lists records as the lists do: by created, then id.
  CHECK(first.licensees[0].id == fx.store.list_licensees(all()).items[0].id);
  CHECK(first.consumers[0].id == fx.store.list_consumers(all()).items[0].id);

  // Another seed and another clock: nothing may be generated anew.
  StoreFixture fresh(99);
  fresh.clock->set(kStart + 123456789);
  must(fresh.store.replace(first));
  const d::StateDocument second = fresh.store.dump();
  CHECK(describe(second) == describe(first));

  // The reloaded records read back as the originals.
  CHECK(must(fresh.store.get_licensee(acme.id)) == must(fx.store.get_licensee(acme.id)));
  CHECK(fresh.store.list_consumers(all()).items == fx.store.list_consumers(all()).items);
  CHECK(associated(fresh.store, acme.id) == associated(fx.store, acme.id));
}

TEST_CASE("the state description used to compare dumps tells different documents apart",
          "[store][state]") {
  // Guards the comparison above: a helper that ignored fields would make it pass vacuously.
  const d::StateDocument base = valid_document();
  const std::string text = describe(base);
  auto differs = [&](auto change) {
    d::StateDocument doc = base;
    change(doc);
    return describe(doc) != text;
  };
  CHECK(differs([](d::StateDocument& x) { x.licensees[0].fields.description = "x"; }));
  CHECK(differs([](d::StateDocument& x) { x.licensees[0].modified = 1; }));
  CHECK(differs([](d::StateDocument& x) { x.licensees[0].containers[1].name = std::nullopt; }));
  CHECK(differs(
      [](d::StateDocument& x) { x.licensees[0].containers[1].consumer_ids.push_back({}); }));
  CHECK(differs([](d::StateDocument& x) { x.licensees[1].consumer_ids.clear(); }));
  CHECK(differs([](d::StateDocument& x) { x.consumers[1].fields.contact_info = "c"; }));
  CHECK(differs([](d::StateDocument& x) { x.consumers[1].fields.connected_identity_id = "c"; }));
  CHECK(differs([](d::StateDocument& x) { x.consumers[1].fields.display_label = "c"; }));
  CHECK(differs([](d::StateDocument& x) { x.consumers[2].type = ConsumerType::kDevice; }));
  CHECK_FALSE(differs([](d::StateDocument&) {}));
}

// ------------------------------------------------------------------ violations

TEST_CASE(
    "a document that breaks a rule is refused with the JSON pointer of the offending value, "
    "and nothing of it is kept",
    "[store][state]") {
  StoreFixture fx;
  populate(fx);
  const std::string before = describe(fx.store.dump());
  const auto counts_before = fx.store.counts();

  const DocIds ids;
  d::StateDocument doc = valid_document(ids);
  auto& acme = doc.licensees[0];
  auto& solo = doc.licensees[1];
  const Uuid stranger = unknown_id();
  std::string pointer, reason;

  SECTION("an email used twice among licensees, in another case") {
    solo.fields.email = "ACME@example.com";
    pointer = "/licensees/1/email";
    reason = msg::already_used("ACME@example.com", "/licensees/0");
  }
  SECTION("an email used twice among consumers") {
    doc.consumers[1].fields.email = "Ada@Example.com";
    pointer = "/licenseConsumers/1/email";
    reason = msg::already_used("Ada@Example.com", "/licenseConsumers/0");
  }
  SECTION("a naturalId used twice among licensees") {
    acme.fields.natural_id = "crm-1";
    solo.fields.natural_id = "crm-1";
    pointer = "/licensees/1/naturalId";
    reason = msg::already_used("crm-1", "/licensees/0");
  }
  SECTION("an externalReference used twice among consumers") {
    doc.consumers[0].fields.external_reference = "ext";
    doc.consumers[2].fields.external_reference = "ext";
    pointer = "/licenseConsumers/2/externalReference";
    reason = msg::already_used("ext", "/licenseConsumers/0");
  }
  SECTION("a licensee without type") {
    solo.type = std::nullopt;
    pointer = "/licensees/1/type";
    reason = msg::required();
  }
  SECTION("a consumer without type") {
    doc.consumers[2].type = std::nullopt;
    pointer = "/licenseConsumers/2/type";
    reason = msg::required();
  }
  SECTION("a bad email") {
    solo.fields.email = "solo@example";
    pointer = "/licensees/1/email";
    reason = msg::bad_email("solo@example");
  }
  SECTION("a blank name") {
    doc.consumers[1].fields.name = " ";
    pointer = "/licenseConsumers/1/name";
    reason = msg::blank();
  }
  SECTION("a container name that is too long") {
    acme.containers[1].name = std::string(256, 'n');
    pointer = "/licensees/0/licenseContainers/1/name";
    reason = msg::too_long(255);
  }
  SECTION("an unknown consumer id among a licensee's consumers") {
    acme.consumer_ids.push_back(stranger);
    pointer = "/licensees/0/licenseConsumerIds/1";
    reason = msg::no_such("license consumer", stranger.str());
  }
  SECTION("an unknown consumer id among a container's consumers") {
    acme.containers[1].consumer_ids = {stranger};
    pointer = "/licensees/0/licenseContainers/1/licenseConsumerIds/0";
    reason = msg::no_such("license consumer", stranger.str());
  }
  SECTION("a LICENSE_KEY consumer associated with a licensee") {
    solo.consumer_ids.push_back(ids.key);
    pointer = "/licensees/1/licenseConsumerIds/1";
    reason = msg::license_key_relation(ids.key.str());
  }
  SECTION("a LICENSE_KEY consumer with access to a container") {
    acme.containers[0].consumer_ids.push_back(ids.key);
    pointer = "/licensees/0/licenseContainers/0/licenseConsumerIds/1";
    reason = msg::license_key_relation(ids.key.str());
  }
  SECTION("a LICENSE_KEY consumer with a connectedIdentityId") {
    doc.consumers[2].fields.connected_identity_id = "oidc|key";
    pointer = "/licenseConsumers/2/connectedIdentityId";
    reason = msg::license_key_no_identity();
  }
  SECTION("two default containers") {
    acme.containers[1].used_as_default = true;
    pointer = "/licensees/0/licenseContainers/1/usedAsDefault";
  }
  SECTION("no default container") {
    acme.containers[0].used_as_default = false;
    pointer = "/licensees/0/licenseContainers";
  }
  SECTION("two licensees with one id") {
    solo.id = ids.acme;
    pointer = "/licensees/1/id";
    reason = msg::already_used(ids.acme.str(), "/licensees/0");
  }
  SECTION("two consumers with one id") {
    doc.consumers[1].id = ids.ada;
    pointer = "/licenseConsumers/1/id";
    reason = msg::already_used(ids.ada.str(), "/licenseConsumers/0");
  }
  SECTION("a container with a consumer's id") {
    acme.containers[1].id = ids.dev;
    pointer = "/licensees/0/licenseContainers/1/id";
    reason = msg::already_used(ids.dev.str(), "/licenseConsumers/1");
  }
  SECTION("a licensee with a container's id") {
    solo.id = ids.acme_seats;
    pointer = "/licensees/1/id";
    reason = msg::already_used(ids.acme_seats.str(), "/licensees/0/licenseContainers/1");
  }

  for (bool merging : {false, true}) {
    INFO((merging ? "merge" : "replace"));
    auto status = merging ? fx.store.merge(doc) : fx.store.replace(doc);
    auto err = must_fail(status);
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == pointer);
    if (!reason.empty()) CHECK(err.reason == reason);
    CHECK(err.description().rfind(pointer, 0) == 0);
    CHECK(describe(fx.store.dump()) == before);
    CHECK(counts_are(fx.store.counts(), counts_before.licensees, counts_before.containers,
                     counts_before.consumers));
  }
  // The same document, repaired, loads.
  CHECK(fx.store.replace(valid_document(ids)).ok());
}

// ------------------------------------------------------------------ merge

TEST_CASE("merge adds the document's records to the state and keeps what was there",
          "[store][state]") {
  StoreFixture fx;
  populate(fx);
  LicenseConsumer existing = must(fx.store.find_consumer_by_email("person@example.com"));
  const auto before = fx.store.dump();

  const DocIds ids;
  d::StateDocument doc = valid_document(ids);
  // A merged licensee may relate to a consumer that was there before.
  doc.licensees[0].containers[1].consumer_ids = {existing.id};
  must(fx.store.merge(doc));

  CHECK(counts_are(fx.store.counts(), 4, 5, 4));
  CHECK(fx.store.find_licensee_by_email("existing@example.com").ok());
  CHECK(must(fx.store.get_licensee(ids.acme)).name == "Acme");
  CHECK(with_access(fx.store, ids.acme, ContainerRef::Of(ids.acme_seats)) ==
        std::vector<Uuid>{existing.id});
  // The existing records are unchanged.
  for (const auto& rec : before.licensees) {
    auto now = must(fx.store.get_licensee(*rec.id));
    CHECK(now.name == *rec.fields.name);
    CHECK(now.modified == *rec.modified);
  }
  CHECK(invariant_violations(fx.store.dump()).empty());
}

TEST_CASE("merge with an id that exists already is a conflict and changes nothing",
          "[store][state]") {
  StoreFixture fx;
  populate(fx);
  const std::string before = describe(fx.store.dump());
  Licensee org = must(fx.store.find_licensee_by_email("existing@example.com"));
  LicenseContainer box = must(fx.store.get_container(org.id, ContainerRef::Default()));
  LicenseConsumer con = must(fx.store.find_consumer_by_email("person@example.com"));

  d::StateDocument doc = valid_document();
  std::string pointer, reason;
  SECTION("a licensee's id") {
    doc.licensees[1].id = org.id;
    pointer = "/licensees/1/id";
    reason = msg::already_used(org.id.str(), "licensee " + org.id.str());
  }
  SECTION("a container's id") {
    doc.licensees[0].containers[1].id = box.id;
    pointer = "/licensees/0/licenseContainers/1/id";
    reason = msg::already_used(box.id.str(), "license container " + box.id.str());
  }
  SECTION("a consumer's id") {
    doc.consumers[0].id = con.id;
    pointer = "/licenseConsumers/0/id";
    reason = msg::already_used(con.id.str(), "license consumer " + con.id.str());
  }
  auto err = must_fail(fx.store.merge(doc));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == pointer);
  CHECK(err.reason == reason);
  CHECK(describe(fx.store.dump()) == before);
}

TEST_CASE("merge with a unique value held by an existing record is a conflict naming it",
          "[store][state]") {
  StoreFixture fx;
  populate(fx);
  const std::string before = describe(fx.store.dump());
  Licensee org = must(fx.store.find_licensee_by_email("existing@example.com"));
  LicenseConsumer con = must(fx.store.find_consumer_by_email("person@example.com"));

  d::StateDocument doc = valid_document();
  std::string pointer, reason;
  SECTION("a licensee's email") {
    doc.licensees[1].fields.email = "Existing@Example.com";
    pointer = "/licensees/1/email";
    reason = msg::already_used("Existing@Example.com", "licensee " + org.id.str());
  }
  SECTION("a consumer's email") {
    doc.consumers[1].fields.email = "PERSON@example.com";
    pointer = "/licenseConsumers/1/email";
    reason = msg::already_used("PERSON@example.com", "license consumer " + con.id.str());
  }
  auto err = must_fail(fx.store.merge(doc));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == pointer);
  CHECK(err.reason == reason);
  CHECK(describe(fx.store.dump()) == before);
}

TEST_CASE("merging the same document twice is a conflict the second time", "[store][state]") {
  StoreFixture fx;
  must(fx.store.merge(valid_document()));
  const std::string once = describe(fx.store.dump());
  auto err = must_fail(fx.store.merge(valid_document()));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(describe(fx.store.dump()) == once);
}

// ------------------------------------------------------------------ catalogue and licenses

namespace {

// 2026-01-01T13:30:00.000Z: in the middle of the day that starts at kStart.
constexpr Timestamp kAfternoon = kStart + 13 * 3600000 + 1800000;

d::LicenseRecord config_license(const Uuid& config) {
  d::LicenseRecord r;
  r.product_config_id = config;
  return r;
}

d::LicenseRecord feature_record(std::string product, std::int64_t qty) {
  d::LicenseRecord r;
  r.product_name = std::move(product);
  r.qty = qty;
  r.qty_dimension = QtyDimension::kSeats;
  r.qty_enforcement_type = QtyEnforcementType::kEnforced;
  return r;
}

d::LicenseKeyRecord key_record(std::string key) {
  d::LicenseKeyRecord k;
  k.key = std::move(key);
  return k;
}

// The pointer of license k of the first container of the first licensee.
std::string license_at(std::size_t k) {
  return "/licensees/0/licenseContainers/0/licenses/" + std::to_string(k);
}

// A valid document with a catalogue and licenses:
//   the test catalogue (license_fixture.hpp);
//   /licenseConsumers/0 ada (PERSON), /1 a LICENSE_KEY consumer named test_key(1)
//   /licensees/0 acme, its default container /0 holding
//     /licenses/0 from atlas-pro (just its productConfigId), and
//     /licenses/1 a feature license "orbit" of 3 seats with key test_key(1).
d::StateDocument licensing_document(const DocIds& ids = {}) {
  d::StateDocument doc = catalogue_document();
  doc.consumers.push_back(
      consumer_record(ids.ada, ConsumerType::kPerson, "Ada", "ada@example.com"));
  doc.consumers.push_back(consumer_record(ids.key, ConsumerType::kLicenseKey, test_key(1)));
  auto acme = licensee_record(ids.acme, LicenseeType::kOrganization, "Acme", "acme@example.com");
  auto box = container_record(ids.acme_default, "default", true, {ids.ada});
  box.licenses.push_back(config_license(CatalogueIds{}.pro));
  auto orbit = feature_record("orbit", 3);
  orbit.license_key = key_record(test_key(1));
  box.licenses.push_back(orbit);
  acme.containers.push_back(box);
  doc.licensees.push_back(acme);
  return doc;
}

d::LicenseRecord& license_in(d::StateDocument& doc, std::size_t k) {
  return doc.licensees.at(0).containers.at(0).licenses.at(k);
}

}  // namespace

TEST_CASE("a fixture license may be just its productConfigId", "[store][state][license]") {
  StoreFixture fx;
  fx.clock->set(kAfternoon);
  const DocIds ids;
  must(fx.store.replace(licensing_document(ids)));
  auto all_licenses = licenses(fx.store, ids.acme);
  REQUIRE(all_licenses.size() == 2);
  auto it = std::find_if(all_licenses.begin(), all_licenses.end(),
                         [](const d::LicenseView& v) { return v.license.product_config_id; });
  REQUIRE(it != all_licenses.end());
  const d::License& l = it->license;
  CHECK(l.product_name == "atlas");
  CHECK(l.qty == 8);
  CHECK(l.qty_dimension == QtyDimension::kSeats);
  CHECK(l.qty_enforcement_type == QtyEnforcementType::kEnforced);
  CHECK(feature_names(l) == std::vector<std::string>{"sketch", "publish"});
  CHECK(l.features[0].id != l.features[1].id);
  CHECK(l.features[0].created == kAfternoon);
  CHECK(l.valid_from == kStart);                         // the start of the current UTC day
  CHECK(l.valid_until == std::nullopt);                  // validityDays applies only when issuing
  CHECK(l.concurrent_user_app_instances_per_seat == 2);  // the model's
  CHECK(l.concurrent_user_devices_per_seat == 3);
  CHECK(l.consumed_qty == 0);
  CHECK(l.license_key == std::nullopt);
  CHECK(l.display_name == std::nullopt);
  CHECK(l.created == kAfternoon);
  CHECK(l.modified == kAfternoon);
  CHECK(l.container_id == ids.acme_default);
  CHECK(it->model->id == CatalogueIds{}.named);
  CHECK(fx.store.counts().licenses == 2);
  CHECK(license_violations(fx.store) == "");
}

TEST_CASE(
    "a fixture key license links to the LICENSE_KEY consumer named after its key, or "
    "makes one",
    "[store][state][license]") {
  StoreFixture fx;
  const DocIds ids;
  d::StateDocument doc = licensing_document(ids);
  // A third license with a key no consumer of the document is named after.
  auto nova = feature_record("nova", 1);
  nova.license_key = key_record(test_key(2));
  nova.license_key->allowed_activations = 5;
  doc.licensees[0].containers[0].licenses.push_back(nova);
  must(fx.store.replace(doc));

  auto first = key_consumers(fx.store, test_key(1));
  REQUIRE(first.size() == 1);
  CHECK(first[0].id == ids.key);  // the document's consumer
  auto second = key_consumers(fx.store, test_key(2));
  REQUIRE(second.size() == 1);
  CHECK(second[0].type == ConsumerType::kLicenseKey);
  CHECK_FALSE(second[0].natural_id.empty());
  CHECK(fx.store.counts().consumers == 3);
  CHECK(license_violations(fx.store) == "");
  d::License keyed;
  for (const auto& v : licenses(fx.store, ids.acme))
    if (v.license.product_name == "nova") keyed = v.license;
  REQUIRE(keyed.license_key.has_value());
  CHECK(keyed.license_key->allowed_activations == 5);

  // The document's consumer belongs to its license now: deleting one deletes the other.
  must(fx.store.delete_consumer(ids.key));
  CHECK(licenses(fx.store, ids.acme).size() == 2);
  CHECK(license_violations(fx.store) == "");
}

TEST_CASE("a state with a catalogue and licenses dumps, loads and dumps identically",
          "[store][state][license]") {
  StoreFixture fx;
  const CatalogueIds cat;
  must(fx.store.merge(catalogue_document(cat)));
  fx.clock->set(kAfternoon);
  Licensee acme = must(fx.store.setup_organization(with_email("Acme", "acme@example.com")));
  LicenseContainer lab = must(fx.store.create_container(acme.id, container_named("lab")));
  Licensee ada = must(fx.store.setup_user(with_email("Ada", "ada@example.com")));
  fx.clock->advance(1000);
  must(fx.store.issue_license(acme.id, with_key(product_license(cat.pro), test_key(1))));
  auto orbit = into(feature_license("orbit", 5), lab.id);
  orbit.terms.display_name = "Orbit";
  orbit.terms.allowed_version_lower_bound = "1.0";
  orbit.terms.allowed_version_upper_bound = "2.0";
  orbit.terms.allowed_versions_display_name = "1 to 2";
  orbit.terms.references = {"c", "o", "p", "s"};
  orbit.terms.valid_until = kStart + 90 * kDay;
  d::License moved = must(fx.store.issue_license(acme.id, orbit)).license;
  auto generated = product_license(cat.meter);
  generated.generate_license_key = true;
  must(fx.store.issue_license(ada.id, generated));
  d::License revoked = must(fx.store.issue_license(ada.id, product_license(cat.credits))).license;
  d::License deleted = must(fx.store.issue_license(ada.id, feature_license("gone"))).license;
  fx.clock->advance(1000);
  d::LicenseUpdate move;
  move.valid_from = moved.valid_from;
  move.license_container_id = must(fx.store.get_container(acme.id, ContainerRef::Default())).id;
  must(fx.store.update_license(acme.id, moved.id, move));
  d::LicenseRevoke revoke;
  revoke.license_ids = {revoked.id};
  must(fx.store.revoke_licenses(ada.id, revoke));
  must(fx.store.delete_license(ada.id, deleted.id));
  // A LICENSE_KEY consumer without a license, as fixtures may hold.
  d::StateDocument loose;
  loose.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kLicenseKey, "LOOSE-KEY"));
  must(fx.store.merge(loose));

  d::StateDocument first = fx.store.dump();
  REQUIRE(first.license_models.size() == 2);
  REQUIRE(first.products.size() == 2);
  CHECK(first.products[0].configurations.size() == 2);
  std::size_t count = 0;
  for (const auto& l : first.licensees)
    for (const auto& c : l.containers) count += c.licenses.size();
  CHECK(count == 4);
  CHECK(license_violations(fx.store, false) == "");
  // consumedQty only ever comes from a document (leases consume): it round-trips too.
  for (auto& l : first.licensees)
    for (auto& c : l.containers)
      for (auto& r : c.licenses)
        if (r.product_config_id == cat.credits) r.consumed_qty = 17;

  // Another seed and another clock: nothing may be generated anew.
  StoreFixture fresh(99);
  fresh.clock->set(kStart + 123456789);
  must(fresh.store.replace(first));
  const d::StateDocument second = fresh.store.dump();
  CHECK(describe(second) == describe(first));
  CHECK(license_violations(fresh.store, false) == "");
  CHECK(licenses(fresh.store, acme.id) == licenses(fx.store, acme.id));
  CHECK(fresh.store.list_products(all()).items == fx.store.list_products(all()).items);
}

TEST_CASE("the state description tells license documents apart", "[store][state][license]") {
  // Guards the round trip above: a description that left out a field would pass vacuously.
  d::StateDocument base = licensing_document();
  license_in(base, 0).features = std::vector<d::LicenseFeatureRecord>{{}};
  const std::string text = describe(base);
  auto differs = [&](auto change) {
    d::StateDocument doc = base;
    change(doc);
    return describe(doc) != text;
  };
  CHECK(differs([](d::StateDocument& x) { license_in(x, 1).qty = 4; }));
  CHECK(differs([](d::StateDocument& x) { license_in(x, 1).consumed_qty = 1; }));
  CHECK(differs([](d::StateDocument& x) { license_in(x, 1).valid_until = 5; }));
  CHECK(differs([](d::StateDocument& x) { license_in(x, 1).references.product_reference = "p"; }));
  CHECK(
      differs([](d::StateDocument& x) { license_in(x, 1).concurrent_user_devices_per_seat = 2; }));
  CHECK(
      differs([](d::StateDocument& x) { license_in(x, 1).license_key->allowed_activations = 1; }));
  CHECK(differs([](d::StateDocument& x) { license_in(x, 1).allowed_versions_display_name = "v"; }));
  CHECK(differs([](d::StateDocument& x) { (*license_in(x, 0).features)[0].feature = "f"; }));
  CHECK(differs([](d::StateDocument& x) { license_in(x, 0).features.reset(); }));
  CHECK(differs([](d::StateDocument& x) { x.license_models[1].max_assignments_per_user = 2; }));
  CHECK(differs([](d::StateDocument& x) { x.products[1].display_name = "B"; }));
  CHECK(differs([](d::StateDocument& x) { x.products[0].configurations[1].validity_days = 3; }));
  CHECK(differs([](d::StateDocument& x) {
    x.products[0].configurations[1].qty_enforcement_type = QtyEnforcementType::kMetered;
  }));
  CHECK_FALSE(differs([](d::StateDocument&) {}));
}

TEST_CASE(
    "a document that breaks a rule of section 10 is refused with the JSON pointer of the "
    "offending value, and nothing of it is kept",
    "[store][state][license]") {
  StoreFixture fx;
  populate(fx);
  const std::string before = describe(fx.store.dump());
  const auto counts_before = fx.store.counts();

  const DocIds ids;
  d::StateDocument doc = licensing_document(ids);
  auto& models = doc.license_models;
  auto& products = doc.products;
  d::LicenseRecord& pro = license_in(doc, 0);
  d::LicenseRecord& orbit = license_in(doc, 1);
  const Uuid stranger = unknown_id();
  std::string pointer, reason;

  SECTION("two license models with one name") {
    models[1].name = "named-user";
    pointer = "/licenseModels/1/name";
    reason = msg::already_used("named-user", "/licenseModels/0");
  }
  SECTION("a license model without a name") {
    models[0].name.reset();
    pointer = "/licenseModels/0/name";
    reason = msg::required();
  }
  SECTION("two products with one name") {
    products[1].name = "atlas";
    pointer = "/products/1/name";
    reason = msg::already_used("atlas", "/products/0");
  }
  SECTION("two products with one externalReference") {
    products[1].external_reference = "sku-atlas";
    pointer = "/products/1/externalReference";
    reason = msg::already_used("sku-atlas", "/products/0");
  }
  SECTION("a product with a license model's id") {
    products[1].id = CatalogueIds{}.named;
    pointer = "/products/1/id";
    reason = msg::already_used(CatalogueIds{}.named.str(), "/licenseModels/0");
  }
  SECTION("two configurations of a product with one name") {
    products[0].configurations[1].name = "atlas-pro";
    pointer = "/products/0/productConfigurations/1/name";
    reason = msg::already_used("atlas-pro", "/products/0/productConfigurations/0");
  }
  SECTION("a configuration of an unknown license model") {
    products[0].configurations[0].license_model_id = stranger;
    pointer = "/products/0/productConfigurations/0/licenseModelId";
    reason = msg::no_such("license model", stranger.str());
  }
  SECTION("a configuration whose qty its dimension does not allow") {
    products[1].configurations[0].qty = 0;
    pointer = "/products/1/productConfigurations/0/qty";
    reason = msg::qty_use("0", "USE_TIME");
  }
  SECTION("a license of an unknown configuration") {
    pro.product_config_id = stranger;
    pointer = license_at(0) + "/productConfigId";
    reason = msg::no_such("product configuration", stranger.str());
  }
  SECTION("a product license with another product name") {
    pro.product_name = "beacon";
    pointer = license_at(0) + "/productName";
    reason = msg::differs_from_configuration("beacon", "atlas");
  }
  SECTION("a product license that lists a feature twice") {
    pro.features = std::vector<d::LicenseFeatureRecord>{{std::nullopt, "sketch", {}, {}},
                                                        {std::nullopt, "sketch", {}, {}}};
    pointer = license_at(0) + "/features/1";
    reason = msg::listed_twice("sketch");
  }
  SECTION("a feature without its name") {
    orbit.features = std::vector<d::LicenseFeatureRecord>{{}};
    pointer = license_at(1) + "/features/0/feature";
    reason = msg::required();
  }
  SECTION("two features with one id") {
    const Uuid f = uuid("f1000000-0000-4000-8000-000000000001");
    pro.features =
        std::vector<d::LicenseFeatureRecord>{{f, "sketch", {}, {}}, {f, "publish", {}, {}}};
    pointer = license_at(0) + "/features/1/id";
    reason = msg::already_used(f.str(), license_at(0) + "/features/0");
  }
  SECTION("a license with a consumer's id") {
    orbit.id = ids.ada;
    pointer = license_at(1) + "/id";
    reason = msg::already_used(ids.ada.str(), "/licenseConsumers/0");
  }
  SECTION("a SEATS license with 1001 seats") {
    orbit.qty = 1001;
    pointer = license_at(1) + "/qty";
    reason = msg::qty_seats("1001");
  }
  SECTION("a feature license without its dimension") {
    orbit.qty_dimension.reset();
    pointer = license_at(1) + "/qtyDimension";
    reason = msg::required_for_feature_license();
  }
  SECTION("consumedQty over qty") {
    orbit.consumed_qty = 4;
    pointer = license_at(1) + "/consumedQty";
    reason = msg::consumed_over_qty("4", "3");
  }
  SECTION("negative per-seat values") {
    orbit.concurrent_user_app_instances_per_seat = -2;
    pointer = license_at(1) + "/concurrentUserAppInstancesPerSeat";
    reason = msg::negative("-2");
  }
  SECTION("a malformed key") {
    orbit.license_key = key_record("short");
    pointer = license_at(1) + "/licenseKey";
    reason = msg::bad_license_key("short");
  }
  SECTION("a key with negative allowedActivations") {
    orbit.license_key->allowed_activations = -1;
    pointer = license_at(1) + "/licenseKey/allowedActivations";
    reason = msg::negative("-1");
  }
  SECTION("two licenses with one key") {
    pro.license_key = key_record(test_key(1));
    pointer = license_at(1) + "/licenseKey";
    reason = msg::already_used(test_key(1), license_at(0));
  }
  SECTION("two LICENSE_KEY consumers with one name") {
    doc.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kLicenseKey, test_key(1)));
    pointer = "/licenseConsumers/2/name";
    reason = msg::already_used(test_key(1), "/licenseConsumers/1");
  }

  for (bool merging : {false, true}) {
    INFO((merging ? "merge" : "replace"));
    auto status = merging ? fx.store.merge(doc) : fx.store.replace(doc);
    auto err = must_fail(status);
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == pointer);
    if (!reason.empty()) CHECK(err.reason == reason);
    CHECK(describe(fx.store.dump()) == before);
    CHECK(fx.store.counts().licenses == counts_before.licenses);
    CHECK(fx.store.counts().products == counts_before.products);
    CHECK(fx.store.counts().consumers == counts_before.consumers);
  }
  // The same document, repaired, loads.
  CHECK(fx.store.replace(licensing_document(ids)).ok());
  CHECK(license_violations(fx.store) == "");
}

TEST_CASE("merge with a key, product or license id that the state holds is a conflict naming it",
          "[store][state][license]") {
  StoreFixture fx;
  must(fx.store.merge(catalogue_document()));
  Licensee org = must(fx.store.setup_organization(named("Existing")));
  d::License held =
      must(fx.store.issue_license(org.id, with_key(feature_license(), test_key(1)))).license;
  const std::string before = describe(fx.store.dump());

  d::StateDocument doc = licensing_document();
  doc.license_models.clear();
  doc.products.clear();
  doc.consumers.pop_back();  // its LICENSE_KEY consumer named test_key(1)
  std::string pointer, reason;
  SECTION("a key an existing license holds") {
    pointer = license_at(1) + "/licenseKey";
    reason = msg::already_used(test_key(1), "license " + held.id.str());
  }
  SECTION("a license id that exists") {
    license_in(doc, 1).license_key.reset();
    license_in(doc, 0).id = held.id;
    pointer = license_at(0) + "/id";
    reason = msg::already_used(held.id.str(), "license " + held.id.str());
  }
  SECTION("a product name that exists") {
    license_in(doc, 1).license_key.reset();
    d::ProductRecord again;
    again.name = "atlas";
    doc.products.push_back(again);
    pointer = "/products/0/name";
    reason = msg::already_used("atlas", "product " + CatalogueIds{}.atlas.str());
  }
  auto err = must_fail(fx.store.merge(doc));
  CHECK(err.kind == ErrorKind::kConflict);
  CHECK(err.field == pointer);
  CHECK(err.reason == reason);
  CHECK(describe(fx.store.dump()) == before);
}

TEST_CASE("merge links a key license to a LICENSE_KEY consumer of the state that has none",
          "[store][state][license]") {
  StoreFixture fx;
  must(fx.store.merge(catalogue_document()));
  d::StateDocument loose;
  loose.consumers.push_back(consumer_record(std::nullopt, ConsumerType::kLicenseKey, test_key(1)));
  must(fx.store.merge(loose));
  const LicenseConsumer con = key_consumers(fx.store, test_key(1)).at(0);
  CHECK(license_violations(fx.store) != "");  // a LICENSE_KEY consumer without license

  d::StateDocument doc = licensing_document();
  doc.license_models.clear();
  doc.products.clear();
  doc.consumers.pop_back();
  must(fx.store.merge(doc));
  CHECK(key_consumers(fx.store, test_key(1)) == std::vector<LicenseConsumer>{con});
  CHECK(license_violations(fx.store) == "");
}

TEST_CASE("replace drops the previous catalogue and licenses", "[store][state][license]") {
  StoreFixture fx;
  must(fx.store.replace(licensing_document()));
  CHECK(fx.store.counts().licenses == 2);
  must(fx.store.replace(d::StateDocument{}));
  CHECK(fx.store.counts().licenses == 0);
  CHECK(fx.store.counts().products == 0);
  CHECK(fx.store.list_license_models(all()).total == 0);
  // The key is free again.
  must(fx.store.replace(catalogue_document()));
  Licensee org = must(fx.store.setup_organization(named("Acme")));
  CHECK(fx.store.issue_license(org.id, with_key(feature_license(), test_key(1))).ok());
}
