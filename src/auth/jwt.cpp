#include "auth/jwt.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "domain/time.hpp"
#include "domain/uuid.hpp"

namespace scale::auth::jwt {
namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using DigestCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

Bio memory_bio(std::string_view text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
}

// The reason OpenSSL gave last, for error messages; clears OpenSSL's error queue.
std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no PEM data found";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

bool check_rsa(const std::shared_ptr<EVP_PKEY>& key, std::string& error) {
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    error = std::string("the key is not an RSA key (it is ") +
            OBJ_nid2sn(EVP_PKEY_get_base_id(key.get())) + ")";
    return false;
  }
  return true;
}

std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// A number claim as the token wrote it, and as an instant.
std::string instant(const Json& value) {
  const double seconds = value.get<double>();
  std::string when =
      std::abs(seconds) < 1e14
          ? domain::format_timestamp(static_cast<domain::Timestamp>(std::floor(seconds * 1000.0)))
          : value.dump();
  return when;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
    else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      return std::nullopt;
  }
  const std::size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(standard.data()),
                                static_cast<int>(standard.size()));
  if (n < 0 || static_cast<std::size_t>(n) < padding) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for; they are not data.
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::optional<RsaKey> RsaKey::public_from_pem(std::string_view pem, std::string& error) {
  auto bio = memory_bio(pem);
  if (EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    ERR_clear_error();
    auto key = own(raw);
    if (!check_rsa(key, error)) return std::nullopt;
    return RsaKey(key);
  }
  ERR_clear_error();
  bio = memory_bio(pem);
  if (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    EVP_PKEY* raw = X509_get_pubkey(cert);
    X509_free(cert);
    if (!raw) {
      error = "the certificate's public key cannot be read: " + openssl_reason();
      return std::nullopt;
    }
    ERR_clear_error();
    auto key = own(raw);
    if (!check_rsa(key, error)) return std::nullopt;
    return RsaKey(key);
  }
  error = "not a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE): " +
          openssl_reason();
  return std::nullopt;
}

std::optional<RsaKey> RsaKey::public_from_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  auto key = public_from_pem(text.str(), error);
  if (!key) error = path + ": " + error;
  return key;
}

std::optional<RsaKey> RsaKey::private_from_pem(std::string_view pem, std::string& error) {
  auto bio = memory_bio(pem);
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (!raw) {
    error = "not a PEM private key: " + openssl_reason();
    return std::nullopt;
  }
  auto key = own(raw);
  if (!check_rsa(key, error)) return std::nullopt;
  return RsaKey(key);
}

RsaKey RsaKey::adopt(evp_pkey_st* key) {
  return RsaKey(own(key));
}

int RsaKey::bits() const {
  return EVP_PKEY_get_bits(key_.get());
}

bool RsaKey::verify_rs256(std::string_view data, std::string_view signature) const {
  DigestCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool ok = ctx &&
            EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                             data.size()) == 1;
  ERR_clear_error();
  return ok;
}

std::optional<std::string> RsaKey::sign_rs256(std::string_view data) const {
  // RSASSA-PKCS1-v1_5 over the SHA-256 digest, with a signing context set up once per thread
  // and key: setting one up (fetching the algorithm, the padding and digest parameters) costs
  // a tenth of a 2048-bit signature, which every license token pays. The context holds a
  // reference to the key, so the cached pointer can never name a different, later key.
  using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
  thread_local const EVP_PKEY* cached_key = nullptr;
  thread_local PkeyCtx ctx(nullptr, EVP_PKEY_CTX_free);
  if (cached_key != key_.get() || !ctx) {
    PkeyCtx fresh(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr), EVP_PKEY_CTX_free);
    if (!fresh || EVP_PKEY_sign_init(fresh.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(fresh.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(fresh.get(), EVP_sha256()) != 1) {
      ERR_clear_error();
      return std::nullopt;
    }
    ctx = std::move(fresh);
    cached_key = key_.get();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  std::size_t length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &digest_length, EVP_sha256(), nullptr) != 1 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &length, digest, digest_length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::string out(length, '\0');
  if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, digest,
                    digest_length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string RsaKey::public_pem() const {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key_.get());
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string RsaKey::private_pem() const {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  if (PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

namespace {

std::string big_endian(const evp_pkey_st* key, const char* param) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, param, &bn) != 1 || !bn) {
    ERR_clear_error();
    throw std::runtime_error(std::string("the RSA key has no ") + param);
  }
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

}  // namespace

Json RsaKey::public_jwk() const {
  return Json{{"kty", "RSA"},
              {"n", base64url_encode(big_endian(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
              {"e", base64url_encode(big_endian(key_.get(), OSSL_PKEY_PARAM_RSA_E))}};
}

std::string RsaKey::thumbprint() const {
  const Json jwk = public_jwk();
  const std::string canonical = R"({"e":")" + jwk["e"].get<std::string>() +
                                R"(","kty":"RSA","n":")" + jwk["n"].get<std::string>() + R"("})";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string random_jti() {
  std::uint64_t random[2] = {0, 0};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(random), sizeof random) != 1)
    throw std::runtime_error("no random bytes for a jti");
  return domain::Uuid::v4_from(random[0], random[1]).str();
}

std::string sign(const RsaKey& key, std::string_view kid, const Json& payload) {
  const Json header{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}};
  const std::string input =
      base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  auto signature = key.sign_rs256(input);
  if (!signature) throw std::runtime_error("the key cannot sign: it is not a private RSA key");
  return input + "." + base64url_encode(*signature);
}

std::string issue(const RsaKey& key, const TokenSpec& spec, std::int64_t now_ms) {
  const std::int64_t iat = now_ms / 1000;
  Json payload{{"jti", random_jti()}, {"iat", iat},      {"exp", iat + spec.ttl_seconds},
               {"sub", spec.sub},     {"iss", spec.iss}, {"permissions", spec.permissions}};
  return sign(key, spec.kid, payload);
}

Checked check(std::string_view token, const CheckOptions& options, std::int64_t now_ms,
              TokenKind kind) {
  auto refuse = [](std::string why) { return Checked{std::nullopt, std::move(why)}; };
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return refuse("the token is not a JWT: it must be three base64url parts separated by dots");
  const std::string_view header_part = token.substr(0, first);
  const std::string_view payload_part = token.substr(first + 1, second - first - 1);
  const std::string_view signature_part = token.substr(second + 1);

  auto json_part = [](std::string_view part) -> std::optional<Json> {
    auto text = base64url_decode(part);
    if (!text || text->empty()) return std::nullopt;
    Json j = parse_json(*text);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
  };
  auto header = json_part(header_part);
  if (!header)
    return refuse("the token is not a JWT: its header is not a base64url-encoded JSON object");
  auto payload = json_part(payload_part);
  if (!payload)
    return refuse("the token is not a JWT: its payload is not a base64url-encoded JSON object");

  auto alg = header->find("alg");
  if (alg == header->end()) return refuse("the token's header has no alg (only RS256 is accepted)");
  if (!alg->is_string() || *alg != "RS256")
    return refuse("the token's alg " +
                  (alg->is_string() ? in_quotes(alg->get<std::string>()) : alg->dump()) +
                  " is not RS256 (only RS256 is accepted)");
  auto kid_it = header->find("kid");
  if (kid_it == header->end()) return refuse("the token's header has no kid");
  if (!kid_it->is_string()) return refuse("the token's header kid is not a string");
  const std::string kid = kid_it->get<std::string>();

  auto signature = base64url_decode(signature_part);
  if (!signature || signature->empty())
    return refuse("the token is not a JWT: its signature is not a non-empty base64url value");

  const TrustedKey* trusted = nullptr;
  if (options.verify_signature) {
    auto it = options.keys.find(kid);
    if (it == options.keys.end())
      return refuse("the token's kid " + in_quotes(kid) + " is not a known key");
    trusted = &it->second;
    const std::string_view signed_part = token.substr(0, second);
    if (!trusted->key.verify_rs256(signed_part, *signature))
      return refuse("the token's signature does not verify with the key " + in_quotes(kid));
  }

  Claims c;
  c.kid = kid;
  auto missing = [&](const char* name) {
    return refuse(std::string("the token has no '") + name + "' claim");
  };
  auto wrong = [&](const char* name, const char* what) {
    return refuse(std::string("the token's '") + name + "' claim is not " + what);
  };
  for (const char* name : {"sub", "iss"}) {
    auto it = payload->find(name);
    if (it == payload->end()) return missing(name);
    if (!it->is_string()) return wrong(name, "a string");
    (std::string_view(name) == "sub" ? c.sub : c.iss) = it->get<std::string>();
  }
  if (kind == TokenKind::kScaleJwt) {
    // One string is one permission: the official Python SDK sends "*.*" so by default.
    auto it = payload->find("permissions");
    if (it == payload->end()) return missing("permissions");
    constexpr const char* kPermissionsType = "a string or an array of strings";
    if (it->is_string()) {
      c.permissions.push_back(it->get<std::string>());
    } else if (it->is_array()) {
      for (const auto& p : *it) {
        if (!p.is_string()) return wrong("permissions", kPermissionsType);
        c.permissions.push_back(p.get<std::string>());
      }
    } else {
      return wrong("permissions", kPermissionsType);
    }
  }
  for (const char* name : {"iat", "exp"}) {
    auto it = payload->find(name);
    if (it == payload->end()) return missing(name);
    if (!it->is_number()) return wrong(name, "a number");
    (std::string_view(name) == "iat" ? c.iat : c.exp) = it->get<double>();
  }
  for (const char* name : {"jti", "lcid"}) {
    auto it = payload->find(name);
    if (it != payload->end() && !it->is_string()) return wrong(name, "a string");
    if (it != payload->end() && std::string_view(name) == "jti") c.jti = it->get<std::string>();
  }
  if (auto it = payload->find("nbf"); it != payload->end()) {
    if (!it->is_number()) return wrong("nbf", "a number");
    c.nbf = it->get<double>();
  }

  if (trusted && trusted->issuer && *trusted->issuer != c.iss)
    return refuse("the token's iss " + in_quotes(c.iss) + " is not " + in_quotes(*trusted->issuer) +
                  ", the issuer configured for the key " + in_quotes(kid));

  const double now = static_cast<double>(now_ms) / 1000.0;
  const double leeway = static_cast<double>(options.leeway_seconds);
  const std::string leeway_text = std::to_string(options.leeway_seconds) + " s";
  if (c.exp + leeway < now)
    return refuse("the token expired at " + instant(payload->at("exp")) + " (exp " +
                  payload->at("exp").dump() + "), more than " + leeway_text + " ago");
  if (c.nbf && *c.nbf - leeway > now)
    return refuse("the token is not yet valid: not before " + instant(payload->at("nbf")) +
                  " (nbf " + payload->at("nbf").dump() + "), more than " + leeway_text +
                  " from now");
  if (c.iat - leeway > now)
    return refuse("the token is not yet valid: issued at " + instant(payload->at("iat")) +
                  " (iat " + payload->at("iat").dump() + "), more than " + leeway_text +
                  " from now");
  return Checked{std::move(c), {}};
}

bool permits(const std::vector<std::string>& granted, std::string_view needed) {
  const auto dot = needed.find('.');
  const std::string_view resource = needed.substr(0, dot);
  const std::string_view action =
      dot == std::string_view::npos ? std::string_view() : needed.substr(dot + 1);
  for (const std::string& g : granted) {
    const auto gdot = g.find('.');
    if (gdot == std::string::npos) continue;
    const std::string_view gr = std::string_view(g).substr(0, gdot);
    const std::string_view ga = std::string_view(g).substr(gdot + 1);
    if ((gr == "*" || gr == resource) && (ga == "*" || ga == action)) return true;
  }
  return false;
}

}  // namespace scale::auth::jwt
