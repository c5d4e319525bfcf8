// DistinctSet, Hll, quantile_cont: see agg_objects.h.
#include "runtime/exec/agg_objects.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace kpic::exec {

namespace {

constexpr size_t kMinPendingSmall = 4;
constexpr size_t kMinPendingPart = 32;

// The scratch hash table compaction uses, one per thread, reused (0 = empty slot).
uint64_t* scratch_table(size_t slots) {
  thread_local std::vector<uint64_t> table;
  if (table.size() < slots) table.resize(slots);
  std::fill_n(table.begin(), slots, 0);
  return table.data();
}

}  // namespace

DistinctSet::Run::Run(Run&& o) noexcept : data(o.data), size(o.size), unique(o.unique), cap(o.cap), limit(o.limit) {
  o.data = nullptr;
}

DistinctSet::Run& DistinctSet::Run::operator=(Run&& o) noexcept {
  if (this != &o) {
    std::free(data);
    data = std::exchange(o.data, nullptr);
    size = o.size;
    unique = o.unique;
    cap = o.cap;
    limit = o.limit;
  }
  return *this;
}

DistinctSet::Run::~Run() { std::free(data); }

void DistinctSet::Run::resize_buffer(size_t n) {
  auto* p = static_cast<uint64_t*>(std::realloc(data, std::max<size_t>(n, 1) * sizeof(uint64_t)));
  if (!p) throw std::bad_alloc();
  data = p;
  cap = n;
}

void DistinctSet::compact(Run& r) {
  bool rare_dups = false;
  if (r.size > r.unique) {
    size_t slots = 16;
    while (slots < 2 * r.size) slots *= 2;
    uint64_t* t = scratch_table(slots);
    const size_t mask = slots - 1;
    uint64_t* v = r.data;
    // The slots of the values kAhead places on are requested while this one is probed: the table is
    // cache-sized, but a probe still waits on L2 (or L3 when the run is large) without this.
    constexpr size_t kAhead = 16;
    size_t ring[kAhead];
    const size_t lead = std::min(kAhead, r.size);
    for (size_t i = 0; i < lead; ++i) {
      ring[i] = hash64(v[i]) & mask;
      __builtin_prefetch(t + ring[i]);
    }
    auto next_pos = [&](size_t i) {
      size_t pos = ring[i % kAhead];
      if (i + kAhead < r.size) {
        size_t ahead = hash64(v[i + kAhead]) & mask;
        __builtin_prefetch(t + ahead);
        ring[i % kAhead] = ahead;
      }
      return pos;
    };
    for (size_t i = 0; i < r.unique; ++i) {
      size_t pos = next_pos(i);
      while (t[pos]) pos = (pos + 1) & mask;
      t[pos] = v[i];
    }
    size_t out = r.unique;
    for (size_t i = r.unique; i < r.size; ++i) {
      const uint64_t x = v[i];
      size_t pos = next_pos(i);
      bool seen = false;
      while (t[pos]) {
        if (t[pos] == x) {
          seen = true;
          break;
        }
        pos = (pos + 1) & mask;
      }
      if (seen) continue;
      t[pos] = x;
      v[out++] = x;
    }
    // Few duplicates among the values just checked: buffering raw values costs about what the
    // distinct ones would, so allow 3x the distinct count before the next check (fewer passes).
    // Otherwise half as many, which bounds the run at 1.5x its distinct values.
    rare_dups = (out - r.unique) * 8 >= (r.size - r.unique) * 7;
    r.size = r.unique = out;
  }
  const size_t allowance = rare_dups ? 3 * r.unique : r.unique / 2;
  r.limit = r.unique + std::max(allowance, parts_ ? kMinPendingPart : kMinPendingSmall);
  if (r.cap > r.limit) r.resize_buffer(r.limit);  // shrinks in place
}

void DistinctSet::repartition(int bits) {
  // Every value moves to run hash >> (64 - bits); distinct ones stay ahead of pending ones.
  Run* old = parts_ ? parts_.get() : &small_;
  const size_t nold = parts_ ? num_parts() : 1;
  const size_t nnew = size_t{1} << bits;
  const int shift = 64 - bits;
  std::vector<size_t> uniq(nnew, 0), total(nnew, 0);
  for (size_t p = 0; p < nold; ++p)
    for (size_t i = 0; i < old[p].size; ++i) {
      size_t q = hash64(old[p].data[i]) >> shift;
      ++total[q];
      uniq[q] += i < old[p].unique;
    }
  auto parts = std::make_unique<Run[]>(nnew);
  std::vector<size_t> upos(nnew, 0), ppos(nnew);
  for (size_t q = 0; q < nnew; ++q) {
    Run& r = parts[q];
    r.resize_buffer(total[q] + kMinPendingPart);
    r.size = total[q];
    r.unique = uniq[q];
    r.limit = r.size + std::max(r.unique / 2, kMinPendingPart);
    ppos[q] = uniq[q];
  }
  for (size_t p = 0; p < nold; ++p)
    for (size_t i = 0; i < old[p].size; ++i) {
      const uint64_t v = old[p].data[i];
      size_t q = hash64(v) >> shift;
      parts[q].data[i < old[p].unique ? upos[q]++ : ppos[q]++] = v;
    }
  parts_ = std::move(parts);
  part_bits_ = bits;
  part_shift_ = shift;
  small_ = Run();
}

void DistinctSet::append_slow(Run& r, uint64_t v) {
  if (r.size >= r.limit) {
    compact(r);
    const bool grow = parts_ ? r.unique > kRunMax && part_bits_ < kMaxPartBits : r.unique > kSmallMax;
    if (grow) {
      repartition(parts_ ? part_bits_ + 1 : kFirstPartBits);
      add(v);
      return;
    }
  }
  // The buffer doubles up to the compaction threshold.
  if (r.size == r.cap) r.resize_buffer(std::min(r.limit, std::max<size_t>(2 * r.cap, 16)));
  r.data[r.size++] = v;
}

void DistinctSet::append_run(Run& dst, const Run& src) {
  if (!src.size) return;
  if (dst.cap - dst.size < src.size) dst.resize_buffer(dst.size + src.size);
  std::memcpy(dst.data + dst.size, src.data, src.size * sizeof(uint64_t));
  dst.size += src.size;
}

void DistinctSet::merge(DistinctSet& o) {
  if (&o == this) return;
  if ((o.parts_ && !parts_) || (o.parts_ && o.part_bits_ > part_bits_) ||
      (!o.parts_ && !parts_ && o.small_.size > small_.size))
    std::swap(*this, o);
  has_zero_ |= o.has_zero_;
  if (o.parts_) {  // both split: runs are appended, compacted later (settle_all / count)
    if (o.part_bits_ < part_bits_) o.repartition(part_bits_);
    for (size_t p = 0; p < num_parts(); ++p) {
      Run& mine = parts_[p];
      Run& theirs = o.parts_[p];
      if (!mine.size) {
        std::swap(mine, theirs);
      } else {
        append_run(mine, theirs);
        if (mine.size > 2 * mine.limit) compact(mine);  // repeated merges must not pile up
      }
      theirs = Run();
    }
  } else if (parts_) {
    for (size_t i = 0; i < o.small_.size; ++i) add(o.small_.data[i]);
  } else if (o.small_.size) {
    append_run(small_, o.small_);
    compact(small_);
    if (small_.unique > kSmallMax) repartition(kFirstPartBits);
  }
  o = DistinctSet();
}

bool DistinctSet::pending() const {
  if (!parts_) return small_.size > small_.unique;
  for (size_t p = 0; p < num_parts(); ++p)
    if (parts_[p].size > parts_[p].unique) return true;
  return false;
}

size_t DistinctSet::count() {
  size_t n = has_zero_ ? 1 : 0;
  if (!parts_) {
    if (small_.size > small_.unique) compact(small_);
    return n + small_.unique;
  }
  for (size_t p = 0; p < num_parts(); ++p) {
    if (parts_[p].size > parts_[p].unique) compact(parts_[p]);
    n += parts_[p].unique;
  }
  return n;
}

void DistinctSet::settle_all(const std::vector<DistinctSet*>& sets, int threads) {
  // One job per pending run: a split set gives one per run.
  std::vector<std::pair<DistinctSet*, Run*>> jobs;
  size_t work = 0;
  for (DistinctSet* s : sets) {
    if (!s->parts_) {
      if (s->small_.size > s->small_.unique) jobs.emplace_back(s, &s->small_);
      work += s->small_.size;
      continue;
    }
    for (size_t p = 0; p < s->num_parts(); ++p) {
      Run& r = s->parts_[p];
      if (r.size > r.unique) jobs.emplace_back(s, &r);
      work += r.size;
    }
  }
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto worker = [&] {
    try {
      for (size_t j; (j = next.fetch_add(1)) < jobs.size();) jobs[j].first->compact(*jobs[j].second);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mu);
      if (!failure) failure = std::current_exception();
      next.store(jobs.size());
    }
  };
  // Starting a thread costs tens of microseconds: only worth it for some hundred thousand values.
  int helpers = work < (size_t{1} << 17) ? 0 : std::max(0, std::min<int>(threads, static_cast<int>(jobs.size())) - 1);
  std::vector<std::thread> pool;
  for (int t = 0; t < helpers; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
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
