// plan_text: the plan IR as `kpic explain` prints it.
#include <cstdio>

#include "compiler/plan/plan.h"

namespace kpic::plan {
namespace {

std::string type_text(ValueType t) { return std::string(type_name(t)); }

// Literals as written in .kpi files where that is unambiguous (floats short, no suffix).
std::string literal_text(const Value& v) {
  if (v.is_null || v.type != ValueType::Float) return value_text(v);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v.f);
  return buf;
}

// Expressions in infix form; a pass's slots are named by their columns.
class Printer {
 public:
  Printer(const Plan& plan, int source) : plan_(plan), source_(source) {}

  // `top`: the whole of a where, key, argument or metric (a binary operator is not parenthesised).
  std::string node(const Node& e, bool top = true) const {
    switch (e.kind) {
      case NodeKind::Literal: return literal_text(e.value);
      case NodeKind::Slot: {
        const auto& names = plan_.sources[source_].slot_names;
        return e.index >= 0 && e.index < static_cast<int>(names.size()) ? names[e.index] : "slot" + std::to_string(e.index);
      }
      case NodeKind::Param: return "param" + std::to_string(e.index);
      case NodeKind::Unary:
        return std::string(e.op == ast::Op::Not ? "not " : "-") + node(e.args[0], false);
      case NodeKind::Binary: {
        std::string s = node(e.args[0], false) + " " + ast::op_spelling(e.op) + " " + node(e.args[1], false);
        return top ? s : "(" + s + ")";
      }
      case NodeKind::If: return "if(" + list(e.args) + ")";
      case NodeKind::In: {
        std::string vs;
        for (const auto& v : e.values) vs += (vs.empty() ? "" : ", ") + literal_text(v);
        return node(e.args[0], false) + (e.negated ? " not in [" : " in [") + vs + "]";
      }
      case NodeKind::IsNull: return node(e.args[0], false) + (e.negated ? " is not null" : " is null");
      case NodeKind::Call:
      case NodeKind::Period: return std::string(sema::builtin_info(e.builtin).name) + "(" + list(e.args) + ")";
      case NodeKind::AggResult: return "pass" + std::to_string(e.pass) + ".state" + std::to_string(e.index);
      case NodeKind::PerResult: return "per" + std::to_string(e.index);
      case NodeKind::Metric:
        return e.index >= 0 && e.index < static_cast<int>(plan_.metrics.size()) ? "@" + plan_.metrics[e.index].name
                                                                                   : "@?";
    }
    return "?";
  }

  std::string list(const std::vector<Node>& xs) const {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : ", ") + node(x);
    return out;
  }

 private:
  const Plan& plan_;
  int source_;
};

void print_pass(const Plan& plan, const Pass& pass, std::string& out) {
  Printer pr(plan, pass.source);
  out += "  pass " + std::to_string(pass.id) + " (stage " + std::to_string(pass.stage) + "):";
  if (!pass.metrics.empty()) {
    out += " metrics";
    for (const auto& m : pass.metrics) out += " " + m;
  }
  out += "\n";
  for (const auto& w : pass.wheres) out += "    where " + pr.node(w) + "\n";
  for (size_t k = 0; k < pass.keys.size(); ++k)
    out += "    key " + std::to_string(k) + ": " +
           (pass.key_names[k].empty() ? "per " : "dimension " + pass.key_names[k] + " = ") + pr.node(pass.keys[k]) +
           " : " + type_text(pass.key_types[k]) + "\n";
  for (size_t i = 0; i < pass.aggs.size(); ++i) {
    const AggState& a = pass.aggs[i];
    out += "    state " + std::to_string(i) + " +" + std::to_string(a.offset) + " " + exec::state_kind_name(a.kind) +
           ": " + std::string(sema::builtin_info(a.builtin).name) + "(" + pr.list(a.args) + ")";
    for (const auto& f : a.filter) out += " where " + pr.node(f);
    if (a.alias) out += " (its step " + std::to_string(a.funnel_report) + " of the funnel state at +" + std::to_string(a.offset) + ")";
    out += "\n";
  }
}

// The join of a metric's groupings (MetricOp::inputs), when it has one: several inputs joined on its
// dimensions, or one broadcast. `  join on (month): @spend, @new_customers` or
// `  join on (channel): @by_channel; broadcast: @total_spend`.
void print_join(const Plan& plan, const MetricOp& metric, std::string& out) {
  if (metric.dims.empty()) return;
  std::string joined, broadcast;
  int n = 0;
  for (const JoinInput& in : metric.inputs) {
    std::string name = in.kind == JoinInput::Pass  ? "pass" + std::to_string(in.index)
                       : in.kind == JoinInput::Per ? "per" + std::to_string(in.index)
                       : in.kind == JoinInput::Trailing ? "trailing pass" + std::to_string(in.index)
                       : in.kind == JoinInput::Cohort ? "cohort pass" + std::to_string(in.index)
                                                   : "@" + plan.metrics[in.index].name;
    std::string& list = in.broadcast ? broadcast : joined;
    list += (list.empty() ? "" : ", ") + name;
    n += !in.broadcast;
  }
  if (n < 2 && broadcast.empty()) return;
  out += "  join on (";
  for (size_t d = 0; d < metric.dims.size(); ++d) out += (d ? ", " : "") + metric.dims[d].name;
  out += "): " + (joined.empty() ? std::string("(no rows of its own)") : joined);
  if (!broadcast.empty()) out += "; broadcast: " + broadcast;
  out += "\n";
}

}  // namespace

std::string plan_text(const Plan& plan) {
  std::string out;
  for (size_t s = 0; s < plan.sources.size(); ++s) {
    const PlanSource& src = plan.sources[s];
    bool any = false;
    for (const auto& pass : plan.passes) any |= pass.source == static_cast<int>(s);
    if (!any) continue;
    out += "source " + src.name + ": slots";
    for (size_t i = 0; i < src.slot_names.size(); ++i) out += " " + std::to_string(i) + "=" + src.slot_names[i];
    out += "\n";
    for (const auto& pass : plan.passes)
      if (pass.source == static_cast<int>(s)) print_pass(plan, pass, out);
  }
  Printer none(plan, -1);
  for (size_t i = 0; i < plan.params.size(); ++i)
    out += "param" + std::to_string(i) + " = " + none.node(plan.params[i]) + " (known after stage " +
           std::to_string(plan.param_stage[i]) + ")\n";
  for (size_t i = 0; i < plan.pers.size(); ++i) {
    const PerOp& per = plan.pers[i];
    out += "per" + std::to_string(i) + " = " + std::string(sema::builtin_info(per.agg.builtin).name) + "(" +
           (per.agg.count_rows ? std::string("") : none.node(per.inner)) + ") over the groups of the first " +
           std::to_string(per.inner_dims) + " key(s) of pass";
    for (int p : per.passes) out += " " + std::to_string(p);
    out += ", reduced per the first " + std::to_string(per.outer_dims) + "\n";
  }
  for (int m : plan.metric_order) {
    const MetricOp& metric = plan.metrics[m];
    out += "metric " + metric.name;
    if (!metric.dims.empty()) {
      out += " by";
      for (const auto& d : metric.dims) out += " " + d.name;
    }
    out += " : " + type_text(metric.type) + " = " + none.node(metric.expr) + "\n";
    print_join(plan, metric, out);
  }
  return out;
}

}  // namespace kpic::plan
