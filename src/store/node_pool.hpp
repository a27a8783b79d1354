#pragma once
// Where the tables keep their records. Every table is a Boost.MultiIndex container, and every
// record is one node of it (the record and the links of all its indexes). NodeAllocator hands
// out nodes from pools of equal-sized blocks, carved from slabs that grow with the pool; once a
// pool is large, its slabs are 2 MiB, aligned, and the kernel is asked to back them with huge
// pages (madvise MADV_HUGEPAGE: a no-op where transparent huge pages are off).
//
// Why: with a million licensees the indexes spread over a gigabyte, and each insert or look-up
// steps through a dozen nodes at random places. With 4 KiB pages nearly every step also misses
// the TLB; with 2 MiB pages it mostly does not (loading a million licensees took about a third
// less time in bench/run). Blocks also carry no malloc header.
//
// Freed blocks go back to their pool for the next node of the same size; pools never return
// memory to the system. All pools are shared by every store and are thread-safe.

#include <cstddef>
#include <new>

namespace scale::store {

namespace pool_detail {

// Whether blocks of this size come from a pool (not: larger than any pool's blocks, an
// unusual alignment, or a build with AddressSanitizer, which then sees every node).
bool pooled(std::size_t size, std::size_t align) noexcept;
// Blocks of `size` bytes (a multiple of `align`, at least a pointer) from growing slabs.
void* allocate_block(std::size_t size, std::size_t align);
void free_block(void* p, std::size_t size, std::size_t align) noexcept;
// Arrays (the buckets of a hashed index; the tables have none since every index became a
// tree): from operator new, or, at 2 MiB and more, from their own huge-page-advised mapping.
void* allocate_array(std::size_t bytes);
void free_array(void* p, std::size_t bytes) noexcept;

}  // namespace pool_detail

template <class T>
struct NodeAllocator {
  using value_type = T;

  NodeAllocator() noexcept = default;
  template <class U>
  NodeAllocator(const NodeAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n == 1) return static_cast<T*>(pool_detail::allocate_block(sizeof(T), alignof(T)));
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(pool_detail::allocate_array(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n == 1)
      pool_detail::free_block(p, sizeof(T), alignof(T));
    else
      pool_detail::free_array(p, n * sizeof(T));
  }

  template <class U>
  bool operator==(const NodeAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace scale::store
