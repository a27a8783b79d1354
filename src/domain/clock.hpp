#pragma once
// Where "now" comes from. The domain and the store never read the system clock: they are
// given a Clock. The application passes a clock that reads real time; tests pass a ManualClock.

#include <atomic>

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

}  // namespace scale::domain
