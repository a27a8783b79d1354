// Many threads on one Store. Catch2 assertions are not thread-safe, so the threads only record
// what happened (in atomics or per-thread slots) and the main thread asserts afterwards. The
// work is bounded by operation counts, never by time.

#include <array>
#include <atomic>
#include <barrier>
#include <latch>
#include <random>
#include <thread>

#include "license_fixture.hpp"

using namespace scale::testing;

namespace {

constexpr int kThreads = 8;

// Runs body(thread_index) on kThreads threads that all start at once.
template <class Body>
void run_together(Body body) {
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

// The outcome of one call, recorded by a thread for the main thread to check.
struct Outcome {
  bool ok = false;
  ErrorKind kind = ErrorKind::kInvalid;
  std::string field;
};

template <class T>
Outcome outcome_of(const d::Result<T>& r) {
  if (r.ok()) return {true, ErrorKind::kInvalid, ""};
  return {false, r.error().kind, r.error().field};
}

}  // namespace

TEST_CASE("concurrent setup-user calls with one email: exactly one wins", "[store][concurrency]") {
  StoreFixture fx;
  // Every round, all threads race to set up a user with the same address, each in its own
  // letter case.
  constexpr int kRounds = 200;
  std::vector<std::array<Outcome, kThreads>> outcomes(kRounds);
  std::barrier sync(kThreads);
  run_together([&](int i) {
    for (int r = 0; r < kRounds; ++r) {
      std::string email = "user" + std::to_string(r) + "@example.com";
      if (i & 1) email[0] = 'U';
      if (i & 2) email[1] = 'S';
      if (i & 4) email[email.size() - 1] = 'M';
      sync.arrive_and_wait();
      outcomes[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)] =
          outcome_of(fx.store.setup_user(with_email("User " + std::to_string(i), email)));
    }
  });
  int rounds_without_one_winner = 0;
  int unexpected_errors = 0;
  for (const auto& round : outcomes) {
    if (std::count_if(round.begin(), round.end(), [](const Outcome& o) { return o.ok; }) != 1)
      ++rounds_without_one_winner;
    for (const auto& o : round)
      if (!o.ok && (o.kind != ErrorKind::kConflict || o.field != fld::kEmail)) ++unexpected_errors;
  }
  CHECK(rounds_without_one_winner == 0);
  CHECK(unexpected_errors == 0);
  CHECK(counts_are(fx.store.counts(), kRounds, kRounds, kRounds));
  CHECK(invariant_violations(fx.store.dump()) == "");
}

TEST_CASE("concurrent setups of both kinds with one naturalId: exactly one wins",
          "[store][concurrency]") {
  StoreFixture fx;
  // Every round, all threads race for the same naturalId; half of them (which half changes
  // from round to round) set up users, the others organizations.
  constexpr int kRounds = 200;
  auto as_user = [](int round, int i) { return (i + round) % 2 == 0; };
  std::vector<std::array<Outcome, kThreads>> outcomes(kRounds);
  std::barrier sync(kThreads);
  run_together([&](int i) {
    for (int r = 0; r < kRounds; ++r) {
      auto in = named("Customer " + std::to_string(i));
      in.fields.natural_id = "crm-" + std::to_string(r);
      in.fields.email = "c" + std::to_string(r) + "-" + std::to_string(i) + "@example.com";
      sync.arrive_and_wait();
      outcomes[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)] =
          outcome_of(as_user(r, i) ? fx.store.setup_user(in) : fx.store.setup_organization(in));
    }
  });
  int rounds_without_one_winner = 0;
  int unexpected_errors = 0;
  std::size_t person_winners = 0;
  for (int r = 0; r < kRounds; ++r) {
    int winners = 0;
    for (int i = 0; i < kThreads; ++i) {
      const Outcome& o = outcomes[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)];
      if (o.ok) {
        ++winners;
        if (as_user(r, i)) ++person_winners;
      } else if (o.kind != ErrorKind::kConflict || o.field != fld::kNaturalId) {
        ++unexpected_errors;
      }
    }
    if (winners != 1) ++rounds_without_one_winner;
  }
  CHECK(rounds_without_one_winner == 0);
  CHECK(unexpected_errors == 0);
  CHECK(counts_are(fx.store.counts(), kRounds, kRounds, person_winners));
  CHECK(must(fx.store.find_licensee_by_natural_id("crm-7")).natural_id == "crm-7");
  CHECK(invariant_violations(fx.store.dump()) == "");
}

TEST_CASE("concurrent default switches on one licensee leave exactly one default",
          "[store][concurrency]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_organization(named("Acme")));
  std::vector<Uuid> boxes = {must(fx.store.get_container(lic.id, ContainerRef::Default())).id};
  for (int i = 0; i < 7; ++i)
    boxes.push_back(
        must(fx.store.create_container(lic.id, container_named("c" + std::to_string(i)))).id);

  std::atomic<int> unexpected{0};
  std::atomic<int> missing_default{0};
  std::atomic<int> switches{0};
  run_together([&](int t) {
    std::minstd_rand rng(static_cast<unsigned>(t + 1));
    for (int n = 0; n < 150; ++n) {
      switch (rng() % 4) {
        case 0:
        case 1: {  // switch the default to some container
          auto ref = ContainerRef::Of(boxes[rng() % boxes.size()]);
          if (fx.store.update_container(lic.id, ref, make_default(true)).ok())
            ++switches;
          else
            ++unexpected;
          break;
        }
        case 2: {  // try to un-default some container: only a conflict or no-op is possible
          auto r = fx.store.update_container(lic.id, ContainerRef::Of(boxes[rng() % boxes.size()]),
                                             make_default(false));
          if (!r.ok() && r.error().kind != ErrorKind::kConflict) ++unexpected;
          break;
        }
        default: {  // the default must always be there, and be a default
          auto r = fx.store.get_container(lic.id, ContainerRef::Default());
          if (!r.ok() || !r->used_as_default) ++missing_default;
          auto list = fx.store.list_containers(lic.id, all());
          if (!list.ok()) {
            ++unexpected;
            break;
          }
          int defaults = 0;
          for (const auto& c : list->items) defaults += c.used_as_default ? 1 : 0;
          if (defaults != 1) ++missing_default;
        }
      }
    }
  });
  CHECK(unexpected == 0);
  CHECK(missing_default == 0);
  CHECK(switches > 0);
  CHECK(default_count(fx.store, lic.id) == 1);
  CHECK(fx.store.counts().containers == boxes.size());
  CHECK(invariant_violations(fx.store.dump()).empty());
}

TEST_CASE("concurrent creations of default containers leave exactly one default",
          "[store][concurrency]") {
  StoreFixture fx;
  Licensee lic = must(fx.store.setup_organization(named("Acme")));
  std::atomic<int> failures{0};
  run_together([&](int t) {
    for (int n = 0; n < 20; ++n) {
      auto in = container_named("t" + std::to_string(t) + "-" + std::to_string(n), n % 2 == 0);
      if (!fx.store.create_container(lic.id, in).ok()) ++failures;
    }
  });
  CHECK(failures == 0);
  CHECK(fx.store.counts().containers == 1 + kThreads * 20);
  CHECK(default_count(fx.store, lic.id) == 1);
  CHECK(invariant_violations(fx.store.dump()).empty());
}

TEST_CASE("concurrent grants, revokes and deletes keep the relations consistent",
          "[store][concurrency]") {
  StoreFixture fx;
  std::vector<Uuid> licensees;
  std::vector<Uuid> boxes;  // every container, with its licensee at the same index
  std::vector<Uuid> box_owner;
  for (int l = 0; l < 3; ++l) {
    Licensee lic = must(fx.store.setup_organization(named("L" + std::to_string(l))));
    licensees.push_back(lic.id);
    boxes.push_back(must(fx.store.get_container(lic.id, ContainerRef::Default())).id);
    box_owner.push_back(lic.id);
    for (int c = 0; c < 3; ++c) {
      boxes.push_back(must(fx.store.create_container(lic.id, container_named("c"))).id);
      box_owner.push_back(lic.id);
    }
  }
  std::vector<Uuid> consumers;
  for (int c = 0; c < 24; ++c)
    consumers.push_back(
        must(fx.store.create_consumer(consumer_input(
                 c % 2 ? ConsumerType::kDevice : ConsumerType::kPerson, "C" + std::to_string(c))))
            .id);

  // Anything but "not found" (records vanish under other threads) or the default-container
  // conflict would be a broken rule.
  std::atomic<int> unexpected{0};
  auto expect = [&](const d::Status& s) {
    if (s.ok()) return;
    if (s.error().kind == ErrorKind::kNotFound) return;
    // Default-container conflicts: un-defaulting (field usedAsDefault) or deleting the
    // default (a whole sentence, no field).
    if (s.error().kind == ErrorKind::kConflict &&
        (s.error().field == fld::kUsedAsDefault || s.error().field.empty()))
      return;
    ++unexpected;
  };
  run_together([&](int t) {
    std::minstd_rand rng(static_cast<unsigned>(100 + t));
    for (int n = 0; n < 150; ++n) {
      const std::size_t b = rng() % boxes.size();
      const Uuid& box = boxes[b];
      const Uuid& owner = box_owner[b];
      const Uuid& con = consumers[rng() % consumers.size()];
      switch (rng() % 10) {
        case 0:
        case 1:
        case 2:
          expect(fx.store.grant(owner, ContainerRef::Of(box), con));
          break;
        case 3:
          expect(fx.store.associate(owner, con));
          break;
        case 4:
          expect(fx.store.revoke(owner, ContainerRef::Of(box), con));
          break;
        case 5:
          expect(fx.store.dissociate(owner, con));
          break;
        case 6:
          if (rng() % 8 == 0) expect(fx.store.delete_consumer(con));
          break;
        case 7:
          if (rng() % 4 == 0) expect(fx.store.delete_container(owner, ContainerRef::Of(box)));
          break;
        case 8: {
          auto r = fx.store.update_container(owner, ContainerRef::Of(box), make_default(true));
          if (!r.ok()) expect(r.error());
          break;
        }
        default: {
          auto a = fx.store.list_associated(owner, all());
          auto g = fx.store.list_with_access(owner, ContainerRef::Of(box), all());
          if (!a.ok()) ++unexpected;
          if (!g.ok()) expect(g.error());
        }
      }
    }
  });
  CHECK(unexpected == 0);

  const d::StateDocument doc = fx.store.dump();
  CHECK(invariant_violations(doc) == "");
  CHECK(doc.licensees.size() == 3);
  for (const auto& id : licensees) CHECK(default_count(fx.store, id) == 1);
  // Every relation in the dump names records that exist: the dump loads and dumps the same.
  StoreFixture fresh(5);
  must(fresh.store.replace(doc));
  CHECK(describe(fresh.store.dump()) == describe(doc));
}

TEST_CASE("concurrent setups, deletes and state loads leave a consistent state",
          "[store][concurrency]") {
  StoreFixture fx;
  std::atomic<int> unexpected{0};
  run_together([&](int t) {
    for (int n = 0; n < 30; ++n) {
      const std::string tag = std::to_string(t) + "-" + std::to_string(n);
      auto r =
          fx.store.setup_user(with_email("U" + tag, "u" + std::to_string(n % 5) + "@example.com"));
      if (!r.ok()) {
        if (r.error().kind != ErrorKind::kConflict) ++unexpected;
        continue;
      }
      if (n % 3 == 0) {
        auto s = fx.store.delete_user(r->id);
        if (!s.ok() && s.error().kind != ErrorKind::kNotFound) ++unexpected;
      }
      if (t == 0 && n % 10 == 9) {
        // A whole-state reload in the middle of everything.
        if (!fx.store.replace(fx.store.dump()).ok()) ++unexpected;
      }
    }
  });
  CHECK(unexpected == 0);
  const auto doc = fx.store.dump();
  CHECK(invariant_violations(doc) == "");
  // setup-user makes a licensee and its consumer together and delete-user removes them together,
  // so the licensees' emails are exactly the consumers' emails.
  std::set<std::string> licensee_emails, consumer_emails;
  for (const auto& l : doc.licensees) licensee_emails.insert(l.fields.email.value_or("?"));
  for (const auto& c : doc.consumers) consumer_emails.insert(c.fields.email.value_or("?"));
  CHECK(licensee_emails == consumer_emails);
  CHECK(doc.licensees.size() == licensee_emails.size());
  CHECK(doc.consumers.size() == consumer_emails.size());
  CHECK(doc.licensees.size() <= 5);
}

// ------------------------------------------------------------------ licenses

TEST_CASE("concurrent issues with one license key: exactly one wins", "[store][concurrency]") {
  StoreFixture fx;
  const CatalogueIds cat;  // made here: Catch2's checks (in uuid()) are not thread-safe
  must(fx.store.merge(catalogue_document(cat)));
  std::vector<Uuid> licensees;
  for (int i = 0; i < kThreads; ++i)
    licensees.push_back(must(fx.store.setup_organization(named("L" + std::to_string(i)))).id);
  // Every round, all threads race to issue a license with the same key, each for its own
  // licensee; half of them product licenses, half feature licenses.
  constexpr int kRounds = 100;
  std::vector<std::array<Outcome, kThreads>> outcomes(kRounds);
  std::barrier sync(kThreads);
  run_together([&](int i) {
    const Uuid& licensee = licensees[static_cast<std::size_t>(i)];
    for (int r = 0; r < kRounds; ++r) {
      auto in = (i + r) % 2 ? product_license(cat.pro) : feature_license();
      in.license_key = test_key(static_cast<std::size_t>(r));
      sync.arrive_and_wait();
      outcomes[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)] =
          outcome_of(fx.store.issue_license(licensee, in));
    }
  });
  int rounds_without_one_winner = 0;
  int unexpected_errors = 0;
  for (const auto& round : outcomes) {
    if (std::count_if(round.begin(), round.end(), [](const Outcome& o) { return o.ok; }) != 1)
      ++rounds_without_one_winner;
    for (const auto& o : round)
      if (!o.ok && (o.kind != ErrorKind::kConflict || o.field != fld::kLicenseKey))
        ++unexpected_errors;
  }
  CHECK(rounds_without_one_winner == 0);
  CHECK(unexpected_errors == 0);
  CHECK(fx.store.counts().licenses == kRounds);
  CHECK(fx.store.counts().consumers == kRounds);  // one LICENSE_KEY consumer per key
  CHECK(license_violations(fx.store) == "");
  CHECK(invariant_violations(fx.store.dump()) == "");
}

TEST_CASE("concurrent moves, revokes, deletes and reads of the same licenses keep them whole",
          "[store][concurrency]") {
  StoreFixture fx;
  must(fx.store.merge(catalogue_document()));
  Licensee acme = must(fx.store.setup_organization(named("Acme")));
  std::vector<Uuid> boxes = {must(fx.store.get_container(acme.id, ContainerRef::Default())).id};
  for (int c = 0; c < 3; ++c)
    boxes.push_back(
        must(fx.store.create_container(acme.id, container_named("c" + std::to_string(c)))).id);
  // Twelve licenses, every other one with a key; the key consumers' ids beside them.
  std::vector<Uuid> ids;
  std::vector<std::optional<Uuid>> key_consumer;
  for (std::size_t n = 0; n < 12; ++n) {
    auto in =
        n % 3 ? feature_license("p" + std::to_string(n)) : product_license(CatalogueIds{}.pro);
    if (n % 2 == 0) in.license_key = test_key(n);
    ids.push_back(must(fx.store.issue_license(acme.id, in)).license.id);
    key_consumer.push_back(n % 2 == 0
                               ? std::optional<Uuid>(key_consumers(fx.store, test_key(n)).at(0).id)
                               : std::nullopt);
  }
  const Timestamp revoke_at = kStart + 5 * kDay;

  // Anything but "not found" (licenses and consumers vanish under other threads) is a broken
  // rule; so is a read that sees a license outside its licensee's containers.
  std::atomic<int> unexpected{0};
  std::atomic<int> done{0};
  auto expect = [&](const d::Error& e) {
    if (e.kind != ErrorKind::kNotFound) ++unexpected;
  };
  run_together([&](int t) {
    std::minstd_rand rng(static_cast<unsigned>(300 + t));
    for (int n = 0; n < 150; ++n) {
      const std::size_t i = rng() % ids.size();
      const Uuid& id = ids[i];
      switch (rng() % 10) {
        case 0:
        case 1:
        case 2: {  // move it, keeping its start
          d::LicenseUpdate u;
          u.valid_from = kStart;
          u.license_container_id = boxes[rng() % boxes.size()];
          auto r = fx.store.update_license(acme.id, id, u);
          if (r.ok()) {
            ++done;
            if (std::find(boxes.begin(), boxes.end(), r->container.id) == boxes.end()) ++unexpected;
          } else {
            expect(r.error());
          }
          break;
        }
        case 3:
        case 4: {  // revoke it with another one
          d::LicenseRevoke rv;
          rv.license_ids = {id, ids[rng() % ids.size()]};
          rv.valid_until = revoke_at;
          auto r = fx.store.revoke_licenses(acme.id, rv);
          if (r.ok()) {
            ++done;
            for (const auto& v : *r)
              if (v.license.valid_until != revoke_at) ++unexpected;
          } else {
            expect(r.error());
          }
          break;
        }
        case 5:
          if (rng() % 6 == 0) {
            auto s = fx.store.delete_license(acme.id, id);
            if (!s.ok()) expect(s.error());
          }
          break;
        case 6:
          if (key_consumer[i] && rng() % 6 == 0) {
            auto s = fx.store.delete_consumer(*key_consumer[i]);
            if (!s.ok()) expect(s.error());
          }
          break;
        case 7:
          if (t == 0 && n % 50 == 49) {
            // A whole-state reload in the middle of everything.
            if (!fx.store.replace(fx.store.dump()).ok()) ++unexpected;
          }
          break;
        default: {
          auto r = fx.store.get_license(acme.id, id);
          if (r.ok()) {
            if (r->container.licensee_id != acme.id || r->container.id != r->license.container_id)
              ++unexpected;
          } else {
            expect(r.error());
          }
          auto list = fx.store.list_licenses(acme.id, {}, all());
          if (!list.ok() || list->total != list->items.size()) ++unexpected;
        }
      }
    }
  });
  CHECK(unexpected == 0);
  CHECK(done > 0);
  CHECK(license_violations(fx.store) == "");
  CHECK(invariant_violations(fx.store.dump()) == "");
  // A license and its key's consumer went together or stayed together.
  for (std::size_t n = 0; n < ids.size(); ++n) {
    if (!key_consumer[n]) continue;
    CHECK(fx.store.get_license(acme.id, ids[n]).ok() ==
          fx.store.get_consumer(*key_consumer[n]).ok());
  }
  for (const auto& v : licenses(fx.store, acme.id))
    CHECK((v.license.valid_until == std::nullopt || v.license.valid_until == revoke_at));
}

TEST_CASE("deleting containers while licenses are issued into them leaves no license behind",
          "[store][concurrency]") {
  StoreFixture fx;
  const CatalogueIds cat;  // made here: Catch2's checks (in uuid()) are not thread-safe
  must(fx.store.merge(catalogue_document(cat)));
  Licensee acme = must(fx.store.setup_organization(named("Acme")));
  std::vector<Uuid> boxes;
  for (int c = 0; c < 16; ++c)
    boxes.push_back(
        must(fx.store.create_container(acme.id, container_named("c" + std::to_string(c)))).id);
  std::atomic<int> unexpected{0};
  std::atomic<int> issued{0};
  std::atomic<int> refused{0};
  std::atomic<std::size_t> keys{0};
  run_together([&](int t) {
    std::minstd_rand rng(static_cast<unsigned>(500 + t));
    for (int n = 0; n < 120; ++n) {
      const Uuid& box = boxes[rng() % boxes.size()];
      if (t == 0) {
        // One thread deletes half of the containers, one by one, as the others fill them.
        if (n % 7 == 6 && n / 7 < 8) {
          auto s = fx.store.delete_container(
              acme.id, ContainerRef::Of(boxes[static_cast<std::size_t>(n / 7)]));
          if (!s.ok() && s.error().kind != ErrorKind::kNotFound) ++unexpected;
        }
        continue;
      }
      auto in = into(n % 2 ? feature_license() : product_license(cat.credits), box);
      if (n % 3 == 0) in.license_key = test_key(keys++);
      auto r = fx.store.issue_license(acme.id, in);
      if (r.ok()) {
        ++issued;
      } else if (r.error().kind == ErrorKind::kNotFound) {
        ++refused;
      } else {
        ++unexpected;
      }
    }
  });
  CHECK(unexpected == 0);
  CHECK(issued > 0);
  CHECK(license_violations(fx.store) == "");
  CHECK(invariant_violations(fx.store.dump()) == "");
  // Every license left is in a container that is left.
  const auto left = containers(fx.store, acme.id);
  std::set<Uuid> left_ids;
  for (const auto& c : left) left_ids.insert(c.id);
  for (const auto& v : licenses(fx.store, acme.id))
    CHECK(left_ids.count(v.license.container_id) == 1);
  CHECK(left.size() == 1 + boxes.size() - 8);
  // Deleting the licensee now takes every license and key consumer with it.
  must(fx.store.delete_licensee(acme.id));
  CHECK(fx.store.counts().licenses == 0);
  CHECK(fx.store.counts().consumers == 0);
}
