// chunk_excluded: see chunk_filter.h.
#include "runtime/exec/chunk_filter.h"

#include <cmath>

namespace kpic::exec {
namespace {

constexpr double kMicrosPerDay = 86400.0 * 1e6;

// The literal as a number comparable with the column's statistics (min_num/max_num); false when it is not
// one (a type the statistics do not order against, or null).
bool literal_number(const Value& v, ValueType column_type, double& out) {
  if (v.is_null) return false;
  if (v.type == column_type || (is_numeric(v.type) && is_numeric(column_type))) {
    out = v.type == ValueType::Float ? v.f : static_cast<double>(v.i);
    return true;
  }
  if (v.type == ValueType::Date && column_type == ValueType::Timestamp) {  // midnight UTC, in microseconds
    out = static_cast<double>(v.i) * kMicrosPerDay;
    return true;
  }
  return false;
}

// The literal and the chunk's bounds in one unit: a timestamp compared with a date column moves the
// bounds (days) to microseconds.
bool comparable(const Value& v, ValueType column_type, const ColumnStats& s, double& d, double& lo, double& hi) {
  lo = s.min_num;
  hi = s.max_num;
  if (!v.is_null && v.type == ValueType::Timestamp && column_type == ValueType::Date) {
    d = static_cast<double>(v.i);
    lo *= kMicrosPerDay;
    hi *= kMicrosPerDay;
    return true;
  }
  return literal_number(v, column_type, d);
}

// True when no row of the chunk can make `column OP v` true.
template <typename T>
bool excludes(PruneOp op, const T& min, const T& max, const T& v) {
  switch (op) {
    case PruneOp::Eq: return v < min || v > max;
    case PruneOp::Lt: return !(min < v);
    case PruneOp::Le: return v < min;
    case PruneOp::Gt: return !(v < max);
    case PruneOp::Ge: return max < v;
    default: return false;
  }
}

bool excluded_by(const PruneTerm& term, const TableReader& reader, int chunk);

bool excluded_by_all(const std::vector<PruneTerm>& terms, const TableReader& reader, int chunk) {
  for (const PruneTerm& t : terms)
    if (excluded_by(t, reader, chunk)) return true;
  return false;
}

bool excluded_by(const PruneTerm& term, const TableReader& reader, int chunk) {
  if (term.op == PruneOp::Any) {  // no alternative can hold
    if (term.any.empty()) return false;
    for (const auto& alt : term.any)
      if (!excluded_by_all(alt, reader, chunk)) return false;
    return true;
  }
  auto stats = reader.stats(chunk, term.column);
  if (!stats) return false;
  int64_t rows = reader.chunk_rows(chunk);
  bool all_null = stats->null_count >= 0 && rows > 0 && stats->null_count == rows;
  if (term.op == PruneOp::IsNull) return stats->null_count == 0;
  if (term.op == PruneOp::NotNull) return all_null;
  if (all_null) return true;  // a comparison with null is never true
  if (!stats->has_min_max) return false;
  ValueType t = reader.schema().fields[term.column].type;
  if (term.op == PruneOp::Ne) {
    // Every non-null value is the same one, and the list holds it. Floats: NaN is not in the statistics.
    if (t == ValueType::Float) return false;
    if (t == ValueType::String) {
      if (stats->min_str != stats->max_str) return false;
      for (const Value& v : term.values)
        if (!v.is_null && v.type == ValueType::String && v.s == stats->min_str) return true;
      return false;
    }
    if (stats->min_num != stats->max_num) return false;
    for (const Value& v : term.values) {
      double d, lo, hi;
      if (v.type == ValueType::Float || !comparable(v, t, *stats, d, lo, hi)) continue;
      if (std::fabs(d) < 9007199254740992.0 && d == lo) return true;  // exact below 2^53 (see below)
    }
    return false;
  }
  for (const Value& v : term.values) {
    if (t == ValueType::String) {
      if (v.is_null || v.type != ValueType::String) return false;
      if (!excludes<std::string>(term.op, stats->min_str, stats->max_str, v.s)) return false;
    } else {
      double d, lo, hi;
      if (!comparable(v, t, *stats, d, lo, hi)) return false;
      // Integers and times from 2^53 on may share a double with their neighbours: `min < v` can hold
      // while their doubles are equal, so a strict comparison is decided as its non-strict form there
      // (rounding keeps order, so the non-strict forms stay sound).
      PruneOp op = term.op;
      constexpr double kExact = 9007199254740992.0;  // 2^53
      if (t != ValueType::Float && (op == PruneOp::Lt || op == PruneOp::Gt) &&
          (std::fabs(d) >= kExact || std::fabs(lo) >= kExact || std::fabs(hi) >= kExact))
        op = op == PruneOp::Lt ? PruneOp::Le : PruneOp::Ge;
      if (!excludes<double>(op, lo, hi, d)) return false;
    }
  }
  return true;
}

}  // namespace

bool chunk_excluded(const std::vector<PruneTerm>& terms, const TableReader& reader, int chunk) {
  return excluded_by_all(terms, reader, chunk);
}

}  // namespace kpic::exec
