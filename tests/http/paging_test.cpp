// Lists: X-Total-Count whatever the page, paging parameters that are 400, and find actions
// that need a query value.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("X-Total-Count is the full count whatever the page", "[api][paging]") {
  TestServer s;
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i)
    made.push_back(id_of(s.setup_organization({{"name", "Org " + std::to_string(i)}})));
  const auto all = list_ids(s, "/licensees");
  REQUIRE(all.size() == 5);
  CHECK(std::is_permutation(all.begin(), all.end(), made.begin()));

  auto page = s.get("/licensees?offset=1&limit=2");
  REQUIRE(page);
  CHECK(page->get_header_value("X-Total-Count") == "5");
  CHECK(ids_in(body_of(page)) == std::vector<std::string>{all[1], all[2]});

  auto tail = s.get("/licensees?offset=4&limit=1000");
  CHECK(ids_in(body_of(tail)) == std::vector<std::string>{all[4]});
  CHECK(tail->get_header_value("X-Total-Count") == "5");

  for (const char* q : {"?limit=0", "?offset=5", "?offset=999999"}) {
    INFO(q);
    auto empty = s.get(std::string("/licensees") + q);
    REQUIRE(empty);
    CHECK(empty->status == 200);
    CHECK(body_of(empty) == Json::array());
    CHECK(empty->get_header_value("X-Total-Count") == "5");
  }

  // Relation and container lists carry it too.
  const std::string L = all[0];
  for (int i = 0; i < 3; ++i) {
    const Json c = s.create_consumer({{"type", "DEVICE"}, {"name", "Dev " + std::to_string(i)}});
    REQUIRE(s.put_empty("/licensees/" + L + "/license-consumers/" + id_of(c))->status == 204);
  }
  s.create_container(L, {{"name", "Second"}});
  auto assoc = s.get("/licensees/" + L + "/license-consumers?limit=1");
  CHECK(assoc->get_header_value("X-Total-Count") == "3");
  CHECK(body_of(assoc).size() == 1);
  auto access = s.get("/licensees/" + L + "/license-containers/default/license-consumers?offset=2");
  CHECK(access->get_header_value("X-Total-Count") == "3");
  CHECK(body_of(access).size() == 1);
  auto boxes = s.get("/licensees/" + L + "/license-containers?limit=1");
  CHECK(boxes->get_header_value("X-Total-Count") == "2");
  CHECK(body_of(boxes).size() == 1);
  CHECK(s.get("/license-consumers?limit=2")->get_header_value("X-Total-Count") == "3");
}

TEST_CASE(
    "paging parameters that are not non-negative integers up to 1000 are 400 naming "
    "offset or limit",
    "[api][paging]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);
  const std::vector<std::string> lists = {"/licensees", "/license-consumers",
                                          L + "/license-containers", L + "/license-consumers",
                                          L + "/license-containers/default/license-consumers"};
  const std::string list = lists.at(GENERATE(range(std::size_t{0}, std::size_t{5})));
  SECTION("not a non-negative integer") {
    const std::string bad = GENERATE("-1", "abc", "1.5", "", "0x10", "1e2", "1,2");
    const std::string name = GENERATE("offset", "limit");
    const std::string target = list + "?" + name + "=" + bad;
    INFO(target);
    auto r = s.get(target);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith(std::string(name) + " "));
  }
  SECTION("over 1000") {
    INFO(list);
    auto over = s.get(list + "?limit=1001");
    CHECK_THAT(over, IsEnvelope(400));
    CHECK_THAT(description_of(over), StartsWith("limit ") && Contains("1001"));
    CHECK(s.get(list + "?limit=1000")->status == 200);
    CHECK(s.get(list + "?offset=0&limit=0")->status == 200);
  }
}

TEST_CASE("find actions need a non-empty query value", "[api][wire]") {
  TestServer s;
  for (const char* target :
       {"/licensees/actions/find-by-email?email=", "/licensees/actions/find-by-email",
        "/licensees/actions/find-by-naturalid?naturalId=",
        "/license-consumers/actions/find-by-email?email=",
        "/license-consumers/actions/find-by-externalreference?externalReference="}) {
    INFO(target);
    auto r = s.get(target);
    CHECK_THAT(r, IsEnvelope(400));
  }
  CHECK_THAT(description_of(s.get("/licensees/actions/find-by-email?email=")),
             StartsWith("email "));
  CHECK_THAT(description_of(s.del("/licensees/actions/delete-user?licenseeId=")),
             StartsWith("licenseeId "));
}
