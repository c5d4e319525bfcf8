// A Thrift compact-protocol writer for Parquet footers and page headers built by hand in tests: field(id,
// type) then the value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kpic::parquet::test {

class Compact {
 public:
  enum Type : uint8_t { I32 = 5, I64 = 6, Binary = 8, List = 9, Struct = 12 };
  void field(int id, Type t) {
    bytes.push_back(static_cast<uint8_t>(((id - last_.back()) << 4) | t));
    last_.back() = id;
  }
  void varint(int64_t v) { uleb((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void uleb(uint64_t u) {
    do {
      uint8_t b = u & 0x7f;
      u >>= 7;
      bytes.push_back(static_cast<uint8_t>(b | (u ? 0x80 : 0)));
    } while (u);
  }
  void i32(int id, int64_t v) { field(id, I32), varint(v); }
  void i64(int id, int64_t v) { field(id, I64), varint(v); }
  void binary(const std::string& s) {
    uleb(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
  void list(int size, Type elem) { bytes.push_back(static_cast<uint8_t>((size << 4) | elem)); }
  void begin() { last_.push_back(0); }
  void end() {
    bytes.push_back(0);
    last_.pop_back();
  }
  std::vector<uint8_t> bytes;

 private:
  std::vector<int> last_{0};
};

}  // namespace kpic::parquet::test
