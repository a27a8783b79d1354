// /__admin's own routes: the OpenAPI document, errors in the envelope for unknown routes, wrong
// methods and bad JSON, and /__admin at the root, outside --base-path.

#include <catch2/catch.hpp>
#include <string>

#include "http/envelope.hpp"
#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::StartsWith;

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
  CHECK_THAT(s.get("/__admin/nope"), IsEnvelope(404));
  CHECK_THAT(s.get("/__admin/health/"), IsEnvelope(404));
  CHECK_THAT(s.get("/__admin/faults/fault-1/more"), IsEnvelope(404));
  auto wrong = checked(s.client().Patch("/__admin/health", "{}", "application/json"));
  CHECK_THAT(wrong, IsEnvelope(405));
  CHECK(allow_of(wrong).count("GET") == 1);
  CHECK_THAT(s.del("/__admin/clock"), IsEnvelope(405));
  CHECK_THAT(s.put_raw("/__admin/seed", "{\"seed\": 1,}"), IsEnvelope(400));
  CHECK_THAT(s.post_raw("/__admin/faults", "not json"), IsEnvelope(400));
}

TEST_CASE("/__admin sits at the root, outside --base-path", "[admin][errors]") {
  TestServer s(with_base_path("/api"));
  CHECK(checked(s.client().Get("/__admin/health"))->status == 200);
  CHECK_THAT(checked(s.client().Get("/api/__admin/health")), IsEnvelope(404));
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
