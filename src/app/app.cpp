#include "app/app.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <random>

#include "app/fixtures.hpp"
#include "app/system_clock.hpp"
#include "domain/id_generator.hpp"

namespace scale::app {

App::App(Config config) : config_(std::move(config)) {
  std::uint64_t seed;
  if (config_.seed) {
    seed = *config_.seed;
  } else {
    std::random_device rd;
    seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
  store_ = std::make_shared<store::Store>(std::make_shared<SystemClock>(),
                                          std::make_shared<domain::SeededIdGenerator>(seed));
}

App::~App() { stop(); }

bool App::prepare(std::string& error) {
  if (config_.auth != "off") {
    error = "--auth " + config_.auth +
            " is not available yet in this version of scale-mock; start with --auth off";
    return false;
  }
  if (!config_.no_fixtures) {
    auto sources = read_fixtures(config_.fixtures, error);
    if (sources.empty() && !error.empty()) return false;
    if (!load_fixtures(*store_, sources, error)) return false;
  }
  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.base_path = config_.base_path;
  options.max_body_bytes = config_.max_body_bytes;
  options.threads = config_.threads;
  if (!config_.quiet) {
    options.log = [](const std::string& line) { std::fprintf(stdout, "%s\n", line.c_str()); std::fflush(stdout); };
  }
  auto st = store_;
  server_ = std::make_unique<http::Server>(options, [st](const httplib::Request&) { return st; });
  return server_->bind(error);
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
  std::fprintf(stdout, "scale-mock stopped\n");
  return ok ? 0 : 1;
}

}  // namespace scale::app
