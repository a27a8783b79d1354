#include "store_fixture.hpp"

using namespace scale::testing;

namespace {

// A licensee with its default container and a second container, and two consumers.
struct Scene {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_organization(named("Acme")));
  LicenseContainer def = must(fx.store.get_container(lic.id, ContainerRef::Default()));
  LicenseContainer extra = must(fx.store.create_container(lic.id, container_named("extra")));
  LicenseConsumer ada =
      must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "Ada")));
  LicenseConsumer dev =
      must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Dev")));

  std::vector<Uuid> in_default() const {
    return with_access(fx.store, lic.id, ContainerRef::Of(def.id));
  }
  std::vector<Uuid> in_extra() const {
    return with_access(fx.store, lic.id, ContainerRef::Of(extra.id));
  }
  std::vector<Uuid> associates() const { return associated(fx.store, lic.id); }
};

const Uuid kKeyId = *Uuid::parse("5f0c3a2e-1b4d-4c6e-9a8b-7d6e5f4a3b2c");

// Adds a LICENSE_KEY consumer (only a state document can make one).
void add_license_key(StoreFixture& fx) {
  d::StateDocument doc;
  d::ConsumerRecord rec;
  rec.id = kKeyId;
  rec.type = ConsumerType::kLicenseKey;
  rec.fields.name = "KEY-1";
  doc.consumers.push_back(rec);
  must(fx.store.merge(doc));
}

}  // namespace

TEST_CASE("associating a consumer grants it access to the default container only",
          "[store][relation]") {
  Scene s;
  must(s.fx.store.associate(s.lic.id, s.ada.id));
  CHECK(s.associates() == std::vector<Uuid>{s.ada.id});
  CHECK(s.in_default() == std::vector<Uuid>{s.ada.id});
  CHECK(s.in_extra().empty());
}

TEST_CASE("associating twice lists the consumer once", "[store][relation]") {
  Scene s;
  must(s.fx.store.associate(s.lic.id, s.ada.id));
  must(s.fx.store.associate(s.lic.id, s.ada.id));
  auto page = must(s.fx.store.list_associated(s.lic.id, all()));
  CHECK(page.total == 1);
  CHECK(ids_of(page.items) == std::vector<Uuid>{s.ada.id});
  auto access = must(s.fx.store.list_with_access(s.lic.id, ContainerRef::Default(), all()));
  CHECK(access.total == 1);
}

TEST_CASE("granting access to a container also associates the consumer", "[store][relation]") {
  Scene s;
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  CHECK(s.in_extra() == std::vector<Uuid>{s.dev.id});
  CHECK(s.associates() == std::vector<Uuid>{s.dev.id});
  CHECK(s.in_default().empty());
}

TEST_CASE("granting twice lists the consumer once", "[store][relation]") {
  Scene s;
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  CHECK(must(s.fx.store.list_with_access(s.lic.id, ContainerRef::Of(s.extra.id), all())).total ==
        1);
  CHECK(s.associates() == std::vector<Uuid>{s.dev.id});
}

TEST_CASE("revoking access keeps the association, and revoking again is not found",
          "[store][relation]") {
  Scene s;
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Default(), s.dev.id));

  must(s.fx.store.revoke(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  CHECK(s.in_extra().empty());
  CHECK(s.in_default() == std::vector<Uuid>{s.dev.id});
  CHECK(s.associates() == std::vector<Uuid>{s.dev.id});

  auto err = must_fail(s.fx.store.revoke(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_access(s.dev.id.str(), s.extra.id.str()));

  // Revoking the last grant still keeps the association.
  must(s.fx.store.revoke(s.lic.id, ContainerRef::Default(), s.dev.id));
  CHECK(s.in_default().empty());
  CHECK(s.associates() == std::vector<Uuid>{s.dev.id});
}

TEST_CASE("revoking access that was never granted is not found", "[store][relation]") {
  Scene s;
  must(s.fx.store.associate(s.lic.id, s.ada.id));
  auto err = must_fail(s.fx.store.revoke(s.lic.id, ContainerRef::Of(s.extra.id), s.ada.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::no_access(s.ada.id.str(), s.extra.id.str()));
  CHECK(s.in_default() == std::vector<Uuid>{s.ada.id});
}

TEST_CASE("dissociating revokes access to all of that licensee's containers and no other's",
          "[store][relation]") {
  Scene s;
  Licensee other = must(s.fx.store.setup_organization(named("Other")));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.ada.id));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Default(), s.ada.id));
  must(s.fx.store.associate(s.lic.id, s.dev.id));
  must(s.fx.store.associate(other.id, s.ada.id));

  must(s.fx.store.dissociate(s.lic.id, s.ada.id));
  CHECK(s.associates() == std::vector<Uuid>{s.dev.id});
  CHECK(s.in_default() == std::vector<Uuid>{s.dev.id});
  CHECK(s.in_extra().empty());
  CHECK(associated(s.fx.store, other.id) == std::vector<Uuid>{s.ada.id});
  CHECK(with_access(s.fx.store, other.id, ContainerRef::Default()) == std::vector<Uuid>{s.ada.id});
  CHECK(invariant_violations(s.fx.store.dump()).empty());
}

TEST_CASE("dissociating a consumer that is not associated is not found", "[store][relation]") {
  Scene s;
  auto err = must_fail(s.fx.store.dissociate(s.lic.id, s.ada.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::not_associated(s.ada.id.str(), s.lic.id.str()));

  must(s.fx.store.associate(s.lic.id, s.ada.id));
  must(s.fx.store.dissociate(s.lic.id, s.ada.id));
  err = must_fail(s.fx.store.dissociate(s.lic.id, s.ada.id));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::not_associated(s.ada.id.str(), s.lic.id.str()));
}

TEST_CASE("a LICENSE_KEY consumer can be neither associated nor granted access",
          "[store][relation]") {
  Scene s;
  add_license_key(s.fx);
  const std::string reason = msg::license_key_relation(kKeyId.str());
  auto e1 = must_fail(s.fx.store.associate(s.lic.id, kKeyId));
  CHECK(e1.kind == ErrorKind::kInvalid);
  CHECK(e1.field.empty());  // a whole sentence that names the consumer
  CHECK(e1.reason == reason);
  auto e2 = must_fail(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), kKeyId));
  CHECK(e2.kind == ErrorKind::kInvalid);
  CHECK(e2.field.empty());
  CHECK(e2.reason == reason);
  CHECK(s.associates().empty());
  CHECK(s.in_default().empty());
  CHECK(s.in_extra().empty());
}

TEST_CASE("relations with an unknown licensee or consumer are not found", "[store][relation]") {
  Scene s;
  const Uuid nobody = unknown_id();
  const std::string no_consumer = msg::no_such("license consumer", nobody.str());
  const std::string no_licensee = msg::no_such("licensee", nobody.str());
  CHECK(must_fail(s.fx.store.associate(s.lic.id, nobody)).reason == no_consumer);
  CHECK(must_fail(s.fx.store.associate(nobody, s.ada.id)).reason == no_licensee);
  CHECK(must_fail(s.fx.store.dissociate(s.lic.id, nobody)).reason == no_consumer);
  CHECK(must_fail(s.fx.store.dissociate(nobody, s.ada.id)).reason == no_licensee);
  CHECK(must_fail(s.fx.store.grant(s.lic.id, ContainerRef::Default(), nobody)).reason ==
        no_consumer);
  CHECK(must_fail(s.fx.store.grant(nobody, ContainerRef::Default(), s.ada.id)).reason ==
        no_licensee);
  CHECK(must_fail(s.fx.store.revoke(s.lic.id, ContainerRef::Default(), nobody)).reason ==
        no_consumer);
  CHECK(must_fail(s.fx.store.list_associated(nobody, all())).reason == no_licensee);
  CHECK(must_fail(s.fx.store.list_with_access(nobody, ContainerRef::Default(), all())).reason ==
        no_licensee);
  CHECK(must_fail(s.fx.store.associate(s.lic.id, nobody)).kind == ErrorKind::kNotFound);
  CHECK(s.associates().empty());
}

TEST_CASE("relation lists are ordered by the consumers' created, then id, paged with the total",
          "[store][relation]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_organization(named("Acme")));
  fx.clock->set(kStart + 300);
  auto late = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "late")));
  fx.clock->set(kStart + 100);
  auto mid1 = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "mid1")));
  auto mid2 = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "mid2")));
  auto mid3 = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "mid3")));
  fx.clock->set(kStart + 10);
  auto early = must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "early")));
  // Not associated: must not show.
  must(fx.store.create_consumer(consumer_input(ConsumerType::kPerson, "stranger")));

  std::vector<Uuid> mids = {mid1.id, mid2.id, mid3.id};
  std::sort(mids.begin(), mids.end());
  const std::vector<Uuid> expected = {early.id, mids[0], mids[1], mids[2], late.id};

  // Related in an order that is neither created nor id order.
  for (const auto& c : {mid2, late, early, mid3, mid1}) must(fx.store.associate(lic.id, c.id));

  auto check_lists = [&](d::Page page, std::vector<Uuid> want) {
    auto a = must(fx.store.list_associated(lic.id, page));
    auto g = must(fx.store.list_with_access(lic.id, ContainerRef::Default(), page));
    CHECK(a.total == 5);
    CHECK(g.total == 5);
    CHECK(ids_of(a.items) == want);
    CHECK(ids_of(g.items) == want);
  };
  check_lists(d::Page{}, expected);
  check_lists(d::Page{0, 2}, {expected[0], expected[1]});
  check_lists(d::Page{2, 2}, {expected[2], expected[3]});
  check_lists(d::Page{4, 2}, {expected[4]});
  check_lists(d::Page{5, 2}, {});
  check_lists(d::Page{99, 1}, {});
  check_lists(d::Page{1, 0}, {});

  // A list returns whole consumers, as they are now.
  auto up = same_as(early);
  up.fields.name = "early, renamed";
  must(fx.store.update_consumer(early.id, up));
  CHECK(must(fx.store.list_associated(lic.id, d::Page{0, 1})).items[0].name == "early, renamed");
}

TEST_CASE("deleting a licensee, a container or a consumer removes the relations it had",
          "[store][relation]") {
  Scene s;
  Licensee other = must(s.fx.store.setup_organization(named("Other")));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.ada.id));
  must(s.fx.store.associate(s.lic.id, s.dev.id));
  must(s.fx.store.associate(other.id, s.ada.id));
  must(s.fx.store.associate(other.id, s.dev.id));

  SECTION("a container") {
    must(s.fx.store.delete_container(s.lic.id, ContainerRef::Of(s.extra.id)));
    // Both were created at the same instant, so they list in id order.
    std::vector<Uuid> both = {s.ada.id, s.dev.id};
    std::sort(both.begin(), both.end());
    CHECK(s.associates() == both);
    // Granting it again somewhere works: nothing of the old grant lingers.
    must(s.fx.store.grant(s.lic.id, ContainerRef::Default(), s.ada.id));
  }
  SECTION("a consumer") {
    must(s.fx.store.delete_consumer(s.ada.id));
    CHECK(s.associates() == std::vector<Uuid>{s.dev.id});
    CHECK(s.in_extra().empty());
    CHECK(associated(s.fx.store, other.id) == std::vector<Uuid>{s.dev.id});
  }
  SECTION("a licensee") {
    must(s.fx.store.delete_licensee(s.lic.id));
    CHECK(associated(s.fx.store, other.id).size() == 2);
    CHECK(with_access(s.fx.store, other.id, ContainerRef::Default()).size() == 2);
    // Its consumers can be related elsewhere as before.
    must(s.fx.store.dissociate(other.id, s.ada.id));
  }
  auto doc = s.fx.store.dump();
  CHECK(invariant_violations(doc) == "");
  // The dump names no consumer or container that is gone: it loads into a fresh store.
  StoreFixture fresh(7);
  CHECK(fresh.store.replace(doc).ok());
}

TEST_CASE("a licensee loaded again under a deleted licensee's id starts without relations",
          "[store][relation]") {
  Scene s;
  must(s.fx.store.associate(s.lic.id, s.ada.id));
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  must(s.fx.store.delete_licensee(s.lic.id));

  d::StateDocument doc;
  d::LicenseeRecord rec;
  rec.id = s.lic.id;
  rec.type = LicenseeType::kOrganization;
  rec.fields.name = "Acme again";
  doc.licensees.push_back(rec);
  must(s.fx.store.merge(doc));
  CHECK(s.associates().empty());
  CHECK(with_access(s.fx.store, s.lic.id, ContainerRef::Default()).empty());
  CHECK(invariant_violations(s.fx.store.dump()).empty());
}

TEST_CASE("a container loaded again under a deleted container's id starts without access",
          "[store][relation]") {
  Scene s;
  must(s.fx.store.grant(s.lic.id, ContainerRef::Of(s.extra.id), s.dev.id));
  must(s.fx.store.delete_container(s.lic.id, ContainerRef::Of(s.extra.id)));

  // The id comes back as the default container of a new licensee.
  d::StateDocument doc;
  d::LicenseeRecord rec;
  rec.type = LicenseeType::kOrganization;
  rec.fields.name = "Newcomer";
  d::ContainerRecord box;
  box.id = s.extra.id;
  box.used_as_default = true;
  rec.containers.push_back(box);
  doc.licensees.push_back(rec);
  must(s.fx.store.merge(doc));
  auto everyone = s.fx.store.list_licensees(all()).items;
  auto it = std::find_if(everyone.begin(), everyone.end(),
                         [](const Licensee& l) { return l.name == "Newcomer"; });
  REQUIRE(it != everyone.end());
  const Licensee newcomer = *it;
  REQUIRE(must(s.fx.store.get_container(newcomer.id, ContainerRef::Default())).id == s.extra.id);
  CHECK(with_access(s.fx.store, newcomer.id, ContainerRef::Of(s.extra.id)).empty());
  CHECK(associated(s.fx.store, newcomer.id).empty());
}
