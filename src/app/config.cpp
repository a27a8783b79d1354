#include "app/config.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <string_view>
#include <tuple>

#include "domain/time.hpp"

namespace scale::app {

bool normalise_base_path(const std::string& in, std::string& out) {
  if (in.find_first_of(" ?#\t\r\n") != std::string::npos) return false;
  std::string p = in;
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (!p.empty() && p.front() != '/') p.insert(p.begin(), '/');
  out = p;
  return true;
}

ParseOutcome parse_command_line(int argc, const char* const* argv, Config& c) {
  CLI::App cli{
      "scale-mock: an in-memory test double of the 10Duke Scale License Management API.\n"
      "Every flag can also be set with the environment variable named after it."};
  cli.set_version_flag("--version", std::string("scale-mock ") + SCALE_MOCK_VERSION);
  std::string base_path = "/";
  cli.add_option("--host", c.host, "Address to listen on")
      ->envname("SCALE_MOCK_HOST")
      ->capture_default_str();
  cli.add_option("--port", c.port, "Port to listen on (0: any free port)")
      ->envname("SCALE_MOCK_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cli.add_option("--fixtures", c.fixtures,
                 "A fixture file, or a directory whose *.json load in name order (default: the "
                 "embedded demo data)")
      ->envname("SCALE_MOCK_FIXTURES");
  cli.add_flag("--no-fixtures", c.no_fixtures, "Start with no data at all")
      ->envname("SCALE_MOCK_NO_FIXTURES");
  cli.add_option("--base-path", base_path, "Path prefix of the API, e.g. /api")
      ->envname("SCALE_MOCK_BASE_PATH")
      ->capture_default_str();
  cli.add_option("--auth", c.auth,
                 "Authorization mode: off (no check), claims (a well-formed, current 10Duke Scale "
                 "JWT) or verify (claims, and an RS256 signature by a trusted key)")
      ->envname("SCALE_MOCK_AUTH")
      ->check(CLI::IsMember({"off", "claims", "verify"}))
      ->capture_default_str();
  cli.add_flag(
         "--enforce-permissions", c.enforce_permissions,
         "Refuse (403) a token whose permissions claim lacks the operation's permission, "
         "e.g. Licensee.read (vocabulary: Licensee, LicenseContainer, LicenseConsumer and License "
         "with create, read, update, delete; Product.read; LicenseModel.read)")
      ->envname("SCALE_MOCK_ENFORCE_PERMISSIONS");
  std::vector<std::string> jwt_keys;
  cli.add_option("--jwt-key", jwt_keys,
                 "KID=PATH: trust the RSA public key (PEM, or a certificate) in PATH for tokens "
                 "whose header names KID (verify mode); repeatable")
      ->envname("SCALE_MOCK_JWT_KEY")
      ->delimiter(',');
  std::vector<std::string> jwt_issuers;
  cli.add_option(
         "--jwt-issuer", jwt_issuers,
         "KID=ISSUER: tokens signed by the key KID must have this iss (verify mode); repeatable")
      ->envname("SCALE_MOCK_JWT_ISSUER")
      ->delimiter(',');
  cli.add_flag("--no-dev-key", c.no_dev_key,
               "Do not trust the development key in verify mode, and disable POST /__admin/token")
      ->envname("SCALE_MOCK_NO_DEV_KEY");
  cli.add_option("--max-body-bytes", c.max_body_bytes, "Largest request body accepted (413 beyond)")
      ->envname("SCALE_MOCK_MAX_BODY_BYTES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  cli.add_option("--threads", c.threads,
                 "Worker threads answering requests (idle and slow connections hold none)")
      ->envname("SCALE_MOCK_THREADS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}))
      ->capture_default_str();
  cli.add_option("--max-connections", c.max_connections,
                 "Connections open at once; beyond, the one idle the longest is closed")
      ->envname("SCALE_MOCK_MAX_CONNECTIONS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->capture_default_str();
  cli.add_option("--request-timeout", c.request_timeout,
                 "Seconds a request (head and body) may take to arrive from its first byte "
                 "(408 and close beyond)")
      ->envname("SCALE_MOCK_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  // Read as text: CLI11 2.1 would wrap "-1" around to 2^64-1 for an unsigned option.
  std::string seed;
  cli.add_option("--seed", seed,
                 "Seed for generated ids, 0 to 18446744073709551615: the same seed and requests "
                 "give the same ids")
      ->envname("SCALE_MOCK_SEED");
  std::string clock;
  cli.add_option("--clock", clock,
                 "Start with a frozen clock at this RFC 3339 instant, e.g. 2026-01-01T00:00:00Z")
      ->envname("SCALE_MOCK_CLOCK");
  cli.add_option("--journal-limit", c.journal_limit, "Requests kept in each namespace's journal")
      ->envname("SCALE_MOCK_JOURNAL_LIMIT")
      ->capture_default_str();
  cli.add_option("--journal-max-bytes", c.journal_max_bytes,
                 "Bytes each namespace's journal may hold; past them the oldest entries leave")
      ->envname("SCALE_MOCK_JOURNAL_MAX_BYTES")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 40))
      ->capture_default_str();
  cli.add_option("--journal-body-cap", c.journal_body_cap,
                 "Bytes of a request or response body the journal keeps; a longer one is kept "
                 "truncated and marked so")
      ->envname("SCALE_MOCK_JOURNAL_BODY_CAP")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30))
      ->capture_default_str();
  cli.add_option("--max-namespaces", c.max_namespaces,
                 "How many namespaces may exist, the default one included (429 beyond)")
      ->envname("SCALE_MOCK_MAX_NAMESPACES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  cli.add_option("--state-file", c.state_file,
                 "Load the default namespace from this file at start when it exists; write it "
                 "there on a clean stop and on POST /__admin/snapshot")
      ->envname("SCALE_MOCK_STATE_FILE");
  cli.add_flag("--quiet", c.quiet, "No log line per request")->envname("SCALE_MOCK_QUIET");

  Config::TokenCommand token;
  std::string permissions = "*.*";
  auto* token_cmd = cli.add_subcommand("token",
                                       "Print a token signed with the development key (trusted by "
                                       "--auth verify unless --no-dev-key)");
  token_cmd->add_option("--sub", token.sub, "The sub claim")
      ->envname("SCALE_MOCK_TOKEN_SUB")
      ->capture_default_str();
  token_cmd->add_option("--iss", token.iss, "The iss claim")
      ->envname("SCALE_MOCK_TOKEN_ISS")
      ->capture_default_str();
  token_cmd->add_option("--permissions", permissions, "The permissions claim, comma-separated")
      ->envname("SCALE_MOCK_TOKEN_PERMISSIONS")
      ->capture_default_str();
  token_cmd->add_option("--ttl", token.ttl_seconds, "Seconds until the token expires")
      ->envname("SCALE_MOCK_TOKEN_TTL")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10} * 366 * 86400))
      ->capture_default_str();
  token_cmd->add_option("--kid", token.kid, "The kid header")
      ->envname("SCALE_MOCK_TOKEN_KID")
      ->capture_default_str();

  Config::HealthcheckCommand healthcheck;
  auto* healthcheck_cmd = cli.add_subcommand(
      "healthcheck",
      "Ask the server at --host and --port (0.0.0.0 means 127.0.0.1) for GET /__admin/health; "
      "exit 0 when it is healthy, 1 otherwise");
  // `scale-mock healthcheck --port 9000` means the server's --port.
  healthcheck_cmd->fallthrough();
  healthcheck_cmd
      ->add_option("--timeout", healthcheck.timeout_seconds,
                   "Seconds to wait for the connection and for the answer")
      ->envname("SCALE_MOCK_HEALTHCHECK_TIMEOUT")
      ->check(CLI::Range(0.01, 60.0))
      ->capture_default_str();

  cli.require_subcommand(0, 1);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    if (token_cmd->parsed()) return {ParseOutcome::kExit, 0, token_cmd->help()};
    if (healthcheck_cmd->parsed()) return {ParseOutcome::kExit, 0, healthcheck_cmd->help()};
    return {ParseOutcome::kExit, 0, cli.help()};
  } catch (const CLI::CallForVersion& e) {
    return {ParseOutcome::kExit, 0, std::string("scale-mock ") + SCALE_MOCK_VERSION + "\n"};
  } catch (const CLI::ParseError& e) {
    return {ParseOutcome::kExit, 2,
            std::string("scale-mock: ") + e.what() + "\nRun with --help for usage.\n"};
  }
  if (!normalise_base_path(base_path, c.base_path))
    return {ParseOutcome::kExit, 2, "scale-mock: --base-path '" + base_path + "' is not a path\n"};
  // /console (the web console) and /__admin (the controls) sit at the root, outside the base
  // path, and would hide an API under them.
  for (const char* reserved : {"/console", "/__admin"}) {
    const std::string_view r = reserved;
    if (c.base_path.starts_with(r) &&
        (c.base_path.size() == r.size() || c.base_path[r.size()] == '/'))
      return {ParseOutcome::kExit, 2,
              "scale-mock: --base-path '" + base_path + "' is under " + reserved +
                  ", which the web console and the test-double controls use: choose another "
                  "path, such as /api\n"};
  }
  if (!clock.empty()) {
    auto t = domain::parse_timestamp(clock);
    if (!t)
      return {ParseOutcome::kExit, 2,
              "scale-mock: --clock '" + clock +
                  "' is not an RFC 3339 date-time such as 2026-01-01T00:00:00Z\n"};
    c.clock = *t;
  }
  if (!seed.empty()) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
    if (ec != std::errc() || end != seed.data() + seed.size())
      return {
          ParseOutcome::kExit, 2,
          "scale-mock: --seed '" + seed + "' is not an integer from 0 to 18446744073709551615\n"};
    c.seed = value;
  }
  if (c.no_fixtures && !c.fixtures.empty())
    return {ParseOutcome::kExit, 2,
            "scale-mock: --fixtures and --no-fixtures exclude each other\n"};
  for (auto [flag, values, target] : {std::tuple{"--jwt-key", &jwt_keys, &c.jwt_keys},
                                      std::tuple{"--jwt-issuer", &jwt_issuers, &c.jwt_issuers}}) {
    for (const std::string& v : *values) {
      auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
        return {ParseOutcome::kExit, 2,
                std::string("scale-mock: ") + flag + " '" + v + "' is not KID=" +
                    (std::string_view(flag) == "--jwt-key" ? "PATH" : "ISSUER") + "\n"};
      target->emplace_back(v.substr(0, eq), v.substr(eq + 1));
    }
  }
  if (token_cmd->parsed()) {
    token.permissions.clear();
    std::size_t start = 0;
    while (start <= permissions.size()) {
      auto comma = permissions.find(',', start);
      std::string p =
          permissions.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!p.empty()) token.permissions.push_back(p);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    c.token = token;
  }
  if (healthcheck_cmd->parsed()) c.healthcheck = healthcheck;
  return {};
}

}  // namespace scale::app
