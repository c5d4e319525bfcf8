// Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian, UTC): time buckets and the
// calendar-adjacent previous bucket used by prev/growth/running_sum.
#pragma once

#include <cstdint>

#include "runtime/exec/kernel_abi.h"

namespace kpic::exec {

// Timestamps are microseconds since the epoch; dates are days. The one definition of the units, used by
// the kernels' helpers, the JIT code and the interpreter alike.
inline constexpr int64_t kUsPerSecond = 1000000;
inline constexpr int64_t kUsPerHour = 3600 * kUsPerSecond;
inline constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

CivilDate civil_from_days(int64_t days);
int64_t days_from_civil(int64_t year, int month, int day);
// Floor division of microseconds into days.
int64_t days_of_us(int64_t us);
// The first day of the bucket containing `days`. `code` is a BucketKind, with the calendar's week and
// fiscal-year starts above it (Calendar::bucket_code in calendar.h; a bare kind: weeks start on Monday,
// fiscal years in January).
int64_t bucket_days(int64_t days, int64_t code);
// The first day of the bucket before the one starting at `start`, and of the one after it.
int64_t prev_bucket(int64_t start, int64_t code);
int64_t next_bucket(int64_t start, int64_t code);
// The first day of the bucket `n` buckets before the one starting at `start` (prev(X, N); a negative `n`
// counts forward).
int64_t bucket_back(int64_t start, int64_t code, int64_t n);
// ISO day of the week of a day: 1 = Monday … 7 = Sunday (day_of_week).
int64_t iso_weekday(int64_t days);
// The hour, 0–23, of a timestamp in microseconds (hour).
int64_t hour_of_us(int64_t us);

}  // namespace kpic::exec
