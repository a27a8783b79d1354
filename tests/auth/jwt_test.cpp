// The JWT parser and verifier in-process: base64url, RS256 signatures, each refusal with its
// description, the leeway at its edges, issuers, permissions with wildcards, the development key.

#include "auth/jwt.hpp"

#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "app/app.hpp"
#include "app/dev_key.hpp"
#include "domain/clock.hpp"
#include "domain/time.hpp"
#include "support/test_keys.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scale::wire::Json;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;  // seconds: a fixed "now" for these tests
constexpr std::int64_t kNowMs = kNow * 1000;

Json payload_at(std::int64_t now) {
  Json p = valid_payload();
  p["iat"] = now;
  p["exp"] = now + 3600;
  return p;
}

jwt::CheckOptions verifying(const std::string& kid, const jwt::RsaKey& key,
                            std::optional<std::string> issuer = std::nullopt) {
  jwt::CheckOptions o;
  o.verify_signature = true;
  o.keys.insert_or_assign(kid, jwt::TrustedKey{key, std::move(issuer)});
  return o;
}

std::string refusal(const std::string& token, const jwt::CheckOptions& o,
                    std::int64_t now_ms = kNowMs) {
  auto checked = jwt::check(token, o, now_ms);
  if (checked) return "(accepted)";
  return checked.refusal;
}

}  // namespace

TEST_CASE("base64url round-trips every byte without padding and refuses other alphabets", "[jwt]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= 5; ++n) {
    const std::string bytes = all.substr(250 - n * 40, n * 7);
    const std::string text = jwt::base64url_encode(bytes);
    CHECK(text.find_first_of("+/=") == std::string::npos);
    REQUIRE(jwt::base64url_decode(text).has_value());
    CHECK(*jwt::base64url_decode(text) == bytes);
  }
  CHECK(jwt::base64url_encode("\xfb\xff") == "-_8");
  CHECK(*jwt::base64url_decode("-_8") == "\xfb\xff");
  CHECK_FALSE(jwt::base64url_decode("+/8").has_value());
  CHECK_FALSE(jwt::base64url_decode("-_8=").has_value());
  CHECK_FALSE(jwt::base64url_decode("abcde").has_value());
  CHECK_FALSE(jwt::base64url_decode("ab c").has_value());
}

TEST_CASE("a token signed with RS256 verifies with its key and yields its claims", "[jwt]") {
  const std::string token = make_token(test_key(), valid_header("k1"), payload_at(kNow));
  auto checked = jwt::check(token, verifying("k1", test_key()), kNowMs);
  REQUIRE(checked);
  CHECK(checked.claims->kid == "k1");
  CHECK(checked.claims->sub == "test-client");
  CHECK(checked.claims->iss == "test-issuer");
  CHECK(checked.claims->permissions == std::vector<std::string>{"*.*"});
  CHECK(checked.claims->exp == static_cast<double>(kNow + 3600));
  CHECK(checked.claims->jti == "6f1c1f4e-2a57-4d5e-9a8b-1c2d3e4f5a6b");
}

TEST_CASE("a permissions claim that is one string yields that one permission", "[jwt]") {
  Json p = payload_at(kNow);
  p["permissions"] = "*.*";  // what the official Python SDK sends by default
  const std::string token = make_token(test_key(), valid_header("k1"), p);
  for (const auto& options : {jwt::CheckOptions{}, verifying("k1", test_key())}) {
    auto checked = jwt::check(token, options, kNowMs);
    REQUIRE(checked);
    CHECK(checked.claims->permissions == std::vector<std::string>{"*.*"});
  }
  p["permissions"] = "Licensee.read";
  auto one = jwt::check(make_token(test_key(), valid_header("k1"), p), {}, kNowMs);
  REQUIRE(one);
  CHECK(one.claims->permissions == std::vector<std::string>{"Licensee.read"});
  for (const Json& wrong : {Json(5), Json(nullptr), Json::object(), Json::array({"*.*", 1})}) {
    INFO(wrong.dump());
    p["permissions"] = wrong;
    CHECK(refusal(make_token(test_key(), valid_header("k1"), p), {}) ==
          "the token's 'permissions' claim is not a string or an array of strings");
  }
}

TEST_CASE("claims mode does not check the signature, verify mode does", "[jwt]") {
  const std::string token = make_token(other_key(), valid_header("k1"), payload_at(kNow));
  CHECK(refusal(token, jwt::CheckOptions{}) == "(accepted)");
  CHECK(refusal(token, verifying("k1", test_key())) ==
        "the token's signature does not verify with the key 'k1'");
  CHECK(refusal(token, verifying("k2", test_key())) == "the token's kid 'k1' is not a known key");
}

TEST_CASE("a tampered payload no longer verifies", "[jwt]") {
  const std::string token = make_token(test_key(), valid_header("k1"), payload_at(kNow));
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  Json p = payload_at(kNow);
  p["permissions"] = {"*.*", "Extra.power"};
  const std::string tampered =
      token.substr(0, dot1 + 1) + jwt::base64url_encode(p.dump()) + token.substr(dot2);
  CHECK(refusal(tampered, jwt::CheckOptions{}) == "(accepted)");
  CHECK(refusal(tampered, verifying("k1", test_key())) ==
        "the token's signature does not verify with the key 'k1'");
}

TEST_CASE("exp, nbf and iat are judged with 60 seconds of leeway", "[jwt]") {
  const jwt::CheckOptions o;
  auto with = [](const char* claim, std::int64_t value) {
    Json p = payload_at(kNow);
    p[claim] = value;
    return make_token(test_key(), valid_header("k1"), p);
  };
  auto at = [](std::int64_t s) { return scale::domain::format_timestamp(s * 1000); };
  CHECK(refusal(with("exp", kNow - 60), o) == "(accepted)");
  CHECK(refusal(with("exp", kNow - 61), o) == "the token expired at " + at(kNow - 61) + " (exp " +
                                                  std::to_string(kNow - 61) +
                                                  "), more than 60 s ago");
  CHECK(refusal(with("nbf", kNow + 60), o) == "(accepted)");
  CHECK(refusal(with("nbf", kNow + 61), o) ==
        "the token is not yet valid: not before " + at(kNow + 61) + " (nbf " +
            std::to_string(kNow + 61) + "), more than 60 s from now");
  CHECK(refusal(with("iat", kNow + 60), o) == "(accepted)");
  CHECK(refusal(with("iat", kNow + 61), o) ==
        "the token is not yet valid: issued at " + at(kNow + 61) + " (iat " +
            std::to_string(kNow + 61) + "), more than 60 s from now");
  // Fractions are numbers too.
  Json p = payload_at(kNow);
  p["exp"] = static_cast<double>(kNow) + 0.5;
  CHECK(refusal(make_token(test_key(), valid_header("k1"), p), o) == "(accepted)");
}

TEST_CASE("a key's configured issuer must match iss", "[jwt]") {
  const std::string token = make_token(test_key(), valid_header("k1"), payload_at(kNow));
  CHECK(refusal(token, verifying("k1", test_key(), "test-issuer")) == "(accepted)");
  CHECK(refusal(token, verifying("k1", test_key(), "https://other.example")) ==
        "the token's iss 'test-issuer' is not 'https://other.example', the issuer configured for "
        "the key 'k1'");
}

TEST_CASE("the form, header and claims are refused with what failed", "[jwt]") {
  const jwt::CheckOptions o;
  CHECK(refusal("", o) ==
        "the token is not a JWT: it must be three base64url parts separated by dots");
  CHECK(refusal("a.b", o) ==
        "the token is not a JWT: it must be three base64url parts separated by dots");
  CHECK(refusal("a.b.c.d", o) ==
        "the token is not a JWT: it must be three base64url parts separated by dots");
  CHECK(refusal("!!.b.c", o) ==
        "the token is not a JWT: its header is not a base64url-encoded JSON object");
  const std::string header = jwt::base64url_encode(valid_header("k1").dump());
  // A NUL byte after the JSON is not the end of it.
  CHECK(refusal(jwt::base64url_encode(valid_header("k1").dump() + '\0' + "x") + "." +
                    jwt::base64url_encode(payload_at(kNow).dump()) + ".c2ln",
                o) == "the token is not a JWT: its header is not a base64url-encoded JSON object");
  CHECK(refusal(header + "." + jwt::base64url_encode(payload_at(kNow).dump() + '\0') + ".c2ln",
                o) == "the token is not a JWT: its payload is not a base64url-encoded JSON object");
  CHECK(refusal(header + "." + jwt::base64url_encode("[1]") + ".c2ln", o) ==
        "the token is not a JWT: its payload is not a base64url-encoded JSON object");
  CHECK(refusal(header + "." + jwt::base64url_encode(payload_at(kNow).dump()) + ".", o) ==
        "the token is not a JWT: its signature is not a non-empty base64url value");

  Json h = valid_header("k1");
  h.erase("kid");
  CHECK(refusal(make_token(test_key(), h, payload_at(kNow)), o) == "the token's header has no kid");
  h["kid"] = 7;
  CHECK(refusal(make_token(test_key(), h, payload_at(kNow)), o) ==
        "the token's header kid is not a string");
  h = valid_header("k1");
  h.erase("alg");
  CHECK(refusal(make_token(test_key(), h, payload_at(kNow)), o) ==
        "the token's header has no alg (only RS256 is accepted)");
  h["alg"] = "RS512";
  CHECK(refusal(make_token(test_key(), h, payload_at(kNow)), o) ==
        "the token's alg 'RS512' is not RS256 (only RS256 is accepted)");

  for (const char* claim : {"sub", "iss", "permissions", "iat", "exp"}) {
    INFO(claim);
    Json p = payload_at(kNow);
    p.erase(claim);
    CHECK(refusal(make_token(test_key(), valid_header("k1"), p), o) ==
          std::string("the token has no '") + claim + "' claim");
  }
  Json p = payload_at(kNow);
  p.erase("jti");
  CHECK(refusal(make_token(test_key(), valid_header("k1"), p), o) == "(accepted)");
}

TEST_CASE("permissions match Resource.action with * for either part", "[jwt]") {
  CHECK(jwt::permits({"Licensee.read"}, "Licensee.read"));
  CHECK_FALSE(jwt::permits({"Licensee.read"}, "Licensee.create"));
  CHECK_FALSE(jwt::permits({"licensee.read"}, "Licensee.read"));
  CHECK(jwt::permits({"*.*"}, "LicenseContainer.delete"));
  CHECK(jwt::permits({"Licensee.*"}, "Licensee.delete"));
  CHECK_FALSE(jwt::permits({"Licensee.*"}, "LicenseConsumer.delete"));
  CHECK(jwt::permits({"*.read"}, "LicenseConsumer.read"));
  CHECK_FALSE(jwt::permits({"*.read"}, "LicenseConsumer.update"));
  CHECK_FALSE(jwt::permits({"*"}, "Licensee.read"));
  CHECK_FALSE(jwt::permits({}, "Licensee.read"));
  CHECK(jwt::permits({"Other.thing", "LicenseConsumer.create"}, "LicenseConsumer.create"));
}

TEST_CASE("keys must be PEM RSA public keys", "[jwt]") {
  std::string error;
  auto key = jwt::RsaKey::public_from_pem(test_key().public_pem(), error);
  REQUIRE(key);
  CHECK(key->bits() == 2048);
  CHECK_FALSE(jwt::RsaKey::public_from_pem("not a key", error));
  CHECK_THAT(
      error,
      StartsWith("not a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE)"));
  CHECK_FALSE(jwt::RsaKey::public_from_file("/nonexistent/key.pem", error));
  CHECK(error == "cannot read /nonexistent/key.pem");

  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  REQUIRE(ec != nullptr);
  // adopt() does not check the type; read it back through PEM, which does.
  const std::string ec_pem = jwt::RsaKey::adopt(ec).public_pem();
  CHECK_FALSE(jwt::RsaKey::public_from_pem(ec_pem, error));
  CHECK(error == "the key is not an RSA key (it is id-ecPublicKey)");
  // A public key cannot sign.
  CHECK_FALSE(key->sign_rs256("data").has_value());
}

TEST_CASE("scale-mock token signs with the embedded development key, which verifies it",
          "[jwt][token]") {
  std::string error;
  auto dev_public = jwt::RsaKey::public_from_pem(scale::app::dev_public_key_pem(), error);
  REQUIRE(dev_public);
  CHECK(dev_public->bits() >= 2048);
  scale::domain::ManualClock clock(kNowMs);
  scale::app::Config::TokenCommand command;
  command.permissions = {"Licensee.read", "LicenseConsumer.*"};
  command.ttl_seconds = 120;
  const std::string token = scale::app::print_token(command, clock);
  auto checked = jwt::check(token, verifying(scale::app::kDevKid, *dev_public), kNowMs);
  REQUIRE(checked);
  CHECK(checked.claims->sub == "scale-mock-dev");
  CHECK(checked.claims->iss == "scale-mock");
  CHECK(checked.claims->permissions == command.permissions);
  CHECK(checked.claims->iat == static_cast<double>(kNow));
  CHECK(checked.claims->exp == static_cast<double>(kNow + 120));
  REQUIRE(checked.claims->jti.has_value());
  CHECK(checked.claims->jti->size() == 36);
  CHECK_FALSE(jwt::check(token, verifying(scale::app::kDevKid, *dev_public), (kNow + 181) * 1000));
}
