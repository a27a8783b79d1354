// Strict JSON (contract section 9): malformed JSON of every kind is 400, a repeated key's last
// value wins, and wrong JSON types are never coerced.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::StartsWith;

namespace {

// Bodies that are not one JSON value of strict RFC 8259 (or not an object).
const std::vector<std::string> kMalformed = {
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

// Where a field of the wrong JSON type is sent: kLicensee stands for the path of the licensee
// each test case creates.
constexpr const char* kLicensee = "{licensee}";

struct WrongType {
  std::string path;
  std::string field;
  Json body;
};

const std::vector<WrongType> kWrongTypes = {
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
    {std::string(kLicensee) + "/license-containers", "usedAsDefault", {{"usedAsDefault", "true"}}},
    {std::string(kLicensee) + "/license-containers", "usedAsDefault", {{"usedAsDefault", 1}}},
    {std::string(kLicensee) + "/license-containers", "usedAsDefault", {{"usedAsDefault", 0}}},
    {std::string(kLicensee) + "/license-containers", "usedAsDefault", {{"usedAsDefault", "false"}}},
    {std::string(kLicensee) + "/license-containers", "name", {{"name", 5}}},
    {"/license-consumers", "type", {{"type", 0}, {"name", "A"}}},
    {"/license-consumers",
     "displayLabel",
     {{"type", "DEVICE"}, {"name", "A"}, {"displayLabel", true}}},
    {"/license-consumers",
     "contactInfo",
     {{"type", "DEVICE"}, {"name", "A"}, {"contactInfo", Json::object()}}},
    {"/license-consumers", "naturalId", {{"type", "DEVICE"}, {"name", "A"}, {"naturalId", 9}}},
};

}  // namespace

TEST_CASE("malformed JSON of every kind is 400 and creates nothing", "[api][json]") {
  TestServer s;
  SECTION("malformed bodies") {
    const std::string body = GENERATE(from_range(kMalformed));
    INFO("body: " << body);
    auto r = s.post_raw(kSetupOrg, body);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK(s.total("/licensees") == 0);
  }

  SECTION("escaped control characters are valid JSON and kept") {
    auto escaped = s.post_raw(kSetupOrg, R"({"name":"A\u0001B\nC"})");
    REQUIRE(escaped);
    CHECK(escaped->status == 201);
    CHECK(body_of(escaped)["name"] ==
          "A\x01"
          "B\nC");
  }
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
  CHECK_THAT(bad, IsEnvelope(400));
  CHECK(s.total("/licensees/" + id_of(org) + "/license-containers") == 2);
}

TEST_CASE("wrong JSON types are never coerced", "[api][json]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);

  SECTION("POST bodies") {
    const WrongType c = GENERATE(from_range(kWrongTypes));
    const std::string path =
        c.path.rfind(kLicensee, 0) == 0 ? L + c.path.substr(std::string(kLicensee).size()) : c.path;
    INFO("POST " << path << " " << c.body.dump());
    auto r = s.post_json(path, c.body);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith(c.field + " "));
    CHECK(s.total("/licensees") == 1);
    CHECK(s.total(L + "/license-containers") == 1);
    CHECK(s.total("/license-consumers") == 0);
  }

  SECTION("PUT bodies, too; nothing changes") {
    const Json box = s.create_container(id_of(org), {{"name", "Side"}});
    auto put_box = s.put_json(L + "/license-containers/" + id_of(box), {{"usedAsDefault", "true"}});
    CHECK_THAT(put_box, IsEnvelope(400));
    CHECK_THAT(description_of(put_box), StartsWith("usedAsDefault "));
    auto now_box = body_of(s.get(L + "/license-containers/" + id_of(box)));
    CHECK(now_box["usedAsDefault"] == false);
    CHECK(now_box["name"] == "Side");

    auto put_lic = s.put_json(L, {{"name", "Acme"}, {"naturalId", 5}});
    CHECK_THAT(put_lic, IsEnvelope(400));
    CHECK_THAT(description_of(put_lic), StartsWith("naturalId "));
    CHECK(body_of(s.get(L)) == org);
  }
}
