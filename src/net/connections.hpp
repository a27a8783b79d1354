#pragma once
// The connection layer under cpp-httplib: it accepts connections, reads requests and hands
// only whole requests to worker threads, so that no client, however slow or idle, holds a
// worker while it is not sending.
//
// cpp-httplib 0.11 gives each connection a worker thread for as long as the connection lives:
// the worker waits in the keep-alive loop for the next request and reads each request as it
// trickles in, with a read timeout that restarts at every byte. So as many idle keep-alive
// connections as there are workers, or as many clients sending one byte a second, stop the
// server for everyone. Here instead:
//
// - One thread (run()) owns every connection that is not being answered: it accepts them and
//   waits for all of them at once in epoll. Idle keep-alive connections and clients still
//   sending their request cost a file descriptor and a buffer, never a thread.
// - It reads what arrives into the connection's buffer, and when RequestScanner says the
//   request is whole (head and body), queues the connection for a worker. The worker runs
//   cpp-httplib's own request processing on the buffered bytes (RequestStream), so it never
//   waits for the client to send; what of the answer the socket does not take at once goes
//   back with the connection, and the reactor sends it as the client reads (within the write
//   timeout), so the worker never waits for the client to read either.
// - A request must arrive whole within the request timeout of its first byte (else 408 and
//   close; empty lines before it do not count); an idle connection is closed after the
//   keep-alive timeout; at the connection cap
//   the connection idle the longest is closed to make room (503 when every one is busy).
// - A body over the limit is refused from its head (Content-Length) or from the chunk size
//   line that takes it past the limit: the worker answers 413 without reading it. The
//   connection then closes *lingering*: the answer goes out with Connection: close, the
//   sending side is shut down, and what the client still sends is read and discarded (for at
//   most the linger time) before the close, so that a client that writes its whole body
//   before reading gets the 413 instead of a reset.
// - An answer held back (a fault's delay, hold_current()) waits on its connection, not in a
//   worker: the worker finishes the request and moves on, and the reactor sends the answer
//   (or drops the connection) when the hold is over. Requests pipelined behind it wait.
//   Held connections count as busy at the connection cap, and close at once at stop().

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/request_scanner.hpp"

namespace scale::net {

struct ConnectionLimits {
  std::size_t workers = 16;
  // Connections open at once (lowered to what the open-file limit allows).
  std::size_t max_connections = 1000;
  std::size_t max_body_bytes = 1024 * 1024;
  // Requests served on one connection before it is closed.
  std::size_t keep_alive_max_count = 1000;
  std::chrono::milliseconds keep_alive_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds linger{2000};
};

// What the connection layer knows of the request a worker is serving.
struct RequestFacts {
  bool body_too_large = false;
  std::string malformed;  // why its framing is refused; empty when it is not
  // With `malformed`: what to answer (RequestScanner::problem_status(): 400, 405 or 431).
  int malformed_status = 0;
};

class Connections {
 public:
  // Serves one request from `stream` (cpp-httplib's Server::process_request); false when the
  // connection must close. `close_connection`: answer with Connection: close.
  using Serve =
      std::function<bool(httplib::Stream& stream, bool close_connection, bool& connection_closed)>;
  // Whole HTTP responses the layer sends by itself, each with Connection: close.
  struct Answers {
    std::string timeout;  // 408: the request did not arrive in time
    std::string busy;     // 503: every connection is busy
  };

  Connections(ConnectionLimits limits, Serve serve, Answers answers);
  ~Connections();
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // Serves the connections accepted on `listen_fd` (a listening socket, which it leaves open)
  // until stop(); then closes the idle ones, lets the workers finish the requests in hand
  // (each answered with Connection: close) and returns. False when it could not start.
  bool run(int listen_fd);
  // Makes run() return; safe from any thread, also before run().
  void stop();
  bool is_running() const { return running_; }

  // For the request being served on the calling thread (inside Serve); null elsewhere.
  static const RequestFacts* current();
  // Shuts the current request's connection down in both directions: the answer (if any)
  // fails to go out and the client sees the connection close without one. At once, or after
  // hold_current()'s time when the request is held.
  static void drop_current();
  // Holds the current request's answer (or its drop) on the connection until `until`, without
  // keeping the worker: the answer goes out then, and the requests pipelined after it are
  // served after that. A stop closes a held connection at once, its answer unsent.
  static void hold_current(std::chrono::steady_clock::time_point until);

 private:
  struct Connection;
  class RequestStream;
  // The connection whose request the calling worker thread is serving.
  static thread_local Connection* serving_;
  enum class Outcome { kKeep, kClose, kAbort };

  // The reactor (run()'s thread).
  void accept_all();
  void adopt(int fd);
  bool evict_one();
  void on_readable(Connection& c);
  void drain(Connection& c);
  void dispatch(Connection& c);
  void rearm(Connection& c);
  void close(Connection& c);
  void settle(Connection& c, Outcome outcome);
  void flush(Connection& c);
  void proceed(Connection& c, Outcome outcome);
  void release_held();
  void take_finished();
  void sweep();
  void shut_down();
  // The workers.
  void work();
  void serve(Connection& c);
  void finished(Connection& c, Outcome outcome);

  ConnectionLimits limits_;
  Serve serve_;
  Answers answers_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int listen_fd_ = -1;
  std::size_t max_connections_ = 0;

  // Owned by the reactor thread.
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<std::unique_ptr<Connection>> closed_;  // freed after the current epoll batch
  std::size_t busy_ = 0;                             // queued for or held by a worker
  // Connections whose answer is held, by the time it goes out.
  std::set<std::pair<std::chrono::steady_clock::time_point, Connection*>> held_;
  std::chrono::steady_clock::time_point next_sweep_;
  std::chrono::steady_clock::time_point accept_paused_until_;
  bool accept_paused_ = false;
  std::vector<char> scratch_;

  // Whole requests waiting for a worker.
  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  std::deque<Connection*> ready_;
  bool workers_stop_ = false;
  std::vector<std::thread> workers_;

  // Connections the workers are done with, for the reactor.
  std::mutex finished_mu_;
  std::vector<std::pair<Connection*, Outcome>> finished_;
};

}  // namespace scale::net
