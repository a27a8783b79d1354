// Fixture loading (contract section 7): the embedded default data, directories loaded in name
// order, errors that read "file: /json/pointer: reason", and loads that are all or nothing.

#include "app/fixtures.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/clock.hpp"
#include "domain/id_generator.hpp"
#include "domain/messages.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "wire/codec.hpp"

using scale::testing::TempDir;

namespace fs = std::filesystem;
namespace d = scale::domain;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scale::app::FixtureSource;
using scale::app::load_fixtures;
using scale::app::read_fixtures;
using scale::store::Store;
using Json = scale::wire::Json;

namespace {

// 2026-02-01T00:00:00.000Z
constexpr d::Timestamp kNow = 1769904000000;

std::unique_ptr<Store> make_store() {
  return std::make_unique<Store>(std::make_shared<d::ManualClock>(kNow),
                                 std::make_shared<d::SeededIdGenerator>(7));
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads and loads `path` into `store`; returns the error ("" on success).
std::string load(Store& store, const std::string& path) {
  std::string error;
  auto sources = read_fixtures(path, error);
  if (!error.empty()) return error;
  if (!load_fixtures(store, sources, error)) return error;
  return "";
}

Json dump(const Store& store) {
  return scale::wire::encode(store.dump());
}

const char* const kAda = "6513270e-269e-4d37-b2a7-4de452e6b438";
const char* const kAcme = "923a7369-94e3-4f91-9a61-dbe22e44158b";
const char* const kKey = "36f675cc-81e7-4ef5-a8e2-5d940ed90475";

const std::string kOrgFile = R"({
  "licensees": [
    {"id": "11111111-1111-4111-8111-111111111111", "type": "ORGANIZATION", "name": "First Oy",
     "email": "it@first.example", "licenseConsumerIds": ["22222222-2222-4222-8222-222222222222"]}
  ],
  "licenseConsumers": [
    {"id": "22222222-2222-4222-8222-222222222222", "type": "PERSON", "name": "Ann", "email": "ann@first.example"}
  ]
})";

// Refers to the consumer of kOrgFile, so it loads only after it.
const std::string kLaterFile = R"({
  "licensees": [
    {"id": "33333333-3333-4333-8333-333333333333", "type": "PERSON", "name": "Second",
     "licenseContainers": [
       {"name": "main", "usedAsDefault": true, "licenseConsumerIds": ["22222222-2222-4222-8222-222222222222"]}
     ]}
  ]
})";

}  // namespace

TEST_CASE("the embedded default fixtures are fixtures/default.json", "[fixtures]") {
  const std::string file = read_text(fs::path(SCALE_MOCK_SOURCE_DIR) / "fixtures" / "default.json");
  REQUIRE_FALSE(file.empty());
  CHECK(std::string(scale::app::default_fixtures()) == file);
}

TEST_CASE(
    "the embedded default fixtures load with B2B and B2C licensees, containers and "
    "consumers of every type",
    "[fixtures]") {
  auto store = make_store();
  std::string error;
  auto sources = read_fixtures("", error);
  INFO(error);
  REQUIRE(error.empty());
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].name == "fixtures/default.json (embedded)");
  REQUIRE(load_fixtures(*store, sources, error));

  const auto counts = store->counts();
  CHECK(counts.licensees == 5);
  CHECK(counts.consumers == 7);
  CHECK(counts.containers == 6);  // Globex has none in the file and gets a default
  CHECK(counts.licenses == 4);
  CHECK(counts.products == 2);

  const auto licensees = store->list_licensees({0, 100}).items;
  auto count_type = [&](d::LicenseeType t) {
    return std::count_if(licensees.begin(), licensees.end(),
                         [t](const d::Licensee& l) { return l.type == t; });
  };
  CHECK(count_type(d::LicenseeType::kOrganization) == 3);
  CHECK(count_type(d::LicenseeType::kPerson) == 2);

  const auto consumers = store->list_consumers({0, 100}).items;
  for (auto type :
       {d::ConsumerType::kPerson, d::ConsumerType::kDevice, d::ConsumerType::kLicenseKey}) {
    INFO(to_string(type));
    CHECK(std::any_of(consumers.begin(), consumers.end(),
                      [type](const auto& c) { return c.type == type; }));
  }
  auto key = store->get_consumer(*d::Uuid::parse(kKey));
  REQUIRE(key);
  CHECK(key->type == d::ConsumerType::kLicenseKey);
  // Nordlab's license carries that consumer's key (so no consumer is added for it).
  auto nordlab = store->find_licensee_by_natural_id("crm-1002");
  REQUIRE(nordlab);
  auto held = store->list_licenses(nordlab->id, {}, {0, 100});
  REQUIRE(held);
  REQUIRE(held->total == 1);
  REQUIRE(held->items[0].license.license_key);
  CHECK(held->items[0].license.license_key->key == key->name);
  CHECK(held->items[0].license.qty_dimension == d::QtyDimension::kUseTime);

  // Relations and given timestamps come through.
  const auto acme = *d::Uuid::parse(kAcme);
  auto acme_boxes = store->list_containers(acme, {0, 100});
  REQUIRE(acme_boxes);
  CHECK(acme_boxes->total == 2);
  auto on_default = store->list_with_access(acme, d::ContainerRef::Default(), {0, 100});
  REQUIRE(on_default);
  REQUIRE(on_default->total == 2);
  CHECK(on_default->items[0].id == *d::Uuid::parse(kAda));
  CHECK(store->get_licensee(acme)->created == 1768032000000);  // 2026-01-10T08:00:00.000Z

  auto globex = store->find_licensee_by_natural_id("crm-1003");
  REQUIRE(globex);
  auto globex_default = store->get_container(globex->id, d::ContainerRef::Default());
  REQUIRE(globex_default);
  CHECK(globex_default->name == "default");
  CHECK(globex_default->used_as_default);
}

TEST_CASE("a directory of *.json loads in name order, later files may use earlier ids",
          "[fixtures]") {
  TempDir dir;
  // Written in the wrong order on purpose; only the names decide.
  dir.write("20-later.json", kLaterFile);
  dir.write("10-orgs.json", kOrgFile);
  dir.write("notes.txt", "not JSON, and not loaded");
  dir.write("30-empty.json", "{}");
  fs::create_directories(fs::path(dir.path()) / "sub.json");  // a directory, not a file

  std::string error;
  auto sources = read_fixtures(dir.path(), error);
  INFO(error);
  REQUIRE(error.empty());
  REQUIRE(sources.size() == 3);
  CHECK(fs::path(sources[0].name).filename() == "10-orgs.json");
  CHECK(fs::path(sources[1].name).filename() == "20-later.json");
  CHECK(fs::path(sources[2].name).filename() == "30-empty.json");

  auto store = make_store();
  REQUIRE(load_fixtures(*store, sources, error));
  CHECK(store->counts().licensees == 2);
  CHECK(store->counts().consumers == 1);
  const auto second = *d::Uuid::parse("33333333-3333-4333-8333-333333333333");
  auto access = store->list_with_access(second, d::ContainerRef::Default(), {0, 10});
  REQUIRE(access);
  REQUIRE(access->total == 1);
  CHECK(access->items[0].name == "Ann");
  // Access implies association.
  CHECK(store->list_associated(second, {0, 10})->total == 1);
  // Records without timestamps get the store's clock.
  CHECK(store->get_licensee(second)->created == kNow);

  SECTION("in the other order the reference fails") {
    TempDir reversed;
    reversed.write("10-later.json", kLaterFile);
    reversed.write("20-orgs.json", kOrgFile);
    auto fresh = make_store();
    const std::string e = load(*fresh, reversed.path());
    CHECK_THAT(e,
               Contains("10-later.json: /licensees/0/licenseContainers/0/licenseConsumerIds/0: "));
    CHECK(fresh->counts().licensees == 0);
  }
}

TEST_CASE("every file of a directory is decoded before any is loaded", "[fixtures][errors]") {
  // The first file breaks a load rule, the second is not JSON: the second is reported, as no
  // file is loaded until all of them read.
  TempDir dir;
  dir.write("10-clash.json", R"({"licensees": [
      {"type": "ORGANIZATION", "name": "A", "naturalId": "n"},
      {"type": "ORGANIZATION", "name": "B", "naturalId": "n"}]})");
  const std::string broken = dir.write("20-broken.json", "{\"licensees\": [}");
  auto store = make_store();
  CHECK_THAT(load(*store, dir.path()), StartsWith(broken + ": not valid JSON"));
  CHECK(store->counts().licensees == 0);
}

TEST_CASE("an empty directory loads nothing and is not an error", "[fixtures]") {
  TempDir dir;
  auto store = make_store();
  CHECK(load(*store, dir.path()).empty());
  CHECK(store->counts().licensees == 0);
}

TEST_CASE("fixture errors read \"file: /json/pointer: reason\"", "[fixtures][errors]") {
  TempDir dir;
  auto store = make_store();

  SECTION("invalid JSON names the file and where the syntax breaks") {
    const std::string file = dir.write("bad.json", "{\"licensees\": [\n  {\"name\": \"A\",}\n]}");
    const std::string e = load(*store, file);
    CHECK_THAT(e, StartsWith(file + ": not valid JSON"));
    CHECK_THAT(e, Contains("line 2"));
  }
  SECTION("comments are not JSON either") {
    const std::string file = dir.write("c.json", "// demo data\n{}");
    CHECK_THAT(load(*store, file), StartsWith(file + ": not valid JSON"));
  }
  SECTION("a field of the wrong JSON type") {
    const std::string file = dir.write(
        "types.json",
        R"({"licensees": [{"type": "ORGANIZATION", "name": "A"}, {"type": "ORGANIZATION", "name": 5}]})");
    CHECK(load(*store, file) == file + ": /licensees/1/name: must be a string");
  }
  SECTION("a duplicate email names the other record's pointer") {
    const std::string file = dir.write("dup.json", R"({"licensees": [
      {"type": "ORGANIZATION", "name": "A", "email": "x@y.example"},
      {"type": "ORGANIZATION", "name": "B"},
      {"type": "PERSON", "name": "C", "email": "X@Y.example"}]})");
    CHECK(load(*store, file) ==
          file + ": /licensees/2/email: " + msg::already_used("X@Y.example", "/licensees/0"));
  }
  SECTION("a duplicate consumer email names the other consumer's pointer") {
    const std::string file = dir.write("dupc.json", R"({"licenseConsumers": [
      {"type": "PERSON", "name": "A", "email": "x@y.example"},
      {"type": "DEVICE", "name": "B", "email": "x@y.example"}]})");
    CHECK(load(*store, file) == file + ": /licenseConsumers/1/email: " +
                                    msg::already_used("x@y.example", "/licenseConsumers/0"));
  }
  SECTION("a clash with an earlier file names that record by id") {
    dir.write("10-orgs.json", kOrgFile);
    const std::string second = dir.write(
        "20-clash.json",
        R"({"licensees": [{"type": "ORGANIZATION", "name": "Z", "email": "IT@first.example"}]})");
    CHECK(
        load(*store, dir.path()) ==
        second + ": /licensees/0/email: " +
            msg::already_used("IT@first.example", "licensee 11111111-1111-4111-8111-111111111111"));
  }
  SECTION("an unknown consumer id") {
    const std::string file =
        dir.write("ids.json", R"({"licensees": [{"type": "ORGANIZATION", "name": "A",
      "licenseConsumerIds": ["44444444-4444-4444-8444-444444444444"]}]})");
    CHECK(load(*store, file) ==
          file + ": /licensees/0/licenseConsumerIds/0: " +
              msg::no_such("license consumer", "44444444-4444-4444-8444-444444444444"));
  }
  SECTION("two default containers") {
    const std::string file =
        dir.write("defaults.json", R"({"licensees": [{"type": "ORGANIZATION", "name": "A",
      "licenseContainers": [{"name": "one", "usedAsDefault": true}, {"name": "two", "usedAsDefault": true}]}]})");
    CHECK_THAT(load(*store, file),
               StartsWith(file + ": /licensees/0/licenseContainers/1/usedAsDefault: ") &&
                   Contains("default"));
  }
  SECTION("containers without a default") {
    const std::string file =
        dir.write("nodefault.json", R"({"licensees": [{"type": "ORGANIZATION", "name": "A",
      "licenseContainers": [{"name": "one"}]}]})");
    CHECK_THAT(load(*store, file), StartsWith(file + ": /licensees/0/licenseContainers: "));
  }
  SECTION("a missing type") {
    const std::string file = dir.write("notype.json", R"({"licenseConsumers": [{"name": "A"}]})");
    CHECK(load(*store, file) == file + ": /licenseConsumers/0/type: " + msg::required());
  }
  SECTION("a LICENSE_KEY consumer related to a licensee") {
    const std::string file = dir.write("key.json", R"({
      "licenseConsumers": [{"id": "55555555-5555-4555-8555-555555555555", "type": "LICENSE_KEY", "name": "K"}],
      "licensees": [{"type": "ORGANIZATION", "name": "A",
                     "licenseConsumerIds": ["55555555-5555-4555-8555-555555555555"]}]})");
    CHECK(load(*store, file) ==
          file + ": /licensees/0/licenseConsumerIds/0: " +
              msg::license_key_relation("55555555-5555-4555-8555-555555555555"));
  }
  CHECK(store->counts().licensees == 0);
  CHECK(store->counts().consumers == 0);
}

TEST_CASE("a failed load leaves the store as it was", "[fixtures][errors]") {
  auto store = make_store();
  REQUIRE(load(*store, "").empty());
  const Json before = dump(*store);

  TempDir dir;
  dir.write("10-good.json", kOrgFile);
  dir.write("20-bad.json",
            R"({"licensees": [{"type": "ORGANIZATION", "name": "A", "naturalId": "n"},
                                             {"type": "ORGANIZATION", "name": "B", "naturalId": "n"}]})");
  const std::string e = load(*store, dir.path());
  CHECK_THAT(e, Contains("20-bad.json: /licensees/1/naturalId: "));
  CHECK(dump(*store) == before);

  // A file that does not even parse leaves it as it was, too.
  dir.write("15-broken.json", "{");
  CHECK_THAT(load(*store, dir.path()), Contains("15-broken.json: not valid JSON"));
  CHECK(dump(*store) == before);
}

TEST_CASE("a successful load replaces what the store held", "[fixtures]") {
  auto store = make_store();
  REQUIRE(load(*store, "").empty());
  TempDir dir;
  const std::string file = dir.write("one.json", kOrgFile);
  REQUIRE(load(*store, file).empty());
  CHECK(store->counts().licensees == 1);
  CHECK(store->counts().consumers == 1);
}

TEST_CASE("a path that does not exist is an error", "[fixtures][errors]") {
  const std::string missing =
      (fs::temp_directory_path() / "scale-mock-no-such-fixtures.json").string();
  std::string error;
  auto sources = read_fixtures(missing, error);
  CHECK(sources.empty());
  CHECK_THAT(error, StartsWith(missing + ": ") && Contains("no such file"));
}

TEST_CASE("an App with bad fixtures does not start and says why", "[fixtures][app]") {
  TempDir dir;
  const std::string file = dir.write("bad.json", R"({"licensees": [{"type": "ORGANIZATION"}]})");
  scale::app::Config config;
  config.port = 0;
  config.quiet = true;
  config.fixtures = file;
  scale::app::App app(config);
  std::string error;
  CHECK_FALSE(app.prepare(error));
  CHECK(error == file + ": /licensees/0/name: " + msg::required());
}

TEST_CASE("a number too large for a double is invalid JSON, not a crash",
          "[fixtures][errors][regression]") {
  // Found by fuzz/fuzz_state_loader: the second parse, which only finds where the syntax
  // breaks, threw nlohmann's out_of_range (406, number overflow), which is no parse_error, so
  // nothing caught it and a fixture or state file holding 1e999 ended the process.
  std::string error;
  scale::domain::StateDocument doc;
  CHECK_FALSE(scale::app::parse_fixture("big.json", R"({"licensees": 22e44158})", doc, error));
  CHECK_THAT(error, StartsWith("big.json: not valid JSON") && Contains("number overflow"));

  TempDir dir;
  const std::string file = dir.write("big.json", R"({"licenseConsumers": [{"created": -1e999}]})");
  auto store = make_store();
  CHECK_THAT(load(*store, file), StartsWith(file + ": not valid JSON"));
}
