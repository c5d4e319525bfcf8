#include "runtime/parquet/thrift_compact.h"

#include <cstring>

#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {

void ThriftReader::need(size_t n) const {
  if (static_cast<size_t>(end_ - p_) < n) corrupt("metadata truncated (Thrift value runs past the end)");
}

uint8_t ThriftReader::read_u8() {
  need(1);
  return *p_++;
}

uint64_t ThriftReader::read_varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t b = read_u8();
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  corrupt("metadata has an over-long Thrift varint");
}

static int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

ThriftType ThriftReader::checked_type(uint8_t nibble) {
  if (nibble > static_cast<uint8_t>(ThriftType::Uuid))
    corrupt("metadata has an unknown Thrift type " + std::to_string(nibble));
  return static_cast<ThriftType>(nibble);
}

void ThriftReader::begin_struct() {
  if (depth_ >= kMaxDepth) corrupt("metadata nests too deeply");
  last_id_stack_[++depth_] = 0;
}

void ThriftReader::end_struct() { --depth_; }

std::optional<ThriftField> ThriftReader::next_field() {
  uint8_t b = read_u8();
  if (b == 0) return std::nullopt;
  ThriftType type = checked_type(b & 0x0f);
  int16_t& last = last_id_stack_[depth_];
  int delta = b >> 4;
  int16_t id = delta ? static_cast<int16_t>(last + delta) : static_cast<int16_t>(unzigzag(read_varint()));
  // Writers emit a struct's fields in increasing id order: anything else is a damaged field header.
  if (id <= last) corrupt("metadata has Thrift field " + std::to_string(id) + " after field " + std::to_string(last));
  last = id;
  return ThriftField{id, type};
}

bool ThriftReader::read_bool(const ThriftField& f) {
  if (f.type != ThriftType::BoolTrue && f.type != ThriftType::BoolFalse) skip(f.type);
  return f.type == ThriftType::BoolTrue;
}

bool ThriftReader::read_bool_elem() { return read_u8() == 1; }
int8_t ThriftReader::read_byte() { return static_cast<int8_t>(read_u8()); }
int16_t ThriftReader::read_i16() { return static_cast<int16_t>(unzigzag(read_varint())); }
int32_t ThriftReader::read_i32() { return static_cast<int32_t>(unzigzag(read_varint())); }
int64_t ThriftReader::read_i64() { return unzigzag(read_varint()); }

double ThriftReader::read_double() {
  need(8);
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(p_[i]) << (8 * i);
  p_ += 8;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

std::string ThriftReader::read_binary() {
  uint64_t n = read_varint();
  need(n);
  std::string s(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return s;
}

ThriftList ThriftReader::read_list_header() {
  uint8_t b = read_u8();
  uint64_t size = b >> 4;
  if (size == 15) size = read_varint();
  ThriftType elem = checked_type(b & 0x0f);
  // Every element takes at least one byte: a larger count is corrupt (and would make callers over-allocate).
  if (size > static_cast<uint64_t>(end_ - p_)) corrupt("metadata list longer than the metadata itself");
  return {elem, static_cast<uint32_t>(size)};
}

void ThriftReader::skip(ThriftType type) {
  switch (type) {
    case ThriftType::BoolTrue:
    case ThriftType::BoolFalse:
      return;  // field bools carry their value in the header
    case ThriftType::Byte:
      read_u8();
      return;
    case ThriftType::I16:
    case ThriftType::I32:
    case ThriftType::I64:
      read_varint();
      return;
    case ThriftType::Double:
      need(8);
      p_ += 8;
      return;
    case ThriftType::Uuid:
      need(16);
      p_ += 16;
      return;
    case ThriftType::Binary: {
      uint64_t n = read_varint();
      need(n);
      p_ += n;
      return;
    }
    case ThriftType::List:
    case ThriftType::Set: {
      if (depth_ >= kMaxDepth) corrupt("metadata nests too deeply");
      ++depth_;
      ThriftList l = read_list_header();
      for (uint32_t i = 0; i < l.size; ++i) {
        if (l.elem == ThriftType::BoolTrue || l.elem == ThriftType::BoolFalse)
          read_u8();
        else
          skip(l.elem);
      }
      --depth_;
      return;
    }
    case ThriftType::Map: {
      if (depth_ >= kMaxDepth) corrupt("metadata nests too deeply");
      ++depth_;
      uint64_t n = read_varint();
      if (n > static_cast<uint64_t>(end_ - p_)) corrupt("metadata map longer than the metadata itself");
      if (n > 0) {
        uint8_t kv = read_u8();
        ThriftType k = checked_type(kv >> 4), v = checked_type(kv & 0x0f);
        for (uint64_t i = 0; i < n; ++i) {
          if (k == ThriftType::BoolTrue || k == ThriftType::BoolFalse)
            read_u8();
          else
            skip(k);
          if (v == ThriftType::BoolTrue || v == ThriftType::BoolFalse)
            read_u8();
          else
            skip(v);
        }
      }
      --depth_;
      return;
    }
    case ThriftType::Struct:
      begin_struct();
      while (auto f = next_field()) skip(f->type);
      end_struct();
      return;
    case ThriftType::Stop:
      corrupt("metadata has a misplaced Thrift STOP");
  }
}

}  // namespace kpic::parquet
