#include "support/test_keys.hpp"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace scale::testing {

jwt::RsaKey generate_rsa_key(int bits) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr);
  EVP_PKEY* key = nullptr;
  const bool ok = ctx && EVP_PKEY_keygen_init(ctx) == 1 &&
                  EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) == 1 &&
                  EVP_PKEY_keygen(ctx, &key) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) throw std::runtime_error("EVP_PKEY_keygen failed");
  return jwt::RsaKey::adopt(key);
}

const jwt::RsaKey& test_key() {
  static const jwt::RsaKey key = generate_rsa_key(2048);
  return key;
}

const jwt::RsaKey& other_key() {
  static const jwt::RsaKey key = generate_rsa_key(2048);
  return key;
}

TempFile::TempFile(const std::string& text) {
  char name[] = "/tmp/scale-mock-test-XXXXXX";
  int fd = ::mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  path_ = name;
  std::size_t written = 0;
  while (written < text.size()) {
    auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (written != text.size()) throw std::runtime_error("cannot write " + path_);
}

TempFile::~TempFile() {
  std::remove(path_.c_str());
}

std::int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

wire::Json valid_header(const std::string& kid) {
  return wire::Json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}};
}

wire::Json valid_payload() {
  const auto now = now_seconds();
  return wire::Json{{"jti", "6f1c1f4e-2a57-4d5e-9a8b-1c2d3e4f5a6b"},
                    {"iat", now},
                    {"exp", now + 3600},
                    {"sub", "test-client"},
                    {"iss", "test-issuer"},
                    {"permissions", {"*.*"}}};
}

std::string make_token(const jwt::RsaKey& key, const wire::Json& header,
                       const wire::Json& payload) {
  const std::string input =
      jwt::base64url_encode(header.dump()) + "." + jwt::base64url_encode(payload.dump());
  auto signature = key.sign_rs256(input);
  if (!signature) throw std::runtime_error("the key cannot sign");
  return input + "." + jwt::base64url_encode(*signature);
}

}  // namespace scale::testing
