// Comparing two versions' metrics (see metric_diff.h).
#include "compiler/driver/diff/metric_diff.h"

#include <cmath>
#include <map>

#include "compiler/driver/diff/expanded_formula.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::diff {

namespace {

int find_metric(const sema::Program& p, const std::string& name) {
  for (size_t i = 0; i < p.metrics.size(); ++i)
    if (p.metrics[i].from_main_file && p.metrics[i].name == name) return static_cast<int>(i);
  return -1;
}

int find_any_metric(const sema::Program& p, const std::string& name) {
  for (size_t i = 0; i < p.metrics.size(); ++i)
    if (p.metrics[i].name == name) return static_cast<int>(i);
  return -1;
}

const MetricResult* find_result(const RunResult& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

std::optional<double> number(const Value& v) {
  if (v.is_null) return std::nullopt;
  if (v.type == ValueType::Int) return static_cast<double>(v.i);
  if (v.type == ValueType::Float) return v.f;
  return std::nullopt;
}

bool same_value(const Value& a, const Value& b) {
  if (a.is_null || b.is_null) return a.is_null && b.is_null;
  auto x = number(a), y = number(b);
  if (x && y) {
    if (std::isnan(*x) || std::isnan(*y)) return std::isnan(*x) && std::isnan(*y);
    if (*x == *y) return true;
    double scale = std::max(std::fabs(*x), std::fabs(*y));
    return std::fabs(*x - *y) <= (scale < 1e-300 ? 1e-12 : 1e-9 * scale);
  }
  return output::raw_text(a) == output::raw_text(b) && a.type == b.type;
}

// A group's identity across versions: its dimension names with their values (a renamed or changed
// dimension makes every group new).
std::string group_key(const std::vector<std::string>& names, const std::vector<Value>& dims) {
  std::string key;
  for (size_t i = 0; i < dims.size(); ++i)
    key += names[i] + '\x1f' + (dims[i].is_null ? std::string("\x1e") : output::raw_text(dims[i])) + '\x1f';
  return key;
}

void compare_values(const MetricResult* before, const MetricResult* after, MetricDiff& d) {
  std::map<std::string, size_t> after_rows;
  if (after)
    for (size_t r = 0; r < after->rows.size(); ++r) after_rows[group_key(after->dim_names, after->rows[r].dims)] = r;
  std::vector<bool> matched(after ? after->rows.size() : 0, false);
  if (before) {
    for (const auto& row : before->rows) {
      GroupChange g;
      g.dim_names = before->dim_names;
      g.dims = row.dims;
      g.before = row.value;
      auto it = after_rows.find(group_key(before->dim_names, row.dims));
      if (it != after_rows.end()) {
        matched[it->second] = true;
        const Value& now = after->rows[it->second].value;
        if (same_value(row.value, now)) continue;
        g.after = now;
        ++d.groups_changed;
        auto x = number(row.value), y = number(now);
        if (x && y) {
          g.delta = *y - *x;
          if (*x != 0) g.relative = *g.delta / std::fabs(*x);
        }
      } else {
        ++d.groups_removed;
      }
      d.changes.push_back(std::move(g));
    }
  }
  if (after) {
    for (size_t r = 0; r < after->rows.size(); ++r) {
      if (matched[r]) continue;
      GroupChange g;
      g.dim_names = after->dim_names;
      g.dims = after->rows[r].dims;
      g.after = after->rows[r].value;
      ++d.groups_added;
      d.changes.push_back(std::move(g));
    }
  }
  d.groups_before = before ? before->rows.size() : 0;
  d.groups_after = after ? after->rows.size() : 0;
  d.values_changed = !d.changes.empty();
  for (size_t i = 0; i < d.changes.size(); ++i) {
    const auto& g = d.changes[i];
    if (g.delta && (!d.largest_absolute || std::fabs(*g.delta) > std::fabs(*d.changes[*d.largest_absolute].delta)))
      d.largest_absolute = i;
    if (g.relative &&
        (!d.largest_relative || std::fabs(*g.relative) > std::fabs(*d.changes[*d.largest_relative].relative)))
      d.largest_relative = i;
  }
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::Added: return "added";
    case Status::Removed: return "removed";
    case Status::Changed: return "changed";
    case Status::Unchanged: return "unchanged";
  }
  return "?";
}

std::string group_label(const GroupChange& g) {
  if (g.dims.empty()) return "(all)";
  std::string out;
  for (size_t i = 0; i < g.dims.size(); ++i)
    out += (i ? ", " : "") + g.dim_names[i] + " " + (g.dims[i].is_null ? "null" : output::raw_text(g.dims[i]));
  return out;
}

std::vector<MetricDiff> diff_metrics(const sema::Program& before, const RunResult& before_result,
                                     const sema::Program& after, const RunResult& after_result) {
  std::vector<MetricDiff> out;
  auto add = [&](int b, int a, const std::string& name) {
    MetricDiff d;
    d.name = name;
    if (b >= 0) {
      const auto& m = before.metrics[b];
      d.formula_before = metric_formula(before, m);
      d.unit = m.unit;
      for (const auto& dim : m.dims) d.by_before.push_back(dim.name);
    }
    if (a >= 0) {
      const auto& m = after.metrics[a];
      d.formula_after = metric_formula(after, m);
      d.unit = m.unit;
      for (const auto& dim : m.dims) d.by_after.push_back(dim.name);
    }
    if (b < 0) d.status = Status::Added;
    else if (a < 0) d.status = Status::Removed;
    else d.status = metric_meaning(before, b) == metric_meaning(after, a) ? Status::Unchanged : Status::Changed;
    if (d.status == Status::Changed) {
      for (int dep : after.metrics[a].deps) {
        int old = find_any_metric(before, after.metrics[dep].name);
        if (old < 0 || metric_meaning(before, old) != metric_meaning(after, dep))
          d.changed_uses.push_back(after.metrics[dep].name);
      }
    }
    compare_values(b >= 0 ? find_result(before_result, name) : nullptr,
                   a >= 0 ? find_result(after_result, name) : nullptr, d);
    out.push_back(std::move(d));
  };
  for (const auto& m : after.metrics)
    if (m.from_main_file) add(find_metric(before, m.name), find_metric(after, m.name), m.name);
  for (const auto& m : before.metrics)
    if (m.from_main_file && find_metric(after, m.name) < 0) add(find_metric(before, m.name), -1, m.name);
  return out;
}

}  // namespace kpic::diff
