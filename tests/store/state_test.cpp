#include "store_fixture.hpp"

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
