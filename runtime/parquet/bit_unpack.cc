#include "runtime/parquet/bit_unpack.h"

#include <array>
#include <cstring>
#include <utility>

#ifdef __x86_64__
#include <immintrin.h>
#endif

namespace kpic::parquet {
namespace {

inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Loads up to 8 bytes at byte offset `off` of a span of `size` bytes (zero beyond its end).
inline uint64_t load64_tail(const uint8_t* in, size_t size, size_t off) {
  if (off >= size) return 0;
  if (size - off >= 8) return load64(in + off);
  uint64_t v = 0;
  std::memcpy(&v, in + off, size - off);
  return v;
}

// Slow, fully checked path for any width <= 64.
uint64_t extract(const uint8_t* in, size_t size, size_t bit, int bw) {
  if (bw == 0) return 0;
  size_t byte = bit >> 3;
  int shift = static_cast<int>(bit & 7);
  uint64_t lo = load64_tail(in, size, byte) >> shift;
  if (shift + bw > 64) lo |= load64_tail(in, size, byte + 8) << (64 - shift);
  return bw == 64 ? lo : lo & ((uint64_t{1} << bw) - 1);
}

template <int BW>
void unpack32_fixed(const uint8_t* in, size_t in_bytes, uint32_t* out, size_t n);

template <>
void unpack32_fixed<0>(const uint8_t*, size_t, uint32_t* out, size_t n) {
  if (n) std::memset(out, 0, n * sizeof(uint32_t));
}

template <int BW>
void unpack32_fixed(const uint8_t* in, size_t in_bytes, uint32_t* out, size_t n) {
  constexpr uint64_t mask = BW == 32 ? 0xffffffffull : ((uint64_t{1} << BW) - 1);
  size_t i = 0;
  // Groups of 8 values occupy BW bytes; the last load of a group reads 8 bytes from (7*BW)/8.
  constexpr size_t kSlack = (7 * BW) / 8 + 8;
  for (; i + 8 <= n && (i / 8) * BW + kSlack <= in_bytes; i += 8) {
    const uint8_t* g = in + (i / 8) * BW;
    for (int k = 0; k < 8; ++k) {
      out[i + k] = static_cast<uint32_t>((load64(g + (k * BW) / 8) >> ((k * BW) & 7)) & mask);
    }
  }
  for (; i < n; ++i) out[i] = static_cast<uint32_t>(extract(in, in_bytes, i * BW, BW));
}

#ifdef __x86_64__
// Widths 1..16 with AVX2, a group of 8 values (BW bytes) per step: the group's 16 bytes are loaded into
// both halves of a register, each 32-bit lane k gathers the bytes holding value k (a byte shuffle), shifts
// it down by its bit offset and masks it. Five instructions for eight values, against eight loads, shifts
// and masks. Value k spans bits [k*BW, k*BW + BW) of the group: its bytes lie within the 16 loaded for
// BW <= 16, and at most 4 of them are needed (offset 7 + BW <= 32 bits).
constexpr int kMaxVectorWidth = 16;

template <int BW>
struct VectorMasks {
  alignas(32) uint8_t shuffle[32];
  alignas(32) uint32_t shift[8];
  constexpr VectorMasks() : shuffle(), shift() {
    for (int k = 0; k < 8; ++k) {
      int first = (k * BW) / 8, offset = (k * BW) % 8, bytes = (offset + BW + 7) / 8;
      for (int b = 0; b < 4; ++b)  // the shuffle works within each 16-byte half, indices relative to it
        shuffle[4 * k + b] = b < bytes ? static_cast<uint8_t>(first + b) : uint8_t{0x80};  // 0x80: zero
      shift[k] = static_cast<uint32_t>(offset);
    }
  }
};

template <int BW>
[[gnu::target("avx2")]] void unpack32_avx2(const uint8_t* in, size_t in_bytes, uint32_t* out, size_t n) {
  static_assert(BW >= 1 && BW <= kMaxVectorWidth);
  static constexpr VectorMasks<BW> kMasks;
  const __m256i shuffle = _mm256_load_si256(reinterpret_cast<const __m256i*>(kMasks.shuffle));
  const __m256i shift = _mm256_load_si256(reinterpret_cast<const __m256i*>(kMasks.shift));
  const __m256i mask = _mm256_set1_epi32(static_cast<int>((uint32_t{1} << BW) - 1));
  size_t i = 0;
  for (; i + 8 <= n && (i / 8) * BW + 16 <= in_bytes; i += 8) {
    __m128i g = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + (i / 8) * BW));
    __m256i v = _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(g), shuffle);
    v = _mm256_and_si256(_mm256_srlv_epi32(v, shift), mask);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), v);
  }
  // The last groups, whose 16-byte load would pass the end: i is a multiple of 8 (a byte boundary).
  unpack32_fixed<BW>(in + (i / 8) * BW, in_bytes - (i / 8) * BW, out + i, n - i);
}
#endif

using Unpack32Fn = void (*)(const uint8_t*, size_t, uint32_t*, size_t);

template <size_t... I>
constexpr auto make_table(std::index_sequence<I...>) {
  return std::array<Unpack32Fn, sizeof...(I)>{&unpack32_fixed<static_cast<int>(I)>...};
}

constexpr auto kUnpack32 = make_table(std::make_index_sequence<33>{});

#ifdef __x86_64__
template <size_t... I>
auto make_vector_table(std::index_sequence<I...>) {
  std::array<Unpack32Fn, 33> t = kUnpack32;
  ((t[I + 1] = &unpack32_avx2<static_cast<int>(I) + 1>), ...);
  return t;
}
#endif

const std::array<Unpack32Fn, 33>& best_unpack32() {
#ifdef __x86_64__
  static const std::array<Unpack32Fn, 33> table = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? make_vector_table(std::make_index_sequence<kMaxVectorWidth>{})
                                          : kUnpack32;
  }();
  return table;
#else
  return kUnpack32;
#endif
}
}  // namespace

void unpack32(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n) {
  best_unpack32()[bit_width](in, in_bytes, out, n);
}

void unpack32_portable(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n) {
  kUnpack32[bit_width](in, in_bytes, out, n);
}

void unpack64(const uint8_t* in, size_t in_bytes, int bit_width, uint64_t* out, size_t n) {
  if (bit_width == 0) {
    if (n) std::memset(out, 0, n * sizeof(uint64_t));
    return;
  }
  if (bit_width <= 32) {
    // Reuse the specialised 32-bit kernels in slices of 256 values (a slice starts on a byte boundary).
    uint32_t narrow[256];
    for (size_t done = 0; done < n; done += 256) {
      size_t k = n - done < 256 ? n - done : 256;
      size_t off = done / 8 * bit_width;
      unpack32(in + off, in_bytes - off, bit_width, narrow, k);
      for (size_t i = 0; i < k; ++i) out[done + i] = narrow[i];
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) out[i] = extract(in, in_bytes, i * bit_width, bit_width);
}

namespace {
// Byte k of kSpread[b] is bit k of b: eight booleans from one byte with one load and one store.
constexpr std::array<uint64_t, 256> kSpread = [] {
  std::array<uint64_t, 256> t{};
  for (int b = 0; b < 256; ++b)
    for (int k = 0; k < 8; ++k) t[static_cast<size_t>(b)] |= uint64_t((b >> k) & 1) << (8 * k);
  return t;
}();
}  // namespace

void unpack_bools(const uint8_t* in, uint8_t* out, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(out + i, &kSpread[in[i / 8]], 8);
  for (; i < n; ++i) out[i] = (in[i / 8] >> (i & 7)) & 1;
}

void unpack_msb_first(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    uint32_t v = 0;
    size_t bit = i * bit_width;
    for (int b = 0; b < bit_width; ++b, ++bit) {
      size_t byte = bit >> 3;
      uint32_t bitv = byte < in_bytes ? (in[byte] >> (7 - (bit & 7))) & 1 : 0;
      v = (v << 1) | bitv;
    }
    out[i] = v;
  }
}

}  // namespace kpic::parquet
