// Parsing of the text inside date("...") and timestamp("...") literals into kpic Values.
#pragma once

#include <optional>
#include <string_view>

#include "runtime/column/value.h"

namespace kpic::sema {

// "YYYY-MM-DD" (a real calendar day) -> Date value; nullopt when malformed.
std::optional<Value> parse_date_literal(std::string_view text);
// "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" -> Timestamp value in UTC microseconds.
std::optional<Value> parse_timestamp_literal(std::string_view text);
// Days since 1970-01-01 of a proleptic Gregorian date (for dumps and tests).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
// "YYYY-MM-DD" of a day number, and the ISO text of a timestamp (for dumps).
std::string format_date(int64_t days);
std::string format_timestamp(int64_t micros);

}  // namespace kpic::sema
