// Text -> typed value conversions of CSV fields, shared by type inference and parsing so that a type is
// inferred exactly when every value parses as it. Surrounding spaces and tabs are ignored for every type
// but string.
//   int        [+-]digits, fitting in 64 bits
//   float      decimal or scientific notation, inf, nan
//   bool       true/false, TRUE/FALSE, True/False
//   date       YYYY-MM-DD (a real calendar day)
//   timestamp  YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|+HH:MM|+HHMM|+HH], converted to microseconds UTC
//              (a fraction finer than microseconds is truncated); a bare date is midnight UTC
#pragma once

#include <cstdint>
#include <string_view>

namespace kpic::csv {

// The null tokens of a number, date, timestamp or bool column: empty, NA, null, NULL.
bool is_null_token(std::string_view s);
// The null tokens of a string column: empty, null, NULL. `NA` stays text there: it is also a code
// (North America, Namibia), and a region column must not lose those rows to null.
bool is_string_null_token(std::string_view s);

bool parse_int(std::string_view s, int64_t& out);
bool parse_float(std::string_view s, double& out);
bool parse_bool(std::string_view s, bool& out);
bool parse_date(std::string_view s, int32_t& days);
bool parse_timestamp(std::string_view s, int64_t& micros);

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace kpic::csv
