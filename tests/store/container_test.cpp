#include "store_fixture.hpp"

using namespace scale::testing;

namespace {

Licensee org(StoreFixture& fx, std::string name = "Acme") {
  return must(fx.store.setup_organization(named(std::move(name))));
}

LicenseContainer default_of(StoreFixture& fx, const Uuid& licensee) {
  return must(fx.store.get_container(licensee, ContainerRef::Default()));
}

}  // namespace

TEST_CASE("creating a container that is not the default keeps the old default",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer old_default = default_of(fx, lic.id);
  fx.clock->advance(100);

  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("seats")));
  CHECK(box.name == "seats");
  CHECK_FALSE(box.used_as_default);
  CHECK(box.licensee_id == lic.id);
  CHECK(box.created == kStart + 100);
  CHECK(box.modified == kStart + 100);
  CHECK(must(fx.store.get_container(lic.id, ContainerRef::Of(box.id))) == box);
  CHECK(default_of(fx, lic.id) == old_default);
  CHECK(default_count(fx.store, lic.id) == 1);
  CHECK(fx.store.counts().containers == 2);
}

TEST_CASE("a container may be created without a name", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer box = must(fx.store.create_container(lic.id, d::ContainerCreate{}));
  CHECK(box.name == std::nullopt);
  CHECK_FALSE(box.used_as_default);
}

TEST_CASE("creating a container as the default makes it the only default", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer old_default = default_of(fx, lic.id);
  fx.clock->advance(100);

  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("new", true)));
  CHECK(box.used_as_default);
  CHECK(default_of(fx, lic.id) == box);
  LicenseContainer old_now = must(fx.store.get_container(lic.id, ContainerRef::Of(old_default.id)));
  CHECK_FALSE(old_now.used_as_default);
  CHECK(old_now.modified == kStart + 100);
  CHECK(old_now.name == old_default.name);
  CHECK(default_count(fx.store, lic.id) == 1);
}

TEST_CASE("making a container the default un-defaults the old one", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer old_default = default_of(fx, lic.id);
  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("seats")));
  fx.clock->advance(100);

  auto up = make_default(true);
  up.name = "seats";
  LicenseContainer after = must(fx.store.update_container(lic.id, ContainerRef::Of(box.id), up));
  CHECK(after.used_as_default);
  CHECK(after.name == "seats");
  CHECK(after.modified == kStart + 100);
  CHECK(after.created == box.created);
  CHECK(default_of(fx, lic.id).id == box.id);
  CHECK_FALSE(
      must(fx.store.get_container(lic.id, ContainerRef::Of(old_default.id))).used_as_default);
  CHECK(default_count(fx.store, lic.id) == 1);

  // Making the default the default again changes nothing but `modified`.
  fx.clock->advance(1);
  auto again = make_default(true);
  again.name = "seats";
  CHECK(must(fx.store.update_container(lic.id, ContainerRef::Default(), again)).used_as_default);
  CHECK(default_count(fx.store, lic.id) == 1);
}

TEST_CASE("un-defaulting the only default container is a conflict and changes nothing",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer def = default_of(fx, lic.id);
  must(fx.store.create_container(lic.id, container_named("other")));

  for (ContainerRef ref : {ContainerRef::Of(def.id), ContainerRef::Default()}) {
    auto up = make_default(false);
    up.name = "renamed";
    auto err = must_fail(fx.store.update_container(lic.id, ref, up));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.field == fld::kUsedAsDefault);
    CHECK(err.reason == msg::undefault_only_default(def.id.str()));
    CHECK(default_of(fx, lic.id) == def);
  }
}

TEST_CASE("usedAsDefault false on a container that is not the default is accepted",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer def = default_of(fx, lic.id);
  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("x")));
  auto up = make_default(false);
  up.name = "y";
  LicenseContainer after = must(fx.store.update_container(lic.id, ContainerRef::Of(box.id), up));
  CHECK_FALSE(after.used_as_default);
  CHECK(after.name == "y");
  CHECK(default_of(fx, lic.id) == def);
}

TEST_CASE(
    "updating a container: an absent name becomes null, an absent usedAsDefault keeps its "
    "value",
    "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer def = default_of(fx, lic.id);
  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("seats")));
  fx.clock->advance(7);

  LicenseContainer def_after =
      must(fx.store.update_container(lic.id, ContainerRef::Of(def.id), {}));
  CHECK(def_after.name == std::nullopt);
  CHECK(def_after.used_as_default);
  CHECK(def_after.modified == kStart + 7);

  LicenseContainer box_after =
      must(fx.store.update_container(lic.id, ContainerRef::Of(box.id), {}));
  CHECK(box_after.name == std::nullopt);
  CHECK_FALSE(box_after.used_as_default);
  CHECK(default_count(fx.store, lic.id) == 1);
}

TEST_CASE("updating a container with an id, created or modified that differs is invalid",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer def = default_of(fx, lic.id);
  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("seats")));

  d::ContainerUpdate up;
  up.name = "changed";
  std::string field;
  SECTION("matching values are accepted") {
    up.id = box.id;
    up.created = box.created;
    up.modified = box.modified;
    CHECK(must(fx.store.update_container(lic.id, ContainerRef::Of(box.id), up)).name == "changed");
  }
  SECTION("id") {
    up.id = def.id;
    field = fld::kId;
  }
  SECTION("created") {
    up.created = box.created + 1;
    field = fld::kCreated;
  }
  SECTION("modified") {
    up.modified = box.modified + 1;
    field = fld::kModified;
  }
  if (!field.empty()) {
    auto err = must_fail(fx.store.update_container(lic.id, ContainerRef::Of(box.id), up));
    CHECK(err.kind == ErrorKind::kInvalid);
    CHECK(err.field == field);
    CHECK(must(fx.store.get_container(lic.id, ContainerRef::Of(box.id))) == box);
  }
}

TEST_CASE("a container name longer than 255 characters is invalid", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  const std::string long_name(256, 'n');
  auto e1 = must_fail(fx.store.create_container(lic.id, container_named(long_name)));
  CHECK(e1.kind == ErrorKind::kInvalid);
  CHECK(e1.field == fld::kName);
  CHECK(e1.reason == msg::too_long(255));
  d::ContainerUpdate up;
  up.name = long_name;
  auto e2 = must_fail(fx.store.update_container(lic.id, ContainerRef::Default(), up));
  CHECK(e2.field == fld::kName);
  CHECK(fx.store.counts().containers == 1);
  CHECK(default_of(fx, lic.id).name == "default");
}

TEST_CASE("deleting the default container is a conflict", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer def = default_of(fx, lic.id);
  must(fx.store.create_container(lic.id, container_named("other")));
  for (ContainerRef ref : {ContainerRef::Of(def.id), ContainerRef::Default()}) {
    auto err = must_fail(fx.store.delete_container(lic.id, ref));
    CHECK(err.kind == ErrorKind::kConflict);
    CHECK(err.reason == msg::delete_default(def.id.str()));
  }
  CHECK(default_of(fx, lic.id) == def);
  CHECK(fx.store.counts().containers == 2);
}

TEST_CASE("deleting a container removes it and its grants but keeps the associations",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer box = must(fx.store.create_container(lic.id, container_named("seats")));
  auto con = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Dev")));
  must(fx.store.grant(lic.id, ContainerRef::Of(box.id), con.id));
  REQUIRE(with_access(fx.store, lic.id, ContainerRef::Of(box.id)) == std::vector<Uuid>{con.id});

  must(fx.store.delete_container(lic.id, ContainerRef::Of(box.id)));
  CHECK(fx.store.counts().containers == 1);
  auto err = must_fail(fx.store.get_container(lic.id, ContainerRef::Of(box.id)));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::container_not_of_licensee(box.id.str(), lic.id.str()));
  CHECK(associated(fx.store, lic.id) == std::vector<Uuid>{con.id});
  CHECK(must(fx.store.get_consumer(con.id)) == con);
  CHECK(invariant_violations(fx.store.dump()).empty());
  CHECK(must_fail(fx.store.delete_container(lic.id, ContainerRef::Of(box.id))).kind ==
        ErrorKind::kNotFound);
}

TEST_CASE("the literal default stands for the current default container", "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  LicenseContainer first = default_of(fx, lic.id);
  CHECK(must(fx.store.get_container(lic.id, ContainerRef::Of(first.id))) == first);

  LicenseContainer second = must(fx.store.create_container(lic.id, container_named("2nd", true)));
  CHECK(default_of(fx, lic.id).id == second.id);

  d::ContainerUpdate up;
  up.name = "renamed through default";
  CHECK(must(fx.store.update_container(lic.id, ContainerRef::Default(), up)).id == second.id);
  CHECK(must(fx.store.get_container(lic.id, ContainerRef::Of(second.id))).name ==
        "renamed through default");

  auto con = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Dev")));
  must(fx.store.grant(lic.id, ContainerRef::Default(), con.id));
  CHECK(with_access(fx.store, lic.id, ContainerRef::Of(second.id)) == std::vector<Uuid>{con.id});
  CHECK(with_access(fx.store, lic.id, ContainerRef::Of(first.id)).empty());

  // The old default, no longer the default, can now be deleted.
  must(fx.store.delete_container(lic.id, ContainerRef::Of(first.id)));
  CHECK(fx.store.counts().containers == 1);
}

TEST_CASE("a container of another licensee is not found under this one", "[store][container]") {
  StoreFixture fx;
  Licensee mine = org(fx, "Mine");
  Licensee theirs = org(fx, "Theirs");
  LicenseContainer their_box = must(fx.store.create_container(theirs.id, container_named("t")));
  auto con = must(fx.store.create_consumer(consumer_input(ConsumerType::kDevice, "Dev")));
  const auto ref = ContainerRef::Of(their_box.id);
  const std::string reason = msg::container_not_of_licensee(their_box.id.str(), mine.id.str());

  auto expect_not_found = [&](const d::Error& e) {
    CHECK(e.kind == ErrorKind::kNotFound);
    CHECK(e.reason == reason);
  };
  expect_not_found(must_fail(fx.store.get_container(mine.id, ref)));
  expect_not_found(must_fail(fx.store.update_container(mine.id, ref, {})));
  expect_not_found(must_fail(fx.store.delete_container(mine.id, ref)));
  expect_not_found(must_fail(fx.store.grant(mine.id, ref, con.id)));
  expect_not_found(must_fail(fx.store.revoke(mine.id, ref, con.id)));
  expect_not_found(must_fail(fx.store.list_with_access(mine.id, ref, all())));
  // An id that is no container at all.
  CHECK(must_fail(fx.store.get_container(mine.id, ContainerRef::Of(unknown_id()))).kind ==
        ErrorKind::kNotFound);
  // Nothing changed under either licensee.
  CHECK(must(fx.store.get_container(theirs.id, ref)) == their_box);
  CHECK(associated(fx.store, mine.id).empty());
}

TEST_CASE("container operations under an unknown licensee are not found", "[store][container]") {
  StoreFixture fx;
  const Uuid nobody = unknown_id();
  const std::string reason = msg::no_such("licensee", nobody.str());
  auto e1 = must_fail(fx.store.create_container(nobody, container_named("x")));
  CHECK(e1.kind == ErrorKind::kNotFound);
  CHECK(e1.reason == reason);
  CHECK(must_fail(fx.store.list_containers(nobody, all())).reason == reason);
  CHECK(must_fail(fx.store.get_container(nobody, ContainerRef::Default())).reason == reason);
  CHECK(must_fail(fx.store.update_container(nobody, ContainerRef::Default(), {})).reason == reason);
  CHECK(must_fail(fx.store.delete_container(nobody, ContainerRef::Default())).reason == reason);
  CHECK(fx.store.counts().containers == 0);
}

TEST_CASE("containers list in order of created, then id, paged with the total",
          "[store][container]") {
  StoreFixture fx;
  fx.clock->set(kStart + 50);
  Licensee lic = org(fx);  // its default container is created at kStart + 50
  Licensee other = org(fx, "Other");
  LicenseContainer def = default_of(fx, lic.id);
  fx.clock->set(kStart + 10);
  LicenseContainer early = must(fx.store.create_container(lic.id, container_named("early")));
  fx.clock->set(kStart + 90);
  LicenseContainer a = must(fx.store.create_container(lic.id, container_named("a")));
  LicenseContainer b = must(fx.store.create_container(lic.id, container_named("b")));
  must(fx.store.create_container(other.id, container_named("not mine")));

  std::vector<Uuid> tail = {a.id, b.id};
  std::sort(tail.begin(), tail.end());
  const std::vector<Uuid> expected = {early.id, def.id, tail[0], tail[1]};

  auto whole = must(fx.store.list_containers(lic.id, d::Page{}));
  CHECK(whole.total == 4);
  CHECK(ids_of(whole.items) == expected);
  auto p = must(fx.store.list_containers(lic.id, d::Page{1, 2}));
  CHECK(p.total == 4);
  CHECK(ids_of(p.items) == std::vector<Uuid>{expected[1], expected[2]});
  auto last = must(fx.store.list_containers(lic.id, d::Page{3, 10}));
  CHECK(ids_of(last.items) == std::vector<Uuid>{expected[3]});
  auto none = must(fx.store.list_containers(lic.id, d::Page{0, 0}));
  CHECK(none.items.empty());
  CHECK(none.total == 4);
  CHECK(must(fx.store.list_containers(other.id, all())).total == 2);
}

TEST_CASE("a licensee has exactly one default container through any sequence of operations",
          "[store][container]") {
  StoreFixture fx;
  Licensee lic = org(fx);
  std::vector<Uuid> boxes = {default_of(fx, lic.id).id};
  for (int i = 0; i < 6; ++i) {
    fx.clock->advance(1);
    boxes.push_back(must(fx.store.create_container(
                             lic.id, container_named("c" + std::to_string(i), i % 2 == 0)))
                        .id);
    CHECK(default_count(fx.store, lic.id) == 1);
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    auto ref = ContainerRef::Of(boxes[(i * 5) % boxes.size()]);
    (void)fx.store.update_container(lic.id, ref, make_default(i % 3 != 0));
    CHECK(default_count(fx.store, lic.id) == 1);
    (void)fx.store.delete_container(lic.id, ContainerRef::Of(boxes[(i * 3) % boxes.size()]));
    CHECK(default_count(fx.store, lic.id) == 1);
  }
  CHECK(invariant_violations(fx.store.dump()).empty());
}
