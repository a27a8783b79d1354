#pragma once
// The HTTP server: cpp-httplib's routing and request processing over our own connection
// layer (connections.hpp: TCP_NODELAY, keep-alive, whole requests handed to a bounded pool
// of workers, timeouts and a connection cap, bodies over the limit refused unread), the
// error envelope for every error the library itself answers, and a pipeline of stages
// around the API routes: the journal and faults always, later stages (auth) added with
// add_stage(). Stages never reach into the handlers.
// /__admin and the web console (/console, and / redirecting there) sit outside --base-path
// and skip the stages.

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controls/namespaces.hpp"
#include "http/admin_routes.hpp"
#include "http/api_routes.hpp"
#include "http/checkout_routes.hpp"
#include "http/console.hpp"
#include "http/router.hpp"
#include "http/stages.hpp"
#include "net/connections.hpp"

namespace scale::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;        // 0: any free port (see Server::port())
  std::string base_path;  // "" or "/api": no trailing slash
  std::size_t max_body_bytes = 1024 * 1024;
  // Workers answering requests at once (idle and slow clients hold none).
  std::size_t threads = 16;
  // Connections open at once; at the cap the one idle the longest is closed.
  std::size_t max_connections = 1000;
  std::size_t keep_alive_max_count = 1000;
  int keep_alive_timeout_seconds = 5;
  // A request must arrive whole within this time of its first byte (408 beyond).
  int request_timeout_seconds = 10;
  // An answer must go out within this time of its first byte.
  int write_timeout_seconds = 5;
  // The License Checkout API's signing key, lease policy and real clock.
  CheckoutOptions checkout;
  // Called once per request with "METHOD path status milliseconds"; null for silence.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  // Serves the API (with the journal and fault stages), /__admin over the namespaces, and the
  // web console.
  Server(ServerOptions options, std::shared_ptr<Namespaces> namespaces, AdminOptions admin);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Answers (and returns true) for a request whose body is over the limit, before the body is
  // read, when something outranks the 413 (auth's 401); `permission` is its route's (empty
  // for an unknown route or method).
  using EarlyCheck = std::function<bool(const httplib::Request&, httplib::Response&,
                                        std::string_view permission, Access access)>;

  // API stages run in the order added, after the journal and fault stages and before routing.
  // `early`, when given, runs for requests whose body is over the limit (which never reach the
  // stages), so that what the stage answers still outranks the 413.
  void add_stage(Stage stage, EarlyCheck early = {});

  // Binds the listening socket (listen_on() in sockets.hpp: never shared with another server
  // on the port); false with `error` naming host:port and why (the port in use...) when it
  // cannot.
  bool bind(std::string& error);
  // The bound port (the one the system chose after binding port 0); 0 before bind().
  int port() const { return port_; }
  // Serves until stop(). Call after bind().
  bool run();
  // Stops accepting and returns from run(); safe from any thread.
  void stop();
  bool is_running() const;

 private:
  void dispatch(const httplib::Request& req, httplib::Response& res);
  // Answers the exchange with the route `m` (its match in dispatch()).
  void route(Exchange& ex, const Router::Match& m);
  // The API path relative to the base path; nullopt when the request is outside it.
  std::optional<std::string_view> api_path(const httplib::Request& req) const;
  bool is_admin(const httplib::Request& req) const;
  Router::Match match(const httplib::Request& req) const;
  bool answer_unrouted(const httplib::Request& req, httplib::Response& res,
                       const Router::Match& m) const;
  // What outranks a body's size in the contract's order (404, 405, a path id's 400, 415);
  // true when it answered.
  bool answer_before_body(const httplib::Request& req, httplib::Response& res,
                          const Router::Match& m) const;
  // Answers a request the connection layer refused for its framing (net::RequestFacts::malformed):
  // its status and reason in the envelope; a method the server does not implement as any
  // method no route serves (405 with Allow, or 404 when no route has the path).
  void answer_malformed(const httplib::Request& req, httplib::Response& res,
                        const net::RequestFacts& facts) const;
  // Journals a request refused before it reached the stages (body too large, malformed).
  void journal_refused(const httplib::Request& req, httplib::Response& res);
  // The namespace the request names in its namespace header, else the default one; the
  // error of Namespaces::get for a name it refuses.
  domain::Result<std::shared_ptr<Namespace>> namespace_of(const httplib::Request& req);
  void close_listening_socket();

  ServerOptions options_;
  std::shared_ptr<Namespaces> namespaces_;
  Router router_;
  Router admin_router_;
  ConsoleOptions console_;
  std::vector<Stage> stages_;
  std::vector<EarlyCheck> early_checks_;
  class Core;
  std::unique_ptr<Core> http_;
  std::unique_ptr<net::Connections> connections_;
  std::atomic<int> listen_fd_{-1};
  int port_ = 0;
};

}  // namespace scale::http
