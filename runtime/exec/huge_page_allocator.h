// Allocators backed by transparent huge pages for large blocks. HugePageAllocator, for hash-table arrays
// (random probes into tables of tens of MiB otherwise miss the TLB on almost every access): what it holds
// counts as aggregate state (memory_budget.h); group tables use it. BulkAllocator, for whole-source
// arrays, which would otherwise take a page fault per 4 KiB.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/exec/memory_budget.h"

namespace kpic::exec {

constexpr size_t kHugePage = size_t{2} << 20;  // a transparent huge page on x86-64

// `bytes` from malloc, or, from 4 MiB on, 2 MiB aligned and advised to be backed by huge pages: the
// kernel then maps (and clears) 2 MiB per page fault instead of 4 KiB. nullptr when out of memory.
inline void* huge_page_alloc(size_t bytes) {
  constexpr size_t kHuge = kHugePage;
  if (bytes < 2 * kHuge) return std::malloc(bytes);
  void* p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
  if (p) madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

template <typename T>
T* huge_page_new(size_t n) {
  void* p = huge_page_alloc(n * sizeof(T));
  if (!p) throw std::bad_alloc();
  return static_cast<T*>(p);
}

// An allocator for whole-source arrays (lag columns, columns read whole for lookups: one value per row of
// a source, tens of MiB): huge pages as above, and elements that `resize(n)` adds are left unwritten (the
// reader writes every row). Not aggregate state: the memory limit does not count them.
template <typename T>
struct BulkAllocator : DefaultInitConstruct {
  using value_type = T;
  BulkAllocator() = default;
  template <typename U>
  BulkAllocator(const BulkAllocator<U>&) {}

  T* allocate(size_t n) { return huge_page_new<T>(n); }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const BulkAllocator<U>&) const { return true; }
};

template <typename T>
using BulkVector = std::vector<T, BulkAllocator<T>>;

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    T* p = huge_page_new<T>(n);
    note_state_bytes(static_cast<int64_t>(n * sizeof(T)));
    return p;
  }
  void deallocate(T* p, size_t n) {
    note_state_bytes(-static_cast<int64_t>(n * sizeof(T)));
    std::free(p);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

}  // namespace kpic::exec
