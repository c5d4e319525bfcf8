// `kpic test`: whether an `expect METRIC OP VALUE` holds for a metric's results, and the
// expected/actual report printed when it does not.
//
// Equality: numbers compare as numbers (an int expectation matches a float result of the same value)
// within 1e-9 relative (|a − b| ≤ 1e-9 · max(|a|, |b|), or ≤ 1e-12 near zero); null equals only null;
// strings, bools, dates and timestamps exactly. `!=` is the negation of that. `<`, `<=`, `>`, `>=` hold
// only between two non-null values of comparable types (numbers, dates/timestamps, strings, bools).
// A list expectation (grouped metric) holds when it has one value per result row, in row order
// (sorted by dimension values), and each holds.
#pragma once

#include <string>
#include <vector>

#include "compiler/syntax/ast.h"
#include "runtime/exec/result.h"

namespace kpic::output {

bool values_equal(const Value& expected, const Value& actual);
bool expect_holds(ast::Op op, const Value& expected, const Value& actual);

struct ExpectCheck {
  bool ok = true;
  // On failure: the expected/actual comparison, lines indented by `indent` spaces, ending in '\n'.
  std::string report;
};

// `actual` is nullptr when the result has no metric of that name.
ExpectCheck check_expect(const std::string& metric, ast::Op op, bool is_list, const std::vector<Value>& expected,
                         const MetricResult* actual, size_t indent = 4);

// A value as a test report shows it: null, 31.5, "APAC" (quoted), 2024-01-01.
std::string test_value_text(const Value& v);

}  // namespace kpic::output
