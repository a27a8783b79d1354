#pragma once
// The one place that reads the system clock: real UTC time for the running server.

#include "domain/clock.hpp"

namespace scale::app {

class SystemClock final : public domain::Clock {
 public:
  domain::Timestamp now() const override;
};

}  // namespace scale::app
