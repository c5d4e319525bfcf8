#include "runtime/parquet/parquet_metadata.h"

#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/thrift_compact.h"

namespace kpic::parquet {
namespace {

// Reads a list of `T` with `read_elem` after checking the element type.
template <typename F>
void read_list(ThriftReader& r, ThriftType expected, F&& read_elem) {
  ThriftList l = r.read_list_header();
  if (l.elem != expected && l.size > 0) {
    for (uint32_t i = 0; i < l.size; ++i) r.skip(l.elem);
    return;
  }
  for (uint32_t i = 0; i < l.size; ++i) read_elem();
}

// A union member that is an empty struct (or a struct we only need the presence of).
void skip_struct(ThriftReader& r) { r.skip(ThriftType::Struct); }

TimeUnit read_time_unit(ThriftReader& r) {
  TimeUnit unit = TimeUnit::Micros;
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->id == 1)
      unit = TimeUnit::Millis;
    else if (f->id == 2)
      unit = TimeUnit::Micros;
    else if (f->id == 3)
      unit = TimeUnit::Nanos;
    r.skip(f->type);
  }
  r.end_struct();
  return unit;
}

void read_time_like(ThriftReader& r, LogicalType& lt) {
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->id == 1)
      lt.adjusted_to_utc = r.read_bool(*f);
    else if (f->id == 2 && f->type == ThriftType::Struct)
      lt.unit = read_time_unit(r);
    else
      r.skip(f->type);
  }
  r.end_struct();
}

LogicalType read_logical_type(ThriftReader& r) {
  LogicalType lt;
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->type != ThriftType::Struct) {
      r.skip(f->type);
      continue;
    }
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
      case 5:
        lt.kind = LogicalType::Decimal;
        r.begin_struct();
        while (auto g = r.next_field()) {
          if (g->id == 1)
            lt.scale = r.read_i32();
          else if (g->id == 2)
            lt.precision = r.read_i32();
          else
            r.skip(g->type);
        }
        r.end_struct();
        break;
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
      case 10:
        lt.kind = LogicalType::Integer;
        r.begin_struct();
        while (auto g = r.next_field()) {
          if (g->id == 1)
            lt.bit_width = r.read_byte();
          else if (g->id == 2)
            lt.is_signed = r.read_bool(*g);
          else
            r.skip(g->type);
        }
        r.end_struct();
        break;
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
  return lt;
}

SchemaElement read_schema_element(ThriftReader& r) {
  SchemaElement e;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        e.type = static_cast<PhysicalType>(r.read_i32());
        break;
      case 2:
        e.type_length = r.read_i32();
        break;
      case 3:
        e.repetition = static_cast<Repetition>(r.read_i32());
        break;
      case 4:
        e.name = r.read_binary();
        break;
      case 5:
        e.num_children = r.read_i32();
        break;
      case 6:
        e.converted_type = static_cast<ConvertedType>(r.read_i32());
        break;
      case 7:
        e.scale = r.read_i32();
        break;
      case 8:
        e.precision = r.read_i32();
        break;
      case 10:
        if (f->type == ThriftType::Struct)
          e.logical = read_logical_type(r);
        else
          r.skip(f->type);
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  return e;
}

Statistics read_statistics(ThriftReader& r) {
  Statistics s;
  r.begin_struct();
  while (auto f = r.next_field()) {
    if (f->type == ThriftType::Binary) {
      switch (f->id) {
        case 1:
          s.max = r.read_binary();
          continue;
        case 2:
          s.min = r.read_binary();
          continue;
        case 5:
          s.max_value = r.read_binary();
          continue;
        case 6:
          s.min_value = r.read_binary();
          continue;
      }
    } else if (f->type == ThriftType::I64) {
      if (f->id == 3) {
        s.null_count = r.read_i64();
        continue;
      }
      if (f->id == 4) {
        s.distinct_count = r.read_i64();
        continue;
      }
    }
    r.skip(f->type);
  }
  r.end_struct();
  return s;
}

ColumnMetaData read_column_metadata(ThriftReader& r) {
  ColumnMetaData m;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        m.type = static_cast<PhysicalType>(r.read_i32());
        break;
      case 2:
        read_list(r, ThriftType::I32, [&] { m.encodings.push_back(static_cast<Encoding>(r.read_i32())); });
        break;
      case 3:
        read_list(r, ThriftType::Binary, [&] { m.path_in_schema.push_back(r.read_binary()); });
        break;
      case 4:
        m.codec = static_cast<Codec>(r.read_i32());
        break;
      case 5:
        m.num_values = r.read_i64();
        break;
      case 6:
        m.total_uncompressed_size = r.read_i64();
        break;
      case 7:
        m.total_compressed_size = r.read_i64();
        break;
      case 9:
        m.data_page_offset = r.read_i64();
        break;
      case 11:
        m.dictionary_page_offset = r.read_i64();
        break;
      case 12:
        if (f->type == ThriftType::Struct)
          m.statistics = read_statistics(r);
        else
          r.skip(f->type);
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  return m;
}

ColumnChunk read_column_chunk(ThriftReader& r) {
  ColumnChunk c;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        c.file_path = r.read_binary();
        break;
      case 2:
        c.file_offset = r.read_i64();
        break;
      case 3:
        if (f->type == ThriftType::Struct)
          c.meta_data = read_column_metadata(r);
        else
          r.skip(f->type);
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
  return c;
}

RowGroup read_row_group(ThriftReader& r) {
  RowGroup g;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        read_list(r, ThriftType::Struct, [&] { g.columns.push_back(read_column_chunk(r)); });
        break;
      case 2:
        g.total_byte_size = r.read_i64();
        break;
      case 3:
        g.num_rows = r.read_i64();
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
  return g;
}

}  // namespace

FileMetaData parse_file_metadata(const uint8_t* data, size_t size) {
  ThriftReader r(data, size);
  FileMetaData m;
  r.begin_struct();
  while (auto f = r.next_field()) {
    switch (f->id) {
      case 1:
        m.version = r.read_i32();
        break;
      case 2:
        read_list(r, ThriftType::Struct, [&] { m.schema.push_back(read_schema_element(r)); });
        break;
      case 3:
        m.num_rows = r.read_i64();
        break;
      case 4:
        read_list(r, ThriftType::Struct, [&] { m.row_groups.push_back(read_row_group(r)); });
        break;
      case 6:
        m.created_by = r.read_binary();
        break;
      default:
        r.skip(f->type);
    }
  }
  r.end_struct();
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
