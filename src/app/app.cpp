#include "app/app.hpp"

#include <malloc.h>
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "app/dev_key.hpp"
#include "app/fixtures.hpp"
#include "app/healthcheck.hpp"
#include "app/state_file.hpp"
#include "app/system_clock.hpp"
#include "auth/jwt.hpp"
#include "http/auth_stage.hpp"
#include "http/openapi.hpp"
#include "wire/codec.hpp"

namespace scale::app {

namespace jwt = auth::jwt;

App::App(Config config) : config_(std::move(config)) {}

App::~App() {
  stop();
}

namespace {

jwt::RsaKey dev_key() {
  std::string error;
  auto key = jwt::RsaKey::private_from_pem(dev_private_key_pem(), error);
  // The key is built into the binary: failing to read it is a build defect.
  if (!key) throw std::runtime_error("the embedded development key is unreadable: " + error);
  return *key;
}

// The keys verify mode trusts: the development key (unless --no-dev-key), then each --jwt-key,
// with the --jwt-issuer of its kid. False with `error` set for a key that cannot be read, is
// not RSA or is under 2048 bits, a kid given twice, or an issuer for a kid with no key.
bool trusted_keys(const Config& c, std::map<std::string, jwt::TrustedKey, std::less<>>& keys,
                  std::string& error) {
  if (!c.no_dev_key) keys.insert_or_assign(kDevKid, jwt::TrustedKey{dev_key(), std::nullopt});
  std::set<std::string> seen;
  for (const auto& [kid, path] : c.jwt_keys) {
    const std::string flag = "--jwt-key " + kid + "=" + path;
    if (!seen.insert(kid).second) {
      error = flag + ": the kid '" + kid + "' is given twice";
      return false;
    }
    std::string why;
    auto key = jwt::RsaKey::public_from_file(path, why);
    if (!key) {
      error = flag + ": " + why;
      return false;
    }
    if (key->bits() < 2048) {
      error = flag + ": the key has " + std::to_string(key->bits()) +
              " bits; 10Duke Scale keys are RSA of at least 2048 bits";
      return false;
    }
    keys.insert_or_assign(kid, jwt::TrustedKey{*key, std::nullopt});
  }
  for (const auto& [kid, issuer] : c.jwt_issuers) {
    auto it = keys.find(kid);
    if (it == keys.end()) {
      error = "--jwt-issuer " + kid + "=" + issuer + ": no --jwt-key has the kid '" + kid + "'";
      return false;
    }
    it->second.issuer = issuer;
  }
  return true;
}

// The key that signs license tokens: --licensing-key's, else the development licensing key
// under a kid made from its thumbprint. nullptr with `error` set for a key that cannot be read,
// is not a private RSA key or is under 2048 bits.
std::shared_ptr<const http::LicensingKey> licensing_key(const Config& c, std::string& error) {
  std::string why;
  if (!c.licensing_key) {
    auto key = jwt::RsaKey::private_from_pem(dev_licensing_key_pem(), why);
    if (!key) throw std::runtime_error("the embedded licensing key is unreadable: " + why);
    return std::make_shared<const http::LicensingKey>(
        http::LicensingKey{*key, http::licensing_kid(*key)});
  }
  const auto& [kid, path] = *c.licensing_key;
  const std::string flag = "--licensing-key " + kid + "=" + path;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    error = flag + ": cannot read " + path;
    return nullptr;
  }
  auto key = jwt::RsaKey::private_from_pem(text.str(), why);
  if (!key) {
    error = flag + ": " + why;
    return nullptr;
  }
  if (key->bits() < 2048) {
    error =
        flag + ": the key has " + std::to_string(key->bits()) + " bits; at least 2048 are needed";
    return nullptr;
  }
  return std::make_shared<const http::LicensingKey>(http::LicensingKey{*key, kid});
}

}  // namespace

std::string print_token(const Config::TokenCommand& command, const domain::Clock& clock) {
  jwt::TokenSpec spec;
  spec.sub = command.sub;
  spec.iss = command.iss;
  spec.permissions = command.permissions;
  spec.ttl_seconds = command.ttl_seconds;
  spec.kid = command.kid;
  return jwt::issue(dev_key(), spec, clock.now());
}

bool App::prepare(std::string& error) {
  auto real_clock = std::make_shared<SystemClock>();
  std::shared_ptr<const http::Authorizer> authorizer;
  {
    http::AuthOptions auth;
    if (!trusted_keys(config_, auth.check.keys, error)) return false;
    auth.check.verify_signature = config_.auth == "verify";
    auth.enforce_permissions = config_.enforce_permissions;
    auth.clock = real_clock;
    if (config_.auth != "off") authorizer = std::make_shared<http::Authorizer>(std::move(auth));
  }
  controls::NamespaceDefaults defaults;
  if (!config_.no_fixtures) {
    defaults.fixtures = read_fixtures(config_.fixtures, error);
    if (!error.empty()) return false;
  }
  defaults.clock_start = config_.clock;
  defaults.seed = config_.seed;
  defaults.journal.entries = config_.journal_limit;
  defaults.journal.max_bytes = config_.journal_max_bytes;
  defaults.journal.body_cap = config_.journal_body_cap;
  defaults.real_clock = real_clock;
  defaults.random_seed = [] {
    static std::mutex mu;
    static std::random_device rd;
    std::lock_guard lock(mu);
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  };
  namespaces_ = std::make_shared<controls::Namespaces>(std::move(defaults), config_.max_namespaces);
  auto found = namespaces_->get(controls::kDefaultNamespace);
  if (!found) {
    error = found.error().description();
    return false;
  }
  default_ = *found;
  if (!config_.state_file.empty()) {
    if (auto s = check_state_file_location(config_.state_file); !s) {
      error = s.error().description();
      return false;
    }
    remove_stale_temporaries(config_.state_file);
  }
  if (!config_.state_file.empty() && std::filesystem::exists(config_.state_file)) {
    if (auto s = load_state(*default_->store, config_.state_file); !s) {
      error = s.error().description();
      return false;
    }
  }

  // Loading decoded the fixtures into short-lived strings all over the heap; give the pages
  // they leave free back to the system (hundreds of megabytes for a large fixture).
  malloc_trim(0);

  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.base_path = config_.base_path;
  options.max_body_bytes = config_.max_body_bytes;
  options.threads = config_.threads;
  options.max_connections = config_.max_connections;
  options.request_timeout_seconds = config_.request_timeout;
  options.checkout.signer = licensing_key(config_, error);
  if (!options.checkout.signer) return false;
  options.checkout.policy.lease_seconds = config_.lease_seconds;
  options.checkout.policy.heartbeat_not_before_seconds = config_.heartbeat_not_before;
  options.checkout.real_clock = real_clock;
  if (!config_.quiet) {
    log_ = std::make_unique<RequestLog>(stdout);
    options.log = [log = log_.get()](const std::string& line) { log->write(line); };
  }
  http::AdminOptions admin;
  admin.version = SCALE_MOCK_VERSION;
  admin.openapi = http::openapi_document();
  if (!config_.state_file.empty()) admin.snapshot = [this] { return snapshot(); };
  if (!config_.no_dev_key) {
    admin.issue_token = [key = dev_key(), real_clock](const jwt::TokenSpec& spec) {
      return jwt::issue(key, spec, real_clock->now());
    };
  }
  server_ = std::make_unique<http::Server>(options, namespaces_, std::move(admin));
  if (authorizer) {
    server_->add_stage(http::auth_stage(authorizer),
                       [authorizer](const httplib::Request& req, httplib::Response& res,
                                    std::string_view permission, http::Access access) {
                         return authorizer->refuse(req, res, permission, access);
                       });
  }
  return server_->bind(error);
}

void App::say(const std::string& line) {
  if (log_) {
    log_->write(line);
  } else {
    std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
  }
}

domain::Status App::snapshot() {
  if (config_.state_file.empty()) return domain::Ok();
  // One snapshot at a time: two writers would race for the rename.
  static std::mutex mu;
  std::lock_guard lock(mu);
  return save_state(*default_->store, config_.state_file);
}

bool App::serve() {
  return server_->run();
}

bool App::start(std::string& error) {
  if (!prepare(error)) return false;
  thread_ = std::thread([this] { serve(); });
  while (!server_->is_running()) std::this_thread::yield();
  return true;
}

void App::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

int run(int argc, const char* const* argv) {
  Config config;
  auto outcome = parse_command_line(argc, argv, config);
  if (outcome.kind == ParseOutcome::kExit) {
    std::fputs(outcome.output.c_str(), outcome.exit_code == 0 ? stdout : stderr);
    return outcome.exit_code;
  }
  if (config.token) {
    std::fprintf(stdout, "%s\n", print_token(*config.token, SystemClock()).c_str());
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  if (config.healthcheck) {
    auto result = check_health(config, config.healthcheck->timeout_seconds);
    std::fprintf(result.exit_code == 0 ? stdout : stderr, "%s\n", result.line.c_str());
    return result.exit_code;
  }

  // Signals go to one waiting thread, never to a worker in the middle of a request.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  App app(config);
  std::string error;
  if (!app.prepare(error)) {
    std::fprintf(stderr, "scale-mock: %s\n", error.c_str());
    return 1;
  }
  std::fprintf(stdout, "scale-mock %s listening on http://%s:%d%s\n", SCALE_MOCK_VERSION,
               config.host.c_str(), app.port(), config.base_path.c_str());
  std::fflush(stdout);

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    app.stop();
  });
  bool ok = app.serve();
  // Wake the waiter if the server stopped for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (auto s = app.snapshot(); !s) {
    std::fprintf(stderr, "scale-mock: could not write the state file: %s\n",
                 s.error().description().c_str());
    ok = false;
  }
  app.say("scale-mock stopped");
  const int code = ok ? 0 : 1;
  // Nobody reads our stdout: a normal exit would block flushing it, so leave at once.
  if (!app.close_log()) std::_Exit(code);
  return code;
}

}  // namespace scale::app
