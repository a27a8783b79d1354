#include "store/node_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>

namespace scale::store::pool_detail {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kFirstSlab = std::size_t{64} << 10;
// Blocks up to this size come from pools; larger ones (no table has such records) from
// operator new.
constexpr std::size_t kMaxBlock = 2048;
constexpr std::size_t kGrain = alignof(void*);

std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

// `bytes` (a multiple of 2 MiB) of fresh memory aligned to 2 MiB, advised for huge pages.
void* map_huge(std::size_t bytes) {
  void* raw = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const auto aligned = round_up(start, kHugePage);
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::size_t tail = start + bytes + kHugePage - (aligned + bytes);
  if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  void* p = reinterpret_cast<void*>(aligned);
  ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only: ignored where THP is off
  return p;
}

class Pool {
 public:
  void* allocate(std::size_t size) {
    std::lock_guard lock(mu_);
    if (free_) {
      void* p = free_;
      free_ = *static_cast<void**>(p);
      return p;
    }
    if (next_ + size > end_) grow(size);
    void* p = next_;
    next_ += size;
    return p;
  }

  void free(void* p) noexcept {
    std::lock_guard lock(mu_);
    *static_cast<void**>(p) = free_;
    free_ = p;
  }

 private:
  // A new slab, twice the last one up to 2 MiB: a pool of a few records stays small, a large
  // one moves to huge pages. What is left of the old slab is given up (less than one block).
  void grow(std::size_t size) {
    const std::size_t bytes = std::max(slab_, round_up(size, kFirstSlab));
    char* slab = bytes >= kHugePage ? static_cast<char*>(map_huge(round_up(bytes, kHugePage)))
                                    : static_cast<char*>(::operator new(bytes));
    next_ = slab;
    end_ = slab + bytes;
    slab_ = std::min(slab_ * 2, kHugePage);
  }

  std::mutex mu_;
  void* free_ = nullptr;
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t slab_ = kFirstSlab;
};

// One pool per block size, in steps of a pointer's size.
std::array<Pool, kMaxBlock / kGrain + 1>& pools() {
  static std::array<Pool, kMaxBlock / kGrain + 1> all;
  return all;
}

std::size_t block_size(std::size_t size, std::size_t align) {
  return round_up(std::max(size, sizeof(void*)), std::max(align, kGrain));
}

// Under AddressSanitizer every node comes from operator new, so that ASan sees each one: a
// block recycled by a pool would hide a use after free, and a slab hides overflows between
// neighbouring nodes.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPools = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kPools = false;
#else
constexpr bool kPools = true;
#endif
#else
constexpr bool kPools = true;
#endif

}  // namespace

bool pooled(std::size_t size, std::size_t align) noexcept {
  return kPools && block_size(size, align) <= kMaxBlock && align <= kGrain * 2;
}

void* allocate_block(std::size_t size, std::size_t align) {
  if (!pooled(size, align))
    return ::operator new(size, std::align_val_t(std::max(align, kGrain)));
  const std::size_t block = block_size(size, align);
  return pools()[block / kGrain].allocate(block);
}

void free_block(void* p, std::size_t size, std::size_t align) noexcept {
  if (!pooled(size, align)) {
    ::operator delete(p, std::align_val_t(std::max(align, kGrain)));
    return;
  }
  pools()[block_size(size, align) / kGrain].free(p);
}

void* allocate_array(std::size_t bytes) {
  if (kPools && bytes >= kHugePage) return map_huge(round_up(bytes, kHugePage));
  return ::operator new(bytes);
}

void free_array(void* p, std::size_t bytes) noexcept {
  if (kPools && bytes >= kHugePage) {
    ::munmap(p, round_up(bytes, kHugePage));
    return;
  }
  ::operator delete(p);
}

}  // namespace scale::store::pool_detail
