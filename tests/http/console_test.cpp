// The web console (/console): its files are embedded from src/console/ byte for byte, served
// with their content types and headers, `/` redirects to it, and it stays outside the API:
// outside --base-path, the journal, faults and auth.

#include "http/console.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "support/files.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const fs::path kConsoleSources = fs::path(SCALE_MOCK_SOURCE_DIR) / "src" / "console";

// The files the console is made of, as they are in the source tree.
std::set<std::string> source_files() {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(kConsoleSources)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.front() != '.' && name.back() != '~') names.insert(name);
  }
  return names;
}

httplib::Result get(TestServer& s, const std::string& path) {
  return checked(s.client().Get(path));
}

}  // namespace

TEST_CASE("every file of src/console is embedded byte for byte", "[console]") {
  std::set<std::string> embedded;
  for (const auto& asset : scale::http::console_assets()) {
    embedded.insert(std::string(asset.name));
    INFO(asset.name);
    const std::string on_disk = read_file(kConsoleSources / std::string(asset.name));
    CHECK(asset.bytes.size() == on_disk.size());
    CHECK((asset.bytes == on_disk));  // no expansion: a file's text would flood the report
  }
  CHECK(embedded == source_files());
  // What the page itself loads.
  for (const char* name : {"index.html", "console.css", "app.js", "api.js", "icon.svg"})
    CHECK(embedded.count(name) == 1);
}

TEST_CASE("GET /console/ is the console's page", "[console]") {
  TestServer s;
  auto r = get(s, "/console/");
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/html; charset=UTF-8");
  CHECK((r->body == read_file(kConsoleSources / "index.html")));
  CHECK_THAT(r->body, Contains("<script type=\"module\" src=\"app.js\"></script>"));
  CHECK(r->get_header_value("Cache-Control") == "no-store");
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  const std::string csp = r->get_header_value("Content-Security-Policy");
  CHECK_THAT(csp, StartsWith("default-src 'none'"));
  CHECK_THAT(csp, Contains("script-src 'self';"));
  CHECK_THAT(csp, !Contains("unsafe-inline"));
  CHECK(get(s, "/console/index.html")->body == r->body);
}

TEST_CASE("each console file has its content type and exact bytes", "[console]") {
  TestServer s;
  for (const std::string& name : source_files()) {
    INFO(name);
    auto r = get(s, "/console/" + name);
    CHECK(r->status == 200);
    CHECK((r->body == read_file(kConsoleSources / name)));
    CHECK(r->get_header_value("Cache-Control") == "no-store");
    const std::string type = r->get_header_value("Content-Type");
    if (name.ends_with(".js"))
      CHECK(type == "text/javascript; charset=UTF-8");
    else if (name.ends_with(".css"))
      CHECK(type == "text/css; charset=UTF-8");
    else if (name.ends_with(".html"))
      CHECK(type == "text/html; charset=UTF-8");
    else if (name.ends_with(".svg"))
      CHECK(type == "image/svg+xml");
    else
      FAIL("src/console/" << name << " has an extension the console does not serve on purpose");
  }
}

TEST_CASE("/ and /console redirect to /console/", "[console]") {
  TestServer s;
  for (const char* path : {"/", "/console"}) {
    INFO(path);
    auto r = get(s, path);
    CHECK(r->status == 302);
    CHECK(r->get_header_value("Location") == "/console/");
    CHECK(checked(s.client().Head(path))->status == 302);
  }
}

TEST_CASE("an unknown console file is 404 in the envelope", "[console]") {
  TestServer s;
  for (const char* path :
       {"/console/nope.js", "/console/app.js/", "/console/a/app.js", "/console/..%2Fapp.js"}) {
    INFO(path);
    auto r = get(s, path);
    CHECK_THAT(r, IsEnvelope(404));
  }
  // Not the console: a path that only starts with the same letters.
  auto other = get(s, "/consoles");
  CHECK(other->status == 404);
  CHECK_THAT(description_of(other), StartsWith("no route for GET /consoles"));
}

TEST_CASE("the console answers GET, HEAD and OPTIONS only", "[console]") {
  TestServer s;
  auto head = checked(s.client().Head("/console/app.js"));
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  auto options = checked(s.client().Options("/console/"));
  CHECK(options->status == 204);
  CHECK(options->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  auto post = checked(s.client().Post("/console/", "{}", "application/json"));
  CHECK_THAT(post, IsEnvelope(405));
  CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  // Only GET and HEAD of / belong to the console; other methods stay the API's.
  auto post_root = checked(s.client().Post("/", "{}", "application/json"));
  CHECK(post_root->status == 404);
}

TEST_CASE("config.json tells the console the API's base path and the version", "[console]") {
  SECTION("no base path") {
    TestServer s;
    auto r = get(s, "/console/config.json");
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=UTF-8");
    auto j = body_of(r);
    CHECK(j["basePath"] == "");
    CHECK(j["version"] == SCALE_MOCK_VERSION);
  }
  SECTION("--base-path /api: the console stays at /console") {
    TestServer s(with_base_path("/api"));
    auto r = get(s, "/console/config.json");
    CHECK(body_of(r)["basePath"] == "/api");
    CHECK(get(s, "/console/")->status == 200);
    CHECK(get(s, "/")->get_header_value("Location") == "/console/");
    CHECK(get(s, "/api/console/")->status == 404);
    CHECK(get(s, "/api/licensees")->status == 200);
  }
}

TEST_CASE("console requests are not API calls: no journal, faults or auth", "[console]") {
  SECTION("the journal holds none of them") {
    TestServer s;
    get(s, "/console/");
    get(s, "/console/app.js");
    get(s, "/");
    get(s, "/licensees");
    auto journal = body_of(get(s, "/__admin/requests"))["requests"];
    REQUIRE(journal.size() == 1);
    CHECK(journal[0]["path"] == "/licensees");
  }
  SECTION("a fault on every path leaves the console alone") {
    TestServer s;
    auto added = checked(
        s.client().Post("/__admin/faults", R"({"path":"/*","status":503})", "application/json"));
    REQUIRE(added->status == 201);
    CHECK(get(s, "/console/")->status == 200);
    CHECK(get(s, "/licensees")->status == 503);
  }
  SECTION("--auth verify: no token needed for the console, and the API still wants one") {
    TestServer s(with_auth("verify"));
    CHECK(get(s, "/console/")->status == 200);
    CHECK(get(s, "/console/config.json")->status == 200);
    CHECK(get(s, "/licensees")->status == 401);
    // What the console does: a development token from /__admin/token, then the API with it.
    auto token = body_of(checked(s.client().Post("/__admin/token", "", "application/json")));
    httplib::Headers auth{{"Authorization", "ScaleJwt " + token["token"].get<std::string>()}};
    CHECK(checked(s.client().Get("/licensees", auth))->status == 200);
  }
  SECTION("a namespace header that is not a valid name does not matter to the console") {
    TestServer s;
    httplib::Headers bad{{"X-Scale-Mock-Namespace", "not valid!"}};
    CHECK(checked(s.client().Get("/console/", bad))->status == 200);
    CHECK(checked(s.client().Get("/licensees", bad))->status == 400);
  }
}
