#include "runtime/readers/open_table.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/csv/csv_reader.h"
#include "runtime/readers/multi_file_table.h"
#if KPIC_HAVE_PARQUET
#include "runtime/parquet/parquet_reader.h"
#endif

namespace kpic {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

TableFormat detect_format(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw DataError{701, path, std::string("cannot open data file: ") + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw DataError{701, path, "cannot open data file: not a regular file"};
  }
  unsigned char magic[4] = {0, 0, 0, 0};
  ssize_t got = ::pread(fd, magic, sizeof magic, 0);
  ::close(fd);
  if (got == 4 && std::memcmp(magic, "PAR1", 4) == 0) return TableFormat::Parquet;
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return TableFormat::Csv;  // gzip: only CSV is read gzipped
  if (ends_with(path, ".parquet") || ends_with(path, ".parq")) return TableFormat::Parquet;  // its reader explains
  for (const char* ext : {".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz"})
    if (ends_with(path, ext)) return TableFormat::Csv;
  throw DataError{701, path,
                  "unknown data format: expected a Parquet file or a .csv, .tsv, .txt or .csv.gz text file"};
}

std::unique_ptr<TableReader> open_table(const std::string& path, const OpenOptions& opts) {
  if (is_multi_file_path(path)) return MultiFileTable::open(path, opts);
  switch (detect_format(path)) {
    case TableFormat::Parquet: {
#if KPIC_HAVE_PARQUET
      parquet::ParquetOptions po;
      po.verify_checksums = opts.verify_checksums;
      return parquet::ParquetReader::open(path, po);
#else
      throw DataError{701, path, "cannot read Parquet files: this kpic was built without the Parquet reader"};
#endif
    }
    case TableFormat::Csv: {
      csv::CsvOptions co;
      co.declared = opts.declared;
      return std::make_unique<csv::CsvReader>(path, co);
    }
  }
  throw DataError{701, path, "unknown data format"};
}

std::vector<std::string> files_without_page_crcs(const TableReader& table) {
  std::vector<std::string> out;
  if (const auto* multi = dynamic_cast<const MultiFileTable*>(&table)) {
    for (int i = 0; i < multi->num_files(); ++i)
      for (auto& f : files_without_page_crcs(multi->file(i))) out.push_back(std::move(f));
  }
#if KPIC_HAVE_PARQUET
  if (const auto* pq = dynamic_cast<const parquet::ParquetReader*>(&table); pq && !pq->has_page_crcs())
    out.push_back(pq->path());
#endif
  return out;
}

}  // namespace kpic
