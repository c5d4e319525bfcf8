// The heap-allocated aggregate states a state block points to: an exact set of 64-bit values
// (count_distinct), HyperLogLog registers (approx_count_distinct) and a value list (median, quantile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kpic::exec {

// An open-addressing set of 64-bit values (the value bits of ints, dates, string ids, doubles).
class DistinctSet {
 public:
  void insert(uint64_t v);
  void merge(const DistinctSet& o);
  size_t size() const { return size_; }

 private:
  void grow();
  std::vector<uint64_t> slots_;
  bool has_zero_ = false;  // 0 marks empty slots, so the value 0 is tracked apart
  size_t size_ = 0;
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

uint64_t hash64(uint64_t x);

}  // namespace kpic::exec
