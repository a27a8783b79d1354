#pragma once
// What the fuzzers share: a fresh store on a still clock and a seeded id generator, and a
// check that stops the fuzzer (as a crash, so libFuzzer saves the input) when a property
// that must hold for every input does not.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "domain/clock.hpp"
#include "domain/id_generator.hpp"
#include "store/store.hpp"
#include "wire/codec.hpp"

namespace scale::fuzz {

// 2026-01-01T00:00:00.000Z
inline constexpr domain::Timestamp kNow = 1767225600000;

struct FreshStore {
  std::shared_ptr<domain::ManualClock> clock = std::make_shared<domain::ManualClock>(kNow);
  std::shared_ptr<domain::SeededIdGenerator> ids = std::make_shared<domain::SeededIdGenerator>(7);
  store::Store store{clock, ids};
};

[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what.c_str());
  std::abort();
}

inline void require(bool ok, const std::string& what) {
  if (!ok) broken(what);
}

// The contract's promise for state documents: a dump loads again and gives the same dump.
inline void require_dump_round_trip(const store::Store& store) {
  const wire::Json first = wire::encode(store.dump());
  auto decoded = wire::decode_state(wire::Json::parse(first.dump()));
  if (!decoded) broken("a dump does not decode: " + wire::pointer_description(decoded.error()));
  FreshStore again;
  if (auto s = again.store.replace(*decoded); !s)
    broken("a dump does not load again: " + wire::pointer_description(s.error()) + "\n" +
           first.dump());
  const wire::Json second = wire::encode(again.store.dump());
  if (second != first)
    broken("a dump loaded again differs:\n" + first.dump() + "\n" + second.dump());
}

}  // namespace scale::fuzz
