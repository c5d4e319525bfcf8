// The matrix view of a cohort_retention metric in table and markdown output (cohort_matrix.cc).
#pragma once

#include "compiler/driver/output/result_grid.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/sema/program.h"

namespace kpic::output {

// Cohorts as rows (the first column headed `METRIC · cohort`), periods 0, 1, … as columns; with
// `sparklines`, a last column drawing each cohort's periods.
TextTable cohort_matrix(const sema::Program& program, const MetricResult& m, bool sparklines);

}  // namespace kpic::output
