// Deletes and what goes with them: a licensee's containers and grants, a container's grants, a
// consumer's relations; what stays.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;

TEST_CASE(
    "deleting a licensee removes its containers and grants, consumers and other licensees stay",
    "[api][cascade]") {
  TestServer s;
  const Json a = s.setup_organization({{"name", "A"}});
  const Json b = s.setup_organization({{"name", "B"}});
  const std::string A = "/licensees/" + id_of(a);
  const std::string B = "/licensees/" + id_of(b);
  const std::string box = id_of(s.create_container(id_of(a), {{"name", "Extra"}}));
  const std::string P = id_of(s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}}));
  REQUIRE(s.put_empty(A + "/license-containers/" + box + "/license-consumers/" + P)->status == 204);
  REQUIRE(s.put_empty(A + "/license-consumers/" + P)->status == 204);
  REQUIRE(s.put_empty(B + "/license-consumers/" + P)->status == 204);

  auto r = s.del(A);
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK_THAT(s.get(A), IsEnvelope(404));
  CHECK_THAT(s.get(A + "/license-containers"), IsEnvelope(404));
  CHECK_THAT(s.get(A + "/license-containers/" + box), IsEnvelope(404));
  CHECK_THAT(s.get(A + "/license-consumers"), IsEnvelope(404));
  CHECK_THAT(s.del(A), IsEnvelope(404));
  CHECK(s.get("/license-consumers/" + P)->status == 200);
  CHECK(list_ids(s, B + "/license-consumers") == std::vector<std::string>{P});
  CHECK(list_ids(s, B + "/license-containers/default/license-consumers") ==
        std::vector<std::string>{P});
  CHECK(s.total("/licensees") == 1);
}

TEST_CASE("deleting a container removes its grants and keeps the associations", "[api][cascade]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "A"}});
  const std::string L = "/licensees/" + id_of(org);
  const std::string box = id_of(s.create_container(id_of(org), {{"name", "Extra"}}));
  const std::string V = id_of(s.create_consumer({{"type", "DEVICE"}, {"name", "Agent"}}));
  REQUIRE(s.put_empty(L + "/license-containers/" + box + "/license-consumers/" + V)->status == 204);

  CHECK(s.del(L + "/license-containers/" + box)->status == 204);
  CHECK_THAT(s.get(L + "/license-containers/" + box), IsEnvelope(404));
  CHECK(list_ids(s, L + "/license-consumers") == std::vector<std::string>{V});
  CHECK(s.total(L + "/license-containers") == 1);
  // Granting again to a new container with the same consumer works from a clean slate.
  const std::string box2 = id_of(s.create_container(id_of(org), {{"name", "Extra 2"}}));
  CHECK(list_ids(s, L + "/license-containers/" + box2 + "/license-consumers").empty());
}

TEST_CASE("deleting a consumer removes it from every relation list", "[api][cascade]") {
  TestServer s;
  const Json a = s.setup_organization({{"name", "A"}});
  const Json b = s.setup_organization({{"name", "B"}});
  const std::string A = "/licensees/" + id_of(a);
  const std::string B = "/licensees/" + id_of(b);
  const std::string box = id_of(s.create_container(id_of(a), {{"name", "Extra"}}));
  const std::string P = id_of(s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}}));
  const std::string Q = id_of(s.create_consumer({{"type", "PERSON"}, {"name", "Bob"}}));
  for (const auto& who : {P, Q}) {
    REQUIRE(s.put_empty(A + "/license-consumers/" + who)->status == 204);
    REQUIRE(s.put_empty(A + "/license-containers/" + box + "/license-consumers/" + who)->status ==
            204);
    REQUIRE(s.put_empty(B + "/license-consumers/" + who)->status == 204);
  }

  CHECK(s.del("/license-consumers/" + P)->status == 204);
  using Ids = std::vector<std::string>;
  CHECK(list_ids(s, A + "/license-consumers") == Ids{Q});
  CHECK(list_ids(s, A + "/license-containers/default/license-consumers") == Ids{Q});
  CHECK(list_ids(s, A + "/license-containers/" + box + "/license-consumers") == Ids{Q});
  CHECK(list_ids(s, B + "/license-consumers") == Ids{Q});
  CHECK(s.total(B + "/license-containers/default/license-consumers") == 1);
  CHECK_THAT(s.del("/license-consumers/" + P), IsEnvelope(404));
  CHECK_THAT(s.put_empty(A + "/license-consumers/" + P), IsEnvelope(404));
}
