// FunnelSet: see funnel.h.
#include "runtime/exec/funnel.h"

#include <algorithm>

#include "runtime/exec/agg_objects.h"

namespace kpic::exec {

size_t FunnelSet::Hash::operator()(uint64_t v) const { return static_cast<size_t>(hash64(v)); }

int64_t FunnelSet::limit(int64_t start) const {
  int64_t out;
  return __builtin_add_overflow(start, window_, &out) ? INT64_MAX : out;
}

void FunnelSet::add(uint64_t entity, int64_t time, uint64_t mask) {
  Entity& e = entities_[entity];
  if ((mask & 1) && time < e.start) e.start = time;
  uint64_t later = mask & ~uint64_t{1};
  if (!later || (e.start != INT64_MAX && time > limit(e.start))) return;
  e.events.push_back({time, later});
  if (e.events.size() > 2 * e.kept + 8) prune(e);
}

int FunnelSet::chain(const Entity& e, int64_t* t) const {
  if (e.start == INT64_MAX) return 0;
  t[0] = e.start;
  const int64_t last = limit(e.start);
  for (int k = 1; k < steps_; ++k) {
    int64_t best = INT64_MAX;
    for (const Event& ev : e.events)
      if (((ev.mask >> k) & 1) && ev.time >= t[k - 1] && ev.time < best) best = ev.time;
    if (best > last) return k;
    t[k] = best;
  }
  return steps_;
}

void FunnelSet::prune(Entity& e) const {
  if (e.start != INT64_MAX) {
    int64_t t[64];
    const int r = chain(e, t);
    const int64_t last = limit(e.start);
    size_t out = 0;
    for (Event ev : e.events) {
      for (int k = 1; k < steps_; ++k)
        if (((ev.mask >> k) & 1) && ev.time > (k < r ? t[k] : last)) ev.mask &= ~(uint64_t{1} << k);
      if (ev.mask) e.events[out++] = ev;
    }
    e.events.resize(out);
    if (e.events.capacity() > 2 * out + 8) e.events.shrink_to_fit();
  }
  e.kept = e.events.size();
}

void FunnelSet::absorb(Entity& dst, Entity& src) const {
  dst.start = std::min(dst.start, src.start);
  dst.events.insert(dst.events.end(), src.events.begin(), src.events.end());
  std::vector<Event>().swap(src.events);
  prune(dst);
}

void FunnelSet::merge(FunnelSet& o) {
  for (auto& [id, e] : o.entities_) {
    auto [it, fresh] = entities_.try_emplace(id, std::move(e));
    if (!fresh) absorb(it->second, e);
  }
  Map().swap(o.entities_);
}

void FunnelSet::resolve(const std::vector<FunnelSet*>& sets, const std::function<bool(size_t, size_t)>& first) {
  struct Owned {
    size_t group;
    Entity e;
  };
  std::unordered_map<uint64_t, Owned, Hash> all;
  const FunnelSet* any = nullptr;
  for (size_t g = 0; g < sets.size(); ++g) {
    FunnelSet* s = sets[g];
    if (!s) continue;
    any = s;
    s->reached_.assign(static_cast<size_t>(s->steps_), 0);
    for (auto& [id, e] : s->entities_) {
      auto it = all.find(id);
      if (it == all.end()) {
        all.emplace(id, Owned{g, std::move(e)});
        continue;
      }
      Owned& o = it->second;
      if (e.start < o.e.start || (e.start == o.e.start && e.start != INT64_MAX && first(g, o.group))) o.group = g;
      s->absorb(o.e, e);
    }
    Map().swap(s->entities_);
  }
  if (!any) return;
  int64_t t[64];
  for (auto& [id, o] : all) {
    const int r = any->chain(o.e, t);
    for (int k = 0; k < r; ++k) ++sets[o.group]->reached_[static_cast<size_t>(k)];
  }
}

}  // namespace kpic::exec
