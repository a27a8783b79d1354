// The server's request log line ("METHOD path status time") over real HTTP, for each way a
// request is answered: by a route, by an error the library found itself (a Content-Encoding it
// cannot decode), by the library's own 404 (a path with a line break no pattern matches), and
// under --base-path. (The line is written before the answer goes out: the connection layer
// sends what the library wrote once the library is done with the request.)

#include <catch2/catch.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/system_clock.hpp"
#include "controls/namespaces.hpp"
#include "http/server.hpp"
#include "support/test_server.hpp"

using namespace scale;
using testing::kSetupOrg;
using testing::raw_exchange;
using testing::raw_status;

namespace {

// An http::Server with a request log, serving on a free loopback port until destroyed.
class LoggedServer {
 public:
  explicit LoggedServer(std::string base_path = "") {
    controls::NamespaceDefaults defaults;
    defaults.seed = 1;
    defaults.real_clock = std::make_shared<app::SystemClock>();
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.base_path = std::move(base_path);
    options.log = [this](const std::string& line) {
      std::lock_guard lock(mu_);
      lines_.push_back(line);
    };
    server_ = std::make_unique<http::Server>(
        options, std::make_shared<controls::Namespaces>(std::move(defaults), 10),
        http::AdminOptions{});
    std::string error;
    if (!server_->bind(error)) throw std::runtime_error(error);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~LoggedServer() {
    server_->stop();
    thread_.join();
  }
  LoggedServer(const LoggedServer&) = delete;
  LoggedServer& operator=(const LoggedServer&) = delete;

  int port() const { return server_->port(); }
  // The log's lines so far without their times ("POST /licensees 201").
  std::vector<std::string> lines() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& line : lines_) out.push_back(line.substr(0, line.rfind(' ')));
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

std::string post(const std::string& target, const std::string& extra_headers) {
  const std::string body = R"({"name":"Logged"})";
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra_headers +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("the request log names each request's method, path and status", "[server][log]") {
  LoggedServer s;
  CHECK(raw_status(raw_exchange(s.port(), post(kSetupOrg, ""))) == 201);
  CHECK(raw_status(raw_exchange(s.port(), post(kSetupOrg, "Content-Encoding: br\r\n"))) == 400);
  CHECK(raw_status(raw_exchange(s.port(), post("/licensees/actions/nothing?x=1", ""))) == 404);
  CHECK(raw_status(raw_exchange(
            s.port(), "GET /licensees%0Aand HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) ==
        404);
  CHECK(raw_status(raw_exchange(
            s.port(), "GET /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) ==
        200);
  CHECK(s.lines() == std::vector<std::string>{
                         "POST /licensees/actions/setup-organization 201",
                         "POST /licensees/actions/setup-organization 400",
                         "POST /licensees/actions/nothing 404",
                         "GET /licensees\nand 404",
                         "GET /__admin/health 200",
                     });
  // The journal has the requests that reached the API's stages: not the one the library
  // refused itself, nor the one no pattern matched.
  httplib::Client client("127.0.0.1", s.port());
  auto journal = client.Get("/__admin/requests");
  REQUIRE(journal);
  REQUIRE(journal->status == 200);
  const wire::Json entries = wire::Json::parse(journal->body).at("requests");
  std::vector<std::string> journaled;
  for (const auto& e : entries)
    journaled.push_back(e.at("method").get<std::string>() + " " + e.at("path").get<std::string>() +
                        " " + std::to_string(e.at("status").get<int>()));
  CHECK(journaled == std::vector<std::string>{"POST /licensees/actions/setup-organization 201",
                                              "POST /licensees/actions/nothing 404"});
}

TEST_CASE("the request log names the whole path under --base-path", "[server][log]") {
  LoggedServer s("/api");
  CHECK(raw_status(raw_exchange(s.port(), post("/api" + std::string(kSetupOrg), ""))) == 201);
  CHECK(raw_status(raw_exchange(s.port(), post(kSetupOrg, ""))) == 404);
  CHECK(s.lines() == std::vector<std::string>{
                         "POST /api/licensees/actions/setup-organization 201",
                         "POST /licensees/actions/setup-organization 404",
                     });
}
