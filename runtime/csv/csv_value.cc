#include "runtime/csv/csv_value.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace kpic::csv {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int month_days(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Parses YYYY-MM-DD at the start of s into days.
bool date_prefix(std::string_view s, int64_t& days) {
  int y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
  if (m < 1 || m > 12 || d < 1 || d > month_days(y, m)) return false;
  days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Shift the year to start in March so that the leap day is the last day of the year.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool is_string_null_token(std::string_view s) { return s.empty() || s == "null" || s == "NULL"; }

bool is_null_token(std::string_view s) { return is_string_null_token(s) || s == "NA"; }

bool parse_int(std::string_view s, int64_t& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '+' || s.front() == '-') return false;
  }
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_float(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '+' || s.front() == '-') return false;
  }
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    // Denormal underflow or overflow: from_chars leaves `out` unset; fall back to strtod's rounding.
    std::string copy(s);
    out = std::strtod(copy.c_str(), nullptr);
    return ptr == s.data() + s.size();
  }
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool parse_bool(std::string_view s, bool& out) {
  s = trim(s);
  if (s == "true" || s == "TRUE" || s == "True") {
    out = true;
    return true;
  }
  if (s == "false" || s == "FALSE" || s == "False") {
    out = false;
    return true;
  }
  return false;
}

bool parse_date(std::string_view s, int32_t& days) {
  s = trim(s);
  int64_t d;
  if (s.size() != 10 || !date_prefix(s, d)) return false;
  days = static_cast<int32_t>(d);
  return true;
}

bool parse_timestamp(std::string_view s, int64_t& micros) {
  s = trim(s);
  int64_t days;
  if (!date_prefix(s, days)) return false;
  int64_t us = days * 86400 * 1000000;
  if (s.size() == 10) {
    micros = us;
    return true;
  }
  if (s[10] != 'T' && s[10] != ' ') return false;
  int hh, mi, ss = 0;
  if (!digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi)) return false;
  size_t pos = 16;
  int64_t frac = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, ss)) return false;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t start = pos;
      int64_t scale = 100000;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return false;
    }
  }
  if (hh > 23 || mi > 59 || ss > 60) return false;  // 60: a leap second, read as the next second
  us += ((hh * 60 + mi) * 60 + static_cast<int64_t>(ss)) * 1000000 + frac;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh, om = 0;
      if (!digits(s, pos + 1, 2, oh)) return false;
      pos += 3;
      if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, om)) return false;
        pos += 3;
      } else if (pos + 2 <= s.size() && digits(s, pos, 2, om)) {
        pos += 2;
      }
      if (oh > 23 || om > 59) return false;
      int64_t offset = (static_cast<int64_t>(oh) * 60 + om) * 60 * 1000000;
      us += c == '+' ? -offset : offset;
    }
  }
  if (pos != s.size()) return false;
  micros = us;
  return true;
}

}  // namespace kpic::csv
