// The heap-allocated aggregate states a state block points to: an exact set of 64-bit values
// (count_distinct), HyperLogLog registers (approx_count_distinct) and a value list (median, quantile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

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
// 1.5x the distinct values found so far, or 4x while the last batch held almost no repeats (then the
// buffered values are mostly distinct anyway). A set thus costs 8-16 bytes per distinct value, where an
// open-addressing table at most half full costs 16-32, and a row never waits on a random probe.
// Past kSmallMax distinct values the set splits into runs by the hash's top bits, and doubles the
// number of runs whenever one passes kRunMax: each run stays cache-sized when compacted, the runs a
// set appends to stay few (the month sets of orders in random time order are all busy at once), and
// two threads' sets merge run by run, in parallel (settle_all).
class DistinctSet {
 public:
  static constexpr size_t kSmallMax = size_t{1} << 14;
  static constexpr size_t kRunMax = size_t{1} << 14;
  static constexpr int kFirstPartBits = 4;
  static constexpr int kMaxPartBits = 12;

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

  // The exact number of distinct values (compacts what is pending first).
  size_t count();

  // Compacts everything pending in these sets, spreading the runs over `threads` threads (this one
  // included). Rethrows std::bad_alloc from any of them.
  static void settle_all(const std::vector<DistinctSet*>& sets, int threads);

  bool pending() const;

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
  void add(uint64_t v) {
    Run& r = parts_ ? parts_[hash64(v) >> part_shift_] : small_;
    if (r.size < r.cap) r.data[r.size++] = v;
    else append_slow(r, v);
  }
  void append_slow(Run& r, uint64_t v);
  static void append_run(Run& dst, const Run& src);
  void compact(Run& r);
  void repartition(int bits);
  size_t num_parts() const { return parts_ ? size_t{1} << part_bits_ : 0; }

  Run small_;
  std::unique_ptr<Run[]> parts_;  // 2^part_bits_ runs once split, by the hash's top bits
  int part_bits_ = 0;
  int part_shift_ = 64;
  uint64_t last_ = 0;
  bool has_zero_ = false;
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
  std::vector<uint8_t> regs_;
};

// quantile_cont over the values (reorders them): position q*(n-1), linear interpolation.
double quantile_cont(std::vector<double>& values, double q);

}  // namespace kpic::exec
