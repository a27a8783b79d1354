#pragma once
// The development key pair (fixtures/dev-jwt-*.pem), embedded at build time. It signs
// `scale-mock token` and POST /__admin/token; verify mode trusts it under kDevKid unless
// --no-dev-key. A development key only: its private half is public in the repository.

#include <string_view>

namespace scale::app {

inline constexpr const char* kDevKid = "scale-mock-dev";

// The contents of fixtures/dev-jwt-private.pem.
std::string_view dev_private_key_pem();
// The contents of fixtures/dev-jwt-public.pem.
std::string_view dev_public_key_pem();
// The contents of fixtures/dev-licensing-private.pem: the development licensing key, which
// signs license tokens unless --licensing-key names another.
std::string_view dev_licensing_key_pem();

}  // namespace scale::app
