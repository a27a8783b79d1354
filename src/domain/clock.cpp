#include "domain/clock.hpp"

namespace scale::domain {

ControllableClock::ControllableClock(std::shared_ptr<const Clock> base) : base_(std::move(base)) {}

Timestamp ControllableClock::now() const {
  std::lock_guard lock(mu_);
  return frozen_ ? frozen_at_ : base_->now() + offset_;
}

bool ControllableClock::frozen() const {
  std::lock_guard lock(mu_);
  return frozen_;
}

void ControllableClock::set(Timestamp t) {
  std::lock_guard lock(mu_);
  if (frozen_)
    frozen_at_ = t;
  else
    offset_ = t - base_->now();
}

void ControllableClock::freeze(bool frozen) {
  std::lock_guard lock(mu_);
  if (frozen == frozen_) return;
  if (frozen) {
    frozen_at_ = base_->now() + offset_;
  } else {
    offset_ = frozen_at_ - base_->now();
  }
  frozen_ = frozen;
}

void ControllableClock::advance(Timestamp ms) {
  std::lock_guard lock(mu_);
  if (frozen_)
    frozen_at_ += ms;
  else
    offset_ += ms;
}

}  // namespace scale::domain
