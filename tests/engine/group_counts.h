// Test helper for GroupTable: state blocks holding one int64 count, and the merge that adds them.
#pragma once

#include <cstdint>
#include <cstring>

namespace kpic::test {

inline void add_counts(void*, char* dst, const char* src) {
  int64_t a, b;
  std::memcpy(&a, dst, 8);
  std::memcpy(&b, src, 8);
  a += b;
  std::memcpy(dst, &a, 8);
}

inline int64_t count_of(const char* state) {
  int64_t c;
  std::memcpy(&c, state, 8);
  return c;
}

}  // namespace kpic::test
