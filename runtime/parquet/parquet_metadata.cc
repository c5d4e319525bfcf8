#include "runtime/parquet/parquet_metadata.h"

#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/thrift_compact.h"

namespace kpic::parquet {
namespace {

// The fields of one footer struct as they are read. A field kpic knows must have its declared Thrift type
// (a damaged field header changes ids and types: reading a value as another type would silently give
// another number), and the fields the format requires must be present.
class Fields {
 public:
  explicit Fields(const char* what) : what_(what) {}
  // Marks field `f` as seen; corrupt when its type is not `type`.
  void expect(const ThriftField& f, ThriftType type) {
    bool ok = f.type == type || (type == ThriftType::BoolTrue && f.type == ThriftType::BoolFalse);
    if (!ok)
      corrupt(std::string("metadata ") + what_ + " field " + std::to_string(f.id) + " has the wrong Thrift type " +
              std::to_string(static_cast<int>(f.type)));
    if (f.id > 0 && f.id < 64) seen_ |= uint64_t{1} << f.id;
  }
  bool has(int id) const { return (seen_ >> id) & 1; }
  void require(int id, const char* name) const {
    if (!has(id)) corrupt(std::string("metadata ") + what_ + " lacks its required field " + name);
  }

 private:
  const char* what_;
  uint64_t seen_ = 0;
};

// Reads a list of `T` with `read_elem` after checking the element type.
template <typename F>
void read_list(ThriftReader& r, ThriftType expected, F&& read_elem) {
  ThriftList l = r.read_list_header();
  if (l.elem != expected && l.size > 0) corrupt("metadata list has elements of the wrong Thrift type");
  for (uint32_t i = 0; i < l.size; ++i) read_elem();
}

// A union member that is an empty struct (or a struct we only need the presence of).
void skip_struct(ThriftReader& r) { r.skip(ThriftType::Struct); }

TimeUnit read_time_unit(ThriftReader& r) {
  TimeUnit unit = TimeUnit::Micros;
  int members = 0;
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->id >= 1 && f->id <= 3) {
      if (f->type != ThriftType::Struct) corrupt("metadata time unit has the wrong Thrift type");
      unit = f->id == 1 ? TimeUnit::Millis : f->id == 2 ? TimeUnit::Micros : TimeUnit::Nanos;
      ++members;
    }
    r.skip(f->type);
  }
  r.end_struct();
  if (members != 1) corrupt("metadata time unit names " + std::to_string(members) + " units");
  return unit;
}

void read_time_like(ThriftReader& r, LogicalType& lt) {
  Fields fields("time type");
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->id == 1) {
      fields.expect(*f, ThriftType::BoolTrue);
      lt.adjusted_to_utc = r.read_bool(*f);
    } else if (f->id == 2) {
      fields.expect(*f, ThriftType::Struct);
      lt.unit = read_time_unit(r);
    } else {
      r.skip(f->type);
    }
  }
  r.end_struct();
  fields.require(1, "isAdjustedToUTC");
  fields.require(2, "unit");
}

LogicalType read_logical_type(ThriftReader& r) {
  LogicalType lt;
  int members = 0;
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->type != ThriftType::Struct) corrupt("metadata logical type has the wrong Thrift type");
    ++members;
    switch (f->id) {
      case 1:
        lt.kind = LogicalType::String;
        skip_struct(r);
        break;
      case 2:
        lt.kind = LogicalType::Map;
        skip_struct(r);
        break;
      case 3:
        lt.kind = LogicalType::List;
        skip_struct(r);
        break;
      case 4:
        lt.kind = LogicalType::Enum;
        skip_struct(r);
        break;
      case 5: {
        lt.kind = LogicalType::Decimal;
        Fields fields("decimal type");
        r.begin_struct();
        while (auto g = r.next_field()) {
          if (g->id == 1) {
            fields.expect(*g, ThriftType::I32);
            lt.scale = r.read_i32();
          } else if (g->id == 2) {
            fields.expect(*g, ThriftType::I32);
            lt.precision = r.read_i32();
          } else {
            r.skip(g->type);
          }
        }
        r.end_struct();
        fields.require(1, "scale");
        fields.require(2, "precision");
        break;
      }
      case 6:
        lt.kind = LogicalType::Date;
        skip_struct(r);
        break;
      case 7:
        lt.kind = LogicalType::Time;
        read_time_like(r, lt);
        break;
      case 8:
        lt.kind = LogicalType::Timestamp;
        read_time_like(r, lt);
        break;
      case 10: {
        lt.kind = LogicalType::Integer;
        Fields fields("integer type");
        r.begin_struct();
        while (auto g = r.next_field()) {
          if (g->id == 1) {
            fields.expect(*g, ThriftType::Byte);
            lt.bit_width = r.read_byte();
          } else if (g->id == 2) {
            fields.expect(*g, ThriftType::BoolTrue);
            lt.is_signed = r.read_bool(*g);
          } else {
            r.skip(g->type);
          }
        }
        r.end_struct();
        fields.require(1, "bitWidth");
        fields.require(2, "isSigned");
        break;
      }
      case 11:
        lt.kind = LogicalType::Null;
        skip_struct(r);
        break;
      case 12:
        lt.kind = LogicalType::Json;
        skip_struct(r);
        break;
      case 13:
        lt.kind = LogicalType::Bson;
        skip_struct(r);
        break;
      case 14:
        lt.kind = LogicalType::Uuid;
        skip_struct(r);
        break;
      case 15:
        lt.kind = LogicalType::Float16;
        skip_struct(r);
        break;
      default:
        lt.kind = LogicalType::Other;
        skip_struct(r);
        break;
    }
  }
  r.end_struct();
  if (members > 1) corrupt("metadata logical type names " + std::to_string(members) + " types");
  return lt;
}

SchemaElement read_schema_element(ThriftReader& r) {
  SchemaElement e;
  Fields fields("schema element");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        fields.expect(*f, ThriftType::I32);
        e.type = static_cast<PhysicalType>(r.read_i32());
        break;
      case 2:
        fields.expect(*f, ThriftType::I32);
        e.type_length = r.read_i32();
        break;
      case 3:
        fields.expect(*f, ThriftType::I32);
        e.repetition = static_cast<Repetition>(r.read_i32());
        break;
      case 4:
        fields.expect(*f, ThriftType::Binary);
        e.name = r.read_binary();
        break;
      case 5:
        fields.expect(*f, ThriftType::I32);
        e.num_children = r.read_i32();
        break;
      case 6:
        fields.expect(*f, ThriftType::I32);
        e.converted_type = static_cast<ConvertedType>(r.read_i32());
        break;
      case 7:
        fields.expect(*f, ThriftType::I32);
        e.scale = r.read_i32();
        e.has_scale = true;
        break;
      case 8:
        fields.expect(*f, ThriftType::I32);
        e.precision = r.read_i32();
        e.has_precision = true;
        break;
      case 9:
        fields.expect(*f, ThriftType::I32);
        r.skip(f->type);
        break;
      case 10:
        fields.expect(*f, ThriftType::Struct);
        e.logical = read_logical_type(r);
        break;
      default:
        // Every field of a schema element bears on how its column reads, and the format defines ten: a
        // field beyond them is refused rather than skipped (a damaged field header turns an annotation
        // into an unknown field, and skipping it would read the column as another type).
        fail(kUnsupported, "schema element has a field kpic does not know (id " + std::to_string(f->id) +
                               "): a newer Parquet format or a damaged footer");
    }
  }
  r.end_struct();
  fields.require(4, "name");
  return e;
}

Statistics read_statistics(ThriftReader& r) {
  Statistics s;
  Fields fields("statistics");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
      case 2:
      case 5:
      case 6: {
        fields.expect(*f, ThriftType::Binary);
        std::optional<std::string>& bound = f->id == 1 ? s.max : f->id == 2 ? s.min : f->id == 5 ? s.max_value : s.min_value;
        bound = r.read_binary();
        break;
      }
      case 3:
        fields.expect(*f, ThriftType::I64);
        s.null_count = r.read_i64();
        break;
      case 4:
        fields.expect(*f, ThriftType::I64);
        s.distinct_count = r.read_i64();
        break;
      case 7:
      case 8:
        fields.expect(*f, ThriftType::BoolTrue);  // is_max_value_exact, is_min_value_exact
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  return s;
}

ColumnMetaData read_column_metadata(ThriftReader& r) {
  ColumnMetaData m;
  Fields fields("column metadata");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        fields.expect(*f, ThriftType::I32);
        m.type = static_cast<PhysicalType>(r.read_i32());
        break;
      case 2:
        fields.expect(*f, ThriftType::List);
        read_list(r, ThriftType::I32, [&] { m.encodings.push_back(static_cast<Encoding>(r.read_i32())); });
        break;
      case 3:
        fields.expect(*f, ThriftType::List);
        read_list(r, ThriftType::Binary, [&] { m.path_in_schema.push_back(r.read_binary()); });
        break;
      case 4:
        fields.expect(*f, ThriftType::I32);
        m.codec = static_cast<Codec>(r.read_i32());
        break;
      case 5:
        fields.expect(*f, ThriftType::I64);
        m.num_values = r.read_i64();
        break;
      case 6:
        fields.expect(*f, ThriftType::I64);
        m.total_uncompressed_size = r.read_i64();
        break;
      case 7:
        fields.expect(*f, ThriftType::I64);
        m.total_compressed_size = r.read_i64();
        break;
      case 9:
        fields.expect(*f, ThriftType::I64);
        m.data_page_offset = r.read_i64();
        break;
      case 10:
        fields.expect(*f, ThriftType::I64);
        r.skip(f->type);
        break;
      case 11:
        fields.expect(*f, ThriftType::I64);
        m.dictionary_page_offset = r.read_i64();
        break;
      case 12:
        fields.expect(*f, ThriftType::Struct);
        m.statistics = read_statistics(r);
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  static const char* kRequired[] = {"", "type", "encodings", "path_in_schema", "codec", "num_values",
                                    "total_uncompressed_size", "total_compressed_size"};
  for (int id = 1; id <= 7; ++id) fields.require(id, kRequired[id]);
  fields.require(9, "data_page_offset");
  return m;
}

ColumnChunk read_column_chunk(ThriftReader& r) {
  ColumnChunk c;
  Fields fields("column chunk");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        fields.expect(*f, ThriftType::Binary);
        c.file_path = r.read_binary();
        break;
      case 2:
        fields.expect(*f, ThriftType::I64);
        c.file_offset = r.read_i64();
        break;
      case 3:
        fields.expect(*f, ThriftType::Struct);
        c.meta_data = read_column_metadata(r);
        break;
      case 8:
      case 9:
        c.encrypted = true;
        r.skip(f->type);
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  fields.require(2, "file_offset");
  return c;
}

RowGroup read_row_group(ThriftReader& r) {
  RowGroup g;
  Fields fields("row group");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        fields.expect(*f, ThriftType::List);
        read_list(r, ThriftType::Struct, [&] { g.columns.push_back(read_column_chunk(r)); });
        break;
      case 2:
        fields.expect(*f, ThriftType::I64);
        g.total_byte_size = r.read_i64();
        break;
      case 3:
        fields.expect(*f, ThriftType::I64);
        g.num_rows = r.read_i64();
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  fields.require(1, "columns");
  fields.require(2, "total_byte_size");
  fields.require(3, "num_rows");
  return g;
}

}  // namespace

FileMetaData parse_file_metadata(const uint8_t* data, size_t size) {
  ThriftReader r(data, size);
  FileMetaData m;
  Fields fields("footer");
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        fields.expect(*f, ThriftType::I32);
        m.version = r.read_i32();
        break;
      case 2:
        fields.expect(*f, ThriftType::List);
        read_list(r, ThriftType::Struct, [&] { m.schema.push_back(read_schema_element(r)); });
        break;
      case 3:
        fields.expect(*f, ThriftType::I64);
        m.num_rows = r.read_i64();
        break;
      case 4:
        fields.expect(*f, ThriftType::List);
        read_list(r, ThriftType::Struct, [&] { m.row_groups.push_back(read_row_group(r)); });
        break;
      case 6:
        fields.expect(*f, ThriftType::Binary);
        m.created_by = r.read_binary();
        break;
      case 7:  // list<ColumnOrder>, a union whose field 1 is TypeDefinedOrder (an empty struct)
        if (f->type != ThriftType::List) {  // as if absent: statistics fall back to the deprecated fields
          r.skip(f->type);
          break;
        }
        read_list(r, ThriftType::Struct, [&] {
          bool defined = false;
          r.begin_struct();
          while (auto o = r.next_field()) {
            defined = defined || (o->id == 1 && o->type == ThriftType::Struct);
            r.skip(o->type);
          }
          r.end_struct();
          m.type_defined_order.push_back(defined);
        });
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  fields.require(1, "version");
  fields.require(2, "schema");
  fields.require(3, "num_rows");
  fields.require(4, "row_groups");
  // The footer is exactly one FileMetaData: bytes left over mean its length or its content is damaged.
  if (r.position() != size) corrupt("footer length does not match its content");
  return m;
}

PageHeader parse_page_header(const uint8_t* data, size_t size, size_t& header_size) {
  ThriftReader r(data, size);
  PageHeader h;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        h.type = static_cast<PageType>(r.read_i32());
        break;
      case 2:
        h.uncompressed_page_size = r.read_i32();
        break;
      case 3:
        h.compressed_page_size = r.read_i32();
        break;
      case 4:
        h.crc = r.read_i32();
        break;
      case 5: {
        if (f->type != ThriftType::Struct) {
          r.skip(f->type);
          break;
        }
        DataPageHeader d;
        r.begin_struct();
        while (auto g = r.next_field()) {
          switch (g->id) {
            case 1:
              d.num_values = r.read_i32();
              break;
            case 2:
              d.encoding = static_cast<Encoding>(r.read_i32());
              break;
            case 3:
              d.definition_level_encoding = static_cast<Encoding>(r.read_i32());
              break;
            case 4:
              d.repetition_level_encoding = static_cast<Encoding>(r.read_i32());
              break;
            default:
              r.skip(g->type);
          }
        }
        r.end_struct();
        h.data_page = d;
        break;
      }
      case 7: {
        if (f->type != ThriftType::Struct) {
          r.skip(f->type);
          break;
        }
        DictionaryPageHeader d;
        r.begin_struct();
        while (auto g = r.next_field()) {
          if (g->id == 1)
            d.num_values = r.read_i32();
          else if (g->id == 2)
            d.encoding = static_cast<Encoding>(r.read_i32());
          else
            r.skip(g->type);
        }
        r.end_struct();
        h.dictionary_page = d;
        break;
      }
      case 8: {
        if (f->type != ThriftType::Struct) {
          r.skip(f->type);
          break;
        }
        DataPageHeaderV2 d;
        r.begin_struct();
        while (auto g = r.next_field()) {
          switch (g->id) {
            case 1:
              d.num_values = r.read_i32();
              break;
            case 2:
              d.num_nulls = r.read_i32();
              break;
            case 3:
              d.num_rows = r.read_i32();
              break;
            case 4:
              d.encoding = static_cast<Encoding>(r.read_i32());
              break;
            case 5:
              d.definition_levels_byte_length = r.read_i32();
              break;
            case 6:
              d.repetition_levels_byte_length = r.read_i32();
              break;
            case 7:
              d.is_compressed = r.read_bool(*g);
              break;
            default:
              r.skip(g->type);
          }
        }
        r.end_struct();
        h.data_page_v2 = d;
        break;
      }
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  header_size = r.position();
  return h;
}

const char* to_string(PhysicalType t) {
  switch (t) {
    case PhysicalType::Boolean:
      return "BOOLEAN";
    case PhysicalType::Int32:
      return "INT32";
    case PhysicalType::Int64:
      return "INT64";
    case PhysicalType::Int96:
      return "INT96";
    case PhysicalType::Float:
      return "FLOAT";
    case PhysicalType::Double:
      return "DOUBLE";
    case PhysicalType::ByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::FixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN_TYPE";
}

const char* to_string(Encoding e) {
  switch (e) {
    case Encoding::Plain:
      return "PLAIN";
    case Encoding::PlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::Rle:
      return "RLE";
    case Encoding::BitPacked:
      return "BIT_PACKED";
    case Encoding::DeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::DeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::RleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::ByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN_ENCODING";
}

const char* to_string(Codec c) {
  switch (c) {
    case Codec::Uncompressed:
      return "UNCOMPRESSED";
    case Codec::Snappy:
      return "SNAPPY";
    case Codec::Gzip:
      return "GZIP";
    case Codec::Lzo:
      return "LZO";
    case Codec::Brotli:
      return "BROTLI";
    case Codec::Lz4:
      return "LZ4";
    case Codec::Zstd:
      return "ZSTD";
    case Codec::Lz4Raw:
      return "LZ4_RAW";
  }
  return "UNKNOWN_CODEC";
}

}  // namespace kpic::parquet
