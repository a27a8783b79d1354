// The License Checkout API over real HTTP (contract section 11): who asks, checkout, heartbeat
// and release by key and by consumer, the license tokens and their signature, refusals, the
// clock recipe (take the last seat, advance the clock past the lease, check out again),
// --heartbeat-not-before, metered use, the describe calls and their paging headers, feature
// flags, the JWKS, /__admin/leases and leases in the state document, and auth.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/dev_key.hpp"
#include "auth/jwt.hpp"
#include "support/test_keys.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace jwt = scale::auth::jwt;

namespace {

constexpr const char* kKey = "KEY-0123456789abcdef";
constexpr const char* kOrbit = "a0000000-0000-4000-8000-000000000001";
constexpr const char* kStudio = "a0000000-0000-4000-8000-000000000004";
constexpr const char* kAlice = "20000000-0000-4000-8000-000000000001";
constexpr const char* kBob = "20000000-0000-4000-8000-000000000002";
constexpr const char* kAcme = "10000000-0000-4000-8000-000000000001";
constexpr std::int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr const char* kActions = "/licensing/actions/";

Json license(const char* id, const char* product, int qty, const char* dim,
             const char* enforcement) {
  return Json{{"id", id},
              {"productName", product},
              {"qty", qty},
              {"qtyDimension", dim},
              {"qtyEnforcementType", enforcement},
              {"validFrom", "2020-01-01T00:00:00Z"}};
}

// One licensee with: orbit (1 seat, by key only, features alpha and beta), meter (METERED
// USE_TIME, unlimited), count (ENFORCED USE_COUNT 10) and studio (2 seats, features a and b,
// versions 2 to 3), used by its consumers alice (connected identity "idp|alice") and bob.
Json catalogue() {
  Json orbit = license(kOrbit, "orbit", 1, "SEATS", "ENFORCED");
  orbit["licenseKey"] = kKey;
  orbit["features"] = {"alpha", "beta"};
  Json studio = license(kStudio, "studio", 2, "SEATS", "ENFORCED");
  studio["features"] = {"a", "b"};
  studio["allowedVersionLowerBound"] = "2";
  studio["allowedVersionUpperBound"] = "3";
  Json box{
      {"name", "default"},
      {"usedAsDefault", true},
      {"licenseConsumerIds", {kAlice, kBob}},
      {"licenses",
       {orbit, license("a0000000-0000-4000-8000-000000000002", "meter", -1, "USE_TIME", "METERED"),
        license("a0000000-0000-4000-8000-000000000003", "count", 10, "USE_COUNT", "ENFORCED"),
        studio}}};
  Json acme{
      {"id", kAcme}, {"name", "Acme"}, {"type", "ORGANIZATION"}, {"licenseContainers", {box}}};
  Json alice{{"id", kAlice},
             {"name", "alice"},
             {"type", "PERSON"},
             {"connectedIdentityId", "idp|alice"},
             {"licenseeIds", {kAcme}}};
  Json bob{{"id", kBob}, {"name", "bob"}, {"type", "PERSON"}, {"licenseeIds", {kAcme}}};
  return Json{{"licensees", {acme}}, {"licenseConsumers", {alice, bob}}};
}

void load(TestServer& s) {
  auto r = s.put_json("/__admin/state", catalogue());
  REQUIRE(r->status == 204);
}

// POST an array of items to an action, with extra headers.
httplib::Result post(TestServer& s, const std::string& action, const Json& items,
                     httplib::Headers headers = {}) {
  return checked(s.client().Post((s.base() + kActions + action).c_str(), headers, items.dump(),
                                 "application/json"));
}
httplib::Headers as(const char* consumer) {
  return {{"licenseConsumerId", consumer}};
}

// The payload of a license token, after checking its RS256 signature with the development
// licensing key and its header's kid against the JWKS.
Json claims_of(TestServer& s, const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  REQUIRE(second != std::string::npos);
  std::string error;
  auto key = jwt::RsaKey::private_from_pem(scale::app::dev_licensing_key_pem(), error);
  REQUIRE(key);
  auto signature = jwt::base64url_decode(token.substr(second + 1));
  REQUIRE(signature);
  CHECK(key->verify_rs256(token.substr(0, second), *signature));
  Json header = Json::parse(*jwt::base64url_decode(token.substr(0, first)));
  Json jwks = body_of(s.get("/licensing-signing-keys/.well-known/jwks.json"));
  CHECK(header["alg"] == "RS256");
  CHECK(header["kid"] == jwks["keys"][0]["kid"]);
  return Json::parse(*jwt::base64url_decode(token.substr(first + 1, second - first - 1)));
}

std::vector<Json> tokens(TestServer& s, const httplib::Result& r) {
  INFO(r->body);
  REQUIRE(r->status == 200);
  std::vector<Json> out;
  for (const auto& t : body_of(r)) out.push_back(claims_of(s, t.get<std::string>()));
  return out;
}

Json checkout_by_key(TestServer& s, const Json& items = Json::array({{{"productName", "orbit"}}})) {
  auto t = tokens(s, post(s, std::string("checkout/") + kKey, items));
  REQUIRE(t.size() == 1);
  return t[0];
}

}  // namespace

TEST_CASE("checkout: a seat by license key is a signed token with the contract's claims",
          "[checkout]") {
  TestServer s;
  load(s);
  auto r = post(s, std::string("checkout/") + kKey, Json::array({{{"productName", "orbit"}}}),
                {{"cliHwId", "hw-1"}, {"cliHostName", "box"}});
  auto t = tokens(s, r);
  REQUIRE(t.size() == 1);
  const Json& c = t[0];
  CHECK(c["status"] == "SUCCESS");
  CHECK(c["productName"] == "orbit");
  CHECK(c["features"] == "alpha,beta");
  CHECK(c["qty"] == 1);
  CHECK(c["qtyDimension"] == "SEATS");
  CHECK(c["licenseId"] == kOrbit);
  CHECK(c["leaseId"].is_string());
  CHECK_FALSE(c.contains("aud"));
  CHECK_FALSE(c.contains("oldLeaseId"));
  const std::int64_t now = now_seconds();
  CHECK(c["iat"].get<std::int64_t>() <= now);
  CHECK(c["iat"].get<std::int64_t>() >= now - 5);
  CHECK(c["nbf"] == c["iat"]);
  CHECK(c["exp"].get<std::int64_t>() == c["iat"].get<std::int64_t>() + 3600);
  CHECK(c["hbnbf"] == c["iat"]);
  // The lease keeps the cli* headers.
  Json leases = body_of(s.get("/__admin/leases"))["leases"];
  REQUIRE(leases.size() == 1);
  CHECK(leases[0]["leaseId"] == c["leaseId"]);
  CHECK(leases[0]["cliHwId"] == "hw-1");
  CHECK(leases[0]["cliHostName"] == "box");
  CHECK(leases[0]["licenseId"] == kOrbit);
}

TEST_CASE("checkout: items are answered in order; the last seat goes once, then is refused",
          "[checkout]") {
  TestServer s;
  load(s);
  auto t = tokens(s, post(s, std::string("checkout/") + kKey,
                          Json::array({{{"productName", "orbit"}},
                                       {{"productName", "orbit"}},
                                       {{"productName", "nothing"}}})));
  REQUIRE(t.size() == 3);
  CHECK(t[0]["status"] == "SUCCESS");
  CHECK(t[1]["status"] == "FAILED");
  CHECK_FALSE(t[1].contains("leaseId"));
  CHECK(t[1]["errorCode"] == "INSUFFICIENT_QUANTITY");
  CHECK(t[1]["productName"] == "orbit");
  CHECK(t[1]["errorDescription"].is_string());
  CHECK(t[2]["errorCode"] == "LICENSE_NOT_FOUND");
}

TEST_CASE("checkout: the clock recipe: take the last seat, advance past the lease, check out again",
          "[checkout][clock]") {
  TestServerOptions o = with_clock(kT0);
  o.lease_seconds = 600;
  TestServer s(o);
  load(s);
  auto live_leases = [&s] { return body_of(s.get("/__admin/health"))["counts"]["leases"]; };
  CHECK(live_leases() == 0);
  Json first = checkout_by_key(s);
  REQUIRE(first["status"] == "SUCCESS");
  CHECK(first["exp"].get<std::int64_t>() == first["iat"].get<std::int64_t>() + 600);
  CHECK(live_leases() == 1);
  CHECK(checkout_by_key(s)["errorCode"] == "INSUFFICIENT_QUANTITY");
  REQUIRE(s.post_json("/__admin/clock/advance", Json{{"seconds", 599}})->status == 200);
  CHECK(checkout_by_key(s)["errorCode"] == "INSUFFICIENT_QUANTITY");
  REQUIRE(s.post_json("/__admin/clock/advance", Json{{"seconds", 1}})->status == 200);
  CHECK(body_of(s.get("/__admin/leases"))["leases"].empty());
  // Health counts the leases live on the namespace's clock (contract section 11).
  CHECK(live_leases() == 0);
  Json again = checkout_by_key(s);
  CHECK(again["status"] == "SUCCESS");
  CHECK(again["leaseId"] != first["leaseId"]);
  // The ended lease cannot be heartbeated.
  auto hb = tokens(
      s, post(s, std::string("heartbeat/") + kKey, Json::array({{{"leaseId", first["leaseId"]}}})));
  CHECK(hb[0]["errorCode"] == "LEASE_NOT_FOUND");
}

TEST_CASE("checkout: moving the clock back does not revive an ended lease", "[checkout][clock]") {
  TestServerOptions o = with_clock(kT0);
  o.lease_seconds = 60;
  TestServer s(o);
  load(s);
  Json first = checkout_by_key(s);
  REQUIRE(s.post_json("/__admin/clock/advance", Json{{"seconds", 120}})->status == 200);
  REQUIRE(s.put_json("/__admin/clock", Json{{"now", "2026-01-01T00:00:00Z"}})->status == 200);
  CHECK(body_of(s.get("/__admin/leases"))["leases"].empty());
  CHECK(checkout_by_key(s)["status"] == "SUCCESS");
}

TEST_CASE("checkout: a heartbeat rotates the lease; release frees the seat", "[checkout]") {
  TestServer s;
  load(s);
  Json first = checkout_by_key(s);
  auto hb = tokens(
      s, post(s, std::string("heartbeat/") + kKey, Json::array({{{"leaseId", first["leaseId"]}}})));
  REQUIRE(hb.size() == 1);
  CHECK(hb[0]["status"] == "SUCCESS");
  CHECK(hb[0]["oldLeaseId"] == first["leaseId"]);
  CHECK(hb[0]["leaseId"] != first["leaseId"]);
  // The old lease id stops working.
  Json old = body_of(
      post(s, std::string("release/") + kKey, Json::array({{{"leaseId", first["leaseId"]}}})));
  CHECK(old[0]["released"] == false);
  CHECK(old[0]["errorCode"] == "LEASE_NOT_FOUND");
  Json rel = body_of(
      post(s, std::string("release/") + kKey, Json::array({{{"leaseId", hb[0]["leaseId"]}}})));
  REQUIRE(rel.size() == 1);
  CHECK(rel[0]["released"] == true);
  CHECK(rel[0]["releasedLeaseId"] == hb[0]["leaseId"]);
  CHECK(rel[0]["releasedLicenseId"] == kOrbit);
  CHECK(rel[0]["productName"] == "orbit");
  CHECK(rel[0]["qtyDimension"] == "SEATS");
  CHECK(rel[0]["remainingQty"] == 1);
  CHECK(rel[0]["errorCode"].is_null());
  CHECK(checkout_by_key(s)["status"] == "SUCCESS");
}

TEST_CASE("checkout: a heartbeat from other hardware is CLIENT_MISMATCH", "[checkout]") {
  TestServer s;
  load(s);
  auto t = tokens(s, post(s, std::string("checkout/") + kKey,
                          Json::array({{{"productName", "orbit"}}}), {{"cliHwId", "hw-1"}}));
  auto hb = tokens(s, post(s, std::string("heartbeat/") + kKey,
                           Json::array({{{"leaseId", t[0]["leaseId"]}}}), {{"cliHwId", "hw-2"}}));
  CHECK(hb[0]["errorCode"] == "CLIENT_MISMATCH");
}

TEST_CASE("checkout: --heartbeat-not-before gives hbnbf and answers an early heartbeat 429",
          "[checkout]") {
  TestServerOptions o = with_clock(kT0);
  o.heartbeat_not_before = 30;
  TestServer s(o);
  load(s);
  Json c = checkout_by_key(s);
  CHECK(c["hbnbf"].get<std::int64_t>() == c["iat"].get<std::int64_t>() + 30);
  auto early =
      post(s, std::string("heartbeat/") + kKey, Json::array({{{"leaseId", c["leaseId"]}}}));
  CHECK(early->status == 429);
  CHECK(body_of(early)["code"] == 429);
  REQUIRE(s.post_json("/__admin/clock/advance", Json{{"seconds", 30}})->status == 200);
  auto hb = tokens(
      s, post(s, std::string("heartbeat/") + kKey, Json::array({{{"leaseId", c["leaseId"]}}})));
  CHECK(hb[0]["status"] == "SUCCESS");
}

TEST_CASE("checkout: by consumer, use count is pre-allocated and refunded at release",
          "[checkout]") {
  TestServer s;
  load(s);
  auto t = tokens(
      s, post(s, "checkout",
              Json::array({{{"productName", "count"}, {"qtyDimension", "USE_COUNT"}, {"qty", 4}}}),
              as(kAlice)));
  REQUIRE(t[0]["status"] == "SUCCESS");
  CHECK(t[0]["qty"] == 4);
  CHECK(t[0]["licenseConsumerId"] == kAlice);
  // Another consumer cannot release it.
  Json other = body_of(post(s, "release", Json::array({{{"leaseId", t[0]["leaseId"]}}}), as(kBob)));
  CHECK(other[0]["errorCode"] == "LEASE_NOT_FOUND");
  Json rel =
      body_of(post(s, "release", Json::array({{{"leaseId", t[0]["leaseId"]}, {"finalUsedQty", 1}}}),
                   as(kAlice)));
  CHECK(rel[0]["released"] == true);
  CHECK(rel[0]["finalUsedQty"] == 1);
  CHECK(rel[0]["remainingQty"] == 9);
  CHECK(rel[0]["licenseConsumerId"] == kAlice);
  // A key's license is not the consumer's.
  auto k = tokens(s, post(s, "checkout", Json::array({{{"productName", "orbit"}}}), as(kAlice)));
  CHECK(k[0]["errorCode"] == "LICENSE_NOT_FOUND");
}

TEST_CASE("checkout: version bounds and licenseId choose the license", "[checkout]") {
  TestServer s;
  load(s);
  auto t = tokens(
      s, post(s, "checkout",
              Json::array(
                  {{{"productName", "studio"}},
                   {{"productName", "studio"}, {"clientVersion", "4"}},
                   {{"productName", "studio"}, {"clientVersion", "2.5"}},
                   {{"productName", "studio"}, {"clientVersion", "2.5"}, {"licenseId", kOrbit}}}),
              as(kBob)));
  CHECK(t[0]["errorCode"] == "VERSION_NOT_ALLOWED");
  CHECK(t[1]["errorCode"] == "VERSION_NOT_ALLOWED");
  CHECK(t[2]["status"] == "SUCCESS");
  CHECK(t[2]["features"] == "a,b");
  CHECK(t[3]["errorCode"] == "LICENSE_NOT_FOUND");
}

TEST_CASE("checkout: metered use over METERED licenses only", "[checkout]") {
  TestServer s;
  load(s);
  auto start = tokens(
      s, post(s, "start-metered-use",
              Json::array({{{"productName", "meter"}, {"qtyDimension", "USE_TIME"}, {"qty", 30}}}),
              as(kBob)));
  REQUIRE(start[0]["status"] == "SUCCESS");
  auto hb =
      tokens(s, post(s, "heartbeat-metered-use",
                     Json::array({{{"leaseId", start[0]["leaseId"]}, {"usedQty", 10}}}), as(kBob)));
  REQUIRE(hb[0]["status"] == "SUCCESS");
  // The enforced calls do not see a metered lease.
  Json wrong =
      body_of(post(s, "release", Json::array({{{"leaseId", hb[0]["leaseId"]}}}), as(kBob)));
  CHECK(wrong[0]["errorCode"] == "LEASE_NOT_FOUND");
  Json end =
      body_of(post(s, "end-metered-use",
                   Json::array({{{"leaseId", hb[0]["leaseId"]}, {"finalUsedQty", 12}}}), as(kBob)));
  CHECK(end[0]["released"] == true);
  CHECK(end[0]["finalUsedQty"] == 12);
  CHECK(end[0]["remainingQty"] == -1);
  auto enforced = tokens(
      s, post(s, "checkout",
              Json::array({{{"productName", "meter"}, {"qtyDimension", "USE_TIME"}}}), as(kBob)));
  CHECK(enforced[0]["errorCode"] == "LICENSE_NOT_FOUND");
}

TEST_CASE("checkout: request-level errors are 400 in the envelope, naming the field",
          "[checkout]") {
  TestServer s;
  load(s);
  const std::string by_key = s.base() + kActions + "checkout/" + kKey;
  struct Case {
    std::string body;
    std::string description;
  };
  for (const Case& c : std::vector<Case>{
           {"[", "the request body is not valid JSON"},
           {R"({"productName":"orbit"})", "the request body must be a JSON array of items"},
           {"[]", ""},
           {R"([{"productName":"orbit","qty":"1"}])", "/0/qty"},
           {R"([{"productName":"orbit"},{"qty":1}])", "/1/productName is required"},
           {R"([{"productName":"orbit","qtyDimension":"seats"}])", "/0/qtyDimension"},
           {R"([{"productName":"orbit","qty":0}])", "qty"},
           {R"([7])", "/0 must be an object"}}) {
    INFO(c.body);
    auto r = checked(s.client().Post(by_key.c_str(), c.body, "application/json"));
    CHECK(r->status == 400);
    Json e = body_of(r);
    CHECK(e["code"] == 400);
    CHECK_THAT(e["description"].get<std::string>(), Catch::Matchers::Contains(c.description));
  }
  Json many = Json::array();
  for (int i = 0; i < 101; ++i) many.push_back({{"productName", "orbit"}});
  CHECK(post(s, std::string("checkout/") + kKey, many)->status == 400);
  CHECK(checked(s.client().Post(by_key.c_str(), "[]", "text/plain"))->status == 415);
  // Who asks.
  auto none = post(s, "checkout", Json::array({{{"productName", "orbit"}}}));
  CHECK(none->status == 400);
  CHECK_THAT(body_of(none)["description"].get<std::string>(),
             Catch::Matchers::Contains("licenseConsumerId"));
  CHECK(post(s, "checkout", Json::array({{{"productName", "orbit"}}}), as("not-a-uuid"))->status ==
        400);
  CHECK(post(s, "checkout", Json::array({{{"productName", "orbit"}}}),
             as("30000000-0000-4000-8000-000000000009"))
            ->status == 404);
  CHECK(post(s, "checkout/short", Json::array({{{"productName", "orbit"}}}))->status == 400);
  CHECK(post(s, "checkout/KEY-unknown-0000000000", Json::array({{{"productName", "orbit"}}}))
            ->status == 404);
  CHECK(body_of(s.get("/__admin/leases"))["leases"].empty());
}

TEST_CASE("checkout: an IdToken names the consumer by connectedIdentityId", "[checkout][auth]") {
  TestServer s(with_auth("claims"));
  load(s);
  Json payload = valid_payload();
  payload.erase("permissions");
  payload["sub"] = "idp|alice";
  const std::string token = make_token(test_key(), valid_header("idp"), payload);
  auto t = tokens(
      s, post(s, "checkout", Json::array({{{"productName", "studio"}, {"clientVersion", "3"}}}),
              {{"Authorization", "IdToken " + token}}));
  CHECK(t[0]["licenseConsumerId"] == kAlice);
  payload["sub"] = "idp|nobody";
  const std::string stranger = make_token(test_key(), valid_header("idp"), payload);
  CHECK(post(s, "checkout", Json::array({{{"productName", "studio"}}}),
             {{"Authorization", "IdToken " + stranger}})
            ->status == 404);
}

TEST_CASE("checkout: auth: by consumer needs a token (License.checkout), by key none",
          "[checkout][auth]") {
  TestServerOptions o = with_auth("claims");
  o.enforce_permissions = true;
  TestServer s(o);
  load(s);
  const Json items = Json::array({{{"productName", "count"}, {"qtyDimension", "USE_COUNT"}}});
  CHECK(post(s, "checkout", items, as(kAlice))->status == 401);
  auto token_with = [](Json permissions) {
    Json payload = valid_payload();
    payload["permissions"] = std::move(permissions);
    return "ScaleJwt " + make_token(test_key(), valid_header("k"), payload);
  };
  httplib::Headers h = as(kAlice);
  h.emplace("Authorization", token_with(Json::array({"Licensee.read"})));
  CHECK(post(s, "checkout", items, h)->status == 403);
  httplib::Headers ok = as(kAlice);
  ok.emplace("Authorization", token_with("License.checkout"));
  CHECK(tokens(s, post(s, "checkout", items, ok))[0]["status"] == "SUCCESS");
  // No token with a key in the path, or in the describe call's query.
  CHECK(checkout_by_key(s)["status"] == "SUCCESS");
  auto d = s.get(std::string(kActions) + "describe-license-key?licenseKey=" + kKey);
  CHECK(d->status == 200);
  CHECK(s.get("/licensing-signing-keys/.well-known/jwks.json")->status == 200);
  CHECK(s.get(std::string(kActions) + "describe-as-feature-flags?licenseConsumerId=" + kAlice)
            ->status == 401);
}

TEST_CASE("checkout: the JWKS publishes the licensing key under a kid from its thumbprint",
          "[checkout]") {
  TestServer s;
  auto r = s.get("/licensing-signing-keys/.well-known/jwks.json");
  REQUIRE(r->status == 200);
  Json keys = body_of(r)["keys"];
  REQUIRE(keys.size() == 1);
  CHECK(keys[0]["kty"] == "RSA");
  CHECK(keys[0]["use"] == "sig");
  CHECK(keys[0]["alg"] == "RS256");
  CHECK(keys[0]["e"] == "AQAB");
  CHECK(keys[0]["n"].get<std::string>().size() == 342);  // 2048 bits in base64url
  CHECK(keys[0]["kid"].get<std::string>().rfind("scale-mock-lic-", 0) == 0);
}

TEST_CASE("checkout: --licensing-key signs with another key under its kid", "[checkout]") {
  TempFile pem(test_key().private_pem());
  TestServerOptions o;
  o.licensing_key = {{"my-kid", pem.path()}};
  TestServer s(o);
  load(s);
  Json jwks = body_of(s.get("/licensing-signing-keys/.well-known/jwks.json"));
  CHECK(jwks["keys"][0]["kid"] == "my-kid");
  CHECK(jwks["keys"][0]["n"] == test_key().public_jwk()["n"]);
  auto r = post(s, std::string("checkout/") + kKey, Json::array({{{"productName", "orbit"}}}));
  const std::string token = body_of(r)[0];
  const auto dot = token.rfind('.');
  CHECK(
      test_key().verify_rs256(token.substr(0, dot), *jwt::base64url_decode(token.substr(dot + 1))));
}

TEST_CASE("checkout: describe calls answer the SDK's shapes, paged by headers", "[checkout]") {
  TestServer s;
  load(s);
  const std::string base = kActions;
  auto lic = s.get(
      base + "describe-license-consumer-licenses?licenseeId=None&licenseConsumerId=" + kAlice);
  REQUIRE(lic->status == 200);
  Json licenses = body_of(lic)["licenses"];
  // Three licenses (orbit is the key's), the default limit is 5, newest first.
  CHECK(licenses.size() == 3);
  CHECK(lic->get_header_value("X-Total-Count") == "3");
  httplib::Headers paging{{"limit", "1"}, {"offset", "1"}, {"order-asc", "true"}};
  auto page = checked(s.client().Get(
      (base + "describe-license-consumer-licenses?licenseConsumerId=" + kAlice).c_str(), paging));
  REQUIRE(page->status == 200);
  REQUIRE(body_of(page)["licenses"].size() == 1);
  CHECK(body_of(page)["licenses"][0]["productName"] == "count");
  CHECK(
      checked(s.client().Get(
                  (base + "describe-license-consumer-licenses?licenseConsumerId=" + kAlice).c_str(),
                  httplib::Headers{{"limit", "x"}}))
          ->status == 400);
  auto meta =
      body_of(s.get(base + "describe-license-key?licenseKey=" + kKey + "&withMetadata=true"));
  REQUIRE(meta["licenses"].size() == 1);
  CHECK(meta["licenses"][0]["licenseMetadata"]["licenseContainer"]["name"] == "default");
  Json licensees =
      body_of(s.get(base + "describe-license-consumer-licensees?licenseConsumerId=" + kBob));
  REQUIRE(licensees.is_array());
  CHECK(licensees[0]["id"] == kAcme);
  CHECK(licensees[0]["name"] == "Acme");
  Json flags = body_of(
      s.get(base + "describe-as-feature-flags?licenseConsumerId=" + kBob + "&filterValue=STUDIO"));
  REQUIRE(flags["featureFlags"].size() == 1);
  CHECK(flags["featureFlags"][0] == Json{{"productName", "studio"}, {"features", {"a", "b"}}});
  auto jwt_r = s.get(base + "describe-as-feature-flags-jwt?licenseeId=" + std::string(kAcme) +
                     "&licenseConsumerId=" + kBob);
  REQUIRE(jwt_r->status == 200);
  Json ff = claims_of(s, jwt_r->body);
  CHECK(ff["featureFlags"]["studio"] == Json{"a", "b"});
  CHECK(ff["licenseeId"] == kAcme);
  CHECK(ff["licenseConsumerId"] == kBob);
  CHECK_FALSE(ff.contains("aud"));
}

TEST_CASE("checkout: client bindings describe live leases", "[checkout]") {
  TestServer s;
  load(s);
  auto t = tokens(
      s, post(s, "checkout", Json::array({{{"productName", "studio"}, {"clientVersion", "2"}}}),
              {{"licenseConsumerId", kBob}, {"cliHwId", "hw-9"}}));
  const std::string base = kActions;
  Json mine = body_of(s.get(base + "describe-license-consumer-client-bindings?licenseeId=" +
                            std::string(kAcme) + "&licenseConsumerId=" + kBob));
  CHECK(mine["allClientBindingsIncluded"] == true);
  REQUIRE(mine["clientBindings"].size() == 1);
  const Json& b = mine["clientBindings"][0];
  CHECK(b["id"].is_number_integer());
  CHECK(b["leaseId"] == t[0]["leaseId"]);
  CHECK(b["cliHwId"] == "hw-9");
  CHECK(b["licenseConsumer"]["type"] == "PERSON");
  CHECK(b["license"]["productName"] == "studio");
  Json found = body_of(s.get(base + "find-license-client-binding?clientBindingId=" +
                             std::to_string(b["id"].get<std::int64_t>())));
  REQUIRE(found["clientBindings"].size() == 1);
  CHECK(found["clientBindings"][0]["leaseId"] == t[0]["leaseId"]);
  Json of_license =
      body_of(s.get(base + "describe-license-client-bindings?licenseId=" + std::string(kStudio) +
                    "&licenseConsumerId=" + kBob));
  CHECK(of_license["clientBindings"].size() == 1);
  CHECK(s.get(base + "find-license-client-binding?clientBindingId=999")->status == 404);
}

TEST_CASE("checkout: /__admin/leases lists and ends leases; the state document keeps them",
          "[checkout]") {
  TestServer s;
  load(s);
  Json c = checkout_by_key(s);
  Json dump = body_of(s.get("/__admin/state"));
  Json lic = dump["licensees"][0]["licenseContainers"][0]["licenses"][0];
  REQUIRE(lic["id"] == kOrbit);
  REQUIRE(lic["leases"].size() == 1);
  CHECK(lic["leases"][0]["leaseId"] == c["leaseId"]);
  // Ending every lease frees the seat; loading the dump takes it again.
  CHECK(s.del("/__admin/leases")->status == 204);
  CHECK(body_of(s.get("/__admin/leases"))["leases"].empty());
  CHECK(checkout_by_key(s)["status"] == "SUCCESS");
  REQUIRE(s.put_json("/__admin/state", dump)->status == 204);
  Json leases = body_of(s.get("/__admin/leases"))["leases"];
  REQUIRE(leases.size() == 1);
  CHECK(leases[0]["leaseId"] == c["leaseId"]);
  CHECK(checkout_by_key(s)["errorCode"] == "INSUFFICIENT_QUANTITY");
  Json rel =
      body_of(post(s, std::string("release/") + kKey, Json::array({{{"leaseId", c["leaseId"]}}})));
  CHECK(rel[0]["released"] == true);
}
