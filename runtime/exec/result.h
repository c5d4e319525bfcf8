// What evaluating a program gives: per metric, its rows (dimension values and the metric's value),
// sorted by dimension values. Output formats (table, json, csv, markdown) and `kpic test` read this.
#pragma once

#include <string>
#include <vector>

#include "runtime/column/value.h"

namespace kpic {

struct MetricRow {
  std::vector<Value> dims;  // in the order of MetricResult::dim_names
  Value value;              // is_null for "no value" (e.g. a zero denominator)
};

struct MetricResult {
  std::string name;
  std::vector<std::string> dim_names;
  std::vector<ValueType> dim_types;
  ValueType type = ValueType::Float;
  std::vector<MetricRow> rows;  // sorted by dims (nulls last); one row when ungrouped
  std::string note;             // e.g. why a --by dimension was not applied
  // cohort_retention: the dimensions are (cohort, period); table and markdown output show the rows as a
  // matrix (cohorts as rows, periods as columns), json and csv keep them as they are.
  bool matrix = false;
};

struct RunTimings {
  double parse_ms = 0, check_ms = 0, compile_ms = 0, scan_ms = 0;
  bool cache_hit = false;
  int scan_parts = 1;        // the most parts a stage was scanned in (the memory limit)
  size_t memory_limit = 0;   // the limit that applied (0: none)
};

struct RunResult {
  std::vector<MetricResult> metrics;  // metrics of the main file, in file order
  RunTimings timings;
};

}  // namespace kpic
