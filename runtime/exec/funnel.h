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

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace kpic::exec {

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
  struct Entity {
    int64_t start = INT64_MAX;  // t1; INT64_MAX until a STEP1 row is seen
    std::vector<Event> events;
    size_t kept = 0;  // events after the last prune
  };
  struct Hash {
    size_t operator()(uint64_t v) const;
  };
  using Map = std::unordered_map<uint64_t, Entity, Hash>;

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
