// `scale-mock healthcheck`: exit 0 for a running scale-mock, 1 for nothing listening, for an
// answer other than 200, for a 200 that is not scale-mock's health answer, and for a server
// that never answers. Each server here is real and listens on a free loopback port.

#include "app/healthcheck.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using scale::app::App;
using scale::app::check_health;
using scale::app::Config;

namespace {

// A socket listening on a free loopback port that never accepts: connections complete (the
// kernel queues them) but no byte ever comes back.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 8) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("cannot listen on a loopback port");
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A port that nothing listens on: one the kernel just gave out, closed again.
int closed_port() {
  SilentListener listener;
  return listener.port();
}

// Another HTTP server on a free port, answering GET /__admin/health with `status` and `body`.
class OtherServer {
 public:
  OtherServer(int status, std::string body) {
    server_.Get("/__admin/health", [status, body](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_content(body, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~OtherServer() {
    server_.stop();
    thread_.join();
  }
  OtherServer(const OtherServer&) = delete;
  OtherServer& operator=(const OtherServer&) = delete;
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A scale-mock App with the command line's defaults (auth claims included: the health route
// needs no token), empty and quiet, on a free loopback port.
class RunningMock {
 public:
  RunningMock() {
    Config c;
    c.port = 0;
    c.no_fixtures = true;
    c.quiet = true;
    app_ = std::make_unique<App>(c);
    std::string error;
    if (!app_->start(error)) throw std::runtime_error(error);
  }
  int port() const { return app_->port(); }

 private:
  std::unique_ptr<App> app_;
};

Config pointing_at(int port, std::string host = "127.0.0.1") {
  Config c;
  c.host = std::move(host);
  c.port = port;
  return c;
}

int run(std::vector<std::string> args) {
  std::vector<const char*> argv{"scale-mock"};
  for (const auto& a : args) argv.push_back(a.c_str());
  return scale::app::run(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("a running scale-mock is healthy: exit 0 and a line saying so", "[healthcheck]") {
  RunningMock mock;
  auto r = check_health(pointing_at(mock.port()), 2.0);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.line, StartsWith("scale-mock healthcheck: ok: http://127.0.0.1:" +
                                std::to_string(mock.port()) + "/__admin/health"));
  CHECK_THAT(r.line, Contains(std::string("scale-mock ") + SCALE_MOCK_VERSION));
  CHECK(r.line.find('\n') == std::string::npos);

  SECTION("a server listening on 0.0.0.0 is asked on 127.0.0.1") {
    CHECK(check_health(pointing_at(mock.port(), "0.0.0.0"), 2.0).exit_code == 0);
  }
  SECTION("through the command line, with the port after the subcommand") {
    CHECK(run({"healthcheck", "--port", std::to_string(mock.port())}) == 0);
    CHECK(run({"--port", std::to_string(mock.port()), "healthcheck", "--timeout", "1"}) == 0);
  }
  SECTION("through the command line, with the server's own SCALE_MOCK_PORT") {
    std::optional<std::string> saved;
    if (const char* v = std::getenv("SCALE_MOCK_PORT")) saved = v;
    ::setenv("SCALE_MOCK_PORT", std::to_string(mock.port()).c_str(), 1);
    const int code = run({"healthcheck"});
    if (saved)
      ::setenv("SCALE_MOCK_PORT", saved->c_str(), 1);
    else
      ::unsetenv("SCALE_MOCK_PORT");
    CHECK(code == 0);
  }
}

TEST_CASE("nothing listening is unhealthy: exit 1 naming the address", "[healthcheck]") {
  const int port = closed_port();
  auto r = check_health(pointing_at(port), 2.0);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.line, StartsWith("scale-mock healthcheck: no answer from http://127.0.0.1:" +
                                std::to_string(port) + "/__admin/health"));
  CHECK(run({"healthcheck", "--port", std::to_string(port)}) == 1);
}

TEST_CASE("an answer other than 200 is unhealthy: exit 1 with the status", "[healthcheck]") {
  for (int status : {500, 503, 404, 204}) {
    INFO(status);
    OtherServer other(status, R"({"status": "ok"})");
    auto r = check_health(pointing_at(other.port()), 2.0);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.line, Contains("answered " + std::to_string(status) + ", not 200"));
  }
}

TEST_CASE("a 200 that is not scale-mock's health answer is unhealthy", "[healthcheck]") {
  for (const char* body : {"hello", "{}", R"({"status": "starting"})", "[]"}) {
    INFO(body);
    OtherServer other(200, body);
    auto r = check_health(pointing_at(other.port()), 2.0);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.line, Contains("without \"status\": \"ok\""));
  }
  OtherServer healthy(200, R"({"status": "ok"})");
  CHECK(check_health(pointing_at(healthy.port()), 2.0).exit_code == 0);
}

TEST_CASE("a server that never answers is unhealthy once the timeout passes", "[healthcheck]") {
  SilentListener silent;
  auto r = check_health(pointing_at(silent.port()), 0.2);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.line, StartsWith("scale-mock healthcheck: no answer from"));
}

TEST_CASE("port 0 cannot be checked: exit 1", "[healthcheck]") {
  auto r = check_health(pointing_at(0), 2.0);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.line, Contains("port 0"));
}
