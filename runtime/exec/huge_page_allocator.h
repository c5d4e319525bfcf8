// An allocator for large hash-table arrays: blocks of 4 MiB and more are 2 MiB aligned and advised to be
// backed by transparent huge pages (random probes into tables of tens of MiB otherwise miss the TLB on
// almost every access). Smaller blocks come from malloc as usual. What it holds counts as aggregate
// state (memory_budget.h): group tables use it.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

#include "runtime/exec/memory_budget.h"

namespace kpic::exec {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    constexpr size_t kHuge = size_t{2} << 20;
    size_t bytes = n * sizeof(T);
    void* p;
    if (bytes >= 2 * kHuge) {
      p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
      if (p) madvise(p, bytes, MADV_HUGEPAGE);
    } else {
      p = std::malloc(bytes);
    }
    if (!p) throw std::bad_alloc();
    note_state_bytes(static_cast<int64_t>(bytes));
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    note_state_bytes(-static_cast<int64_t>(n * sizeof(T)));
    std::free(p);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

}  // namespace kpic::exec
