// The HTML page of `kpic report` (see html_report.h).
#include "compiler/driver/report/html_report.h"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/driver/output/cohort_matrix.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"
#include "compiler/driver/report/svg_chart.h"

namespace kpic::report {

namespace {

constexpr size_t kMaxTableRows = 500;

const char* kStyle = R"css(
:root{--bg:#f5f6f8;--card:#fff;--text:#1c2330;--muted:#5b6573;--grid:#e2e5ea;--border:#d9dde3;
--ok:#1f7a35;--bad:#c0262d;--target:#8a5a00;--s0:#2f6fd6;--s1:#d9822b;--s2:#2a9d8f;--s3:#9c4dcc;
--s4:#c2415b;--s5:#6b8e23;--s6:#8c6d46;--s7:#5f6b7a;color-scheme:light}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#11151b;--card:#1a2029;--text:#e4e8ee;
--muted:#9aa4b1;--grid:#2b333e;--border:#2f3844;--ok:#4cc06a;--bad:#ff6b6b;--target:#e0b050;--s0:#6ea1ff;
--s1:#f0a052;--s2:#4fc4b5;--s3:#c58af0;--s4:#f07b93;--s5:#a3c95a;--s6:#c9a57a;--s7:#a0abb8;color-scheme:dark}}
:root[data-theme=dark]{--bg:#11151b;--card:#1a2029;--text:#e4e8ee;--muted:#9aa4b1;--grid:#2b333e;
--border:#2f3844;--ok:#4cc06a;--bad:#ff6b6b;--target:#e0b050;--s0:#6ea1ff;--s1:#f0a052;--s2:#4fc4b5;
--s3:#c58af0;--s4:#f07b93;--s5:#a3c95a;--s6:#c9a57a;--s7:#a0abb8;color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header{padding:20px 28px 12px;border-bottom:1px solid var(--border);display:flex;gap:16px;align-items:flex-start}
header .titles{flex:1}
h1{font-size:22px;margin:0 0 4px}
.meta{color:var(--muted);font-size:13px;margin:2px 0}
.summary{margin-top:6px;font-size:14px}
button#theme{background:var(--card);color:var(--text);border:1px solid var(--border);border-radius:6px;padding:6px 10px;cursor:pointer;font:inherit;font-size:13px}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,560px),1fr));gap:18px;padding:20px 28px 32px}
.card{background:var(--card);border:1px solid var(--border);border-radius:10px;padding:16px 18px;min-width:0}
.card.wide{grid-column:1/-1}
.card h2{font-size:17px;margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.desc{margin:4px 0 8px;color:var(--muted);white-space:pre-line}
.facts{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:13px;color:var(--muted);margin-bottom:8px}
.value{font-size:30px;font-weight:650;margin:4px 0 2px;font-variant-numeric:tabular-nums}
.value-note{font-size:13px;color:var(--muted);margin-bottom:6px}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600;border:1.5px solid}
.badge.met{color:var(--ok);border-color:var(--ok)}
.badge.missed{color:var(--bad);border-color:var(--bad)}
.badge.none{color:var(--muted);border-color:var(--border)}
svg.chart{width:100%;height:auto;display:block;margin:6px 0;overflow:visible}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .axis,svg .bar-label,svg .bar-value{fill:var(--muted);font-size:11.5px}
svg .bar-value{fill:var(--text)}
svg .series{fill:none;stroke-width:2.2}
svg .target{stroke:var(--target);stroke-width:1.6;stroke-dasharray:6 4}
svg .target-label{fill:var(--target);font-size:11px}
svg .bar{fill:var(--s0)}
svg .bar.missed{fill:var(--bad)}
.s0{stroke:var(--s0);fill:var(--s0);background:var(--s0)}.s1{stroke:var(--s1);fill:var(--s1);background:var(--s1)}
.s2{stroke:var(--s2);fill:var(--s2);background:var(--s2)}.s3{stroke:var(--s3);fill:var(--s3);background:var(--s3)}
.s4{stroke:var(--s4);fill:var(--s4);background:var(--s4)}.s5{stroke:var(--s5);fill:var(--s5);background:var(--s5)}
.s6{stroke:var(--s6);fill:var(--s6);background:var(--s6)}.s7{stroke:var(--s7);fill:var(--s7);background:var(--s7)}
svg path.series{fill:none}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;margin:0 0 6px;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid var(--grid);text-align:left}
th{color:var(--muted);font-weight:600}
td.num,th.num{text-align:right}
td.missed{color:var(--bad);font-weight:600}
.table-wrap{max-height:340px;overflow:auto}
.note{font-size:12.5px;color:var(--muted);margin:4px 0 0}
footer{padding:0 28px 24px;color:var(--muted);font-size:12.5px}
@media print{:root,:root[data-theme=dark]{--bg:#fff;--card:#fff;--text:#000;--muted:#333;--grid:#ccc;--border:#999;color-scheme:light}
button#theme{display:none}main{display:block;padding:0}.card{break-inside:avoid;margin:0 0 12px;border-color:#999}
.table-wrap{max-height:none;overflow:visible}header{padding:0 0 8px}footer{padding:8px 0}}
)css";

const char* kScript = R"js(
(function(){var b=document.getElementById('theme');if(!b)return;
b.addEventListener('click',function(){var r=document.documentElement;
var dark=r.dataset.theme?r.dataset.theme==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;
r.dataset.theme=dark?'light':'dark';});})();
)js";

bool is_time(ValueType t) { return t == ValueType::Date || t == ValueType::Timestamp; }
bool is_number(ValueType t) { return t == ValueType::Int || t == ValueType::Float; }

std::optional<double> number(const Value& v) {
  if (v.is_null) return std::nullopt;
  if (v.type == ValueType::Int) return static_cast<double>(v.i);
  if (v.type == ValueType::Float) return v.f;
  return std::nullopt;
}

std::string dim_text(const Value& v) { return v.is_null ? "null" : output::raw_text(v); }

class Page {
 public:
  Page(const sema::Program& p, const RunResult& r) : p_(p), r_(r) {
    for (const auto& m : output::missed_targets(p, r)) missed_.insert({m.metric, m.row});
  }

  std::string card(size_t index) {
    const MetricResult& m = r_.metrics[index];
    const sema::Metric* meta = output::find_metric(p_, m.name);
    std::string unit = meta ? meta->unit : "";
    std::string chart = chart_for(index, meta, unit);
    bool wide = m.rows.size() > 12 && !chart.empty();
    std::string out = fmt::format(R"(<section class="card{}" id="metric-{}" data-metric="{}">)", wide ? " wide" : "",
                                  escape_html(m.name), escape_html(m.name));
    out += "<h2>" + escape_html(m.name) + "</h2>";
    out += fmt::format(R"(<p class="desc">{}</p>)", meta && !meta->doc.empty() ? escape_html(meta->doc) : "(no description)");
    out += facts(index, meta, unit);
    out += headline(m, unit);
    out += chart;
    out += table(index, unit);
    if (!m.note.empty()) out += "<p class=\"note\">note: " + escape_html(m.note) + "</p>";
    return out + "</section>\n";
  }

  // "3 targets met · 1 missed".
  std::string target_summary() const {
    size_t met = 0, missed = 0;
    for (size_t i = 0; i < r_.metrics.size(); ++i) {
      const sema::Metric* meta = output::find_metric(p_, r_.metrics[i].name);
      if (!meta || !meta->target) continue;
      bool miss = misses(i) > 0;
      missed += miss;
      met += !miss && checked(i) > 0;
    }
    return fmt::format("{} metric{} · {} target{} met · {} missed", r_.metrics.size(), r_.metrics.size() == 1 ? "" : "s",
                       met, met == 1 ? "" : "s", missed);
  }

 private:
  size_t misses(size_t index) const {
    size_t n = 0;
    for (const auto& [m, row] : missed_) n += m == index;
    return n;
  }
  size_t checked(size_t index) const {
    size_t n = 0;
    for (size_t row : output::target_rows(r_.metrics[index])) n += !r_.metrics[index].rows[row].value.is_null;
    return n;
  }

  std::string facts(size_t index, const sema::Metric* meta, const std::string& unit) const {
    std::string out = R"(<div class="facts">)";
    if (!unit.empty()) out += "<span>unit " + escape_html(unit) + "</span>";
    if (meta && !meta->owner.empty()) out += "<span>owner " + escape_html(meta->owner) + "</span>";
    if (!r_.metrics[index].dim_names.empty()) {
      std::string by;
      for (const auto& d : r_.metrics[index].dim_names) by += (by.empty() ? "" : ", ") + d;
      out += "<span>by " + escape_html(by) + "</span>";
    }
    if (meta && meta->target) {
      std::string t = output::target_text(*meta->target, unit);
      size_t miss = misses(index), n = checked(index);
      if (miss)
        out += fmt::format(R"(<span class="badge missed" data-target="missed">✗ target {} missed{}</span>)",
                           escape_html(t), n > 1 ? fmt::format(" ({} of {})", miss, n) : "");
      else if (n)
        out += fmt::format(R"(<span class="badge met" data-target="met">✓ target {} met</span>)", escape_html(t));
      else
        out += fmt::format(R"(<span class="badge none" data-target="none">target {}: no value to check</span>)",
                           escape_html(t));
    }
    return out + "</div>";
  }

  // The big number: the value of an ungrouped metric, or the latest bucket of a single time series.
  std::string headline(const MetricResult& m, const std::string& unit) const {
    if (m.rows.empty()) return R"(<div class="value">–</div><div class="value-note">no rows</div>)";
    if (m.dim_names.empty()) {
      const Value& v = m.rows[0].value;
      return fmt::format(R"(<div class="value" data-value="{}">{}</div>)", escape_html(output::raw_text(v)),
                         v.is_null ? "–" : escape_html(output::format_for_people(v, unit)));
    }
    if (m.dim_names.size() == 1 && is_time(m.dim_types[0])) {
      const MetricRow& last = m.rows.back();
      return fmt::format(R"(<div class="value">{}</div><div class="value-note">latest {} {}</div>)",
                         last.value.is_null ? "–" : escape_html(output::format_for_people(last.value, unit)),
                         escape_html(m.dim_names[0]), escape_html(dim_text(last.dims[0])));
    }
    return "";
  }

  std::string chart_for(size_t index, const sema::Metric* meta, const std::string& unit) const {
    const MetricResult& m = r_.metrics[index];
    if (!is_number(m.type) || m.rows.empty() || m.matrix) return "";  // a matrix is its heat map (table)
    std::optional<double> target;
    std::string target_label;
    if (meta && meta->target) {
      target = meta->target->value;
      target_label = output::target_text(*meta->target, unit);
    }
    if (!m.dim_names.empty() && is_time(m.dim_types[0]) && m.dim_names.size() <= 2) {
      LineChart c;
      c.unit = unit;
      c.integer = m.type == ValueType::Int;
      c.target = target;
      c.target_label = target_label;
      std::map<std::string, size_t> x_of, series_of;
      std::vector<std::string> names;
      for (const auto& row : m.rows) {  // rows are sorted: buckets come in time order per series
        std::string x = dim_text(row.dims[0]);
        if (!x_of.count(x)) x_of[x] = 0, c.x_labels.push_back(x);
      }
      std::sort(c.x_labels.begin(), c.x_labels.end());  // ISO dates and timestamps sort as text
      for (size_t i = 0; i < c.x_labels.size(); ++i) x_of[c.x_labels[i]] = i;
      for (const auto& row : m.rows) {
        std::string s = m.dim_names.size() == 2 ? dim_text(row.dims[1]) : "";
        auto it = series_of.find(s);
        if (it == series_of.end()) {
          it = series_of.emplace(s, c.series.size()).first;
          c.series.push_back({s, std::vector<std::optional<double>>(c.x_labels.size())});
        }
        c.series[it->second].values[x_of[dim_text(row.dims[0])]] = number(row.value);
      }
      std::string out = line_chart_svg(c);
      if (c.series.size() > kMaxSeries)
        out += fmt::format(R"(<p class="note">the chart shows the first {} of {} series; the table has them all</p>)",
                           kMaxSeries, c.series.size());
      return out;
    }
    if (m.dim_names.size() == 1) {
      BarChart c;
      c.unit = unit;
      c.integer = m.type == ValueType::Int;
      c.target = target;
      c.target_label = target_label;
      for (size_t r = 0; r < m.rows.size(); ++r) {
        auto v = number(m.rows[r].value);
        if (v) c.bars.push_back({dim_text(m.rows[r].dims[0]), *v, missed_.count({index, r}) > 0});
      }
      if (c.bars.empty()) return "";
      std::string out = bar_chart_svg(c);
      if (c.bars.size() > kMaxBars)
        out += fmt::format(R"(<p class="note">the chart shows the first {} of {} groups; the table has them all</p>)",
                           kMaxBars, c.bars.size());
      return out;
    }
    return "";
  }

  // A cohort_retention metric: cohorts as rows, periods as columns, each cell shaded by its share.
  std::string heat_map(const MetricResult& m, const std::string& unit) const {
    // With `by`, the dimensions before (cohort, period) lead each row.
    const size_t lead = m.dim_names.size() >= 2 ? m.dim_names.size() - 1 : 1;
    output::CohortRows rows = output::cohort_rows(m, dim_text);
    const int64_t periods = rows.periods;
    std::string out = R"(<div class="table-wrap"><table class="heat"><thead><tr>)";
    for (size_t d = 0; d + 1 < lead; ++d) out += "<th>" + escape_html(m.dim_names[d]) + "</th>";
    out += "<th>cohort</th>";
    for (int64_t p = 0; p <= periods; ++p) out += R"(<th class="num">)" + std::to_string(p) + "</th>";
    out += "</tr></thead><tbody>";
    size_t shown = 0;
    for (const auto& label : rows.labels) {
      const auto& values = rows.values[label];
      if (++shown > kMaxTableRows) break;
      out += "<tr>";
      for (const auto& l : label) out += "<td>" + escape_html(l) + "</td>";
      for (int64_t p = 0; p <= periods; ++p) {
        auto it = values.find(p);
        auto v = it == values.end() ? std::nullopt : number(*it->second);
        if (!v) {
          out += "<td></td>";
          continue;
        }
        double alpha = std::clamp(*v / 100.0, 0.0, 1.0) * 0.85;
        out += fmt::format(R"(<td class="num" style="background:rgba(37,99,235,{:.2f}){}">{}</td>)", alpha,
                           alpha > 0.45 ? ";color:#fff" : "", escape_html(output::format_for_people(*it->second, unit)));
      }
      out += "</tr>";
    }
    out += "</tbody></table></div>";
    if (rows.labels.size() > kMaxTableRows)
      out += fmt::format(R"(<p class="note">{} of {} cohorts shown (kpic run --format csv gives them all)</p>)",
                         kMaxTableRows, rows.labels.size());
    return out;
  }

  std::string table(size_t index, const std::string& unit) const {
    const MetricResult& m = r_.metrics[index];
    if (m.matrix) return heat_map(m, unit.empty() ? "percent" : unit);
    if (m.dim_names.empty()) return "";
    std::string out = R"(<div class="table-wrap"><table><thead><tr>)";
    for (const auto& d : m.dim_names) out += "<th>" + escape_html(d) + "</th>";
    out += R"(<th class="num">)" + escape_html(m.name) + "</th></tr></thead><tbody>";
    for (size_t r = 0; r < m.rows.size() && r < kMaxTableRows; ++r) {
      out += "<tr>";
      for (const auto& v : m.rows[r].dims) out += "<td>" + escape_html(dim_text(v)) + "</td>";
      bool miss = missed_.count({index, r}) > 0;
      const Value& v = m.rows[r].value;
      out += fmt::format(R"(<td class="num{}">{}{}</td></tr>)", miss ? " missed" : "",
                         escape_html(output::format_for_people(v, unit)), miss ? " ✗" : "");
    }
    out += "</tbody></table></div>";
    if (m.rows.size() > kMaxTableRows)
      out += fmt::format(R"(<p class="note">{} of {} rows shown (kpic run --format csv gives them all)</p>)",
                         kMaxTableRows, m.rows.size());
    return out;
  }

  const sema::Program& p_;
  const RunResult& r_;
  std::set<std::pair<size_t, size_t>> missed_;  // (metric, row)
};

// JSON inside <script>: `</` must not close the element (`<\/` is the same JSON string).
std::string script_safe(std::string json) {
  for (size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3)) json.replace(at, 2, "<\\/");
  return json;
}

}  // namespace

std::string html_report(const sema::Program& program, const RunResult& result, const ReportInfo& info) {
  std::string title = info.title.empty() ? "KPI report: " + info.file : info.title;
  Page page(program, result);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"kpic " + escape_html(info.version) + "\">\n";
  out += "<title>" + escape_html(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header><div class=\"titles\"><h1>" + escape_html(title) + "</h1>\n";
  out += "<p class=\"meta\">file <code>" + escape_html(info.file) + "</code></p>\n";
  std::string data;
  for (const auto& d : info.data) data += (data.empty() ? "" : " · ") + escape_html(d);
  out += "<p class=\"meta\">data " + (data.empty() ? std::string("(none)") : data) + "</p>\n";
  out += "<p class=\"meta\">run at " + escape_html(info.generated_at) + " by kpic " + escape_html(info.version) + "</p>\n";
  out += "<p class=\"summary\">" + escape_html(page.target_summary()) + "</p></div>\n";
  out += "<button id=\"theme\" type=\"button\" title=\"switch between light and dark\">light / dark</button>\n";
  out += "</header>\n<main>\n";
  for (size_t i = 0; i < result.metrics.size(); ++i) out += page.card(i);
  out += "</main>\n<footer>The numbers are those of <code>kpic run --format json</code>, embedded below as "
         "<code>#kpic-results</code>.</footer>\n";
  out += "<script type=\"application/json\" id=\"kpic-results\">" + script_safe(output::format_json(result, &program)) +
         "</script>\n";
  out += std::string("<script>") + kScript + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace kpic::report
