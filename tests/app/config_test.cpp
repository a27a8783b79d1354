// The command line: defaults, every flag, SCALE_MOCK_* environment variables as fallbacks that
// a flag beats, --help and --version, usage errors, and base path normalisation.

#include "app/config.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scale::app::Config;
using scale::app::normalise_base_path;
using scale::app::parse_command_line;
using scale::app::ParseOutcome;

namespace {

// Every SCALE_MOCK_* variable now set, so that a test starts without any (and a flag added
// later is covered without a list to keep up to date).
std::vector<std::string> scale_mock_variables() {
  std::vector<std::string> names;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("SCALE_MOCK_")) names.emplace_back(entry.substr(0, entry.find('=')));
  }
  return names;
}

// Clears every SCALE_MOCK_* variable for the test, and on the way out removes what the test
// set and puts back what was there.
class Environment {
 public:
  Environment() {
    for (const auto& name : scale_mock_variables()) {
      saved_[name] = std::getenv(name.c_str());
      ::unsetenv(name.c_str());
    }
  }
  ~Environment() {
    for (const auto& name : scale_mock_variables()) ::unsetenv(name.c_str());
    for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
  }
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  void set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  std::map<std::string, std::string> saved_;
};

ParseOutcome parse(const std::vector<std::string>& args, Config& config) {
  std::vector<const char*> argv{"scale-mock"};
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data(), config);
}

ParseOutcome parse(const std::vector<std::string>& args) {
  Config ignored;
  return parse(args, ignored);
}

std::optional<std::string> normalised(const std::string& in) {
  std::string out = "unchanged";
  if (!normalise_base_path(in, out)) return std::nullopt;
  return out;
}

}  // namespace

TEST_CASE("a test's environment leaves no SCALE_MOCK_ variable behind", "[config]") {
  {
    Environment env;
    env.set("SCALE_MOCK_HEALTHCHECK_TIMEOUT", "3");
    env.set("SCALE_MOCK_A_FLAG_ADDED_LATER", "1");
  }
  CHECK(std::getenv("SCALE_MOCK_HEALTHCHECK_TIMEOUT") == nullptr);
  CHECK(std::getenv("SCALE_MOCK_A_FLAG_ADDED_LATER") == nullptr);
}

TEST_CASE("no flags and no environment give the documented defaults", "[config]") {
  Environment env;
  Config c;
  auto out = parse({}, c);
  CHECK(out.kind == ParseOutcome::kRun);
  CHECK(out.exit_code == 0);
  CHECK(c.host == "127.0.0.1");
  CHECK(c.port == 8080);
  CHECK(c.fixtures.empty());
  CHECK_FALSE(c.no_fixtures);
  CHECK(c.base_path.empty());
  CHECK(c.auth == "claims");
  CHECK_FALSE(c.enforce_permissions);
  CHECK(c.jwt_keys.empty());
  CHECK(c.jwt_issuers.empty());
  CHECK_FALSE(c.no_dev_key);
  CHECK_FALSE(c.token.has_value());
  CHECK_FALSE(c.healthcheck.has_value());
  CHECK(c.max_body_bytes == 1048576);
  CHECK(c.threads == 16);
  CHECK_FALSE(c.seed.has_value());
  CHECK_FALSE(c.quiet);
}

TEST_CASE("every flag sets its field", "[config]") {
  Environment env;
  Config c;
  auto out = parse(
      {"--host", "0.0.0.0", "--port", "0", "--fixtures", "data/demo.json", "--base-path", "api/",
       "--auth", "claims", "--max-body-bytes", "2000", "--threads", "4", "--seed", "42", "--quiet"},
      c);
  REQUIRE(out.kind == ParseOutcome::kRun);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.port == 0);
  CHECK(c.fixtures == "data/demo.json");
  CHECK(c.base_path == "/api");
  CHECK(c.auth == "claims");
  CHECK(c.max_body_bytes == 2000);
  CHECK(c.threads == 4);
  REQUIRE(c.seed.has_value());
  CHECK(*c.seed == 42);
  CHECK(c.quiet);

  Config n;
  REQUIRE(parse({"--no-fixtures", "--port=9001", "--auth=verify", "--seed=18446744073709551615"}, n)
              .kind == ParseOutcome::kRun);
  CHECK(n.no_fixtures);
  CHECK(n.port == 9001);
  CHECK(n.auth == "verify");
  CHECK(n.seed == 18446744073709551615ULL);
}

TEST_CASE("SCALE_MOCK_* variables are used when the flag is absent", "[config][env]") {
  Environment env;
  env.set("SCALE_MOCK_HOST", "0.0.0.0");
  env.set("SCALE_MOCK_PORT", "9000");
  env.set("SCALE_MOCK_FIXTURES", "/srv/fixtures");
  env.set("SCALE_MOCK_BASE_PATH", "/tenant/");
  env.set("SCALE_MOCK_AUTH", "claims");
  env.set("SCALE_MOCK_MAX_BODY_BYTES", "4096");
  env.set("SCALE_MOCK_THREADS", "3");
  env.set("SCALE_MOCK_SEED", "7");
  env.set("SCALE_MOCK_QUIET", "1");
  Config c;
  auto out = parse({}, c);
  INFO(out.output);
  REQUIRE(out.kind == ParseOutcome::kRun);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.port == 9000);
  CHECK(c.fixtures == "/srv/fixtures");
  CHECK(c.base_path == "/tenant");
  CHECK(c.auth == "claims");
  CHECK(c.max_body_bytes == 4096);
  CHECK(c.threads == 3);
  CHECK(c.seed == std::optional<std::uint64_t>(7));
  CHECK(c.quiet);

  Environment env2;  // clears again; restored in reverse order on exit
  env2.set("SCALE_MOCK_NO_FIXTURES", "true");
  Config n;
  REQUIRE(parse({}, n).kind == ParseOutcome::kRun);
  CHECK(n.no_fixtures);
}

TEST_CASE("a flag beats its environment variable", "[config][env]") {
  Environment env;
  env.set("SCALE_MOCK_PORT", "9000");
  env.set("SCALE_MOCK_HOST", "0.0.0.0");
  env.set("SCALE_MOCK_BASE_PATH", "/env");
  env.set("SCALE_MOCK_MAX_BODY_BYTES", "4096");
  env.set("SCALE_MOCK_SEED", "7");
  Config c;
  auto out = parse({"--port", "9100", "--host", "::1", "--base-path", "/flag", "--max-body-bytes",
                    "100", "--seed", "8"},
                   c);
  REQUIRE(out.kind == ParseOutcome::kRun);
  CHECK(c.port == 9100);
  CHECK(c.host == "::1");
  CHECK(c.base_path == "/flag");
  CHECK(c.max_body_bytes == 100);
  CHECK(c.seed == std::optional<std::uint64_t>(8));
}

TEST_CASE("the environment is left as it was found", "[config][env]") {
  ::setenv("SCALE_MOCK_PORT", "1234", 1);
  {
    Environment env;
    CHECK(std::getenv("SCALE_MOCK_PORT") == nullptr);
    env.set("SCALE_MOCK_PORT", "9");
  }
  REQUIRE(std::getenv("SCALE_MOCK_PORT") != nullptr);
  CHECK(std::string(std::getenv("SCALE_MOCK_PORT")) == "1234");
  ::unsetenv("SCALE_MOCK_PORT");
}

TEST_CASE("scale-mock --help and --version exit 0 with their text", "[config]") {
  Environment env;
  auto help = parse({"--help"});
  CHECK(help.kind == ParseOutcome::kExit);
  CHECK(help.exit_code == 0);
  for (const char* flag :
       {"--host", "--port", "--fixtures", "--no-fixtures", "--base-path", "--auth",
        "--max-body-bytes", "--threads", "--seed", "--quiet", "--version", "--enforce-permissions",
        "--jwt-key", "--jwt-issuer", "--no-dev-key", "token", "healthcheck"}) {
    INFO(flag);
    CHECK_THAT(help.output, Contains(flag));
  }
  CHECK(parse({"-h"}).exit_code == 0);
  CHECK(parse({"--port", "1", "--help"}).kind == ParseOutcome::kExit);

  auto version = parse({"--version"});
  CHECK(version.kind == ParseOutcome::kExit);
  CHECK(version.exit_code == 0);
  CHECK(version.output == std::string("scale-mock ") + SCALE_MOCK_VERSION + "\n");
}

TEST_CASE("bad values and unknown flags exit 2 with a message", "[config]") {
  Environment env;
  const std::vector<std::vector<std::string>> bad = {
      {"--port", "70000"},
      {"--port", "-1"},
      {"--port", "http"},
      {"--port"},
      {"--auth", "maybe"},
      {"--max-body-bytes", "0"},
      {"--max-body-bytes", "lots"},
      {"--threads", "0"},
      {"--threads", "1025"},
      {"--seed", "seven"},
      {"--base-path", "/a b"},
      {"--base-path", "/api?x=1"},
      {"--base-path", "/api#top"},
      {"--base-path", "/console"},
      {"--base-path", "console/"},
      {"--base-path", "/console/api"},
      {"--base-path", "/__admin"},
      {"--fixtures", "f.json", "--no-fixtures"},
      {"--bogus"},
      {"extra-argument"},
  };
  for (const auto& args : bad) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    INFO(line);
    Config c;
    auto out = parse(args, c);
    CHECK(out.kind == ParseOutcome::kExit);
    CHECK(out.exit_code == 2);
    CHECK_THAT(out.output, StartsWith("scale-mock: "));
  }
  CHECK_THAT(parse({"--base-path", "/a b"}).output, Contains("/a b"));
  CHECK_THAT(parse({"--fixtures", "f.json", "--no-fixtures"}).output, Contains("--no-fixtures"));
  CHECK_THAT(parse({"--base-path", "/console"}).output, Contains("web console"));
  // Only the whole first segment is reserved.
  Config c;
  CHECK(parse({"--base-path", "/consoles"}, c).kind != ParseOutcome::kExit);
  CHECK(c.base_path == "/consoles");
}

TEST_CASE("a negative or out-of-range --seed exits 2 instead of wrapping around", "[config]") {
  // CLI11 2.1 converts "-1" to 2^64-1 and saturates 2^64 for an unsigned option.
  Environment env;
  for (const char* bad : {"-1", "18446744073709551616"}) {
    INFO(bad);
    Config c;
    auto out = parse({"--seed", bad}, c);
    CHECK(out.kind == ParseOutcome::kExit);
    CHECK(out.exit_code == 2);
  }
}

TEST_CASE("a bad value in the environment exits 2 too", "[config][env]") {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"SCALE_MOCK_PORT", "abc"},
                                                        {"SCALE_MOCK_PORT", "99999"},
                                                        {"SCALE_MOCK_AUTH", "none"},
                                                        {"SCALE_MOCK_THREADS", "0"},
                                                        {"SCALE_MOCK_BASE_PATH", "has space"}}) {
    INFO(name << "=" << value);
    Environment env;
    env.set(name, value);
    auto out = parse({});
    CHECK(out.kind == ParseOutcome::kExit);
    CHECK(out.exit_code == 2);
  }
}

TEST_CASE("scale-mock --max-connections and --request-timeout, by flag or variable, within range",
          "[config][env]") {
  Environment env;
  Config d;
  REQUIRE(parse({}, d).kind == ParseOutcome::kRun);
  CHECK(d.max_connections == 1000);
  CHECK(d.request_timeout == 10);
  Config c;
  REQUIRE(parse({"--max-connections", "50", "--request-timeout", "2"}, c).kind ==
          ParseOutcome::kRun);
  CHECK(c.max_connections == 50);
  CHECK(c.request_timeout == 2);
  env.set("SCALE_MOCK_MAX_CONNECTIONS", "70");
  env.set("SCALE_MOCK_REQUEST_TIMEOUT", "3");
  Config e;
  REQUIRE(parse({}, e).kind == ParseOutcome::kRun);
  CHECK(e.max_connections == 70);
  CHECK(e.request_timeout == 3);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--max-connections", "0"}, {"--request-timeout", "0"}, {"--request-timeout", "3601"}}) {
    INFO(args[0] << " " << args[1]);
    CHECK(parse(args).exit_code == 2);
  }
  auto help = parse({"--help"});
  CHECK_THAT(help.output, Contains("--max-connections"));
  CHECK_THAT(help.output, Contains("--request-timeout"));
}

TEST_CASE("the journal's byte budget and body cap, by flag or variable, within range",
          "[config][env]") {
  Environment env;
  Config d;
  REQUIRE(parse({}, d).kind == ParseOutcome::kRun);
  CHECK(d.journal_max_bytes == 64 * 1024 * 1024);
  CHECK(d.journal_body_cap == 64 * 1024);
  Config c;
  REQUIRE(parse({"--journal-max-bytes", "1000000", "--journal-body-cap", "0"}, c).kind ==
          ParseOutcome::kRun);
  CHECK(c.journal_max_bytes == 1000000);
  CHECK(c.journal_body_cap == 0);
  env.set("SCALE_MOCK_JOURNAL_MAX_BYTES", "5000");
  env.set("SCALE_MOCK_JOURNAL_BODY_CAP", "700");
  Config e;
  REQUIRE(parse({}, e).kind == ParseOutcome::kRun);
  CHECK(e.journal_max_bytes == 5000);
  CHECK(e.journal_body_cap == 700);
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--journal-max-bytes", "-1"},
                                             {"--journal-max-bytes", "2000000000000"},
                                             {"--journal-body-cap", "2000000000"},
                                             {"--journal-body-cap", "many"}}) {
    INFO(args[0] << " " << args[1]);
    CHECK(parse(args).exit_code == 2);
  }
  auto help = parse({"--help"});
  CHECK_THAT(help.output, Contains("--journal-max-bytes"));
  CHECK_THAT(help.output, Contains("--journal-body-cap"));
}

TEST_CASE("normalise_base_path gives \"\" or a path without a trailing slash", "[config]") {
  CHECK(normalised("") == "");
  CHECK(normalised("/") == "");
  CHECK(normalised("//") == "");
  CHECK(normalised("api") == "/api");
  CHECK(normalised("/api") == "/api");
  CHECK(normalised("/api/") == "/api");
  CHECK(normalised("api//") == "/api");
  CHECK(normalised("/tenant/v1/") == "/tenant/v1");
  CHECK(normalised("/a-b_c.d~e") == "/a-b_c.d~e");
  CHECK_FALSE(normalised("/a b"));
  CHECK_FALSE(normalised("/api?x"));
  CHECK_FALSE(normalised("/api#x"));
  CHECK_FALSE(normalised("/api\t"));
  CHECK_FALSE(normalised("/api\n"));
}

TEST_CASE("the authorization flags read KID=VALUE pairs, from flags or the environment",
          "[config][auth]") {
  Environment env;
  Config c;
  auto out = parse(
      {"--auth", "verify", "--jwt-key", "tenant=/keys/tenant.pem", "--jwt-key", "other=/k/o.pem",
       "--jwt-issuer", "tenant=https://tenant.example/", "--no-dev-key", "--enforce-permissions"},
      c);
  INFO(out.output);
  REQUIRE(out.kind == ParseOutcome::kRun);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(c.auth == "verify");
  CHECK(c.jwt_keys == Pairs{{"tenant", "/keys/tenant.pem"}, {"other", "/k/o.pem"}});
  CHECK(c.jwt_issuers == Pairs{{"tenant", "https://tenant.example/"}});
  CHECK(c.no_dev_key);
  CHECK(c.enforce_permissions);

  env.set("SCALE_MOCK_JWT_KEY", "a=/a.pem,b=/b.pem");
  env.set("SCALE_MOCK_JWT_ISSUER", "a=issuer-a");
  env.set("SCALE_MOCK_NO_DEV_KEY", "1");
  env.set("SCALE_MOCK_ENFORCE_PERMISSIONS", "true");
  Config e;
  REQUIRE(parse({}, e).kind == ParseOutcome::kRun);
  CHECK(e.jwt_keys == Pairs{{"a", "/a.pem"}, {"b", "/b.pem"}});
  CHECK(e.jwt_issuers == Pairs{{"a", "issuer-a"}});
  CHECK(e.no_dev_key);
  CHECK(e.enforce_permissions);

  for (const char* bad : {"nokid", "=/x.pem", "kid="}) {
    INFO(bad);
    auto r = parse({"--jwt-key", bad});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Contains("is not KID=PATH"));
  }
  CHECK_THAT(parse({"--jwt-issuer", "x"}).output, Contains("is not KID=ISSUER"));
}

TEST_CASE("the token subcommand takes its claims, with the documented defaults", "[config][auth]") {
  Environment env;
  Config d;
  REQUIRE(parse({"token"}, d).kind == ParseOutcome::kRun);
  REQUIRE(d.token.has_value());
  CHECK(d.token->sub == "scale-mock-dev");
  CHECK(d.token->iss == "scale-mock");
  CHECK(d.token->permissions == std::vector<std::string>{"*.*"});
  CHECK(d.token->ttl_seconds == 3600);
  CHECK(d.token->kid == "scale-mock-dev");

  Config c;
  REQUIRE(parse({"token", "--sub", "ci", "--iss", "me", "--permissions",
                 "Licensee.read,LicenseConsumer.*", "--ttl", "60", "--kid", "k1"},
                c)
              .kind == ParseOutcome::kRun);
  REQUIRE(c.token.has_value());
  CHECK(c.token->sub == "ci");
  CHECK(c.token->iss == "me");
  CHECK(c.token->permissions == std::vector<std::string>{"Licensee.read", "LicenseConsumer.*"});
  CHECK(c.token->ttl_seconds == 60);
  CHECK(c.token->kid == "k1");

  env.set("SCALE_MOCK_TOKEN_SUB", "from-env");
  Config e;
  REQUIRE(parse({"token"}, e).kind == ParseOutcome::kRun);
  CHECK(e.token->sub == "from-env");

  CHECK(parse({"token", "--ttl", "0"}).exit_code == 2);
  CHECK(parse({"token", "--nope"}).exit_code == 2);
  auto help = parse({"token", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Contains("--permissions"));
}

TEST_CASE("the healthcheck subcommand reads the server's host and port, flags and environment",
          "[config][healthcheck]") {
  Environment env;
  Config d;
  REQUIRE(parse({"healthcheck"}, d).kind == ParseOutcome::kRun);
  REQUIRE(d.healthcheck.has_value());
  CHECK(d.healthcheck->timeout_seconds == 2.0);
  CHECK(d.host == "127.0.0.1");
  CHECK(d.port == 8080);
  CHECK_FALSE(d.token.has_value());

  // The server's flags work after the subcommand too, and its variables as for the server.
  Config c;
  REQUIRE(
      parse({"healthcheck", "--port", "9000", "--host", "0.0.0.0", "--timeout", "0.5"}, c).kind ==
      ParseOutcome::kRun);
  CHECK(c.port == 9000);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.healthcheck->timeout_seconds == 0.5);

  env.set("SCALE_MOCK_PORT", "9001");
  env.set("SCALE_MOCK_HOST", "0.0.0.0");
  env.set("SCALE_MOCK_HEALTHCHECK_TIMEOUT", "5");
  Config e;
  REQUIRE(parse({"healthcheck"}, e).kind == ParseOutcome::kRun);
  CHECK(e.port == 9001);
  CHECK(e.host == "0.0.0.0");
  CHECK(e.healthcheck->timeout_seconds == 5.0);

  CHECK(parse({"healthcheck", "--timeout", "0"}).exit_code == 2);
  CHECK(parse({"healthcheck", "--timeout", "soon"}).exit_code == 2);
  CHECK(parse({"healthcheck", "--nope"}).exit_code == 2);
  CHECK(parse({"healthcheck", "token"}).exit_code == 2);
  CHECK(parse({"token", "healthcheck"}).exit_code == 2);
  auto help = parse({"healthcheck", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Contains("--timeout"));
}
