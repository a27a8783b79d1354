#pragma once
// 10Duke Scale JWTs (contract section 2): compact JWS tokens signed with RS256, checked for
// form, header, claims and time, and optionally for their signature against RSA public keys
// chosen by `kid`. The cryptography and base64 are OpenSSL's (EVP API); the JSON is
// nlohmann-json. No OpenSSL type appears in this header.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/codec.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace scale::auth::jwt {

using wire::Json;
using wire::parse_json;

// base64url without padding (RFC 7515 section 2).
std::string base64url_encode(std::string_view bytes);
// Decodes base64url without padding; nullopt for any character outside the url-safe
// alphabet, for '=' padding, or for an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

// An RSA key: a public key to verify with, or a private key to sign with (which also
// verifies). Copies share the key.
class RsaKey {
 public:
  // From PEM text: a public key ("BEGIN PUBLIC KEY") or an X.509 certificate
  // ("BEGIN CERTIFICATE"). nullopt with `error` set when the text holds neither, or the key is not
  // RSA.
  static std::optional<RsaKey> public_from_pem(std::string_view pem, std::string& error);
  // From a PEM file, as above; `error` also covers a file that cannot be read.
  static std::optional<RsaKey> public_from_file(const std::string& path, std::string& error);
  // From PEM text holding a private key ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY").
  static std::optional<RsaKey> private_from_pem(std::string_view pem, std::string& error);
  // Takes ownership of an EVP_PKEY (for tests that generate keys). Must be RSA.
  static RsaKey adopt(evp_pkey_st* key);

  // The modulus size in bits.
  int bits() const;
  // True when `signature` is a valid RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of `data`.
  bool verify_rs256(std::string_view data, std::string_view signature) const;
  // The RS256 signature of `data`; nullopt when this is not a private key.
  std::optional<std::string> sign_rs256(std::string_view data) const;
  // The public half as PEM ("BEGIN PUBLIC KEY").
  std::string public_pem() const;
  // The private key as PEM ("BEGIN PRIVATE KEY"); "" when this is a public key only.
  std::string private_pem() const;
  // The public half as a JSON Web Key's members (RFC 7517/7518): {"kty":"RSA","n","e"}, the
  // modulus and exponent big-endian in base64url without leading zero bytes.
  Json public_jwk() const;
  // The RFC 7638 thumbprint of public_jwk(): the base64url SHA-256 of {"e","kty","n"} written
  // in that order without whitespace. Unique to the public key.
  std::string thumbprint() const;

 private:
  explicit RsaKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;
};

// A fresh random jti (a version 4 UUID). Throws std::runtime_error without random bytes.
std::string random_jti();

// Signs `payload` as a compact JWS with header {"alg":"RS256","typ":"JWT","kid":kid}.
// Throws std::runtime_error when `key` is not a private key.
std::string sign(const RsaKey& key, std::string_view kid, const Json& payload);

// What a development token says (`scale-mock token`, POST /__admin/token).
struct TokenSpec {
  std::string sub = "scale-mock-dev";
  std::string iss = "scale-mock";
  std::vector<std::string> permissions{"*.*"};
  std::int64_t ttl_seconds = 3600;
  std::string kid = "scale-mock-dev";
};

// A token for `spec` signed with `key`: claims jti (a random UUID), iat (now), exp (iat +
// ttl), sub, iss and permissions. Throws std::runtime_error when `key` cannot sign.
std::string issue(const RsaKey& key, const TokenSpec& spec, std::int64_t now_ms);

// A key trusted in verify mode, and the issuer its tokens must name (when set).
struct TrustedKey {
  RsaKey key;
  std::optional<std::string> issuer;
};

struct CheckOptions {
  // false: the claims mode (no signature check); true: verify mode.
  bool verify_signature = false;
  // By kid; used in verify mode only.
  std::map<std::string, TrustedKey, std::less<>> keys;
  // Allowed clock skew for exp, nbf and iat, in seconds.
  std::int64_t leeway_seconds = 60;
};

// What a token that passed says about its bearer.
struct Claims {
  std::string kid;
  std::string sub;
  std::string iss;
  // A `permissions` claim that is one string is a list of that one permission.
  std::vector<std::string> permissions;
  double iat = 0;
  double exp = 0;
  std::optional<double> nbf;
  std::optional<std::string> jti;
};

// The result of checking a token: the claims, or a description of exactly what failed
// ("the token expired at 2026-01-01T00:00:00.000Z ...").
struct Checked {
  std::optional<Claims> claims;
  std::string refusal;
  explicit operator bool() const { return claims.has_value(); }
};

// Checks a compact JWS at `now_ms` (milliseconds since the epoch), in this order: three
// base64url parts with a JSON object header and payload ("not a JWT"); alg exactly RS256;
// kid a string; in verify mode a known kid and a valid signature; the claims sub and iss
// (strings), permissions (an array of strings, or one string: a list of that one permission),
// iat and exp (numbers), and the optional jti, lcid (strings) and nbf (number), each present
// and of its type; in verify mode the key's issuer; then exp (expired when exp + leeway < now)
// and nbf and iat (not yet valid when more than the leeway in the future).
// An ID token (TokenKind::kIdToken, the License Checkout API's `IdToken` scheme) is checked the
// same way except that it needs no permissions claim.
enum class TokenKind { kScaleJwt, kIdToken };
Checked check(std::string_view token, const CheckOptions& options, std::int64_t now_ms,
              TokenKind kind = TokenKind::kScaleJwt);

// True when one of `granted` ("Resource.action", "*" wildcards either part) covers
// `needed` ("Licensee.read").
bool permits(const std::vector<std::string>& granted, std::string_view needed);

}  // namespace scale::auth::jwt
