#pragma once
// The whole server put together from a Config: the namespaces (each a store with its clock,
// id generator, journal and faults), the fixtures, the state file, and the HTTP server.
// Tests start one on a free port in-process.

#include <memory>
#include <string>
#include <thread>

#include "app/config.hpp"
#include "app/request_log.hpp"
#include "controls/namespaces.hpp"
#include "http/server.hpp"
#include "store/store.hpp"

namespace scale::app {

class App {
 public:
  explicit App(Config config);
  ~App();

  // Loads the fixtures (and the state file), and binds the port. On failure returns false
  // with `error` set (a fixture error reads "file: /json/pointer: reason").
  bool prepare(std::string& error);
  // Serves until stop() (blocking).
  bool serve();
  // prepare() and serve() on a background thread; returns once the server accepts requests.
  bool start(std::string& error);
  void stop();
  // Writes the default namespace to --state-file, when one is configured.
  domain::Status snapshot();
  // Writes a line to stdout through the request log (never blocks), or directly when quiet.
  void say(const std::string& line);
  // Flushes and stops the request log; false when stdout would not take it (see RequestLog).
  bool close_log() { return log_ ? log_->close() : true; }

  int port() const { return server_ ? server_->port() : 0; }
  // The default namespace's store.
  store::Store& store() { return *default_->store; }

 private:
  Config config_;
  std::unique_ptr<RequestLog> log_;
  std::shared_ptr<controls::Namespaces> namespaces_;
  std::shared_ptr<controls::Namespace> default_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// A token for the `token` subcommand, signed with the development key at `clock`'s now.
std::string print_token(const Config::TokenCommand& command, const domain::Clock& clock);

// main(): parse the command line (and run the token or healthcheck subcommand when given), start,
// stop cleanly on SIGINT or SIGTERM (writing the state file when one is configured).
int run(int argc, const char* const* argv);

}  // namespace scale::app
