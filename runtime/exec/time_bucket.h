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
// The first day of the bucket containing `days` (weeks start on Monday).
int64_t bucket_days(int64_t days, BucketKind kind);
// The first day of the bucket before the one starting at `start`.
int64_t prev_bucket(int64_t start, BucketKind kind);
// The first day of the bucket `n` buckets before the one starting at `start` (n >= 0; prev(X, N)).
int64_t bucket_back(int64_t start, BucketKind kind, int64_t n);
// ISO day of the week of a day: 1 = Monday … 7 = Sunday (day_of_week).
int64_t iso_weekday(int64_t days);
// The hour, 0–23, of a timestamp in microseconds (hour).
int64_t hour_of_us(int64_t us);

}  // namespace kpic::exec
