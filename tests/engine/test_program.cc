// Hand-built Programs for engine unit tests. See test_program.h.
#include "tests/engine/test_program.h"

#include <stdexcept>

#include "runtime/exec/time_bucket.h"

namespace kpic::test {

using sema::Expr;
using sema::ExprKind;
using sema::Level;

namespace {
ExprPtr make(ExprKind k, ValueType t, Level l) {
  auto e = std::make_unique<Expr>();
  e->kind = k;
  e->type = t;
  e->level = l;
  return e;
}
Level max_level(const std::vector<ExprPtr>& args) {
  Level l = Level::Constant;
  for (const auto& a : args) l = std::max(l, a->level);
  return l;
}
}  // namespace

ExprPtr lit_int(int64_t v) {
  auto e = make(ExprKind::Literal, ValueType::Int, Level::Constant);
  e->value = Value::of_int(v);
  return e;
}
ExprPtr lit_float(double v) {
  auto e = make(ExprKind::Literal, ValueType::Float, Level::Constant);
  e->value = Value::of_float(v);
  return e;
}
ExprPtr lit_str(const std::string& s) {
  auto e = make(ExprKind::Literal, ValueType::String, Level::Constant);
  e->value = Value::of_string(s);
  return e;
}
ExprPtr col(const sema::Program& p, int source, const std::string& name) {
  int c = p.sources[source].schema.find(name);
  if (c < 0) throw std::runtime_error("no column " + name);
  auto e = make(ExprKind::Column, p.sources[source].schema.fields[c].type, Level::Row);
  e->source = source;
  e->column = c;
  return e;
}
ExprPtr bin(ast::Op op, ExprPtr a, ExprPtr b) {
  ValueType t = a->type;
  if (op >= ast::Op::Or && op <= ast::Op::Ge) t = ValueType::Bool;
  else if (op == ast::Op::Div || a->type == ValueType::Float || b->type == ValueType::Float) t = ValueType::Float;
  auto e = make(ExprKind::Binary, t, std::max(a->level, b->level));
  e->op = op;
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}
ExprPtr agg(sema::Builtin b, std::vector<ExprPtr> args, ExprPtr filter, ValueType type) {
  using sema::Builtin;
  ValueType t = type;
  if (t == ValueType::Null) {
    switch (b) {
      case Builtin::Count:
      case Builtin::CountDistinct:
      case Builtin::ApproxCountDistinct: t = ValueType::Int; break;
      case Builtin::Sum: t = args[0]->type == ValueType::Float ? ValueType::Float : ValueType::Int; break;
      case Builtin::Min:
      case Builtin::Max: t = args[0]->type; break;
      default: t = ValueType::Float; break;
    }
  }
  auto e = make(ExprKind::Aggregate, t, Level::Aggregate);
  e->builtin = b;
  e->args = std::move(args);
  e->filter = std::move(filter);
  return e;
}
ExprPtr call(sema::Builtin b, std::vector<ExprPtr> args) {
  using sema::Builtin;
  ValueType t = ValueType::Float;
  if (b >= Builtin::Day && b <= Builtin::Year) t = ValueType::Date;
  if (b == Builtin::Coalesce) t = args[0]->type;
  auto e = make(ExprKind::Call, t, max_level(args));
  e->builtin = b;
  e->args = std::move(args);
  return e;
}
ExprPtr mref(const sema::Program& p, const std::string& name) {
  for (size_t m = 0; m < p.metrics.size(); ++m)
    if (p.metrics[m].name == name) {
      auto e = make(ExprKind::MetricRef, p.metrics[m].type, Level::Aggregate);
      e->metric = static_cast<int>(m);
      return e;
    }
  throw std::runtime_error("no metric " + name);
}
ExprPtr period(sema::Builtin b, ExprPtr x, int time_dim) {
  ValueType t = b == sema::Builtin::Growth ? ValueType::Float : x->type;
  auto e = make(ExprKind::Period, t, Level::Aggregate);
  e->builtin = b;
  e->time_dim = time_dim;
  e->args.push_back(std::move(x));
  return e;
}

sema::Dimension dim(const std::string& name, ExprPtr expr) {
  sema::Dimension d;
  d.name = name;
  d.type = expr->type;
  if (expr->kind == ExprKind::Call) {
    d.time_bucket = true;
    d.bucket = expr->builtin;
  }
  d.expr = std::move(expr);
  return d;
}

namespace {
void collect_deps(const Expr& e, std::vector<int>& deps) {
  if (e.kind == ExprKind::MetricRef) deps.push_back(e.metric);
  for (const auto& a : e.args) collect_deps(*a, deps);
}
}  // namespace

int add_metric(sema::Program& p, const std::string& name, ExprPtr expr, int source, std::vector<sema::Dimension> dims,
               ExprPtr where) {
  sema::Metric m;
  m.name = name;
  m.type = expr->type;
  collect_deps(*expr, m.deps);
  if (dims.empty())
    for (int d : m.deps)
      if (!p.metrics[d].dims.empty()) {
        for (const auto& pd : p.metrics[d].dims) {
          sema::Dimension copy;
          copy.name = pd.name;
          copy.type = pd.type;
          copy.time_bucket = pd.time_bucket;
          copy.bucket = pd.bucket;
          dims.push_back(std::move(copy));
        }
        break;
      }
  m.expr = std::move(expr);
  m.source = source;
  m.dims = std::move(dims);
  m.where = std::move(where);
  p.metrics.push_back(std::move(m));
  p.eval_order.push_back(static_cast<int>(p.metrics.size()) - 1);
  return static_cast<int>(p.metrics.size()) - 1;
}

TextTable::TextTable(Schema schema, std::vector<std::vector<std::string>> rows, int rows_per_chunk)
    : schema_(std::move(schema)), rows_(std::move(rows)), per_chunk_(rows_per_chunk) {
  schema_.num_rows = static_cast<int64_t>(rows_.size());
}

int TextTable::num_chunks() const { return static_cast<int>((rows_.size() + per_chunk_ - 1) / per_chunk_); }

int64_t TextTable::chunk_rows(int chunk) const {
  return std::min<int64_t>(per_chunk_, static_cast<int64_t>(rows_.size()) - int64_t{chunk} * per_chunk_);
}

std::optional<ColumnStats> TextTable::stats(int chunk, int column) const {
  ValueType t = schema_.fields[column].type;
  if (t != ValueType::Int && t != ValueType::Float) return std::nullopt;
  ColumnStats s;
  s.null_count = 0;
  int64_t first = int64_t{chunk} * per_chunk_;
  for (int64_t r = first; r < first + chunk_rows(chunk); ++r) {
    const std::string& cell = rows_[r][column];
    if (cell.empty()) {
      ++s.null_count;
      continue;
    }
    double v = std::stod(cell);
    if (!s.has_min_max) s.min_num = s.max_num = v;
    s.min_num = std::min(s.min_num, v);
    s.max_num = std::max(s.max_num, v);
    s.has_min_max = true;
  }
  return s;
}

void TextTable::read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const {
  ++chunks_read;
  Batch b;
  int64_t first = int64_t{chunk} * per_chunk_;
  b.num_rows = chunk_rows(chunk);
  for (int c : columns) {
    Column col;
    ValueType t = schema_.fields[c].type;
    col.resize(t, b.num_rows);
    auto dict = std::make_shared<Dictionary>();
    for (int64_t r = 0; r < b.num_rows; ++r) {
      const std::string& s = rows_[first + r][c];
      if (s.empty()) {
        col.set_null(r);
        if (t == ValueType::String) col.mutable_data<int32_t>()[r] = 0;
        continue;
      }
      switch (t) {
        case ValueType::Int: col.mutable_data<int64_t>()[r] = std::stoll(s); break;
        case ValueType::Float: col.mutable_data<double>()[r] = std::stod(s); break;
        case ValueType::Bool: col.mutable_data<uint8_t>()[r] = s == "true"; break;
        case ValueType::String: col.mutable_data<int32_t>()[r] = dict->add(s); break;
        case ValueType::Date:
          col.mutable_data<int32_t>()[r] = static_cast<int32_t>(
              exec::days_from_civil(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))));
          break;
        case ValueType::Timestamp: {
          int64_t days = exec::days_from_civil(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)),
                                               std::stoi(s.substr(8, 2)));
          int64_t secs = s.size() >= 19 ? std::stoi(s.substr(11, 2)) * 3600 + std::stoi(s.substr(14, 2)) * 60 +
                                              std::stoi(s.substr(17, 2))
                                        : 0;
          col.mutable_data<int64_t>()[r] = (days * 86400 + secs) * 1000000;
          break;
        }
        default: break;
      }
    }
    if (t == ValueType::String) {
      if (dict->size() == 0) dict->add("");
      col.dict = dict;
    }
    b.columns.push_back(std::move(col));
  }
  out.push_back(std::move(b));
}

}  // namespace kpic::test
