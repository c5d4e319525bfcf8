// The calendar's buckets (runtime/exec/time_bucket.cc, calendar.cc): week starts, a fiscal year starting
// in each month, and local days across daylight-saving changes, against hand-computed dates.
#include <doctest/doctest.h>

#include "runtime/exec/calendar.h"
#include "runtime/exec/time_bucket.h"

namespace {
using namespace kpic::exec;

int64_t day(int64_t y, int m, int d) { return days_from_civil(y, m, d); }

int64_t code(BucketKind k, int week_start, int fiscal_month) {
  Calendar c;
  c.week_start = week_start;
  c.fiscal_month = fiscal_month;
  return c.bucket_code(k);
}

int64_t utc(int64_t y, int m, int d, int hh, int mm, int ss) {
  return (day(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss) * kUsPerSecond;
}
}  // namespace

TEST_CASE("week starts") {
  // 2023-01-01 is a Sunday.
  CHECK(bucket_days(day(2022, 12, 31), code(kBucketWeek, 7, 1)) == day(2022, 12, 25));
  CHECK(bucket_days(day(2023, 1, 1), code(kBucketWeek, 7, 1)) == day(2023, 1, 1));
  CHECK(bucket_days(day(2023, 1, 7), code(kBucketWeek, 7, 1)) == day(2023, 1, 1));
  CHECK(bucket_days(day(2023, 1, 1), code(kBucketWeek, 1, 1)) == day(2022, 12, 26));
  CHECK(bucket_days(day(2023, 1, 1), code(kBucketWeek, 6, 1)) == day(2022, 12, 31));  // Saturday
  CHECK(bucket_days(day(2023, 1, 1), code(kBucketWeek, 3, 1)) == day(2022, 12, 28));  // Wednesday
  CHECK(bucket_days(day(1969, 12, 28), code(kBucketWeek, 7, 1)) == day(1969, 12, 28));  // before the epoch
  CHECK(prev_bucket(day(2023, 1, 1), code(kBucketWeek, 7, 1)) == day(2022, 12, 25));
  CHECK(code(kBucketWeek, 1, 1) == kBucketWeek);  // the default calendar's codes are the bare kinds
}

TEST_CASE("a fiscal year starting in each month") {
  // 2024-02-10 with the fiscal year starting in month F (1..12): the fiscal year begins on F/1 of 2024
  // when F <= 2, else of 2023; its quarters begin in F, F+3, F+6, F+9.
  const int64_t x = day(2024, 2, 10);
  const int64_t fy[12] = {day(2024, 1, 1), day(2024, 2, 1), day(2023, 3, 1),  day(2023, 4, 1),
                          day(2023, 5, 1), day(2023, 6, 1), day(2023, 7, 1),  day(2023, 8, 1),
                          day(2023, 9, 1), day(2023, 10, 1), day(2023, 11, 1), day(2023, 12, 1)};
  const int64_t fq[12] = {day(2024, 1, 1),  day(2024, 2, 1), day(2023, 12, 1), day(2024, 1, 1),
                          day(2024, 2, 1),  day(2023, 12, 1), day(2024, 1, 1), day(2024, 2, 1),
                          day(2023, 12, 1), day(2024, 1, 1), day(2024, 2, 1), day(2023, 12, 1)};
  for (int f = 1; f <= 12; ++f) {
    CAPTURE(f);
    CHECK(bucket_days(x, code(kBucketFiscalYear, 1, f)) == fy[f - 1]);
    CHECK(bucket_days(x, code(kBucketFiscalQuarter, 1, f)) == fq[f - 1]);
    // The first day of each bucket is its own bucket; the day before is in the previous one.
    CHECK(bucket_days(fy[f - 1], code(kBucketFiscalYear, 1, f)) == fy[f - 1]);
    CHECK(prev_bucket(fy[f - 1], code(kBucketFiscalYear, 1, f)) == bucket_days(fy[f - 1] - 1, code(kBucketFiscalYear, 1, f)));
    CHECK(next_bucket(fq[f - 1], code(kBucketFiscalQuarter, 1, f)) == bucket_days(fq[f - 1] + 92, code(kBucketFiscalQuarter, 1, f)));
  }
  // January start: the calendar's quarters and years.
  for (int64_t d = day(2023, 11, 1); d < day(2024, 3, 1); ++d) {
    CHECK(bucket_days(d, code(kBucketFiscalYear, 1, 1)) == bucket_days(d, kBucketYear));
    CHECK(bucket_days(d, code(kBucketFiscalQuarter, 1, 1)) == bucket_days(d, kBucketQuarter));
  }
}

TEST_CASE("local days across daylight-saving changes") {
  const char* ny = "America/New_York";
  const char* berlin = "Europe/Berlin";
  REQUIRE(time_zone_exists(ny));
  REQUIRE(time_zone_exists(berlin));
  CHECK(!time_zone_exists("America/NewYork"));
  // New York, 2024-03-10: EST (-5) until 07:00 UTC, then EDT (-4).
  CHECK(local_days_of_us(utc(2024, 3, 10, 4, 59, 59), ny) == day(2024, 3, 9));
  CHECK(local_days_of_us(utc(2024, 3, 10, 5, 0, 0), ny) == day(2024, 3, 10));
  CHECK(local_days_of_us(utc(2024, 3, 11, 3, 59, 59), ny) == day(2024, 3, 10));
  CHECK(local_days_of_us(utc(2024, 3, 11, 4, 0, 0), ny) == day(2024, 3, 11));
  // 2024-11-03: EDT until 06:00 UTC, then EST: the local day lasts 25 hours.
  CHECK(local_days_of_us(utc(2024, 11, 3, 3, 59, 59), ny) == day(2024, 11, 2));
  CHECK(local_days_of_us(utc(2024, 11, 3, 4, 0, 0), ny) == day(2024, 11, 3));
  CHECK(local_days_of_us(utc(2024, 11, 4, 4, 59, 59), ny) == day(2024, 11, 3));
  CHECK(local_days_of_us(utc(2024, 11, 4, 5, 0, 0), ny) == day(2024, 11, 4));
  // Alternating zones and going back in time (the per-thread memory of the last day must not leak).
  CHECK(local_days_of_us(utc(2024, 3, 30, 23, 0, 0), berlin) == day(2024, 3, 31));
  CHECK(local_days_of_us(utc(2024, 3, 30, 23, 0, 0), ny) == day(2024, 3, 30));
  CHECK(local_days_of_us(utc(2024, 3, 31, 21, 59, 59), berlin) == day(2024, 3, 31));
  CHECK(local_days_of_us(utc(2024, 3, 31, 22, 0, 0), berlin) == day(2024, 4, 1));
  CHECK(local_days_of_us(utc(2024, 10, 27, 22, 59, 59), berlin) == day(2024, 10, 27));
  CHECK(local_days_of_us(utc(2024, 10, 27, 23, 0, 0), berlin) == day(2024, 10, 28));
  CHECK(local_days_of_us(utc(2024, 10, 26, 21, 59, 59), berlin) == day(2024, 10, 26));
  // Before the epoch, and an unknown zone (UTC days).
  CHECK(local_days_of_us(utc(1969, 12, 31, 23, 0, 0), berlin) == day(1970, 1, 1));
  CHECK(local_days_of_us(utc(2024, 3, 10, 4, 0, 0), "Nowhere/Zone") == day(2024, 3, 10));
}
