// The language's closed list of operators, shared by the syntax tree (ast::Op), sema, the plan IR and
// the backends.
#pragma once

namespace kpic::lang {

enum class Op {
  // unary
  Not, Neg,
  // binary, lowest precedence first
  Or, And,
  Eq, Ne, Lt, Le, Gt, Ge,
  Add, Sub,
  Mul, Div, Mod,
};

}  // namespace kpic::lang
