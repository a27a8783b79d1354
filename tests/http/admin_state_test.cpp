// The state document under /__admin/state (contract section 8): GET dumps it, PUT replaces
// the state, POST merges; an invalid document is 400 naming the JSON pointer.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "http/envelope.hpp"
#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

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
  CHECK_THAT(s.put_json("/__admin/state", doc), IsNoContent());
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
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith("/licensees/0/email: "));
  }
  SECTION("POST with an invalid email") {
    auto r = s.post_json("/__admin/state", bad_email);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith("/licensees/0/email: "));
  }
  SECTION("valid records followed by an invalid one: none is kept") {
    const Json doc = {{"licensees",
                       {{{"type", "ORGANIZATION"}, {"name", "Fine Oy"}},
                        {{"type", "ORGANIZATION"}, {"name", "Bad Oy"}, {"email", "a@@b.example"}}}},
                      {"licenseConsumers", {{{"type", "PERSON"}, {"name", "Ok"}}}}};
    SECTION("PUT") {
      auto r = s.put_json("/__admin/state", doc);
      CHECK_THAT(r, IsEnvelope(400));
      CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
    }
    SECTION("POST") {
      auto r = s.post_json("/__admin/state", doc);
      CHECK_THAT(r, IsEnvelope(400));
      CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
    }
  }
  SECTION("an unknown consumer type") {
    auto r =
        s.put_json("/__admin/state", {{"licenseConsumers", {{{"type", "ROBOT"}, {"name", "R2"}}}}});
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith("/licenseConsumers/0/type: "));
  }
  SECTION("two records of the document with the same email") {
    const Json doc = {
        {"licensees",
         {{{"type", "ORGANIZATION"}, {"name", "One"}, {"email", "same@twice.example"}},
          {{"type", "ORGANIZATION"}, {"name", "Two"}, {"email", "SAME@twice.example"}}}}};
    auto r = s.put_json("/__admin/state", doc);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith("/licensees/1/email: "));
  }
  SECTION("a wrong JSON type") {
    auto r = s.put_json("/__admin/state", {{"licensees", Json::object()}});
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith("/licensees"));
  }
  SECTION("malformed JSON") {
    CHECK_THAT(s.put_raw("/__admin/state", R"({"licensees": [)"), IsEnvelope(400));
  }
  SECTION("not an object") {
    CHECK_THAT(s.put_raw("/__admin/state", "[]"), IsEnvelope(400));
  }
  SECTION("a NUL byte after the document, and anything after it") {
    CHECK_THAT(s.put_raw("/__admin/state", std::string("{}\0", 3)), IsEnvelope(400));
    CHECK_THAT(s.post_raw("/__admin/state", std::string("{\"licensees\":[]}\0]", 18)),
               IsEnvelope(400));
  }
  CHECK(state_text(s) == before);
}

TEST_CASE("POST /__admin/state merges, an id that exists is 409 and nothing is added",
          "[admin][state]") {
  TestServer s(with_default_fixtures());
  const std::string N1 = "33333333-3333-4333-8333-333333333333";
  const std::string N2 = "44444444-4444-4444-8444-444444444444";
  CHECK_THAT(
      s.post_json("/__admin/state",
                  {{"licensees", {{{"id", N1}, {"type", "ORGANIZATION"}, {"name", "New Oy"}}}}}),
      IsNoContent());
  CHECK(s.total("/licensees") == 6);
  CHECK(s.get(std::string("/licensees/") + kAcme)->status == 200);
  CHECK(s.get("/licensees/" + N1)->status == 200);
  const std::string before = state_text(s);

  SECTION("an existing id") {
    auto r = s.post_json(
        "/__admin/state",
        {{"licensees", {{{"id", N2}, {"type", "ORGANIZATION"}, {"name", "Newer Oy"}}}},
         {"licenseConsumers", {{{"id", kAda}, {"type", "PERSON"}, {"name", "Ada again"}}}}});
    CHECK_THAT(r, IsEnvelope(409));
    CHECK_THAT(description_of(r), Contains(kAda));
  }
  SECTION("an email an existing licensee has") {
    auto r = s.post_json("/__admin/state", {{"licensees",
                                             {{{"id", N2},
                                               {"type", "ORGANIZATION"},
                                               {"name", "Copy"},
                                               {"email", "LICENSING@acme.example"}}}}});
    CHECK_THAT(r, IsEnvelope(409));
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
  CHECK_THAT(b.put_raw("/__admin/state", dump), IsNoContent());
  CHECK(state_text(b) == dump);
  CHECK(b.get("/licensees?limit=1000")->body == a.get("/licensees?limit=1000")->body);
  CHECK(b.get("/license-consumers?limit=1000")->body ==
        a.get("/license-consumers?limit=1000")->body);
}
