#include "app/system_clock.hpp"

#include <chrono>

namespace scale::app {

domain::Timestamp SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace scale::app
