// The JWT parser and verifier (jwt::check), in claims and verify mode. The first byte picks how
// the rest of the input becomes a token:
//   0: the rest is the token as sent;
//   1: the rest is "header JSON \x00 payload JSON", each part base64url-encoded here, with a
//      signature that does not verify (reaches the claim checks in claims mode);
//   2: as 1, but signed with the development key (reaches the claim checks in verify mode;
//      slower, so a quarter of the inputs at most).
// Beyond "no crash, no UB": base64url round-trips, every refusal says why, a token that passes
// claims mode carries the claims its payload has, and a token that passes verify mode passes
// claims mode too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/dev_key.hpp"
#include "auth/jwt.hpp"
#include "fuzz_support.hpp"

using namespace scale;
using namespace scale::auth;
using scale::wire::Json;

namespace {

constexpr std::int64_t kNowMs = fuzz::kNow;

const jwt::RsaKey& dev_key() {
  static const jwt::RsaKey key = [] {
    std::string error;
    auto k = jwt::RsaKey::private_from_pem(app::dev_private_key_pem(), error);
    if (!k) fuzz::broken("the development key does not load: " + error);
    return *k;
  }();
  return key;
}

const jwt::CheckOptions& claims_mode() {
  static const jwt::CheckOptions o;
  return o;
}

const jwt::CheckOptions& verify_mode() {
  static const jwt::CheckOptions o = [] {
    jwt::CheckOptions v;
    v.verify_signature = true;
    v.keys.emplace(app::kDevKid, jwt::TrustedKey{dev_key(), std::string("scale-mock")});
    return v;
  }();
  return o;
}

void check_both(std::string_view token) {
  const auto claims = jwt::check(token, claims_mode(), kNowMs);
  fuzz::require(claims || !claims.refusal.empty(), "a refusal without a reason");
  const auto verified = jwt::check(token, verify_mode(), kNowMs);
  fuzz::require(verified || !verified.refusal.empty(), "a refusal without a reason (verify)");
  if (verified)
    fuzz::require(bool(claims),
                  "verify mode passed a token claims mode refused: " + claims.refusal);
  if (claims) {
    // What passed says what the payload says.
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    auto payload = jwt::base64url_decode(token.substr(first + 1, second - first - 1));
    fuzz::require(payload.has_value(), "a passed token whose payload does not decode");
    const Json p = Json::parse(*payload);
    fuzz::require(p.at("sub") == claims.claims->sub && p.at("iss") == claims.claims->iss,
                  "the claims differ from the payload");
    fuzz::require(p.at("permissions").size() == claims.claims->permissions.size(),
                  "the permissions differ from the payload");
    for (const auto& perm : claims.claims->permissions) (void)jwt::permits({perm}, "Licensee.read");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  // base64url round-trips any bytes.
  const std::string encoded = jwt::base64url_encode(rest);
  auto decoded = jwt::base64url_decode(encoded);
  fuzz::require(decoded && *decoded == rest, "base64url does not round-trip");
  (void)jwt::base64url_decode(rest);

  const unsigned mode = data[0] % 4;
  if (mode == 0 || mode == 3) {
    check_both(rest);
    return 0;
  }
  const auto cut = rest.find('\0');
  if (cut == std::string_view::npos) return 0;
  const std::string signed_part = jwt::base64url_encode(rest.substr(0, cut)) + "." +
                                  jwt::base64url_encode(rest.substr(cut + 1));
  std::string signature = "c2lnbmF0dXJl";  // "signature"
  if (mode == 2) {
    auto sig = dev_key().sign_rs256(signed_part);
    fuzz::require(sig.has_value(), "the development key cannot sign");
    signature = jwt::base64url_encode(*sig);
  }
  check_both(signed_part + "." + signature);
  return 0;
}
