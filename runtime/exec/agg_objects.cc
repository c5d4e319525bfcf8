// DistinctSet, Hll, quantile_cont: see agg_objects.h.
#include "runtime/exec/agg_objects.h"

#include <algorithm>
#include <atomic>
#include <bit>
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

// A run's buffer counts as aggregate state (memory_budget.h) while `data` holds it: cap values.
DistinctSet::Run::Run(Run&& o) noexcept : data(o.data), size(o.size), unique(o.unique), cap(o.cap), limit(o.limit) {
  o.data = nullptr;
}

DistinctSet::Run& DistinctSet::Run::operator=(Run&& o) noexcept {
  if (this != &o) {
    if (data) note_state_bytes(-static_cast<int64_t>(cap * sizeof(uint64_t)));
    std::free(data);
    data = std::exchange(o.data, nullptr);
    size = o.size;
    unique = o.unique;
    cap = o.cap;
    limit = o.limit;
  }
  return *this;
}

DistinctSet::Run::~Run() {
  if (data) note_state_bytes(-static_cast<int64_t>(cap * sizeof(uint64_t)));
  std::free(data);
}

void DistinctSet::Run::resize_buffer(size_t n) {
  auto* p = static_cast<uint64_t*>(std::realloc(data, std::max<size_t>(n, 1) * sizeof(uint64_t)));
  if (!p) throw std::bad_alloc();
  note_state_bytes((static_cast<int64_t>(n) - static_cast<int64_t>(data ? cap : 0)) * 8);
  data = p;
  cap = n;
}

void DistinctSet::compact(Run& r) { note(compact_run(r, parts_ ? kMinPendingPart : kMinPendingSmall)); }

void DistinctSet::note(const Found& f) {
  distinct_ += f.added;
  lo_ = std::min(lo_, f.lo);
  hi_ = std::max(hi_, f.hi);
}

DistinctSet::Found DistinctSet::compact_run(Run& r, size_t min_pending) {
  Found f;
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
      f.lo = std::min(f.lo, static_cast<int64_t>(x));
      f.hi = std::max(f.hi, static_cast<int64_t>(x));
    }
    f.added = out - r.unique;
    // Few duplicates among the values just checked: buffering raw values costs about what the
    // distinct ones would, so allow 3x the distinct count before the next check (fewer passes).
    // Otherwise as many, which bounds the run at 2x its distinct values: every check puts the distinct
    // values into the scratch table again, so with half as many (1.5x) two thirds of the work of a
    // set fed mostly repeats (daily active users) went to values already known.
    rare_dups = (out - r.unique) * 8 >= (r.size - r.unique) * 7;
    r.size = r.unique = out;
  }
  const size_t allowance = rare_dups ? 3 * r.unique : r.unique;
  r.limit = r.unique + std::max(allowance, min_pending);
  if (r.cap > r.limit) r.resize_buffer(r.limit);  // shrinks in place
  return f;
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
  if (bits_.words) {
    if (!small_.cap) {  // no buffer, v outside the bitmap
      bitmap_outside(v);
      // The bitmap grew: buffer a batch again to see whether values still arrive in order.
      if (bits_.words) {
        if (size_t cap = buffer_for(bits_.nbits)) small_.resize_buffer(cap);
      }
      return;
    }
    drain();  // the buffer is full
    add(v);
    return;
  }
  if (r.size >= r.limit) {
    compact(r);
    // The runs of a split set hold about as many distinct values each (split by hash).
    if (maybe_bitmap(parts_ ? r.unique << part_bits_ : 0)) {  // r is gone
      add(v);
      return;
    }
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
  if (bits_.words || o.bits_.words) {
    merge_dense(o);
    o = DistinctSet();
    return;
  }
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
        distinct_ += mine.unique;
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
  // o's distinct values are all here now (some perhaps still pending).
  lo_ = std::min(lo_, o.lo_);
  hi_ = std::max(hi_, o.hi_);
  hash_only_ |= o.hash_only_;
  maybe_bitmap(0);
  o = DistinctSet();
}

template <typename F>
void DistinctSet::for_each_run_value(F&& f) const {
  const Run* runs = parts_ ? parts_.get() : &small_;
  const size_t n = parts_ ? num_parts() : 1;
  for (size_t p = 0; p < n; ++p)
    for (size_t i = 0; i < runs[p].size; ++i) f(runs[p].data[i]);
}

void DistinctSet::copy_into(DistinctSet& dst) const {
  if (has_zero_) dst.insert(0);
  for_each_run_value([&](uint64_t v) { dst.insert(v); });
  if (bits_.words) bits_.for_each([&](uint64_t v) { dst.insert(v); });
}

namespace {
// hi - lo + 1 values (hi >= lo), minus one so that the full 64-bit range does not overflow.
uint64_t span(int64_t lo, int64_t hi) { return static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo); }
// A bitmap's words, counted as aggregate state (memory_budget.h): the word before them holds their
// number, for FreeWords.
uint64_t* zeroed_words(uint64_t n) {
  auto* p = static_cast<uint64_t*>(std::calloc(n + 1, sizeof(uint64_t)));
  if (!p) throw std::bad_alloc();
  p[0] = n;
  note_state_bytes(static_cast<int64_t>((n + 1) * sizeof(uint64_t)));
  return p + 1;
}
}  // namespace

bool DistinctSet::maybe_bitmap(size_t estimate) {
  const size_t n = std::max(distinct_, estimate);
  if (bits_.words || hash_only_ || n < next_try_ || hi_ < lo_ || span(lo_, hi_) >= kDensity * n) return false;
  // Pending values may widen the range, and the estimate may be high: the exact range, then the exact
  // count from the bitmap itself. A failed attempt waits until the set has doubled.
  int64_t lo = lo_, hi = hi_;
  for_each_run_value([&](uint64_t v) {
    lo = std::min(lo, static_cast<int64_t>(v));
    hi = std::max(hi, static_cast<int64_t>(v));
  });
  lo_ = lo;
  hi_ = hi;
  next_try_ = 2 * n;
  if (span(lo, hi) >= kDensity * n) return false;
  Bitmap b;
  b.base = static_cast<uint64_t>(lo) & ~uint64_t{63};
  const uint64_t words = ((static_cast<uint64_t>(hi) & ~uint64_t{63}) - b.base) / 64 + 1;
  b.words.reset(zeroed_words(words));
  b.nbits = words * 64;
  for_each_run_value([&](uint64_t v) { b.set(v - b.base); });
  if (span(lo, hi) >= kDensity * b.count) return false;
  bits_ = std::move(b);
  small_ = Run();
  if (size_t cap = buffer_for(bits_.nbits)) small_.resize_buffer(cap);
  parts_.reset();
  part_bits_ = 0;
  part_shift_ = 64;
  distinct_ = 0;
  return true;
}

void DistinctSet::drain() {
  Run buf;
  std::swap(buf, small_);  // bitmap_outside may turn the set into runs: small_ must be free for them
  const uint64_t* v = buf.data;
  const size_t n = buf.size;
  constexpr size_t kAhead = 32;
  size_t i = 0, near = 0;
  for (; i < n && bits_.words; ++i) {
    if (i + kAhead < n) {
      const uint64_t ahead = v[i + kAhead] - bits_.base;
      if (ahead < bits_.nbits) __builtin_prefetch(&bits_.words[ahead >> 6], 1);
    }
    near += v[i] - v[i ? i - 1 : 0] + 4096 < 8192;  // within 4096 of the previous value
    bitmap_add(v[i]);
  }
  for (; i < n; ++i) add(v[i]);  // the set left dense mode midway: the rest go to its runs
  if (!bits_.words) return;
  // Values mostly near their predecessor: the words they set are in cache, buffering only costs.
  if (n >= 64 && near * 8 >= n * 7) return;  // small_ stays without buffer
  buf.size = 0;  // the buffer is kept, larger if the bitmap has grown
  if (size_t want = buffer_for(bits_.nbits); want > buf.cap) buf.resize_buffer(want);
  small_ = std::move(buf);
}

size_t DistinctSet::buffer_for(uint64_t nbits) {
  // Worth it once the bitmap outgrows the L1 cache; an eighth of the bitmap's memory at most.
  return std::min<uint64_t>(kBitmapBuffer, nbits / 512);
}

void DistinctSet::bitmap_outside(uint64_t v) {
  Bitmap& b = bits_;
  const uint64_t words = b.nbits / 64;
  // The words that hold values, [first, last): the density rule applies to them, not to the slack.
  uint64_t first = 0, last = words;
  while (first < words && !b.words[first]) ++first;
  while (last > first && !b.words[last - 1]) --last;
  const uint64_t vw = v & ~uint64_t{63};
  const uint64_t lo = first < last ? b.base + first * 64 : vw;  // the first used word's first value
  const uint64_t used = std::max<uint64_t>(last - first, 1);
  // Words to add above the used ones to reach v, or below them (modulo 2^64).
  const uint64_t up = ((vw - lo) >> 6) + 1 - used;
  const uint64_t down = (lo - vw) >> 6;
  const bool grow_up = up <= down;
  const uint64_t extra = grow_up ? up : down;
  // The density rule in words (two more for the alignment of both ends).
  const uint64_t allowed = kDensity * (b.count + 1) / 64 + 2;
  if (extra > allowed || used + extra > allowed) {
    to_runs();
    add(v);
    return;
  }
  // Twice what the values need, 3/4 of the slack on the side that grew: ids arriving in order, or
  // spreading both ways, cost amortised O(1) per value.
  const uint64_t needed = used + extra;
  const uint64_t slack = needed;
  const uint64_t below = grow_up ? slack / 4 : slack - slack / 4;
  const uint64_t start = grow_up ? lo : lo - extra * 64;  // the first word needed
  uint64_t* p = zeroed_words(needed + slack);
  if (first < last) std::memcpy(p + below + (grow_up ? 0 : extra), &b.words[first], (last - first) * sizeof(uint64_t));
  b.words.reset(p);
  b.nbits = (needed + slack) * 64;
  b.base = start - below * 64;
  b.set(v - b.base);
}

void DistinctSet::to_runs() {
  Bitmap b = std::move(bits_);
  hash_only_ = true;
  Run r;
  r.resize_buffer(b.count + small_.size + kMinPendingSmall);
  Found f;
  b.for_each([&](uint64_t v) {
    r.data[r.size++] = v;
    f.lo = std::min(f.lo, static_cast<int64_t>(v));
    f.hi = std::max(f.hi, static_cast<int64_t>(v));
  });
  r.unique = f.added = r.size;
  append_run(r, small_);  // values still buffered stay pending
  r.limit = r.size + std::max(r.size / 2, kMinPendingSmall);
  small_ = std::move(r);
  parts_.reset();
  part_bits_ = 0;
  part_shift_ = 64;
  distinct_ = 0;
  note(f);
  if (distinct_ > kSmallMax) {
    int bits = kFirstPartBits;
    while (bits < kMaxPartBits && (distinct_ >> bits) > kRunMax / 2) ++bits;
    repartition(bits);
  }
}

void DistinctSet::merge_dense(DistinctSet& o) {
  const bool zero = has_zero_ || o.has_zero_;
  if (bits_.words) drain();
  if (o.bits_.words) o.drain();
  if (!bits_.words && !o.bits_.words) {  // both left dense mode while draining
    merge(o);
    has_zero_ = zero;
    return;
  }
  if (!bits_.words && !hash_only_) std::swap(*this, o);  // keep the bitmap
  if (bits_.words && o.bits_.words) {
    if (o.bits_.nbits > bits_.nbits) std::swap(*this, o);
    Bitmap& a = bits_;
    const Bitmap& b = o.bits_;
    // OR b into a over the union of both ranges, if that union is dense enough.
    int64_t d = static_cast<int64_t>(b.base - a.base) / 64;  // b's first word among a's
    const auto aw = static_cast<int64_t>(a.nbits / 64), bw = static_cast<int64_t>(b.nbits / 64);
    const int64_t lo = std::min<int64_t>(0, d), hi = std::max<int64_t>(aw, d + bw);
    const auto words = static_cast<uint64_t>(hi - lo);
    if (words > (a.nbits + b.nbits + kDensity * (a.count + b.count)) / 64) {
      to_runs();
      b.for_each([&](uint64_t v) { add(v); });
    } else {
      if (lo < 0 || hi > aw) {
        uint64_t* p = zeroed_words(words);
        std::memcpy(p - lo, a.words.get(), static_cast<size_t>(aw) * sizeof(uint64_t));
        a.words.reset(p);
        a.nbits = words * 64;
        a.base -= static_cast<uint64_t>(-lo) * 64;
        d -= lo;
      }
      for (int64_t i = 0; i < bw; ++i) {
        uint64_t& w = a.words[d + i];
        a.count += static_cast<size_t>(std::popcount(b.words[i] & ~w));
        w |= b.words[i];
      }
    }
  } else if (bits_.words) {
    o.for_each_run_value([&](uint64_t v) { add(v); });
  } else {  // this set left dense mode: o's values go to its runs
    o.bits_.for_each([&](uint64_t v) { add(v); });
  }
  has_zero_ = zero;
}

bool DistinctSet::pending() const {
  if (bits_.words) return small_.size > 0;  // buffered values
  if (!parts_) return small_.size > small_.unique;
  for (size_t p = 0; p < num_parts(); ++p)
    if (parts_[p].size > parts_[p].unique) return true;
  return false;
}

size_t DistinctSet::count() {
  size_t n = has_zero_ ? 1 : 0;
  if (bits_.words && small_.size) drain();
  if (bits_.words) return n + bits_.count;
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
    if (s->bits_.words) {  // a bitmap's buffer: at most kBitmapBuffer values, drained here
      s->drain();
      if (s->bits_.words) continue;
    }
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
  std::vector<Found> found(jobs.size());  // noted into the sets after the threads are done
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto worker = [&] {
    try {
      for (size_t j; (j = next.fetch_add(1)) < jobs.size();) {
        const DistinctSet& s = *jobs[j].first;
        found[j] = compact_run(*jobs[j].second, s.parts_ ? kMinPendingPart : kMinPendingSmall);
      }
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
  for (size_t j = 0; j < jobs.size(); ++j) jobs[j].first->note(found[j]);
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

double quantile_cont(double* v, size_t n, double q) {
  // Selection, not a sort: the value at position lo, then the smallest value after it.
  double pos = q * static_cast<double>(n - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = static_cast<size_t>(std::ceil(pos));
  std::nth_element(v, v + lo, v + n);
  double a = v[lo];
  if (lo == hi) return a;
  double b = *std::min_element(v + lo + 1, v + n);
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

}  // namespace kpic::exec
