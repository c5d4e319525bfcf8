// The malloc heap's huge pages (runtime/exec/heap_pages.h): memory the heap grows by after tune_heap() is
// advised between allocations and, once touched, is backed by 2 MiB pages (AnonHugePages of the process).
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/exec/heap_pages.h"

namespace {

// The process's anonymous memory in transparent huge pages, KiB (-1 when it cannot be read).
long anon_huge_kib() {
  std::ifstream in("/proc/self/smaps_rollup");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
  return -1;
}

std::string file_text(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

extern char** environ;

TEST_CASE("heap pages: KPIC_MALLOC_TUNING=0 in the environment, and only that, turns the tuning off") {
  using kpic::exec::malloc_tuning_wanted;
  char off[] = "KPIC_MALLOC_TUNING=0", on[] = "KPIC_MALLOC_TUNING=1", other[] = "HOME=/root",
       prefix[] = "KPIC_MALLOC_TUNING_X=0", empty[] = "KPIC_MALLOC_TUNING=";
  char* with_off[] = {other, off, nullptr};
  char* with_on[] = {on, other, nullptr};
  char* unrelated[] = {prefix, empty, other, nullptr};
  char* none[] = {nullptr};
  CHECK(!malloc_tuning_wanted(with_off));
  CHECK(malloc_tuning_wanted(with_on));
  CHECK(malloc_tuning_wanted(unrelated));
  CHECK(malloc_tuning_wanted(none));
  CHECK(malloc_tuning_wanted(nullptr));
}

TEST_CASE("heap pages: what the heap grows by after tune_heap is faulted in huge pages") {
  kpic::exec::tune_heap(environ);
  if (!kpic::exec::heap_tuned()) {
    MESSAGE("heap tuning off (sanitizer build or KPIC_MALLOC_TUNING=0)");
    return;
  }
  const std::string thp = file_text("/sys/kernel/mm/transparent_hugepage/enabled");
  if (thp.empty() || thp.find("[never]") != std::string::npos || anon_huge_kib() < 0) {
    MESSAGE("no transparent huge pages on this system");
    return;
  }
  const long before = anon_huge_kib();
  constexpr size_t kBlock = size_t{64} << 10, kBlocks = 1600;  // 100 MiB in blocks a heap serves
  std::vector<void*> blocks;
  for (size_t i = 0; i < kBlocks; ++i) {
    blocks.push_back(std::malloc(kBlock));
    REQUIRE(blocks.back() != nullptr);
    kpic::exec::advise_heap();  // as the scan threads do between chunks
  }
  for (void* b : blocks) std::memset(b, 1, kBlock);
  const long after = anon_huge_kib();
  for (void* b : blocks) std::free(b);
  CHECK(after - before >= 32 * 1024);  // at least a third of it: the heap's steps are 64 MiB
}
