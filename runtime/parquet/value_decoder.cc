// Value decoding of ChunkDecoder: every value encoding, dictionaries and the physical → kpic conversions.
#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/parquet/bit_unpack.h"
#include "runtime/parquet/chunk_decoder.h"
#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/rle_decoder.h"
#include "runtime/parquet/unaligned.h"
#include "runtime/parquet/value_convert.h"

namespace kpic::parquet {

void ChunkDecoder::consume_byte_arrays(const ByteArrays& values, uint8_t* out) {
  size_t n = values.values.size();
  switch (leaf_.conversion) {
    case Conversion::BytesToString: {
      size_t bytes = 0;
      for (std::string_view v : values.values) bytes += v.size();
      if (strings_->bytes() + bytes > UINT32_MAX)
        fail(kUnsupported, "string data of one row group exceeds 4 GiB");
      if (strings_->size() == 0) strings_->reserve(n, bytes);  // later pages grow it geometrically
      for (size_t i = 0; i < n; ++i) store<int32_t>(out + 4 * i, strings_->add(values.values[i]));
      return;
    }
    case Conversion::BytesDecimal:
      for (size_t i = 0; i < n; ++i) {
        std::string_view v = values.values[i];
        store<double>(out + 8 * i, big_endian_decimal(reinterpret_cast<const uint8_t*>(v.data()), v.size(),
                                                      leaf_.scale_divisor));
      }
      return;
    case Conversion::Float16ToFloat:
      for (size_t i = 0; i < n; ++i) {
        if (values.values[i].size() != 2) corrupt("FLOAT16 value is not 2 bytes");
        store<double>(
            out + 8 * i,
            half_to_double(load<uint16_t>(reinterpret_cast<const uint8_t*>(values.values[i].data()))));
      }
      return;
    default:
      corrupt("byte-array encoding used for a fixed-width column");
  }
}

namespace {

// PLAIN BYTE_ARRAY (4-byte little-endian length, bytes) or FIXED_LEN_BYTE_ARRAY values.
void plain_byte_arrays(const uint8_t* data, size_t size, int64_t n, int fixed, ByteArrays& out) {
  out.values.resize(static_cast<size_t>(n));
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  for (int64_t i = 0; i < n; ++i) {
    size_t len;
    if (fixed) {
      len = static_cast<size_t>(fixed);
    } else {
      if (end - p < 4) corrupt("BYTE_ARRAY value runs past the end of the page");
      len = load<uint32_t>(p);
      p += 4;
    }
    if (static_cast<size_t>(end - p) < len) corrupt("BYTE_ARRAY value runs past the end of the page");
    out.values[static_cast<size_t>(i)] = std::string_view(reinterpret_cast<const char*>(p), len);
    p += len;
  }
}

}  // namespace

void ChunkDecoder::read_dictionary(const PageHeader& h, const uint8_t* data, size_t size) {
  const DictionaryPageHeader& d = *h.dictionary_page;
  if (have_dictionary_) corrupt("column chunk has a second dictionary page");
  if (d.encoding != Encoding::Plain && d.encoding != Encoding::PlainDictionary)
    fail(kUnsupported,
         std::string("dictionary page encoding ") + to_string(d.encoding) + " is not supported");
  if (d.num_values < 0) corrupt("dictionary page has a negative value count");
  int64_t n = d.num_values;
  if (leaf_.physical == PhysicalType::ByteArray || leaf_.conversion == Conversion::BytesToString) {
    if (strings_ && strings_->size() > 0) corrupt("dictionary page after data pages");
    ByteArrays values;
    plain_byte_arrays(data, size, n, leaf_.physical == PhysicalType::FixedLenByteArray ? phys_width_ : 0,
                      values);
    if (leaf_.type == ValueType::String) {
      u32_.resize(static_cast<size_t>(n));  // codes 0..n-1, discarded: the dictionary is the page
      consume_byte_arrays(values, reinterpret_cast<uint8_t*>(u32_.data()));
    } else {
      dict_values_.resize(static_cast<size_t>(n) * width_);
      consume_byte_arrays(values, dict_values_.data());
    }
  } else if (leaf_.physical == PhysicalType::Boolean) {
    if (static_cast<size_t>((n + 7) / 8) > size) corrupt("dictionary page shorter than its values");
    dict_values_.resize(static_cast<size_t>(n));
    unpack_bools(data, dict_values_.data(), static_cast<size_t>(n));
  } else {
    if (static_cast<uint64_t>(n) * phys_width_ > size) corrupt("dictionary page shorter than its values");
    dict_values_.resize(static_cast<size_t>(n) * width_);
    convert_values(leaf_, data, n, dict_values_.data());
  }
  dict_size_ = n;
  have_dictionary_ = true;
}

namespace {

// The largest of n indices: eight independent lanes (one running maximum was a chain of dependent
// compares, half the time of a dictionary page's decode), vectorised where the CPU has AVX2.
[[gnu::target_clones("avx2", "default")]] uint32_t max_index(const uint32_t* idx, size_t n) {
  constexpr size_t kLanes = 8;
  uint32_t lanes[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (size_t k = 0; k < kLanes; ++k) lanes[k] = idx[i + k] > lanes[k] ? idx[i + k] : lanes[k];
  uint32_t max = 0;
  for (; i < n; ++i) max = idx[i] > max ? idx[i] : max;
  for (uint32_t l : lanes) max = l > max ? l : max;
  return max;
}

// out[i] = dictionary entry idx[i] (W bytes each), every index already checked against the dictionary.
template <size_t W>
void gather(const uint8_t* dict, const uint32_t* idx, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) std::memcpy(out + W * i, dict + W * size_t{idx[i]}, W);
}

}  // namespace

void ChunkDecoder::decode_dictionary_indices(const uint8_t* data, size_t size, int64_t n, uint8_t* out) {
  if (!have_dictionary_) corrupt("dictionary-encoded page without a dictionary page");
  if (size < 1) corrupt("dictionary indices missing");
  int bw = data[0];
  if (bw > 32) corrupt("dictionary index bit width over 32");
  RleDecoder dec(data + 1, size - 1, bw);
  // Writers end the page with its last run, exactly: anything else means the page was read with the wrong
  // layout (a damaged footer declaring an optional column required reads its definition levels as indices).
  // That verdict comes first, also when an index out of range was seen before the end.
  const auto check_end = [&] {
    if (!dec.ends_exactly())
      corrupt("page's dictionary indices do not end with its " + std::to_string(n) + " values");
  };
  if (leaf_.type == ValueType::String) {  // codes are the indices
    auto* idx = reinterpret_cast<uint32_t*>(out);
    dec.decode(idx, static_cast<size_t>(n));
    check_end();
    uint32_t max = max_index(idx, static_cast<size_t>(n));
    if (max >= static_cast<uint64_t>(dict_size_))
      corrupt("dictionary index " + std::to_string(max) + " out of range");
    return;
  }
  // Other columns in slices small enough to stay in the first-level cache: the indices are decoded,
  // checked and replaced by their values while still there (one pass over the page's values, not three).
  constexpr size_t kSlice = 1024;
  uint32_t idx[kSlice];
  const uint8_t* dict = dict_values_.data();
  const size_t total = static_cast<size_t>(n);
  for (size_t done = 0; done < total; done += kSlice) {
    size_t k = std::min(kSlice, total - done);
    dec.decode(idx, k);
    uint32_t max = max_index(idx, k);
    if (max >= static_cast<uint64_t>(dict_size_)) {
      for (size_t rest = done + k; rest < total; rest += kSlice) {  // the rest only for the verdicts
        uint32_t scratch[kSlice];
        size_t m = std::min(kSlice, total - rest);
        dec.decode(scratch, m);
        max = std::max(max, max_index(scratch, m));
      }
      check_end();
      corrupt("dictionary index " + std::to_string(max) + " out of range");
    }
    switch (width_) {
      case 4:
        gather<4>(dict, idx, k, out + 4 * done);
        break;
      case 8:
        gather<8>(dict, idx, k, out + 8 * done);
        break;
      default:
        gather<1>(dict, idx, k, out + done);
        break;
    }
  }
  check_end();
}

void ChunkDecoder::decode_values(Encoding enc, const uint8_t* data, size_t size, int64_t n, uint8_t* out) {
  const PhysicalType phys = leaf_.physical;
  const bool byte_arrays = phys == PhysicalType::ByteArray || (phys == PhysicalType::FixedLenByteArray &&
                                                               leaf_.conversion == Conversion::BytesToString);
  switch (enc) {
    case Encoding::Plain: {
      if (byte_arrays) {
        ByteArrays values;
        plain_byte_arrays(data, size, n, phys == PhysicalType::FixedLenByteArray ? phys_width_ : 0, values);
        return consume_byte_arrays(values, out);
      }
      if (phys == PhysicalType::Boolean) {
        if (static_cast<size_t>((n + 7) / 8) > size) corrupt("BOOLEAN values run past the end of the page");
        return unpack_bools(data, out, static_cast<size_t>(n));
      }
      if (static_cast<uint64_t>(n) * phys_width_ > size) corrupt("values run past the end of the page");
      if (static_cast<uint64_t>(n) * phys_width_ < size)  // see decode_dictionary_indices
        corrupt("page has bytes after its " + std::to_string(n) + " values");
      return convert_values(leaf_, data, n, out);
    }
    case Encoding::PlainDictionary:
    case Encoding::RleDictionary:
      return decode_dictionary_indices(data, size, n, out);
    case Encoding::Rle: {
      if (phys != PhysicalType::Boolean) break;
      if (size < 4 || load<uint32_t>(data) > size - 4)
        corrupt("RLE boolean length runs past the end of the page");
      RleDecoder dec(data + 4, load<uint32_t>(data), 1);
      u32_.resize(static_cast<size_t>(n));
      dec.decode(u32_.data(), static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) out[i] = u32_[i] & 1;
      return;
    }
    case Encoding::DeltaBinaryPacked: {
      if (phys != PhysicalType::Int32 && phys != PhysicalType::Int64) break;
      std::vector<int64_t> tmp(static_cast<size_t>(n));
      decode_delta_binary_packed(data, size, tmp.data(), static_cast<size_t>(n));
      if (phys == PhysicalType::Int64)
        return convert_values(leaf_, reinterpret_cast<const uint8_t*>(tmp.data()), n, out);
      scratch2_.resize(static_cast<size_t>(n) * 4);
      for (int64_t i = 0; i < n; ++i) store<int32_t>(scratch2_.data() + 4 * i, static_cast<int32_t>(tmp[i]));
      return convert_values(leaf_, scratch2_.data(), n, out);
    }
    case Encoding::DeltaLengthByteArray:
    case Encoding::DeltaByteArray: {
      if (phys != PhysicalType::ByteArray && phys != PhysicalType::FixedLenByteArray) break;
      ByteArrays values;
      if (enc == Encoding::DeltaLengthByteArray)
        decode_delta_length_byte_array(data, size, static_cast<size_t>(n), values);
      else
        decode_delta_byte_array(data, size, static_cast<size_t>(n), values);
      return consume_byte_arrays(values, out);
    }
    case Encoding::ByteStreamSplit: {
      if (phys == PhysicalType::ByteArray || phys == PhysicalType::Boolean) break;
      size_t k = static_cast<size_t>(phys_width_);
      if (static_cast<uint64_t>(n) * k > size)
        corrupt("BYTE_STREAM_SPLIT values run past the end of the page");
      scratch2_.resize(static_cast<size_t>(n) * k);
      uint8_t* dst = scratch2_.data();
      for (size_t b = 0; b < k; ++b) {
        const uint8_t* stream = data + b * static_cast<size_t>(n);
        for (int64_t i = 0; i < n; ++i) dst[static_cast<size_t>(i) * k + b] = stream[i];
      }
      if (byte_arrays) {
        ByteArrays values;
        plain_byte_arrays(dst, scratch2_.size(), n, phys_width_, values);
        return consume_byte_arrays(values, out);
      }
      return convert_values(leaf_, dst, n, out);
    }
    default:
      break;
  }
  fail(kUnsupported,
       std::string("encoding ") + to_string(enc) + " is not supported for " + to_string(phys) + " columns");
}

}  // namespace kpic::parquet
