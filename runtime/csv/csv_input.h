// The bytes of a CSV file, read once: mapped with mmap, or inflated into memory when the file is gzip
// (any number of concatenated members). A leading UTF-8 byte-order mark is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kpic::csv {

class CsvInput {
 public:
  CsvInput() = default;
  // Throws DataError 701 when the file cannot be opened, 704 when its gzip stream is corrupt.
  explicit CsvInput(const std::string& path);
  ~CsvInput();
  CsvInput(CsvInput&& other) noexcept;
  CsvInput& operator=(CsvInput&& other) noexcept;
  CsvInput(const CsvInput&) = delete;
  CsvInput& operator=(const CsvInput&) = delete;

  // The text after the BOM, if any.
  std::string_view text() const { return text_; }
  bool gzip() const { return gzip_; }
  bool bom() const { return bom_; }

  // Inflates a gzip stream (concatenated members allowed); throws DataError 704 naming `path` on error.
  static std::string inflate_gzip(std::string_view compressed, const std::string& path);

 private:
  void release();

  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string owned_;  // inflated text, or a small file read without mmap
  std::string_view text_;
  bool gzip_ = false;
  bool bom_ = false;
};

}  // namespace kpic::csv
