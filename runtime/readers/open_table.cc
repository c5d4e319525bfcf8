#include "runtime/readers/open_table.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/csv/csv_reader.h"
#include "runtime/readers/multi_file_table.h"
#include "runtime/parquet/parquet_reader.h"

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
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer (forever); it is refused below.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw DataError{701, path, std::string("cannot open data file: ") + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    const char* kind = S_ISFIFO(st.st_mode)                          ? "a FIFO"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISSOCK(st.st_mode)                       ? "a socket"
                                                                    : "a special file";
    throw DataError{701, path, std::string("cannot open data file: it is ") + kind + ", not a regular file"};
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
      parquet::ParquetOptions po;
      po.verify_checksums = opts.verify_checksums;
      return parquet::ParquetReader::open(path, po);
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
  if (const auto* pq = dynamic_cast<const parquet::ParquetReader*>(&table); pq && !pq->has_page_crcs())
    out.push_back(pq->path());
  return out;
}

}  // namespace kpic
