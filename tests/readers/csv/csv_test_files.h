// Test support: writes CSV text to a temporary file (optionally gzipped) and reads tables back as strings.
#pragma once

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include <zlib.h>

#include "runtime/column/table_reader.h"

namespace kpic::test {

// A temporary file removed when the object goes out of scope.
class TempFile {
 public:
  TempFile(const std::string& contents, const std::string& suffix = ".csv") {
    char tmpl[] = "/tmp/kpic_csv_XXXXXX";
    int fd = mkstemp(tmpl);
    ::close(fd);
    std::remove(tmpl);
    path_ = std::string(tmpl) + suffix;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One gzip member holding `text`.
inline std::string gzip(const std::string& text) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, text.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Every value of every chunk of `reader`, as text ("null" for nulls), row-major, one string per row
// with fields joined by '|'.
inline std::vector<std::string> rows_of(const TableReader& reader) {
  std::vector<int> cols;
  for (size_t i = 0; i < reader.schema().fields.size(); ++i) cols.push_back(static_cast<int>(i));
  std::vector<std::string> rows;
  for (int c = 0; c < reader.num_chunks(); ++c) {
    std::vector<Batch> batches;
    reader.read_chunk(c, cols, batches);
    for (const Batch& b : batches) {
      for (int64_t r = 0; r < b.num_rows; ++r) {
        std::string row;
        for (size_t k = 0; k < b.columns.size(); ++k) {
          const Column& col = b.columns[k];
          if (k) row += '|';
          if (!col.is_valid(r)) {
            row += "null";
            continue;
          }
          switch (col.type) {
            case ValueType::Bool: row += col.data<uint8_t>()[r] ? "true" : "false"; break;
            case ValueType::Int: row += std::to_string(col.data<int64_t>()[r]); break;
            case ValueType::Float: {
              char buf[64];
              std::snprintf(buf, sizeof buf, "%g", col.data<double>()[r]);
              row += buf;
              break;
            }
            case ValueType::String: row += "'" + std::string(col.dict->at(col.data<int32_t>()[r])) + "'"; break;
            case ValueType::Date: row += "d" + std::to_string(col.data<int32_t>()[r]); break;
            case ValueType::Timestamp: row += "t" + std::to_string(col.data<int64_t>()[r]); break;
            case ValueType::Null: row += "?"; break;
          }
        }
        rows.push_back(row);
      }
    }
  }
  return rows;
}

}  // namespace kpic::test
