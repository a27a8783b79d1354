// The stress test's invariant checker, shown to catch each broken rule on a hand-made state
// document (so a green stress run means something).

#include "stress_invariants.hpp"

#include <catch2/catch.hpp>

#include "wire/codec.hpp"

using Catch::Matchers::Contains;
using scale::testing::stress::invariant_violations;
using scale::wire::Json;

namespace {

const char* kL1 = "11111111-1111-4111-8111-111111111111";
const char* kL2 = "22222222-2222-4222-8222-222222222222";
const char* kB1 = "33333333-3333-4333-8333-333333333333";
const char* kB2 = "44444444-4444-4444-8444-444444444444";
const char* kB3 = "55555555-5555-4555-8555-555555555555";
const char* kC1 = "66666666-6666-4666-8666-666666666666";
const char* kC2 = "77777777-7777-4777-8777-777777777777";
const char* kT = "2026-01-01T00:00:00.000Z";

Json box(const char* id, bool is_default, Json consumers = Json::array()) {
  return {{"id", id},
          {"name", is_default ? "default" : "other"},
          {"usedAsDefault", is_default},
          {"created", kT},
          {"modified", kT},
          {"licenseConsumerIds", std::move(consumers)}};
}

// Two licensees, two consumers: C1 associated with L1 and with access to its default, C2 a
// LICENSE_KEY consumer in no relation.
Json valid_state() {
  Json l1 = {{"id", kL1},
             {"type", "PERSON"},
             {"name", "Maria"},
             {"naturalId", "n1"},
             {"email", "maria@example.com"},
             {"externalReference", "r1"},
             {"created", kT},
             {"modified", kT},
             {"licenseContainers", Json::array({box(kB1, true, {kC1}), box(kB2, false)})},
             {"licenseConsumerIds", {kC1}}};
  Json l2 = {{"id", kL2},
             {"type", "ORGANIZATION"},
             {"name", "Acme"},
             {"naturalId", "n2"},
             {"email", nullptr},
             {"externalReference", nullptr},
             {"created", kT},
             {"modified", kT},
             {"licenseContainers", Json::array({box(kB3, true)})},
             {"licenseConsumerIds", Json::array()}};
  Json c1 = {{"id", kC1},
             {"type", "PERSON"},
             {"name", "Maria"},
             {"naturalId", "n1"},
             {"email", "maria@example.com"},
             {"externalReference", "r1"},
             {"connectedIdentityId", "oidc|maria"},
             {"created", kT},
             {"modified", kT}};
  Json c2 = {{"id", kC2},
             {"type", "LICENSE_KEY"},
             {"name", "KEY-1"},
             {"naturalId", "n3"},
             {"email", nullptr},
             {"externalReference", nullptr},
             {"connectedIdentityId", nullptr},
             {"created", kT},
             {"modified", kT}};
  return {{"licensees", {l1, l2}}, {"licenseConsumers", {c1, c2}}};
}

std::string all(const Json& state) {
  std::string out;
  for (const auto& v : invariant_violations(state)) out += v + "\n";
  return out;
}

}  // namespace

TEST_CASE("the stress invariants hold for a valid state", "[stress][invariants]") {
  CHECK(all(valid_state()) == "");
  CHECK(all(Json{{"licensees", Json::array()}, {"licenseConsumers", Json::array()}}) == "");
}

TEST_CASE("the stress invariants catch each broken rule", "[stress][invariants]") {
  Json s = valid_state();
  auto& l1 = s["licensees"][0];
  auto& l2 = s["licensees"][1];
  auto& c1 = s["licenseConsumers"][0];

  SECTION("not a state document") {
    CHECK_THAT(all(Json::array()), Contains("not a state"));
  }
  SECTION("two default containers") {
    l1["licenseContainers"][1]["usedAsDefault"] = true;
    CHECK_THAT(all(s), Contains("2 default containers"));
  }
  SECTION("no default container") {
    l2["licenseContainers"][0]["usedAsDefault"] = false;
    CHECK_THAT(all(s), Contains("0 default containers"));
  }
  SECTION("no container at all") {
    l2["licenseContainers"] = Json::array();
    CHECK_THAT(all(s), Contains("no license containers"));
  }
  SECTION("an email used twice, in another letter case") {
    l2["email"] = "MARIA@example.com";
    CHECK_THAT(all(s), Contains("share email"));
  }
  SECTION("a consumer email used twice") {
    s["licenseConsumers"][1]["email"] = "Maria@Example.com";
    CHECK_THAT(all(s), Contains("share email"));
  }
  SECTION("a naturalId used twice among licensees") {
    l2["naturalId"] = "n1";
    CHECK_THAT(all(s), Contains("share naturalId"));
  }
  SECTION("naturalIds in another letter case are different values") {
    l2["naturalId"] = "N1";
    CHECK(all(s) == "");
  }
  SECTION("an externalReference used twice") {
    s["licenseConsumers"][1]["externalReference"] = "r1";
    CHECK_THAT(all(s), Contains("share externalReference"));
  }
  SECTION("a connectedIdentityId used twice") {
    s["licenseConsumers"][1]["type"] = "PERSON";
    s["licenseConsumers"][1]["connectedIdentityId"] = "oidc|maria";
    CHECK_THAT(all(s), Contains("share connectedIdentityId"));
  }
  SECTION("an id used twice") {
    l2["licenseContainers"][0]["id"] = kB1;
    CHECK_THAT(all(s), Contains("used twice"));
  }
  SECTION("an id that is not a lowercase UUID") {
    l2["id"] = "22222222-2222-4222-8222-22222222222A";
    CHECK_THAT(all(s), Contains("not a lowercase UUID"));
  }
  SECTION("a relation to a missing consumer") {
    s["licenseConsumers"].erase(0);
    CHECK_THAT(all(s), Contains("does not exist"));
  }
  SECTION("a LICENSE_KEY consumer in a relation") {
    l2["licenseConsumerIds"].push_back(kC2);
    CHECK_THAT(all(s), Contains("LICENSE_KEY consumer"));
  }
  SECTION("access without association") {
    l1["licenseConsumerIds"] = Json::array();
    CHECK_THAT(all(s), Contains("not associated"));
  }
  SECTION("a consumer listed twice") {
    l1["licenseConsumerIds"].push_back(kC1);
    CHECK_THAT(all(s), Contains("listed twice"));
  }
  SECTION("a blank name") {
    c1["name"] = "  ";
    CHECK_THAT(all(s), Contains("blank"));
  }
  SECTION("created after modified") {
    l1["created"] = "2026-01-02T00:00:00.000Z";
    CHECK_THAT(all(s), Contains("is after modified"));
  }
  SECTION("a missing naturalId") {
    l1["naturalId"] = nullptr;
    CHECK_THAT(all(s), Contains("naturalId missing"));
  }
}
