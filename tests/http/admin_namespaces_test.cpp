// Namespaces, X-Scale-Mock-Namespace (contract section 8): separate states, journals, faults
// and clocks; names that are 400; --max-namespaces; each new one starts from the fixtures.

#include <algorithm>
#include <catch2/catch.hpp>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

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
  CHECK_THAT(b.del("/__admin/requests"), IsNoContent());
  CHECK(body_of(a.get("/__admin/requests"))["requests"].size() == 2);
  CHECK_THAT(b.post_json("/__admin/reset", {{"to", "empty"}}), IsNoContent());
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
    CHECK_THAT(api, IsEnvelope(400));
    CHECK_THAT(description_of(api), Contains(kNamespaceHeader));
    CHECK_THAT(c.get("/__admin/health"), IsEnvelope(400));
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

TEST_CASE("scale-mock --max-namespaces counts the default namespace, one more is 429",
          "[admin][namespaces]") {
  TestServer s(with_max_namespaces(3));
  NsClient n1(s, "n1");
  NsClient n2(s, "n2");
  NsClient n3(s, "n3");
  CHECK(n1.get("/licensees")->status == 200);
  CHECK(n2.get("/__admin/health")->status == 200);
  auto over = n3.get("/licensees");
  CHECK_THAT(over, IsEnvelope(429));
  CHECK_THAT(description_of(over), Contains("n3"));
  CHECK_THAT(n3.get("/__admin/health"), IsEnvelope(429));
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
