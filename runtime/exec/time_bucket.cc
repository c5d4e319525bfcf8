// Calendar arithmetic: see time_bucket.h. Civil-date conversions use the era-based algorithm (400-year
// cycles of 146097 days, years starting on March 1st).
#include "runtime/exec/time_bucket.h"

#include <array>
#include <cstdint>

namespace kpic::exec {
namespace {
// Day of month - 1 for every day from 1900-01-01 to 2099-12-31: month buckets of rows in random time
// order (survey responses, orders) cost one byte load instead of a civil-date conversion.
constexpr int64_t kTableFirst = -25567;  // 1900-01-01
constexpr int64_t kTableDays = 73049;    // up to 2099-12-31
const std::array<uint8_t, kTableDays>& day_of_month_table() {
  static const auto table = [] {
    std::array<uint8_t, kTableDays> t{};
    for (int64_t i = 0; i < kTableDays; ++i) t[i] = static_cast<uint8_t>(civil_from_days(kTableFirst + i).day - 1);
    return t;
  }();
  return table;
}
}  // namespace

int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

int64_t days_of_us(int64_t us) {
  constexpr int64_t kDay = 86400LL * 1000000LL;
  int64_t q = us / kDay;
  if (us % kDay < 0) --q;
  return q;
}

int64_t bucket_days(int64_t days, int64_t code) {
  const int week_start = static_cast<int>(code >> 8 & 0xff);     // 0 = Monday … 6 = Sunday
  const int fiscal_month = static_cast<int>(code >> 16 & 0xff) + 1;  // 1 = January
  switch (static_cast<BucketKind>(code & 0xff)) {
    case kBucketDay: return days;
    case kBucketWeek: {
      int64_t wd = (days + 3 - week_start) % 7;  // 1970-01-01 was a Thursday; Monday = 0
      if (wd < 0) wd += 7;
      return days - wd;
    }
    case kBucketFiscalQuarter:
    case kBucketFiscalYear: {
      CivilDate c = civil_from_days(days);
      int since = (c.month - fiscal_month + 12) % 12;  // months since the fiscal year began
      int back = static_cast<BucketKind>(code & 0xff) == kBucketFiscalYear ? since : since % 3;
      int64_t months = c.year * 12 + (c.month - 1) - back;  // the bucket's first month, counted from year 0
      int64_t y = months >= 0 ? months / 12 : (months - 11) / 12;
      return days_from_civil(y, static_cast<int>(months - y * 12) + 1, 1);
    }
    case kBucketMonth: {
      if (days >= kTableFirst && days < kTableFirst + kTableDays) return days - day_of_month_table()[days - kTableFirst];
      return days - (civil_from_days(days).day - 1);
    }
    case kBucketQuarter: {
      CivilDate c = civil_from_days(days);
      return days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    }
    case kBucketYear: return days_from_civil(civil_from_days(days).year, 1, 1);
    case kBucketKinds: break;
  }
  return days;
}

int64_t prev_bucket(int64_t start, int64_t code) {
  switch (static_cast<BucketKind>(code & 0xff)) {
    case kBucketDay: return start - 1;
    case kBucketWeek: return start - 7;
    default: return bucket_days(bucket_days(start, code) - 1, code);
  }
}

int64_t next_bucket(int64_t start, int64_t code) {
  // Past the longest bucket of each kind and short of two of the shortest: inside the next bucket.
  switch (static_cast<BucketKind>(code & 0xff)) {
    case kBucketDay: return start + 1;
    case kBucketWeek: return start + 7;
    case kBucketMonth: return bucket_days(start + 31, code);
    case kBucketQuarter:
    case kBucketFiscalQuarter: return bucket_days(start + 93, code);
    default: return bucket_days(start + 372, code);
  }
}

int64_t bucket_back(int64_t start, int64_t code, int64_t n) {
  BucketKind kind = static_cast<BucketKind>(code & 0xff);
  switch (kind) {
    case kBucketDay: return start - n;
    case kBucketWeek: return start - 7 * n;
    default: {
      // Month-based buckets (fiscal ones too) begin on the first of a month: step whole months.
      int64_t months = kind == kBucketMonth ? 1 : kind == kBucketQuarter || kind == kBucketFiscalQuarter ? 3 : 12;
      CivilDate c = civil_from_days(bucket_days(start, code));
      int64_t index = c.year * 12 + (c.month - 1) - n * months;  // months since year 0
      int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
      return days_from_civil(year, static_cast<int>(index - year * 12) + 1, 1);
    }
  }
}

int64_t iso_weekday(int64_t days) {
  int64_t wd = (days + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  if (wd < 0) wd += 7;
  return wd + 1;
}

int64_t hour_of_us(int64_t us) {
  int64_t in_day = us % kUsPerDay;
  if (in_day < 0) in_day += kUsPerDay;
  return in_day / kUsPerHour;
}

}  // namespace kpic::exec
