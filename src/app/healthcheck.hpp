#pragma once
// `scale-mock healthcheck`: asks a running server whether it is healthy, so that a container
// image can run its own HEALTHCHECK with nothing but the binary (no curl inside).

#include <string>

#include "app/config.hpp"

namespace scale::app {

struct HealthcheckResult {
  int exit_code = 1;  // 0 healthy, 1 not
  std::string line;   // one line saying what was found, without a newline
};

// GET /__admin/health (at the root: the admin routes sit outside --base-path) on
// config.host:config.port, waiting at most `timeout_seconds` for the connection and again for
// the answer. A wildcard host (0.0.0.0, or :: for IPv6) means the loopback address. Healthy is
// a 200 whose JSON body has "status": "ok"; anything else, or no answer, is not.
HealthcheckResult check_health(const Config& config, double timeout_seconds);

}  // namespace scale::app
