#include "runtime/parquet/parquet_describe.h"

#include <cstdio>
#include <sstream>

#include "runtime/parquet/parquet_reader.h"

namespace kpic::parquet {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string escape_bytes(const std::string& bytes, size_t limit) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < limit; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (bytes.size() > limit) out += "...";
  return out;
}

std::string describe_parquet(const std::string& path) {
  auto reader = ParquetReader::open(path);
  const FileMetaData& m = reader->metadata();
  std::ostringstream o;
  o << "format version " << m.version << ", " << m.row_groups.size() << " row group(s), "
    << reader->schema().num_rows << " rows";
  if (!m.created_by.empty()) o << ", created by " << m.created_by;
  o << "\n";
  const auto& leaves = reader->leaves();
  for (size_t c = 0; c < leaves.size(); ++c) {
    const LeafColumn& l = leaves[c];
    o << "column " << l.name << ": ";
    if (!l.unsupported.empty()) {
      o << "unsupported: " << l.unsupported << "\n";
      continue;
    }
    o << to_string(l.physical);
    if (l.physical == PhysicalType::FixedLenByteArray) o << "(" << l.type_length << ")";
    if (!l.logical.empty()) o << " " << l.logical;
    o << (l.max_def ? " optional" : " required") << " -> " << type_name(l.type) << "\n";
  }
  for (int g = 0; g < reader->num_chunks(); ++g) {
    o << "row group " << g << ": " << reader->chunk_rows(g) << " rows\n";
    for (size_t c = 0; c < leaves.size(); ++c) {
      const ColumnMetaData* cm = reader->chunk_metadata(g, static_cast<int>(c));
      if (!cm) continue;
      o << "  " << leaves[c].name << ": " << to_string(cm->codec) << ", ";
      for (size_t e = 0; e < cm->encodings.size(); ++e) o << (e ? "/" : "") << to_string(cm->encodings[e]);
      o << ", " << cm->total_compressed_size << " bytes (" << cm->total_uncompressed_size << " uncompressed)";
      if (auto s = reader->stats(g, static_cast<int>(c))) {
        if (s->has_min_max) {
          if (leaves[c].type == ValueType::String)
            o << ", min \"" << escape_bytes(s->min_str, 40) << "\", max \"" << escape_bytes(s->max_str, 40)
              << "\"";
          else
            o << ", min " << number(s->min_num) << ", max " << number(s->max_num);
        }
        if (s->null_count >= 0) o << ", nulls " << s->null_count;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace kpic::parquet
