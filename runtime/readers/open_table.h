// The one entry point every command uses to open a data file. The reader is chosen by content first
// (Parquet magic "PAR1", gzip magic), then by extension (.csv, .tsv, .txt, .csv.gz, .tsv.gz). A folder
// or a glob pattern opens every file it names as one table (multi_file_table.h).
// A missing file or an unknown format throws DataError with code 701 (cannot_open_data); bad content
// throws the reader's own DataError (702-707).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"

namespace kpic {

struct OpenOptions {
  // The schema of the `source` block bound to this file, if any. For CSV the declared types replace the
  // inferred ones (a value that does not parse as its declared type is a DataError naming file, line and
  // column); a declared column that the file lacks is a DataError (706). The pointer is only used during
  // open_table.
  const Schema* declared = nullptr;
  bool verify_checksums = false;  // Parquet page CRCs (--verify-checksums)
};

enum class TableFormat { Parquet, Csv };

// Which reader open_table would use for the single file `path`; throws DataError(701) when the file cannot be opened or
// its format is unknown.
TableFormat detect_format(const std::string& path);

std::unique_ptr<TableReader> open_table(const std::string& path, const OpenOptions& opts = {});

// The Parquet files of a table whose pages carry no CRC (--verify-checksums can verify nothing in them).
std::vector<std::string> files_without_page_crcs(const TableReader& table);

}  // namespace kpic
