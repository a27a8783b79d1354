#pragma once
// The command line and its environment variables (SCALE_MOCK_PORT and so on).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scale::app {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string fixtures;  // empty: the embedded demo fixtures
  bool no_fixtures = false;
  std::string base_path;        // normalised: "" or "/api"
  std::string auth = "claims";  // off, claims or verify
  bool enforce_permissions = false;
  // --jwt-key KID=PATH and --jwt-issuer KID=ISSUER, in the order given.
  std::vector<std::pair<std::string, std::string>> jwt_keys;
  std::vector<std::pair<std::string, std::string>> jwt_issuers;
  bool no_dev_key = false;
  // --licensing-key KID=PATH: the private key (PEM) that signs license tokens; nullopt: the
  // development licensing key, under a kid made from its thumbprint.
  std::optional<std::pair<std::string, std::string>> licensing_key;
  // The License Checkout API's leases (contract 11.2).
  std::int64_t lease_seconds = 3600;
  std::int64_t heartbeat_not_before = 0;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t threads = 16;
  std::size_t max_connections = 1000;
  int request_timeout = 10;  // seconds
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> clock;  // --clock: start frozen at this instant (ms since epoch)
  std::size_t journal_limit = 1000;
  std::size_t journal_max_bytes = 64 * 1024 * 1024;  // per namespace
  std::size_t journal_body_cap = 64 * 1024;          // per body of an entry
  std::size_t max_namespaces = 100;
  std::string state_file;  // empty: no persistence
  bool quiet = false;

  // The `token` subcommand: print a development token and exit.
  struct TokenCommand {
    std::string sub = "scale-mock-dev";
    std::string iss = "scale-mock";
    std::vector<std::string> permissions{"*.*"};
    std::int64_t ttl_seconds = 3600;
    std::string kid = "scale-mock-dev";
  };
  std::optional<TokenCommand> token;

  // The `healthcheck` subcommand: ask the server at host:port for GET /__admin/health and exit
  // 0 when it answers 200 with status ok, 1 otherwise (the image's HEALTHCHECK).
  struct HealthcheckCommand {
    double timeout_seconds = 2.0;
  };
  std::optional<HealthcheckCommand> healthcheck;
};

// What parse_command_line decided.
struct ParseOutcome {
  enum Kind { kRun, kExit } kind = kRun;
  int exit_code = 0;   // for kExit: 0 after --help/--version, 2 after a usage error
  std::string output;  // for kExit: what to print (help, version, or the error)
};

// Reads flags, falling back to SCALE_MOCK_* environment variables, then to defaults.
ParseOutcome parse_command_line(int argc, const char* const* argv, Config& config);

// "/" and "" become ""; "api" and "/api/" become "/api". Returns false for a base path with
// characters a path cannot hold (spaces, '?', '#').
bool normalise_base_path(const std::string& in, std::string& out);

}  // namespace scale::app
