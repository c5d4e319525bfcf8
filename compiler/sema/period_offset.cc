// The offset of `prev(X, N)` and `growth(X, N)`: N buckets earlier along the metric's time dimension.
#include <fmt/format.h>

#include "compiler/sema/expr_checker.h"

namespace kpic::sema {

// Bounds the dates an offset reaches (100000 years back stays within a 32-bit day number).
constexpr int64_t kMaxPeriodOffset = 100000;

ExprPtr ExprChecker::period_offset(const ast::Expr& e, const BuiltinInfo& b, const Frame* f) {
  bool negative = e.kind == ast::ExprKind::Unary && e.op == ast::Op::Neg && e.args.size() == 1 &&
                  e.args[0]->kind == ast::ExprKind::IntLit;
  if (e.kind != ast::ExprKind::IntLit && !negative) {
    auto& d = error(DiagCode::bad_argument, e.range,
                    fmt::format("the offset of `{}` must be a whole number of buckets, written as a literal", b.name), f);
    d.help = fmt::format("e.g. `{}(revenue, 12)` on a monthly metric compares with the same month a year earlier",
                         b.name);
    return nullptr;
  }
  if (negative || e.int_value <= 0) {
    auto& d = error(DiagCode::bad_argument, e.range,
                    fmt::format("the offset of `{}` must be at least 1 (it counts buckets back in time)", b.name), f);
    d.help = fmt::format("`{}(x, 1)` is the previous bucket, the same as `{}(x)`", b.name, b.name);
    return nullptr;
  }
  if (e.int_value > kMaxPeriodOffset) {
    error(DiagCode::bad_argument, e.range,
          fmt::format("the offset of `{}` is at most {} buckets", b.name, kMaxPeriodOffset), f);
    return nullptr;
  }
  auto n = std::make_unique<Expr>();
  n->kind = ExprKind::Literal;
  n->range = e.range;
  n->type = ValueType::Int;
  n->level = Level::Constant;
  n->nullable = false;
  n->value = Value::of_int(e.int_value);
  return n;
}

}  // namespace kpic::sema
