// Many threads checking out, renewing, releasing, revoking and deleting at once (contract
// section 11). As in concurrency_test.cpp, the threads only record what happened and the main
// thread asserts afterwards; the work is bounded by operation counts, never by time.

#include <atomic>
#include <barrier>
#include <latch>
#include <mutex>
#include <random>
#include <thread>

#include "lease_fixture.hpp"

using namespace scale::testing;

namespace {

constexpr int kThreads = 8;

template <class Body>
void run_together(int threads, Body body) {
  std::latch start(threads);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
  for (auto& t : pool) t.join();
}

// The first thing a thread saw go wrong, kept for the main thread to report.
struct Trouble {
  std::mutex mu;
  std::string first;
  std::atomic<int> count{0};
  void note(const std::string& what) {
    if (what.empty()) return;
    if (count.fetch_add(1) == 0) {
      std::lock_guard lock(mu);
      first = what;
    }
  }
};

}  // namespace

TEST_CASE("threads racing for the last seats and units get exactly what there is",
          "[store][lease][concurrency]") {
  Checkout s;
  d::License orbit = s.issue("orbit", 40);
  d::License credits = s.issue("credits", 1000, QtyDimension::kUseCount);
  constexpr int kRounds = 10;
  std::atomic<int> seats{0};
  std::atomic<int> units{0};
  Trouble trouble;
  std::barrier sync(kThreads);
  run_together(kThreads, [&](int i) {
    const Asker who = Asker::Consumer(i % 2 ? s.ada.id : s.dev.id);
    for (int r = 0; r < kRounds; ++r) {
      sync.arrive_and_wait();  // every round, all threads ask at once
      auto out = s.fx.store.checkout(who, UseMode::kEnforced, {seat("orbit"), use("credits", 30)},
                                     {}, LeasePolicy{});
      if (!out.ok()) {
        trouble.note(out.error().description());
        continue;
      }
      for (const auto& o : out.value()) {
        if (o.granted())
          ++(o.grant().lease.qty_dimension == QtyDimension::kSeats ? seats : units);
        else if (o.refusal().code != RefusalCode::kInsufficientQuantity)
          trouble.note(o.refusal().description);
      }
    }
  });
  CHECK(trouble.first == "");
  CHECK(seats == 40);
  CHECK(units == 33);  // 33 x 30 = 990 of 1000
  CHECK(s.usage(orbit.id).remaining == 0);
  CHECK(s.usage(credits.id).remaining == 10);
  CHECK(s.fx.store.counts().leases == 73);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE(
    "concurrent checkouts, heartbeats, releases, revokes, deletes and clock moves keep "
    "the quantities consistent",
    "[store][lease][concurrency]") {
  Checkout s;
  // Two products, each with a few licenses; workers check out, renew and release; one thread
  // revokes, deletes and reissues licenses and replaces a consumer; one moves the clock; one
  // checks every dump it takes.
  auto reissue = [&s](int n) {
    s.issue("orbit", 3 + n % 3);
    s.issue("credits", 100 + 10 * (n % 3), QtyDimension::kUseCount);
  };
  for (int n = 0; n < 3; ++n) reissue(n);
  std::vector<LicenseConsumer> workers;
  for (int i = 0; i < 4; ++i) {
    workers.push_back(must(s.fx.store.create_consumer(
        consumer_input(ConsumerType::kDevice, "worker " + std::to_string(i)))));
    must(s.fx.store.associate(s.acme.id, workers.back().id));
  }
  const LeasePolicy policy = lasting(30);
  constexpr int kOps = 400;
  Trouble trouble;
  std::atomic<int> granted{0};
  std::atomic<int> renewed{0};
  std::atomic<int> released{0};
  std::atomic<int> dumps{0};

  auto worker = [&](int i) {
    std::mt19937 rng(static_cast<unsigned>(1000 + i));
    const Asker who = Asker::Consumer(workers[static_cast<std::size_t>(i)].id);
    std::vector<Uuid> mine;
    for (int op = 0; op < kOps; ++op) {
      const unsigned pick = rng() % 3;
      if (pick == 0 || mine.empty()) {
        auto out = s.fx.store.checkout(who, UseMode::kEnforced,
                                       {seat("orbit"), use("credits", 1 + rng() % 40)}, {}, policy);
        if (!out.ok()) {
          trouble.note("checkout: " + out.error().description());
          continue;
        }
        for (const auto& o : out.value()) {
          if (o.granted()) {
            ++granted;
            mine.push_back(o.grant().lease.id);
          } else if (o.refusal().code != RefusalCode::kInsufficientQuantity &&
                     o.refusal().code != RefusalCode::kLicenseNotValid &&
                     o.refusal().code != RefusalCode::kLicenseNotFound) {
            trouble.note("checkout refused: " + o.refusal().description);
          }
        }
      } else if (pick == 1) {
        const std::size_t k = rng() % mine.size();
        auto out = s.fx.store.heartbeat(who, UseMode::kEnforced,
                                        {beat(mine[k], rng() % 5, rng() % 2 == 0)}, {}, policy);
        if (!out.ok()) {
          trouble.note("heartbeat: " + out.error().description());
          continue;
        }
        const auto& o = out.value()[0];
        if (o.granted()) {
          ++renewed;
          mine[k] = o.grant().lease.id;
        } else {
          if (o.refusal().code != RefusalCode::kLeaseNotFound &&
              o.refusal().code != RefusalCode::kInsufficientQuantity)
            trouble.note("heartbeat refused: " + o.refusal().description);
          if (o.refusal().code == RefusalCode::kLeaseNotFound)
            mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(k));
        }
      } else {
        const std::size_t k = rng() % mine.size();
        auto out = s.fx.store.release(who, UseMode::kEnforced, {release_of(mine[k], rng() % 20)});
        if (!out.ok()) {
          trouble.note("release: " + out.error().description());
          continue;
        }
        if (out.value()[0].released) ++released;
        mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(k));
      }
    }
  };

  auto admin = [&] {
    std::mt19937 rng(7);
    for (int op = 0; op < kOps; ++op) {
      auto listed = s.fx.store.list_licenses(s.acme.id, {}, all());
      if (!listed.ok() || listed->items.empty()) {
        reissue(op);
        continue;
      }
      const d::License victim = listed->items[rng() % listed->items.size()].license;
      switch (rng() % 4) {
        case 0: {
          d::LicenseRevoke r;
          r.license_ids = {victim.id};
          if (rng() % 2) r.valid_until = s.fx.clock->now() + 5 * kSecond;
          if (auto out = s.fx.store.revoke_licenses(s.acme.id, r); !out.ok())
            trouble.note("revoke: " + out.error().description());
          break;
        }
        case 1:
          if (auto out = s.fx.store.delete_license(s.acme.id, victim.id); !out.ok())
            trouble.note("delete: " + out.error().description());
          reissue(op);
          break;
        case 2:
          if (rng() % 4 == 0) s.fx.store.end_all_leases();
          reissue(op);
          break;
        default: {
          // A person goes, with her leases, and comes back as a new consumer with access.
          auto gone = s.fx.store.find_consumer_by_email("ida@example.com");
          if (gone.ok()) trouble.note(s.fx.store.delete_consumer(gone->id).ok() ? "" : "delete");
          auto back = s.fx.store.create_consumer(
              consumer_input(ConsumerType::kPerson, "Ida", std::string("ida@example.com")));
          if (!back.ok()) {
            trouble.note("create: " + back.error().description());
            break;
          }
          trouble.note(s.fx.store.associate(s.acme.id, back->id).ok() ? "" : "associate");
          auto out = s.fx.store.checkout(Asker::Consumer(back->id), UseMode::kEnforced,
                                         {seat("orbit"), use("credits", 5)}, {}, policy);
          trouble.note(out.ok() ? "" : "checkout by ida: " + out.error().description());
        }
      }
    }
  };

  run_together(7, [&](int i) {
    if (i < 4) {
      worker(i);
    } else if (i == 4) {
      admin();
    } else if (i == 5) {
      for (int op = 0; op < 2 * kOps; ++op) {
        s.fx.clock->advance(kSecond / 2);
        std::this_thread::yield();
      }
    } else {
      // Checks whole dumps while the others run: each is one read, at one instant.
      for (int op = 0; op < kOps; ++op) {
        trouble.note(dump_violations(s.fx.store.dump(), std::nullopt));
        ++dumps;
        std::this_thread::yield();
      }
    }
  });
  INFO("granted " << granted << ", renewed " << renewed << ", released " << released << ", dumps "
                  << dumps);
  CHECK(trouble.first == "");
  CHECK(trouble.count == 0);
  CHECK(granted > 0);
  CHECK(renewed > 0);
  CHECK(released > 0);
  CHECK(dumps > 0);
  const Timestamp now = s.fx.clock->now();
  CHECK(lease_violations(s.fx.store, now) == "");
  CHECK(license_violations(s.fx.store) == "");
  // Every live lease's license is there, and none is of a deleted license.
  for (const auto& b : s.fx.store.live_leases())
    CHECK(s.fx.store.get_license(s.acme.id, b.lease.license_id).ok());
}
