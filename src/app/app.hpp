#pragma once
// The whole server put together from a Config: the store with its clock and id generator,
// the fixtures, and the HTTP server. Tests start one on a free port in-process.

#include <memory>
#include <string>
#include <thread>

#include "app/config.hpp"
#include "http/server.hpp"
#include "store/store.hpp"

namespace scale::app {

class App {
 public:
  explicit App(Config config);
  ~App();

  // Loads the fixtures and binds the port. On failure returns false with `error` set (a
  // fixture error reads "file: /json/pointer: reason").
  bool prepare(std::string& error);
  // Serves until stop() (blocking).
  bool serve();
  // prepare() and serve() on a background thread; returns once the server accepts requests.
  bool start(std::string& error);
  void stop();

  int port() const { return server_ ? server_->port() : 0; }
  store::Store& store() { return *store_; }

 private:
  Config config_;
  std::shared_ptr<store::Store> store_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// main(): parse the command line, start, stop cleanly on SIGINT or SIGTERM.
int run(int argc, const char* const* argv);

}  // namespace scale::app
