// The License Management API over real HTTP: a real App on a free loopback port per test.
// These tests go where the conformance kit (shared/conformance/run) does not reach far: whole
// onboarding flows, the order of checks (contract section 9), strict JSON, code-point limits,
// every relation path, cascades, base paths, chunked bodies, exact body limits and races.

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <latch>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/messages.hpp"
#include "http/envelope.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr const char* kSetupOrg = "/licensees/actions/setup-organization";
constexpr const char* kSetupUser = "/licensees/actions/setup-user";
constexpr const char* kUnknownId = "3f9a2c1e-7b4d-4e8f-9a6b-0c1d2e3f4a5b";

// The ids a list endpoint answers with (one page of up to 1000).
std::vector<std::string> list_ids(TestServer& s, const std::string& path) {
  auto r = s.get(path + (path.find('?') == std::string::npos ? "?limit=1000" : "&limit=1000"));
  if (!r || r->status != 200) throw std::runtime_error("GET " + path + " failed");
  return ids_in(body_of(r));
}

// The ids of `consumers` in the order relation lists give them: created, then id.
std::vector<std::string> in_list_order(std::vector<Json> consumers) {
  std::sort(consumers.begin(), consumers.end(), [](const Json& a, const Json& b) {
    return std::make_pair(a.at("created").get<std::string>(), id_of(a)) <
           std::make_pair(b.at("created").get<std::string>(), id_of(b));
  });
  return ids_in(Json(consumers));
}

// A JSON body of exactly `n` bytes that creates an organization named `name`: the padding
// goes into an unknown field, which the API ignores.
std::string body_of_size(std::size_t n, const std::string& name) {
  const std::string head = R"({"name":")" + name + R"(","pad":")";
  const std::string tail = "\"}";
  return head + std::string(n - head.size() - tail.size(), 'x') + tail;
}

std::string hex(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx", n);
  return buf;
}

// A whole chunked HTTP request whose body is `chunks` in order.
std::string chunked_request(const std::string& target, const std::vector<std::string>& chunks) {
  std::string req = "POST " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (const auto& c : chunks) req += hex(c.size()) + "\r\n" + c + "\r\n";
  return req + "0\r\n\r\n";
}

// `body` cut into pieces of at most `size` bytes.
std::vector<std::string> cut(const std::string& body, std::size_t size) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size(); i += size) out.push_back(body.substr(i, size));
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

// ================================================================== onboarding end to end

TEST_CASE("onboarding a B2B customer: organization, a second container, staff and a device",
          "[api][onboarding]") {
  TestServer s;
  auto r = s.post_json(kSetupOrg, {{"name", "Acme Oy"},
                                   {"naturalId", "crm-1001"},
                                   {"email", "Licensing@Acme.example"},
                                   {"externalReference", "shop-77"}});
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Json acme = body_of(r);
  const std::string L = id_of(acme);
  CHECK(acme["type"] == "ORGANIZATION");
  CHECK(acme["email"] == "Licensing@Acme.example");  // stored as given
  CHECK(acme["displayName"].is_null());
  CHECK(acme["description"].is_null());
  CHECK(r->get_header_value("Location") == "/licensees/" + L);
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);

  auto again = checked(s.client().Get(r->get_header_value("Location")));
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(body_of(again) == acme);

  // The default container came with it; no consumer did.
  auto boxes = s.get("/licensees/" + L + "/license-containers");
  REQUIRE(boxes);
  CHECK(boxes->get_header_value("X-Total-Count") == "1");
  const Json box_list = body_of(boxes);
  REQUIRE(box_list.size() == 1);
  CHECK(box_list[0]["usedAsDefault"] == true);
  CHECK(box_list[0]["name"] == "default");
  const std::string D = id_of(box_list[0]);
  CHECK(s.total("/licensees/" + L + "/license-consumers") == 0);
  CHECK(s.total("/license-consumers") == 0);

  const Json farm = s.create_container(L, {{"name", "Build farm"}});
  const std::string B = id_of(farm);
  CHECK(farm["usedAsDefault"] == false);
  CHECK(body_of(s.get("/licensees/" + L + "/license-containers/default"))["id"] == D);

  const Json ada = s.create_consumer(
      {{"type", "PERSON"}, {"name", "Ada Lindqvist"}, {"email", "ada@acme.example"}});
  const Json agent = s.create_consumer({{"type", "DEVICE"}, {"name", "ACME-BUILD-01"}});
  const std::string P = id_of(ada);
  const std::string V = id_of(agent);

  auto assoc = s.put_empty("/licensees/" + L + "/license-consumers/" + P);
  REQUIRE(assoc);
  CHECK(assoc->status == 204);
  auto grant =
      s.put_empty("/licensees/" + L + "/license-containers/" + B + "/license-consumers/" + V);
  REQUIRE(grant);
  CHECK(grant->status == 204);

  CHECK(list_ids(s, "/licensees/" + L + "/license-consumers") == in_list_order({ada, agent}));
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/" + D + "/license-consumers") ==
        std::vector<std::string>{P});
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/" + B + "/license-consumers") ==
        std::vector<std::string>{V});

  auto by_email = s.get("/licensees/actions/find-by-email?email=licensing@ACME.EXAMPLE");
  REQUIRE(by_email);
  CHECK(by_email->status == 200);
  CHECK(body_of(by_email)["id"] == L);
  auto by_natural = s.get("/licensees/actions/find-by-naturalid?naturalId=crm-1001");
  REQUIRE(by_natural);
  CHECK(body_of(by_natural)["id"] == L);
}

TEST_CASE(
    "onboarding a B2C customer: setup-user makes the licensee, its default container and "
    "a PERSON consumer with access",
    "[api][onboarding]") {
  TestServer s;
  auto r = s.post_json(kSetupUser, {{"name", "Eva Berg"},
                                    {"displayName", "Eva"},
                                    {"email", "Eva.Berg@mail.example"},
                                    {"description", "Shop customer"},
                                    {"externalReference", "stripe-cus-1"},
                                    {"connectedIdentityId", "oidc|shop|eva"},
                                    {"contactInfo", "consumer-only, ignored"},
                                    {"displayLabel", "consumer-only, ignored"}});
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Json eva = body_of(r);
  const std::string L = id_of(eva);
  CHECK(eva["type"] == "PERSON");
  CHECK(r->get_header_value("Location") == "/licensees/" + L);
  CHECK_FALSE(eva.contains("connectedIdentityId"));
  REQUIRE(eva["naturalId"].is_string());
  CHECK_FALSE(eva["naturalId"].get<std::string>().empty());

  auto found = s.get("/license-consumers/actions/find-by-email?email=eva.berg@MAIL.example");
  REQUIRE(found);
  REQUIRE(found->status == 200);
  const Json consumer = body_of(found);
  const std::string P = id_of(consumer);
  CHECK(P != L);
  CHECK(consumer["type"] == "PERSON");
  CHECK(consumer["name"] == "Eva Berg");
  CHECK(consumer["displayName"] == "Eva");
  CHECK(consumer["email"] == "Eva.Berg@mail.example");
  CHECK(consumer["description"] == "Shop customer");
  CHECK(consumer["externalReference"] == "stripe-cus-1");
  CHECK(consumer["connectedIdentityId"] == "oidc|shop|eva");
  CHECK(consumer["naturalId"] == eva["naturalId"]);  // the same generated value
  CHECK(consumer["contactInfo"].is_null());
  CHECK(consumer["displayLabel"].is_null());

  CHECK(list_ids(s, "/licensees/" + L + "/license-consumers") == std::vector<std::string>{P});
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/default/license-consumers") ==
        std::vector<std::string>{P});
  CHECK(s.total("/licensees/" + L + "/license-containers") == 1);

  // A device of the same customer stays when the customer is deleted with delete-user.
  const Json laptop = s.create_consumer({{"type", "DEVICE"}, {"name", "eva-laptop"}});
  REQUIRE(s.put_empty("/licensees/" + L + "/license-consumers/" + id_of(laptop))->status == 204);

  auto gone = s.del("/licensees/actions/delete-user?licenseeId=" + L);
  REQUIRE(gone);
  CHECK(gone->status == 204);
  CHECK(s.get("/licensees/" + L)->status == 404);
  CHECK(s.get("/license-consumers/" + P)->status == 404);
  CHECK(s.get("/license-consumers/" + id_of(laptop))->status == 200);
  CHECK(s.total("/licensees") == 0);
  CHECK(list_ids(s, "/license-consumers") == std::vector<std::string>{id_of(laptop)});
}

TEST_CASE("setup-user with an email or identity used by a consumer creates nothing",
          "[api][licensee]") {
  TestServer s;
  const Json taken = s.create_consumer({{"type", "PERSON"},
                                        {"name", "Ada"},
                                        {"email", "ada@acme.example"},
                                        {"connectedIdentityId", "oidc|ada"},
                                        {"externalReference", "hr-1"},
                                        {"naturalId", "emp-1"}});
  const std::string owner = "license consumer " + id_of(taken);

  SECTION("email, compared case-insensitively") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"email", "ADA@acme.example"}});
    CHECK_ENVELOPE(r, 409);
    CHECK(description_of(r) ==
          "email " + msg::already_used("ADA@acme.example", "license consumer " + id_of(taken)));
  }
  SECTION("connectedIdentityId") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"connectedIdentityId", "oidc|ada"}});
    CHECK_ENVELOPE(r, 409);
    CHECK(description_of(r) == "connectedIdentityId " + msg::already_used("oidc|ada", owner));
  }
  SECTION("the copied externalReference") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"externalReference", "hr-1"}});
    CHECK_ENVELOPE(r, 409);
    CHECK(description_of(r) == "externalReference " + msg::already_used("hr-1", owner));
  }
  SECTION("the copied naturalId") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"naturalId", "emp-1"}});
    CHECK_ENVELOPE(r, 409);
    CHECK(description_of(r) == "naturalId " + msg::already_used("emp-1", owner));
  }
  CHECK(s.total("/licensees") == 0);
  CHECK(s.total("/license-consumers") == 1);
  // Only setup-user checks the consumers: an organization may reuse every one of these values.
  auto org = s.post_json(kSetupOrg, {{"name", "Ada Oy"},
                                     {"email", "ada@acme.example"},
                                     {"externalReference", "hr-1"},
                                     {"naturalId", "emp-1"}});
  CHECK(org->status == 201);
}

TEST_CASE("the default fixtures are served, LICENSE_KEY consumer included", "[api][fixtures]") {
  TestServer s(with_default_fixtures());
  CHECK(s.total("/licensees") == 5);
  CHECK(s.total("/license-consumers") == 7);
  const std::string acme = "923a7369-94e3-4f91-9a61-dbe22e44158b";
  const std::string key = "36f675cc-81e7-4ef5-a8e2-5d940ed90475";
  auto k = s.get("/license-consumers/" + key);
  REQUIRE(k);
  CHECK(body_of(k)["type"] == "LICENSE_KEY");

  auto assoc = s.put_empty("/licensees/" + acme + "/license-consumers/" + key);
  CHECK_ENVELOPE(assoc, 400);
  CHECK(description_of(assoc) == msg::license_key_relation(key));
  auto grant =
      s.put_empty("/licensees/" + acme + "/license-containers/default/license-consumers/" + key);
  CHECK_ENVELOPE(grant, 400);
  CHECK(list_ids(s, "/licensees/" + acme + "/license-consumers").size() == 3);

  // Its name is its key; it takes no identity and switches to no other type.
  const std::string K = "/license-consumers/" + key;
  const Json was = body_of(k);
  auto renamed = s.put_json(K, {{"name", "OTHER-KEY"}});
  CHECK_ENVELOPE(renamed, 400);
  CHECK(description_of(renamed) == "name " + msg::license_key_name_fixed());
  auto identity = s.put_json(K, {{"name", was["name"]}, {"connectedIdentityId", "oidc|x"}});
  CHECK_ENVELOPE(identity, 400);
  CHECK(description_of(identity) == "connectedIdentityId " + msg::license_key_no_identity());
  auto person = s.put_json(K, {{"name", was["name"]}, {"type", "PERSON"}});
  CHECK_ENVELOPE(person, 400);
  CHECK(description_of(person) == "type " + msg::no_switch_license_key("LICENSE_KEY", "PERSON"));
  CHECK(body_of(s.get(K)) == was);
  auto described = s.put_json(K, {{"name", was["name"]}, {"description", "moved offline"}});
  REQUIRE(described->status == 200);
  CHECK(body_of(described)["type"] == "LICENSE_KEY");
  CHECK(body_of(described)["description"] == "moved offline");
  // And a PERSON consumer cannot become one.
  const std::string ada = "/license-consumers/6513270e-269e-4d37-b2a7-4de452e6b438";
  auto to_key = s.put_json(ada, {{"name", "Ada"}, {"type", "LICENSE_KEY"}});
  CHECK_ENVELOPE(to_key, 400);
  CHECK(description_of(to_key) == "type " + msg::no_switch_license_key("PERSON", "LICENSE_KEY"));
}

TEST_CASE("a server started on a fixture file serves exactly its records", "[api][fixtures]") {
  const auto file = std::filesystem::temp_directory_path() /
                    ("scale-mock-api-test-" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(file);
    out << R"({"licensees": [{"id": "11111111-1111-4111-8111-111111111111", "type": "ORGANIZATION",
                              "name": "Only Oy", "naturalId": "only-1"}]})";
  }
  {
    TestServer s(with_fixtures(file.string()));
    CHECK(list_ids(s, "/licensees") ==
          std::vector<std::string>{"11111111-1111-4111-8111-111111111111"});
    auto boxes =
        body_of(s.get("/licensees/11111111-1111-4111-8111-111111111111/license-containers"));
    REQUIRE(boxes.size() == 1);
    CHECK(boxes[0]["name"] == "default");
    CHECK(s.total("/license-consumers") == 0);
  }
  std::filesystem::remove(file);
}

// ================================================================== wire: the envelope

TEST_CASE("every error status answers the exact envelope with the standard reason phrase",
          "[api][wire]") {
  TestServer s(with_body_limit(2000));
  const Json org = s.setup_organization({{"name", "Acme"}, {"naturalId", "crm-1"}});

  SECTION("400 Bad Request") {
    auto r = s.get("/licensees/not-a-uuid");
    CHECK_ENVELOPE(r, 400);
    CHECK(description_of(r) == "licenseeId " + msg::not_a_uuid("not-a-uuid"));
  }
  SECTION("404 Not Found for an unknown route") {
    auto r = s.get("/licensees-and-more");
    CHECK_ENVELOPE(r, 404);
    CHECK_THAT(description_of(r), Contains("/licensees-and-more"));
  }
  SECTION("404 Not Found for an unknown id") {
    auto r = s.get(std::string("/licensees/") + kUnknownId);
    CHECK_ENVELOPE(r, 404);
    CHECK(description_of(r) == msg::no_such("licensee", kUnknownId));
  }
  SECTION("405 Method Not Allowed") {
    auto r = checked(s.client().Patch("/licensees", "{}", "application/json"));
    CHECK_ENVELOPE(r, 405);
    CHECK(r->has_header("Allow"));
  }
  SECTION("409 Conflict") {
    auto r = s.post_json(kSetupOrg, {{"name", "Other"}, {"naturalId", "crm-1"}});
    CHECK_ENVELOPE(r, 409);
    CHECK(description_of(r) == "naturalId " + msg::already_used("crm-1", "licensee " + id_of(org)));
  }
  SECTION("413 Payload Too Large") {
    auto r = s.post_raw(kSetupOrg, body_of_size(2001, "Big"));
    CHECK_ENVELOPE(r, 413);
    CHECK(body_of(r)["error"] == "Payload Too Large");
  }
  SECTION("415 Unsupported Media Type") {
    auto r = s.post_raw(kSetupOrg, R"({"name":"Plain"})", "text/plain");
    CHECK_ENVELOPE(r, 415);
    CHECK_THAT(description_of(r), Contains("text/plain"));
  }
  SECTION("400 for a request the HTTP library cannot read") {
    auto raw = raw_exchange(s.port(), "NONSENSE\r\n\r\n");
    CHECK(raw_status(raw) == 400);
    Json body = Json::parse(raw_body(raw), nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body.size() == 3);
    CHECK(body["error"] == "Bad Request");
    CHECK(body["code"] == 400);
  }
  CHECK(s.total("/licensees") == 1);
}

TEST_CASE("405 carries an Allow header naming the route's methods", "[api][wire]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);

  auto list = checked(s.client().Patch("/licensees", "{}", "application/json"));
  CHECK_ENVELOPE(list, 405);
  CHECK(allow_of(list) == std::set<std::string>{"GET", "HEAD", "OPTIONS"});

  auto consumers = s.del("/license-consumers");
  CHECK_ENVELOPE(consumers, 405);
  CHECK(allow_of(consumers) == std::set<std::string>{"GET", "POST", "HEAD", "OPTIONS"});

  auto one = s.post_json(L, {{"name", "x"}});
  CHECK_ENVELOPE(one, 405);
  CHECK(allow_of(one) == std::set<std::string>{"GET", "PUT", "DELETE", "HEAD", "OPTIONS"});

  auto action = s.get(kSetupOrg);
  CHECK_ENVELOPE(action, 405);
  CHECK(allow_of(action) == std::set<std::string>{"POST", "OPTIONS"});

  auto relation = s.post_json(L + "/license-consumers/" + kUnknownId, Json::object());
  CHECK_ENVELOPE(relation, 405);
  CHECK(allow_of(relation) == std::set<std::string>{"PUT", "DELETE", "OPTIONS"});
}

TEST_CASE(
    "a registered method the server does not implement is 405; a token that is no method "
    "is 400",
    "[api][wire]") {
  // cpp-httplib 0.11 refuses both before any route is matched; the connection layer tells
  // them apart (issue 12), and the route's Allow goes with the 405.
  TestServer s;
  for (const char* method : {"TRACE", "PROPFIND"}) {
    INFO(method);
    auto raw =
        raw_exchange(s.port(), std::string(method) +
                                   " /licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(raw_status(raw) == 405);
    CHECK_THAT(raw, Contains("\"error\":\"Method Not Allowed\",\"code\":405"));
    CHECK_THAT(raw, Contains("\r\nAllow: GET, "));
  }
  auto raw =
      raw_exchange(s.port(), "BREW /licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw_status(raw) == 400);
  CHECK_THAT(raw, Contains("\"error\":\"Bad Request\",\"code\":400"));
}

TEST_CASE("OPTIONS answers 204 with Allow and no body; an unknown route is still 404",
          "[api][wire]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  auto r = s.options("/licensees/" + id_of(org));
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK(allow_of(r) == std::set<std::string>{"GET", "PUT", "DELETE", "HEAD", "OPTIONS"});
  CHECK(r->body.empty());
  CHECK_FALSE(r->has_header("Content-Type"));

  auto containers = s.options("/licensees/" + id_of(org) + "/license-containers/default");
  REQUIRE(containers);
  CHECK(containers->status == 204);
  CHECK(allow_of(containers) == std::set<std::string>{"GET", "PUT", "DELETE", "HEAD", "OPTIONS"});

  auto unknown = s.options("/nothing-here");
  CHECK_ENVELOPE(unknown, 404);
}

TEST_CASE("HEAD answers with GET's status and headers and no body", "[api][wire]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}, {"email", "it@acme.example"}});
  for (const std::string& path :
       {std::string("/licensees"), "/licensees/" + id_of(org),
        "/licensees/" + id_of(org) + "/license-containers",
        std::string("/licensees/actions/find-by-email?email=it@acme.example"),
        std::string("/licensees/") + kUnknownId, std::string("/licensees/not-a-uuid")}) {
    INFO(path);
    auto g = s.get(path);
    auto h = s.head(path);
    REQUIRE(g);
    REQUIRE(h);
    CHECK(h->status == g->status);
    CHECK(h->body.empty());
    CHECK_FALSE(g->body.empty());
    CHECK(h->get_header_value("Content-Type") == g->get_header_value("Content-Type"));
    CHECK(h->get_header_value("X-Total-Count") == g->get_header_value("X-Total-Count"));
    CHECK(h->get_header_value("Content-Length") == std::to_string(g->body.size()));
  }
}

TEST_CASE("204 responses carry neither a body nor a Content-Type", "[api][wire]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);
  const Json box = s.create_container(id_of(org), {{"name", "Extra"}});
  const Json p = s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}});

  std::vector<httplib::Result> answers;
  answers.push_back(s.put_empty(L + "/license-consumers/" + id_of(p)));
  answers.push_back(
      s.put_empty(L + "/license-containers/" + id_of(box) + "/license-consumers/" + id_of(p)));
  answers.push_back(
      s.del(L + "/license-containers/" + id_of(box) + "/license-consumers/" + id_of(p)));
  answers.push_back(s.del(L + "/license-consumers/" + id_of(p)));
  answers.push_back(s.del(L + "/license-containers/" + id_of(box)));
  answers.push_back(s.del("/license-consumers/" + id_of(p)));
  answers.push_back(s.options("/licensees"));
  answers.push_back(s.del(L));
  for (std::size_t i = 0; i < answers.size(); ++i) {
    INFO("answer " << i);
    REQUIRE(answers[i]);
    CHECK(answers[i]->status == 204);
    CHECK(answers[i]->body.empty());
    CHECK_FALSE(answers[i]->has_header("Content-Type"));
  }

  // On the wire, too: nothing after the headers.
  const Json other = s.setup_organization({{"name", "Other"}});
  auto raw = raw_exchange(s.port(), "DELETE /licensees/" + id_of(other) +
                                        " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw_status(raw) == 204);
  CHECK(raw_body(raw).empty());
  CHECK_THAT(raw, !Contains("Content-Type", Catch::CaseSensitive::No));
}

TEST_CASE("content types are compared as media types; requests without a body need none",
          "[api][wire]") {
  TestServer s;
  for (const char* type :
       {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "APPLICATION/JSON ; charset=\"utf-8\""}) {
    INFO(type);
    auto r = s.post_raw(kSetupOrg, R"({"name":"Typed"})", type);
    REQUIRE(r);
    CHECK(r->status == 201);
  }
  for (const char* type : {"text/plain", "application/jsonx", "application/json-patch+json",
                           "application/x-www-form-urlencoded", "text/json"}) {
    INFO(type);
    CHECK_ENVELOPE(s.post_raw(kSetupOrg, R"({"name":"Wrong"})", type), 415);
  }
  CHECK(s.total("/licensees") == 5);

  // No Content-Type at all with a body is 415 too.
  auto raw = raw_exchange(s.port(), std::string("POST ") + kSetupOrg +
                                        " HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n"
                                        "Connection: close\r\n\r\n{\"name\":\"None\"}");
  CHECK(raw_status(raw) == 415);

  // Relation PUTs and DELETEs carry no body and need no Content-Type.
  const Json org = s.setup_organization({{"name", "Acme"}});
  const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}});
  auto put = raw_exchange(
      s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" + id_of(p) +
                    " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  CHECK(raw_status(put) == 204);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

  // Nor a Content-Length (curl -X PUT sends neither): no body, not a body up to the close.
  const Json q = s.create_consumer({{"type", "DEVICE"}, {"name", "Box 2"}});
  auto bare = raw_exchange(s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" +
                                         id_of(q) + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(raw_status(bare) == 204);
  auto bare_delete = raw_exchange(
      s.port(), "DELETE /license-consumers/" + id_of(q) + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(raw_status(bare_delete) == 204);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);
}

// ================================================================== wire: base path, Location

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
    CHECK_ENVELOPE(s.client().Get(outside), 404);
  }
  auto post_outside = s.client().Post(kSetupOrg, R"({"name":"Lost"})", "application/json");
  CHECK_ENVELOPE(post_outside, 404);
  CHECK(s.total("/licensees") == 2);
  CHECK(s.options("/licensees")->status == 204);
}

// ================================================================== wire: lists and paging

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
  for (const auto& list : lists) {
    for (const char* bad : {"-1", "abc", "1.5", "", "0x10", "1e2", "1,2"}) {
      for (const char* name : {"offset", "limit"}) {
        const std::string target = list + "?" + name + "=" + bad;
        INFO(target);
        auto r = s.get(target);
        CHECK_ENVELOPE(r, 400);
        CHECK_THAT(description_of(r), StartsWith(std::string(name) + " "));
      }
    }
    INFO(list);
    auto over = s.get(list + "?limit=1001");
    CHECK_ENVELOPE(over, 400);
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
    CHECK_ENVELOPE(r, 400);
  }
  CHECK_THAT(description_of(s.get("/licensees/actions/find-by-email?email=")),
             StartsWith("email "));
  CHECK_THAT(description_of(s.del("/licensees/actions/delete-user?licenseeId=")),
             StartsWith("licenseeId "));
}

// ================================================================== wire: bodies

TEST_CASE("a chunked request body is accepted", "[api][wire][body]") {
  TestServer s;
  SECTION("from httplib's content provider") {
    const std::string body = R"({"name":"Chunky Oy","naturalId":"chunk-1"})";
    auto r = s.client().Post(
        kSetupOrg,
        [body](std::size_t, httplib::DataSink& sink) {
          for (const auto& piece : cut(body, 7)) sink.write(piece.data(), piece.size());
          sink.done();
          return true;
        },
        "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["naturalId"] == "chunk-1");
  }
  SECTION("over a raw socket, cut inside a multi-byte character") {
    const std::string body = "{\"name\":\"J\xC3\xA4rvi Oy\",\"naturalId\":\"chunk-2\"}";
    const auto at = body.find('\xA4');  // between the two bytes of U+00E4
    auto raw =
        raw_exchange(s.port(), chunked_request(kSetupOrg, {body.substr(0, at), body.substr(at)}));
    CHECK(raw_status(raw) == 201);
    auto found = s.get("/licensees/actions/find-by-naturalid?naturalId=chunk-2");
    REQUIRE(found->status == 200);
    CHECK(body_of(found)["name"] == "J\xC3\xA4rvi Oy");
  }
  CHECK(s.total("/licensees") == 1);
}

TEST_CASE("a body of exactly the limit is accepted and one byte more is 413", "[api][wire][body]") {
  TestServer s(with_body_limit(2000));

  SECTION("with Content-Length") {
    const std::string exact = body_of_size(2000, "Exact");
    REQUIRE(exact.size() == 2000);
    auto ok = s.post_raw(kSetupOrg, exact);
    REQUIRE(ok);
    CHECK(ok->status == 201);
    auto big = s.post_raw(kSetupOrg, body_of_size(2001, "Over"));
    CHECK_ENVELOPE(big, 413);
    CHECK_THAT(description_of(big), Contains("2000"));
  }
  SECTION("on PUT too") {
    const Json org = s.setup_organization({{"name", "Exact"}});
    auto big = s.put_raw("/licensees/" + id_of(org), body_of_size(2001, "Over"));
    CHECK_ENVELOPE(big, 413);
    auto ok = s.put_raw("/licensees/" + id_of(org), body_of_size(2000, "Renamed"));
    REQUIRE(ok);
    CHECK(ok->status == 200);
  }
  const auto names = [&] {
    std::vector<std::string> out;
    for (const auto& l : body_of(s.get("/licensees"))) out.push_back(l["name"].get<std::string>());
    return out;
  }();
  CHECK(names.size() == 1);
  CHECK(std::find(names.begin(), names.end(), "Over") == names.end());
}

TEST_CASE("a chunked body of exactly the limit is accepted and one byte more is 413",
          "[api][wire][body]") {
  // The limit counts the decoded body, not the bytes of the chunked encoding.
  TestServer s(with_body_limit(2000));
  auto ok =
      raw_exchange(s.port(), chunked_request(kSetupOrg, cut(body_of_size(2000, "Exact"), 100)));
  CHECK(raw_status(ok) == 201);
  auto big =
      raw_exchange(s.port(), chunked_request(kSetupOrg, cut(body_of_size(2001, "Over"), 100)));
  CHECK(raw_status(big) == 413);
  Json env = Json::parse(raw_body(big), nullptr, false);
  REQUIRE(env.is_object());
  CHECK(env["error"] == "Payload Too Large");
  CHECK(env["code"] == 413);
  auto huge = raw_exchange(s.port(), chunked_request(kSetupOrg, {body_of_size(100000, "Huge")}));
  CHECK(raw_status(huge) == 413);
  CHECK(list_ids(s, "/licensees").size() == 1);
}

// ================================================================== order of checks (section 9)

TEST_CASE("an unknown route or method wins over a wrong content type", "[api][order]") {
  TestServer s;
  CHECK_ENVELOPE(s.post_raw("/licensees/actions/setup-nothing", "{", "text/plain"), 404);
  CHECK_ENVELOPE(s.post_raw("/licensees/actions/setup-organization/", "{", "text/plain"), 404);
  auto r = s.post_raw("/licensees", "{", "text/plain");
  CHECK_ENVELOPE(r, 405);
  CHECK(r->has_header("Allow"));
  // A wrong method wins over a path id that is not a UUID.
  CHECK_ENVELOPE(s.post_raw("/licensees/not-a-uuid", "{}"), 405);
}

TEST_CASE("a path id that is not a UUID wins over a wrong content type", "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  auto put = s.put_raw("/licensees/nope", "{", "text/plain");
  CHECK_ENVELOPE(put, 400);
  CHECK(description_of(put) == "licenseeId " + msg::not_a_uuid("nope"));

  auto post = s.post_raw("/licensees/nope/license-containers", "{", "text/plain");
  CHECK_ENVELOPE(post, 400);
  CHECK(description_of(post) == "licenseeId " + msg::not_a_uuid("nope"));

  auto box = s.put_raw("/licensees/" + id_of(org) + "/license-containers/nope", "{", "text/plain");
  CHECK_ENVELOPE(box, 400);
  CHECK(description_of(box) == "licenseContainerId " + msg::not_a_uuid("nope"));

  auto con = s.put_raw("/license-consumers/nope", "{", "text/plain");
  CHECK_ENVELOPE(con, 400);
  CHECK(description_of(con) == "licenseConsumerId " + msg::not_a_uuid("nope"));
}

// cpp-httplib parses a multipart/form-data body itself before any handler runs, and answered
// 400 "malformed" for a JSON body sent with that type (with no boundary, or one the body does
// not follow).
TEST_CASE("a body sent as multipart/form-data is 415 like any other type but JSON", "[api][wire]") {
  TestServer s;
  const std::string json = R"({"name":"Acme"})";
  const std::string form =
      "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAcme\r\n--xyz--\r\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"multipart/form-data", json},
      {"multipart/form-data; boundary=xyz", json},
      {"multipart/form-data; boundary=xyz", form},  // well-formed form data is not JSON either
  };
  for (const auto& [type, body] : cases) {
    INFO(type << " " << body);
    const std::string description =
        "Content-Type must be application/json, not " + msg::quoted(type);
    auto r = s.post_raw(kSetupOrg, body, type);
    CHECK_ENVELOPE(r, 415);
    CHECK(description_of(r) == description);
    r = s.put_raw(std::string("/licensees/") + kUnknownId, body, type);
    CHECK_ENVELOPE(r, 415);
    CHECK(description_of(r) == description);
    r = s.post_raw("/__admin/token", body, type);
    CHECK_ENVELOPE(r, 415);
    CHECK(description_of(r) == description);
  }
  CHECK(s.total("/licensees") == 0);

  // A request without a body needs no Content-Type, and this one does not get in its way.
  const Json org = s.setup_organization({{"name", "Acme"}});
  const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}});
  auto put =
      raw_exchange(s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" + id_of(p) +
                                 " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                 "Content-Type: multipart/form-data\r\n"
                                 "Connection: close\r\n\r\n");
  CHECK(raw_status(put) == 204);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

  // The journal keeps the request as it came: its Content-Type and its body.
  auto journal = body_of(s.get("/__admin/requests?method=POST&path=/licensees"));
  REQUIRE(journal.at("requests").size() == 4);
  const Json& first = journal.at("requests")[0];
  CHECK(first.at("headers").at("Content-Type") == "multipart/form-data");
  CHECK(first.at("body") == Json::parse(json));
  CHECK(first.at("status") == 415);
}

TEST_CASE("a wrong content type wins over malformed JSON and an unknown licensee", "[api][order]") {
  TestServer s;
  CHECK_ENVELOPE(s.post_raw(kSetupOrg, "{not json", "text/plain"), 415);
  CHECK_ENVELOPE(s.put_raw(std::string("/licensees/") + kUnknownId, "{not json", "text/plain"),
                 415);
  CHECK_ENVELOPE(s.post_raw(std::string("/licensees/") + kUnknownId + "/license-containers", "{",
                            "text/plain"),
                 415);
}

TEST_CASE("malformed JSON wins over an unknown licensee", "[api][order]") {
  TestServer s;
  auto r = s.put_raw(std::string("/licensees/") + kUnknownId, "{\"name\":");
  CHECK_ENVELOPE(r, 400);
  CHECK_ENVELOPE(
      s.post_raw(std::string("/licensees/") + kUnknownId + "/license-containers", "[1,]"), 400);
  CHECK_ENVELOPE(s.put_raw(std::string("/license-consumers/") + kUnknownId, "nul"), 400);
}

TEST_CASE("an unknown parent wins over field validation on PUT and container POST",
          "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string unknown_lic = std::string("/licensees/") + kUnknownId;
  const std::string licensee_gone = msg::no_such("licensee", kUnknownId);

  auto put = s.put_json(unknown_lic, {{"name", 5}});
  CHECK_ENVELOPE(put, 404);
  CHECK(description_of(put) == licensee_gone);
  CHECK_ENVELOPE(s.put_json(unknown_lic, {{"name", ""}, {"email", "not an email"}}), 404);
  CHECK_ENVELOPE(s.put_json(unknown_lic, {{"id", "not-a-uuid"}}), 404);

  auto post = s.post_json(unknown_lic + "/license-containers", {{"usedAsDefault", "true"}});
  CHECK_ENVELOPE(post, 404);
  CHECK(description_of(post) == licensee_gone);
  CHECK_ENVELOPE(s.post_json(unknown_lic + "/license-containers", {{"name", repeat("x", 300)}}),
                 404);

  CHECK_ENVELOPE(s.put_json(unknown_lic + "/license-containers/default", {{"name", 5}}), 404);
  auto box = s.put_json("/licensees/" + id_of(org) + "/license-containers/" + kUnknownId,
                        {{"usedAsDefault", "yes"}});
  CHECK_ENVELOPE(box, 404);
  CHECK(description_of(box) == msg::container_not_of_licensee(kUnknownId, id_of(org)));

  auto con =
      s.put_json(std::string("/license-consumers/") + kUnknownId, {{"type", "ROBOT"}, {"name", 1}});
  CHECK_ENVELOPE(con, 404);
  CHECK(description_of(con) == msg::no_such("license consumer", kUnknownId));
}

TEST_CASE("field validation wins over uniqueness, and the first field in contract order is named",
          "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"},
                                         {"naturalId", "crm-1"},
                                         {"email", "it@acme.example"},
                                         {"externalReference", "ext-1"}});
  const std::string owner = "licensee " + id_of(org);

  auto invalid = s.post_json(kSetupOrg, {{"name", " "}, {"naturalId", "crm-1"}});
  CHECK_ENVELOPE(invalid, 400);
  CHECK(description_of(invalid) == "name " + msg::blank());

  auto two_invalid = s.post_json(kSetupOrg, {{"email", "bad"}, {"description", repeat("d", 4001)}});
  CHECK_ENVELOPE(two_invalid, 400);
  CHECK(description_of(two_invalid) == "name " + msg::required());

  auto email_then_desc =
      s.post_json(kSetupOrg, {{"name", "X"}, {"description", repeat("d", 4001)}, {"email", "bad"}});
  CHECK(description_of(email_then_desc) == "email " + msg::bad_email("bad"));

  auto all_clash = s.post_json(kSetupOrg, {{"name", "B"},
                                           {"externalReference", "ext-1"},
                                           {"email", "IT@acme.example"},
                                           {"naturalId", "crm-1"}});
  CHECK_ENVELOPE(all_clash, 409);
  CHECK(description_of(all_clash) == "naturalId " + msg::already_used("crm-1", owner));

  auto two_clash = s.post_json(
      kSetupOrg, {{"name", "B"}, {"externalReference", "ext-1"}, {"email", "it@ACME.example"}});
  CHECK(description_of(two_clash) == "email " + msg::already_used("it@ACME.example", owner));

  // On PUT: a read-only field that does not match wins over uniqueness.
  const Json other = s.setup_organization({{"name", "Other"}});
  auto put = s.put_json("/licensees/" + id_of(other),
                        {{"name", "Other"}, {"type", "PERSON"}, {"naturalId", "crm-1"}});
  CHECK_ENVELOPE(put, 400);
  CHECK_THAT(description_of(put), StartsWith("type "));

  // Consumers: email, connectedIdentityId, externalReference, naturalId.
  const Json c = s.create_consumer({{"type", "PERSON"},
                                    {"name", "Ada"},
                                    {"email", "ada@acme.example"},
                                    {"connectedIdentityId", "oidc|ada"},
                                    {"externalReference", "hr-1"},
                                    {"naturalId", "emp-1"}});
  const std::string cowner = "license consumer " + id_of(c);
  auto c_all = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                  {"name", "X"},
                                                  {"naturalId", "emp-1"},
                                                  {"externalReference", "hr-1"},
                                                  {"connectedIdentityId", "oidc|ada"},
                                                  {"email", "ada@acme.example"}});
  CHECK_ENVELOPE(c_all, 409);
  CHECK(description_of(c_all) == "email " + msg::already_used("ada@acme.example", cowner));
  auto c_three = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                    {"name", "X"},
                                                    {"naturalId", "emp-1"},
                                                    {"externalReference", "hr-1"},
                                                    {"connectedIdentityId", "oidc|ada"}});
  CHECK(description_of(c_three) == "connectedIdentityId " + msg::already_used("oidc|ada", cowner));
  auto c_two = s.post_json(
      "/license-consumers",
      {{"type", "DEVICE"}, {"name", "X"}, {"naturalId", "emp-1"}, {"externalReference", "hr-1"}});
  CHECK(description_of(c_two) == "externalReference " + msg::already_used("hr-1", cowner));
  CHECK(s.total("/licensees") == 2);
  CHECK(s.total("/license-consumers") == 1);
}

TEST_CASE("an unknown route or method wins over body size", "[api][order]") {
  TestServer s(with_body_limit(2000));
  const std::string big = body_of_size(2001, "Over");
  CHECK_ENVELOPE(s.post_raw("/no-such-route", big), 404);
  auto r = s.post_raw("/licensees", big);
  CHECK_ENVELOPE(r, 405);
  CHECK(allow_of(r) == std::set<std::string>{"GET", "HEAD", "OPTIONS"});
  // Chunked, too.
  auto raw = raw_exchange(s.port(), chunked_request("/no-such-route", cut(big, 500)));
  CHECK(raw_status(raw) == 404);
}

TEST_CASE("a bad path id and a wrong content type win over body size", "[api][order]") {
  // Contract section 9: route (404/405), path id (400), content type (415), body size (413).
  TestServer s(with_body_limit(2000));
  const std::string big = body_of_size(2001, "Over");
  CHECK_ENVELOPE(s.put_raw("/licensees/nope", big), 400);
  CHECK_ENVELOPE(s.post_raw(kSetupOrg, big, "text/plain"), 415);
}

// ================================================================== strict JSON

TEST_CASE("malformed JSON of every kind is 400 and creates nothing", "[api][json]") {
  TestServer s;
  const std::vector<std::string> bodies = {
      "",
      "   ",
      "{\"name\":\"A\" // comment\n}",
      "/* comment */ {\"name\":\"A\"}",
      "{\"name\":\"A\" /* comment */}",
      "{\"name\":\"A\",\"n\":NaN}",
      "{\"name\":\"A\",\"n\":Infinity}",
      "{\"name\":\"A\",\"n\":-Infinity}",
      "{\"name\":\"A\",}",
      "{\"name\":\"A\",\"l\":[1,2,]}",
      "{\"name\":\"A\"} x",
      "{\"name\":\"A\"}{}",
      "{\"name\":\"A\"}]",
      "{\"name\":\"A\"},",
      "{\"name\":\"A\x01"
      "B\"}",
      "{\"name\":\"A\nB\"}",
      "{\"name\":\"A\tB\"}",
      "{\"name\":\"A\x1f"
      "B\"}",
      std::string("{\"name\":\"A\0B\"}", 14),
      // A NUL after the object is no end of input: what follows it is not JSON either.
      std::string("{\"name\":\"A\"}\0", 13),
      std::string("{\"name\":\"A\"}\0{\"b\":1}", 20),
      "{'name':'A'}",
      "{name:\"A\"}",
      "{\"name\":\"A\xff\"}",
      "{\"name\":\"A\xc0\xaf\"}",
      "{\"name\":\"\\ud800\"}",
      "{\"name\":\"\\x41\"}",
      "{\"name\":\"A\"",
      "{\"name\":\"A\",\"n\":01}",
      "{\"name\":\"A\",\"n\":.5}",
      "{\"name\":\"A\",\"n\":1.}",
      "{\"name\":\"A\",\"n\":True}",
      "{\"name\":\"A\",\"n\":undefined}",
      "[]",
      "\"A\"",
      "null",
      "42",
  };
  for (const auto& body : bodies) {
    INFO("body: " << body);
    auto r = s.post_raw(kSetupOrg, body);
    CHECK_ENVELOPE(r, 400);
  }
  CHECK(s.total("/licensees") == 0);

  // Escaped control characters are valid JSON and kept.
  auto escaped = s.post_raw(kSetupOrg, R"({"name":"A\u0001B\nC"})");
  REQUIRE(escaped);
  CHECK(escaped->status == 201);
  CHECK(body_of(escaped)["name"] ==
        "A\x01"
        "B\nC");
}

TEST_CASE("a repeated key: the last one wins", "[api][json]") {
  TestServer s;
  auto r = s.post_raw(kSetupOrg, R"({"name":"First","naturalId":"n-1","name":"Second"})");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Json org = body_of(r);
  CHECK(org["name"] == "Second");

  // An earlier value of the wrong type does not count once a later one replaces it.
  auto box = s.post_raw("/licensees/" + id_of(org) + "/license-containers",
                        R"({"usedAsDefault":"no","name":"Main","usedAsDefault":true})");
  REQUIRE(box);
  CHECK(box->status == 201);
  CHECK(body_of(box)["usedAsDefault"] == true);

  // And a later wrong type fails, whatever came before.
  auto bad = s.post_raw("/licensees/" + id_of(org) + "/license-containers",
                        R"({"usedAsDefault":true,"usedAsDefault":"true"})");
  CHECK_ENVELOPE(bad, 400);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-containers") == 2);
}

TEST_CASE("wrong JSON types are never coerced", "[api][json]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);

  struct Case {
    std::string path;
    std::string field;
    Json body;
  };
  const std::vector<Case> cases = {
      {kSetupOrg, "name", {{"name", 5}}},
      {kSetupOrg, "name", {{"name", true}}},
      {kSetupOrg, "name", {{"name", Json::array({"A"})}}},
      {kSetupOrg, "name", {{"name", {{"x", 1}}}}},
      {kSetupOrg, "displayName", {{"name", "A"}, {"displayName", 1.5}}},
      {kSetupOrg, "naturalId", {{"name", "A"}, {"naturalId", 123}}},
      {kSetupOrg, "email", {{"name", "A"}, {"email", false}}},
      {kSetupOrg, "description", {{"name", "A"}, {"description", Json::array()}}},
      {kSetupOrg, "externalReference", {{"name", "A"}, {"externalReference", 7}}},
      {kSetupOrg, "type", {{"name", "A"}, {"type", 1}}},
      {kSetupUser, "connectedIdentityId", {{"name", "A"}, {"connectedIdentityId", 42}}},
      {L + "/license-containers", "usedAsDefault", {{"usedAsDefault", "true"}}},
      {L + "/license-containers", "usedAsDefault", {{"usedAsDefault", 1}}},
      {L + "/license-containers", "usedAsDefault", {{"usedAsDefault", 0}}},
      {L + "/license-containers", "usedAsDefault", {{"usedAsDefault", "false"}}},
      {L + "/license-containers", "name", {{"name", 5}}},
      {"/license-consumers", "type", {{"type", 0}, {"name", "A"}}},
      {"/license-consumers",
       "displayLabel",
       {{"type", "DEVICE"}, {"name", "A"}, {"displayLabel", true}}},
      {"/license-consumers",
       "contactInfo",
       {{"type", "DEVICE"}, {"name", "A"}, {"contactInfo", Json::object()}}},
      {"/license-consumers", "naturalId", {{"type", "DEVICE"}, {"name", "A"}, {"naturalId", 9}}},
  };
  for (const auto& c : cases) {
    INFO("POST " << c.path << " " << c.body.dump());
    auto r = s.post_json(c.path, c.body);
    CHECK_ENVELOPE(r, 400);
    CHECK_THAT(description_of(r), StartsWith(c.field + " "));
  }
  CHECK(s.total("/licensees") == 1);
  CHECK(s.total(L + "/license-containers") == 1);
  CHECK(s.total("/license-consumers") == 0);

  // PUT bodies, too; nothing changes.
  const Json box = s.create_container(id_of(org), {{"name", "Side"}});
  auto put_box = s.put_json(L + "/license-containers/" + id_of(box), {{"usedAsDefault", "true"}});
  CHECK_ENVELOPE(put_box, 400);
  CHECK_THAT(description_of(put_box), StartsWith("usedAsDefault "));
  auto now_box = body_of(s.get(L + "/license-containers/" + id_of(box)));
  CHECK(now_box["usedAsDefault"] == false);
  CHECK(now_box["name"] == "Side");

  auto put_lic = s.put_json(L, {{"name", "Acme"}, {"naturalId", 5}});
  CHECK_ENVELOPE(put_lic, 400);
  CHECK_THAT(description_of(put_lic), StartsWith("naturalId "));
  CHECK(body_of(s.get(L)) == org);
}

TEST_CASE("lengths count code points: 255 two-byte characters are fine, 256 are not",
          "[api][limits]") {
  TestServer s;
  const std::string e_acute = "\xC3\xA9";       // U+00E9, two bytes
  const std::string grin = "\xF0\x9F\x98\x80";  // U+1F600, four bytes

  for (const std::string& unit : {e_acute, grin}) {
    INFO("unit of " << unit.size() << " bytes");
    auto ok =
        s.post_json(kSetupOrg, {{"name", repeat(unit, 255)}, {"displayName", repeat(unit, 255)}});
    REQUIRE(ok);
    CHECK(ok->status == 201);
    CHECK(body_of(ok)["name"] == repeat(unit, 255));

    auto long_name = s.post_json(kSetupOrg, {{"name", repeat(unit, 256)}});
    CHECK_ENVELOPE(long_name, 400);
    CHECK(description_of(long_name) == "name " + msg::too_long(255));

    auto long_ref =
        s.post_json(kSetupOrg, {{"name", "A"}, {"externalReference", repeat(unit, 256)}});
    CHECK(description_of(long_ref) == "externalReference " + msg::too_long(255));
  }

  auto desc_ok = s.post_json(kSetupOrg, {{"name", "D"}, {"description", repeat(e_acute, 4000)}});
  CHECK(desc_ok->status == 201);
  auto desc_long = s.post_json(kSetupOrg, {{"name", "D"}, {"description", repeat(e_acute, 4001)}});
  CHECK_ENVELOPE(desc_long, 400);
  CHECK(description_of(desc_long) == "description " + msg::too_long(4000));

  // Consumers and container names follow the same rules.
  auto label_ok = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                     {"name", repeat(e_acute, 255)},
                                                     {"displayLabel", repeat(grin, 255)},
                                                     {"connectedIdentityId", repeat(e_acute, 255)},
                                                     {"contactInfo", repeat(grin, 4000)}});
  CHECK(label_ok->status == 201);
  auto label_long =
      s.post_json("/license-consumers",
                  {{"type", "DEVICE"}, {"name", "X"}, {"displayLabel", repeat(grin, 256)}});
  CHECK(description_of(label_long) == "displayLabel " + msg::too_long(255));
  auto contact_long =
      s.post_json("/license-consumers",
                  {{"type", "DEVICE"}, {"name", "X"}, {"contactInfo", repeat(e_acute, 4001)}});
  CHECK(description_of(contact_long) == "contactInfo " + msg::too_long(4000));

  const Json org = s.setup_organization({{"name", "Boxes"}});
  auto box_ok = s.post_json("/licensees/" + id_of(org) + "/license-containers",
                            {{"name", repeat(grin, 255)}});
  CHECK(box_ok->status == 201);
  auto box_long = s.post_json("/licensees/" + id_of(org) + "/license-containers",
                              {{"name", repeat(grin, 256)}});
  CHECK_ENVELOPE(box_long, 400);
  CHECK(description_of(box_long) == "name " + msg::too_long(255));
}

TEST_CASE("email limits count code points and uniqueness folds ASCII case only", "[api][limits]") {
  TestServer s;
  const std::string e_acute = "\xC3\xA9";
  // A local part of 64 characters (128 bytes) is fine; 65 is not.
  auto local64 =
      s.post_json(kSetupOrg, {{"name", "A"}, {"email", repeat(e_acute, 64) + "@x.example"}});
  CHECK(local64->status == 201);
  const std::string local65 = repeat(e_acute, 65) + "@x.example";
  auto r65 = s.post_json(kSetupOrg, {{"name", "A"}, {"email", local65}});
  CHECK_ENVELOPE(r65, 400);
  CHECK(description_of(r65) == "email " + msg::bad_email(local65));

  // 254 characters in all is fine; 255 is not.
  const std::string domain = repeat("b", 63) + "." + repeat("c", 63) + "." + repeat("d", 61);
  const std::string email254 = repeat(e_acute, 64) + "@" + domain;
  auto ok = s.post_json(kSetupOrg, {{"name", "A"}, {"email", email254}});
  CHECK(ok->status == 201);
  auto too_long = s.post_json(kSetupOrg, {{"name", "A"}, {"email", email254 + "d"}});
  CHECK_ENVELOPE(too_long, 400);
  CHECK(description_of(too_long) == "email " + msg::too_long(254));

  // ASCII letters fold; other letters do not.
  const Json upper_umlaut = s.setup_organization({{"name", "U"},
                                                  {"email",
                                                   "\xC3\x84"
                                                   "da@x.example"}});
  auto lower_umlaut = s.post_json(kSetupOrg, {{"name", "L"},
                                              {"email",
                                               "\xC3\xA4"
                                               "da@x.example"}});
  CHECK(lower_umlaut->status == 201);
  auto ascii = s.post_json(kSetupOrg, {{"name", "L"},
                                       {"email",
                                        "\xC3\x84"
                                        "DA@X.EXAMPLE"}});
  CHECK_ENVELOPE(ascii, 409);
  CHECK(description_of(ascii) == "email " + msg::already_used("\xC3\x84"
                                                              "DA@X.EXAMPLE",
                                                              "licensee " + id_of(upper_umlaut)));
  auto found = s.get("/licensees/actions/find-by-email?email=%C3%84DA@x.EXAMPLE");
  REQUIRE(found->status == 200);
  CHECK(body_of(found)["id"] == id_of(upper_umlaut));
}

// ================================================================== paths

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
    CHECK_ENVELOPE(r, 400);
  }
}

TEST_CASE("every relation path works, with the default alias", "[api][relations]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);
  const std::string D = id_of(body_of(s.get(L + "/license-containers/default")));
  const std::string B = id_of(s.create_container(id_of(org), {{"name", "Build farm"}}));
  const Json pj = s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}});
  const Json vj = s.create_consumer({{"type", "DEVICE"}, {"name", "Agent"}});
  const std::string P = id_of(pj);
  const std::string V = id_of(vj);
  using Ids = std::vector<std::string>;
  // Relation lists are ordered by the consumers' created, then id (not by when related).
  const Ids PV = in_list_order({pj, vj});

  // Associate: grants the default container only. Twice lists once.
  CHECK(s.put_empty(L + "/license-consumers/" + P)->status == 204);
  CHECK(s.put_empty(L + "/license-consumers/" + P)->status == 204);
  CHECK(list_ids(s, L + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/" + D + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers").empty());

  // Grant by id and by the alias; access implies association.
  CHECK(s.put_empty(L + "/license-containers/" + B + "/license-consumers/" + V)->status == 204);
  CHECK(s.put_empty(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(s.put_empty(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-consumers") == PV);
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers") == PV);
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers") == Ids{V});

  // Revoke through the alias: the association stays; again is 404.
  CHECK(s.del(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-containers/" + D + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-consumers") == PV);
  auto again = s.del(L + "/license-containers/default/license-consumers/" + V);
  CHECK_ENVELOPE(again, 404);
  CHECK(description_of(again) == msg::no_access(V, D));

  // Dissociate revokes every grant of this licensee; again is 404.
  CHECK(s.del(L + "/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers").empty());
  CHECK(list_ids(s, L + "/license-consumers") == Ids{P});
  auto dis_again = s.del(L + "/license-consumers/" + V);
  CHECK_ENVELOPE(dis_again, 404);
  CHECK(description_of(dis_again) == msg::not_associated(V, id_of(org)));

  // The alias in container paths: GET, PUT (name), and DELETE of the default is 409.
  auto renamed = s.put_json(L + "/license-containers/default", {{"name", "Main"}});
  REQUIRE(renamed->status == 200);
  CHECK(body_of(renamed)["id"] == D);
  CHECK(body_of(renamed)["usedAsDefault"] == true);
  auto no_delete = s.del(L + "/license-containers/default");
  CHECK_ENVELOPE(no_delete, 409);
  CHECK_THAT(description_of(no_delete), Contains(D));

  // Switching the default moves the alias.
  CHECK(s.put_json(L + "/license-containers/" + B, {{"usedAsDefault", true}})->status == 200);
  CHECK(body_of(s.get(L + "/license-containers/default"))["id"] == B);
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers").empty());
  auto undefault = s.put_json(L + "/license-containers/default", {{"usedAsDefault", false}});
  CHECK_ENVELOPE(undefault, 409);
  CHECK(description_of(undefault) == "usedAsDefault " + msg::undefault_only_default(B));

  // Unknown ids in relation paths.
  const std::string X = kUnknownId;
  CHECK_ENVELOPE(s.put_empty(L + "/license-consumers/" + X), 404);
  CHECK_ENVELOPE(s.put_empty(std::string("/licensees/") + X + "/license-consumers/" + P), 404);
  CHECK_ENVELOPE(s.put_empty(L + "/license-containers/" + X + "/license-consumers/" + P), 404);
  CHECK_ENVELOPE(
      s.get(std::string("/licensees/") + X + "/license-containers/default/license-consumers"), 404);
  auto bad_consumer = s.put_empty(L + "/license-consumers/nope");
  CHECK_ENVELOPE(bad_consumer, 400);
  CHECK(description_of(bad_consumer) == "licenseConsumerId " + msg::not_a_uuid("nope"));
}

TEST_CASE("a container of another licensee is 404 in every container path", "[api][relations]") {
  TestServer s;
  const Json a = s.setup_organization({{"name", "A"}});
  const Json b = s.setup_organization({{"name", "B"}});
  const Json box = s.create_container(id_of(b), {{"name", "B's"}});
  const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "X"}});
  const std::string wrong = "/licensees/" + id_of(a) + "/license-containers/" + id_of(box);
  CHECK_ENVELOPE(s.get(wrong), 404);
  CHECK_ENVELOPE(s.put_json(wrong, {{"name", "stolen"}}), 404);
  CHECK_ENVELOPE(s.get(wrong + "/license-consumers"), 404);
  CHECK_ENVELOPE(s.put_empty(wrong + "/license-consumers/" + id_of(p)), 404);
  CHECK_ENVELOPE(s.del(wrong), 404);
  CHECK(body_of(s.get("/licensees/" + id_of(b) + "/license-containers/" + id_of(box)))["name"] ==
        "B's");
  CHECK(s.total("/licensees/" + id_of(a) + "/license-consumers") == 0);
}

// ================================================================== deletes and cascades

TEST_CASE("delete-user on an ORGANIZATION licensee is 400 and deletes nothing", "[api][licensee]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}, {"email", "it@acme.example"}});
  const Json p =
      s.create_consumer({{"type", "PERSON"}, {"name", "IT"}, {"email", "it@acme.example"}});
  REQUIRE(s.put_empty("/licensees/" + id_of(org) + "/license-consumers/" + id_of(p))->status ==
          204);

  auto r = s.del("/licensees/actions/delete-user?licenseeId=" + id_of(org));
  CHECK_ENVELOPE(r, 400);
  CHECK(description_of(r) ==
        "licenseeId " + msg::delete_user_needs_person(id_of(org), "ORGANIZATION"));
  CHECK(s.get("/licensees/" + id_of(org))->status == 200);
  CHECK(s.get("/license-consumers/" + id_of(p))->status == 200);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

  CHECK_ENVELOPE(s.del(std::string("/licensees/actions/delete-user?licenseeId=") + kUnknownId),
                 404);
  CHECK_ENVELOPE(s.del("/licensees/actions/delete-user?licenseeId=nope"), 400);
  CHECK_ENVELOPE(s.del("/licensees/actions/delete-user"), 400);
}

TEST_CASE("delete-user removes the PERSON consumer with the licensee's current email",
          "[api][licensee]") {
  TestServer s;
  const Json eva = s.setup_user({{"name", "Eva"}, {"email", "eva@mail.example"}});
  const std::string L = "/licensees/" + id_of(eva);
  const Json copied =
      body_of(s.get("/license-consumers/actions/find-by-email?email=eva@mail.example"));

  SECTION("after a PUT changed the licensee's email, the old consumer stays") {
    const Json other =
        s.create_consumer({{"type", "PERSON"}, {"name", "New"}, {"email", "eva@new.example"}});
    REQUIRE(s.put_json(L, {{"name", "Eva"}, {"email", "EVA@new.example"}})->status == 200);
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(eva))->status == 204);
    CHECK(s.get("/license-consumers/" + id_of(copied))->status == 200);
    CHECK(s.get("/license-consumers/" + id_of(other))->status == 404);
  }
  SECTION("a DEVICE consumer with that email is not deleted") {
    // Free the email among consumers, then give it to a device.
    REQUIRE(s.del("/license-consumers/" + id_of(copied))->status == 204);
    const Json device =
        s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}, {"email", "eva@mail.example"}});
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(eva))->status == 204);
    CHECK(s.get("/license-consumers/" + id_of(device))->status == 200);
  }
  SECTION("without an email, no consumer is deleted") {
    const Json anon = s.setup_user({{"name", "Anon"}});
    const std::size_t before = s.total("/license-consumers");
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(anon))->status == 204);
    CHECK(s.total("/license-consumers") == before);
    CHECK(s.get("/licensees/" + id_of(anon))->status == 404);
  }
}

TEST_CASE(
    "deleting a licensee removes its containers and grants; consumers and other licensees stay",
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
  CHECK_ENVELOPE(s.get(A), 404);
  CHECK_ENVELOPE(s.get(A + "/license-containers"), 404);
  CHECK_ENVELOPE(s.get(A + "/license-containers/" + box), 404);
  CHECK_ENVELOPE(s.get(A + "/license-consumers"), 404);
  CHECK_ENVELOPE(s.del(A), 404);
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
  CHECK_ENVELOPE(s.get(L + "/license-containers/" + box), 404);
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
  CHECK_ENVELOPE(s.del("/license-consumers/" + P), 404);
  CHECK_ENVELOPE(s.put_empty(A + "/license-consumers/" + P), 404);
}

// ================================================================== concurrency smoke

TEST_CASE("8 concurrent setups with the same email: exactly one 201, the rest 409",
          "[api][concurrency]") {
  constexpr int kThreads = 8;
  TestServer s(with_threads(kThreads + 2));
  for (const char* action : {kSetupOrg, kSetupUser}) {
    INFO(action);
    const std::string email = std::string("race@") +
                              (std::string_view(action) == kSetupOrg ? "org" : "user") + ".example";
    std::vector<int> statuses(kThreads, 0);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        auto client = s.make_client();
        // Vary the letter case: uniqueness folds it.
        std::string mine = email;
        if (i % 2) mine = upper(mine);
        const std::string body =
            Json{{"name", "Racer " + std::to_string(i)}, {"email", mine}}.dump();
        start.arrive_and_wait();
        auto r = client->Post(action, body, "application/json");
        statuses[static_cast<std::size_t>(i)] = r ? r->status : -1;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
    CHECK(std::count(statuses.begin(), statuses.end(), 409) == kThreads - 1);
  }
  CHECK(s.total("/licensees") == 2);
  CHECK(s.total("/license-consumers") == 1);
}

TEST_CASE("a Range header does not cut a JSON answer", "[api][wire][regression]") {
  // cpp-httplib applied Range to every answer: GET /licensees with Range: bytes=0-3 came back
  // 200 with four bytes of JSON.
  TestServer s(with_default_fixtures());
  auto raw = raw_exchange(
      s.port(),
      "GET /licensees HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n");
  CHECK(raw_status(raw) == 200);
  CHECK_THAT(raw, !Contains("Content-Range"));
  const Json list = Json::parse(raw_body(raw));
  CHECK(list.is_array());
  CHECK(list.size() == 5);
}
