// Hand-built programs and results for the output tests: every expected string in these tests is
// written out by hand from the values below.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/exec/result.h"

namespace kpic::output::testing {

inline constexpr int32_t kJan2024 = 19723;  // 2024-01-01
inline constexpr int32_t kFeb2024 = 19754;  // 2024-02-01
inline constexpr int32_t kMar2024 = 19783;  // 2024-03-01

struct Meta {
  std::string name;
  std::string unit;
  std::string doc;
  std::optional<sema::Target> target;
  std::string owner;
};

inline sema::Program program_of(const std::vector<Meta>& metas) {
  sema::Program p;
  for (const Meta& m : metas) {
    sema::Metric metric;
    metric.name = m.name;
    metric.unit = m.unit;
    metric.doc = m.doc;
    metric.target = m.target;
    metric.owner = m.owner;
    p.metrics.push_back(std::move(metric));
  }
  return p;
}

inline sema::Target target(ast::Op op, double value) {
  sema::Target t;
  t.op = op;
  t.value = value;
  return t;
}

inline MetricResult scalar(std::string name, Value v) {
  MetricResult m;
  m.name = std::move(name);
  m.type = v.type == ValueType::Null ? ValueType::Float : v.type;
  m.rows.push_back({{}, std::move(v)});
  return m;
}

inline MetricResult grouped(std::string name, std::vector<std::string> dims, std::vector<ValueType> types,
                            std::vector<MetricRow> rows, ValueType type = ValueType::Float) {
  MetricResult m;
  m.name = std::move(name);
  m.dim_names = std::move(dims);
  m.dim_types = std::move(types);
  m.type = type;
  m.rows = std::move(rows);
  return m;
}

inline Value f(double v) { return Value::of_float(v); }
inline Value i(int64_t v) { return Value::of_int(v); }
inline Value s(std::string v) { return Value::of_string(std::move(v)); }
inline Value d(int32_t days) { return Value::of_date(days); }
inline Value null_float() { return Value::null(ValueType::Float); }

// The contract's JSON example: nps 31.5 and mau by month.
inline RunResult contract_result() {
  RunResult r;
  r.metrics.push_back(scalar("nps", f(31.5)));
  r.metrics.push_back(grouped("mau", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, i(1234)}, {{d(kFeb2024)}, i(1301)}}, ValueType::Int));
  return r;
}

}  // namespace kpic::output::testing
