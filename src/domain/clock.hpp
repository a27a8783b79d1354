#pragma once
// Where "now" comes from. The domain and the store never read the system clock: they are
// given a Clock. The application passes a clock that reads real time; tests pass a ManualClock.

#include <atomic>
#include <memory>
#include <mutex>

#include "domain/time.hpp"

namespace scale::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant. Must be safe to call from many threads at once.
  virtual Timestamp now() const = 0;
};

// A clock that stands still until told otherwise: set() jumps to an instant, advance() moves
// it forward. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_.store(t); }
  void advance(Timestamp ms) { now_.fetch_add(ms); }

 private:
  std::atomic<Timestamp> now_;
};

// A clock a test can steer: it follows a base clock (plus an offset) until frozen, and can be
// set and advanced either way. Thread-safe.
class ControllableClock final : public Clock {
 public:
  // Follows `base` from the start.
  explicit ControllableClock(std::shared_ptr<const Clock> base);

  Timestamp now() const override;
  bool frozen() const;
  // Jumps to `t`; a running clock goes on from there.
  void set(Timestamp t);
  // Freezing stops the clock where it is; unfreezing lets it run on from the frozen instant.
  void freeze(bool frozen);
  // Moves the clock `ms` forward (backwards for negative values).
  void advance(Timestamp ms);

 private:
  std::shared_ptr<const Clock> base_;
  mutable std::mutex mu_;
  bool frozen_ = false;
  Timestamp frozen_at_ = 0;
  Timestamp offset_ = 0;  // while running: now() = base_->now() + offset_
};

}  // namespace scale::domain
