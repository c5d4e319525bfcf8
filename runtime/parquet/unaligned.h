// Unaligned little-endian loads and stores of fixed-width values in page buffers (memcpy, which compilers
// turn into plain moves on x86-64 and AArch64).
#pragma once

#include <cstdint>
#include <cstring>

namespace kpic::parquet {

template <typename T>
inline T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
inline void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

}  // namespace kpic::parquet
