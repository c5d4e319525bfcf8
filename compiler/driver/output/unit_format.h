// Values formatted for people, by the metric's @unit (table and markdown output, missed-target lines).
//
//   percent, pct, %        one decimal and a % sign                      31.5%
//   usd eur gbp jpy inr    two decimals, thousands separators, symbol   $1,234.50  -€12.00  ¥3.00
//   another ISO currency   two decimals and the code after               1,234.50 CHF
//   count                  an integer with thousands separators          12,345
//   anything else / none   ints with thousands separators; floats with two decimals (three significant
//                          digits below 0.01, six above 1e15); the unit goes in the column header
// Null is "" (an empty cell). Dates, timestamps, strings and bools print as in raw_text().
#pragma once

#include <string>
#include <string_view>

#include "runtime/column/value.h"

namespace kpic::output {

enum class UnitKind { None, Percent, Money, Count, Other };

struct UnitStyle {
  UnitKind kind = UnitKind::None;
  std::string prefix;  // "$" for usd
  std::string suffix;  // "%" for percent, " CHF" for chf
};

// Case-insensitive; "" gives UnitKind::None.
UnitStyle unit_style(std::string_view unit);
// Whether a column header should name the unit (the cells do not show it): UnitKind::Other.
bool unit_in_header(std::string_view unit);

std::string format_for_people(const Value& v, std::string_view unit);
// A plain double by the same rules (for targets, which are numbers).
std::string format_number(double v, std::string_view unit);
// "1234567" -> "1,234,567" (a leading '-' and a fractional part are kept).
std::string group_thousands(const std::string& number);

}  // namespace kpic::output
