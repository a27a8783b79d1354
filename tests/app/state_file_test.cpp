// --state-file on disk: atomic writes (the old file or the new one, never a part, no temporary
// file left behind), the state document saved and loaded again, and the errors that name the
// file, the directory or the JSON pointer.

#include "app/state_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "domain/clock.hpp"
#include "domain/id_generator.hpp"
#include "store/store.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"
#include "wire/codec.hpp"

using scale::testing::TempDir;

namespace fs = std::filesystem;
namespace d = scale::domain;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scale::app::check_state_file_location;
using scale::app::load_state;
using scale::app::save_state;
using scale::app::write_atomically;
using scale::store::Store;
using Json = scale::wire::Json;
using scale::testing::names_in;
using scale::testing::read_file;
using scale::testing::write_file;

namespace {

// 2026-02-01T00:00:00.000Z
constexpr d::Timestamp kNow = 1769904000000;

std::unique_ptr<Store> make_store(std::uint64_t seed = 7) {
  return std::make_unique<Store>(std::make_shared<d::ManualClock>(kNow),
                                 std::make_shared<d::SeededIdGenerator>(seed));
}

// A document with an organization, a consumer associated with it, and a PERSON licensee.
const char* kDocument = R"({
  "licensees": [
    {"id": "11111111-1111-4111-8111-111111111111", "type": "ORGANIZATION", "name": "Acme Oy",
     "naturalId": "crm-1", "email": "acme@acme.example",
     "licenseContainers": [{"id": "33333333-3333-4333-8333-333333333333", "name": "default",
                            "usedAsDefault": true,
                            "licenseConsumerIds": ["22222222-2222-4222-8222-222222222222"]}],
     "licenseConsumerIds": ["22222222-2222-4222-8222-222222222222"]},
    {"id": "44444444-4444-4444-8444-444444444444", "type": "PERSON", "name": "Pia Person"}
  ],
  "licenseConsumers": [
    {"id": "22222222-2222-4222-8222-222222222222", "type": "PERSON", "name": "Ada",
     "email": "ada@acme.example"}
  ]
})";

void load_into(Store& store, const std::string& text) {
  auto doc = scale::wire::decode_state(Json::parse(text));
  REQUIRE(doc);
  REQUIRE(store.replace(*doc));
}

}  // namespace

// ================================================================== write_atomically

TEST_CASE("write_atomically writes the content and leaves no temporary file", "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  REQUIRE(write_atomically(path, "{\"a\": 1}\n"));
  CHECK(read_file(path) == "{\"a\": 1}\n");
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});
}

TEST_CASE("write_atomically replaces the whole content, a longer file by a shorter one",
          "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  REQUIRE(write_atomically(path, std::string(100000, 'x')));
  REQUIRE(write_atomically(path, "short"));
  CHECK(read_file(path) == "short");
  REQUIRE(write_atomically(path, ""));
  CHECK(read_file(path).empty());
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});
}

TEST_CASE("write_atomically makes an ordinary 0644 file", "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  REQUIRE(write_atomically(path, "{}"));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("write_atomically into a missing directory fails naming the path and creates nothing",
          "[state-file]") {
  TempDir dir;
  const std::string path = (dir.path() / "missing" / "state.json").string();
  auto s = write_atomically(path, "{}");
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().description(), Contains(path));
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("write_atomically onto a directory fails and leaves the directory and no temporary file",
          "[state-file]") {
  TempDir dir;
  fs::create_directory(dir.path() / "taken");
  auto s = write_atomically(dir.file("taken"), "{}");
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().description(), Contains("taken"));
  CHECK(fs::is_directory(dir.path() / "taken"));
  CHECK(names_in(dir.path()) == std::set<std::string>{"taken"});
}

TEST_CASE("write_atomically with a relative path writes in the current directory", "[state-file]") {
  TempDir dir;
  const auto cwd = fs::current_path();
  fs::current_path(dir.path());
  auto s = write_atomically("relative.json", "[1]");
  fs::current_path(cwd);
  REQUIRE(s);
  CHECK(read_file(dir.file("relative.json")) == "[1]");
  CHECK(names_in(dir.path()) == std::set<std::string>{"relative.json"});
}

// ================================================================== check_state_file_location

TEST_CASE(
    "check_state_file_location accepts a writable directory and refuses a missing one or a "
    "directory as the file",
    "[state-file]") {
  TempDir dir;
  CHECK(check_state_file_location(dir.file("state.json")));
  write_file(dir.file("existing.json"), "{}");
  CHECK(check_state_file_location(dir.file("existing.json")));

  const std::string missing = (dir.path() / "missing" / "state.json").string();
  auto m = check_state_file_location(missing);
  REQUIRE_FALSE(m);
  CHECK_THAT(m.error().description(), Contains(missing) && Contains("does not exist"));

  fs::create_directory(dir.path() / "sub");
  auto is_dir = check_state_file_location(dir.file("sub"));
  REQUIRE_FALSE(is_dir);
  CHECK_THAT(is_dir.error().description(), Contains("is a directory"));
}

TEST_CASE("check_state_file_location refuses a directory it cannot write", "[state-file]") {
  if (::geteuid() == 0) {
    WARN("skipped: root may write any directory");
    return;
  }
  TempDir dir;
  fs::create_directory(dir.path() / "ro");
  fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  auto s = check_state_file_location((dir.path() / "ro" / "state.json").string());
  fs::permissions(dir.path() / "ro", fs::perms::owner_all);
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().description(), Contains("not writable"));
}

// ================================================================== save_state and load_state

TEST_CASE("save_state writes the state document that load_state reads back", "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  auto original = make_store();
  load_into(*original, kDocument);
  REQUIRE(save_state(*original, path));
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});

  const Json written = Json::parse(read_file(path));
  CHECK(written == scale::wire::encode(original->dump()));
  CHECK(written["licensees"].size() == 2);

  auto copy = make_store(99);
  REQUIRE(load_state(*copy, path));
  CHECK(scale::wire::encode(copy->dump()) == scale::wire::encode(original->dump()));
  // The PERSON licensee's generated default container came through with its id.
  CHECK(copy->counts().containers == 2);
}

TEST_CASE("save_state replaces a longer file with a shorter state whole", "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  auto store = make_store();
  load_into(*store, kDocument);
  REQUIRE(save_state(*store, path));
  const auto long_size = fs::file_size(path);
  REQUIRE(store->replace({}));
  REQUIRE(save_state(*store, path));
  CHECK(fs::file_size(path) < long_size);
  CHECK(Json::parse(read_file(path)) ==
        Json{{"licensees", Json::array()}, {"licenseConsumers", Json::array()}});
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});
}

TEST_CASE("save_state into a missing directory fails naming the path", "[state-file]") {
  TempDir dir;
  auto store = make_store();
  const std::string path = (dir.path() / "missing" / "state.json").string();
  auto s = save_state(*store, path);
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().description(), Contains(path));
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("load_state errors name the file, and the store keeps its state", "[state-file]") {
  TempDir dir;
  auto store = make_store();
  load_into(*store, kDocument);
  const Json before = scale::wire::encode(store->dump());

  SECTION("a missing file") {
    const std::string path = dir.file("missing.json");
    auto s = load_state(*store, path);
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().description(), Contains(path));
  }
  SECTION("a file that is not JSON") {
    const std::string path = dir.file("broken.json");
    write_file(path, R"({"licensees": [)");
    auto s = load_state(*store, path);
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().description(), StartsWith(path));
  }
  SECTION("an invalid document names the JSON pointer") {
    const std::string path = dir.file("bad.json");
    write_file(path, R"({"licensees": [{"type": "ORGANIZATION", "name": "Fine"},
                                       {"type": "ORGANIZATION", "name": "Bad", "email": "nope"}]})");
    auto s = load_state(*store, path);
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().description(), StartsWith(path + ": /licensees/1/email: "));
  }
  SECTION("a document whose records clash with each other") {
    const std::string path = dir.file("clash.json");
    write_file(path,
               R"({"licenseConsumers": [{"type": "PERSON", "name": "A", "email": "x@y.example"},
                                              {"type": "PERSON", "name": "B", "email": "X@Y.example"}]})");
    auto s = load_state(*store, path);
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().description(), StartsWith(path + ": /licenseConsumers/1/email: "));
  }
  CHECK(scale::wire::encode(store->dump()) == before);
}

TEST_CASE("load_state replaces the whole state rather than merging", "[state-file]") {
  TempDir dir;
  const std::string path = dir.file("state.json");
  write_file(
      path, R"({"licensees": [{"id": "55555555-5555-4555-8555-555555555555", "type": "ORGANIZATION",
                                       "name": "Only Oy"}]})");
  auto store = make_store();
  load_into(*store, kDocument);
  REQUIRE(load_state(*store, path));
  const auto doc = store->dump();
  REQUIRE(doc.licensees.size() == 1);
  CHECK(doc.licensees[0].id->str() == "55555555-5555-4555-8555-555555555555");
  CHECK(doc.consumers.empty());
}
