// chunk_excluded: see chunk_filter.h.
#include "runtime/exec/chunk_filter.h"

namespace kpic::exec {
namespace {

using sema::Expr;
using sema::ExprKind;

bool literal_number(const Value& v, ValueType column_type, double& out) {
  if (v.is_null) return false;
  if (v.type == column_type || (is_numeric(v.type) && is_numeric(column_type))) {
    out = v.type == ValueType::Float ? v.f : static_cast<double>(v.i);
    return true;
  }
  return false;
}

ast::Op flip(ast::Op op) {
  switch (op) {
    case ast::Op::Lt: return ast::Op::Gt;
    case ast::Op::Le: return ast::Op::Ge;
    case ast::Op::Gt: return ast::Op::Lt;
    case ast::Op::Ge: return ast::Op::Le;
    default: return op;
  }
}

// True when no row of the chunk can make `column OP v` true.
template <typename T>
bool excludes(ast::Op op, const T& min, const T& max, const T& v) {
  switch (op) {
    case ast::Op::Eq: return v < min || v > max;
    case ast::Op::Lt: return !(min < v);
    case ast::Op::Le: return v < min;
    case ast::Op::Gt: return !(v < max);
    case ast::Op::Ge: return max < v;
    default: return false;
  }
}

bool excluded_by(const Expr& e, const TableReader& reader, int chunk) {
  if (e.kind == ExprKind::Binary && e.op == ast::Op::And)
    return excluded_by(*e.args[0], reader, chunk) || excluded_by(*e.args[1], reader, chunk);
  const Expr* column = nullptr;
  std::vector<const Value*> values;
  ast::Op op = ast::Op::Eq;
  if (e.kind == ExprKind::Binary && e.op >= ast::Op::Eq && e.op <= ast::Op::Ge && e.op != ast::Op::Ne) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    if (a.kind == ExprKind::Column && b.kind == ExprKind::Literal) {
      column = &a;
      values.push_back(&b.value);
      op = e.op;
    } else if (b.kind == ExprKind::Column && a.kind == ExprKind::Literal) {
      column = &b;
      values.push_back(&a.value);
      op = flip(e.op);
    }
  } else if (e.kind == ExprKind::In && !e.negated && e.args[0]->kind == ExprKind::Column) {
    column = e.args[0].get();
    for (const auto& v : e.values) values.push_back(&v);
  }
  if (!column) return false;
  auto stats = reader.stats(chunk, column->column);
  if (!stats) return false;
  int64_t rows = reader.chunk_rows(chunk);
  if (stats->null_count >= 0 && rows > 0 && stats->null_count == rows) return true;  // all null: never true
  if (!stats->has_min_max) return false;
  ValueType t = reader.schema().fields[column->column].type;
  for (const Value* v : values) {
    if (t == ValueType::String) {
      if (v->is_null || v->type != ValueType::String) return false;
      if (!excludes<std::string>(op, stats->min_str, stats->max_str, v->s)) return false;
    } else {
      double d;
      if (!literal_number(*v, t, d)) return false;
      if (!excludes<double>(op, stats->min_num, stats->max_num, d)) return false;
    }
  }
  return true;
}

}  // namespace

bool chunk_excluded(const plan::Pass& pass, const TableReader& reader, int chunk) {
  for (const Expr* w : pass.wheres)
    if (excluded_by(*w, reader, chunk)) return true;
  return false;
}

}  // namespace kpic::exec
