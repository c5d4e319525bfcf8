// The matrix view of a cohort_retention metric in table and markdown output (cohort_matrix.cc).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/driver/output/result_grid.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/sema/program.h"

namespace kpic::output {

// Cohorts as rows (the first column headed `METRIC · cohort`; with `by`, the dimensions' columns before
// it and a row per their values and cohort), periods 0, 1, … as columns; with `sparklines`, a last column
// drawing each cohort's periods.
TextTable cohort_matrix(const sema::Program& program, const MetricResult& m, bool sparklines);

// The rows of a cohort_retention result as a matrix's (shared with the report's heat map): one per value
// of its leading dimensions (its `by` ones, then `cohort`), in the order of its sorted rows, labelled by
// `text` of each value, with its values by period.
struct CohortRows {
  std::vector<std::vector<std::string>> labels;
  std::map<std::vector<std::string>, std::map<int64_t, const Value*>> values;  // label -> period -> value
  int64_t periods = -1;                                                        // the largest period
};
CohortRows cohort_rows(const MetricResult& m, std::string (*text)(const Value&));

}  // namespace kpic::output
