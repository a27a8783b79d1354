// GET /__admin/health and POST /__admin/reset (contract section 8): counts per namespace, and
// reset back to the fixtures or to nothing, restoring the namespace's seed and clock.

#include <catch2/catch.hpp>
#include <string>

#include "http/envelope.hpp"
#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

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
  CHECK(h["counts"] == counts(5, 6, 7, 4, 2));

  s.setup_organization({{"name", "Health Oy"}});
  CHECK(health(s)["counts"] == counts(6, 7, 7, 4, 2));

  NsClient other(s, "other");
  CHECK_THAT(other.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
  other.create(kSetupUser, {{"name", "Only One"}, {"email", "one@other.example"}});
  Json oh = body_of(other.get("/__admin/health"));
  CHECK(oh["counts"] == counts(1, 1, 1));
  CHECK(oh["namespace"] == "other");
  CHECK(oh["namespaces"] == 2);
  CHECK(health(s)["counts"] == counts(6, 7, 7, 4, 2));
  CHECK(health(s)["namespaces"] == 2);
}

TEST_CASE("reset goes back to the startup fixtures and clears the journal and faults",
          "[admin][reset]") {
  TestServer s(with_default_fixtures());
  const std::string start = state_text(s);
  s.setup_organization({{"name", "Temp Oy"}});
  REQUIRE(s.del(std::string("/licensees/") + kAcme)->status == 204);
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/nowhere"}, {"status", 503}})->status == 201);
  REQUIRE(journal(s).size() == 2);
  REQUIRE(state_text(s) != start);

  CHECK_THAT(checked(s.client().Post("/__admin/reset")), IsNoContent());
  CHECK(state_text(s) == start);
  CHECK(journal(s).empty());
  CHECK(faults(s).empty());
  CHECK(s.get("/nowhere")->status == 404);  // the fault is gone
}

TEST_CASE("reset to empty leaves nothing, to fixtures is the default, other targets are 400",
          "[admin][reset]") {
  TestServer s(with_default_fixtures());
  const std::string start = state_text(s);

  SECTION("{\"to\":\"empty\"}") {
    CHECK_THAT(s.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
    CHECK(health(s)["counts"] == counts(0, 0, 0));
    CHECK(body_of(s.get("/__admin/state")) ==
          Json{{"licensees", Json::array()}, {"licenseConsumers", Json::array()}});
    CHECK_THAT(s.post_json("/__admin/reset", {{"to", "fixtures"}}), IsNoContent());
    CHECK(state_text(s) == start);
  }
  SECTION("an unknown target, a wrong type or a body that is not an object") {
    s.setup_organization({{"name", "Stays Oy"}});
    const std::string before = state_text(s);
    for (const std::string body : {R"({"to":"nothing"})", R"({"to":5})", "[]", "{"}) {
      INFO(body);
      CHECK_THAT(s.post_raw("/__admin/reset", body), IsEnvelope(400));
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
  CHECK_THAT(s.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
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
  CHECK_THAT(s.put_json("/__admin/seed", {{"seed", 77}}), IsNoContent());
  const Json other = s.setup_organization({{"name", "Other Oy"}});
  CHECK_THAT(s.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
  CHECK(id_of(s.setup_organization({{"name", "Seeded Oy"}})) == id_of(org));
  CHECK(id_of(org) != id_of(other));
}

TEST_CASE("reset restores the namespace's clock", "[admin][reset][clock]") {
  SECTION("frozen at --clock") {
    TestServer s(with_clock(kStart));
    REQUIRE(s.put_json("/__admin/clock", {{"now", "2031-05-05T00:00:00Z"}, {"frozen", false}})
                ->status == 200);
    CHECK_THAT(s.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
    CHECK(clock(s) == Json{{"now", kStartText}, {"frozen", true}});
  }
  SECTION("running, without --clock") {
    TestServer s;
    REQUIRE(
        s.put_json("/__admin/clock", {{"now", "2091-05-05T00:00:00Z"}, {"frozen", true}})->status ==
        200);
    CHECK_THAT(s.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
    const Json c = clock(s);
    CHECK(c["frozen"] == false);
    CHECK(c["now"].get<std::string>() < "2091-05-05T00:00:00.000Z");
  }
}
