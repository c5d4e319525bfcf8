// resolve_calendar, duration_us: see calendar.h.
#include "compiler/sema/calendar.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace kpic::sema {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"monday", "tuesday", "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};
constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<const char*, 3> kKeys = {"week_start", "fiscal_year_start", "time_zone"};

template <size_t N>
int index_of(const std::array<const char*, N>& names, const std::string& s) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<int>(i);
  return -1;
}

template <size_t N>
std::vector<std::string> listed(const std::array<const char*, N>& names) {
  return std::vector<std::string>(names.begin(), names.end());
}

template <size_t N>
void unknown(Diagnostics& diags, const ast::CalendarEntry& e, const std::string& what,
             const std::array<const char*, N>& names) {
  auto& d = diags.error(DiagCode::bad_calendar, e.value_range, fmt::format("unknown {} `{}`", what, e.value));
  std::string near = nearest_name(e.value, listed(names));
  d.help = near.empty() ? fmt::format("the {}s are {}", what, fmt::join(names, ", ")) : fmt::format("did you mean `{}`?", near);
}

// `field` = the 1-based position of the entry's value among `names`; false (reported) when it is none.
template <size_t N>
bool pick(Diagnostics& diags, const ast::CalendarEntry& e, const std::string& what,
          const std::array<const char*, N>& names, int& field) {
  int i = index_of(names, e.value);
  if (i < 0) {
    unknown(diags, e, what, names);
    return false;
  }
  field = i + 1;
  return true;
}

// One statement's calendar; false when an entry is wrong (reported).
bool read(const ast::CalendarDecl& c, exec::Calendar& out, Diagnostics& diags) {
  bool ok = true;
  std::vector<std::string> seen;
  for (const ast::CalendarEntry& e : c.entries) {
    if (index_of(kKeys, e.key) < 0) {
      auto& d = diags.error(DiagCode::bad_calendar, e.key_range, fmt::format("unknown calendar key `{}`", e.key));
      std::string near = nearest_name(e.key, listed(kKeys));
      d.help = near.empty() ? "the keys are week_start, fiscal_year_start and time_zone" : fmt::format("did you mean `{}`?", near);
      ok = false;
      continue;
    }
    if (std::find(seen.begin(), seen.end(), e.key) != seen.end()) {
      diags.error(DiagCode::bad_calendar, e.key_range, fmt::format("`{}` is given twice in this calendar", e.key));
      ok = false;
      continue;
    }
    seen.push_back(e.key);
    if (e.key == "week_start") {
      ok = pick(diags, e, "weekday", kWeekdays, out.week_start) && ok;
    } else if (e.key == "fiscal_year_start") {
      ok = pick(diags, e, "month", kMonths, out.fiscal_month) && ok;
    } else if (e.value == "UTC" || e.value == "Etc/UTC") {
      out.time_zone.clear();  // the default: no zone lookups
    } else if (exec::time_zone_exists(e.value)) {
      out.time_zone = e.value;
    } else {
      auto& d = diags.error(DiagCode::unknown_time_zone, e.value_range,
                            fmt::format("unknown time zone `{}`", e.value));
      std::string near = nearest_name(e.value, exec::time_zone_names());
      d.help = near.empty() ? "time zones are IANA names such as \"America/New_York\" or \"Europe/Berlin\" (the "
                              "system's tz database, /usr/share/zoneinfo)"
                            : fmt::format("did you mean \"{}\"?", near);
      ok = false;
    }
  }
  return ok;
}

}  // namespace

exec::Calendar resolve_calendar(const Unit& unit, Diagnostics& diags) {
  exec::Calendar result;
  const ast::CalendarDecl* first = nullptr;
  for (const ParsedFile& f : unit.files) {
    for (const ast::Stmt& st : f.ast.stmts) {
      if (st.kind != ast::StmtKind::Calendar || !st.calendar) continue;
      exec::Calendar c;
      if (!read(*st.calendar, c, diags)) continue;
      if (first == nullptr) {
        first = st.calendar.get();
        result = c;
      } else if (!(c == result)) {
        auto& d = diags.error(DiagCode::calendar_conflict, st.calendar->range,
                              "a second `calendar` that disagrees with the first");
        d.notes.push_back({first->range, "the program's calendar is set here"});
        d.help = "a program has one calendar: remove this one or make the two the same";
      }
    }
  }
  return result;
}

std::optional<int64_t> duration_us(const ast::Expr& e) {
  int64_t unit = e.name == "seconds"   ? 1000000LL
                 : e.name == "minutes" ? 60 * 1000000LL
                 : e.name == "hours"   ? 3600 * 1000000LL
                 : e.name == "days"    ? 86400 * 1000000LL
                                       : 7 * 86400 * 1000000LL;
  int64_t out = 0;
  if (__builtin_mul_overflow(e.int_value, unit, &out)) return std::nullopt;
  return out;
}

}  // namespace kpic::sema
