// chunk_excluded: see chunk_filter.h.
#include "runtime/exec/chunk_filter.h"

namespace kpic::exec {
namespace {

bool literal_number(const Value& v, ValueType column_type, double& out) {
  if (v.is_null) return false;
  if (v.type == column_type || (is_numeric(v.type) && is_numeric(column_type))) {
    out = v.type == ValueType::Float ? v.f : static_cast<double>(v.i);
    return true;
  }
  return false;
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
  }
  return false;
}

bool excluded_by(const PruneTerm& term, const TableReader& reader, int chunk) {
  auto stats = reader.stats(chunk, term.column);
  if (!stats) return false;
  int64_t rows = reader.chunk_rows(chunk);
  if (stats->null_count >= 0 && rows > 0 && stats->null_count == rows) return true;  // all null: never true
  if (!stats->has_min_max) return false;
  ValueType t = reader.schema().fields[term.column].type;
  for (const Value& v : term.values) {
    if (t == ValueType::String) {
      if (v.is_null || v.type != ValueType::String) return false;
      if (!excludes<std::string>(term.op, stats->min_str, stats->max_str, v.s)) return false;
    } else {
      double d;
      if (!literal_number(v, t, d)) return false;
      if (!excludes<double>(term.op, stats->min_num, stats->max_num, d)) return false;
    }
  }
  return true;
}

}  // namespace

bool chunk_excluded(const std::vector<PruneTerm>& terms, const TableReader& reader, int chunk) {
  for (const PruneTerm& t : terms)
    if (excluded_by(t, reader, chunk)) return true;
  return false;
}

}  // namespace kpic::exec
