// check_footer: see footer_check.h. The rules are those of apache/parquet-format (parquet.thrift and
// LogicalTypes.md).
#include "runtime/parquet/footer_check.h"

#include <optional>
#include <string>
#include <vector>

#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {
namespace {

using LT = LogicalType;
using CT = ConvertedType;
using PT = PhysicalType;

struct Leaf {
  const SchemaElement* element;
  std::vector<std::string> path;
  bool flat;  // a top-level column that is not repeated: one value per row
};

std::string dotted(const std::vector<std::string>& path) {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p;
  return s;
}

// The converted type a logical type is written with, when there is exactly one.
std::optional<CT> converted_of(const LogicalType& l) {
  switch (l.kind) {
    case LT::String:
      return CT::Utf8;
    case LT::Enum:
      return CT::Enum;
    case LT::Json:
      return CT::Json;
    case LT::Bson:
      return CT::Bson;
    case LT::Date:
      return CT::Date;
    case LT::Decimal:
      return CT::Decimal;
    case LT::List:
      return CT::List;
    case LT::Time:
      if (l.unit == TimeUnit::Millis) return CT::TimeMillis;
      if (l.unit == TimeUnit::Micros) return CT::TimeMicros;
      return std::nullopt;
    case LT::Timestamp:
      if (l.unit == TimeUnit::Millis) return CT::TimestampMillis;
      if (l.unit == TimeUnit::Micros) return CT::TimestampMicros;
      return std::nullopt;
    case LT::Integer: {
      static const CT kSigned[] = {CT::Int8, CT::Int16, CT::Int32, CT::Int64};
      static const CT kUnsigned[] = {CT::Uint8, CT::Uint16, CT::Uint32, CT::Uint64};
      int i = l.bit_width == 8 ? 0 : l.bit_width == 16 ? 1 : l.bit_width == 32 ? 2 : 3;
      return l.is_signed ? kSigned[i] : kUnsigned[i];
    }
    default:
      return std::nullopt;  // MAP (MAP or MAP_KEY_VALUE), and types without a converted form
  }
}

void check_decimal(const std::string& where, std::optional<PT> type, int32_t precision, int32_t scale,
                   int32_t type_length) {
  if (!type || precision <= 0 || scale < 0 || scale > precision)
    corrupt(where + ": DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ") is not valid");
  int32_t most = *type == PT::Int32 ? 9 : *type == PT::Int64 ? 18 : 0;
  if (*type == PT::FixedLenByteArray && type_length > 0 && type_length < 16)  // 2^(8n-1) > 10^precision
    most = static_cast<int32_t>((8.0 * type_length - 1) * 0.30102999566398120);
  bool physical_ok = *type == PT::Int32 || *type == PT::Int64 || *type == PT::ByteArray || *type == PT::FixedLenByteArray;
  if (!physical_ok || (most > 0 && precision > most))
    corrupt(where + ": DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ") cannot annotate " +
            to_string(*type));
}

// The annotations of one schema element agree with its physical type and with each other.
void check_annotations(const SchemaElement& e, const std::string& where) {
  std::optional<PT> t = e.type;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) corrupt(where + ": " + what + " cannot annotate " + (t ? to_string(*t) : "a group"));
  };
  bool is32 = t == PT::Int32, is64 = t == PT::Int64, bytes = t == PT::ByteArray;
  if (e.converted_type) {
    int c = static_cast<int>(*e.converted_type);
    if (c < 0 || c > static_cast<int>(CT::Interval)) corrupt(where + ": unknown converted type " + std::to_string(c));
    std::string name = "converted type " + std::to_string(c);
    switch (*e.converted_type) {
      case CT::Utf8:
      case CT::Enum:
      case CT::Json:
      case CT::Bson:
        need(bytes, name);
        break;
      case CT::Map:
      case CT::MapKeyValue:
      case CT::List:
        need(!t, name);
        break;
      case CT::Decimal:
        if (!e.has_precision) corrupt(where + ": DECIMAL without a precision");
        check_decimal(where, t, e.precision, e.scale, e.type_length);
        break;
      case CT::Date:
      case CT::TimeMillis:
      case CT::Uint8:
      case CT::Uint16:
      case CT::Uint32:
      case CT::Int8:
      case CT::Int16:
      case CT::Int32:
        need(is32, name);
        break;
      case CT::TimeMicros:
      case CT::TimestampMillis:
      case CT::TimestampMicros:
      case CT::Uint64:
      case CT::Int64:
        need(is64, name);
        break;
      case CT::Interval:
        need(t == PT::FixedLenByteArray && e.type_length == 12, name);
        break;
    }
  }
  bool decimal = e.converted_type == CT::Decimal || e.logical.kind == LT::Decimal;
  if ((e.has_scale || e.has_precision) && !decimal && (e.scale != 0 || e.precision != 0))
    corrupt(where + ": scale or precision on a column that is not DECIMAL");
  const LogicalType& l = e.logical;
  std::string name = "logical type";
  switch (l.kind) {
    case LT::String:
    case LT::Enum:
    case LT::Json:
    case LT::Bson:
      need(bytes, name);
      break;
    case LT::Map:
    case LT::List:
      need(!t, name);
      break;
    case LT::Decimal:
      check_decimal(where, t, l.precision, l.scale, e.type_length);
      if (e.converted_type == CT::Decimal && (e.scale != l.scale || e.precision != l.precision))
        corrupt(where + ": the DECIMAL logical type and converted type differ in scale or precision");
      break;
    case LT::Date:
      need(is32, "DATE");
      break;
    case LT::Time:
      need(l.unit == TimeUnit::Millis ? is32 : is64, "TIME");
      break;
    case LT::Timestamp:
      need(is64, "TIMESTAMP");
      break;
    case LT::Integer:
      if (l.bit_width != 8 && l.bit_width != 16 && l.bit_width != 32 && l.bit_width != 64)
        corrupt(where + ": INT(" + std::to_string(l.bit_width) + ") is not a valid integer type");
      need(l.bit_width == 64 ? is64 : is32, "INT(" + std::to_string(l.bit_width) + ")");
      break;
    case LT::Uuid:
      need(t == PT::FixedLenByteArray && e.type_length == 16, "UUID");
      break;
    case LT::Float16:
      need(t == PT::FixedLenByteArray && e.type_length == 2, "FLOAT16");
      break;
    case LT::None:
    case LT::Null:
    case LT::Other:
      break;
  }
  if (l.kind != LT::None && e.converted_type) {
    std::optional<CT> want = converted_of(l);
    bool agree = want ? *want == *e.converted_type
                      : l.kind != LT::Map || *e.converted_type == CT::Map || *e.converted_type == CT::MapKeyValue;
    if (!agree) corrupt(where + ": its logical type and converted type disagree");
  }
}

// Walks the schema tree, checking each element, and returns the leaves in column chunk order.
struct SchemaWalk {
  explicit SchemaWalk(const std::vector<SchemaElement>& e) : elems(e) {}
  const std::vector<SchemaElement>& elems;
  size_t next = 1;
  std::vector<Leaf> leaves;
  std::vector<std::string> path;

  void element(int depth, bool repeated_above) {
    if (depth > 64) corrupt("schema nests too deeply");
    if (next >= elems.size()) corrupt("schema tree has fewer elements than its groups declare");
    const SchemaElement& e = elems[next++];
    path.push_back(e.name);
    std::string where = "schema element '" + dotted(path) + "'";
    if (e.num_children < 0) corrupt(where + " has a negative child count");
    if (!e.repetition) corrupt(where + " has no repetition");
    int rep = static_cast<int>(*e.repetition);
    if (rep < 0 || rep > 2) corrupt(where + " has an invalid repetition " + std::to_string(rep));
    if (e.type) {
      int t = static_cast<int>(*e.type);
      if (t < 0 || t > static_cast<int>(PT::FixedLenByteArray))
        corrupt(where + " has an unknown physical type " + std::to_string(t));
      if (e.num_children != 0) corrupt(where + " has both a physical type and children");
      if (*e.type == PT::FixedLenByteArray && e.type_length <= 0)
        corrupt(where + " is FIXED_LEN_BYTE_ARRAY without a positive type_length");
    }
    check_annotations(e, where);
    bool repeated = repeated_above || *e.repetition == Repetition::Repeated;
    if (e.type) leaves.push_back(Leaf{&e, path, depth == 0 && !repeated});
    for (int i = 0; i < e.num_children; ++i) element(depth + 1, repeated);
    path.pop_back();
  }
};

void check_chunk(const ColumnChunk& cc, const Leaf& leaf, const RowGroup& rg, size_t data_end,
                 const std::string& where) {
  if (cc.encrypted || (cc.file_path && !cc.file_path->empty())) return;  // refused when read (703)
  if (!cc.meta_data) corrupt(where + ": column chunk without metadata");
  const ColumnMetaData& m = *cc.meta_data;
  if (m.type != *leaf.element->type)
    corrupt(where + ": column chunk type " + to_string(m.type) + " differs from the schema's " +
            to_string(*leaf.element->type));
  if (m.path_in_schema != leaf.path)
    corrupt(where + ": column chunk path '" + dotted(m.path_in_schema) + "' differs from the schema's");
  if (m.num_values < 0 || (leaf.flat && m.num_values != rg.num_rows) || (!leaf.flat && m.num_values < rg.num_rows))
    corrupt(where + ": column chunk holds " + std::to_string(m.num_values) + " values for " +
            std::to_string(rg.num_rows) + " rows");
  if (m.total_compressed_size < 0 || m.total_uncompressed_size < 0)
    corrupt(where + ": column chunk has a negative size");
  if (rg.num_rows == 0) return;  // nothing is read: writers differ in what they store for empty chunks
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0) {
    if (*m.dictionary_page_offset >= m.data_page_offset)
      corrupt(where + ": dictionary page offset is not before the data pages");
    start = *m.dictionary_page_offset;
  }
  auto end = static_cast<int64_t>(data_end);
  if (start < 4 || m.total_compressed_size == 0 || start >= end || m.total_compressed_size > end - start)
    corrupt(where + ": column chunk bytes " + std::to_string(start) + "+" + std::to_string(m.total_compressed_size) +
            " lie outside the file's data (4.." + std::to_string(end) + ")");
}

}  // namespace

void check_footer(const FileMetaData& meta, size_t data_end) {
  if (meta.schema.empty()) corrupt("file has an empty schema");
  const SchemaElement& root = meta.schema[0];
  if (root.type) corrupt("schema root is not a group");
  if (root.num_children < 0) corrupt("schema root has a negative child count");
  SchemaWalk walk(meta.schema);
  for (int i = 0; i < root.num_children; ++i) walk.element(0, false);
  if (walk.next != meta.schema.size()) corrupt("schema tree has more elements than its groups declare");
  if (meta.num_rows < 0) corrupt("file has a negative row count");
  int64_t rows = 0;
  for (size_t g = 0; g < meta.row_groups.size(); ++g) {
    const RowGroup& rg = meta.row_groups[g];
    std::string where = "row group " + std::to_string(g);
    if (rg.num_rows < 0 || rows + rg.num_rows < rows) corrupt(where + " has an invalid row count");
    rows += rg.num_rows;
    if (rg.columns.size() != walk.leaves.size())
      corrupt(where + " has " + std::to_string(rg.columns.size()) + " column chunks for " +
              std::to_string(walk.leaves.size()) + " schema leaves");
    for (size_t c = 0; c < rg.columns.size(); ++c)
      check_chunk(rg.columns[c], walk.leaves[c], rg, data_end,
                  "column '" + dotted(walk.leaves[c].path) + "', " + where);
  }
  if (rows != meta.num_rows)
    corrupt("the row groups hold " + std::to_string(rows) + " rows, the footer says " + std::to_string(meta.num_rows));
}

}  // namespace kpic::parquet
