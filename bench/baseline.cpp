// The benchmark's ceiling: a bare cpp-httplib server that answers every GET with 200 and every
// POST with 201 and the same fixed JSON body (a licensee, as scale-mock would write it). It does
// no parsing, validation, locking or serialising, so what it reaches is what cpp-httplib itself
// allows on this machine; bench/run prints each scale-mock figure as a ratio to it.
//
// It is the "bare cpp-httplib program" of issue 8: cpp-httplib's own connection handling (a
// thread per connection from its pool) with the settings that make it fast (TCP_NODELAY,
// keep-alive) and scale-mock's values for them, taken from scale::http::ServerOptions, the one
// place that holds scale-mock's defaults. scale-mock itself puts its own connection layer in
// front of cpp-httplib's request processing (src/http/connections.hpp), so the ratio measures
// that layer and everything scale-mock does per request.
//
// Usage: scale-mock-baseline PORT [THREADS]

#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/server.hpp"

namespace {

// 281 bytes: the size of a licensee that bench/run's workloads create.
constexpr const char* kBody =
    R"({"id":"5b0f4c3e-8a61-4d9f-9d55-6f0c1a2b3c4d","type":"ORGANIZATION","name":"Bench Org 1",)"
    R"("displayName":null,"naturalId":"bench-1","email":"org-1@bench.example","description":null,)"
    R"("externalReference":"ext-1","created":"2026-01-01T00:00:00.000Z",)"
    R"("modified":"2026-01-01T00:00:00.000Z"})";
constexpr const char* kContentType = "application/json; charset=UTF-8";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PORT [THREADS]\n", argv[0]);
    return 2;
  }
  const scale::http::ServerOptions options;  // scale-mock's defaults
  const int port = std::atoi(argv[1]);
  const std::size_t threads =
      argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : options.threads;

  httplib::Server svr;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(options.keep_alive_max_count);
  svr.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  svr.set_read_timeout(options.request_timeout_seconds, 0);
  svr.set_write_timeout(options.write_timeout_seconds, 0);
  svr.set_payload_max_length(options.max_body_bytes);

  // Catch-all routes, as scale-mock registers (cpp-httplib matches them per request).
  svr.Get("/.*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kBody, kContentType);
  });
  svr.Post("/.*", [](const httplib::Request&, httplib::Response& res) {
    res.status = 201;
    res.set_content(kBody, kContentType);
  });

  if (!svr.bind_to_port(options.host, port)) {
    std::fprintf(stderr, "scale-mock-baseline: cannot listen on %s:%d\n", options.host.c_str(),
                 port);
    return 1;
  }
  std::printf("scale-mock-baseline listening on http://%s:%d\n", options.host.c_str(), port);
  std::fflush(stdout);
  return svr.listen_after_bind() ? 0 : 1;
}
