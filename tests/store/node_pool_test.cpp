// The allocator of the store's tables: aligned, distinct blocks, taken back and handed out
// again; arrays small and large.

#include "store/node_pool.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

using scale::store::NodeAllocator;

namespace {

template <class T>
void check_blocks(std::size_t count) {
  NodeAllocator<T> alloc;
  std::vector<T*> blocks;
  std::set<T*> distinct;
  bool aligned = true;
  for (std::size_t i = 0; i < count; ++i) {
    T* p = alloc.allocate(1);
    aligned = aligned && reinterpret_cast<std::uintptr_t>(p) % alignof(T) == 0;
    std::memset(static_cast<void*>(p), static_cast<int>(i & 0xff), sizeof(T));
    blocks.push_back(p);
    distinct.insert(p);
  }
  REQUIRE(aligned);
  REQUIRE(distinct.size() == count);
  // No block overlaps the next one in its pool.
  bool intact = true;
  for (std::size_t i = 0; i < count; ++i) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(blocks[i]);
    for (std::size_t k = 0; k < sizeof(T); ++k) intact = intact && bytes[k] == (i & 0xff);
  }
  REQUIRE(intact);
  for (T* p : blocks) alloc.deallocate(p, 1);
  // Freed blocks are handed out again before the pool grows (where a pool serves them).
  if (!scale::store::pool_detail::pooled(sizeof(T), alignof(T))) return;
  std::set<T*> again;
  for (std::size_t i = 0; i < count; ++i) again.insert(alloc.allocate(1));
  CHECK(again == distinct);
  for (T* p : again) alloc.deallocate(p, 1);
}

struct alignas(16) Wide {
  std::array<char, 48> bytes;
};

}  // namespace

TEST_CASE("node pools give aligned, distinct blocks and take them back", "[store][pool]") {
  // Enough blocks of 40 bytes to fill small slabs and several 2 MiB ones.
  check_blocks<std::array<char, 40>>(150000);
  check_blocks<Wide>(5000);
  check_blocks<char>(100);
  check_blocks<std::array<char, 4096>>(10);  // larger than any pool's blocks
}

TEST_CASE("node allocators allocate arrays, small and of many megabytes", "[store][pool]") {
  NodeAllocator<void*> alloc;
  for (std::size_t n :
       {std::size_t{2}, std::size_t{1000}, std::size_t{262144}, std::size_t{1000003}}) {
    INFO(n);
    void** p = alloc.allocate(n);
    REQUIRE(reinterpret_cast<std::uintptr_t>(p) % alignof(void*) == 0);
    std::memset(static_cast<void*>(p), 0xab, n * sizeof(void*));
    CHECK(reinterpret_cast<unsigned char*>(p)[n * sizeof(void*) - 1] == 0xab);
    alloc.deallocate(p, n);
  }
  // Allocators compare equal, whatever their type: any one frees what another allocated.
  CHECK(NodeAllocator<int>() == NodeAllocator<double>());
}
