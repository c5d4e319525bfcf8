// add_lookup, lookup_slot_name: see planning.h. A qualified column of a referenced source becomes a
// plan::Lookup: the hops of references from the metric's source to the column's source.
#include "compiler/plan/planning.h"
#include "compiler/sema/relations.h"
#include "runtime/base/check.h"

namespace kpic::plan {

void add_lookup(const sema::Program& p, const sema::Expr& e, Plan& plan, Planning& t) {
  std::string text = sema::lookup_text(p.sources, e);
  if (auto it = t.lookup_by_text.find(text); it != t.lookup_by_text.end()) {
    t.lookup_index[&e] = it->second;
    return;
  }
  Lookup l;
  l.source = e.source;
  int s = e.source;
  for (int col : e.via) {
    LookupHop hop;
    hop.from = s;
    hop.column = col;
    for (const auto& ref : p.sources[s].references)
      if (ref.column == col) hop.to = ref.target;
    KPIC_CHECK(hop.to >= 0 && p.sources[hop.to].key >= 0, "a lookup through a column that references no keyed source");
    hop.key = p.sources[hop.to].key;
    hop.column_name = p.sources[s].schema.fields[col].name;
    hop.key_name = p.sources[hop.to].schema.fields[hop.key].name;
    l.hops.push_back(hop);
    s = hop.to;
  }
  KPIC_CHECK(!l.hops.empty() && s == e.lookup, "a lookup whose references do not lead to its source");
  l.value_col = e.column;
  l.value_name = p.sources[s].schema.fields[e.column].name;
  int index = static_cast<int>(plan.lookups.size());
  plan.lookups.push_back(l);
  t.lookup_by_text[text] = index;
  t.lookup_index[&e] = index;
}

std::string lookup_slot_name(const sema::Program& p, const Lookup& lookup) {
  std::string out;
  for (const LookupHop& h : lookup.hops)
    out += p.sources[h.from].name + "." + p.sources[h.from].schema.fields[h.column].name + "->";
  const auto& last = p.sources[lookup.hops.back().to];
  return out + last.name + "." + last.schema.fields[lookup.value_col].name;
}

}  // namespace kpic::plan
