#include "compiler/sema/attributes.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace kpic::sema {

const std::vector<std::string>& known_units() {
  static const std::vector<std::string> kUnits = {
#define KPIC_UNIT(name, kind, symbol) name,
#include "compiler/sema/units.def"
#undef KPIC_UNIT
  };
  return kUnits;
}

static std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

static std::optional<double> number_of(const ast::Expr* e) {
  if (!e) return std::nullopt;
  if (e->kind == ast::ExprKind::IntLit) return static_cast<double>(e->int_value);
  if (e->kind == ast::ExprKind::FloatLit) return e->float_value;
  if (e->kind == ast::ExprKind::Unary && e->op == ast::Op::Neg && e->args.size() == 1) {
    auto v = number_of(e->args[0].get());
    if (v) return -*v;
  }
  return std::nullopt;
}

static void check_unit(const ast::Attribute& a, Attributes& out, Diagnostics& diags) {
  const ast::Expr* e = a.arg.get();
  std::string name;
  if (e && e->kind == ast::ExprKind::Name && e->qualifier.empty()) name = e->name;
  else if (e && e->kind == ast::ExprKind::StringLit) name = e->text;
  const auto& units = known_units();
  if (!name.empty() && std::find(units.begin(), units.end(), lower(name)) != units.end()) {
    out.unit = name;
    return;
  }
  auto& d = diags.error(DiagCode::bad_attribute, e ? e->range : a.range,
                        name.empty() ? std::string("@unit needs a unit name, e.g. @unit(usd)")
                                     : fmt::format("unknown unit `{}`", name));
  std::string near = name.empty() ? "" : nearest_name(name, units);
  d.help = near.empty() ? "units are percent (or pct, %), count, ratio, score, points, seconds, minutes, hours, days "
                          "and the ISO 4217 currency codes (usd, eur, chf, inr, ...)"
                        : fmt::format("did you mean `{}`?", near);
}

static void check_target(const ast::Attribute& a, Attributes& out, Diagnostics& diags) {
  auto v = number_of(a.arg.get());
  if (!v || !a.op) {
    auto& d = diags.error(DiagCode::bad_attribute, a.range,
                          !v ? "@target needs a comparison with a number" : "@target needs a comparison operator");
    d.help = "write it as @target(>= 50); operators: == != < <= > >=";
    return;
  }
  ast::Op op = *a.op;
  if (op != ast::Op::Eq && op != ast::Op::Ne && op != ast::Op::Lt && op != ast::Op::Le && op != ast::Op::Gt &&
      op != ast::Op::Ge) {
    diags.error(DiagCode::bad_attribute, a.range, "@target needs a comparison operator (== != < <= > >=)");
    return;
  }
  out.target = Target{op, *v, a.range};
}

static void check_owner(const ast::Attribute& a, Attributes& out, Diagnostics& diags) {
  const ast::Expr* e = a.arg.get();
  if (e && e->kind == ast::ExprKind::StringLit && !e->text.empty()) {
    out.owner = e->text;
    return;
  }
  auto& d = diags.error(DiagCode::bad_attribute, e ? e->range : a.range, "@owner needs a non-empty string");
  d.help = "write it as @owner(\"growth\")";
}

Attributes check_attributes(const std::vector<ast::Attribute>& attrs, Diagnostics& diags) {
  Attributes out;
  static const std::vector<std::string> kNames = {"unit", "target", "owner"};
  std::vector<std::string> seen;
  for (const auto& a : attrs) {
    if (std::find(kNames.begin(), kNames.end(), a.name) == kNames.end()) {
      auto& d = diags.error(DiagCode::unknown_attribute, a.range, fmt::format("unknown attribute `@{}`", a.name));
      std::string near = nearest_name(a.name, kNames);
      d.help = near.empty() ? "attributes are @unit, @target and @owner" : fmt::format("did you mean `@{}`?", near);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), a.name) != seen.end()) {
      diags.error(DiagCode::bad_attribute, a.range, fmt::format("`@{}` is given twice", a.name));
      continue;
    }
    seen.push_back(a.name);
    if (a.name == "unit") check_unit(a, out, diags);
    else if (a.name == "target") check_target(a, out, diags);
    else check_owner(a, out, diags);
  }
  return out;
}

}  // namespace kpic::sema
