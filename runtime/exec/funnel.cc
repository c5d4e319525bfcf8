// FunnelSet: see funnel.h.
#include "runtime/exec/funnel.h"

#include <algorithm>

namespace kpic::exec {

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
  if (e.events.size() > 2 * e.events.kept + 8) prune(e);
}

int FunnelSet::chain(const Entity& e, int64_t* t) const {
  if (e.start == INT64_MAX) return 0;
  t[0] = e.start;
  const int64_t last = limit(e.start);
  for (int k = 1; k < steps_; ++k) {
    int64_t best = INT64_MAX;
    for (const Event& ev : e.events)
      if (((ev.mask >> k) & 1) && ev.time >= t[k - 1] && ev.time < best) best = ev.time;
    if (best == INT64_MAX || best > last) return k;  // none found (`last` may be saturated)
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
    e.events.truncate(out);
  }
  e.events.kept = static_cast<uint32_t>(e.events.size());
}

void FunnelSet::absorb(Entity& dst, Entity& src) const {
  dst.start = std::min(dst.start, src.start);
  dst.events.append(src.events);
  src.events.release();
  prune(dst);
}

void FunnelSet::merge(FunnelSet& o) {
  o.entities_.for_each([&](uint64_t id, Entity& e) {
    if (Entity* d = entities_.find(id)) absorb(*d, e);
    else entities_[id] = std::move(e);
  });
  o.entities_.release();
}

void FunnelSet::resolve(const std::vector<FunnelSet*>& sets, const std::function<bool(size_t, size_t)>& first) {
  // Each entity is combined into the copy of it seen first (the sets do not change shape meanwhile, so
  // pointers into them hold); the sets are emptied at the end.
  struct Owned {
    size_t group;
    Entity* e;
  };
  IdMap<Owned> all;
  size_t entries = 0;
  for (const FunnelSet* s : sets) entries += s ? s->entities_.size() : 0;
  all.reserve(entries);  // an upper bound (an entity of several groups counts once per group)
  const FunnelSet* any = nullptr;
  for (size_t g = 0; g < sets.size(); ++g) {
    FunnelSet* s = sets[g];
    if (!s) continue;
    any = s;
    s->reached_.assign(static_cast<size_t>(s->steps_), 0);
    s->entities_.for_each([&](uint64_t id, Entity& e) {
      Owned* o = all.find(id);
      if (!o) {
        all[id] = Owned{g, &e};
        return;
      }
      if (e.start < o->e->start || (e.start == o->e->start && e.start != INT64_MAX && first(g, o->group))) o->group = g;
      s->absorb(*o->e, e);
    });
  }
  if (!any) return;
  int64_t t[64];
  all.for_each([&](uint64_t, Owned& o) {
    const int r = any->chain(*o.e, t);
    for (int k = 0; k < r; ++k) ++sets[o.group]->reached_[static_cast<size_t>(k)];
  });
  for (FunnelSet* s : sets)
    if (s) s->entities_.release();
}

}  // namespace kpic::exec
