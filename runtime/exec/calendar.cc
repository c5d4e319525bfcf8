// Time zones: see calendar.h. A zone's UTC offset holds over an interval (date::sys_info [begin, end));
// each thread remembers the last interval and local day it computed, so rows in time order cost one
// comparison, and a lookup of the zone by name happens only when the name changes.
#include "runtime/exec/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "runtime/exec/time_bucket.h"

namespace kpic::exec {
namespace {

std::mutex& zones_mutex() {
  static std::mutex m;
  return m;
}

// The zone called `name`, or nullptr; found once per name for the process.
const date::time_zone* find_zone(const std::string& name) {
  std::lock_guard<std::mutex> lock(zones_mutex());
  static std::map<std::string, const date::time_zone*> found;
  auto it = found.find(name);
  if (it != found.end()) return it->second;
  const date::time_zone* z = nullptr;
  try {
    z = date::locate_zone(name);
  } catch (...) {
    z = nullptr;  // not in the database (or no database): unknown
  }
  found.emplace(name, z);
  return z;
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

}  // namespace

bool time_zone_exists(const std::string& name) { return !name.empty() && find_zone(name) != nullptr; }

std::vector<std::string> time_zone_names() {
  std::vector<std::string> out;
  try {
    std::lock_guard<std::mutex> lock(zones_mutex());
    for (const auto& z : date::get_tzdb().zones) out.push_back(std::string(z.name()));
  } catch (...) {
    return {};
  }
  std::sort(out.begin(), out.end());
  return out;
}

int64_t local_days_of_us(int64_t us, const char* name) {
  struct Last {
    const char* name = nullptr;
    const date::time_zone* zone = nullptr;
    int64_t start = 1, end = 0, day = 0;  // UTC µs [start, end) all fall on local `day`
  };
  thread_local Last last;
  if (name == last.name && us >= last.start && us < last.end) return last.day;
  if (name != last.name) {
    last = Last{};
    last.name = name;
    last.zone = name == nullptr ? nullptr : find_zone(name);
  }
  if (last.zone == nullptr) return days_of_us(us);
  using std::chrono::seconds;
  int64_t secs = floor_div(us, kUsPerSecond);
  date::sys_info info;
  try {
    info = last.zone->get_info(date::sys_seconds{seconds{secs}});
  } catch (...) {
    return days_of_us(us);
  }
  int64_t offset_us = static_cast<int64_t>(info.offset.count()) * kUsPerSecond;
  int64_t day = days_of_us(us + offset_us);
  // The UTC span of this local day under this offset, cut to the offset's interval.
  int64_t start = day * kUsPerDay - offset_us, end = start + kUsPerDay;
  constexpr int64_t kMaxSecs = INT64_MAX / kUsPerSecond - 1;
  int64_t begin_s = info.begin.time_since_epoch().count(), end_s = info.end.time_since_epoch().count();
  if (begin_s > -kMaxSecs) start = std::max(start, begin_s * kUsPerSecond);
  if (end_s < kMaxSecs) end = std::min(end, end_s * kUsPerSecond);
  last.start = start;
  last.end = end;
  last.day = day;
  return day;
}

int64_t local_us_of_us(int64_t us, const char* name) {
  struct Last {
    const char* name = nullptr;
    const date::time_zone* zone = nullptr;
    int64_t start = 1, end = 0, offset = 0;  // UTC µs [start, end) share this offset from UTC
  };
  thread_local Last last;
  if (name == last.name && us >= last.start && us < last.end) return us + last.offset;
  if (name != last.name) {
    last = Last{};
    last.name = name;
    last.zone = name == nullptr ? nullptr : find_zone(name);
  }
  if (last.zone == nullptr) return us;
  date::sys_info info;
  try {
    info = last.zone->get_info(date::sys_seconds{std::chrono::seconds{floor_div(us, kUsPerSecond)}});
  } catch (...) {
    return us;
  }
  constexpr int64_t kMaxSecs = INT64_MAX / kUsPerSecond - 1;
  int64_t begin_s = info.begin.time_since_epoch().count(), end_s = info.end.time_since_epoch().count();
  last.offset = static_cast<int64_t>(info.offset.count()) * kUsPerSecond;
  last.start = begin_s > -kMaxSecs ? begin_s * kUsPerSecond : INT64_MIN;
  last.end = end_s < kMaxSecs ? end_s * kUsPerSecond : INT64_MAX;
  return us + last.offset;
}

}  // namespace kpic::exec
