#include "compiler/driver/output/unit_format.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

struct Unit {
  const char* name;
  UnitKind kind;
  const char* symbol;  // a currency's prefix; "" when its code is written after the amount
};

constexpr Unit kUnits[] = {
#define KPIC_UNIT(name, kind, symbol) Unit{name, UnitKind::kind, symbol},
#include "compiler/sema/units.def"
#undef KPIC_UNIT
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// v with `decimals` decimals, a tie rounded half away from zero (as round() and SQL's ROUND do): fmt
// rounds the exact binary value half to even, so 6.625, exactly representable, would show as 6.62.
std::string fixed(double v, int decimals) {
  std::string out = fmt::format("{:.{}f}", v, decimals);
  // A tie has a finite expansion ending in the 5 right after the kept digits.
  std::string exact = fmt::format("{:.{}f}", v, decimals + 24);
  size_t cut = exact.size() - 24;  // the first dropped digit
  if (exact[cut] != '5' || exact.find_first_not_of('0', cut + 1) != std::string::npos) return out;
  std::string kept = exact.substr(0, cut);
  if (!kept.empty() && kept.back() == '.') kept.pop_back();
  // Add one unit in the last kept place to the magnitude (away from zero), carrying leftwards.
  size_t i = kept.size();
  while (i-- > 0) {
    char& c = kept[i];
    if (c == '.' || c == '-') continue;
    if (c == '9') {
      c = '0';
      continue;
    }
    ++c;
    return kept;
  }
  size_t first = kept[0] == '-' ? 1 : 0;  // every digit carried: 9.995 -> 10.00
  kept.insert(first, "1");
  return kept;
}

std::string plain_float(double v) {
  if (!std::isfinite(v)) return shortest_double(v);
  double a = std::fabs(v);
  if (a != 0 && a < 0.01) return fmt::format("{:.3g}", v);
  if (a >= 1e15) return fmt::format("{:.6g}", v);
  return group_thousands(fixed(v, 2));
}

// Applies the unit's prefix/suffix around an already formatted magnitude, the sign first.
std::string decorate(std::string number, const UnitStyle& style) {
  std::string sign;
  if (!number.empty() && number[0] == '-') {
    number.erase(0, 1);
    // A value that rounds to zero shows no sign: -0.04 is `0.0%`, not `-0.0%`.
    if (number.find_first_not_of("0.,") != std::string::npos) sign = "-";
  }
  return sign + style.prefix + number + style.suffix;
}

}  // namespace

UnitStyle unit_style(std::string_view unit) {
  std::string u = lower(unit);
  if (u.empty()) return {};
  for (const Unit& x : kUnits) {
    if (u != x.name) continue;
    if (x.kind == UnitKind::Percent) return {UnitKind::Percent, "", "%"};
    if (x.kind == UnitKind::Money) {
      if (*x.symbol) return {UnitKind::Money, x.symbol, ""};
      return {UnitKind::Money, "", " " + upper(u)};
    }
    return {x.kind, "", ""};
  }
  return {UnitKind::Other, "", ""};
}

bool unit_in_header(std::string_view unit) { return unit_style(unit).kind == UnitKind::Other; }

std::string group_thousands(const std::string& number) {
  size_t start = (!number.empty() && (number[0] == '-' || number[0] == '+')) ? 1 : 0;
  size_t end = number.find_first_not_of("0123456789", start);
  if (end == std::string::npos) end = number.size();
  std::string digits = number.substr(start, end - start);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return number.substr(0, start) + grouped + number.substr(end);
}

std::string format_number(double v, std::string_view unit) {
  UnitStyle style = unit_style(unit);
  if (!std::isfinite(v)) return shortest_double(v);
  switch (style.kind) {
    case UnitKind::Percent: return decorate(group_thousands(fixed(v, 1)), style);
    case UnitKind::Money: return decorate(group_thousands(fixed(v, 2)), style);
    case UnitKind::Count:  // a mean of counts (5.625 tickets a week) keeps its decimals
      return v == std::trunc(v) && std::fabs(v) < 1e15 ? group_thousands(fmt::format("{:.0f}", v)) : plain_float(v);
    case UnitKind::None:
    case UnitKind::Other: return plain_float(v);
  }
  return plain_float(v);
}

std::string format_for_people(const Value& v, std::string_view unit) {
  if (v.is_null) return "";
  if (v.type == ValueType::Int) {
    UnitStyle style = unit_style(unit);
    std::string n = group_thousands(fmt::format("{}", v.i));
    if (style.kind == UnitKind::Money) return decorate(group_thousands(fmt::format("{}.00", v.i)), style);
    return style.kind == UnitKind::Percent ? decorate(n, style) : n;
  }
  if (v.type == ValueType::Float) return format_number(v.f, unit);
  return raw_text(v);
}

}  // namespace kpic::output
