#include "compiler/driver/output/test_report.h"

#include <algorithm>
#include <cmath>

#include "compiler/driver/output/targets.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

bool is_null(const Value& v) { return v.is_null || v.type == ValueType::Null; }
double num(const Value& v) { return v.type == ValueType::Int ? static_cast<double>(v.i) : v.f; }

bool comparable(const Value& a, const Value& b) {
  if (is_numeric(a.type) && is_numeric(b.type)) return true;
  if (is_temporal(a.type) && is_temporal(b.type)) return true;
  return a.type == b.type && (a.type == ValueType::String || a.type == ValueType::Bool);
}

// "31.5", or "> 5" when the comparison is not ==.
std::string expected_text(ast::Op op, const Value& v) {
  std::string text = test_value_text(v);
  return op == ast::Op::Eq ? text : std::string(ast::op_spelling(op)) + " " + text;
}

std::string margin(size_t indent) { return std::string(indent, ' '); }

ExpectCheck check_scalar(const std::string& metric, ast::Op op, const Value& expected, const MetricResult& actual,
                         size_t indent) {
  ExpectCheck out;
  std::string actual_text;
  if (!actual.dim_names.empty()) {
    out.ok = false;
    std::string dims;
    for (const std::string& d : actual.dim_names) dims += (dims.empty() ? "" : ", ") + d;
    out.report = margin(indent) + metric + " is grouped by " + dims + ": expect a list, one value per row\n";
    return out;
  }
  if (actual.rows.empty()) {
    out.ok = false;
    actual_text = "(no value)";
  } else {
    out.ok = expect_holds(op, expected, actual.rows[0].value);
    actual_text = test_value_text(actual.rows[0].value);
  }
  if (!out.ok) {
    out.report = margin(indent) + "expected: " + expected_text(op, expected) + "\n" + margin(indent) +
                 "actual:   " + actual_text + "\n";
  }
  return out;
}

ExpectCheck check_list(ast::Op op, const std::vector<Value>& expected, const MetricResult& actual, size_t indent) {
  ExpectCheck out;
  std::vector<std::string> header = actual.dim_names;
  if (header.empty()) header.push_back("row");
  header.push_back("expected");
  header.push_back("actual");
  TextTable table(header);
  size_t n = std::max(expected.size(), actual.rows.size());
  for (size_t r = 0; r < n; ++r) {
    std::vector<Cell> row;
    bool have_actual = r < actual.rows.size();
    bool have_expected = r < expected.size();
    if (actual.dim_names.empty()) {
      row.push_back({std::to_string(r + 1)});
    } else {
      for (size_t d = 0; d < actual.dim_names.size(); ++d) {
        row.push_back({have_actual ? test_value_text(actual.rows[r].dims[d]) : "-"});
      }
    }
    row.push_back({have_expected ? expected_text(op, expected[r]) : "(no value)"});
    row.push_back({have_actual ? test_value_text(actual.rows[r].value) : "(no row)"});
    bool holds = have_actual && have_expected && expect_holds(op, expected[r], actual.rows[r].value);
    if (!holds) {
      out.ok = false;
      row.back().text += "  ✗";
    }
    table.add_row(std::move(row));
  }
  if (!out.ok) out.report = table.render(false, indent);
  return out;
}

}  // namespace

std::string test_value_text(const Value& v) {
  if (is_null(v)) return "null";
  if (v.type == ValueType::String) return json_string(v.s);
  return raw_text(v);
}

bool values_equal(const Value& expected, const Value& actual) {
  if (is_null(expected) || is_null(actual)) return is_null(expected) && is_null(actual);
  if (is_numeric(expected.type) && is_numeric(actual.type)) {
    if (expected.type == ValueType::Int && actual.type == ValueType::Int) return expected.i == actual.i;
    double a = num(expected);
    double b = num(actual);
    if (a == b) return true;
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    double diff = std::fabs(a - b);
    return diff <= std::max(1e-9 * std::max(std::fabs(a), std::fabs(b)), 1e-12);
  }
  if (!comparable(expected, actual)) return false;
  return compare_values(expected, actual) == 0;
}

bool expect_holds(ast::Op op, const Value& expected, const Value& actual) {
  switch (op) {
    case ast::Op::Eq: return values_equal(expected, actual);
    case ast::Op::Ne: return !values_equal(expected, actual);
    default: break;
  }
  if (is_null(expected) || is_null(actual) || !comparable(expected, actual)) return false;
  // Within the tolerance, values count as equal for <= and >= and as not ordered for < and >.
  int c = values_equal(expected, actual) ? 0 : compare_values(actual, expected);
  switch (op) {
    case ast::Op::Lt: return c < 0;
    case ast::Op::Le: return c <= 0;
    case ast::Op::Gt: return c > 0;
    case ast::Op::Ge: return c >= 0;
    default: return false;
  }
}

ExpectCheck check_expect(const std::string& metric, ast::Op op, bool is_list, const std::vector<Value>& expected,
                         const MetricResult* actual, size_t indent) {
  if (!actual) return {false, margin(indent) + "no result for metric `" + metric + "`\n"};
  if (is_list) return check_list(op, expected, *actual, indent);
  return check_scalar(metric, op, expected.empty() ? Value::null() : expected[0], *actual, indent);
}

}  // namespace kpic::output
