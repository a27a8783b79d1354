#pragma once
// Where new ids come from. The domain and the store never call a random generator
// themselves: they are given an IdGenerator. SeededIdGenerator makes the same sequence of ids
// for the same seed, which is what repeatable test runs need.

#include <cstdint>
#include <mutex>

#include "domain/uuid.hpp"

namespace scale::domain {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A fresh version 4 UUID. Must be safe to call from many threads at once.
  virtual Uuid next() = 0;
};

// splitmix64 over a 64-bit seed: fast, well mixed, and the same ids for the same seed.
class SeededIdGenerator final : public IdGenerator {
 public:
  explicit SeededIdGenerator(std::uint64_t seed) : state_(seed) {}
  Uuid next() override;
  // Restarts the sequence as if newly made with this seed.
  void reseed(std::uint64_t seed);

 private:
  std::uint64_t next64();
  std::mutex mu_;
  std::uint64_t state_;
};

}  // namespace scale::domain
