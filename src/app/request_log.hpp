#pragma once
// The log of one line per request, written by a background thread so that a slow or full
// stdout (a test harness that reads only the first line of a pipe) never stalls a request.
// Lines are gathered in a buffer and written together, at least every 100 ms (50 ms after the
// first line waiting, or at once when 64 KiB are waiting) and at close: one fwrite and one
// fflush per batch, not a system call per request. When too many lines are waiting, new ones
// are dropped and the count is reported later.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace scale::app {

class RequestLog {
 public:
  // How long a line may wait for the lines after it before the batch is written.
  static constexpr std::chrono::milliseconds kFlushInterval{50};
  // Waiting bytes that are written at once, without waiting for the interval.
  static constexpr std::size_t kFlushBytes = 64 * 1024;

  // `capacity`: lines that may wait to be written; past it, lines are dropped and counted.
  explicit RequestLog(std::FILE* out, std::size_t capacity = 10000);
  // Writes what is waiting and stops the writer, giving up after about a second if the output
  // does not drain. Returns false when it gave up: the writer is then stuck inside stdio, and
  // the process should leave with _Exit, as a normal exit would wait for the same stdio lock.
  bool close();
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Queues one line (without its newline); never blocks on the output, and makes no system
  // call except to wake the writer for the first line of a batch.
  void write(const std::string& line);

 private:
  struct Shared {
    std::FILE* out;
    std::size_t capacity;
    std::mutex mu;
    std::condition_variable wake;
    std::condition_variable drained;
    std::string waiting;  // lines, each with its newline
    std::size_t lines = 0;
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
