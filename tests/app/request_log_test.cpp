// The request log: lines reach the output in few writes (buffered, flushed at least every
// 100 ms and at close), every line written is there after close, lines past the capacity are
// dropped and counted, and close() gives up on an output that never drains.

#include "app/request_log.hpp"

#include <stdio.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using scale::app::RequestLog;
using namespace std::chrono_literals;

namespace {

// An output stream (fopencookie) that records what is written to it and how many write calls
// it took; it can be told to block every write until released.
class CountingOutput {
 public:
  CountingOutput() {
    cookie_io_functions_t io{};
    io.write = [](void* self, const char* data, size_t size) -> ssize_t {
      return static_cast<CountingOutput*>(self)->on_write(data, size);
    };
    file_ = fopencookie(this, "w", io);
    if (!file_) throw std::runtime_error("fopencookie failed");
  }
  ~CountingOutput() {
    release();
    if (file_) std::fclose(file_);
  }
  CountingOutput(const CountingOutput&) = delete;
  CountingOutput& operator=(const CountingOutput&) = delete;

  std::FILE* file() const { return file_; }
  std::size_t writes() const {
    std::lock_guard lock(mu_);
    return writes_;
  }
  std::string text() const {
    std::lock_guard lock(mu_);
    return text_;
  }
  void block() {
    std::lock_guard lock(mu_);
    blocked_ = true;
  }
  void release() {
    std::lock_guard lock(mu_);
    blocked_ = false;
    cv_.notify_all();
  }
  // Waits until a write call is blocked inside the output.
  bool wait_until_stuck(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return stuck_; });
  }
  // Waits until the output holds `needle`.
  bool wait_for_text(const std::string& needle, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return text_.find(needle) != std::string::npos; });
  }

 private:
  ssize_t on_write(const char* data, size_t size) {
    std::unique_lock lock(mu_);
    ++writes_;
    stuck_ = blocked_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !blocked_; });
    stuck_ = false;
    text_.append(data, size);
    cv_.notify_all();
    return static_cast<ssize_t>(size);
  }

  std::FILE* file_ = nullptr;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::size_t writes_ = 0;
  std::string text_;
  bool blocked_ = false;
  bool stuck_ = false;
};

std::string line_of(int i) {
  return "GET /licensees/" + std::to_string(i) + " 200 0.05ms";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("lines written at a steady pace reach the output in a few writes, each line whole",
          "[log]") {
  CountingOutput out;
  RequestLog log(out.file());
  // 1,000 requests over about a tenth of a second: a busy server, not a burst.
  for (int i = 0; i < 1000; ++i) {
    log.write(line_of(i));
    std::this_thread::sleep_for(100us);
  }
  REQUIRE(log.close());
  std::vector<std::string> expected;
  for (int i = 0; i < 1000; ++i) expected.push_back(line_of(i));
  CHECK(lines_of(out.text()) == expected);
  // A write per line (or per handful) costs a system call per request.
  INFO("write calls: " << out.writes());
  CHECK(out.writes() <= 100);
}

TEST_CASE("a line written alone appears within a second, without close", "[log]") {
  CountingOutput out;
  RequestLog log(out.file());
  log.write("scale-mock alone");
  CHECK(out.wait_for_text("scale-mock alone\n", 1000ms));
  REQUIRE(log.close());
}

TEST_CASE("lines past the capacity are dropped and counted while the output is stuck", "[log]") {
  CountingOutput out;
  RequestLog log(out.file(), 10);
  out.block();
  log.write("first");
  REQUIRE(out.wait_until_stuck(2000ms));
  for (int i = 0; i < 25; ++i) log.write(line_of(i));
  out.release();
  REQUIRE(log.close());
  const std::string text = out.text();
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(\((\d+) log lines dropped)")));
  const int dropped = std::stoi(m[1]);
  int kept = 0;
  for (int i = 0; i < 25; ++i)
    if (text.find(line_of(i) + "\n") != std::string::npos) ++kept;
  CHECK(dropped > 0);
  CHECK(kept <= 10);
  CHECK(kept + dropped == 25);
}

TEST_CASE("close gives up after about a second when the output never drains", "[log]") {
  // Static: the writer is left blocked in the output when close returns, and the output is
  // released afterwards; both must outlive it.
  static CountingOutput out;
  static RequestLog log(out.file());
  out.block();
  log.write("never read");
  REQUIRE(out.wait_until_stuck(2000ms));
  const auto start = std::chrono::steady_clock::now();
  const bool drained = log.close();
  const auto took = std::chrono::steady_clock::now() - start;
  out.release();
  CHECK_FALSE(drained);
  CHECK(took >= 900ms);
  CHECK(took < 3000ms);
}
