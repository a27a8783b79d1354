// Faults, /__admin/faults (contract section 8): what a fault answers, times, drops, which paths
// and methods it matches, the list, and invalid faults.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "http/envelope.hpp"
#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

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
  CHECK_THAT(s.get("/licensees"), IsNoContent());
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
  CHECK_THAT(r, IsEnvelope(500));
  CHECK_THAT(description_of(r), Contains("fault-1"));
}

TEST_CASE("a fault with times fires that often and is then gone, the list shows what is left",
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

  CHECK_THAT(s.del("/__admin/faults/fault-2"), IsNoContent());
  CHECK(ids_in(faults(s)) == std::vector<std::string>{"fault-1", "fault-3"});
  CHECK(s.get("/license-consumers")->status == 200);
  CHECK(s.get("/licensees")->status == 503);

  auto again = s.del("/__admin/faults/fault-2");
  CHECK_THAT(again, IsEnvelope(404));
  CHECK_THAT(description_of(again), Contains("fault-2"));

  CHECK_THAT(s.del("/__admin/faults"), IsNoContent());
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
    CHECK_THAT(s.post_raw("/__admin/faults", b), IsEnvelope(400));
  }
  CHECK(faults(s).empty());
  CHECK(s.get("/licensees")->status == 200);
  CHECK(s.get("/__admin/health")->status == 200);
}
