// Unit tests of the funnel state (runtime/exec/funnel.h): the id map entities live in, and a funnel's
// entities resolved across groups and threads, checked by hand.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "runtime/exec/funnel.h"

using namespace kpic::exec;

TEST_CASE("IdMap: inserts, finds, grows and visits every entry once") {
  IdMap<std::string> m;
  CHECK(m.find(7) == nullptr);
  std::map<uint64_t, std::string> want;
  for (uint64_t i = 0; i < 5000; ++i) {
    uint64_t id = i * 0x9E3779B97F4A7C15ULL;  // spread ids, 0 among them
    m[id] = std::to_string(i);
    want[id] = std::to_string(i);
  }
  m[0] += "!";  // an existing id is found, not inserted again
  want[0] += "!";
  CHECK(m.size() == 5000);
  REQUIRE(m.find(3 * 0x9E3779B97F4A7C15ULL) != nullptr);
  CHECK(*m.find(3 * 0x9E3779B97F4A7C15ULL) == "3");
  CHECK(m.find(1) == nullptr);
  std::map<uint64_t, std::string> seen;
  m.for_each([&](uint64_t id, std::string& v) { CHECK(seen.emplace(id, v).second); });
  CHECK(seen == want);
  m.reserve(100000);  // growing keeps every entry
  CHECK(m.size() == 5000);
  CHECK(*m.find(0) == "0!");
  m.release();
  CHECK(m.size() == 0);
  CHECK(m.find(0) == nullptr);
}

TEST_CASE("FunnelSet: entities credited to the group of their start, merged across threads") {
  const int64_t day = 86400000000;
  // Two groups (e.g. two months), each filled by two threads; a 3-step funnel within 10 days.
  FunnelSet jan_a(3, 10 * day), jan_b(3, 10 * day), feb_a(3, 10 * day), feb_b(3, 10 * day);
  // Entity 1: starts in January (day 1), step 2 on day 3 (other thread), step 3 in February on day 9.
  jan_a.add(1, 1 * day, 0b001);
  jan_b.add(1, 3 * day, 0b010);
  feb_a.add(1, 9 * day, 0b100);
  // Entity 2: step 2 before its start does not count; starts day 40 (February), step 2 on day 41 only.
  jan_a.add(2, 5 * day, 0b010);
  feb_b.add(2, 40 * day, 0b001);
  feb_a.add(2, 41 * day, 0b010);
  // Entity 3: starts day 2 (January), step 2 on day 20: outside the window, so only step 1.
  jan_b.add(3, 2 * day, 0b001);
  feb_b.add(3, 20 * day, 0b010);
  // Entity 4: never starts.
  feb_a.add(4, 30 * day, 0b110);
  jan_a.merge(jan_b);
  feb_a.merge(feb_b);
  FunnelSet::resolve({&jan_a, &feb_a}, [](size_t a, size_t b) { return a < b; });
  CHECK(jan_a.reached(1) == 2);  // entities 1 and 3
  CHECK(jan_a.reached(2) == 1);  // entity 1
  CHECK(jan_a.reached(3) == 1);
  CHECK(feb_a.reached(1) == 1);  // entity 2
  CHECK(feb_a.reached(2) == 1);
  CHECK(feb_a.reached(3) == 0);
}

TEST_CASE("FunnelSet: a window so long that start + window overflows still needs the step's row") {
  FunnelSet s(2, INT64_MAX);
  s.add(1, 1000, 0b01);  // starts, never does step 2
  s.add(2, 1000, 0b01);  // starts, then step 2
  s.add(2, 5000, 0b10);
  FunnelSet::resolve({&s}, [](size_t, size_t) { return false; });
  CHECK(s.reached(1) == 2);
  CHECK(s.reached(2) == 1);
}

TEST_CASE("FunnelSet: an entity's many rows are pruned to those that can still decide it") {
  const int64_t day = 86400000000;
  FunnelSet s(3, 7 * day);
  for (int64_t i = 0; i < 1000; ++i) s.add(9, (100 + i) * day, 0b110);  // steps 2 and 3 daily from day 100
  s.add(9, 50 * day, 0b001);   // starts on day 50: every later row is outside its window
  s.add(9, 103 * day, 0b001);  // an earlier start does not come; this later one is not the start
  FunnelSet::resolve({&s}, [](size_t, size_t) { return false; });
  CHECK(s.reached(1) == 1);
  CHECK(s.reached(2) == 0);
}
