// The memory budget of aggregate state (`kpic run --memory-limit`): what the group tables, distinct
// sets, HyperLogLog registers and value lists of every pass hold (and the key indexes of related
// sources, which are group tables too), counted where they allocate or are created (a process-wide
// relaxed atomic, touched only when a buffer grows or an object is made or freed, never per row). The scan
// driver compares it with the limit after each batch; a stage whose state outgrows the limit is run
// again in hash partitions of its groups (scanner.h). Column buffers, dictionaries, the string pool and
// the compiled code are not counted: they are bounded by a chunk per thread or by the data's distinct
// strings, not by the groups.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace kpic::exec {

inline std::atomic<int64_t> g_state_bytes{0};

inline void note_state_bytes(int64_t delta) { g_state_bytes.fetch_add(delta, std::memory_order_relaxed); }
// The bytes aggregate state holds now, over all threads (never below 0).
inline size_t state_bytes_now() {
  int64_t v = g_state_bytes.load(std::memory_order_relaxed);
  return v > 0 ? static_cast<size_t>(v) : 0;
}

// A std::allocator that counts what it holds in g_state_bytes (value lists, HLL registers).
template <typename T>
struct CountingAllocator {
  using value_type = T;
  CountingAllocator() = default;
  template <typename U>
  CountingAllocator(const CountingAllocator<U>&) {}
  T* allocate(size_t n) {
    void* p = std::malloc(n * sizeof(T));
    if (!p) throw std::bad_alloc();
    note_state_bytes(static_cast<int64_t>(n * sizeof(T)));
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    note_state_bytes(-static_cast<int64_t>(n * sizeof(T)));
    std::free(p);
  }
  template <typename U>
  bool operator==(const CountingAllocator<U>&) const { return true; }
};

// "512MB", "2GiB", "64k", "1000000" (bytes); units are powers of 1024 (KB = KiB), case-insensitive;
// "50%" is that share of the machine's memory. nullopt when malformed or zero.
std::optional<size_t> parse_memory_size(std::string_view text);

// The machine's memory: the smaller of physical memory and the cgroup's limit (0 when unknown).
size_t machine_memory();

// The default limit: 60% of machine_memory() (0, no limit, when that is unknown).
size_t default_memory_limit();

// "1.5 GiB", "640 KiB", "12 B".
std::string format_bytes(size_t bytes);

// Returns freed memory to the operating system (between the partitions of a stage).
void release_free_memory();

}  // namespace kpic::exec
