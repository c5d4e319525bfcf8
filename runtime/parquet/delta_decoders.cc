#include "runtime/parquet/delta_decoders.h"

#include <algorithm>

#include "runtime/parquet/bit_unpack.h"
#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/rle_decoder.h"

namespace kpic::parquet {
namespace {

int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

struct DeltaHeader {
  uint64_t block_size, miniblocks, total;
  int64_t first;
};

DeltaHeader read_header(const uint8_t*& p, const uint8_t* end) {
  DeltaHeader h;
  h.block_size = read_uleb(p, end);
  h.miniblocks = read_uleb(p, end);
  h.total = read_uleb(p, end);
  h.first = unzigzag(read_uleb(p, end));
  if (h.block_size == 0 || h.block_size % 128 != 0 || h.block_size > (1u << 20) || h.miniblocks == 0 ||
      h.block_size % h.miniblocks != 0 || (h.block_size / h.miniblocks) % 32 != 0)
    corrupt("DELTA_BINARY_PACKED header has an invalid block layout");
  return h;
}

}  // namespace

size_t delta_binary_packed_count(const uint8_t* data, size_t size) {
  const uint8_t* p = data;
  return read_header(p, data + size).total;
}

const uint8_t* decode_delta_binary_packed(const uint8_t* data, size_t size, int64_t* out, size_t n) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  DeltaHeader h = read_header(p, end);
  if (h.total < n) corrupt("DELTA_BINARY_PACKED stream holds fewer values than the page");
  if (h.total == 0) return p;
  size_t per_mini = h.block_size / h.miniblocks;
  uint64_t last = static_cast<uint64_t>(h.first);
  if (n > 0) out[0] = h.first;
  uint64_t remaining = h.total - 1;  // values of the stream still to walk over (to find its end)
  size_t produced = 1;
  std::vector<uint64_t> deltas(per_mini);
  while (remaining > 0) {
    uint64_t min_delta = static_cast<uint64_t>(unzigzag(read_uleb(p, end)));
    if (static_cast<uint64_t>(end - p) < h.miniblocks) corrupt("DELTA_BINARY_PACKED block header truncated");
    const uint8_t* widths = p;
    p += h.miniblocks;
    for (uint64_t m = 0; m < h.miniblocks && remaining > 0; ++m) {
      int bw = widths[m];
      if (bw > 64) corrupt("DELTA_BINARY_PACKED miniblock bit width over 64");
      size_t take = static_cast<size_t>(std::min<uint64_t>(per_mini, remaining));
      size_t full = per_mini * bw / 8;
      size_t needed = (take * bw + 7) / 8;
      size_t avail = static_cast<size_t>(end - p);
      if (avail < needed) corrupt("DELTA_BINARY_PACKED miniblock truncated");
      size_t span = std::min(full, avail);
      if (produced < n) {
        size_t want = std::min(take, n - produced);
        unpack64(p, span, bw, deltas.data(), want);
        for (size_t i = 0; i < want; ++i) {
          last += min_delta + deltas[i];
          out[produced++] = static_cast<int64_t>(last);
        }
      }
      p += span;
      remaining -= take;
    }
  }
  return p;
}

void decode_delta_length_byte_array(const uint8_t* data, size_t size, size_t n, ByteArrays& out) {
  std::vector<int64_t> lengths(n);
  const uint8_t* p = decode_delta_binary_packed(data, size, lengths.data(), n);
  const uint8_t* end = data + size;
  out.values.resize(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t len = lengths[i];
    if (len < 0 || len > end - p) corrupt("DELTA_LENGTH_BYTE_ARRAY value runs past the end of the page");
    out.values[i] = std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
    p += len;
  }
}

void decode_delta_byte_array(const uint8_t* data, size_t size, size_t n, ByteArrays& out) {
  std::vector<int64_t> prefix(n);
  const uint8_t* p = decode_delta_binary_packed(data, size, prefix.data(), n);
  ByteArrays suffixes;
  decode_delta_length_byte_array(p, static_cast<size_t>(data + size - p), n, suffixes);
  // Size the arena first so the views stay valid.
  uint64_t total = 0;
  int64_t prev_len = 0;
  for (size_t i = 0; i < n; ++i) {
    if (prefix[i] < 0 || prefix[i] > prev_len)
      corrupt("DELTA_BYTE_ARRAY prefix longer than the previous value");
    prev_len = prefix[i] + static_cast<int64_t>(suffixes.values[i].size());
    total += static_cast<uint64_t>(prev_len);
  }
  if (total > (uint64_t{1} << 32)) corrupt("DELTA_BYTE_ARRAY values too large");
  out.arena.clear();
  out.arena.reserve(total);
  out.values.resize(n);
  size_t prev_start = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t start = out.arena.size();
    // The arena never reallocates (reserved above), so appending from its own bytes is safe.
    out.arena.append(out.arena.data() + prev_start, static_cast<size_t>(prefix[i]));
    out.arena.append(suffixes.values[i]);
    prev_start = start;
  }
  for (size_t i = 0, off = 0; i < n; ++i) {
    size_t len = static_cast<size_t>(prefix[i]) + suffixes.values[i].size();
    out.values[i] = std::string_view(out.arena.data() + off, len);
    off += len;
  }
}

}  // namespace kpic::parquet
