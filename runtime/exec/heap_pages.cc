// tune_heap, advise_heap: see heap_pages.h.
#include "runtime/exec/heap_pages.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "runtime/exec/huge_page_allocator.h"

namespace kpic::exec {
namespace {

constexpr uintptr_t kHuge = kHugePage;
std::atomic<bool> g_tuned{false};
std::atomic<uintptr_t> g_advised_end{0};  // the heap is advised below this address
std::mutex g_advise_mu;

}  // namespace

bool malloc_tuning_wanted(char** envp) {
  for (char** e = envp; e && *e; ++e)
    if (std::strcmp(*e, "KPIC_MALLOC_TUNING=0") == 0) return false;
  return true;
}

void tune_heap(char** envp) {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  if (!malloc_tuning_wanted(envp)) return;
  if (mallopt(M_ARENA_MAX, 1) != 1 || mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1 ||
      mallopt(M_TRIM_THRESHOLD, 1 << 30) != 1 || mallopt(M_TOP_PAD, 64 << 20) != 1)
    return;
  g_advised_end.store((reinterpret_cast<uintptr_t>(sbrk(0)) + kHuge - 1) & ~(kHuge - 1));
  g_tuned.store(true);
  void* grow = std::malloc(1);  // the heap's first 64 MiB step, advised at once
  advise_heap();
  std::free(grow);
#else
  (void)envp;
#endif
}

bool heap_tuned() { return g_tuned.load(std::memory_order_relaxed); }

void advise_heap() {
  if (!g_tuned.load(std::memory_order_relaxed)) return;
  const auto end = reinterpret_cast<uintptr_t>(sbrk(0));
  if (end <= g_advised_end.load(std::memory_order_relaxed) + kHuge) return;
  std::lock_guard<std::mutex> lock(g_advise_mu);
  const uintptr_t from = g_advised_end.load(std::memory_order_relaxed);
  const uintptr_t to = end & ~(kHuge - 1);
  if (to <= from) return;
  // Advice is only a hint: a failure leaves small pages, as without it.
  (void)madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
  g_advised_end.store(to, std::memory_order_relaxed);
}

}  // namespace kpic::exec
