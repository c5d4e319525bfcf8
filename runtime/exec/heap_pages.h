// The malloc heap in transparent huge pages. glibc's heap takes a page fault for every 4 KiB it hands out
// for the first time; on a virtual machine a fault costs several microseconds, and the aggregate state of a
// large scan (distinct sets, value lists, hash-table side buffers) is hundreds of MiB of fresh memory:
// `engagement_overall` over 20M events took 68K faults, ~20% of its CPU time. glibc only advises huge
// pages when told so by the environment (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), read at start; this does
// the same from inside:
//
//   tune_heap(): one arena for every thread (only the main arena's heap can be advised: the other arenas'
//     heaps are glibc's own mappings), blocks up to 32 MiB from that heap rather than from fresh mmaps, the
//     heap grown 64 MiB at a time and never given back while kpic runs; then advise_heap().
//   advise_heap(): marks the heap grown since the last call MADV_HUGEPAGE, so that its untouched part is
//     faulted in 2 MiB pages. Cheap when nothing grew (one comparison); the scans call it between chunks.
//
// Blocks of 32 MiB and more come from mmap as before (the allocators of huge_page_allocator.h advise
// them themselves). KPIC_MALLOC_TUNING=0 in the environment leaves malloc as glibc sets it up.
#pragma once

namespace kpic::exec {

// Whether `envp` (a null-terminated environment, as main's third argument) lets tune_heap() work: not
// when it holds KPIC_MALLOC_TUNING=0. The environment is passed rather than read with getenv, which
// sees none yet where tune_heap() runs (.preinit_array, before the C library's own initialisation).
bool malloc_tuning_wanted(char** envp);

// Does nothing when malloc_tuning_wanted(envp) is false, or in sanitizer builds.
void tune_heap(char** envp);
void advise_heap();
// Whether tune_heap() has set the heap up (not in sanitizer builds, nor with KPIC_MALLOC_TUNING=0).
bool heap_tuned();

}  // namespace kpic::exec
