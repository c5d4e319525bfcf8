// PassState, finalize: see pass_state.h.
#include "runtime/exec/pass_state.h"

#include "runtime/exec/value_ops.h"

#include <cmath>
#include <cstring>

namespace kpic::exec {



PassState::PassState(const PassLayout& layout, const int64_t* params, const uint8_t* param_valid,
                     const StringPool* strings)
    : layout_(layout),
      groups_(layout.keys, layout.state_bytes),
      block_(layout.state_bytes, 0),
      scratch_(layout.state_bytes, 0),
      discard_(layout.state_bytes, 0) {
  ctx_.runtime = this;
  ctx_.strings = strings;
  ctx_.state = block_.data();
  ctx_.params = params;
  ctx_.param_valid = param_valid;
  ctx_.reuse_groups = 1;
  if (grouped()) groups_.enable_staging(&PassState::merge_blocks, this);
}

PassState::~PassState() {
  // The objects themselves (their buffers count where they allocate: memory_budget.h).
  note_state_bytes(-static_cast<int64_t>(sets_.size() * sizeof(DistinctSet) + hlls_.size() * sizeof(Hll) +
                                         lists_.size() * sizeof(ValueList) + funnels_.size() * sizeof(FunnelSet)));
}

void PassState::merge_blocks(void* self, char* dst, const char* src) {
  static_cast<PassState*>(self)->merge_block(dst, src);
}

namespace {
template <typename T>
T* slot_object(const char* slot) {
  T* p;
  std::memcpy(&p, slot, sizeof p);
  return p;
}
template <typename T>
void set_slot(char* slot, T* p) {
  std::memcpy(slot, &p, sizeof p);
}
// Neumaier: adds (src.sum + src.comp) into dst.
void sum_merge(SumFloatState& d, const SumFloatState& s) {
  neumaier_add(d.sum, d.comp, s.sum);
  if (std::isfinite(s.comp)) neumaier_add(d.sum, d.comp, s.comp);  // see compensated_total
  d.n += s.n;
}
double sum_value(const SumFloatState& s) { return compensated_total(s.sum, s.comp); }
double as_f64(int64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
}  // namespace

DistinctSet& PassState::distinct(char* slot) {
  auto* p = slot_object<DistinctSet>(slot);
  if (!p) {
    set_slot(slot, p = &sets_.emplace_back());
    note_state_bytes(sizeof(DistinctSet));
  }
  return *p;
}
Hll& PassState::hll(char* slot) {
  auto* p = slot_object<Hll>(slot);
  if (!p) {
    set_slot(slot, p = &hlls_.emplace_back());
    note_state_bytes(sizeof(Hll));
  }
  return *p;
}
ValueList& PassState::values(char* slot) {
  auto* p = slot_object<ValueList>(slot);
  if (!p) {
    set_slot(slot, p = &lists_.emplace_back());
    note_state_bytes(sizeof(ValueList));
  }
  return *p;
}

FunnelSet& PassState::funnel(char* slot, int agg) {
  auto* p = slot_object<FunnelSet>(slot);
  if (!p) {
    const AggLayout& a = layout_.aggs[static_cast<size_t>(agg)];
    set_slot(slot, p = &funnels_.emplace_back(a.funnel_steps, a.window_us));
    note_state_bytes(sizeof(FunnelSet));
  }
  return *p;
}

void PassState::resolve_funnels() {
  for (size_t i = 0; i < layout_.aggs.size(); ++i) {
    const AggLayout& a = layout_.aggs[i];
    if (a.kind != StateKind::Funnel || a.alias) continue;
    std::vector<FunnelSet*> sets;
    if (!grouped()) {
      sets.push_back(slot_object<FunnelSet>(block_.data() + a.offset));
      FunnelSet::resolve(sets, [](size_t, size_t) { return false; });
      continue;
    }
    GroupTable& g = groups();
    for (size_t k = 0; k < g.size(); ++k) sets.push_back(slot_object<FunnelSet>(g.state(k) + a.offset));
    // Ties between groups: the one whose dimension values sort first (nulls last, strings by text).
    auto first = [&](size_t x, size_t y) {
      const int64_t* kx = g.keys(x);
      const int64_t* ky = g.keys(y);
      for (int k = 0; k < layout_.keys; ++k) {
        bool nx = (g.nullmask(x) >> k) & 1, ny = (g.nullmask(y) >> k) & 1;
        if (nx != ny) return ny;
        if (nx || kx[k] == ky[k]) continue;
        ValueType t = k < static_cast<int>(layout_.key_types.size()) ? layout_.key_types[k] : ValueType::Int;
        if (t == ValueType::String) return static_cast<const StringPool*>(ctx_.strings)->compare(kx[k], ky[k]) < 0;
        if (t == ValueType::Float) return as_f64(kx[k]) < as_f64(ky[k]);
        return kx[k] < ky[k];
      }
      return false;
    };
    FunnelSet::resolve(sets, first);
  }
}

void PassState::merge_block(char* dst, const char* src) {
  for (const auto& a : layout_.aggs) {
    if (a.alias) continue;
    char* d = dst + a.offset;
    const char* s = src + a.offset;
    switch (a.kind) {
      case StateKind::CountStar:
      case StateKind::Count: {
        auto x = load_state<CountState>(d);
        x.n += load_state<CountState>(s).n;
        store_state(d, x);
        break;
      }
      case StateKind::Pct: {
        auto x = load_state<PctState>(d), y = load_state<PctState>(s);
        store_state(d, PctState{x.trues + y.trues, x.n + y.n});
        break;
      }
      case StateKind::SumInt: {
        auto x = load_state<SumIntState>(d), y = load_state<SumIntState>(s);
        if (__builtin_add_overflow(x.sum, y.sum, &x.sum)) ctx_.error = kErrOverflow;
        x.n += y.n;
        store_state(d, x);
        break;
      }
      case StateKind::SumFloat: {
        auto x = load_state<SumFloatState>(d);
        sum_merge(x, load_state<SumFloatState>(s));
        store_state(d, x);
        break;
      }
      case StateKind::Ratio: {
        auto x = load_state<RatioState>(d), y = load_state<RatioState>(s);
        sum_merge(x.num, y.num);
        sum_merge(x.den, y.den);
        store_state(d, x);
        break;
      }
      case StateKind::MinMax: {
        auto x = load_state<MinMaxState>(d), y = load_state<MinMaxState>(s);
        if (!y.has) break;
        bool take = !x.has;
        if (!take) {
          if (a.arg_type == ValueType::String) {
            int c = static_cast<const StringPool*>(ctx_.strings)->compare(y.value, x.value);
            take = a.is_max ? c > 0 : c < 0;
          } else if (a.arg_type == ValueType::Float) {
            take = a.is_max ? as_f64(y.value) > as_f64(x.value) : as_f64(y.value) < as_f64(x.value);
          } else {
            take = a.is_max ? y.value > x.value : y.value < x.value;
          }
        }
        if (take) store_state(d, y);
        break;
      }
      case StateKind::Distinct:
        if (auto* o = slot_object<DistinctSet>(s)) distinct(d).merge(*o);
        break;
      case StateKind::Hll:
        if (auto* o = slot_object<Hll>(s)) hll(d).merge(*o);
        break;
      case StateKind::Values:
        // Taken, as distinct sets are: the source's list is left empty, so that a group folded into its
        // owner (partitioned tables keep every thread's state alive) holds its values once.
        if (auto* o = slot_object<ValueList>(s)) {
          auto& v = values(d);
          if (v.empty()) {
            v.swap(*o);
          } else {
            v.insert(v.end(), o->begin(), o->end());
          }
          ValueList().swap(*o);
        }
        break;
      case StateKind::Funnel:
        if (auto* o = slot_object<FunnelSet>(s)) {
          if (auto* x = slot_object<FunnelSet>(d)) x->merge(*o);
          else {
            set_slot(d, &funnels_.emplace_back(std::move(*o)));
            note_state_bytes(sizeof(FunnelSet));
          }
        }
        break;
    }
  }
}

PassLayout PassState::final_layout(const PassLayout& layout) {
  PassLayout out = layout;
  for (auto& a : out.aggs)
    if (a.kind == StateKind::Distinct || a.kind == StateKind::Hll) a.kind = StateKind::Count;
  return out;
}

void PassState::absorb_final(PassState& from) {
  const auto& aggs = from.layout_.aggs;
  if (!grouped()) {  // the one block, reduced in place of this state's
    const char* src = from.block_.data();
    std::memcpy(block_.data(), src, block_.size());
    for (const AggLayout& a : aggs) {
      char* slot = block_.data() + a.offset;
      if (a.kind == StateKind::Distinct || a.kind == StateKind::Hll) {
        store_state(slot, CountState{finalize(a, src).i});
      } else if (a.kind == StateKind::Values) {
        auto* list = slot_object<ValueList>(src + a.offset);
        std::memset(slot, 0, sizeof(void*));
        if (list && !list->empty()) values(slot).push_back(quantile_cont(*list, a.q));
      }
    }
    return;
  }
  GroupTable& t = from.groups();
  std::vector<int64_t> keys(static_cast<size_t>(std::max(layout_.keys, 1)));
  std::vector<char> block(static_cast<size_t>(layout_.state_bytes));
  std::vector<double> quantile(aggs.size());
  std::vector<char> has_quantile(aggs.size());
  for (size_t g = 0; g < t.size(); ++g) {
    const char* src = t.state(g);
    std::memcpy(block.data(), src, block.size());
    for (size_t i = 0; i < aggs.size(); ++i) {
      const AggLayout& a = aggs[i];
      char* slot = block.data() + a.offset;
      has_quantile[i] = 0;
      if (a.kind == StateKind::Distinct || a.kind == StateKind::Hll) {
        store_state(slot, CountState{finalize(a, src).i});
      } else if (a.kind == StateKind::Values) {
        auto* list = slot_object<ValueList>(src + a.offset);
        if (list && !list->empty()) {
          quantile[i] = quantile_cont(*list, a.q);
          has_quantile[i] = 1;
        }
        std::memset(slot, 0, sizeof(void*));
      }
    }
    std::copy(t.keys(g), t.keys(g) + layout_.keys, keys.begin());
    char* dst = group(keys.data(), t.nullmask(g));
    std::memcpy(dst, block.data(), block.size());
    for (size_t i = 0; i < aggs.size(); ++i)
      if (has_quantile[i]) values(dst + aggs[i].offset).push_back(quantile[i]);
  }
}

void PassState::add_distinct_counts(PassState& from) {
  for (const AggLayout& a : from.layout_.aggs) {
    if (a.kind != StateKind::Distinct) continue;
    char* slot = block_.data() + a.offset;
    auto c = load_state<CountState>(slot);
    c.n += finalize(a, from.block_.data()).i;
    store_state(slot, c);
  }
}

void PassState::add_copy(char* dst, const char* src) {
  // merge_block empties the sets and lists it takes: those are copied value by value, the rest merged as
  // usual.
  std::vector<char> rest(src, src + layout_.state_bytes);
  for (const auto& a : layout_.aggs)
    if (a.kind == StateKind::Distinct || a.kind == StateKind::Values)
      std::memset(rest.data() + a.offset, 0, state_size(a.kind));
  merge_block(dst, rest.data());
  for (const auto& a : layout_.aggs) {
    if (a.kind == StateKind::Distinct) {
      if (auto* o = slot_object<DistinctSet>(src + a.offset)) o->copy_into(distinct(dst + a.offset));
    } else if (a.kind == StateKind::Values) {
      if (auto* o = slot_object<ValueList>(src + a.offset)) {
        auto& v = values(dst + a.offset);
        v.insert(v.end(), o->begin(), o->end());
      }
    }
  }
}

void PassState::merge_from(PassState& other) {
  if (!grouped()) {
    merge_block(block_.data(), other.block_.data());
    settle_distinct();
    return;
  }
  // Blocks of `other` may point to objects `other` owns: new groups are merged into zeroed blocks.
  groups_.flush();
  groups_.absorb(other.groups(), false, &PassState::merge_blocks, this);
  settle_distinct();
}

void PassState::adopt(std::vector<std::unique_ptr<PassState>> others) {
  std::vector<GroupTable*> parts{&groups_};
  for (auto& o : others) parts.push_back(&o->groups_);
  groups_.attach_parts(std::move(parts));
  adopted_ = std::move(others);
  for (auto& o : adopted_)
    if (o->ctx_.error && !ctx_.error) ctx_.error = o->ctx_.error;  // an overflow while folding an inbox
  settle_distinct();
}

void PassState::settle_distinct() {
  // Distinct sets merged above may hold appended, unchecked values: deduplicate them now, in parallel. A
  // merge means at least two scan threads ran, so two threads stay within what the user allowed. Sets
  // of adopted states may sit in this state's groups (partitioned tables move blocks between threads).
  std::vector<DistinctSet*> pending;
  for (DistinctSet& s : sets_)
    if (s.pending()) pending.push_back(&s);
  for (auto& o : adopted_)
    for (DistinctSet& s : o->sets_)
      if (s.pending()) pending.push_back(&s);
  DistinctSet::settle_all(pending, 2);
}

Value finalize(const AggLayout& a, const char* b) {
  const char* p = b + a.offset;
  switch (a.kind) {
    case StateKind::CountStar:
    case StateKind::Count: return Value::of_int(load_state<CountState>(p).n);
    case StateKind::SumInt: {
      auto st = load_state<SumIntState>(p);
      return st.n ? Value::of_int(st.sum) : Value::null(ValueType::Int);
    }
    case StateKind::SumFloat: {
      auto st = load_state<SumFloatState>(p);
      if (!st.n) return Value::null(ValueType::Float);
      double s = sum_value(st);
      return Value::of_float(a.average ? s / static_cast<double>(st.n) : s);
    }
    case StateKind::MinMax: {
      auto st = load_state<MinMaxState>(p);
      if (!st.has) return Value::null(a.arg_type);
      switch (a.arg_type) {
        case ValueType::Float: return Value::of_float(as_f64(st.value));
        case ValueType::Date: return Value::of_date(static_cast<int32_t>(st.value));
        case ValueType::Timestamp: return Value::of_timestamp(st.value);
        case ValueType::Bool: return Value::of_bool(st.value != 0);
        default: return Value::of_int(st.value);
      }
    }
    case StateKind::Pct: {
      auto st = load_state<PctState>(p);
      if (!st.n) return Value::null(ValueType::Float);
      return Value::of_float(100.0 * static_cast<double>(st.trues) / static_cast<double>(st.n));
    }
    case StateKind::Ratio: {
      auto st = load_state<RatioState>(p);
      if (!st.num.n || !st.den.n) return Value::null(ValueType::Float);
      double den = sum_value(st.den);
      if (den == 0) return Value::null(ValueType::Float);
      return Value::of_float(sum_value(st.num) / den);
    }
    case StateKind::Distinct: {
      auto* s = slot_object<DistinctSet>(const_cast<char*>(p));
      return Value::of_int(s ? static_cast<int64_t>(s->count()) : 0);
    }
    case StateKind::Hll: {
      auto* s = slot_object<Hll>(const_cast<char*>(p));
      return Value::of_int(s ? s->estimate() : 0);
    }
    case StateKind::Values: {
      auto* s = slot_object<ValueList>(const_cast<char*>(p));
      if (!s || s->empty()) return Value::null(ValueType::Float);
      return Value::of_float(quantile_cont(*s, a.q));
    }
    case StateKind::Funnel: {
      auto* s = slot_object<FunnelSet>(const_cast<char*>(p));
      return Value::of_int(s ? s->reached(a.funnel_report) : 0);
    }
  }
  return Value::null();
}

}  // namespace kpic::exec
