#include "runtime/parquet/leaf_column.h"

#include <cmath>

#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {
namespace {

using LT = LogicalType;

const char* unit_name(TimeUnit u) {
  return u == TimeUnit::Millis ? "MILLIS" : u == TimeUnit::Micros ? "MICROS" : "NANOS";
}

std::string describe_annotation(const SchemaElement& e) {
  const LogicalType& l = e.logical;
  switch (l.kind) {
    case LT::None:
      break;
    case LT::String:
      return "STRING";
    case LT::Map:
      return "MAP";
    case LT::List:
      return "LIST";
    case LT::Enum:
      return "ENUM";
    case LT::Decimal:
      return "DECIMAL(" + std::to_string(l.precision) + "," + std::to_string(l.scale) + ")";
    case LT::Date:
      return "DATE";
    case LT::Time:
      return std::string("TIME(") + unit_name(l.unit) + ")";
    case LT::Timestamp:
      return std::string("TIMESTAMP(") + unit_name(l.unit) + (l.adjusted_to_utc ? ",UTC)" : ",local)");
    case LT::Integer:
      return std::string(l.is_signed ? "INT(" : "UINT(") + std::to_string(l.bit_width) + ")";
    case LT::Null:
      return "NULL";
    case LT::Json:
      return "JSON";
    case LT::Bson:
      return "BSON";
    case LT::Uuid:
      return "UUID";
    case LT::Float16:
      return "FLOAT16";
    case LT::Other:
      return "UNKNOWN_LOGICAL_TYPE";
  }
  if (!e.converted_type) return "";
  static const char* kNames[] = {"UTF8",
                                 "MAP",
                                 "MAP_KEY_VALUE",
                                 "LIST",
                                 "ENUM",
                                 "DECIMAL",
                                 "DATE",
                                 "TIME_MILLIS",
                                 "TIME_MICROS",
                                 "TIMESTAMP_MILLIS",
                                 "TIMESTAMP_MICROS",
                                 "UINT_8",
                                 "UINT_16",
                                 "UINT_32",
                                 "UINT_64",
                                 "INT_8",
                                 "INT_16",
                                 "INT_32",
                                 "INT_64",
                                 "JSON",
                                 "BSON",
                                 "INTERVAL"};
  int c = static_cast<int>(*e.converted_type);
  if (c < 0 || c > 21) return "UNKNOWN_CONVERTED_TYPE";
  if (*e.converted_type == ConvertedType::Decimal)
    return "DECIMAL(" + std::to_string(e.precision) + "," + std::to_string(e.scale) + ")";
  return kNames[c];
}

bool is_decimal(const SchemaElement& e) {
  return e.logical.kind == LT::Decimal ||
         (e.logical.kind == LT::None && e.converted_type == ConvertedType::Decimal);
}

bool converted_is(const SchemaElement& e, std::initializer_list<ConvertedType> types) {
  if (e.logical.kind != LT::None || !e.converted_type) return false;
  for (ConvertedType t : types)
    if (*e.converted_type == t) return true;
  return false;
}

// Chooses the output type and conversion of a primitive (flat) column.
void map_primitive(const SchemaElement& e, LeafColumn& leaf) {
  const LogicalType& l = e.logical;
  auto set = [&](Conversion c, ValueType t) {
    leaf.conversion = c;
    leaf.type = t;
  };
  if (is_decimal(e)) {
    leaf.scale = l.kind == LT::Decimal ? l.scale : e.scale;
    if (leaf.scale < 0 || leaf.scale > 76) leaf.scale = 0;
    leaf.scale_divisor = std::pow(10.0, leaf.scale);
  }
  switch (leaf.physical) {
    case PhysicalType::Boolean:
      return set(Conversion::Bool, ValueType::Bool);
    case PhysicalType::Int32:
      if (is_decimal(e)) return set(Conversion::Int32Decimal, ValueType::Float);
      if (l.kind == LT::Date || converted_is(e, {ConvertedType::Date}))
        return set(Conversion::Int32ToDate, ValueType::Date);
      if (l.kind == LT::Time || converted_is(e, {ConvertedType::TimeMillis}))
        return set(Conversion::TimeMillisToInt, ValueType::Int);
      if (l.kind == LT::Integer && l.bit_width < 32) {
        leaf.int_bits = l.bit_width;
        leaf.int_signed = l.is_signed;
      } else if (converted_is(e, {ConvertedType::Int8, ConvertedType::Int16, ConvertedType::Uint8,
                                  ConvertedType::Uint16})) {
        ConvertedType c = *e.converted_type;
        leaf.int_bits = c == ConvertedType::Int8 || c == ConvertedType::Uint8 ? 8 : 16;
        leaf.int_signed = c == ConvertedType::Int8 || c == ConvertedType::Int16;
      }
      if ((l.kind == LT::Integer && !l.is_signed) ||
          converted_is(e, {ConvertedType::Uint8, ConvertedType::Uint16, ConvertedType::Uint32}))
        return set(Conversion::UInt32ToInt, ValueType::Int);
      return set(Conversion::Int32ToInt, ValueType::Int);
    case PhysicalType::Int64:
      if (is_decimal(e)) return set(Conversion::Int64Decimal, ValueType::Float);
      if (l.kind == LT::Timestamp) {
        if (l.unit == TimeUnit::Millis) return set(Conversion::TimestampMillis, ValueType::Timestamp);
        if (l.unit == TimeUnit::Nanos) return set(Conversion::TimestampNanos, ValueType::Timestamp);
        return set(Conversion::TimestampMicros, ValueType::Timestamp);
      }
      if (converted_is(e, {ConvertedType::TimestampMillis}))
        return set(Conversion::TimestampMillis, ValueType::Timestamp);
      if (converted_is(e, {ConvertedType::TimestampMicros}))
        return set(Conversion::TimestampMicros, ValueType::Timestamp);
      if (l.kind == LT::Time && l.unit == TimeUnit::Nanos)
        return set(Conversion::TimeNanosToInt, ValueType::Int);
      if ((l.kind == LT::Integer && !l.is_signed) || converted_is(e, {ConvertedType::Uint64}))
        return set(Conversion::UInt64ToInt, ValueType::Int);
      return set(Conversion::Int64ToInt, ValueType::Int);
    case PhysicalType::Int96:
      return set(Conversion::Int96ToTimestamp, ValueType::Timestamp);
    case PhysicalType::Float:
      return set(Conversion::FloatToFloat, ValueType::Float);
    case PhysicalType::Double:
      return set(Conversion::DoubleToFloat, ValueType::Float);
    case PhysicalType::ByteArray:
      if (is_decimal(e)) return set(Conversion::BytesDecimal, ValueType::Float);
      return set(Conversion::BytesToString, ValueType::String);
    case PhysicalType::FixedLenByteArray:
      if (e.type_length <= 0) {
        leaf.unsupported = "FIXED_LEN_BYTE_ARRAY column without a valid type_length";
        return set(Conversion::BytesToString, ValueType::String);
      }
      if (is_decimal(e)) return set(Conversion::BytesDecimal, ValueType::Float);
      if (l.kind == LT::Float16 && e.type_length == 2)
        return set(Conversion::Float16ToFloat, ValueType::Float);
      return set(Conversion::BytesToString, ValueType::String);
  }
  leaf.unsupported = "unknown physical type " + std::to_string(static_cast<int>(leaf.physical));
}

struct Walker {
  const std::vector<SchemaElement>& elems;
  size_t next = 1;  // index of the next schema element
  int leaves = 0;   // leaf columns seen so far (= column chunk index)

  // Consumes the subtree at `next`; returns the number of leaves in it.
  int consume(int depth) {
    if (depth > 64) corrupt("schema nests too deeply");
    if (next >= elems.size()) corrupt("schema tree has fewer elements than its groups declare");
    const SchemaElement& e = elems[next++];
    if (e.num_children < 0) corrupt("schema element '" + e.name + "' has a negative child count");
    if (e.num_children == 0 && e.type) {
      ++leaves;
      return 1;
    }
    int n = 0;
    for (int i = 0; i < e.num_children; ++i) n += consume(depth + 1);
    return n;
  }
};

}  // namespace

int physical_width(const LeafColumn& leaf) {
  switch (leaf.physical) {
    case PhysicalType::Boolean:
      return 1;
    case PhysicalType::Int32:
      return 4;
    case PhysicalType::Int64:
      return 8;
    case PhysicalType::Int96:
      return 12;
    case PhysicalType::Float:
      return 4;
    case PhysicalType::Double:
      return 8;
    case PhysicalType::ByteArray:
      return 0;
    case PhysicalType::FixedLenByteArray:
      return leaf.type_length;
  }
  return 0;
}

std::vector<LeafColumn> map_schema(const FileMetaData& meta, Schema& schema) {
  if (meta.schema.empty()) corrupt("file has an empty schema");
  const SchemaElement& root = meta.schema[0];
  if (root.num_children < 0) corrupt("schema root has a negative child count");
  Walker w{meta.schema};
  std::vector<LeafColumn> leaves;
  for (int i = 0; i < root.num_children; ++i) {
    if (w.next >= meta.schema.size()) corrupt("schema tree has fewer elements than the root declares");
    const SchemaElement& e = meta.schema[w.next];
    LeafColumn leaf;
    leaf.name = e.name;
    leaf.chunk_index = w.leaves;
    leaf.logical = describe_annotation(e);
    Field field;
    field.name = e.name;
    bool group = !(e.num_children == 0 && e.type);
    int n = w.consume(0);
    if (group) {
      leaf.type = ValueType::String;
      leaf.unsupported = n == 0 ? "empty group column" : "nested column: a struct, list or map group";
    } else {
      leaf.physical = *e.type;
      leaf.type_length = e.type_length;
      Repetition rep = e.repetition.value_or(Repetition::Optional);
      leaf.max_def = rep == Repetition::Required ? 0 : 1;
      map_primitive(e, leaf);
      if (rep == Repetition::Repeated)
        leaf.unsupported = "repeated column";
      else if (rep != Repetition::Required && rep != Repetition::Optional)
        corrupt("column '" + e.name + "' has an invalid repetition");
    }
    if (!leaf.unsupported.empty()) leaf.unsupported += "; kpic reads flat columns only";
    field.type = leaf.type;
    field.nullable = group || leaf.max_def > 0;
    field.unsupported = leaf.unsupported;
    schema.fields.push_back(std::move(field));
    leaves.push_back(std::move(leaf));
  }
  if (w.next != meta.schema.size()) corrupt("schema tree has more elements than its groups declare");
  return leaves;
}

}  // namespace kpic::parquet
