#include "app/request_log.hpp"

#include <chrono>

namespace scale::app {

RequestLog::RequestLog(std::FILE* out, std::size_t capacity) : shared_(std::make_shared<Shared>()) {
  shared_->out = out;
  shared_->capacity = capacity;
  writer_ = std::thread(drain, shared_);
}

RequestLog::~RequestLog() {
  close();
}

bool RequestLog::close() {
  if (closed_) return drained_;
  closed_ = true;
  std::unique_lock lock(shared_->mu);
  shared_->stopping = true;
  shared_->wake.notify_one();
  // A reader that never reads would keep the writer blocked in fwrite for ever: wait a while,
  // then leave the writer to the process's exit (it owns its share of the state).
  drained_ =
      shared_->drained.wait_for(lock, std::chrono::seconds(1), [&] { return shared_->done; });
  lock.unlock();
  if (drained_)
    writer_.join();
  else
    writer_.detach();
  return drained_;
}

void RequestLog::write(std::string line) {
  std::lock_guard lock(shared_->mu);
  if (shared_->lines.size() >= shared_->capacity) {
    ++shared_->dropped;
    return;
  }
  shared_->lines.push_back(std::move(line));
  shared_->wake.notify_one();
}

void RequestLog::drain(std::shared_ptr<Shared> s) {
  std::unique_lock lock(s->mu);
  while (true) {
    s->wake.wait(lock, [&] { return !s->lines.empty() || s->dropped > 0 || s->stopping; });
    std::deque<std::string> batch;
    batch.swap(s->lines);
    std::size_t dropped = s->dropped;
    s->dropped = 0;
    const bool stopping = s->stopping;
    lock.unlock();
    if (dropped > 0)
      std::fprintf(s->out, "(%zu log lines dropped: the output was not read fast enough)\n",
                   dropped);
    for (const auto& line : batch) {
      std::fputs(line.c_str(), s->out);
      std::fputc('\n', s->out);
    }
    std::fflush(s->out);
    lock.lock();
    if (stopping && s->lines.empty()) break;
  }
  s->done = true;
  s->drained.notify_all();
}

}  // namespace scale::app
