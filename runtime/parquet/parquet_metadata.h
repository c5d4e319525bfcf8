// The parts of Parquet's footer and page headers kpic uses (apache/parquet-format
// src/main/thrift/parquet.thrift), decoded with ThriftReader. Fields kpic does not need are skipped; optional
// fields are std::optional.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kpic::parquet {

enum class PhysicalType : int32_t {
  Boolean = 0,
  Int32 = 1,
  Int64 = 2,
  Int96 = 3,
  Float = 4,
  Double = 5,
  ByteArray = 6,
  FixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  Utf8 = 0,
  Map = 1,
  MapKeyValue = 2,
  List = 3,
  Enum = 4,
  Decimal = 5,
  Date = 6,
  TimeMillis = 7,
  TimeMicros = 8,
  TimestampMillis = 9,
  TimestampMicros = 10,
  Uint8 = 11,
  Uint16 = 12,
  Uint32 = 13,
  Uint64 = 14,
  Int8 = 15,
  Int16 = 16,
  Int32 = 17,
  Int64 = 18,
  Json = 19,
  Bson = 20,
  Interval = 21,
};

enum class Repetition : int32_t { Required = 0, Optional = 1, Repeated = 2 };

enum class Encoding : int32_t {
  Plain = 0,
  PlainDictionary = 2,
  Rle = 3,
  BitPacked = 4,
  DeltaBinaryPacked = 5,
  DeltaLengthByteArray = 6,
  DeltaByteArray = 7,
  RleDictionary = 8,
  ByteStreamSplit = 9,
};

enum class Codec : int32_t {
  Uncompressed = 0,
  Snappy = 1,
  Gzip = 2,
  Lzo = 3,
  Brotli = 4,
  Lz4 = 5,
  Zstd = 6,
  Lz4Raw = 7
};

enum class PageType : int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };

enum class TimeUnit : uint8_t { Millis, Micros, Nanos };

// The LogicalType union; `kind` names the member that was set (None when absent, Unknown for a member this
// version does not know, which readers treat as if there were no logical type).
struct LogicalType {
  enum Kind : uint8_t {
    None,
    String,
    Map,
    List,
    Enum,
    Decimal,
    Date,
    Time,
    Timestamp,
    Integer,
    Null,
    Json,
    Bson,
    Uuid,
    Float16,
    Other
  } kind = None;
  int32_t scale = 0, precision = 0;  // Decimal
  TimeUnit unit = TimeUnit::Micros;  // Time, Timestamp
  bool adjusted_to_utc = false;      // Time, Timestamp
  int8_t bit_width = 0;              // Integer
  bool is_signed = true;             // Integer
};

struct SchemaElement {
  std::optional<PhysicalType> type;
  int32_t type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int32_t num_children = 0;
  std::optional<ConvertedType> converted_type;
  int32_t scale = 0, precision = 0;
  bool has_scale = false, has_precision = false;
  LogicalType logical;
};

struct Statistics {
  std::optional<std::string> max, min;              // deprecated: signed comparison order
  std::optional<std::string> max_value, min_value;  // the column's sort order
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::Int32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::Uncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  // Where the chunk's pages start: its dictionary page when it has one before the data pages.
  int64_t first_page_offset() const {
    return dictionary_page_offset && *dictionary_page_offset > 0 && *dictionary_page_offset < data_page_offset
               ? *dictionary_page_offset
               : data_page_offset;
  }
};

struct ColumnChunk {
  std::optional<std::string> file_path;  // set when the chunk lives in another file (unsupported)
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  bool encrypted = false;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
};

struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::string created_by;
  // column_orders, per leaf column: true for TYPE_DEFINED_ORDER, the order statistics' min_value and
  // max_value follow; empty when the footer has none (then min_value/max_value are undefined).
  std::vector<bool> type_defined_order;
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::Plain;
  Encoding definition_level_encoding = Encoding::Rle;
  Encoding repetition_level_encoding = Encoding::Rle;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::Plain;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::Plain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct PageHeader {
  PageType type = PageType::DataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> data_page;
  std::optional<DictionaryPageHeader> dictionary_page;
  std::optional<DataPageHeaderV2> data_page_v2;
};

// Decodes the footer's FileMetaData. Throws DataError (702) when it is malformed.
FileMetaData parse_file_metadata(const uint8_t* data, size_t size);
// Decodes a page header at `data`; sets `header_size` to the bytes it took.
PageHeader parse_page_header(const uint8_t* data, size_t size, size_t& header_size);

const char* to_string(PhysicalType t);
const char* to_string(Encoding e);
const char* to_string(Codec c);

}  // namespace kpic::parquet
