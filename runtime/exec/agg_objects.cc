// DistinctSet, Hll, quantile_cont: see agg_objects.h.
#include "runtime/exec/agg_objects.h"

#include <algorithm>
#include <cmath>

namespace kpic::exec {

uint64_t hash64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void DistinctSet::insert(uint64_t v) {
  if (v == 0) {
    if (!has_zero_) ++size_;
    has_zero_ = true;
    return;
  }
  if ((size_ + 1) * 2 > slots_.size()) grow();
  size_t mask = slots_.size() - 1;
  size_t pos = hash64(v) & mask;
  while (slots_[pos]) {
    if (slots_[pos] == v) return;
    pos = (pos + 1) & mask;
  }
  slots_[pos] = v;
  ++size_;
}

void DistinctSet::grow() {
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
  size_t mask = slots_.size() - 1;
  for (uint64_t v : old) {
    if (!v) continue;
    size_t pos = hash64(v) & mask;
    while (slots_[pos]) pos = (pos + 1) & mask;
    slots_[pos] = v;
  }
}

void DistinctSet::merge(const DistinctSet& o) {
  if (o.has_zero_) insert(0);
  for (uint64_t v : o.slots_)
    if (v) insert(v);
}

void Hll::insert(uint64_t v) {
  uint64_t h = hash64(v ^ 0x5bd1e9955bd1e995ULL);
  uint32_t idx = static_cast<uint32_t>(h >> (64 - kBits));
  uint64_t rest = (h << kBits) | (uint64_t{1} << (kBits - 1));
  uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  if (rank > regs_[idx]) regs_[idx] = rank;
}

void Hll::merge(const Hll& o) {
  for (size_t i = 0; i < regs_.size(); ++i) regs_[i] = std::max(regs_[i], o.regs_[i]);
}

int64_t Hll::estimate() const {
  const double m = static_cast<double>(regs_.size());
  double sum = 0;
  int zeros = 0;
  for (uint8_t r : regs_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double alpha = 0.7213 / (1 + 1.079 / m);
  double e = alpha * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);
  return static_cast<int64_t>(std::llround(e));
}

double quantile_cont(std::vector<double>& v, double q) {
  // Selection, not a sort: the value at position lo, then the smallest value after it.
  double pos = q * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = static_cast<size_t>(std::ceil(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  double a = v[lo];
  if (lo == hi) return a;
  double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

}  // namespace kpic::exec
