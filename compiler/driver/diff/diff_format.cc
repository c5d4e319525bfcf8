// The three formats of `kpic diff` (see diff_format.h).
#include "compiler/driver/diff/diff_format.h"

#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/driver/output/text_table.h"
#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::diff {

namespace {

constexpr size_t kMaxGroupsShown = 20;  // table and markdown; JSON lists every changed group

bool worth_details(const MetricDiff& d) { return d.status != Status::Unchanged || d.values_changed; }

std::string summary(const std::vector<MetricDiff>& diffs) {
  size_t n[4] = {0, 0, 0, 0};
  size_t moved = 0;
  for (const auto& d : diffs) {
    ++n[static_cast<int>(d.status)];
    moved += d.values_changed && d.status != Status::Added && d.status != Status::Removed;
  }
  std::vector<std::string> parts;
  if (n[static_cast<int>(Status::Changed)]) parts.push_back(fmt::format("{} changed", n[static_cast<int>(Status::Changed)]));
  if (n[static_cast<int>(Status::Added)]) parts.push_back(fmt::format("{} added", n[static_cast<int>(Status::Added)]));
  if (n[static_cast<int>(Status::Removed)]) parts.push_back(fmt::format("{} removed", n[static_cast<int>(Status::Removed)]));
  if (n[static_cast<int>(Status::Unchanged)])
    parts.push_back(fmt::format("{} unchanged", n[static_cast<int>(Status::Unchanged)]));
  std::string out = parts.empty() ? "no metrics" : fmt::format("{}", fmt::join(parts, ", "));
  out += moved ? fmt::format("; values changed in {} metric{}", moved, moved == 1 ? "" : "s")
               : "; no values changed";
  return out;
}

std::string value_text(const std::optional<Value>& v, const std::string& unit) {
  if (!v) return "";
  if (v->is_null) return "null";
  return output::format_for_people(*v, unit);
}

std::string signed_number(double v, const std::string& unit) {
  std::string t = output::format_number(v, unit);
  return v > 0 ? "+" + t : t;
}

// The change of a group: exact for two ints (`+3`), else by the unit (`+$30.00`).
std::string delta_text(const GroupChange& g, const std::string& unit) {
  int64_t diff = 0;
  if (g.before && g.after && g.before->type == ValueType::Int && g.after->type == ValueType::Int &&
      !__builtin_sub_overflow(g.after->i, g.before->i, &diff)) {
    std::string t = output::format_for_people(Value::of_int(diff), unit);
    return diff > 0 ? "+" + t : t;
  }
  return signed_number(*g.delta, unit);
}

std::string in_group(const GroupChange& g) { return g.dims.empty() ? "" : " (" + group_label(g) + ")"; }

std::string relative_text(double r) {
  if (std::isinf(r) || std::isnan(r)) return output::shortest_double(r);
  return fmt::format("{}{:.1f}%", r > 0 ? "+" : "", r * 100);
}

std::string change_text(const GroupChange& g, const std::string& unit) {
  if (!g.before) return "(added)";
  if (!g.after) return "(removed)";
  if (!g.delta) return "";
  std::string t = delta_text(g, unit);
  if (g.relative) t += " (" + relative_text(*g.relative) + ")";
  return t;
}

std::string groups_text(const MetricDiff& d) {
  std::string out = d.status == Status::Added     ? fmt::format("{}", d.groups_after)
                    : d.status == Status::Removed ? fmt::format("{}", d.groups_before)
                                                  : fmt::format("{} → {}", d.groups_before, d.groups_after);
  if (d.status == Status::Added || d.status == Status::Removed) return out;
  std::vector<std::string> parts;
  if (d.groups_changed) parts.push_back(fmt::format("{} changed", d.groups_changed));
  if (d.groups_added) parts.push_back(fmt::format("{} added", d.groups_added));
  if (d.groups_removed) parts.push_back(fmt::format("{} removed", d.groups_removed));
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, ", "));
  return out;
}

std::string largest_abs_text(const MetricDiff& d) {
  if (!d.largest_absolute) return "";
  const auto& g = d.changes[*d.largest_absolute];
  return delta_text(g, d.unit) + in_group(g);
}

std::string largest_rel_text(const MetricDiff& d) {
  if (!d.largest_relative) return "";
  const auto& g = d.changes[*d.largest_relative];
  return relative_text(*g.relative) + in_group(g);
}

output::TextTable summary_table(const std::vector<MetricDiff>& diffs, bool only_details) {
  output::TextTable t({"metric", "status", "groups", "largest change", "largest relative change"});
  for (const auto& d : diffs) {
    if (only_details && !worth_details(d)) continue;
    output::Style st = d.status == Status::Unchanged ? output::Style::Dim
                       : d.status == Status::Added   ? output::Style::Green
                       : d.status == Status::Removed ? output::Style::Red
                                                     : output::Style::Cyan;
    t.add_row({{d.name}, {status_name(d.status), st}, {groups_text(d)}, {largest_abs_text(d)}, {largest_rel_text(d)}});
  }
  return t;
}

// The changed groups of one metric: dimension columns, before, after, change.
output::TextTable groups_table(const MetricDiff& d) {
  std::vector<std::string> names = d.changes.empty() ? std::vector<std::string>{} : d.changes.front().dim_names;
  bool same_dims = true;
  for (const auto& g : d.changes) same_dims &= g.dim_names == names;
  std::vector<std::string> header = same_dims ? names : std::vector<std::string>{"group"};
  if (header.empty()) header.push_back("group");
  size_t ndims = header.size();
  header.insert(header.end(), {"before", "after", "change"});
  output::TextTable t(header);
  for (size_t c = ndims; c < header.size(); ++c) t.align(c, output::Align::Right);
  for (size_t i = 0; i < d.changes.size() && i < kMaxGroupsShown; ++i) {
    const auto& g = d.changes[i];
    std::vector<output::Cell> row;
    if (same_dims && !g.dims.empty()) {
      for (const auto& v : g.dims) row.push_back({v.is_null ? "null" : output::raw_text(v)});
    } else {
      row.push_back({group_label(g)});
    }
    row.push_back({value_text(g.before, d.unit)});
    row.push_back({value_text(g.after, d.unit)});
    row.push_back({change_text(g, d.unit)});
    t.add_row(std::move(row));
  }
  return t;
}

std::string more_groups(const MetricDiff& d) {
  if (d.changes.size() <= kMaxGroupsShown) return "";
  return fmt::format("… and {} more groups (--format json lists them all)", d.changes.size() - kMaxGroupsShown);
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + output::json_string(v[i]);
  return out + "]";
}

std::string json_group(const GroupChange& g) {
  std::string out = "{";
  for (size_t i = 0; i < g.dims.size(); ++i)
    out += (i ? ", " : "") + output::json_string(g.dim_names[i]) + ": " + output::json_literal(g.dims[i]);
  return out + "}";
}

std::string json_number(std::optional<double> v) {
  if (!v || std::isnan(*v) || std::isinf(*v)) return "null";
  return output::shortest_double(*v);
}

std::string json_change(const GroupChange& g) {
  std::string out = "{\"group\": " + json_group(g);
  out += ", \"before\": " + (g.before ? output::json_literal(*g.before) : "null");
  out += ", \"after\": " + (g.after ? output::json_literal(*g.after) : "null");
  out += std::string(", \"group_status\": \"") + (!g.before ? "added" : !g.after ? "removed" : "changed") + "\"";
  out += ", \"change\": " + json_number(g.delta) + ", \"relative_change\": " + json_number(g.relative);
  return out + "}";
}

}  // namespace

bool any_values_changed(const std::vector<MetricDiff>& diffs) {
  for (const auto& d : diffs)
    if (d.values_changed && d.status != Status::Added && d.status != Status::Removed) return true;
  return false;
}

std::string format_diff_table(const DiffHeader& h, const std::vector<MetricDiff>& diffs, bool color) {
  std::string out = output::paint(fmt::format("kpic diff {}: {} → {}", h.file, h.before, h.after), output::Style::Bold,
                                  color);
  out += "\n" + summary(diffs) + "\n";
  if (diffs.empty()) return out;
  out += "\n" + summary_table(diffs, false).render(color);
  for (const auto& d : diffs) {
    if (!worth_details(d)) continue;
    out += "\n" + output::paint(fmt::format("{} ({})", d.name, status_name(d.status)), output::Style::Bold, color) + "\n";
    if (!d.formula_before.empty()) out += "  before: " + d.formula_before + "\n";
    if (!d.formula_after.empty()) out += "  after:  " + d.formula_after + "\n";
    if (!d.changed_uses.empty())
      out += fmt::format("  uses {}, whose meaning changed\n", fmt::join(d.changed_uses, ", "));
    if (d.status == Status::Changed && !d.values_changed) out += "  the values are the same\n";
    if (d.values_changed) out += groups_table(d).render(color, 2);
    if (d.values_changed && !more_groups(d).empty()) out += "  " + more_groups(d) + "\n";
  }
  return out;
}

std::string format_diff_markdown(const DiffHeader& h, const std::vector<MetricDiff>& diffs) {
  std::string out = fmt::format("**kpic diff** `{}`, {} → {}: {}\n", h.file, h.before, h.after, summary(diffs));
  bool any = false;
  for (const auto& d : diffs) any |= worth_details(d);
  if (!any) return out;
  out += "\n" + summary_table(diffs, true).render_markdown();
  for (const auto& d : diffs) {
    if (!worth_details(d)) continue;
    out += fmt::format("\n<details><summary><b>{}</b> ({})</summary>\n\n", d.name, status_name(d.status));
    if (!d.formula_before.empty()) out += "before:\n```\n" + d.formula_before + "\n```\n";
    if (!d.formula_after.empty()) out += "after:\n```\n" + d.formula_after + "\n```\n";
    if (!d.changed_uses.empty())
      out += fmt::format("\nUses {}, whose meaning changed.\n", fmt::join(d.changed_uses, ", "));
    if (d.values_changed) {
      out += "\n" + groups_table(d).render_markdown();
      if (!more_groups(d).empty()) out += "\n" + more_groups(d) + "\n";
    } else if (d.status == Status::Changed) {
      out += "\nThe values are the same.\n";
    }
    out += "\n</details>\n";
  }
  return out;
}

std::string format_diff_json(const DiffHeader& h, const std::vector<MetricDiff>& diffs) {
  std::string out = "{\"file\": " + output::json_string(h.file) + ", \"before\": " + output::json_string(h.before) +
                    ", \"after\": " + output::json_string(h.after) + ", \"values_changed\": " +
                    (any_values_changed(diffs) ? "true" : "false") + ", \"metrics\": [";
  for (size_t i = 0; i < diffs.size(); ++i) {
    const auto& d = diffs[i];
    out += i ? ",\n  " : "\n  ";
    out += "{\"name\": " + output::json_string(d.name) + ", \"status\": \"" + status_name(d.status) + "\"";
    out += std::string(", \"values_changed\": ") + (d.values_changed ? "true" : "false");
    if (!d.unit.empty()) out += ", \"unit\": " + output::json_string(d.unit);
    if (d.status != Status::Added)
      out += ", \"before\": {\"formula\": " + output::json_string(d.formula_before) + ", \"by\": " +
             json_strings(d.by_before) + ", \"groups\": " + std::to_string(d.groups_before) + "}";
    if (d.status != Status::Removed)
      out += ", \"after\": {\"formula\": " + output::json_string(d.formula_after) + ", \"by\": " +
             json_strings(d.by_after) + ", \"groups\": " + std::to_string(d.groups_after) + "}";
    if (!d.changed_uses.empty()) out += ", \"changed_uses\": " + json_strings(d.changed_uses);
    out += fmt::format(", \"groups_changed\": {}, \"groups_added\": {}, \"groups_removed\": {}", d.groups_changed,
                       d.groups_added, d.groups_removed);
    out += ", \"largest_change\": " + (d.largest_absolute ? json_change(d.changes[*d.largest_absolute]) : "null");
    out += ", \"largest_relative_change\": " +
           (d.largest_relative ? json_change(d.changes[*d.largest_relative]) : "null");
    out += ", \"changes\": [";
    for (size_t c = 0; c < d.changes.size(); ++c) out += (c ? ", " : "") + json_change(d.changes[c]);
    out += "]}";
  }
  out += diffs.empty() ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace kpic::diff
