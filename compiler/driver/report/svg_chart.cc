// Line and bar charts as SVG (see svg_chart.h).
#include "compiler/driver/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "compiler/driver/output/unit_format.h"

namespace kpic::report {

namespace {

// A value axis from lo to hi with "nice" ticks (1, 2 or 5 times a power of ten).
struct Axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
};

Axis nice_axis(double lo, double hi) {
  Axis a;
  if (!(hi > lo)) {  // one value (or none): a band around it
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.5;
    lo -= pad;
    hi += pad;
    if (lo < 0 && hi > 0 && lo > -pad) lo = 0;
  }
  double raw = (hi - lo) / 4;
  if (!std::isfinite(raw) || raw <= 0 || (hi - lo) < std::max(std::fabs(lo), std::fabs(hi)) * 1e-12) {
    a.lo = lo, a.hi = hi, a.ticks = {lo, hi};  // beyond double precision: just the ends
    return a;
  }
  double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  a.lo = std::floor(lo / step) * step;
  a.hi = std::ceil(hi / step) * step;
  for (int k = 0; k <= 12; ++k) {
    double t = a.lo + step * k;
    if (t > a.hi + step * 1e-9) break;
    a.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  }
  return a;
}

// A value as the metric's unit shows it; a whole number of an int metric without decimals.
std::string value_label(double v, const std::string& unit, bool integer) {
  if (integer && std::fabs(v) < 9e15 && v == std::floor(v))
    return output::format_for_people(Value::of_int(static_cast<int64_t>(v)), unit);
  return output::format_number(v, unit);
}

std::string num(double v) { return fmt::format("{:.1f}", v); }

std::string target_line_h(double y, double x0, double x1, const std::string& label) {
  return fmt::format(R"(<line class="target" x1="{}" y1="{}" x2="{}" y2="{}"/>)"
                     R"(<text class="target-label" x="{}" y="{}" text-anchor="end">target {}</text>)",
                     num(x0), num(y), num(x1), num(y), num(x1 - 2), num(y - 4), escape_html(label));
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string line_chart_svg(const LineChart& c) {
  const double W = 640, H = 260, left = 84, right = 16, top = 16, bottom = 44;
  size_t nseries = std::min(c.series.size(), kMaxSeries);
  double lo = INFINITY, hi = -INFINITY;
  for (size_t s = 0; s < nseries; ++s)
    for (const auto& v : c.series[s].values)
      if (v && std::isfinite(*v)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  if (c.target && std::isfinite(*c.target)) lo = std::min(lo, *c.target), hi = std::max(hi, *c.target);
  if (!std::isfinite(lo)) lo = hi = 0;
  if (lo > 0 && lo < hi * 0.5) lo = 0;  // start at zero unless the values sit far above it
  Axis axis = nice_axis(lo, hi);
  size_t n = c.x_labels.size();
  double pw = W - left - right, ph = H - top - bottom;
  auto x_of = [&](size_t i) { return n <= 1 ? left + pw / 2 : left + pw * static_cast<double>(i) / (n - 1); };
  auto y_of = [&](double v) { return top + ph * (axis.hi - v) / (axis.hi - axis.lo); };

  std::string out = fmt::format(R"(<svg class="chart line-chart" viewBox="0 0 {} {}" role="img">)", W, H);
  for (double t : axis.ticks)
    out += fmt::format(R"(<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/><text class="axis" x="{}" y="{}" text-anchor="end">{}</text>)",
                       num(left), num(y_of(t)), num(W - right), num(y_of(t)), num(left - 6), num(y_of(t) + 4),
                       escape_html(value_label(t, c.unit, c.integer)));
  size_t every = std::max<size_t>(1, (n + 7) / 8);  // at most about eight labels on the x axis
  for (size_t i = 0; i < n; ++i)
    if (i % every == 0 || i + 1 == n)
      out += fmt::format(R"(<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>)", num(x_of(i)),
                         num(H - bottom + 18), escape_html(c.x_labels[i]));
  if (c.target && std::isfinite(*c.target)) out += target_line_h(y_of(*c.target), left, W - right, c.target_label);
  for (size_t s = 0; s < nseries; ++s) {
    const auto& ser = c.series[s];
    std::string path;
    bool pen = false;
    for (size_t i = 0; i < ser.values.size() && i < n; ++i) {
      if (!ser.values[i] || !std::isfinite(*ser.values[i])) {
        pen = false;
        continue;
      }
      path += fmt::format("{}{},{} ", pen ? "L" : "M", num(x_of(i)), num(y_of(*ser.values[i])));
      pen = true;
    }
    if (!path.empty()) out += fmt::format(R"(<path class="series s{}" d="{}"/>)", s, path);
    for (size_t i = 0; i < ser.values.size() && i < n; ++i) {
      if (!ser.values[i] || !std::isfinite(*ser.values[i])) continue;
      std::string tip = (ser.name.empty() ? "" : ser.name + " · ") + c.x_labels[i] + ": " +
                        value_label(*ser.values[i], c.unit, c.integer);
      out += fmt::format(R"(<circle class="point s{}" cx="{}" cy="{}" r="3.5"><title>{}</title></circle>)", s,
                         num(x_of(i)), num(y_of(*ser.values[i])), escape_html(tip));
    }
  }
  out += "</svg>";
  if (nseries > 1 || (nseries == 1 && !c.series[0].name.empty())) {
    out += R"(<ul class="legend">)";
    for (size_t s = 0; s < nseries; ++s)
      out += fmt::format(R"(<li><span class="swatch s{}"></span>{}</li>)", s, escape_html(c.series[s].name));
    out += "</ul>";
  }
  return out;
}

std::string bar_chart_svg(const BarChart& c) {
  size_t n = std::min(c.bars.size(), kMaxBars);
  const double W = 640, left = 150, right = 90, top = 8, row = 26, bottom = 24;
  double H = top + row * static_cast<double>(n) + bottom;
  double lo = 0, hi = 0;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite(c.bars[i].value)) lo = std::min(lo, c.bars[i].value), hi = std::max(hi, c.bars[i].value);
  if (c.target && std::isfinite(*c.target)) lo = std::min(lo, *c.target), hi = std::max(hi, *c.target);
  Axis axis = nice_axis(lo, hi);
  double pw = W - left - right;
  auto x_of = [&](double v) { return left + pw * (v - axis.lo) / (axis.hi - axis.lo); };
  std::string out = fmt::format(R"(<svg class="chart bar-chart" viewBox="0 0 {} {}" role="img">)", W, num(H));
  for (double t : axis.ticks)
    out += fmt::format(R"(<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>)", num(x_of(t)), num(top), num(x_of(t)),
                       num(H - bottom));
  out += fmt::format(R"(<text class="axis" x="{}" y="{}" text-anchor="start">{}</text>)", num(x_of(axis.lo)),
                     num(H - 6), escape_html(value_label(axis.lo, c.unit, c.integer)));
  out += fmt::format(R"(<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>)", num(x_of(axis.hi)),
                     num(H - 6), escape_html(value_label(axis.hi, c.unit, c.integer)));
  for (size_t i = 0; i < n; ++i) {
    const Bar& b = c.bars[i];
    double y = top + row * static_cast<double>(i);
    double v = std::isfinite(b.value) ? b.value : 0;
    double x0 = x_of(std::min(0.0, v)), x1 = x_of(std::max(0.0, v));
    std::string label = b.label.size() > 22 ? b.label.substr(0, 21) + "…" : b.label;
    std::string value = value_label(b.value, c.unit, c.integer);
    out += fmt::format(R"(<text class="bar-label" x="{}" y="{}" text-anchor="end">{}</text>)", num(left - 8),
                       num(y + row / 2 + 4), escape_html(label));
    out += fmt::format(R"(<rect class="bar{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>)",
                       b.missed ? " missed" : "", num(x0), num(y + 4), num(std::max(x1 - x0, 1.0)), num(row - 8),
                       escape_html(b.label), escape_html(value));
    out += fmt::format(R"(<text class="bar-value" x="{}" y="{}">{}</text>)", num(x1 + 6), num(y + row / 2 + 4),
                       escape_html(value));
  }
  if (c.target && std::isfinite(*c.target)) {
    double x = x_of(*c.target);
    out += fmt::format(R"(<line class="target" x1="{}" y1="{}" x2="{}" y2="{}"/>)", num(x), num(top), num(x),
                       num(H - bottom));
    out += fmt::format(R"(<text class="target-label" x="{}" y="{}" text-anchor="middle">target {}</text>)", num(x),
                       num(H - bottom + 12), escape_html(c.target_label));
  }
  return out + "</svg>";
}

}  // namespace kpic::report
