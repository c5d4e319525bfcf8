// `kpic report`: one self-contained HTML page of a run's results — a header (file, data, time of the
// run), a card per metric (value, unit, description, owner, target met or missed), a line chart for
// metrics by a time bucket, bars for metrics by a category, and a table beneath each chart. Styles,
// the theme switch and the charts (SVG) are inline: the page makes no network request and opens from a
// file. Light and dark themes follow the system unless switched; printing gives plain black on white.
//
// The page is built from the RunResult that `kpic run --format json` prints, and carries that JSON
// (`<script type="application/json" id="kpic-results">`) so a reader or a test can check the numbers.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/exec/result.h"

namespace kpic::report {

struct ReportInfo {
  std::string title;                 // the page title ("" = "KPI report: FILE")
  std::string file;                  // the .kpi file, as named on the command line
  std::vector<std::string> data;     // "orders: data/orders.parquet", one per bound source
  std::string generated_at;          // "2026-12-04 17:40 UTC"
  std::string version;               // kpic's version
};

std::string html_report(const sema::Program& program, const RunResult& result, const ReportInfo& info);

}  // namespace kpic::report
