#pragma once
// Keys and tokens made at test time: RSA keys generated through OpenSSL (EVP_PKEY_keygen),
// their public halves written to temporary PEM files for --jwt-key, and compact JWS tokens
// with any header and payload, signed by any key.

#include <cstdint>
#include <string>

#include "auth/jwt.hpp"
#include "wire/codec.hpp"

namespace scale::testing {

namespace jwt = auth::jwt;

// A fresh RSA key of `bits` bits (private, so it can sign).
jwt::RsaKey generate_rsa_key(int bits);
// One 2048-bit key per test run (generating keys is slow), and a second, different one.
const jwt::RsaKey& test_key();
const jwt::RsaKey& other_key();

// A file holding `text`, removed when this goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& text);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Seconds since the epoch, real time.
std::int64_t now_seconds();

// The header and payload of a token that passes: RS256, `kid`; sub, iss, permissions ["*.*"],
// jti, iat now and exp in an hour.
wire::Json valid_header(const std::string& kid);
wire::Json valid_payload();

// base64url(header).base64url(payload).base64url(RS256 signature by `key`).
std::string make_token(const jwt::RsaKey& key, const wire::Json& header, const wire::Json& payload);

}  // namespace scale::testing
