#include "runtime/parquet/parquet_describe.h"

#include <charconv>
#include <cstdio>
#include <sstream>

#include "runtime/parquet/parquet_reader.h"

namespace kpic::parquet {
namespace {

// Shortest text that reads back as the same double.
std::string number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Days since 1970-01-01 → civil date (proleptic Gregorian).
void civil(int64_t days, int64_t& y, unsigned& m, unsigned& d) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::string stat_text(ValueType type, double v) {
  if (type == ValueType::Date) return iso_date(static_cast<int32_t>(v));
  if (type == ValueType::Timestamp) return iso_timestamp(static_cast<int64_t>(v));
  return number(v);
}

}  // namespace

std::string iso_date(int32_t days) {
  int64_t y;
  unsigned m, d;
  civil(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string iso_timestamp(int64_t micros) {
  int64_t days = micros / 86400000000LL;
  int64_t rem = micros % 86400000000LL;
  if (rem < 0) {
    rem += 86400000000LL;
    --days;
  }
  int64_t secs = rem / 1000000, frac = rem % 1000000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %02lld:%02lld:%02lld", iso_date(static_cast<int32_t>(days)).c_str(),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  std::string s = buf;
  if (frac) {
    char f[16];
    std::snprintf(f, sizeof f, ".%06lld", static_cast<long long>(frac));
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    s += fs;
  }
  return s;
}

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
            o << ", min " << stat_text(leaves[c].type, s->min_num) << ", max "
              << stat_text(leaves[c].type, s->max_num);
        }
        if (s->null_count >= 0) o << ", nulls " << s->null_count;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace kpic::parquet
