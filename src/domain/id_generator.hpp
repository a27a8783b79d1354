#pragma once
// Where new ids come from. The domain and the store never call a random generator
// themselves: they are given an IdGenerator. SeededIdGenerator makes the same sequence of ids
// for the same seed, which is what repeatable test runs need.

#include <atomic>
#include <cstdint>
#include <mutex>

#include "domain/uuid.hpp"

namespace scale::domain {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A fresh version 4 UUID. Must be safe to call from many threads at once. Between two
  // changes of epoch() the ids do not repeat (two of them agree in all 122 random bits with a
  // probability of 2^-122): the store relies on it to check a drawn id only against the ids
  // that did not come from the current sequence (store/tables.hpp, Tables::foreign_ids).
  virtual Uuid next() = 0;
  // Changes whenever the sequence starts again (a reseed), and only then; read after next(),
  // a value that has not changed since the last read means that id came from the same
  // sequence as every id drawn since that read.
  virtual std::uint64_t epoch() const { return 0; }
};

// splitmix64 over a 64-bit seed: fast, well mixed, and the same ids for the same seed.
class SeededIdGenerator final : public IdGenerator {
 public:
  explicit SeededIdGenerator(std::uint64_t seed) : state_(seed) {}
  Uuid next() override;
  // Restarts the sequence as if newly made with this seed (a new epoch).
  void reseed(std::uint64_t seed);
  std::uint64_t epoch() const override { return epoch_.load(); }

 private:
  std::uint64_t next64();
  std::mutex mu_;
  std::uint64_t state_;
  std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace scale::domain
