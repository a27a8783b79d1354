// Fixtures as the API serves them: the default fixtures (their LICENSE_KEY consumer included)
// and a server started on a fixture file of its own.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;

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
  CHECK_THAT(assoc, IsEnvelope(400));
  CHECK(description_of(assoc) == msg::license_key_relation(key));
  auto grant =
      s.put_empty("/licensees/" + acme + "/license-containers/default/license-consumers/" + key);
  CHECK_THAT(grant, IsEnvelope(400));
  CHECK(list_ids(s, "/licensees/" + acme + "/license-consumers").size() == 3);

  // Its name is its key; it takes no identity and switches to no other type.
  const std::string K = "/license-consumers/" + key;
  const Json was = body_of(k);
  auto renamed = s.put_json(K, {{"name", "OTHER-KEY"}});
  CHECK_THAT(renamed, IsEnvelope(400));
  CHECK(description_of(renamed) == "name " + msg::license_key_name_fixed());
  auto identity = s.put_json(K, {{"name", was["name"]}, {"connectedIdentityId", "oidc|x"}});
  CHECK_THAT(identity, IsEnvelope(400));
  CHECK(description_of(identity) == "connectedIdentityId " + msg::license_key_no_identity());
  auto person = s.put_json(K, {{"name", was["name"]}, {"type", "PERSON"}});
  CHECK_THAT(person, IsEnvelope(400));
  CHECK(description_of(person) == "type " + msg::no_switch_license_key("LICENSE_KEY", "PERSON"));
  CHECK(body_of(s.get(K)) == was);
  auto described = s.put_json(K, {{"name", was["name"]}, {"description", "moved offline"}});
  REQUIRE(described->status == 200);
  CHECK(body_of(described)["type"] == "LICENSE_KEY");
  CHECK(body_of(described)["description"] == "moved offline");
  // And a PERSON consumer cannot become one.
  const std::string ada = "/license-consumers/6513270e-269e-4d37-b2a7-4de452e6b438";
  auto to_key = s.put_json(ada, {{"name", "Ada"}, {"type", "LICENSE_KEY"}});
  CHECK_THAT(to_key, IsEnvelope(400));
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
