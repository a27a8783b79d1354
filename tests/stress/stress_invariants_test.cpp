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
const char* kM1 = "88888888-8888-4888-8888-888888888888";
const char* kP1 = "99999999-9999-4999-8999-999999999999";
const char* kPC1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const char* kLic1 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const char* kLic2 = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const char* kK1 = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
const char* kLease1 = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
const char* kLease2 = "ffffffff-ffff-4fff-8fff-ffffffffffff";

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

Json lease(const char* id, int binding, int pre_alloc) {
  return {{"leaseId", id},
          {"clientBindingId", binding},
          {"licenseConsumerId", kC1},
          {"qtyPreAlloc", pre_alloc},
          {"verifiedQty", 1},
          {"validUntil", "2026-01-01T01:00:00.000Z"}};
}

// valid_state() with a catalogue (one model, one product with one configuration) and two
// licenses in L1's default container: a product license of 2 seats with both in use by leases,
// and a USE_COUNT feature license with the key KEY-1 (C2's name), 3 of 10 held and 7 consumed.
Json licensed_state() {
  Json s = valid_state();
  s["licenseModels"] = {{{"id", kM1}, {"name", "concurrent"}, {"created", kT}, {"modified", kT}}};
  s["products"] = {{{"id", kP1},
                    {"name", "atlas"},
                    {"created", kT},
                    {"modified", kT},
                    {"productConfigurations",
                     {{{"id", kPC1},
                       {"name", "atlas-pro"},
                       {"licenseModelId", kM1},
                       {"created", kT},
                       {"modified", kT}}}}}};
  Json seats = {{"id", kLic1},
                {"productConfigId", kPC1},
                {"productName", "atlas"},
                {"qty", 2},
                {"qtyDimension", "SEATS"},
                {"qtyEnforcementType", "ENFORCED"},
                {"validFrom", kT},
                {"validUntil", nullptr},
                {"licenseKey", nullptr},
                {"consumedQty", 0},
                {"created", kT},
                {"modified", kT},
                {"leases", {lease(kLease1, 1, 1), lease(kLease2, 2, 1)}}};
  Json uses = {
      {"id", kLic2},
      {"productName", "orbit"},
      {"qty", 10},
      {"qtyDimension", "USE_COUNT"},
      {"qtyEnforcementType", "ENFORCED"},
      {"validFrom", kT},
      {"validUntil", "2026-02-01T00:00:00.000Z"},
      {"licenseKey", {{"id", kK1}, {"licenseKey", "KEY-1"}, {"created", kT}, {"modified", kT}}},
      {"consumedQty", 7},
      {"created", kT},
      {"modified", kT},
      {"leases", {lease("12345678-1234-4234-8234-123456789abc", 3, 3)}}};
  s["licensees"][0]["licenseContainers"][0]["licenses"] = {seats, uses};
  return s;
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
  CHECK(all(licensed_state()) == "");
  CHECK(invariant_violations(licensed_state(), true).empty());
}

TEST_CASE("the stress invariants catch each broken rule of licenses, keys and leases",
          "[stress][invariants]") {
  Json s = licensed_state();
  auto& box = s["licensees"][0]["licenseContainers"][0];
  auto& seats = box["licenses"][0];
  auto& uses = box["licenses"][1];
  auto& key_consumer = s["licenseConsumers"][1];

  SECTION("a license id used by another record") {
    seats["id"] = kC1;
    CHECK_THAT(all(s), Contains("used twice"));
  }
  SECTION("a license that names another container") {
    seats["licenseContainerId"] = kB2;
    CHECK_THAT(all(s), Contains("is not its container"));
  }
  SECTION("a productConfigId that names no configuration") {
    seats["productConfigId"] = kP1;
    CHECK_THAT(all(s), Contains("names no configuration"));
  }
  SECTION("a product license of another product name") {
    seats["productName"] = "beacon";
    CHECK_THAT(all(s), Contains("is not its configuration's"));
  }
  SECTION("a configuration of a missing license model") {
    s["licenseModels"] = Json::array();
    CHECK_THAT(all(s), Contains("names no license model"));
  }
  SECTION("two products of one name") {
    Json other = s["products"][0];
    other["id"] = "12121212-1212-4212-8212-121212121212";
    other["productConfigurations"] = Json::array();
    s["products"].push_back(other);
    CHECK_THAT(all(s), Contains("share name"));
  }
  SECTION("over 1000 seats") {
    seats["qty"] = 1001;
    CHECK_THAT(all(s), Contains("qty 1001"));
  }
  SECTION("no quantity") {
    uses["qty"] = 0;
    CHECK_THAT(all(s), Contains("qty 0"));
  }
  SECTION("unlimited but ENFORCED") {
    uses["qty"] = -1;
    CHECK_THAT(all(s), Contains("unlimited qty but not METERED"));
  }
  SECTION("unlimited and METERED is fine") {
    uses["qty"] = -1;
    uses["qtyEnforcementType"] = "METERED";
    CHECK(all(s) == "");
  }
  SECTION("a negative consumedQty") {
    uses["consumedQty"] = -1;
    CHECK_THAT(all(s), Contains("consumedQty -1"));
  }
  SECTION("a key without its LICENSE_KEY consumer") {
    s["licenseConsumers"].erase(1);
    CHECK_THAT(all(s), Contains("no LICENSE_KEY consumer is named after its key"));
  }
  SECTION("a key consumer named after another key") {
    key_consumer["name"] = "KEY-2";
    CHECK_THAT(all(s), Contains("no LICENSE_KEY consumer is named after its key"));
  }
  SECTION("one key on two licenses") {
    seats["licenseKey"] = "KEY-1";
    CHECK_THAT(all(s), Contains("is also license"));
  }
  SECTION("two LICENSE_KEY consumers of one key") {
    Json twin = key_consumer;
    twin["id"] = kL2;
    twin["naturalId"] = "n4";
    s["licenseConsumers"].push_back(twin);
    CHECK_THAT(all(s), Contains("share the key"));
  }
  SECTION("a key consumer without its license, in a state made only by the API") {
    uses["licenseKey"] = nullptr;
    CHECK(all(s) == "");  // fixtures may hold one
    std::string found;
    for (const auto& v : invariant_violations(s, true)) found += v;
    CHECK_THAT(found, Contains("no license has its key"));
  }
  SECTION("a key consumer granted access") {
    box["licenseConsumerIds"].push_back(kC2);
    s["licensees"][0]["licenseConsumerIds"].push_back(kC2);
    CHECK_THAT(all(s), Contains("LICENSE_KEY consumer"));
  }
  SECTION("more seats leased than the license has") {
    seats["qty"] = 1;
    CHECK_THAT(all(s), Contains("leases hold 2 and 0 is consumed, of qty 1"));
  }
  SECTION("held and consumed use beyond the quantity") {
    uses["consumedQty"] = 8;
    CHECK_THAT(all(s), Contains("leases hold 3 and 8 is consumed, of qty 10"));
  }
  SECTION("a METERED license may be used past its quantity") {
    uses["consumedQty"] = 8;
    uses["qtyEnforcementType"] = "METERED";
    CHECK(all(s) == "");
  }
  SECTION("a SEATS lease holding more than one seat") {
    seats["qty"] = 5;
    seats["leases"][0]["qtyPreAlloc"] = 2;
    CHECK_THAT(all(s), Contains("a SEATS lease holding 2"));
  }
  SECTION("a lease id used twice") {
    uses["leases"][0]["leaseId"] = kLease1;
    CHECK_THAT(all(s), Contains("leaseId used twice"));
  }
  SECTION("a lease id that is not a UUID") {
    uses["leases"][0]["leaseId"] = "lease-1";
    CHECK_THAT(all(s), Contains("leaseId is not a lowercase UUID"));
  }
  SECTION("a client binding id used twice") {
    uses["leases"][0]["clientBindingId"] = 1;
    CHECK_THAT(all(s), Contains("clientBindingId 1 used twice"));
  }
  SECTION("a client binding id below 1") {
    uses["leases"][0]["clientBindingId"] = 0;
    CHECK_THAT(all(s), Contains("clientBindingId 0"));
  }
  SECTION("a lease of a missing consumer") {
    seats["leases"][0]["licenseConsumerId"] = kL1;
    CHECK_THAT(all(s), Contains("names no consumer"));
  }
  SECTION("a lease that outlives its license") {
    uses["leases"][0]["validUntil"] = "2026-03-01T00:00:00.000Z";
    CHECK_THAT(all(s), Contains("after its license"));
  }
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
