#include "domain/id_generator.hpp"

namespace scale::domain {

std::uint64_t SeededIdGenerator::next64() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Uuid SeededIdGenerator::next() {
  std::lock_guard lock(mu_);
  std::uint64_t high = next64();
  std::uint64_t low = next64();
  return Uuid::v4_from(high, low);
}

void SeededIdGenerator::reseed(std::uint64_t seed) {
  std::lock_guard lock(mu_);
  state_ = seed;
  ++epoch_;
}

}  // namespace scale::domain
