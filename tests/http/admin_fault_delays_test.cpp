// Faults with delayMs (issue 12, item 3): delayed answers wait on their connection, not in a
// worker, so other requests, pipelined ones and a stop do not wait behind them. Timed: these
// assert bounds in milliseconds.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;

namespace {

// Asks `done` every 20 ms until it says yes (true) or `limit` has passed (false).
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

TEST_CASE("a fault's delay holds the answer at least delayMs", "[admin][faults]") {
  using Clock = std::chrono::steady_clock;
  TestServer s;
  SECTION("without status or drop, the request then goes through") {
    REQUIRE(s.post_json("/__admin/faults", {{"path", kSetupOrg}, {"delayMs", 150}, {"times", 1}})
                ->status == 201);
    const auto t0 = Clock::now();
    auto r = s.post_json(kSetupOrg, {{"name", "Slow Oy"}});
    const auto elapsed = Clock::now() - t0;
    CHECK(r->status == 201);
    CHECK(elapsed >= std::chrono::milliseconds(150));
    CHECK(s.total("/licensees") == 1);
    const Json first = journal(s).at(0);
    CHECK(first["status"] == 201);
    CHECK(first["durationMs"].get<double>() >= 150.0);
  }
  SECTION("with a status, that status answers after the delay") {
    REQUIRE(
        s.post_json("/__admin/faults", {{"path", "/licensees"}, {"delayMs", 100}, {"status", 504}})
            ->status == 201);
    const auto t0 = Clock::now();
    auto r = s.get("/licensees");
    const auto elapsed = Clock::now() - t0;
    CHECK_THAT(r, IsEnvelope(504));
    CHECK(elapsed >= std::chrono::milliseconds(100));
  }
}

// Delayed answers wait on their connection, not in a worker (issue 12, item 3): more of them
// in flight than there are workers must not keep anything else waiting, nor a stop.
TEST_CASE("delayed requests hold no worker: with more in flight than --threads, others answer",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s(with_threads(2));
  constexpr int kDelayed = 20;
  constexpr int kDelayMs = 3000;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"delayMs", kDelayMs}, {"status", 503}})
              ->status == 201);
  std::vector<int> statuses(kDelayed, 0);
  std::vector<milliseconds> waited(kDelayed);
  // jthreads: joined even when a check throws.
  std::latch started(kDelayed);
  std::vector<std::jthread> clients;
  for (int i = 0; i < kDelayed; ++i) {
    clients.emplace_back([&, i, c = s.make_client()] {
      started.count_down();
      const auto t0 = Clock::now();
      auto r = c->Get("/licensees");
      waited[i] = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
      statuses[i] = r ? r->status : -1;
    });
  }
  started.wait();
  // The journal has each delayed request, with the status it will answer, before the answer
  // goes out; its durationMs counts the delay.
  REQUIRE(eventually([&] { return journal(s, "?path=/licensees").size() == kDelayed; },
                     milliseconds(2000)));
  for (const auto& e : journal(s, "?path=/licensees")) {
    CHECK(e["status"] == 503);
    CHECK(e["durationMs"].get<double>() >= kDelayMs);
  }

  // While all of them are held. A generous bound: a worker held by a delay would keep these
  // waiting for seconds.
  auto t0 = Clock::now();
  CHECK(s.get("/__admin/health")->status == 200);
  CHECK(Clock::now() - t0 < milliseconds(1000));
  NsClient other(s, "other");
  t0 = Clock::now();
  CHECK(other.get("/licensees")->status == 200);
  CHECK(Clock::now() - t0 < milliseconds(1000));

  for (auto& t : clients) t.join();
  for (int i = 0; i < kDelayed; ++i) {
    INFO("request " << i << " waited " << waited[i].count() << " ms");
    CHECK(statuses[i] == 503);
    CHECK(waited[i] >= milliseconds(kDelayMs));
    CHECK(waited[i] < milliseconds(kDelayMs + 1500));
  }
}

TEST_CASE("a delay-only fault changes the state at once and holds only the answer",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults", {{"path", kSetupOrg}, {"delayMs", 2000}, {"times", 1}})
              ->status == 201);
  std::atomic<int> status = 0;
  milliseconds waited{};
  std::jthread slow([&, c = s.make_client()] {
    const auto t0 = Clock::now();
    auto r = c->Post(kSetupOrg, Json{{"name", "Slow Oy"}}.dump(), "application/json");
    waited = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
    status = r ? r->status : -1;
  });
  // Like an answer slowed down on its way back: the licensee is there while the client waits.
  CHECK(eventually([&] { return s.total("/licensees") == 1; }, milliseconds(1500)));
  CHECK(status == 0);
  slow.join();
  CHECK(status == 201);
  CHECK(waited >= milliseconds(2000));
}

TEST_CASE("a drop fault with a delay drops the connection once the delay is over",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"drop", true}, {"delayMs", 500}, {"times", 1}})
              ->status == 201);
  const auto t0 = Clock::now();
  const std::string raw =
      raw_exchange(s.port(), "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto waited = Clock::now() - t0;
  CHECK(raw.empty());
  CHECK(waited >= milliseconds(500));
  CHECK(waited < milliseconds(2000));
  CHECK(journal(s, "?path=/licensees").at(0)["status"].is_null());
}

TEST_CASE("requests pipelined behind a delayed one wait for it and are answered in order",
          "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  TestServer s;
  REQUIRE(s.post_json("/__admin/faults",
                      {{"path", "/licensees"}, {"delayMs", 500}, {"status", 502}, {"times", 1}})
              ->status == 201);
  // The last request closes the connection, so that everything the server sends is read.
  const auto t0 = Clock::now();
  const std::string raw =
      raw_until_close(s.port(),
                      "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(Clock::now() - t0 >= milliseconds(500));
  const auto second = raw.find("HTTP/1.1 ", 1);
  REQUIRE(second != std::string::npos);
  CHECK(raw_status(raw) == 502);
  CHECK(raw_status(raw.substr(second)) == 200);
}

TEST_CASE("a stop does not wait for delayed answers", "[admin][faults][delay]") {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  auto s = std::make_unique<TestServer>(with_threads(2));
  REQUIRE(s->post_json("/__admin/faults", {{"path", "/licensees"}, {"delayMs", 5000}})->status ==
          201);
  constexpr int kDelayed = 6;
  std::vector<int> statuses(kDelayed, 0);
  // jthreads: joined even when a check throws.
  std::latch started(kDelayed);
  std::vector<std::jthread> clients;
  for (int i = 0; i < kDelayed; ++i) {
    clients.emplace_back([&, i, c = s->make_client()] {
      started.count_down();
      auto r = c->Get("/licensees");
      statuses[i] = r ? r->status : -1;
    });
  }
  started.wait();
  REQUIRE(eventually([&] { return journal(*s, "?path=/licensees").size() == kDelayed; },
                     milliseconds(2000)));
  const auto t0 = Clock::now();
  s.reset();
  CHECK(Clock::now() - t0 < milliseconds(1000));
  for (auto& t : clients) t.join();
  // Their connections closed without an answer.
  for (int status : statuses) CHECK(status == -1);
}
