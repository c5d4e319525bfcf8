// Unit tests of the runtime pieces: group table, distinct sets, HyperLogLog, quantiles.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "runtime/exec/agg_objects.h"
#include "runtime/exec/group_table.h"

using namespace kpic::exec;

TEST_CASE("group table: many groups, null keys distinct from zero") {
  GroupTable t(2, 8);
  for (int64_t i = 0; i < 100000; ++i) {
    int64_t k[2] = {i % 50000, i % 3};
    char* s = t.find_or_insert(k, 0);
    ++*reinterpret_cast<int64_t*>(s);
  }
  CHECK(t.size() == 100000);  // 50000 and 3 are coprime: every i < 150000 has its own (i % 50000, i % 3)

  int64_t k0[2] = {0, 0};
  CHECK(t.find_or_insert(k0, 0) != t.find_or_insert(k0, 1));
  int64_t total = 0;
  for (size_t g = 0; g < t.size(); ++g) total += *reinterpret_cast<int64_t*>(t.state(g));
  CHECK(total == 100000);
}

TEST_CASE("distinct set is exact, including zero") {
  DistinctSet s, o;
  for (uint64_t i = 0; i < 10000; ++i) s.insert(i % 777);
  CHECK(s.size() == 777);
  for (uint64_t i = 500; i < 1000; ++i) o.insert(i);
  s.merge(o);
  CHECK(s.size() == 1000);
}

TEST_CASE("hyperloglog error stays within 3 standard errors") {
  for (uint64_t n : {10ULL, 1000ULL, 100000ULL, 1000000ULL}) {
    Hll h;
    for (uint64_t i = 0; i < n; ++i) h.insert(i * 7919 + 13);
    double rel = std::fabs(static_cast<double>(h.estimate()) - static_cast<double>(n)) / static_cast<double>(n);
    CHECK(rel < 0.0243);
  }
}

TEST_CASE("quantile_cont interpolates like SQL") {
  std::vector<double> v = {4, 1, 3, 2};
  CHECK(quantile_cont(v, 0.5) == 2.5);
  std::vector<double> w = {1, 5.5, 10, 20, 100};
  CHECK(quantile_cont(w, 0.9) == doctest::Approx(68.0));
  std::vector<double> one = {7};
  CHECK(quantile_cont(one, 0.3) == 7);
}
