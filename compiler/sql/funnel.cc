// funnel_pass_sql: see funnel.h.
#include "compiler/sql/funnel.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

namespace kpic::sql {
namespace {

// One funnel aggregate of the pass, rendered.
struct Funnel {
  std::string entity, time, filter;  // filter: the inner `where`, empty when there is none
  int64_t window = 0;                // µs
  std::vector<std::string> steps;
  size_t chain = 0;  // the funnel whose step CTEs it reads (itself, or one whose steps its own lead)
  int number = 0;    // of the chain it leads (when chain is itself), from 1
};

std::string key(size_t k) { return "k" + std::to_string(k); }

// Columns `prefix`k0, `prefix`k1, ... (the pass's keys).
std::vector<std::string> keys(size_t n, const std::string& prefix) {
  std::vector<std::string> out;
  for (size_t k = 0; k < n; ++k) out.push_back(prefix + key(k));
  return out;
}

std::string lines(const std::vector<std::string>& parts, const std::string& sep) {
  return fmt::format("{}", fmt::join(parts, sep));
}

bool leads(const Funnel& a, const Funnel& b) {
  if (a.entity != b.entity || a.time != b.time || a.window != b.window || a.filter != b.filter) return false;
  if (a.steps.size() > b.steps.size()) return false;
  for (size_t k = 0; k < a.steps.size(); ++k)
    if (a.steps[k] != b.steps[k]) return false;
  return true;
}

class FunnelLowering {
 public:
  explicit FunnelLowering(const FunnelPass& in)
      : in_(in), d_(in.dialect), pass_(in.pass), nkeys_(pass_.keys.size()) {}

  std::string body() {
    render();
    std::string rows = rows_cte();
    // The pass's groups and its other aggregates, then one count per (chain, step) the funnels read.
    std::vector<std::string> inner, outer, joins;
    for (size_t k = 0; k < nkeys_; ++k) {
      inner.push_back(in_.row(pass_.keys[k]) + " AS " + key(k));
      outer.push_back("g." + key(k));
    }
    std::map<std::string, std::string> alias_of;  // count CTE -> its alias
    for (size_t a = 0; a < pass_.aggs.size(); ++a) {
      const std::string col = "a" + std::to_string(a);
      if (pass_.aggs[a].builtin != lang::Builtin::Funnel) {
        inner.push_back(in_.agg(pass_.aggs[a]) + " AS " + col);
        outer.push_back("g." + col);
        continue;
      }
      const Funnel& f = funnels_.at(a);
      std::string count = count_cte(rows, f.chain, f.steps.size());
      auto it = alias_of.find(count);
      if (it == alias_of.end()) {
        std::string alias = "c" + std::to_string(alias_of.size() + 1);
        if (nkeys_ == 0) {
          joins.push_back(count + " AS " + alias);
        } else {
          std::vector<std::string> on;
          for (size_t k = 0; k < nkeys_; ++k)
            on.push_back(d_.null_safe_equal("g." + key(k), alias + "." + key(k)));
          joins.push_back("LEFT JOIN " + count + " AS " + alias + "\n  ON " + lines(on, "\n  AND "));
        }
        it = alias_of.emplace(count, alias).first;
      }
      outer.push_back("COALESCE(" + it->second + ".n, 0) AS " + col);
    }
    std::string from;
    if (inner.empty()) {
      // Ungrouped and nothing but funnels: the counts' one row each.
      from = "FROM " + lines(joins, "\nCROSS JOIN ");
    } else {
      std::string groups = "SELECT\n  " + lines(inner, ",\n  ") + "\nFROM " + in_.table;
      if (!in_.wheres.empty()) groups += "\nWHERE " + lines(in_.wheres, "\n  AND ");
      if (nkeys_) {
        std::vector<std::string> group;
        for (size_t k = 0; k < nkeys_; ++k) group.push_back(std::to_string(k + 1));
        groups += "\nGROUP BY " + lines(group, ", ");
      }
      from = "FROM " + in_.add_cte("funnel groups " + std::to_string(pass_.id), in_.base + "_groups", [&] {
        return groups;
      }) + " AS g";
      for (const auto& j : joins) from += nkeys_ ? "\n" + j : "\nCROSS JOIN " + j;
    }
    return "SELECT\n  " + lines(outer, ",\n  ") + "\n" + from;
  }

 private:
  void render() {
    for (size_t a = 0; a < pass_.aggs.size(); ++a) {
      const plan::AggState& agg = pass_.aggs[a];
      if (agg.builtin != lang::Builtin::Funnel) continue;
      Funnel f;
      f.entity = in_.row(agg.args.at(0));
      f.time = d_.epoch_micros_int(in_.row(agg.args.at(1)));
      f.window = agg.window_us;
      if (!agg.filter.empty()) f.filter = in_.row(agg.filter[0]);
      for (size_t k = 3; k < agg.args.size(); ++k) f.steps.push_back(in_.row(agg.args[k]));
      funnels_.emplace(a, std::move(f));
    }
    // A funnel reads the chain of the funnel with the most steps that its own lead (the first such).
    for (auto& [a, f] : funnels_) {
      f.chain = a;
      for (const auto& [b, g] : funnels_)
        if (g.steps.size() > funnels_.at(f.chain).steps.size() && leads(f, g)) f.chain = b;
    }
    int chains = 0;
    for (auto& [a, f] : funnels_)
      if (f.chain == a) f.number = ++chains;
  }

  // Columns of the rows CTE and names of the step CTEs number the chains 1, 2, ... in the pass.
  std::string chain_col(const char* what, size_t chain) const {
    return what + std::string("_") + std::to_string(funnels_.at(chain).number);
  }
  std::string step_col(size_t chain, size_t step) const {
    return chain_col("step", chain) + "_" + std::to_string(step);
  }

  // The pass's rows: the keys, and per chain its entity, time (µs) and a 0/1 per step (the inner `where`
  // and the step both true).
  std::string rows_cte() {
    return in_.add_cte("funnel rows " + std::to_string(pass_.id), in_.base + "_funnel_rows", [&] {
      std::vector<std::string> cols;
      for (size_t k = 0; k < nkeys_; ++k) cols.push_back(in_.row(pass_.keys[k]) + " AS " + key(k));
      for (const auto& [a, f] : funnels_) {
        if (f.chain != a) continue;
        cols.push_back(f.entity + " AS " + chain_col("entity", a));
        cols.push_back(f.time + " AS " + chain_col("time", a));
        for (size_t k = 0; k < f.steps.size(); ++k) {
          // Every condition the lowering renders is one term (a name, a literal, a call, a CASE, or
          // parenthesized).
          std::string holds = f.filter.empty() ? f.steps[k] : f.filter + " AND " + f.steps[k];
          cols.push_back(fmt::format("CASE WHEN {} THEN 1 ELSE 0 END AS {}", holds, step_col(a, k + 1)));
        }
      }
      std::string out = "SELECT\n  " + lines(cols, ",\n  ") + "\nFROM " + in_.table;
      if (!in_.wheres.empty()) out += "\nWHERE " + lines(in_.wheres, "\n  AND ");
      return out;
    });
  }

  // The entities of chain `c` that reached step `k` (1-based): columns e, t1 (the start), t (step k's
  // time) and the keys of the starting row.
  std::string step_cte(const std::string& rows, size_t c, size_t k) {
    std::string id = fmt::format("funnel step {} {} {}", pass_.id, c, k);
    std::string name = fmt::format("{}_funnel{}_step{}", in_.base, funnels_.at(c).number, k);
    if (k == 1) {
      return in_.add_cte(id, name, [&] {
        const std::string e = chain_col("entity", c), t = chain_col("time", c);
        std::string starts =
            fmt::format("WHERE {} = 1\n  AND {} IS NOT NULL\n  AND {} IS NOT NULL", step_col(c, 1), e, t);
        if (nkeys_ == 0)
          return fmt::format(
              "SELECT\n  {0} AS e,\n  MIN({1}) AS t1,\n  MIN({1}) AS t\nFROM {2}\n{3}\nGROUP BY {0}", e, t,
              rows, starts);
        // The earliest STEP1 row; of several at that time, the one whose keys sort first (nulls last).
        std::vector<std::string> order{t};
        for (size_t j = 0; j < nkeys_; ++j) order.push_back(key(j) + " NULLS LAST");
        std::string ranked =
            in_.add_cte(fmt::format("funnel starts {} {}", pass_.id, c),
                        fmt::format("{}_funnel{}_starts", in_.base, funnels_.at(c).number), [&] {
                          return fmt::format(
                              "SELECT\n  {0} AS e,\n  {1} AS t,\n  {2},\n  ROW_NUMBER() OVER "
                              "(PARTITION BY {0} ORDER BY {3}) AS n\nFROM {4}\n{5}",
                              e, t, lines(keys(nkeys_, ""), ",\n  "), lines(order, ", "), rows, starts);
                        });
        return fmt::format("SELECT\n  e,\n  t AS t1,\n  t,\n  {}\nFROM {}\nWHERE n = 1",
                           lines(keys(nkeys_, ""), ",\n  "), ranked);
      });
    }
    std::string prev = step_cte(rows, c, k - 1);
    return in_.add_cte(id, name, [&] {
      std::vector<std::string> group{"p.e", "p.t1"};
      for (const auto& col : keys(nkeys_, "p.")) group.push_back(col);
      std::vector<std::string> cols = group;
      cols.insert(cols.begin() + 2, fmt::format("MIN(r.{}) AS t", chain_col("time", c)));
      const std::string t = "r." + chain_col("time", c);
      std::vector<std::string> on{"r." + chain_col("entity", c) + " = p.e", "r." + step_col(c, k) + " = 1",
                                  t + " >= p.t"};
      // t1 + WINDOW in BIGINT, unless it could overflow: times SQL holds (years 1 to 9999) are less than
      // 2^62 µs apart, so such a window holds every later time.
      const int64_t window = funnels_.at(c).window;
      if (window < (int64_t{1} << 62)) on.push_back(fmt::format("{} <= p.t1 + {}", t, window));
      return fmt::format("SELECT\n  {}\nFROM {} AS p\nJOIN {} AS r\n  ON {}\nGROUP BY {}",
                         lines(cols, ",\n  "), prev, rows, lines(on, "\n  AND "), lines(group, ", "));
    });
  }

  // How many entities of chain `c` reached step `k`, per group of their start (one row when ungrouped).
  std::string count_cte(const std::string& rows, size_t c, size_t k) {
    std::string step = step_cte(rows, c, k);
    return in_.add_cte(fmt::format("funnel count {} {} {}", pass_.id, c, k),
                       fmt::format("{}_funnel{}_step{}_count", in_.base, funnels_.at(c).number, k), [&] {
                         if (nkeys_ == 0) return "SELECT\n  COUNT(*) AS n\nFROM " + step;
                         std::vector<std::string> group;
                         for (size_t j = 0; j < nkeys_; ++j) group.push_back(std::to_string(j + 1));
                         return fmt::format("SELECT\n  {},\n  COUNT(*) AS n\nFROM {}\nGROUP BY {}",
                                            lines(keys(nkeys_, ""), ",\n  "), step, lines(group, ", "));
                       });
  }

  const FunnelPass& in_;
  const Dialect& d_;
  const plan::Pass& pass_;
  size_t nkeys_;
  std::map<size_t, Funnel> funnels_;  // by aggregate index
};

}  // namespace

bool has_funnel(const plan::Pass& pass) {
  for (const auto& a : pass.aggs)
    if (a.builtin == lang::Builtin::Funnel) return true;
  return false;
}

std::string funnel_pass_sql(const FunnelPass& in) { return FunnelLowering(in).body(); }

}  // namespace kpic::sql
