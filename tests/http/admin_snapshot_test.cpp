// POST /__admin/snapshot and --state-file (contract section 8): the default namespace written
// whole, atomically, and a server started from the file it left.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/admin.hpp"
#include "support/files.hpp"
#include "support/matchers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

TEST_CASE("snapshot is 409 without --state-file", "[admin][snapshot]") {
  TestServer s;
  auto r = s.client().Post("/__admin/snapshot");
  CHECK_THAT(r, IsEnvelope(409));
  CHECK_THAT(description_of(r), Contains("--state-file"));
}

TEST_CASE(
    "snapshot writes the default namespace to the state file, whole, leaving no temporary file",
    "[admin][snapshot]") {
  TempDir dir;
  const fs::path file = dir.path() / "state.json";
  TestServer s(with_state_file(file.string()));
  CHECK_FALSE(fs::exists(file));
  s.setup_organization({{"name", "Snap Oy"}, {"email", "snap@snap.example"}});

  CHECK_THAT(checked(s.client().Post("/__admin/snapshot")), IsNoContent());
  CHECK(Json::parse(read_file(file)) == body_of(s.get("/__admin/state")));
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});

  // From another namespace it still writes the default one; the new content replaces the old.
  s.setup_user({{"name", "Sue Snap"}, {"email", "sue@snap.example"}});
  NsClient other(s, "other");
  REQUIRE(other.post_json("/__admin/reset", {{"to", "empty"}})->status == 204);
  CHECK_THAT(other.post_empty("/__admin/snapshot"), IsNoContent());
  const Json written = Json::parse(read_file(file));
  CHECK(written == body_of(s.get("/__admin/state")));
  CHECK(written["licensees"].size() == 2);
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});
}

TEST_CASE("snapshots taken at once while records are made each leave one whole file",
          "[admin][snapshot][concurrency]") {
  TempDir dir;
  const fs::path file = dir.path() / "state.json";
  auto options = with_state_file(file.string());
  options.threads = 8;
  TestServer s(options);
  constexpr int kWriters = 3, kEach = 8;
  std::vector<int> bad(kWriters + 1, 0);
  std::latch start(kWriters + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriters; ++t) {
    threads.emplace_back([&, t] {
      auto c = s.make_client();
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto r = c->Post("/__admin/snapshot");
        if (!r || r->status != 204) ++bad[static_cast<std::size_t>(t)];
      }
    });
  }
  threads.emplace_back([&] {
    auto c = s.make_client();
    start.arrive_and_wait();
    for (int i = 0; i < kEach; ++i) {
      auto r =
          c->Post(kSetupOrg, Json{{"name", "Org " + std::to_string(i)}}.dump(), "application/json");
      if (!r || r->status != 201) ++bad[kWriters];
    }
  });
  for (auto& th : threads) th.join();
  CHECK(bad == std::vector<int>(kWriters + 1, 0));
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});
  const Json written = Json::parse(read_file(file));
  CHECK(written["licensees"].size() <= static_cast<std::size_t>(kEach));
  CHECK_THAT(checked(s.client().Post("/__admin/snapshot")), IsNoContent());
  CHECK(Json::parse(read_file(file)) == body_of(s.get("/__admin/state")));
}

TEST_CASE("a server started with an existing state file serves its state instead of the fixtures",
          "[admin][snapshot]") {
  TempDir dir;
  const fs::path file = dir.path() / "state.json";
  std::string saved;
  {
    TestServer first(with_state_file(file.string()));
    first.setup_organization({{"name", "Kept Oy"}, {"email", "kept@kept.example"}});
    first.setup_user({{"name", "Kim Kept"}, {"email", "kim@kept.example"}});
    REQUIRE(checked(first.client().Post("/__admin/snapshot"))->status == 204);
    saved = state_text(first);
  }
  auto options = with_state_file(file.string());
  options.no_fixtures = false;  // the file wins over the fixtures
  TestServer second(options);
  CHECK(state_text(second) == saved);
  CHECK(second.total("/licensees") == 2);
  // A new namespace starts from the fixtures, not from the file.
  NsClient other(second, "other");
  CHECK(other.total("/licensees") == 5);
}

TEST_CASE("a server does not start with an invalid state file or one in a missing directory",
          "[admin][snapshot]") {
  TempDir dir;
  SECTION("invalid JSON") {
    const fs::path file = dir.path() / "broken.json";
    std::ofstream(file) << R"({"licensees": [)";
    CHECK_THROWS_WITH(TestServer(with_state_file(file.string())), Contains(file.string()));
  }
  SECTION("an invalid document names the file and the JSON pointer") {
    const fs::path file = dir.path() / "bad.json";
    std::ofstream(file)
        << R"({"licensees": [{"type": "ORGANIZATION", "name": "X", "email": "nope"}]})";
    CHECK_THROWS_WITH(TestServer(with_state_file(file.string())),
                      Contains(file.string()) && Contains("/licensees/0/email"));
  }
  SECTION("a missing directory") {
    const fs::path file = dir.path() / "missing" / "state.json";
    CHECK_THROWS_WITH(TestServer(with_state_file(file.string())), Contains("does not exist"));
    CHECK_FALSE(fs::exists(dir.path() / "missing"));
  }
}
