#include "app/request_log.hpp"

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

void RequestLog::write(const std::string& line) {
  std::lock_guard lock(shared_->mu);
  if (shared_->lines >= shared_->capacity) {
    ++shared_->dropped;
    return;
  }
  const std::size_t before = shared_->waiting.size();
  shared_->waiting.append(line);
  shared_->waiting.push_back('\n');
  ++shared_->lines;
  // The writer sleeps until a batch begins, then waits out the interval unless the batch
  // grows large: wake it for those two moments only, not for every line.
  if (before == 0 || (before < kFlushBytes && shared_->waiting.size() >= kFlushBytes))
    shared_->wake.notify_one();
}

void RequestLog::drain(std::shared_ptr<Shared> s) {
  std::string batch;
  std::unique_lock lock(s->mu);
  while (true) {
    s->wake.wait(lock, [&] { return s->lines > 0 || s->dropped > 0 || s->stopping; });
    // Let the batch gather the lines of the next few milliseconds.
    s->wake.wait_for(lock, kFlushInterval,
                     [&] { return s->stopping || s->waiting.size() >= kFlushBytes; });
    batch.clear();
    batch.swap(s->waiting);
    s->lines = 0;
    const std::size_t dropped = s->dropped;
    s->dropped = 0;
    const bool stopping = s->stopping;
    lock.unlock();
    if (dropped > 0)
      std::fprintf(s->out, "(%zu log lines dropped: the output was not read fast enough)\n",
                   dropped);
    if (!batch.empty()) std::fwrite(batch.data(), 1, batch.size(), s->out);
    std::fflush(s->out);
    // The two buffers take turns (swapped above); one that a burst made large is let go.
    if (batch.capacity() > 4 * kFlushBytes) batch = std::string();
    lock.lock();
    if (stopping && s->lines == 0 && s->dropped == 0) break;
  }
  s->done = true;
  s->drained.notify_all();
}

}  // namespace scale::app
