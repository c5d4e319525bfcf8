// The state of one `funnel(ENTITY, TIME, WINDOW, STEP1, ..., STEPn)` in one group of a pass: for each
// entity whose rows fell in the group, its earliest STEP1 time (its start, t1) and the times of its rows
// where a later step holds that may still decide the funnel. Because an entity's dimensions are those of
// its starting row, the count of a group is known only once every group's states are in: resolve()
// combines each entity's states across the groups of a pass (after the threads' states are merged) and
// credits the entity to the group of its start.
//
// Exact with bounded memory: an entity's chain is t1, then for each step k the earliest time >= t(k-1)
// where step k holds, each at most t1 + WINDOW. More rows and an earlier t1 only move every chain time
// earlier, so a row of step k later than the chain's current t(k) (or, past where the chain stops, later
// than t1 + WINDOW) can never be chosen and is dropped ("pruned": when an entity's kept rows double).
// Rows arriving in time order thus keep O(steps) times per entity; only rows earlier than every start
// seen so far wait, since an earlier start may still come.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <functional>
#include <utility>
#include <vector>

namespace kpic::exec {

// Values by 64-bit id in one open-addressing table (linear probing, at most three quarters full): the values live
// in the table's own arrays, so a set of millions of entities costs no allocation per entity.
template <class V>
class IdMap {
 public:
  V& operator[](uint64_t id) {
    if (4 * (size_ + 1) > 3 * ids_.size()) grow();
    size_t at = slot(id);
    if (!used_[at]) {
      used_[at] = 1, ids_[at] = id, ++size_;
      values_[at] = V{};
    }
    return values_[at];
  }
  V* find(uint64_t id) {
    if (ids_.empty()) return nullptr;
    size_t at = slot(id);
    return used_[at] ? &values_[at] : nullptr;
  }
  // f(id, value&) for every entry, in table order.
  template <class F>
  void for_each(F&& f) {
    for (size_t i = 0; i < ids_.size(); ++i)
      if (used_[i]) f(ids_[i], values_[i]);
  }
  size_t size() const { return size_; }
  // Room for n entries without growing.
  void reserve(size_t n) {
    while (4 * n > 3 * ids_.size()) grow();
  }
  void release() { IdMap().swap(*this); }
  void swap(IdMap& o) noexcept {
    ids_.swap(o.ids_), used_.swap(o.used_), values_.swap(o.values_);
    std::swap(size_, o.size_);
  }

 private:
  static uint64_t mix(uint64_t x) {  // splitmix64's finalizer
    x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL, x ^= x >> 27, x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  size_t slot(uint64_t id) const {
    size_t mask = ids_.size() - 1, at = mix(id) & mask;
    while (used_[at] && ids_[at] != id) at = (at + 1) & mask;
    return at;
  }
  void grow() {
    IdMap bigger;
    size_t n = ids_.empty() ? 64 : 2 * ids_.size();
    bigger.ids_.assign(n, 0), bigger.used_.assign(n, 0), bigger.values_.resize(n);
    for (size_t i = 0; i < ids_.size(); ++i)
      if (used_[i]) {
        size_t at = bigger.slot(ids_[i]);
        bigger.used_[at] = 1, bigger.ids_[at] = ids_[i], bigger.values_[at] = std::move(values_[i]);
      }
    bigger.size_ = size_;
    swap(bigger);
  }

  std::vector<uint64_t> ids_;
  std::vector<uint8_t> used_;
  std::vector<V> values_;
  size_t size_ = 0;
};

class FunnelSet {
 public:
  FunnelSet(int steps, int64_t window_us) : steps_(steps), window_(window_us) {}

  // A row of `entity` at `time` (µs) where the steps in `mask` hold (bit k = step k + 1).
  void add(uint64_t entity, int64_t time, uint64_t mask);
  // Adds the entities of `o` (the same funnel in the same group, from another thread) and empties it.
  void merge(FunnelSet& o);

  // Credits each entity found in `sets` (one per group of a pass; null where a group has none) to the
  // group of its start: the earliest STEP1 time, ties to the group `first(g, h)` puts first. Sets are
  // emptied; each set's reached(k) is then known.
  static void resolve(const std::vector<FunnelSet*>& sets, const std::function<bool(size_t, size_t)>& first);
  // After resolve(): the entities that started in this group and reached step k (1-based, k <= steps).
  int64_t reached(int k) const { return k >= 1 && k <= static_cast<int>(reached_.size()) ? reached_[k - 1] : 0; }

  int steps() const { return steps_; }

 private:
  struct Event {
    int64_t time;
    uint64_t mask;  // steps 2..n that hold on the row (bit k = step k + 1; bit 0 never set)
  };
  // An entity's kept events: a pointer and a count (its capacity is implied by the count), so the record
  // of an entity is 24 bytes; most entities keep none or one.
  class Events {
   public:
    Events() = default;
    Events(Events&& o) noexcept : p_(o.p_), n_(o.n_), kept(o.kept) { o.p_ = nullptr, o.n_ = 0, o.kept = 0; }
    Events& operator=(Events&& o) noexcept {
      if (this != &o) {
        std::free(p_);
        p_ = o.p_, n_ = o.n_, kept = o.kept, o.p_ = nullptr, o.n_ = 0, o.kept = 0;
      }
      return *this;
    }
    Events(const Events&) = delete;
    Events& operator=(const Events&) = delete;
    ~Events() { std::free(p_); }

    size_t size() const { return n_; }
    Event* begin() const { return p_; }
    Event* end() const { return p_ + n_; }
    Event& operator[](size_t i) { return p_[i]; }
    void push_back(Event e) {
      reserve(n_ + 1);
      p_[n_++] = e;
    }
    void append(const Events& o) {
      reserve(n_ + o.n_);
      std::copy(o.begin(), o.end(), p_ + n_);
      n_ += o.n_;
    }
    // Keeps the first n (n <= size()), giving memory back when it shrinks by more than half.
    void truncate(size_t n) {
      size_t had = capacity(n_);
      n_ = static_cast<uint32_t>(n);
      if (n == 0) std::free(p_), p_ = nullptr;
      else if (capacity(n) < had / 2) resize_to(capacity(n));
    }
    void release() { *this = Events(); }

   private:
    static size_t capacity(size_t n) { return n == 0 ? 0 : std::bit_ceil(std::max<size_t>(n, 2)); }
    void reserve(size_t n) {
      if (n > UINT32_MAX) throw std::bad_alloc();
      if (n > capacity(n_)) resize_to(capacity(n));
    }
    void resize_to(size_t cap) {
      void* q = std::realloc(p_, cap * sizeof(Event));
      if (!q) throw std::bad_alloc();
      p_ = static_cast<Event*>(q);
    }
    Event* p_ = nullptr;
    uint32_t n_ = 0;

   public:
    uint32_t kept = 0;  // events after the last prune (here, so an entity's record packs into 24 bytes)
  };
  struct Entity {
    int64_t start = INT64_MAX;  // t1; INT64_MAX until a STEP1 row is seen
    Events events;
  };
  static_assert(sizeof(Entity) == 24);
  using Map = IdMap<Entity>;

  int64_t limit(int64_t start) const;
  // The chain of `e`: writes t(0..r-1) and returns r, the steps reached (0 without a start).
  int chain(const Entity& e, int64_t* t) const;
  void prune(Entity& e) const;
  void absorb(Entity& dst, Entity& src) const;

  int steps_;
  int64_t window_;
  Map entities_;
  std::vector<int64_t> reached_;
};

}  // namespace kpic::exec
