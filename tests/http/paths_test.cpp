// Paths: a base path (Location includes it, paths outside it are 404), and ids in paths in any
// letter case, answered in lowercase; what is not a UUID is 400.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;

TEST_CASE("with base path /api, Location includes it and paths outside it are 404",
          "[api][wire][base-path]") {
  TestServer s(with_base_path("/api"));
  auto r = s.post_json(kSetupOrg, {{"name", "Acme"}});
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const std::string L = id_of(body_of(r));
  CHECK(r->get_header_value("Location") == "/api/licensees/" + L);
  CHECK(checked(s.client().Get(r->get_header_value("Location")))->status == 200);

  auto box = s.post_json("/licensees/" + L + "/license-containers", {{"name", "Extra"}});
  REQUIRE(box);
  REQUIRE(box->status == 201);
  CHECK(box->get_header_value("Location") ==
        "/api/licensees/" + L + "/license-containers/" + id_of(body_of(box)));
  CHECK(checked(s.client().Get(box->get_header_value("Location")))->status == 200);

  auto con = s.post_json("/license-consumers", {{"type", "PERSON"}, {"name", "Ada"}});
  REQUIRE(con);
  REQUIRE(con->status == 201);
  CHECK(con->get_header_value("Location") == "/api/license-consumers/" + id_of(body_of(con)));
  CHECK(checked(s.client().Get(con->get_header_value("Location")))->status == 200);

  auto user = s.post_json(kSetupUser, {{"name", "Eva"}});
  REQUIRE(user);
  CHECK(user->get_header_value("Location") == "/api/licensees/" + id_of(body_of(user)));

  // (GET / is no API path either: it redirects to the web console, see console_test.cpp.)
  for (const char* outside : {"/licensees", "/api", "/api/", "/apilicensees", "/API/licensees",
                              "/api/licensees/", "/v1/api/licensees"}) {
    INFO(outside);
    CHECK_THAT(s.client().Get(outside), IsEnvelope(404));
  }
  auto post_outside = s.client().Post(kSetupOrg, R"({"name":"Lost"})", "application/json");
  CHECK_THAT(post_outside, IsEnvelope(404));
  CHECK(s.total("/licensees") == 2);
  CHECK(s.options("/licensees")->status == 204);
}

TEST_CASE("path ids are accepted in any letter case and answered in lowercase", "[api][paths]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const Json box = s.create_container(id_of(org), {{"name", "Extra"}});
  const Json con = s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}});
  const std::string L = upper(id_of(org));
  const std::string C = upper(id_of(box));
  const std::string P = upper(id_of(con));
  REQUIRE(L != id_of(org));

  auto lic = s.get("/licensees/" + L);
  REQUIRE(lic->status == 200);
  CHECK(body_of(lic)["id"] == id_of(org));
  auto b = s.get("/licensees/" + L + "/license-containers/" + C);
  REQUIRE(b->status == 200);
  CHECK(body_of(b)["id"] == id_of(box));
  CHECK(s.get("/license-consumers/" + P)->status == 200);
  CHECK(s.put_empty("/licensees/" + L + "/license-containers/" + C + "/license-consumers/" + P)
            ->status == 204);
  CHECK(list_ids(s, "/licensees/" + L + "/license-consumers") ==
        std::vector<std::string>{id_of(con)});

  // Mixed case, and the delete-user query parameter.
  std::string mixed = id_of(org);
  for (std::size_t i = 0; i < mixed.size(); i += 2) mixed[i] = upper(std::string(1, mixed[i]))[0];
  CHECK(s.get("/licensees/" + mixed)->status == 200);
  auto put = s.put_json("/licensees/" + mixed, {{"id", L}, {"name", "Acme 2"}});
  REQUIRE(put->status == 200);
  CHECK(body_of(put)["id"] == id_of(org));
  CHECK(s.del("/licensees/" + mixed + "/license-containers/" + C)->status == 204);

  // Braces, missing hyphens and other lengths are not UUIDs.
  for (const std::string& bad : {"{" + id_of(org) + "}", id_of(org).substr(1), id_of(org) + "0",
                                 std::string("3f9a2c1e7b4d4e8f9a6b0c1d2e3f4a5b"),
                                 std::string("3f9a2c1e-7b4d-4e8f-9a6b-0c1d2e3f4a5g")}) {
    INFO(bad);
    auto r = s.get("/licensees/" + bad);
    CHECK_THAT(r, IsEnvelope(400));
  }
}
