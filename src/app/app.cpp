#include "app/app.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>

#include "app/fixtures.hpp"
#include "app/state_file.hpp"
#include "app/system_clock.hpp"
#include "http/codec.hpp"
#include "http/openapi.hpp"

namespace scale::app {

App::App(Config config) : config_(std::move(config)) {}

App::~App() { stop(); }

bool App::prepare(std::string& error) {
  if (config_.auth != "off") {
    error = "--auth " + config_.auth +
            " is not available yet in this version of scale-mock; start with --auth off";
    return false;
  }
  http::NamespaceDefaults defaults;
  if (!config_.no_fixtures) {
    defaults.fixtures = read_fixtures(config_.fixtures, error);
    if (!error.empty()) return false;
  }
  defaults.clock_start = config_.clock;
  defaults.seed = config_.seed;
  defaults.journal_limit = config_.journal_limit;
  defaults.real_clock = std::make_shared<SystemClock>();
  defaults.random_seed = [] {
    static std::mutex mu;
    static std::random_device rd;
    std::lock_guard lock(mu);
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  };
  namespaces_ = std::make_shared<http::Namespaces>(std::move(defaults), config_.max_namespaces);
  auto found = namespaces_->get(http::kDefaultNamespace);
  if (!found.ns) {
    error = found.message;
    return false;
  }
  default_ = found.ns;
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

  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.base_path = config_.base_path;
  options.max_body_bytes = config_.max_body_bytes;
  options.threads = config_.threads;
  if (!config_.quiet) {
    log_ = std::make_unique<RequestLog>(stdout);
    options.log = [log = log_.get()](const std::string& line) { log->write(line); };
  }
  http::AdminOptions admin;
  admin.version = SCALE_MOCK_VERSION;
  admin.openapi = http::openapi_document();
  if (!config_.state_file.empty()) admin.snapshot = [this] { return snapshot(); };
  server_ = std::make_unique<http::Server>(options, namespaces_, std::move(admin));
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

bool App::serve() { return server_->run(); }

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
    std::fprintf(stderr, "scale-mock: could not write the state file: %s\n", s.error().description().c_str());
    ok = false;
  }
  app.say("scale-mock stopped");
  const int code = ok ? 0 : 1;
  // Nobody reads our stdout: a normal exit would block flushing it, so leave at once.
  if (!app.close_log()) std::_Exit(code);
  return code;
}

}  // namespace scale::app
