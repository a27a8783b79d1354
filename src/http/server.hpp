#pragma once
// The HTTP server: cpp-httplib tuned for a test double (TCP_NODELAY, keep-alive, a sized
// thread pool, a body limit), the error envelope for every error the library itself answers,
// and a pipeline of stages around the API routes. Later stages (auth, journal, faults) are
// added with add_stage() and never reach into the handlers.

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/handlers.hpp"
#include "http/router.hpp"

namespace scale::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  std::string base_path;  // "" or "/api": no trailing slash
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t threads = 16;
  std::size_t keep_alive_max_count = 1000;
  int keep_alive_timeout_seconds = 5;
  int read_timeout_seconds = 5;
  // Called once per request with "METHOD path status milliseconds"; null for silence.
  std::function<void(const std::string&)> log;
};

// A stage sees every request before the route does; it answers itself, or calls next().
using Stage = std::function<void(const httplib::Request&, httplib::Response&,
                                 const std::function<void()>& next)>;

class Server {
 public:
  Server(ServerOptions options, StoreFor store_for);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Stages run in the order added, before routing.
  void add_stage(Stage stage);

  // Binds the listening socket; false (with the reason in `error`) when it cannot.
  bool bind(std::string& error);
  // The bound port (useful after binding port 0).
  int port() const { return port_; }
  // Serves until stop(). Call after bind().
  bool run();
  // Stops accepting and returns from run(); safe from any thread.
  void stop();
  bool is_running() const;

 private:
  void dispatch(const httplib::Request& req, httplib::Response& res);
  void route(const httplib::Request& req, httplib::Response& res);
  Router::Match match(const httplib::Request& req) const;
  bool answer_unrouted(const httplib::Request& req, httplib::Response& res,
                       const Router::Match& m) const;
  bool body_over_limit(const httplib::Request& req) const;

  ServerOptions options_;
  Router router_;
  std::vector<Stage> stages_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

}  // namespace scale::http
