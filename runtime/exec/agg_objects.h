// The heap-allocated aggregate states a state block points to: an exact set of 64-bit values
// (count_distinct), HyperLogLog registers (approx_count_distinct) and a value list (median, quantile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "runtime/exec/memory_budget.h"

namespace kpic::exec {

// A 64-bit mixer (splitmix64's finaliser): every input bit affects every output bit.
inline uint64_t hash64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// An exact set of 64-bit values (the value bits of ints, dates, string ids, doubles), built for one
// insert per row from a kernel. Inserting only appends to a buffer (a value equal to the previous one
// inserted is skipped: data often arrives sorted or clustered); duplicates are removed in batches
// ("compaction": one pass through a scratch hash table sized to the CPU cache) once the buffer holds
// 2x the distinct values found so far, or 4x while the last batch held almost no repeats (then the
// buffered values are mostly distinct anyway). A set whose values repeat thus costs 8-16 bytes per
// distinct value, as an open-addressing table at most half full does, and a row never waits on a random
// probe.
// Past kSmallMax distinct values the set splits into runs by the hash's top bits, and doubles the
// number of runs whenever one passes kRunMax: each run stays cache-sized when compacted, the runs a
// set appends to stay few (the month sets of orders in random time order are all busy at once), and
// two threads' sets merge run by run, in parallel (settle_all).
//
// Dense mode: ids are often dense integers (sessions 1..6M, customers 1..2M). Once a set holds
// kBitmapMin distinct values whose range (as signed integers) is at most kDensity times their number,
// it becomes a bitmap (bit i = value base + i, modulo 2^64, base a multiple of 64) with a running count:
// at most 64 bits (8 bytes) per distinct value when it switches, no more than the runs it replaces, and
// at most 16 bytes after growth. This is checked when a run is compacted (O(1), from the compacted
// values' range). A value outside the bitmap grows it (to twice what its values need, so ascending ids
// cost amortised O(1)) while their range stays within kDensity times the count; otherwise the set goes
// back to runs for good (no back and forth). A few values spread over a large range (a set per
// customer of order ids) never qualify.
class DistinctSet {
 public:
  static constexpr size_t kSmallMax = size_t{1} << 14;
  static constexpr size_t kRunMax = size_t{1} << 14;
  static constexpr int kFirstPartBits = 4;
  static constexpr int kMaxPartBits = 12;
  static constexpr size_t kBitmapMin = 64;
  static constexpr uint64_t kDensity = 64;
  static constexpr size_t kBitmapBuffer = 256;

  DistinctSet() = default;
  DistinctSet(DistinctSet&&) noexcept = default;
  DistinctSet& operator=(DistinctSet&&) noexcept = default;

  void insert(uint64_t v) {
    if (v == last_) {  // last_ starts at 0, so this is also where a first 0 arrives
      has_zero_ |= v == 0;
      return;
    }
    last_ = v;
    if (v == 0) {  // 0 marks empty slots of the scratch table: it never goes into a run
      has_zero_ = true;
      return;
    }
    add(v);
  }

  // Adds every value of `o` and empties it (its memory is freed). The larger set's storage is kept.
  // Runs of two split sets are appended, compacted later (count() or settle_all()) unless they pile up.
  void merge(DistinctSet& o);

  // Adds every value of this set to `dst`, leaving this set as it is (merge() empties its argument).
  void copy_into(DistinctSet& dst) const;

  // The exact number of distinct values (compacts what is pending first).
  size_t count();

  // Compacts everything pending in these sets, spreading the runs over `threads` threads (this one
  // included). Rethrows std::bad_alloc from any of them.
  static void settle_all(const std::vector<DistinctSet*>& sets, int threads);

  bool pending() const;
  // Whether the set is a bitmap now (dense mode), and whether it left dense mode for good.
  bool dense() const { return bits_.words != nullptr; }
  bool hash_only() const { return hash_only_; }

 private:
  // data[0, unique) are distinct values, data[unique, size) pending, unchecked; none is 0. The buffer
  // (plain malloc/realloc: large runs grow in place) doubles up to `limit` values; a run that reaches
  // `limit` is compacted before it takes more.
  struct Run {
    uint64_t* data = nullptr;
    size_t size = 0;
    size_t unique = 0;
    size_t cap = 0;
    size_t limit = 0;
    Run() = default;
    Run(Run&& o) noexcept;
    Run& operator=(Run&& o) noexcept;
    ~Run();
    void resize_buffer(size_t n);  // throws std::bad_alloc
  };
  // words[0, nbits / 64) hold the values base + bit (mod 2^64); count = bits set. A set is in dense
  // mode exactly when `words` is set (the other fields mean nothing without it).
  struct FreeWords {
    void operator()(uint64_t* p) const {  // p from zeroed_words (agg_objects.cc): its size is at p[-1]
      note_state_bytes(-static_cast<int64_t>((p[-1] + 1) * sizeof(uint64_t)));
      std::free(p - 1);
    }
  };
  struct Bitmap {
    std::unique_ptr<uint64_t[], FreeWords> words;  // from calloc
    uint64_t nbits = 0;
    uint64_t base = 0;
    size_t count = 0;
    void set(uint64_t off) {
      uint64_t& w = words[off >> 6];
      const uint64_t m = uint64_t{1} << (off & 63);
      count += (w & m) == 0;
      w |= m;
    }
    template <typename F>
    void for_each(F&& f) const {
      for (uint64_t i = 0; i < nbits / 64; ++i)
        for (uint64_t x = words[i]; x; x &= x - 1) f(base + i * 64 + static_cast<uint64_t>(__builtin_ctzll(x)));
    }
  };
  // What one compaction found: new distinct values and their signed range.
  struct Found {
    size_t added = 0;
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
  };
  // A bitmap set buffers values in small_ when its values arrive at random (users over 1..80M): they
  // are set in a batch with the words prefetched. Small bitmaps, and values that arrive near the
  // previous one (ids in order), are set directly (no buffer: small_.cap == 0).
  void add(uint64_t v) {
    Run& r = parts_ ? parts_[hash64(v) >> part_shift_] : small_;
    if (r.size < r.cap) {
      r.data[r.size++] = v;
      return;
    }
    if (bits_.words && !r.cap) {
      const uint64_t off = v - bits_.base;
      if (off < bits_.nbits) return bits_.set(off);
    }
    append_slow(r, v);
  }
  void append_slow(Run& r, uint64_t v);
  static void append_run(Run& dst, const Run& src);
  void compact(Run& r);
  static Found compact_run(Run& r, size_t min_pending);  // touches only r (settle_all runs it in parallel)
  void note(const Found& f);
  void repartition(int bits);
  size_t num_parts() const { return parts_ ? size_t{1} << part_bits_ : 0; }
  // Calls f(v) for every value held in runs (distinct and pending).
  template <typename F>
  void for_each_run_value(F&& f) const;
  // Dense mode: switches to a bitmap when the values are dense enough (true if it did). `estimate`:
  // the caller's guess of the distinct values, compacted or not (distinct_ if lower).
  bool maybe_bitmap(size_t estimate);
  void bitmap_add(uint64_t v) {
    const uint64_t off = v - bits_.base;
    if (off < bits_.nbits) bits_.set(off);
    else bitmap_outside(v);
  }
  static size_t buffer_for(uint64_t nbits);  // buffer capacity of a bitmap of nbits (0: none)
  void drain();                     // sets the buffered values' bits (may leave dense mode)
  void bitmap_outside(uint64_t v);  // v outside the bitmap: grow it, or go back to runs
  void to_runs();                   // leaves dense mode for good
  void merge_dense(DistinctSet& o);  // merge() when either set is a bitmap

  Run small_;
  std::unique_ptr<Run[]> parts_;  // 2^part_bits_ runs once split, by the hash's top bits
  int part_bits_ = 0;
  int part_shift_ = 64;
  uint64_t last_ = 0;
  bool has_zero_ = false;
  bool hash_only_ = false;  // left dense mode: never a bitmap again
  // Runs only: distinct values in runs (their `unique` counts) and the signed range of those values.
  size_t distinct_ = 0;
  int64_t lo_ = INT64_MAX;
  int64_t hi_ = INT64_MIN;
  size_t next_try_ = kBitmapMin;  // the dense check waits until distinct_ reaches this
  Bitmap bits_;
};

// HyperLogLog with 2^14 registers: standard error 1.04 / sqrt(16384) ≈ 0.81 %; exact (linear
// counting) for small cardinalities, which stay far below the register count.
class Hll {
 public:
  static constexpr int kBits = 14;
  Hll() : regs_(1u << kBits, 0) {}
  void insert(uint64_t v);
  void merge(const Hll& o);
  int64_t estimate() const;

 private:
  std::vector<uint8_t, CountingAllocator<uint8_t>> regs_;
};

// The values of a median/quantile state, counted as aggregate state (memory_budget.h).
using ValueList = std::vector<double, CountingAllocator<double>>;

// quantile_cont over the n values (reorders them): position q*(n-1), linear interpolation.
double quantile_cont(double* values, size_t n, double q);
inline double quantile_cont(ValueList& values, double q) { return quantile_cont(values.data(), values.size(), q); }

}  // namespace kpic::exec
