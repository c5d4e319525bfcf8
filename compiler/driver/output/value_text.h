// Values as text for machines (JSON, CSV, `kpic test` diffs) and the one ordering of dimension values
// that every output format and the engine agree on (nulls last).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/column/value.h"

namespace kpic::output {

std::string iso_date(int64_t days);             // "2024-01-31"
std::string iso_timestamp(int64_t micros);      // "2024-01-31T12:00:00Z" ("...:00.25Z" with a fraction)
std::string shortest_double(double v);          // shortest text that reads back as the same double
// The value as a machine reads it: ints as ints, floats at full precision, true/false, strings as they
// are, dates and timestamps in ISO 8601; "" for null. NaN and infinities are "NaN", "inf", "-inf".
std::string raw_text(const Value& v);
// The value as a JSON literal: numbers as numbers (NaN and infinities as null), null, quoted strings.
std::string json_literal(const Value& v);
std::string json_string(const std::string& s);  // quoted and escaped

// Total order of values of one dimension: numbers by value (int and float compared as numbers),
// strings by bytes, false < true, dates and timestamps by time; nulls last. Returns <0, 0, >0.
int compare_values(const Value& a, const Value& b);
// Lexicographic order of dimension tuples by compare_values.
bool dims_less(const std::vector<Value>& a, const std::vector<Value>& b);
bool dims_equal(const std::vector<Value>& a, const std::vector<Value>& b);

}  // namespace kpic::output
