// Columnar batches: what the readers produce and the JIT kernels consume.
//
// A Column holds `length` values of one ValueType in a contiguous buffer (see type_width) and a validity
// bitmap (bit i set = row i is not null; an empty bitmap means no nulls). Strings are int32 codes into a
// Dictionary shared by the batches of one column chunk; a Parquet dictionary page becomes the Dictionary
// directly. Dictionary entries need not be distinct (a chunk whose pages fall back to plain encoding may
// repeat values); consumers translate codes once per dictionary, never per row.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/column/schema.h"

namespace kpic {

// Strings of one dictionary, stored back to back. Immutable once shared.
class Dictionary {
 public:
  int32_t size() const { return static_cast<int32_t>(offsets_.size()) - 1; }
  std::string_view at(int32_t code) const {
    return std::string_view(data_.data() + offsets_[code], offsets_[code + 1] - offsets_[code]);
  }
  void reserve(size_t n, size_t bytes) {
    offsets_.reserve(n + 1);
    data_.reserve(bytes);
  }
  int32_t add(std::string_view s) {
    data_.append(s.data(), s.size());
    offsets_.push_back(static_cast<uint32_t>(data_.size()));
    return size() - 1;
  }
  size_t bytes() const { return data_.size(); }

 private:
  std::string data_;
  std::vector<uint32_t> offsets_{0};
};

// An allocator's construct() that leaves a value-initialised element unwritten: `resize(n)` of a vector
// using it adds elements without writing them (`resize(n, 0)` still zeroes them). For buffers whose
// writer fills every element, so that they are not cleared first.
struct DefaultInitConstruct {
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// std::allocator with DefaultInitConstruct (the Parquet decoder's column buffers: clearing them was 8% of
// a dictionary column's scan).
template <typename T>
struct UninitAllocator : std::allocator<T>, DefaultInitConstruct {
  template <typename U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <typename U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
};

struct Column {
  ValueType type = ValueType::Int;
  int64_t length = 0;
  // length * type_width(type) bytes, 8-byte aligned by the allocator. resize(n) leaves new bytes unwritten.
  std::vector<uint8_t, UninitAllocator<uint8_t>> values;
  std::vector<uint64_t> validity;  // empty = all valid; else (length + 63) / 64 words
  std::shared_ptr<const Dictionary> dict;  // String columns only

  bool has_nulls() const { return !validity.empty(); }
  bool is_valid(int64_t i) const { return validity.empty() || ((validity[i >> 6] >> (i & 63)) & 1); }

  template <typename T>
  const T* data() const { return reinterpret_cast<const T*>(values.data()); }
  template <typename T>
  T* mutable_data() { return reinterpret_cast<T*>(values.data()); }

  // Sizes the buffers for `n` values (validity left empty: call set_null to add nulls).
  void resize(ValueType t, int64_t n) {
    type = t;
    length = n;
    values.resize(static_cast<size_t>(n) * type_width(t), 0);
  }
  void set_null(int64_t i) {
    if (validity.empty()) validity.assign((length + 63) / 64, ~uint64_t{0});
    validity[i >> 6] &= ~(uint64_t{1} << (i & 63));
  }
};

// A slice of rows of one source, with the projected columns in the order the consumer asked for.
struct Batch {
  int64_t num_rows = 0;
  std::vector<Column> columns;
};

}  // namespace kpic
