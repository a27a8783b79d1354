// The test-double controls under /__admin (contract sections 8 and 9) over real HTTP: health,
// reset, the state document, the journal, faults, the clock, the seed, namespaces, snapshots
// and the OpenAPI document. A real App on a free loopback port per test.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.hpp"
#include "http/envelope.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

using scale::testing::TempDir;

using namespace scale::testing;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr const char* kNamespaceHeader = "X-Scale-Mock-Namespace";
constexpr const char* kSetupOrg = "/licensees/actions/setup-organization";
constexpr const char* kSetupUser = "/licensees/actions/setup-user";
constexpr const char* kUnknownId = "3f9a2c1e-7b4d-4e8f-9a6b-0c1d2e3f4a5b";

// Records of fixtures/default.json.
constexpr const char* kAcme = "923a7369-94e3-4f91-9a61-dbe22e44158b";
constexpr const char* kAda = "6513270e-269e-4d37-b2a7-4de452e6b438";

// 2026-03-01T12:00:00.000Z
constexpr std::int64_t kStart = 1772366400000;
constexpr const char* kStartText = "2026-03-01T12:00:00.000Z";

// A client of the server whose every request names the namespace `name`.
class NsClient {
 public:
  NsClient(const TestServer& s, const std::string& name) : c_(s.make_client()) {
    c_->set_default_headers({{kNamespaceHeader, name}});
  }
  httplib::Result get(const std::string& path) { return checked(c_->Get(path)); }
  httplib::Result del(const std::string& path) { return checked(c_->Delete(path)); }
  httplib::Result post_empty(const std::string& path) { return checked(c_->Post(path)); }
  httplib::Result post_json(const std::string& path, const Json& body) {
    return checked(c_->Post(path, body.dump(), "application/json"));
  }
  httplib::Result put_json(const std::string& path, const Json& body) {
    return checked(c_->Put(path, body.dump(), "application/json"));
  }
  Json create(const std::string& path, const Json& body) {
    auto r = post_json(path, body);
    if (r->status != 201) throw std::runtime_error("POST " + path + " gave " + r->body);
    return body_of(r);
  }
  std::size_t total(const std::string& path) {
    return std::stoul(get(path)->get_header_value("X-Total-Count"));
  }

 private:
  std::unique_ptr<httplib::Client> c_;
};

Json health(TestServer& s) {
  return body_of(s.get("/__admin/health"));
}
std::string state_text(TestServer& s) {
  return s.get("/__admin/state")->body;
}
Json journal(TestServer& s, const std::string& query = "") {
  return body_of(s.get("/__admin/requests" + query)).at("requests");
}
Json faults(TestServer& s) {
  return body_of(s.get("/__admin/faults")).at("faults");
}
Json clock(TestServer& s) {
  return body_of(s.get("/__admin/clock"));
}

Json counts(std::size_t licensees, std::size_t containers, std::size_t consumers) {
  return Json{
      {"licensees", licensees}, {"licenseContainers", containers}, {"licenseConsumers", consumers}};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// Asks `done` every 20 ms until it says yes (true) or `limit` has passed (false).
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Sends `request` on a new connection and returns all the server sends until it closes (at
// most 10 s).
std::string raw_until_close(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace

#define CHECK_ENVELOPE(result, status)                      \
  do {                                                      \
    std::string why_;                                       \
    const bool ok_ = is_envelope((result), (status), why_); \
    INFO(why_);                                             \
    CHECK(ok_);                                             \
  } while (0)

// A 204 answer: no body and no Content-Type (contract section 9).
#define CHECK_NO_CONTENT(result)                 \
  do {                                           \
    const auto& r_ = (result);                   \
    INFO(r_->body);                              \
    CHECK(r_->status == 204);                    \
    CHECK(r_->body.empty());                     \
    CHECK_FALSE(r_->has_header("Content-Type")); \
  } while (0)

// ================================================================== health

TEST_CASE("health answers ok, the version, the namespace count and the caller's counts",
          "[admin][health]") {
  TestServer s(with_default_fixtures());
  auto r = s.get("/__admin/health");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);
  Json h = body_of(r);
  CHECK(h["status"] == "ok");
  CHECK(h["version"] == SCALE_MOCK_VERSION);
  REQUIRE(h["uptimeSeconds"].is_number());
  CHECK(h["uptimeSeconds"].get<double>() >= 0);
  CHECK(h["namespace"] == "default");
  CHECK(h["namespaces"] == 1);
  CHECK(h["counts"] == counts(5, 6, 7));

  s.setup_organization({{"name", "Health Oy"}});
  CHECK(health(s)["counts"] == counts(6, 7, 7));

  NsClient other(s, "other");
  CHECK_NO_CONTENT(other.post_json("/__admin/reset", {{"to", "empty"}}));
  other.create(kSetupUser, {{"name", "Only One"}, {"email", "one@other.example"}});
  Json oh = body_of(other.get("/__admin/health"));
  CHECK(oh["counts"] == counts(1, 1, 1));
  CHECK(oh["namespace"] == "other");
  CHECK(oh["namespaces"] == 2);
  CHECK(health(s)["counts"] == counts(6, 7, 7));
  CHECK(health(s)["namespaces"] == 2);
}

// ================================================================== reset

TEST_CASE("reset goes back to the startup fixtures and clears the journal and faults",
          "[admin][reset]") {
  TestServer s(with_default_fixtures());
  const std::string start = state_text(s);
  s.setup_organization({{"name", "Temp Oy"}});
  REQUIRE(s.del(std::string("/licensees/") + kAcme)->status == 204);
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/nowhere"}, {"status", 503}})->status == 201);
  REQUIRE(journal(s).size() == 2);
  REQUIRE(state_text(s) != start);

  CHECK_NO_CONTENT(checked(s.client().Post("/__admin/reset")));
  CHECK(state_text(s) == start);
  CHECK(journal(s).empty());
  CHECK(faults(s).empty());
  CHECK(s.get("/nowhere")->status == 404);  // the fault is gone
}

TEST_CASE("reset to empty leaves nothing; to fixtures is the default; other targets are 400",
          "[admin][reset]") {
  TestServer s(with_default_fixtures());
  const std::string start = state_text(s);

  SECTION("{\"to\":\"empty\"}") {
    CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "empty"}}));
    CHECK(health(s)["counts"] == counts(0, 0, 0));
    CHECK(body_of(s.get("/__admin/state")) ==
          Json{{"licensees", Json::array()}, {"licenseConsumers", Json::array()}});
    CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "fixtures"}}));
    CHECK(state_text(s) == start);
  }
  SECTION("an unknown target, a wrong type or a body that is not an object") {
    s.setup_organization({{"name", "Stays Oy"}});
    const std::string before = state_text(s);
    for (const std::string body : {R"({"to":"nothing"})", R"({"to":5})", "[]", "{"}) {
      INFO(body);
      CHECK_ENVELOPE(s.post_raw("/__admin/reset", body), 400);
    }
    CHECK_THAT(description_of(s.post_json("/__admin/reset", {{"to", "nothing"}})), Contains("to"));
    CHECK(state_text(s) == before);
  }
}

TEST_CASE("reset restores the namespace's seed: the same requests give the same ids again",
          "[admin][reset][seed]") {
  TestServer s;  // no --seed: the namespace drew a random one
  const Json org = s.setup_organization({{"name", "Seeded Oy"}});
  const Json ann = s.create_consumer({{"type", "PERSON"}, {"name", "Ann"}});
  CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "empty"}}));
  const Json org2 = s.setup_organization({{"name", "Seeded Oy"}});
  const Json ann2 = s.create_consumer({{"type", "PERSON"}, {"name", "Ann"}});
  CHECK(id_of(org2) == id_of(org));
  CHECK(org2["naturalId"] == org["naturalId"]);
  CHECK(id_of(ann2) == id_of(ann));
  CHECK(ann2["naturalId"] == ann["naturalId"]);
}

TEST_CASE("reset goes back to the --seed of the start, not to a seed set since",
          "[admin][reset][seed]") {
  TestServer s(with_seed(5));
  const Json org = s.setup_organization({{"name", "Seeded Oy"}});
  CHECK_NO_CONTENT(s.put_json("/__admin/seed", {{"seed", 77}}));
  const Json other = s.setup_organization({{"name", "Other Oy"}});
  CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "empty"}}));
  CHECK(id_of(s.setup_organization({{"name", "Seeded Oy"}})) == id_of(org));
  CHECK(id_of(org) != id_of(other));
}

TEST_CASE("reset restores the namespace's clock", "[admin][reset][clock]") {
  SECTION("frozen at --clock") {
    TestServer s(with_clock(kStart));
    REQUIRE(s.put_json("/__admin/clock", {{"now", "2031-05-05T00:00:00Z"}, {"frozen", false}})
                ->status == 200);
    CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "empty"}}));
    CHECK(clock(s) == Json{{"now", kStartText}, {"frozen", true}});
  }
  SECTION("running, without --clock") {
    TestServer s;
    REQUIRE(
        s.put_json("/__admin/clock", {{"now", "2091-05-05T00:00:00Z"}, {"frozen", true}})->status ==
        200);
    CHECK_NO_CONTENT(s.post_json("/__admin/reset", {{"to", "empty"}}));
    const Json c = clock(s);
    CHECK(c["frozen"] == false);
    CHECK(c["now"].get<std::string>() < "2091-05-05T00:00:00.000Z");
  }
}

// ================================================================== the state document

TEST_CASE("GET /__admin/state is the whole state as a state document, the same bytes each time",
          "[admin][state]") {
  TestServer s(with_default_fixtures());
  auto r = s.get("/__admin/state");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);
  const Json doc = body_of(r);
  REQUIRE(doc["licensees"].size() == 5);
  CHECK(doc["licenseConsumers"].size() == 7);
  std::size_t containers = 0;
  for (const auto& l : doc["licensees"]) containers += l["licenseContainers"].size();
  CHECK(containers == 6);
  CHECK(doc["licensees"][0]["id"] == kAcme);
  CHECK(state_text(s) == r->body);
}

TEST_CASE("PUT /__admin/state replaces the whole state", "[admin][state]") {
  TestServer s(with_default_fixtures());
  const std::string L = "11111111-1111-4111-8111-111111111111";
  const std::string C = "22222222-2222-4222-8222-222222222222";
  const Json doc = {
      {"licensees",
       {{{"id", L},
         {"type", "ORGANIZATION"},
         {"name", "Only Oy"},
         {"naturalId", "only-1"},
         {"licenseConsumerIds", {C}}}}},
      {"licenseConsumers",
       {{{"id", C}, {"type", "PERSON"}, {"name", "Ann"}, {"email", "ann@only.example"}}}}};
  CHECK_NO_CONTENT(s.put_json("/__admin/state", doc));
  CHECK(ids_in(body_of(s.get("/licensees"))) == std::vector<std::string>{L});
  CHECK(ids_in(body_of(s.get("/license-consumers"))) == std::vector<std::string>{C});
  CHECK(ids_in(body_of(s.get("/licensees/" + L + "/license-consumers"))) ==
        std::vector<std::string>{C});
  const Json boxes = body_of(s.get("/licensees/" + L + "/license-containers"));
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0]["usedAsDefault"] == true);
  CHECK(s.get(std::string("/licensees/") + kAcme)->status == 404);
}

TEST_CASE("an invalid state document is 400 naming the JSON pointer, and nothing changes",
          "[admin][state]") {
  TestServer s(with_default_fixtures());
  s.setup_organization({{"name", "Before Oy"}});
  const std::string before = state_text(s);
  const Json bad_email = {
      {"licensees", {{{"type", "ORGANIZATION"}, {"name", "Bad"}, {"email", "not-an-email"}}}}};

  SECTION("PUT with an invalid email") {
    auto r = s.put_json("/__admin/state", bad_email);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith("/licensees/0/email: "));
  }
  SECTION("POST with an invalid email") {
    auto r = s.post_json("/__admin/state", bad_email);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith("/licensees/0/email: "));
  }
  SECTION("valid records followed by an invalid one: none is kept") {
    const Json doc = {{"licensees",
                       {{{"type", "ORGANIZATION"}, {"name", "Fine Oy"}},
                        {{"type", "ORGANIZATION"}, {"name", "Bad Oy"}, {"email", "a@@b.example"}}}},
                      {"licenseConsumers", {{{"type", "PERSON"}, {"name", "Ok"}}}}};
    SECTION("PUT") {
      auto r = s.put_json("/__admin/state", doc);
      CHECK_ENVELOPE(r, 400);
      CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
    }
    SECTION("POST") {
      auto r = s.post_json("/__admin/state", doc);
      CHECK_ENVELOPE(r, 400);
      CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
    }
  }
  SECTION("an unknown consumer type") {
    auto r =
        s.put_json("/__admin/state", {{"licenseConsumers", {{{"type", "ROBOT"}, {"name", "R2"}}}}});
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith("/licenseConsumers/0/type: "));
  }
  SECTION("two records of the document with the same email") {
    const Json doc = {
        {"licensees",
         {{{"type", "ORGANIZATION"}, {"name", "One"}, {"email", "same@twice.example"}},
          {{"type", "ORGANIZATION"}, {"name", "Two"}, {"email", "SAME@twice.example"}}}}};
    auto r = s.put_json("/__admin/state", doc);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
  }
  SECTION("a wrong JSON type") {
    auto r = s.put_json("/__admin/state", {{"licensees", Json::object()}});
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith("/licensees"));
  }
  SECTION("malformed JSON") {
    CHECK_ENVELOPE(s.put_raw("/__admin/state", R"({"licensees": [)"), 400);
  }
  SECTION("not an object") {
    CHECK_ENVELOPE(s.put_raw("/__admin/state", "[]"), 400);
  }
  SECTION("a NUL byte after the document, and anything after it") {
    CHECK_ENVELOPE(s.put_raw("/__admin/state", std::string("{}\0", 3)), 400);
    CHECK_ENVELOPE(s.post_raw("/__admin/state", std::string("{\"licensees\":[]}\0]", 18)), 400);
  }
  CHECK(state_text(s) == before);
}

TEST_CASE("POST /__admin/state merges; an id that exists is 409 and nothing is added",
          "[admin][state]") {
  TestServer s(with_default_fixtures());
  const std::string N1 = "33333333-3333-4333-8333-333333333333";
  const std::string N2 = "44444444-4444-4444-8444-444444444444";
  CHECK_NO_CONTENT(
      s.post_json("/__admin/state",
                  {{"licensees", {{{"id", N1}, {"type", "ORGANIZATION"}, {"name", "New Oy"}}}}}));
  CHECK(s.total("/licensees") == 6);
  CHECK(s.get(std::string("/licensees/") + kAcme)->status == 200);
  CHECK(s.get("/licensees/" + N1)->status == 200);
  const std::string before = state_text(s);

  SECTION("an existing id") {
    auto r = s.post_json(
        "/__admin/state",
        {{"licensees", {{{"id", N2}, {"type", "ORGANIZATION"}, {"name", "Newer Oy"}}}},
         {"licenseConsumers", {{{"id", kAda}, {"type", "PERSON"}, {"name", "Ada again"}}}}});
    CHECK_ENVELOPE(r, 409);
    CHECK_THAT(description_of(r), Contains(kAda));
  }
  SECTION("an email an existing licensee has") {
    auto r = s.post_json("/__admin/state", {{"licensees",
                                             {{{"id", N2},
                                               {"type", "ORGANIZATION"},
                                               {"name", "Copy"},
                                               {"email", "LICENSING@acme.example"}}}}});
    CHECK_ENVELOPE(r, 409);
    CHECK_THAT(description_of(r), Contains("email"));
  }
  CHECK(s.get("/licensees/" + N2)->status == 404);
  CHECK(state_text(s) == before);
}

TEST_CASE("a dump loaded into a fresh server dumps byte for byte the same", "[admin][state]") {
  TestServer a(with_default_fixtures());
  const Json org = a.setup_organization({{"name", "Dump Oy"}, {"email", "dump@dump.example"}});
  const Json farm = a.create_container(id_of(org), {{"name", "Farm"}});
  a.setup_user(
      {{"name", "Dee Dump"}, {"email", "dee@dump.example"}, {"connectedIdentityId", "oidc|dee"}});
  const Json dev =
      a.create_consumer({{"type", "DEVICE"}, {"name", "DUMP-01"}, {"contactInfo", "rack 4"}});
  REQUIRE(a.put_empty("/licensees/" + id_of(org) + "/license-containers/" + id_of(farm) +
                      "/license-consumers/" + id_of(dev))
              ->status == 204);
  REQUIRE(a.del(std::string("/license-consumers/") + kAda)->status == 204);
  const std::string dump = state_text(a);

  TestServer b;
  CHECK_NO_CONTENT(b.put_raw("/__admin/state", dump));
  CHECK(state_text(b) == dump);
  CHECK(b.get("/licensees?limit=1000")->body == a.get("/licensees?limit=1000")->body);
  CHECK(b.get("/license-consumers?limit=1000")->body ==
        a.get("/license-consumers?limit=1000")->body);
}

// ================================================================== the journal

TEST_CASE("the journal lists API requests oldest first with what was sent and answered",
          "[admin][journal]") {
  TestServer s(with_clock(kStart));
  auto created = checked(s.client().Post(std::string(kSetupOrg) + "?source=test",
                                         {{"Authorization", "ScaleJwt aaa.bbb.ccc"}},
                                         R"({"name":"Journal Oy"})", "application/json"));
  REQUIRE(created->status == 201);
  REQUIRE(s.post_json("/__admin/clock/advance", {{"seconds", 2}})->status == 200);
  auto listed =
      checked(s.client().Get("/licensees?limit=5", {{"Authorization", "Bearer secret-token"}}));
  REQUIRE(listed->status == 200);
  REQUIRE(s.get(std::string("/licensees/") + kUnknownId)->status == 404);

  auto r = s.get("/__admin/requests");
  REQUIRE(r->status == 200);
  CHECK_THAT(r->body, !Contains("aaa.bbb.ccc"));
  CHECK_THAT(r->body, !Contains("secret-token"));
  const Json list = body_of(r)["requests"];
  REQUIRE(list.size() == 3);

  const Json& post = list[0];
  CHECK(post["method"] == "POST");
  CHECK(post["path"] == kSetupOrg);
  CHECK(post["query"] == "source=test");
  CHECK(post["headers"]["Authorization"] == "ScaleJwt ****");
  CHECK(post["headers"]["Content-Type"] == "application/json");
  CHECK(post["body"] == Json{{"name", "Journal Oy"}});
  CHECK(post["status"] == 201);
  CHECK(post["responseBody"] == body_of(created));
  CHECK(post["time"] == kStartText);
  REQUIRE(post["durationMs"].is_number());
  CHECK(post["durationMs"].get<double>() >= 0);

  const Json& get = list[1];
  CHECK(get["method"] == "GET");
  CHECK(get["path"] == "/licensees");
  CHECK(get["query"] == "limit=5");
  CHECK(get["headers"]["Authorization"] == "Bearer ****");
  CHECK(get["body"].is_null());
  CHECK(get["status"] == 200);
  CHECK(get["responseBody"] == body_of(listed));
  CHECK(get["time"] == "2026-03-01T12:00:02.000Z");

  const Json& missing = list[2];
  CHECK(missing["status"] == 404);
  CHECK(missing["query"] == "");
  CHECK(missing["responseBody"]["code"] == 404);

  CHECK_FALSE(post["headers"].contains("REMOTE_ADDR"));
  CHECK_FALSE(post["headers"].contains("LOCAL_PORT"));
  CHECK(post["id"] < get["id"]);
  CHECK(get["id"] < missing["id"]);
  for (const auto& e : list) {
    std::set<std::string> keys;
    for (auto it = e.begin(); it != e.end(); ++it) keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"id", "time", "method", "path", "query", "headers", "body",
                                        "status", "responseBody", "durationMs"});
  }
}

TEST_CASE("the journal keeps the raw query string, and a body that is not JSON as text",
          "[admin][journal]") {
  TestServer s;
  REQUIRE(s.get("/licensees/actions/find-by-email?email=ann%40x.example")->status == 404);
  REQUIRE(s.post_raw(kSetupOrg, "hello, not JSON", "text/plain")->status == 415);
  REQUIRE(s.post_raw(kSetupOrg, "{\"name\": ", "application/json")->status == 400);
  const Json list = journal(s);
  REQUIRE(list.size() == 3);
  CHECK(list[0]["query"] == "email=ann%40x.example");
  CHECK(list[1]["body"] == "hello, not JSON");
  CHECK(list[1]["status"] == 415);
  CHECK(list[2]["body"] == "{\"name\": ");
  CHECK(list[2]["responseBody"]["code"] == 400);
}

TEST_CASE("the journal shows a body with a NUL byte as the text it is, not as the JSON before it",
          "[admin][journal]") {
  TestServer s;
  const std::string body("{\"name\":\"A\"}\0x", 14);
  REQUIRE(s.post_raw(kSetupOrg, body)->status == 400);
  const Json list = journal(s);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["body"] == body);
}

TEST_CASE("the journal filters by method, path prefix, status and since", "[admin][journal]") {
  TestServer s(with_clock(kStart));
  s.setup_organization({{"name", "Filter Oy"}});  // 201 at 12:00:00
  REQUIRE(s.post_json("/__admin/clock/advance", {{"seconds", 60}})->status == 200);
  REQUIRE(s.get("/licensees")->status == 200);          // 200 at 12:01:00
  REQUIRE(s.get("/license-consumers")->status == 200);  // 200 at 12:01:00
  REQUIRE(s.post_json("/license-consumers", {{"type", "PERSON"}})->status ==
          400);  // 400 at 12:01:00

  auto paths = [&](const std::string& query) {
    std::vector<std::string> out;
    for (const auto& e : journal(s, query))
      out.push_back(e["method"].get<std::string>() + " " + e["path"].get<std::string>());
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(paths("").size() == 4);
  CHECK(paths("?method=GET") == V{"GET /licensees", "GET /license-consumers"});
  CHECK(paths("?method=post") ==
        V{"POST /licensees/actions/setup-organization", "POST /license-consumers"});
  CHECK(paths("?path=/licensees") ==
        V{"POST /licensees/actions/setup-organization", "GET /licensees"});
  CHECK(paths("?path=/license-consumers") ==
        V{"GET /license-consumers", "POST /license-consumers"});
  CHECK(paths("?status=400") == V{"POST /license-consumers"});
  CHECK(paths("?status=201") == V{"POST /licensees/actions/setup-organization"});
  CHECK(paths("?since=2026-03-01T12:01:00.000Z").size() == 3);
  CHECK(paths("?since=2026-03-01T12:01:00.001Z").empty());
  CHECK(paths("?since=2026-03-01T12:00:00Z").size() == 4);
  CHECK(paths("?method=GET&path=/licensees") == V{"GET /licensees"});
  CHECK(paths("?status=404").empty());
}

TEST_CASE("a bad journal filter is 400 in the envelope naming the filter", "[admin][journal]") {
  TestServer s;
  for (const std::string q : {"status=abc", "status=99", "status=600", "status=", "status=2x0"}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), Contains("status"));
  }
  for (const std::string q : {"since=yesterday", "since=2026-13-01T00:00:00Z", "since="}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), Contains("since"));
  }
}

TEST_CASE("the journal keeps the newest --journal-limit entries", "[admin][journal]") {
  TestServer s(with_journal_limit(3));
  for (int i = 0; i < 5; ++i)
    REQUIRE(s.get("/licensees?offset=" + std::to_string(i))->status == 200);
  std::vector<std::string> queries;
  for (const auto& e : journal(s)) queries.push_back(e["query"].get<std::string>());
  CHECK(queries == std::vector<std::string>{"offset=2", "offset=3", "offset=4"});
}

TEST_CASE("DELETE /__admin/requests clears the journal; /__admin calls are never journaled",
          "[admin][journal]") {
  TestServer s;
  REQUIRE(s.get("/licensees")->status == 200);
  REQUIRE(s.get("/no-such-route")->status == 404);
  REQUIRE(s.get("/__admin/health")->status == 200);
  REQUIRE(s.get("/__admin/state")->status == 200);
  REQUIRE(s.get("/__admin/clock")->status == 200);
  REQUIRE(s.get("/__admin/nope")->status == 404);
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/x"}, {"status", 500}})->status == 201);
  REQUIRE(journal(s).size() == 2);
  CHECK(journal(s, "?path=/__admin").empty());

  CHECK_NO_CONTENT(s.del("/__admin/requests"));
  CHECK(journal(s).empty());
  REQUIRE(s.get("/license-consumers")->status == 200);
  const Json after = journal(s);
  REQUIRE(after.size() == 1);
  CHECK(after[0]["path"] == "/license-consumers");
}

TEST_CASE("a request refused for its size (413) is journaled", "[admin][journal]") {
  TestServer s(with_body_limit(200));
  const std::string big = Json{{"name", "Big Oy"}, {"description", std::string(400, 'x')}}.dump();
  auto r = s.post_raw(kSetupOrg, big);
  REQUIRE(r->status == 413);
  const Json list = journal(s);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["method"] == "POST");
  CHECK(list[0]["path"] == kSetupOrg);
  CHECK(list[0]["status"] == 413);
  CHECK(list[0]["responseBody"]["code"] == 413);

  // The same on /__admin is refused too, and not journaled.
  CHECK_ENVELOPE(s.put_raw("/__admin/state", big), 413);
  CHECK(journal(s).size() == 1);
}

TEST_CASE("a body over --journal-body-cap is kept truncated to a string, marked, with its size",
          "[admin][journal]") {
  TestServerOptions o;
  o.journal_body_cap = 100;
  TestServer s(o);
  // 'ä' is two bytes in UTF-8, so byte 100 falls inside one: the kept prefix ends before it.
  const std::string description = "x" + repeat("ä", 200);
  const std::string sent = Json{{"name", "Long Oy"}, {"description", description}}.dump();
  auto created = s.post_raw(kSetupOrg, sent);
  REQUIRE(created->status == 201);
  REQUIRE(s.post_json(kSetupOrg, {{"name", "Short"}})->status == 201);
  REQUIRE(s.get("/licensees/" + id_of(body_of(created)))->status == 200);

  const Json list = journal(s);
  REQUIRE(list.size() == 3);
  const Json& big = list[0];
  REQUIRE(big["body"].is_string());
  const std::string kept = big["body"];
  CHECK(kept.size() <= 100);
  CHECK(kept.size() >= 97);
  CHECK(sent.compare(0, kept.size(), kept) == 0);
  CHECK(big["bodyTruncated"] == true);
  CHECK(big["bodySize"] == sent.size());
  REQUIRE(big["responseBody"].is_string());
  const std::string answer = created->body;
  const std::string kept_answer = big["responseBody"];
  CHECK(answer.compare(0, kept_answer.size(), kept_answer) == 0);
  CHECK(big["responseBodyTruncated"] == true);
  CHECK(big["responseBodySize"] == answer.size());

  // A body within the cap is whole, as JSON, and carries no marks.
  const Json& small = list[1];
  CHECK(small["body"] == Json{{"name", "Short"}});
  CHECK_FALSE(small.contains("bodyTruncated"));
  CHECK_FALSE(small.contains("bodySize"));
  // The answer to GET /licensees/{id} is over 100 bytes; the request had no body.
  const Json& got = list[2];
  CHECK(got["body"].is_null());
  CHECK_FALSE(got.contains("bodyTruncated"));
  CHECK(got["responseBodyTruncated"] == true);
}

TEST_CASE("the journal keeps within --journal-max-bytes, the oldest entries leaving first",
          "[admin][journal]") {
  TestServerOptions o;
  o.journal_body_cap = 1000;
  o.journal_max_bytes = 20000;
  TestServer s(o);
  const std::string body = repeat("z", 1500);
  for (int i = 0; i < 50; ++i)
    REQUIRE(s.post_raw("/no-such-route?n=" + std::to_string(i), body)->status == 404);
  const Json list = journal(s);
  // Each entry holds at least the 1,000 bytes kept of its body.
  CHECK(list.size() <= 20);
  REQUIRE(list.size() >= 5);
  CHECK(list.back()["query"] == "n=49");
  for (std::size_t i = 1; i < list.size(); ++i)
    CHECK(list[i]["id"].get<int>() == list[i - 1]["id"].get<int>() + 1);
  CHECK(list.back()["id"] == 50);
}

TEST_CASE("the newest entry is kept even when it alone is over --journal-max-bytes",
          "[admin][journal]") {
  TestServerOptions o;
  o.journal_max_bytes = 10;
  TestServer s(o);
  REQUIRE(s.get("/licensees?n=1")->status == 200);
  REQUIRE(s.get("/licensees?n=2")->status == 200);
  const Json list = journal(s);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["query"] == "n=2");
}

TEST_CASE("the journal pages with offset and limit; X-Total-Count counts every match",
          "[admin][journal]") {
  TestServer s;
  for (int i = 0; i < 5; ++i) REQUIRE(s.get("/licensees?n=" + std::to_string(i))->status == 200);
  REQUIRE(s.get("/license-consumers")->status == 200);

  auto page = [&](const std::string& query) {
    auto r = s.get("/__admin/requests" + query);
    REQUIRE(r->status == 200);
    const Json body = body_of(r);
    std::vector<std::string> out;
    for (const auto& e : body.at("requests"))
      out.push_back(e["path"].get<std::string>() + "?" + e["query"].get<std::string>());
    out.push_back("total " + r->get_header_value("X-Total-Count"));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(page("?limit=2") == V{"/licensees?n=0", "/licensees?n=1", "total 6"});
  CHECK(page("?offset=2&limit=2") == V{"/licensees?n=2", "/licensees?n=3", "total 6"});
  CHECK(page("?offset=4") == V{"/licensees?n=4", "/license-consumers?", "total 6"});
  CHECK(page("?offset=6") == V{"total 6"});
  CHECK(page("?offset=100&limit=3") == V{"total 6"});
  CHECK(page("?limit=0") == V{"total 6"});
  CHECK(page("?path=/licensees&offset=3&limit=5") ==
        V{"/licensees?n=3", "/licensees?n=4", "total 5"});
  CHECK(page("").size() == 7);

  for (const std::string q : {"limit=-1", "limit=abc", "limit=", "limit=1001", "limit=2x"}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), Contains("limit"));
  }
  for (const std::string q : {"offset=-1", "offset=abc", "offset="}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), Contains("offset"));
  }
}

TEST_CASE("without limit the journal lists every kept entry, however large the answer",
          "[admin][journal]") {
  TestServerOptions o;
  o.journal_limit = 2000;
  TestServer s(o);
  // 1,500 entries (more than a page of 1,000), forty of them with bodies of 60,000 bytes:
  // several megabytes of answer.
  const std::string big = Json{{"name", repeat("n", 60000)}}.dump();
  for (int i = 0; i < 1500; ++i) {
    auto r = i % 37 == 0 ? s.post_raw("/no-such-route?n=" + std::to_string(i), big)
                         : s.get("/no-such-route?n=" + std::to_string(i));
    REQUIRE(r->status == 404);
  }
  auto r = s.get("/__admin/requests");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("X-Total-Count") == "1500");
  const Json list = body_of(r).at("requests");
  REQUIRE(list.size() == 1500);
  for (int i = 0; i < 1500; ++i) {
    INFO(i);
    REQUIRE(list[i]["query"] == "n=" + std::to_string(i));
    if (i % 37 == 0) REQUIRE(list[i]["body"]["name"].get<std::string>().size() == 60000);
  }
}

// ================================================================== faults

TEST_CASE("a fault answers its status and body and never changes the state", "[admin][faults]") {
  TestServer s;
  const Json spec = {{"method", "POST"},
                     {"path", "/licensees/actions/*"},
                     {"status", 503},
                     {"body", {{"error", "maintenance"}, {"retryAfter", 5}}}};
  auto added = s.post_json("/__admin/faults", spec);
  REQUIRE(added->status == 201);
  const Json fault = body_of(added);
  CHECK(fault == Json{{"id", "fault-1"},
                      {"method", "POST"},
                      {"path", "/licensees/actions/*"},
                      {"status", 503},
                      {"body", {{"error", "maintenance"}, {"retryAfter", 5}}},
                      {"delayMs", 0},
                      {"drop", false},
                      {"times", nullptr}});
  CHECK(added->get_header_value("Location") == "/__admin/faults/fault-1");

  for (const char* action : {kSetupOrg, kSetupUser, kSetupOrg}) {
    INFO(action);
    auto r = s.post_json(action, {{"name", "Faulty Oy"}, {"email", "faulty@x.example"}});
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);
    CHECK(body_of(r) == Json{{"error", "maintenance"}, {"retryAfter", 5}});
  }
  CHECK(s.total("/licensees") == 0);  // GET does not match a POST fault
  CHECK(s.total("/license-consumers") == 0);
  CHECK(faults(s) == Json::array({fault}));
}

TEST_CASE("a fault may answer any status, with any JSON body or none", "[admin][faults]") {
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 204}, {"times", 1}})
              ->status == 201);
  CHECK_NO_CONTENT(s.get("/licensees"));
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"status", 200}, {"body", {1, 2}}, {"times", 1}})
              ->status == 201);
  auto r = s.get("/licensees");
  CHECK(r->status == 200);
  CHECK(r->body == "[1,2]");
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);
  CHECK(s.get("/licensees")->body == "[]");
}

TEST_CASE("a fault of 400 or more without a body answers the envelope", "[admin][faults]") {
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 500}})->status == 201);
  auto r = s.get("/licensees");
  CHECK_ENVELOPE(r, 500);
  CHECK_THAT(description_of(r), Contains("fault-1"));
}

TEST_CASE("a fault with times fires that often and is then gone; the list shows what is left",
          "[admin][faults]") {
  TestServer s;
  SECTION("times: 1") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 503}, {"times", 1}})
                ->status == 201);
    CHECK(s.get("/licensees")->status == 503);
    CHECK(faults(s).empty());
    CHECK(s.get("/licensees")->status == 200);
  }
  SECTION("times: 3") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 503}, {"times", 3}})
                ->status == 201);
    CHECK(faults(s)[0]["times"] == 3);
    CHECK(s.get("/licensees")->status == 503);
    CHECK(faults(s)[0]["times"] == 2);
    CHECK(s.get("/licensees")->status == 503);
    CHECK(faults(s)[0]["times"] == 1);
    CHECK(s.get("/licensees")->status == 503);
    CHECK(faults(s).empty());
    CHECK(s.get("/licensees")->status == 200);
  }
}

TEST_CASE("a fault's delay holds the answer at least delayMs", "[admin][faults]") {
  using Clock = std::chrono::steady_clock;
  TestServer s;
  SECTION("without status or drop, the request then goes through") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", kSetupOrg}, {"delayMs", 150}, {"times", 1}})
                ->status == 201);
    const auto t0 = Clock::now();
    auto r = s.post_json(kSetupOrg, {{"name", "Slow Oy"}});
    const auto elapsed = Clock::now() - t0;
    CHECK(r->status == 201);
    CHECK(elapsed >= std::chrono::milliseconds(150));
    CHECK(s.total("/licensees") == 1);
    const Json first = journal(s).at(0);
    CHECK(first["status"] == 201);
    CHECK(first["durationMs"].get<double>() >= 150.0);
  }
  SECTION("with a status, that status answers after the delay") {
    REQUIRE(
        s.post_json("/__admin/faults", {{"path", "/licensees"}, {"delayMs", 100}, {"status", 504}})
            ->status == 201);
    const auto t0 = Clock::now();
    auto r = s.get("/licensees");
    const auto elapsed = Clock::now() - t0;
    CHECK_ENVELOPE(r, 504);
    CHECK(elapsed >= std::chrono::milliseconds(100));
  }
}

TEST_CASE("a drop fault closes the connection without any answer", "[admin][faults]") {
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"drop", true}, {"times", 2}})
              ->status == 201);
  auto r = s.client().Get("/licensees");
  CHECK_FALSE(r);
  const std::string raw = raw_exchange(
      s.port(), "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(raw.empty());
  CHECK(s.get("/licensees")->status == 200);

  // The journal has each dropped request, with no status, by the time the client sees the drop.
  const Json journal = body_of(s.get("/__admin/requests?path=/licensees"));
  REQUIRE(journal["requests"].size() == 3);
  CHECK(journal["requests"][0]["status"].is_null());
  CHECK(journal["requests"][1]["status"].is_null());
  CHECK(journal["requests"][2]["status"] == 200);
}

// Delayed answers wait on their connection, not in a worker (issue 12, item 3): more of them
// in flight than there are workers must not keep anything else waiting, nor a stop.
TEST_CASE("delayed requests hold no worker: with more in flight than --threads, others answer",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s(with_threads(2));
  constexpr int kDelayed = 20;
  constexpr int kDelayMs = 3000;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"delayMs", kDelayMs}, {"status", 503}})
              ->status == 201);
  std::vector<int> statuses(kDelayed, 0);
  std::vector<milliseconds> waited(kDelayed);
  // jthreads: joined even when a check throws.
  std::latch started(kDelayed);
  std::vector<std::jthread> clients;
  for (int i = 0; i < kDelayed; ++i) {
    clients.emplace_back([&, i, c = s.make_client()] {
      started.count_down();
      const auto t0 = Clock::now();
      auto r = c->Get("/licensees");
      waited[i] = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
      statuses[i] = r ? r->status : -1;
    });
  }
  started.wait();
  // The journal has each delayed request, with the status it will answer, before the answer
  // goes out; its durationMs counts the delay.
  REQUIRE(eventually([&] { return journal(s, "?path=/licensees").size() == kDelayed; },
                     milliseconds(2000)));
  for (const auto& e : journal(s, "?path=/licensees")) {
    CHECK(e["status"] == 503);
    CHECK(e["durationMs"].get<double>() >= kDelayMs);
  }

  // While all of them are held. A generous bound: a worker held by a delay would keep these
  // waiting for seconds.
  auto t0 = Clock::now();
  CHECK(s.get("/__admin/health")->status == 200);
  CHECK(Clock::now() - t0 < milliseconds(1000));
  NsClient other(s, "other");
  t0 = Clock::now();
  CHECK(other.get("/licensees")->status == 200);
  CHECK(Clock::now() - t0 < milliseconds(1000));

  for (auto& t : clients) t.join();
  for (int i = 0; i < kDelayed; ++i) {
    INFO("request " << i << " waited " << waited[i].count() << " ms");
    CHECK(statuses[i] == 503);
    CHECK(waited[i] >= milliseconds(kDelayMs));
    CHECK(waited[i] < milliseconds(kDelayMs + 1500));
  }
}

TEST_CASE("a delay-only fault changes the state at once and holds only the answer",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults", {{"path", kSetupOrg}, {"delayMs", 2000}, {"times", 1}})
              ->status == 201);
  std::atomic<int> status = 0;
  milliseconds waited{};
  std::jthread slow([&, c = s.make_client()] {
    const auto t0 = Clock::now();
    auto r = c->Post(kSetupOrg, Json{{"name", "Slow Oy"}}.dump(), "application/json");
    waited = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
    status = r ? r->status : -1;
  });
  // Like an answer slowed down on its way back: the licensee is there while the client waits.
  CHECK(eventually([&] { return s.total("/licensees") == 1; }, milliseconds(1500)));
  CHECK(status == 0);
  slow.join();
  CHECK(status == 201);
  CHECK(waited >= milliseconds(2000));
}

TEST_CASE("a drop fault with a delay drops the connection once the delay is over",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"drop", true}, {"delayMs", 500}, {"times", 1}})
              ->status == 201);
  const auto t0 = Clock::now();
  const std::string raw =
      raw_exchange(s.port(), "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto waited = Clock::now() - t0;
  CHECK(raw.empty());
  CHECK(waited >= milliseconds(500));
  CHECK(waited < milliseconds(2000));
  CHECK(journal(s, "?path=/licensees").at(0)["status"].is_null());
}

TEST_CASE("requests pipelined behind a delayed one wait for it and are answered in order",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"delayMs", 500}, {"status", 502}, {"times", 1}})
              ->status == 201);
  // The last request closes the connection, so that everything the server sends is read.
  const auto t0 = Clock::now();
  const std::string raw =
      raw_until_close(s.port(),
                      "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(Clock::now() - t0 >= milliseconds(500));
  const auto second = raw.find("HTTP/1.1 ", 1);
  REQUIRE(second != std::string::npos);
  CHECK(raw_status(raw) == 502);
  CHECK(raw_status(raw.substr(second)) == 200);
}

TEST_CASE("a stop does not wait for delayed answers", "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  auto s = std::make_unique<TestServer>(with_threads(2));
  REQUIRE(s->post_json("/__admin/faults", {{"path", "/licensees"}, {"delayMs", 5000}})->status ==
          201);
  constexpr int kDelayed = 6;
  std::vector<int> statuses(kDelayed, 0);
  // jthreads: joined even when a check throws.
  std::latch started(kDelayed);
  std::vector<std::jthread> clients;
  for (int i = 0; i < kDelayed; ++i) {
    clients.emplace_back([&, i, c = s->make_client()] {
      started.count_down();
      auto r = c->Get("/licensees");
      statuses[i] = r ? r->status : -1;
    });
  }
  started.wait();
  REQUIRE(eventually([&] { return journal(*s, "?path=/licensees").size() == kDelayed; },
                     milliseconds(2000)));
  const auto t0 = Clock::now();
  s.reset();
  CHECK(Clock::now() - t0 < milliseconds(1000));
  for (auto& t : clients) t.join();
  // Their connections closed without an answer.
  for (int status : statuses) CHECK(status == -1);
}

TEST_CASE("faults match the method, and '*' in a path matches any run of characters, '/' included",
          "[admin][faults]") {
  TestServer s;
  const std::string L = id_of(s.setup_organization({{"name", "Glob Oy"}}));

  SECTION("a method") {
    REQUIRE(s.post_json("/__admin/faults",
                        {{"method", "DELETE"}, {"path", "/licensees/*"}, {"status", 409}})
                ->status == 201);
    CHECK(s.get("/licensees/" + L)->status == 200);
    CHECK(s.del("/licensees/" + L)->status == 409);
    CHECK(s.get("/licensees/" + L)->status == 200);
  }
  SECTION("\"*\" and no method match every method; the whole path must match") {
    REQUIRE(
        s.post_json("/__admin/faults",
                    {{"method", "*"}, {"path", "/licensees/*/license-containers"}, {"status", 418}})
            ->status == 201);
    CHECK(s.get("/licensees/" + L + "/license-containers")->status == 418);
    CHECK(s.post_json("/licensees/" + L + "/license-containers", {{"name", "x"}})->status == 418);
    CHECK(s.get("/licensees/" + L)->status == 200);
    CHECK(s.get("/licensees/" + L + "/license-containers/default")->status == 200);
    CHECK(faults(s)[0]["method"].is_null());
  }
  SECTION("'*' spans several segments") {
    REQUIRE(
        s.post_json("/__admin/faults", {{"path", "/licensees*default"}, {"status", 418}})->status ==
        201);
    CHECK(s.get("/licensees/" + L + "/license-containers/default")->status == 418);
    CHECK(s.put_empty("/licensees/" + L + "/license-containers/default")->status == 418);
    CHECK(s.get("/licensees/" + L + "/license-containers")->status == 200);
  }
  SECTION("a fault outranks routing: it answers for a path no route serves") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", "/no-such-route"}, {"status", 503}})->status ==
            201);
    CHECK(s.get("/no-such-route")->status == 503);
  }
  SECTION("the first matching fault wins") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 502}})->status ==
            201);
    REQUIRE(s.post_json("/__admin/faults", {{"path", "/licensees*"}, {"status", 503}})->status ==
            201);
    CHECK(s.get("/licensees")->status == 502);
    CHECK(s.get("/licensees/" + L)->status == 503);
  }
}

TEST_CASE("faults are listed, removed one by one (404 for an unknown id) and all at once",
          "[admin][faults]") {
  TestServer s;
  for (const char* p : {"/licensees", "/license-consumers", "/nowhere"})
    REQUIRE(s.post_json("/__admin/faults", {{"path", p}, {"status", 503}})->status == 201);
  CHECK(ids_in(faults(s)) == std::vector<std::string>{"fault-1", "fault-2", "fault-3"});

  CHECK_NO_CONTENT(s.del("/__admin/faults/fault-2"));
  CHECK(ids_in(faults(s)) == std::vector<std::string>{"fault-1", "fault-3"});
  CHECK(s.get("/license-consumers")->status == 200);
  CHECK(s.get("/licensees")->status == 503);

  auto again = s.del("/__admin/faults/fault-2");
  CHECK_ENVELOPE(again, 404);
  CHECK_THAT(description_of(again), Contains("fault-2"));

  CHECK_NO_CONTENT(s.del("/__admin/faults"));
  CHECK(faults(s).empty());
  CHECK(s.get("/licensees")->status == 200);
  // Ids are not reused.
  CHECK(body_of(s.post_json("/__admin/faults", {{"path", "/x"}, {"status", 503}}))["id"] ==
        "fault-4");
}

TEST_CASE("an invalid fault is 400 and adds nothing", "[admin][faults]") {
  TestServer s;
  const std::vector<std::string> bodies = {
      R"({"path":"/licensees"})",                           // does nothing
      R"({"path":"/licensees","delayMs":0})",               // does nothing either
      R"({"path":"/licensees","drop":true,"status":503})",  // drop and status
      R"({"path":"/licensees","status":99})",               // not a status
      R"({"path":"/licensees","status":600})",
      R"({"path":"/licensees","status":"503"})",
      R"({"path":"/licensees","status":503.5})",
      R"({"status":503})",                     // no path
      R"({"path":"licensees","status":503})",  // not starting with '/'
      R"({"path":"","status":503})",
      R"({"path":"/__admin/health","status":503})",  // under /__admin
      R"({"path":"/__admin/*","status":503})",
      R"({"path":"/licensees","body":{"a":1}})",  // body without status
      R"({"path":"/licensees","delayMs":-1})",
      R"({"path":"/licensees","status":503,"times":0})",
      R"({"path":"/licensees","drop":"yes"})",
      R"({"method":5,"path":"/licensees","status":503})",
      R"([])",
      R"({"path":)",
      std::string(R"({"path":"/licensees","status":503})") + '\0',  // then a NUL
      std::string(R"({"path":"/licensees","status":503})") + '\0' + "junk",
  };
  for (const auto& b : bodies) {
    INFO(b);
    CHECK_ENVELOPE(s.post_raw("/__admin/faults", b), 400);
  }
  CHECK(faults(s).empty());
  CHECK(s.get("/licensees")->status == 200);
  CHECK(s.get("/__admin/health")->status == 200);
}

// ================================================================== the clock

TEST_CASE("the clock can be frozen, set and advanced, and new records take its time",
          "[admin][clock]") {
  TestServer s;
  const Json first = clock(s);
  CHECK(first["frozen"] == false);
  const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  CHECK(std::regex_match(first["now"].get<std::string>(), rfc3339));

  auto frozen = s.put_json("/__admin/clock", {{"now", "2030-01-01T00:00:00Z"}, {"frozen", true}});
  REQUIRE(frozen->status == 200);
  CHECK(body_of(frozen) == Json{{"now", "2030-01-01T00:00:00.000Z"}, {"frozen", true}});
  CHECK(clock(s) == body_of(frozen));

  const Json org = s.setup_organization({{"name", "Clock Oy"}});
  CHECK(org["created"] == "2030-01-01T00:00:00.000Z");
  CHECK(org["modified"] == "2030-01-01T00:00:00.000Z");

  auto moved = s.post_json("/__admin/clock/advance", {{"seconds", 90}});
  REQUIRE(moved->status == 200);
  CHECK(body_of(moved) == Json{{"now", "2030-01-01T00:01:30.000Z"}, {"frozen", true}});
  CHECK(body_of(s.post_json("/__admin/clock/advance", {{"seconds", 0.25}}))["now"] ==
        "2030-01-01T00:01:30.250Z");

  auto renamed = s.put_json("/licensees/" + id_of(org), {{"name", "Clock Renamed Oy"}});
  REQUIRE(renamed->status == 200);
  CHECK(body_of(renamed)["created"] == "2030-01-01T00:00:00.000Z");
  CHECK(body_of(renamed)["modified"] == "2030-01-01T00:01:30.250Z");
  const Json box = s.create_container(id_of(org), {{"name", "Later"}});
  CHECK(box["created"] == "2030-01-01T00:01:30.250Z");

  // Setting only `now` keeps it frozen; unfreezing lets it run on from where it stood.
  CHECK(body_of(s.put_json("/__admin/clock", {{"now", "2090-06-01T00:00:00.000Z"}})) ==
        Json{{"now", "2090-06-01T00:00:00.000Z"}, {"frozen", true}});
  const Json running = body_of(s.put_json("/__admin/clock", {{"frozen", false}}));
  CHECK(running["frozen"] == false);
  CHECK(running["now"].get<std::string>() >= "2090-06-01T00:00:00.000Z");
  CHECK(clock(s)["now"].get<std::string>() >= "2090-06-01T00:00:00.000Z");
}

TEST_CASE("a server started with --clock has a frozen clock at that instant", "[admin][clock]") {
  TestServer s(with_clock(kStart));
  CHECK(clock(s) == Json{{"now", kStartText}, {"frozen", true}});
  const Json org = s.setup_organization({{"name", "Start Oy"}});
  CHECK(org["created"] == kStartText);
  CHECK(clock(s)["now"] == kStartText);
}

TEST_CASE("bad clock values are 400 and change nothing", "[admin][clock]") {
  TestServer s(with_clock(kStart));
  const Json before = clock(s);
  for (const std::string b :
       {R"({"now":"tomorrow"})", R"({"now":12})", R"({"now":"2026-02-30T00:00:00Z"})",
        R"({"frozen":"yes"})", R"({"frozen":false,"now":"bad"})", "[]", "{"}) {
    INFO("PUT " << b);
    CHECK_ENVELOPE(s.put_raw("/__admin/clock", b), 400);
  }
  for (const std::string b :
       {R"({})", R"({"seconds":-1})", R"({"seconds":"5"})", R"({"seconds":null})", "{"}) {
    INFO("advance " << b);
    CHECK_ENVELOPE(s.post_raw("/__admin/clock/advance", b), 400);
  }
  CHECK_THAT(description_of(s.put_json("/__admin/clock", {{"frozen", "yes"}})), Contains("frozen"));
  CHECK_THAT(description_of(s.put_json("/__admin/clock", {{"now", "x"}})), Contains("now"));
  CHECK_THAT(description_of(s.post_json("/__admin/clock/advance", Json::object())),
             Contains("seconds"));
  CHECK(clock(s) == before);
}

// ================================================================== the seed

TEST_CASE("the same seed and the same requests give the same ids", "[admin][seed]") {
  TestServer s;
  auto run = [&](std::uint64_t seed) {
    REQUIRE(s.post_json("/__admin/reset", {{"to", "empty"}})->status == 204);
    REQUIRE(s.put_json("/__admin/seed", {{"seed", seed}})->status == 204);
    const Json org = s.setup_organization({{"name", "Seed Oy"}});
    const Json user = s.setup_user({{"name", "Sid Seed"}, {"email", "sid@seed.example"}});
    const Json dev = s.create_consumer({{"type", "DEVICE"}, {"name", "SEED-01"}});
    const Json box = s.create_container(id_of(org), {{"name", "Seeds"}});
    return std::vector<std::string>{id_of(org),  org["naturalId"].get<std::string>(),
                                    id_of(user), user["naturalId"].get<std::string>(),
                                    id_of(dev),  id_of(box)};
  };
  const auto a = run(123);
  const auto b = run(123);
  const auto c = run(124);
  CHECK(a == b);
  CHECK(a[0] != c[0]);
  CHECK(a[2] != c[2]);
  CHECK_NO_CONTENT(s.put_json("/__admin/seed", {{"seed", 18446744073709551615ULL}}));
}

TEST_CASE("a seed that is not a non-negative integer is 400", "[admin][seed]") {
  TestServer s;
  for (const std::string b : {R"({})", R"({"seed":-1})", R"({"seed":1.5})", R"({"seed":"7"})",
                              R"({"seed":null})", R"({"seed":18446744073709551616})", "[]", "{"}) {
    INFO(b);
    CHECK_ENVELOPE(s.put_raw("/__admin/seed", b), 400);
  }
  CHECK_THAT(description_of(s.put_json("/__admin/seed", {{"seed", -1}})), Contains("seed"));
}

TEST_CASE("with --seed and --clock, two fresh servers answer the same requests byte for byte",
          "[admin][seed]") {
  auto script = [](TestServer& s) {
    std::vector<std::string> out;
    auto note = [&](httplib::Result r) {
      out.push_back(std::to_string(r->status) + "|" + r->get_header_value("Location") + "|" +
                    r->get_header_value("X-Total-Count") + "|" + r->body);
      return r;
    };
    const Json org = body_of(
        note(s.post_json(kSetupOrg, {{"name", "Twin Oy"}, {"email", "twin@twin.example"}})));
    note(s.post_json(kSetupUser, {{"name", "Tia Twin"}, {"email", "tia@twin.example"}}));
    const Json dev =
        body_of(note(s.post_json("/license-consumers", {{"type", "DEVICE"}, {"name", "TWIN-01"}})));
    note(s.post_json("/licensees/" + id_of(org) + "/license-containers",
                     {{"name", "Twins"}, {"usedAsDefault", true}}));
    note(s.put_empty("/licensees/" + id_of(org) + "/license-consumers/" + id_of(dev)));
    note(s.post_json("/__admin/clock/advance", {{"seconds", 3600}}));
    note(s.put_json("/licensees/" + id_of(org),
                    {{"name", "Twin Renamed Oy"}, {"email", "twin@twin.example"}}));
    note(s.post_json(kSetupOrg, {{"name", "Twin Oy"}, {"email", "TWIN@twin.example"}}));  // 409
    note(s.get("/licensees"));
    note(s.get("/license-consumers"));
    note(s.get("/licensees/" + id_of(org) + "/license-containers"));
    note(s.get("/__admin/state"));
    note(s.get("/__admin/clock"));
    return out;
  };
  auto options = with_default_fixtures();
  options.seed = 42;
  options.clock = kStart;
  TestServer one(options);
  TestServer two(options);
  const auto a = script(one);
  const auto b = script(two);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("step " << i);
    CHECK(a[i] == b[i]);
  }
  CHECK_THAT(a[0], StartsWith("201|/licensees/"));
  CHECK_THAT(a[7], StartsWith("409|"));
}

// ================================================================== namespaces

TEST_CASE("namespaces keep separate states: the same emails succeed in each, unseen by the other",
          "[admin][namespaces]") {
  TestServer s;
  NsClient a(s, "suite-a");
  NsClient b(s, "suite-b");
  std::vector<std::string> mine_a, mine_b;
  for (NsClient* c : {&a, &b}) {
    auto& mine = c == &a ? mine_a : mine_b;
    mine.push_back(id_of(c->create(
        kSetupOrg,
        {{"name", "Same Oy"}, {"email", "same@same.example"}, {"naturalId", "crm-same"}})));
    mine.push_back(
        id_of(c->create(kSetupUser, {{"name", "Sam Same"}, {"email", "sam@same.example"}})));
  }
  for (NsClient* c : {&a, &b}) {
    const auto& mine = c == &a ? mine_a : mine_b;
    std::vector<std::string> listed = ids_in(body_of(c->get("/licensees")));
    std::sort(listed.begin(), listed.end());
    std::vector<std::string> expected = mine;
    std::sort(expected.begin(), expected.end());
    CHECK(listed == expected);
    CHECK(c->total("/license-consumers") == 1);
    CHECK(body_of(c->get("/licensees/actions/find-by-email?email=same@same.example"))["id"] ==
          mine[0]);
  }
  CHECK(s.total("/licensees") == 0);
  CHECK(health(s)["namespaces"] == 3);
}

TEST_CASE("namespaces keep separate journals, faults and clocks", "[admin][namespaces]") {
  TestServer s;
  NsClient a(s, "suite-a");
  NsClient b(s, "suite-b");
  REQUIRE(a.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 503}})->status == 201);
  REQUIRE(
      a.put_json("/__admin/clock", {{"now", "2030-01-01T00:00:00Z"}, {"frozen", true}})->status ==
      200);

  CHECK(a.get("/licensees")->status == 503);
  CHECK(b.get("/licensees")->status == 200);
  CHECK(s.get("/licensees")->status == 200);
  CHECK(body_of(b.get("/__admin/faults"))["faults"].empty());
  CHECK(body_of(b.get("/__admin/clock"))["frozen"] == false);
  CHECK(clock(s)["frozen"] == false);
  CHECK(a.create(kSetupOrg, {{"name", "A Oy"}})["created"] == "2030-01-01T00:00:00.000Z");
  CHECK(b.create(kSetupOrg, {{"name", "B Oy"}})["created"] != "2030-01-01T00:00:00.000Z");

  const Json ja = body_of(a.get("/__admin/requests"))["requests"];
  const Json jb = body_of(b.get("/__admin/requests"))["requests"];
  REQUIRE(ja.size() == 2);
  CHECK(ja[0]["status"] == 503);
  CHECK(ja[0]["headers"][kNamespaceHeader] == "suite-a");
  CHECK(ja[1]["status"] == 201);
  REQUIRE(jb.size() == 2);
  CHECK(jb[0]["status"] == 200);
  CHECK(jb[0]["headers"][kNamespaceHeader] == "suite-b");
  REQUIRE(journal(s).size() == 1);

  // Reset and clearing act on the caller's namespace only.
  CHECK_NO_CONTENT(b.del("/__admin/requests"));
  CHECK(body_of(a.get("/__admin/requests"))["requests"].size() == 2);
  CHECK_NO_CONTENT(b.post_json("/__admin/reset", {{"to", "empty"}}));
  CHECK(body_of(a.get("/__admin/health"))["counts"]["licensees"] == 1);
  CHECK(body_of(a.get("/__admin/faults"))["faults"].size() == 1);
}

TEST_CASE("two namespaces used from two threads at once both keep every record",
          "[admin][namespaces][concurrency]") {
  constexpr int kEach = 25;
  TestServer s(with_threads(6));
  std::vector<std::vector<int>> statuses(2);
  std::latch start(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      NsClient c(s, "parallel-" + std::to_string(t));
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto r =
            c.post_json(kSetupUser, {{"name", "User " + std::to_string(i)},
                                     {"email", "user-" + std::to_string(i) + "@parallel.example"}});
        statuses[static_cast<std::size_t>(t)].push_back(r->status);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 2; ++t) {
    INFO("namespace parallel-" << t);
    const auto& st = statuses[static_cast<std::size_t>(t)];
    CHECK(std::count(st.begin(), st.end(), 201) == kEach);
    NsClient c(s, "parallel-" + std::to_string(t));
    CHECK(body_of(c.get("/__admin/health"))["counts"] == counts(kEach, kEach, kEach));
  }
  CHECK(health(s)["counts"] == counts(0, 0, 0));
}

TEST_CASE("a namespace name that is not 1 to 64 of A-Z a-z 0-9 . _ - is 400 naming the header",
          "[admin][namespaces]") {
  TestServer s;
  for (const std::string& name :
       {std::string("suite a"), std::string("a/b"), std::string("\xc3\xa4"), std::string("a:b"),
        std::string(65, 'x')}) {
    INFO("'" << name << "'");
    NsClient c(s, name);
    auto api = c.get("/licensees");
    CHECK_ENVELOPE(api, 400);
    CHECK_THAT(description_of(api), Contains(kNamespaceHeader));
    CHECK_ENVELOPE(c.get("/__admin/health"), 400);
  }
  // cpp-httplib drops a header with an empty value, so an empty name means the default
  // namespace (a documented deviation).
  const std::string raw =
      raw_exchange(s.port(), std::string("GET /__admin/health HTTP/1.1\r\nHost: x\r\n") +
                                 kNamespaceHeader + ":\r\nConnection: close\r\n\r\n");
  CHECK(raw_status(raw) == 200);
  CHECK(Json::parse(raw_body(raw))["namespace"] == "default");
  NsClient longest(s, std::string(64, 'x'));
  CHECK(longest.get("/licensees")->status == 200);
  NsClient every(s, "AZaz09._-");
  CHECK(every.get("/__admin/health")->status == 200);
  CHECK(health(s)["namespaces"] == 3);
}

TEST_CASE("--max-namespaces counts the default namespace; one more is 429", "[admin][namespaces]") {
  TestServer s(with_max_namespaces(3));
  NsClient n1(s, "n1");
  NsClient n2(s, "n2");
  NsClient n3(s, "n3");
  CHECK(n1.get("/licensees")->status == 200);
  CHECK(n2.get("/__admin/health")->status == 200);
  auto over = n3.get("/licensees");
  CHECK_ENVELOPE(over, 429);
  CHECK_THAT(description_of(over), Contains("n3"));
  CHECK_ENVELOPE(n3.get("/__admin/health"), 429);
  CHECK(n1.get("/licensees")->status == 200);
  CHECK(s.get("/licensees")->status == 200);
  CHECK(health(s)["namespaces"] == 3);
}

TEST_CASE("each new namespace starts from the startup fixtures", "[admin][namespaces]") {
  auto options = with_default_fixtures();
  options.seed = 9;
  options.clock = kStart;
  TestServer s(options);
  const std::string start = state_text(s);
  s.setup_organization({{"name", "Default Only Oy"}});
  REQUIRE(s.del(std::string("/licensees/") + kAcme)->status == 204);
  REQUIRE(s.post_json("/__admin/clock/advance", {{"seconds", 100}})->status == 200);

  NsClient fresh(s, "fresh");
  CHECK(fresh.get("/__admin/state")->body == start);
  fresh.create(kSetupOrg, {{"name", "Fresh Only Oy"}});
  NsClient fresher(s, "fresher");
  CHECK(fresher.get("/__admin/state")->body == start);
  CHECK(body_of(fresher.get("/__admin/clock")) == Json{{"now", kStartText}, {"frozen", true}});
}

// ================================================================== snapshots and the state file

TEST_CASE("snapshot is 409 without --state-file", "[admin][snapshot]") {
  TestServer s;
  auto r = s.client().Post("/__admin/snapshot");
  CHECK_ENVELOPE(r, 409);
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

  CHECK_NO_CONTENT(checked(s.client().Post("/__admin/snapshot")));
  CHECK(Json::parse(read_file(file)) == body_of(s.get("/__admin/state")));
  CHECK(names_in(dir.path()) == std::set<std::string>{"state.json"});

  // From another namespace it still writes the default one; the new content replaces the old.
  s.setup_user({{"name", "Sue Snap"}, {"email", "sue@snap.example"}});
  NsClient other(s, "other");
  REQUIRE(other.post_json("/__admin/reset", {{"to", "empty"}})->status == 204);
  CHECK_NO_CONTENT(other.post_empty("/__admin/snapshot"));
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
  CHECK_NO_CONTENT(checked(s.client().Post("/__admin/snapshot")));
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

// ================================================================== OpenAPI, errors, routing

TEST_CASE("GET /__admin/openapi.json is an OpenAPI 3.1 JSON document", "[admin][openapi]") {
  TestServer s;
  auto r = s.get("/__admin/openapi.json");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);
  const Json doc = body_of(r);
  REQUIRE(doc["openapi"].is_string());
  CHECK_THAT(doc["openapi"].get<std::string>(), StartsWith("3.1"));
  CHECK(doc["paths"].contains("/licensees/actions/setup-organization"));
}

TEST_CASE("/__admin errors are in the envelope: unknown route 404, wrong method 405, bad JSON 400",
          "[admin][errors]") {
  TestServer s;
  CHECK_ENVELOPE(s.get("/__admin/nope"), 404);
  CHECK_ENVELOPE(s.get("/__admin/health/"), 404);
  CHECK_ENVELOPE(s.get("/__admin/faults/fault-1/more"), 404);
  auto wrong = checked(s.client().Patch("/__admin/health", "{}", "application/json"));
  CHECK_ENVELOPE(wrong, 405);
  CHECK(allow_of(wrong).count("GET") == 1);
  CHECK_ENVELOPE(s.del("/__admin/clock"), 405);
  CHECK_ENVELOPE(s.put_raw("/__admin/seed", "{\"seed\": 1,}"), 400);
  CHECK_ENVELOPE(s.post_raw("/__admin/faults", "not json"), 400);
}

TEST_CASE("/__admin sits at the root, outside --base-path", "[admin][errors]") {
  TestServer s(with_base_path("/api"));
  CHECK(checked(s.client().Get("/__admin/health"))->status == 200);
  CHECK_ENVELOPE(checked(s.client().Get("/api/__admin/health")), 404);
  REQUIRE(s.get("/licensees")->status == 200);  // /api/licensees
  const Json list = body_of(checked(s.client().Get("/__admin/requests")))["requests"];
  REQUIRE(list.size() == 2);
  CHECK(list[1]["path"] == "/api/licensees");

  // Fault paths are matched against the path as sent, base path included.
  REQUIRE(checked(s.client().Post("/__admin/faults", R"({"path":"/licensees","status":503})",
                                  "application/json"))
              ->status == 201);
  CHECK(s.get("/licensees")->status == 200);
  REQUIRE(checked(s.client().Post("/__admin/faults", R"({"path":"/api/licensees","status":503})",
                                  "application/json"))
              ->status == 201);
  CHECK(s.get("/licensees")->status == 503);
}
