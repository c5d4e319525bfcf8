// plan_text: the plan as `kpic explain` prints it.
#include "compiler/plan/plan.h"

namespace kpic::plan {

std::string plan_text(const sema::Program& p, const Plan& plan) {
  std::string out;
  for (size_t s = 0; s < p.sources.size(); ++s) {
    bool any = false;
    for (const auto& pass : plan.passes) any |= pass.source == static_cast<int>(s);
    if (!any) continue;
    out += "source " + p.sources[s].name + ": reads";
    for (int c : plan.source_columns[s]) out += " " + p.sources[s].schema.fields[c].name;
    out += "\n";
    for (const auto& lag : plan.lags)
      if (lag.source == static_cast<int>(s)) out += "  lag column " + expr_text(p, *lag.expr) + "\n";
    for (const auto& pass : plan.passes) {
      if (pass.source != static_cast<int>(s)) continue;
      out += "  pass " + std::to_string(pass.id) + (pass.stage == 0 ? " (stage 0: values used in rows)" : "") + ":";
      if (!pass.metrics.empty()) {
        out += " metrics";
        for (const auto& m : pass.metrics) out += " " + m;
      }
      out += "\n";
      if (!pass.keys.empty()) {
        out += "    group by";
        for (size_t k = 0; k < pass.keys.size(); ++k)
          out += " " + pass.key_names[k] + "=" + (pass.keys[k] ? expr_text(p, *pass.keys[k]) : "?");
        out += "\n";
      }
      for (const auto* w : pass.wheres) out += "    where " + expr_text(p, *w) + "\n";
      for (const auto& a : pass.aggs)
        out += "    state +" + std::to_string(a.offset) + " " + exec::state_kind_name(a.kind) + " " + a.text + "\n";
    }
  }
  return out;
}

}  // namespace kpic::plan
