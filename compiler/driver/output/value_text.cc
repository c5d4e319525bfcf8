#include "compiler/driver/output/value_text.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace kpic::output {

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

// Floor division, so that instants before 1970 fall on the right day.
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days since the epoch as a time value (int64 micros for timestamps, days for dates).
double time_key(const Value& v) {
  return v.type == ValueType::Date ? static_cast<double>(v.i) * kMicrosPerDay : static_cast<double>(v.i);
}

int rank(ValueType t) {
  switch (t) {
    case ValueType::Null: return 0;
    case ValueType::Bool: return 1;
    case ValueType::Int:
    case ValueType::Float: return 2;
    case ValueType::String: return 3;
    case ValueType::Date:
    case ValueType::Timestamp: return 4;
  }
  return 0;
}

template <typename T>
int three_way(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

std::string iso_date(int64_t days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string iso_timestamp(int64_t micros) {
  int64_t days = floor_div(micros, kMicrosPerDay);
  int64_t in_day = micros - days * kMicrosPerDay;
  int64_t secs = in_day / 1'000'000;
  int64_t frac = in_day % 1'000'000;
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", iso_date(days), secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0) {
    std::string digits = fmt::format("{:06}", frac);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + "Z";
}

std::string shortest_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  return fmt::format("{}", v);
}

std::string raw_text(const Value& v) {
  if (v.is_null) return "";
  switch (v.type) {
    case ValueType::Null: return "";
    case ValueType::Bool: return v.i ? "true" : "false";
    case ValueType::Int: return fmt::format("{}", v.i);
    case ValueType::Float: return shortest_double(v.f);
    case ValueType::String: return v.s;
    case ValueType::Date: return iso_date(v.i);
    case ValueType::Timestamp: return iso_timestamp(v.i);
  }
  return "";
}

namespace {
// The length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, at most U+10FFFF), or 0.
size_t utf8_length(const std::string& s, size_t i) {
  auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned c = byte(i);
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return byte(k) >= lo && byte(k) <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}
}  // namespace

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // JSON text is UTF-8: bytes that are not (binary data read as text) become U+FFFD
      size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\\ufffd";
      } else {
        out.append(s, i, n);
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string json_literal(const Value& v) {
  if (v.is_null || v.type == ValueType::Null) return "null";
  switch (v.type) {
    case ValueType::Bool:
    case ValueType::Int: return raw_text(v);
    case ValueType::Float: return std::isfinite(v.f) ? shortest_double(v.f) : "null";
    default: return json_string(raw_text(v));
  }
}

int compare_values(const Value& a, const Value& b) {
  bool an = a.is_null || a.type == ValueType::Null;
  bool bn = b.is_null || b.type == ValueType::Null;
  if (an || bn) return three_way(an, bn);  // nulls last
  if (rank(a.type) != rank(b.type)) return three_way(rank(a.type), rank(b.type));
  switch (a.type) {
    case ValueType::Bool: return three_way(a.i, b.i);
    case ValueType::Int:
    case ValueType::Float:
      if (a.type == ValueType::Int && b.type == ValueType::Int) return three_way(a.i, b.i);
      return three_way(a.type == ValueType::Int ? static_cast<double>(a.i) : a.f,
                       b.type == ValueType::Int ? static_cast<double>(b.i) : b.f);
    case ValueType::String: return three_way(a.s.compare(b.s), 0);
    case ValueType::Date:
    case ValueType::Timestamp:
      if (a.type == b.type) return three_way(a.i, b.i);
      return three_way(time_key(a), time_key(b));
    case ValueType::Null: return 0;
  }
  return 0;
}

bool dims_less(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = compare_values(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

bool dims_equal(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (compare_values(a[i], b[i]) != 0) return false;
  }
  return true;
}

}  // namespace kpic::output
