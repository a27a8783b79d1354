#pragma once
// The log of one line per request, written by a background thread so that a slow or full
// stdout (a test harness that reads only the first line of a pipe) never stalls a request.
// When too many lines are waiting, new ones are dropped and the count is reported later.

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace scale::app {

class RequestLog {
 public:
  explicit RequestLog(std::FILE* out, std::size_t capacity = 10000);
  // Writes what is waiting and stops the writer, giving up after about a second if the output
  // does not drain. Returns false when it gave up: the writer is then stuck inside stdio, and
  // the process should leave with _Exit, as a normal exit would wait for the same stdio lock.
  bool close();
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Queues one line (without its newline); never blocks on the output.
  void write(std::string line);

 private:
  struct Shared {
    std::FILE* out;
    std::size_t capacity;
    std::mutex mu;
    std::condition_variable wake;
    std::condition_variable drained;
    std::deque<std::string> lines;
    std::size_t dropped = 0;
    bool stopping = false;
    bool done = false;
  };
  static void drain(std::shared_ptr<Shared> s);

  std::shared_ptr<Shared> shared_;
  std::thread writer_;
  bool closed_ = false;
  bool drained_ = true;
};

}  // namespace scale::app
