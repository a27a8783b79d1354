// The journal, GET and DELETE /__admin/requests (contract section 8): what each entry keeps,
// the filters, paging, and the limits on entries and bytes.

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

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
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), Contains("status"));
  }
  for (const std::string q : {"since=yesterday", "since=2026-13-01T00:00:00Z", "since="}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_THAT(r, IsEnvelope(400));
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

TEST_CASE("DELETE /__admin/requests clears the journal, /__admin calls are never journaled",
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

  CHECK_THAT(s.del("/__admin/requests"), IsNoContent());
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
  CHECK_THAT(s.put_raw("/__admin/state", big), IsEnvelope(413));
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

TEST_CASE("the journal pages with offset and limit, X-Total-Count counts every match",
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
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), Contains("limit"));
  }
  for (const std::string q : {"offset=-1", "offset=abc", "offset="}) {
    INFO(q);
    auto r = s.get("/__admin/requests?" + q);
    CHECK_THAT(r, IsEnvelope(400));
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
