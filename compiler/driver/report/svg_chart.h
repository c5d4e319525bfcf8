// The charts of `kpic report` as inline SVG (no script, no network): a line chart for metrics by a time
// bucket, horizontal bars for metrics by a category. Colors come from CSS classes the page styles
// (light and dark themes, print), so the SVG itself holds only geometry, text and <title> tooltips.
//
// Every drawn value is one element a test can count: `circle.point` per non-null point of a line chart,
// `rect.bar` per bar. A target is a dashed `line.target` with its label.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kpic::report {

struct LineSeries {
  std::string name;                           // "" for a metric with one series
  std::vector<std::optional<double>> values;  // one per x label; nullopt: no value (a gap in the line)
};

struct LineChart {
  std::vector<std::string> x_labels;  // time buckets, in order
  std::vector<LineSeries> series;     // at most kMaxSeries are drawn
  std::optional<double> target;
  std::string target_label;           // ">= 50%"
  std::string unit;                   // for the axis labels (output/unit_format.h)
  bool integer = false;               // the metric's values are ints: whole labels print as ints
};

struct Bar {
  std::string label;
  double value = 0;
  bool missed = false;  // misses the metric's target (drawn in the "missed" color)
};

struct BarChart {
  std::vector<Bar> bars;  // at most kMaxBars are drawn, in the given order
  std::optional<double> target;
  std::string target_label;
  std::string unit;
  bool integer = false;
};

inline constexpr size_t kMaxSeries = 8;
inline constexpr size_t kMaxBars = 40;

std::string line_chart_svg(const LineChart& chart);
std::string bar_chart_svg(const BarChart& chart);

// Text escaped for HTML and SVG (`&`, `<`, `>`, `"`, `'`).
std::string escape_html(const std::string& text);

}  // namespace kpic::report
