// PassState, finalize: see pass_state.h.
#include "runtime/exec/pass_state.h"

#include "runtime/exec/value_ops.h"

#include <cmath>
#include <cstring>

namespace kpic::exec {

using plan::StateKind;

PassState::PassState(const plan::Pass& pass, const int64_t* params, const uint8_t* param_valid,
                     const StringPool* strings)
    : pass_(pass), groups_(static_cast<int>(pass.keys.size()), pass.state_bytes), block_(pass.state_bytes, 0), scratch_(pass.state_bytes, 0) {
  ctx_.runtime = this;
  ctx_.strings = strings;
  ctx_.state = block_.data();
  ctx_.params = params;
  ctx_.param_valid = param_valid;
  if (grouped()) groups_.enable_staging(&PassState::merge_blocks, this);
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
int64_t ld_i(const char* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
double ld_f(const char* p) {
  double v;
  std::memcpy(&v, p, 8);
  return v;
}
void st_i(char* p, int64_t v) { std::memcpy(p, &v, 8); }
void st_f(char* p, double v) { std::memcpy(p, &v, 8); }

// Neumaier: adds (s2 + c2) into (s, c).
void sum_merge(char* dst, const char* src) {
  double s = ld_f(dst), c = ld_f(dst + 8);
  neumaier_add(s, c, ld_f(src));
  if (double c2 = ld_f(src + 8); std::isfinite(c2)) neumaier_add(s, c, c2);  // see compensated_total
  st_f(dst, s);
  st_f(dst + 8, c);
  st_i(dst + 16, ld_i(dst + 16) + ld_i(src + 16));
}
}  // namespace

DistinctSet& PassState::distinct(char* slot) {
  auto* p = slot_object<DistinctSet>(slot);
  if (!p) set_slot(slot, p = &sets_.emplace_back());
  return *p;
}
Hll& PassState::hll(char* slot) {
  auto* p = slot_object<Hll>(slot);
  if (!p) set_slot(slot, p = &hlls_.emplace_back());
  return *p;
}
std::vector<double>& PassState::values(char* slot) {
  auto* p = slot_object<std::vector<double>>(slot);
  if (!p) set_slot(slot, p = &lists_.emplace_back());
  return *p;
}

void PassState::merge_block(char* dst, const char* src) {
  for (const auto& a : pass_.aggs) {
    char* d = dst + a.offset;
    const char* s = src + a.offset;
    switch (a.kind) {
      case StateKind::CountStar:
      case StateKind::Count: st_i(d, ld_i(d) + ld_i(s)); break;
      case StateKind::Pct:
        st_i(d, ld_i(d) + ld_i(s));
        st_i(d + 8, ld_i(d + 8) + ld_i(s + 8));
        break;
      case StateKind::SumInt: {
        int64_t r;
        if (__builtin_add_overflow(ld_i(d), ld_i(s), &r)) ctx_.error = kErrOverflow;
        st_i(d, r);
        st_i(d + 8, ld_i(d + 8) + ld_i(s + 8));
        break;
      }
      case StateKind::SumFloat: sum_merge(d, s); break;
      case StateKind::Ratio:
        sum_merge(d, s);
        sum_merge(d + 24, s + 24);
        break;
      case StateKind::MinMax: {
        if (!ld_i(s + 8)) break;
        bool take = !ld_i(d + 8);
        if (!take) {
          if (a.arg_type == ValueType::String) {
            int c = static_cast<const StringPool*>(ctx_.strings)->compare(ld_i(s), ld_i(d));
            take = a.is_max ? c > 0 : c < 0;
          } else if (a.arg_type == ValueType::Float) {
            take = a.is_max ? ld_f(s) > ld_f(d) : ld_f(s) < ld_f(d);
          } else {
            take = a.is_max ? ld_i(s) > ld_i(d) : ld_i(s) < ld_i(d);
          }
        }
        if (take) std::memcpy(d, s, 16);
        break;
      }
      case StateKind::Distinct:
        if (auto* o = slot_object<DistinctSet>(s)) distinct(d).merge(*o);
        break;
      case StateKind::Hll:
        if (auto* o = slot_object<Hll>(s)) hll(d).merge(*o);
        break;
      case StateKind::Values:
        if (auto* o = slot_object<std::vector<double>>(s)) {
          auto& v = values(d);
          v.insert(v.end(), o->begin(), o->end());
        }
        break;
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

void PassState::settle_distinct() {
  // Distinct sets merged above may hold appended, unchecked values: deduplicate them now, in parallel. A
  // merge means at least two scan threads ran, so two threads stay within what the user allowed.
  std::vector<DistinctSet*> pending;
  for (DistinctSet& s : sets_)
    if (s.pending()) pending.push_back(&s);
  DistinctSet::settle_all(pending, 2);
}

Value finalize(const plan::AggState& a, const char* b) {
  const char* p = b + a.offset;
  auto sum_value = [](const char* s) { return compensated_total(ld_f(s), ld_f(s + 8)); };
  switch (a.kind) {
    case StateKind::CountStar:
    case StateKind::Count: return Value::of_int(ld_i(p));
    case StateKind::SumInt: return ld_i(p + 8) ? Value::of_int(ld_i(p)) : Value::null(ValueType::Int);
    case StateKind::SumFloat: {
      int64_t n = ld_i(p + 16);
      if (!n) return Value::null(ValueType::Float);
      double s = sum_value(p);
      return Value::of_float(a.builtin == sema::Builtin::Avg ? s / static_cast<double>(n) : s);
    }
    case StateKind::MinMax: {
      if (!ld_i(p + 8)) return Value::null(a.arg_type);
      switch (a.arg_type) {
        case ValueType::Float: return Value::of_float(ld_f(p));
        case ValueType::Date: return Value::of_date(static_cast<int32_t>(ld_i(p)));
        case ValueType::Timestamp: return Value::of_timestamp(ld_i(p));
        case ValueType::Bool: return Value::of_bool(ld_i(p) != 0);
        default: return Value::of_int(ld_i(p));
      }
    }
    case StateKind::Pct: {
      int64_t n = ld_i(p + 8);
      if (!n) return Value::null(ValueType::Float);
      return Value::of_float(100.0 * static_cast<double>(ld_i(p)) / static_cast<double>(n));
    }
    case StateKind::Ratio: {
      if (!ld_i(p + 16) || !ld_i(p + 40)) return Value::null(ValueType::Float);
      double den = sum_value(p + 24);
      if (den == 0) return Value::null(ValueType::Float);
      return Value::of_float(sum_value(p) / den);
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
      auto* s = slot_object<std::vector<double>>(const_cast<char*>(p));
      if (!s || s->empty()) return Value::null(ValueType::Float);
      return Value::of_float(quantile_cont(*s, a.q));
    }
  }
  return Value::null();
}

}  // namespace kpic::exec
