// Authorization over real HTTP (contract section 2): claims and verify modes with tokens made
// at test time, each refusal's status, envelope, WWW-Authenticate and exact description; the
// order of auth before routing and the body limit; --enforce-permissions; /__admin without a
// token; development tokens from POST /__admin/token; keys that refuse to start.

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/dev_key.hpp"
#include "domain/time.hpp"
#include "support/matchers.hpp"
#include "support/test_keys.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kKid = "test-key";

// A server in `mode` trusting the test key under kKid (and the development key).
class AuthServer {
 public:
  explicit AuthServer(const std::string& mode, bool enforce = false, bool no_dev_key = false)
      : pem_(test_key().public_pem()), server_(options(mode, enforce, no_dev_key)) {}
  TestServer& operator*() { return server_; }
  TestServer* operator->() { return &server_; }

 private:
  TestServerOptions options(const std::string& mode, bool enforce, bool no_dev_key) {
    TestServerOptions o = with_auth(mode);
    o.enforce_permissions = enforce;
    o.no_dev_key = no_dev_key;
    o.jwt_keys = {{kKid, pem_.path()}};
    return o;
  }
  TempFile pem_;
  TestServer server_;
};

httplib::Headers auth(const std::string& value) {
  return {{"Authorization", value}};
}

httplib::Result get_as(TestServer& s, const std::string& path, const std::string& authorization) {
  return checked(s.client().Get(path.c_str(), auth(authorization)));
}

httplib::Result post_as(TestServer& s, const std::string& path, const Json& body,
                        const std::string& authorization) {
  return checked(
      s.client().Post(path.c_str(), auth(authorization), body.dump(), "application/json"));
}

std::string token_with(const Json& header, const Json& payload,
                       const jwt::RsaKey& key = test_key()) {
  return make_token(key, header, payload);
}

std::string valid_token(const Json& permissions = {"*.*"}) {
  Json p = valid_payload();
  p["permissions"] = permissions;
  return make_token(test_key(), valid_header(kKid), p);
}

// The 401 checks every refusal must pass.
void require_401(const httplib::Result& r, const std::string& description) {
  INFO(r->body);
  CHECK_THAT(r, IsEnvelope(401));
  CHECK(r->get_header_value("WWW-Authenticate") == "ScaleJwt");
  CHECK(description_of(r) == description);
}

std::string at(std::int64_t seconds) {
  return scale::domain::format_timestamp(seconds * 1000);
}

std::string dev_token(TestServer& s, const Json& body = Json::object()) {
  auto r = s.post_json("/__admin/token", body);
  REQUIRE(r->status == 200);
  return body_of(r).at("token").get<std::string>();
}

}  // namespace

TEST_CASE("verify mode accepts a valid token under ScaleJwt or Bearer, in any letter case",
          "[auth]") {
  AuthServer s("verify");
  const std::string token = valid_token();
  for (const char* scheme : {"ScaleJwt", "Bearer", "scalejwt", "SCALEJWT", "bearer", "BeArEr"}) {
    INFO(scheme);
    auto r = get_as(*s, "/licensees", std::string(scheme) + " " + token);
    CHECK(r->status == 200);
  }
  CHECK(post_as(*s, kSetupOrg, Json{{"name", "Acme"}}, "ScaleJwt " + token)->status == 201);
}

TEST_CASE("every refused token gets 401 with WWW-Authenticate and what failed", "[auth]") {
  AuthServer s("verify");
  const auto now = now_seconds();
  struct Case {
    std::string name;
    std::string authorization;  // empty: no header
    std::string description;
  };
  Json no_kid = valid_header(kKid);
  no_kid.erase("kid");
  Json hs256 = valid_header(kKid);
  hs256["alg"] = "HS256";
  Json none = valid_header(kKid);
  none["alg"] = "none";
  const std::string good = valid_token();
  const std::string tampered = [&] {
    Json p = valid_payload();
    p["sub"] = "someone-else";
    const auto dot1 = good.find('.');
    const auto dot2 = good.find('.', dot1 + 1);
    return good.substr(0, dot1 + 1) + jwt::base64url_encode(p.dump()) + good.substr(dot2);
  }();
  const std::string none_token = jwt::base64url_encode(none.dump()) + "." +
                                 jwt::base64url_encode(valid_payload().dump()) + ".";
  std::vector<Case> cases = {
      {"no header", "", "no Authorization header: send 'Authorization: ScaleJwt <jwt>'"},
      {"wrong scheme", "Basic dXNlcjpwYXNz",
       "the Authorization scheme 'Basic' is not ScaleJwt or Bearer: send 'Authorization: ScaleJwt "
       "<jwt>'"},
      {"no scheme", good,
       "the Authorization header has no scheme: send 'Authorization: ScaleJwt <jwt>'"},
      {"no token", "ScaleJwt",
       "the token is not a JWT: the Authorization header has no token after ScaleJwt"},
      {"garbage", "ScaleJwt garbage",
       "the token is not a JWT: it must be three base64url parts separated by dots"},
      {"garbage parts", "ScaleJwt abc.def.ghi",
       "the token is not a JWT: its header is not a base64url-encoded JSON object"},
      {"HS256", "ScaleJwt " + token_with(hs256, valid_payload()),
       "the token's alg 'HS256' is not RS256 (only RS256 is accepted)"},
      {"alg none", "ScaleJwt " + none_token,
       "the token's alg 'none' is not RS256 (only RS256 is accepted)"},
      {"no kid", "ScaleJwt " + token_with(no_kid, valid_payload()),
       "the token's header has no kid"},
      {"unknown kid", "ScaleJwt " + token_with(valid_header("nobody"), valid_payload()),
       "the token's kid 'nobody' is not a known key"},
      {"wrong key", "ScaleJwt " + token_with(valid_header(kKid), valid_payload(), other_key()),
       "the token's signature does not verify with the key 'test-key'"},
      {"tampered payload", "ScaleJwt " + tampered,
       "the token's signature does not verify with the key 'test-key'"},
  };
  for (const char* claim : {"sub", "iss", "permissions", "iat", "exp"}) {
    Json p = valid_payload();
    p.erase(claim);
    cases.push_back({std::string("missing ") + claim,
                     "ScaleJwt " + token_with(valid_header(kKid), p),
                     std::string("the token has no '") + claim + "' claim"});
  }
  const std::vector<std::tuple<const char*, Json, const char*>> wrong_types = {
      {"sub", 5, "a string"},
      {"iss", nullptr, "a string"},
      {"permissions", 5, "a string or an array of strings"},
      {"permissions", nullptr, "a string or an array of strings"},
      {"permissions", Json::array({"*.*", 1}), "a string or an array of strings"},
      {"iat", "2026-01-01", "a number"},
      {"exp", true, "a number"},
      {"jti", 42, "a string"},
      {"nbf", "soon", "a number"},
  };
  for (const auto& [claim, value, what] : wrong_types) {
    Json p = valid_payload();
    p[claim] = value;
    cases.push_back({std::string("wrong type ") + claim + " " + value.dump(),
                     "ScaleJwt " + token_with(valid_header(kKid), p),
                     std::string("the token's '") + claim + "' claim is not " + what});
  }
  {
    Json p = valid_payload();
    p["iat"] = now - 7200;
    p["exp"] = now - 3600;
    cases.push_back({"expired", "ScaleJwt " + token_with(valid_header(kKid), p),
                     "the token expired at " + at(now - 3600) + " (exp " +
                         std::to_string(now - 3600) + "), more than 60 s ago"});
  }
  {
    Json p = valid_payload();
    p["nbf"] = now + 3000;
    cases.push_back({"not yet valid (nbf)", "ScaleJwt " + token_with(valid_header(kKid), p),
                     "the token is not yet valid: not before " + at(now + 3000) + " (nbf " +
                         std::to_string(now + 3000) + "), more than 60 s from now"});
  }
  {
    Json p = valid_payload();
    p["iat"] = now + 3000;
    p["exp"] = now + 6000;
    cases.push_back({"not yet valid (iat)", "ScaleJwt " + token_with(valid_header(kKid), p),
                     "the token is not yet valid: issued at " + at(now + 3000) + " (iat " +
                         std::to_string(now + 3000) + "), more than 60 s from now"});
  }

  for (const auto& c : cases) {
    INFO(c.name);
    auto r =
        c.authorization.empty() ? s->get("/licensees") : get_as(*s, "/licensees", c.authorization);
    require_401(r, c.description);
  }
  // Nothing refused reached the store.
  CHECK(s->post_json(kSetupOrg, Json{{"name", "Acme"}})->status == 401);
  CHECK(get_as(*s, "/licensees", "ScaleJwt " + good)->get_header_value("X-Total-Count") == "0");
}

TEST_CASE("claims mode checks the form and claims but not the signature", "[auth]") {
  AuthServer s("claims");
  CHECK(get_as(*s, "/licensees",
               "ScaleJwt " + token_with(valid_header("anyone"), valid_payload(), other_key()))
            ->status == 200);
  require_401(s->get("/licensees"),
              "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
  Json p = valid_payload();
  p.erase("iss");
  require_401(get_as(*s, "/licensees", "Bearer " + token_with(valid_header("anyone"), p)),
              "the token has no 'iss' claim");
  Json hs256 = valid_header("anyone");
  hs256["alg"] = "HS256";
  require_401(get_as(*s, "/licensees", "Bearer " + token_with(hs256, valid_payload())),
              "the token's alg 'HS256' is not RS256 (only RS256 is accepted)");
}

TEST_CASE("off mode lets every request through", "[auth]") {
  TestServer s(with_auth("off"));
  CHECK(s.get("/licensees")->status == 200);
  CHECK(get_as(s, "/licensees", "Basic abc")->status == 200);
}

TEST_CASE("auth comes before the route's 404 and 405 and before the body limit", "[auth]") {
  TestServerOptions o = with_body_limit(64);
  o.auth = "claims";
  TestServer s(o);
  require_401(s.get("/no-such-route"),
              "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
  require_401(checked(s.client().Patch("/licensees", "{}", "application/json")),
              "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
  require_401(s.post_raw(kSetupOrg, std::string(1000, ' ')),
              "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
  const std::string bearer = "Bearer " + valid_token();
  CHECK(get_as(s, "/no-such-route", bearer)->status == 404);
  CHECK(checked(s.client().Patch("/licensees", auth(bearer), "{}", "application/json"))->status ==
        405);
  CHECK(
      checked(s.client().Post(kSetupOrg, auth(bearer), std::string(1000, ' '), "application/json"))
          ->status == 413);
}

TEST_CASE("the admin API needs no token in claims and verify modes", "[auth][admin]") {
  for (const char* mode : {"claims", "verify"}) {
    INFO(mode);
    AuthServer s(mode);
    CHECK(s->get("/__admin/health")->status == 200);
    CHECK(s->get("/__admin/requests")->status == 200);
    CHECK(s->get("/__admin/state")->status == 200);
    CHECK(s->post_json("/__admin/reset", Json{{"to", "empty"}})->status == 204);
    CHECK(s->get("/__admin/openapi.json")->status == 200);
  }
}

TEST_CASE("refused requests are journaled with the Authorization value masked", "[auth][admin]") {
  AuthServer s("verify");
  require_401(get_as(*s, "/licensees", "ScaleJwt not-a-token"),
              "the token is not a JWT: it must be three base64url parts separated by dots");
  auto entries = body_of(s->get("/__admin/requests")).at("requests");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].at("status") == 401);
  CHECK(entries[0].at("headers").at("Authorization") == "ScaleJwt ****");
}

TEST_CASE("POST /__admin/token gives development tokens that verify mode accepts",
          "[auth][admin]") {
  AuthServer s("verify");
  const std::string token = dev_token(*s);
  CHECK(get_as(*s, "/licensees", "ScaleJwt " + token)->status == 200);
  auto checked_token = jwt::check(token, jwt::CheckOptions{}, now_seconds() * 1000);
  REQUIRE(checked_token);
  CHECK(checked_token.claims->kid == scale::app::kDevKid);
  CHECK(checked_token.claims->sub == "scale-mock-dev");
  CHECK(checked_token.claims->iss == "scale-mock");
  CHECK(checked_token.claims->permissions == std::vector<std::string>{"*.*"});
  CHECK(checked_token.claims->exp - checked_token.claims->iat == 3600);

  auto custom = jwt::check(dev_token(*s, Json{{"sub", "ci"},
                                              {"iss", "me"},
                                              {"permissions", {"Licensee.read"}},
                                              {"ttlSeconds", 60}}),
                           jwt::CheckOptions{}, now_seconds() * 1000);
  REQUIRE(custom);
  CHECK(custom.claims->sub == "ci");
  CHECK(custom.claims->iss == "me");
  CHECK(custom.claims->permissions == std::vector<std::string>{"Licensee.read"});
  CHECK(custom.claims->exp - custom.claims->iat == 60);

  CHECK_THAT(s->post_json("/__admin/token", Json{{"permissions", "*.*"}}), IsEnvelope(400));
  CHECK_THAT(s->post_json("/__admin/token", Json{{"ttlSeconds", 0}}), IsEnvelope(400));
  CHECK_THAT(s->post_json("/__admin/token", Json{{"sub", 1}}), IsEnvelope(400));
}

TEST_CASE(
    "scale-mock --no-dev-key: no development tokens, and verify mode refuses the development kid",
    "[auth][admin]") {
  AuthServer s("verify", false, true);
  auto r = s->post_json("/__admin/token", Json::object());
  CHECK_THAT(r, IsEnvelope(404));
  CHECK_THAT(description_of(r), Contains("--no-dev-key"));
  std::string error;
  auto dev = jwt::RsaKey::private_from_pem(scale::app::dev_private_key_pem(), error);
  REQUIRE(dev);
  require_401(
      get_as(*s, "/licensees",
             "ScaleJwt " + token_with(valid_header(scale::app::kDevKid), valid_payload(), *dev)),
      "the token's kid 'scale-mock-dev' is not a known key");
  CHECK(get_as(*s, "/licensees", "ScaleJwt " + valid_token())->status == 200);
}

TEST_CASE("scale-mock --enforce-permissions answers 403 naming the permission the operation needs",
          "[auth][permissions]") {
  AuthServer s("verify", true);
  const std::string all = "ScaleJwt " + valid_token({"*.*"});
  auto org = body_of(post_as(*s, kSetupOrg, Json{{"name", "Acme"}}, all));
  const std::string id = org.at("id").get<std::string>();

  const std::string read_only = "ScaleJwt " + valid_token({"Licensee.read"});
  CHECK(get_as(*s, "/licensees", read_only)->status == 200);
  CHECK(get_as(*s, "/licensees/" + id, read_only)->status == 200);
  CHECK(checked(s->client().Head("/licensees", auth(read_only)))->status == 200);
  auto r = post_as(*s, kSetupOrg, Json{{"name", "Other"}}, read_only);
  CHECK_THAT(r, IsEnvelope(403));
  CHECK(description_of(r) ==
        "the token does not grant the permission Licensee.create needed for POST "
        "/licensees/actions/setup-organization");
  r = get_as(*s, "/license-consumers", read_only);
  CHECK_THAT(r, IsEnvelope(403));
  CHECK(description_of(r) ==
        "the token does not grant the permission LicenseConsumer.read needed for GET "
        "/license-consumers");
  r = get_as(*s, "/licensees/" + id + "/license-containers", read_only);
  CHECK(description_of(r) ==
        "the token does not grant the permission LicenseContainer.read needed for GET /licensees/" +
            id + "/license-containers");
  r = checked(s->client().Delete(("/licensees/" + id).c_str(), auth(read_only)));
  CHECK(description_of(r) ==
        "the token does not grant the permission Licensee.delete needed for DELETE /licensees/" +
            id);

  const std::string licensee_all = "ScaleJwt " + valid_token({"Licensee.*"});
  CHECK(post_as(*s, kSetupOrg, Json{{"name", "Beta"}}, licensee_all)->status == 201);
  CHECK(get_as(*s, "/license-consumers", licensee_all)->status == 403);

  const std::string any_read = "ScaleJwt " + valid_token({"*.read"});
  CHECK(get_as(*s, "/license-consumers", any_read)->status == 200);
  CHECK(get_as(*s, "/licensees/" + id + "/license-containers/default", any_read)->status == 200);
  CHECK(post_as(*s, "/license-consumers", Json{{"type", "DEVICE"}, {"name", "d"}}, any_read)
            ->status == 403);

  const std::string consumers =
      "ScaleJwt " + valid_token({"LicenseConsumer.create", "Licensee.update"});
  auto consumer = body_of(
      post_as(*s, "/license-consumers", Json{{"type", "DEVICE"}, {"name", "d"}}, consumers));
  const std::string cid = consumer.at("id").get<std::string>();
  CHECK(checked(s->client().Put(("/licensees/" + id + "/license-consumers/" + cid).c_str(),
                                auth(consumers), "", "application/json"))
            ->status == 204);
  r = checked(s->client().Put(
      ("/licensees/" + id + "/license-containers/default/license-consumers/" + cid).c_str(),
      auth(consumers), "", "application/json"));
  CHECK(
      description_of(r) ==
      "the token does not grant the permission LicenseContainer.update needed for PUT /licensees/" +
          id + "/license-containers/default/license-consumers/" + cid);

  const std::string nothing = "ScaleJwt " + valid_token(Json::array());
  CHECK(get_as(*s, "/licensees", nothing)->status == 403);
  // An unknown route has no permission to check: only the 401 checks apply, then the 404.
  CHECK(get_as(*s, "/no-such-route", nothing)->status == 404);
  require_401(s->get("/no-such-route"),
              "no Authorization header: send 'Authorization: ScaleJwt <jwt>'");
}

// The official Python SDK's ScaleJwt sends the permissions claim as the string "*.*" unless
// told otherwise (contract section 2).
TEST_CASE("a permissions claim that is one string is accepted in every auth mode",
          "[auth][permissions]") {
  const std::string sdk_default = "ScaleJwt " + valid_token("*.*");
  for (const char* mode : {"off", "claims", "verify"}) {
    INFO(mode);
    AuthServer s(mode);
    CHECK(get_as(*s, "/licensees", sdk_default)->status == 200);
    CHECK(post_as(*s, kSetupOrg, Json{{"name", "Acme"}}, sdk_default)->status == 201);
  }
}

TEST_CASE(
    "scale-mock --enforce-permissions treats a permissions string as a list of that one permission",
    "[auth][permissions]") {
  AuthServer s("verify", true);
  const std::string all = "ScaleJwt " + valid_token("*.*");
  CHECK(post_as(*s, kSetupOrg, Json{{"name", "Acme"}}, all)->status == 201);
  CHECK(get_as(*s, "/license-consumers", all)->status == 200);

  const std::string read_only = "ScaleJwt " + valid_token("Licensee.read");
  CHECK(get_as(*s, "/licensees", read_only)->status == 200);
  auto r = post_as(*s, kSetupOrg, Json{{"name", "Other"}}, read_only);
  CHECK_THAT(r, IsEnvelope(403));
  CHECK(description_of(r) ==
        "the token does not grant the permission Licensee.create needed for POST "
        "/licensees/actions/setup-organization");
  // One string is one permission, not a comma-separated list.
  const std::string two_in_one = "ScaleJwt " + valid_token("Licensee.read,Licensee.create");
  CHECK(get_as(*s, "/licensees", two_in_one)->status == 403);
  CHECK(get_as(*s, "/licensees", "ScaleJwt " + valid_token(""))->status == 403);
}

TEST_CASE("without --enforce-permissions a token with no permissions is enough",
          "[auth][permissions]") {
  AuthServer s("verify");
  CHECK(get_as(*s, "/licensees", "ScaleJwt " + valid_token(Json::array()))->status == 200);
}

TEST_CASE("keys under 2048 bits, unreadable or not keys refuse to start", "[auth][config]") {
  TempFile small(generate_rsa_key(1024).public_pem());
  TestServerOptions o = with_auth("verify");
  o.jwt_keys = {{"small", small.path()}};
  CHECK_THROWS_WITH(
      TestServer(o),
      Contains("--jwt-key small=" + small.path() +
               ": the key has 1024 bits; 10Duke Scale keys are RSA of at least 2048 bits"));
  o.jwt_keys = {{"gone", "/nonexistent/key.pem"}};
  CHECK_THROWS_WITH(
      TestServer(o),
      Contains("--jwt-key gone=/nonexistent/key.pem: cannot read /nonexistent/key.pem"));
  TempFile junk("not a key\n");
  o.jwt_keys = {{"junk", junk.path()}};
  CHECK_THROWS_WITH(TestServer(o), Contains("not a PEM public key"));
  o.jwt_keys = {};
  o.jwt_issuers = {{"nobody", "https://issuer.example"}};
  CHECK_THROWS_WITH(
      TestServer(o),
      Contains("--jwt-issuer nobody=https://issuer.example: no --jwt-key has the kid 'nobody'"));
}

TEST_CASE("scale-mock --jwt-issuer makes verify mode check iss for that key", "[auth]") {
  TempFile pem(test_key().public_pem());
  TestServerOptions o = with_auth("verify");
  o.jwt_keys = {{kKid, pem.path()}};
  o.jwt_issuers = {{kKid, "https://tenant.example"}};
  TestServer s(o);
  require_401(get_as(s, "/licensees", "ScaleJwt " + valid_token()),
              "the token's iss 'test-issuer' is not 'https://tenant.example', the issuer "
              "configured for the key 'test-key'");
  Json p = valid_payload();
  p["iss"] = "https://tenant.example";
  CHECK(get_as(s, "/licensees", "ScaleJwt " + token_with(valid_header(kKid), p))->status == 200);
}
