// The program's calendar (the `calendar` statement): where weeks and fiscal years start, and the time
// zone in which a timestamp's day is taken. Buckets read it as a bucket code (bucket_code: the kind and
// the calendar's start days in one integer, so a JIT kernel passes one constant), and time zones come
// from the system's tz database (/usr/share/zoneinfo, Debian's tzdata) through Howard Hinnant's date
// library (Debian's libhowardhinnant-date-dev, built with USE_OS_TZDB).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/exec/kernel_abi.h"

namespace kpic::exec {

struct Calendar {
  int week_start = 1;    // ISO weekday that starts a week: 1 = Monday … 7 = Sunday
  int fiscal_month = 1;  // month that starts a fiscal year: 1 = January … 12 = December
  std::string time_zone; // IANA name; "" = UTC

  bool operator==(const Calendar&) const = default;
  // A bucket of this calendar as one integer: the kind, (week_start − 1) << 8, (fiscal_month − 1) << 16.
  // The default calendar's codes are the bare kinds.
  int64_t bucket_code(BucketKind kind) const {
    return static_cast<int64_t>(kind) | static_cast<int64_t>(week_start - 1) << 8 |
           static_cast<int64_t>(fiscal_month - 1) << 16;
  }
};

// True when `name` is a time zone of the system's database.
bool time_zone_exists(const std::string& name);
// Every name the database knows (zones and links), sorted.
std::vector<std::string> time_zone_names();
// The local day (days since 1970-01-01) of the UTC instant `us` (µs since the epoch) in zone `name`,
// across daylight-saving changes; the UTC day when the zone is unknown.
int64_t local_days_of_us(int64_t us, const char* name);
// The local wall-clock time of the UTC instant `us` in zone `name`, as µs since 1970-01-01T00:00 local
// (for the hour and weekday of a timestamp); `us` itself when the zone is unknown.
int64_t local_us_of_us(int64_t us, const char* name);

}  // namespace kpic::exec
