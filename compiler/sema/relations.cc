// bind_relations, reference_path: see relations.h.
#include "compiler/sema/relations.h"

#include <deque>
#include <fmt/format.h>
#include <functional>

namespace kpic::sema {
namespace {

int find_source(const std::vector<Source>& sources, const std::string& name) {
  for (size_t i = 0; i < sources.size(); ++i)
    if (sources[i].name == name) return static_cast<int>(i);
  return -1;
}

// Reports one cycle of references (each reported once, at the reference that closes it).
void report_cycles(std::vector<Source>& sources, Diagnostics& diags) {
  std::vector<int> color(sources.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<int> stack;
  std::function<void(int)> visit = [&](int s) {
    color[s] = 1;
    stack.push_back(s);
    for (auto& ref : sources[s].references) {
      if (ref.target < 0) continue;
      if (color[ref.target] == 1) {
        std::string chain;
        size_t at = 0;
        while (stack[at] != ref.target) ++at;
        for (size_t i = at; i < stack.size(); ++i) chain += "`" + sources[stack[i]].name + "` → ";
        chain += "`" + sources[ref.target].name + "`";
        auto& d = diags.error(DiagCode::reference_cycle, ref.range,
                              ref.target == s ? fmt::format("source `{}` references itself", sources[s].name)
                                              : fmt::format("references form a cycle: {}", chain));
        d.help = "a reference is many-to-one (a row of the referencing source finds one row of the referenced "
                 "one): remove one `references` of the cycle";
        ref.target = -1;  // the cycle is cut: nothing follows it any more
      } else if (color[ref.target] == 0) {
        visit(ref.target);
      }
    }
    stack.pop_back();
    color[s] = 2;
  };
  for (size_t s = 0; s < sources.size(); ++s)
    if (color[s] == 0) visit(static_cast<int>(s));
}

}  // namespace

void bind_relations(const Unit& unit, std::vector<Source>& sources, Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& s : sources) names.push_back(s.name);
  // Keys first: a reference needs its target's key.
  for (size_t i = 0; i < unit.sources.size() && i < sources.size(); ++i) {
    Source& s = sources[i];
    const ast::SchemaColumn* first = nullptr;
    for (const ast::SchemaColumn& col : unit.sources[i].relations) {
      if (!col.key) continue;
      if (first) {
        auto& d = diags.error(DiagCode::bad_reference, col.key_range,
                              fmt::format("source `{}` declares two keys, `{}` and `{}`", s.name, first->name, col.name));
        d.help = "a source has one key column; keep `key` on the column whose values are unique";
        continue;
      }
      first = &col;
      s.key = s.schema.find(col.name);  // -1 when the bound data lacks it (reported by bind_sources)
    }
  }
  for (size_t i = 0; i < unit.sources.size() && i < sources.size(); ++i) {
    Source& s = sources[i];
    for (const ast::SchemaColumn& col : unit.sources[i].relations) {
      if (col.references.empty()) continue;
      int target = find_source(sources, col.references);
      int column = s.schema.find(col.name);
      if (target < 0) {
        auto& d = diags.error(DiagCode::unknown_source, col.references_range,
                              fmt::format("`{}.{}` references source `{}`, which is not declared", s.name, col.name,
                                          col.references));
        std::string near = nearest_name(col.references, names);
        d.help = near.empty() ? fmt::format("declare it with its key: `source {} {{ id: int key }}`", col.references)
                              : fmt::format("did you mean `{}`?", near);
        continue;
      }
      const Source& t = sources[target];
      if (t.key < 0) {
        auto& d = diags.error(DiagCode::bad_reference, col.references_range,
                              fmt::format("`{}.{}` references source `{}`, which declares no key", s.name, col.name,
                                          t.name));
        d.help = fmt::format("mark the column whose values are unique in `{}` with `key`, e.g. `source {} {{ {}: {} key }}`",
                             t.name, t.name, col.name, column >= 0 ? type_name(s.schema.fields[column].type) : "int");
        continue;
      }
      if (column < 0) continue;  // not in the bound data (reported by bind_sources)
      ValueType mine = s.schema.fields[column].type, theirs = t.schema.fields[t.key].type;
      if (mine != theirs) {
        auto& d = diags.error(DiagCode::bad_reference, col.references_range,
                              fmt::format("`{}.{}` is {}, but the key `{}.{}` it references is {}", s.name, col.name,
                                          type_name(mine), t.name, t.schema.fields[t.key].name, type_name(theirs)));
        d.help = "a reference matches rows by equal values: declare both columns with the same type";
        continue;
      }
      s.references.push_back({column, target, col.references_range});
    }
  }
  report_cycles(sources, diags);
}

std::vector<int> reference_path(const std::vector<Source>& sources, int from, int to, bool& ambiguous) {
  ambiguous = false;
  // Breadth first over (source, path); paths are short and the graph has no cycle (report_cycles cut them).
  std::deque<std::pair<int, std::vector<int>>> queue{{from, {}}};
  std::vector<int> found;
  bool have = false;
  size_t steps = 0;
  while (!queue.empty() && ++steps < 100000) {
    auto [s, path] = std::move(queue.front());
    queue.pop_front();
    if (have && path.size() >= found.size()) break;
    for (const auto& ref : sources[s].references) {
      if (ref.target < 0) continue;
      std::vector<int> next = path;
      next.push_back(ref.column);
      if (ref.target == to) {
        if (have) {
          ambiguous = true;
          return found;
        }
        found = next;
        have = true;
      } else if (next.size() < sources.size()) {
        queue.emplace_back(ref.target, std::move(next));
      }
    }
  }
  return found;
}

std::string lookup_text(const std::vector<Source>& sources, const Expr& e) {
  std::string out;
  int s = e.source;
  for (int col : e.via) {
    if (s < 0 || s >= static_cast<int>(sources.size()) || col < 0 ||
        col >= static_cast<int>(sources[s].schema.fields.size()))
      return "?lookup";
    out += sources[s].name + "." + sources[s].schema.fields[col].name + "->";
    int next = -1;
    for (const auto& ref : sources[s].references)
      if (ref.column == col) next = ref.target;
    s = next;
  }
  if (s != e.lookup || s < 0 || e.column < 0 || e.column >= static_cast<int>(sources[s].schema.fields.size()))
    return "?lookup";
  return out + sources[s].name + "." + sources[s].schema.fields[e.column].name;
}

std::string reference_help(const std::vector<Source>& sources, int from, int to) {
  const Source& t = sources[to];
  std::string key = t.key >= 0 ? t.schema.fields[t.key].name : "id";
  std::string type = t.key >= 0 ? std::string(type_name(t.schema.fields[t.key].type)) : "int";
  std::string help = fmt::format("declare which column of `{}` holds the key of `{}`: `source {} {{ {}: {} references {} }}`",
                                 sources[from].name, t.name, sources[from].name, key, type, t.name);
  if (t.key < 0) help += fmt::format(", with `key` on that column of `{}`", t.name);
  return help;
}

}  // namespace kpic::sema
