// Owns the text of every file a compilation reads (.kpi files, embedded stdlib modules) and maps byte
// offsets to line/column for diagnostics. Every SourceRange in the compiler points into one of these files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kpic {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// A half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  // The smallest range covering both (they must be in the same file).
  static SourceRange cover(SourceRange a, SourceRange b);
};

struct LineCol {
  uint32_t line = 0;  // 1-based
  uint32_t col = 0;   // 1-based, in bytes
};

class SourceManager {
 public:
  // Adds a file; `name` is what diagnostics print (a path, or `<std>/engagement.kpi`).
  FileId add(std::string name, std::string text);

  const std::string& name(FileId id) const { return files_[id]->name; }
  std::string_view text(FileId id) const { return files_[id]->text; }
  size_t size() const { return files_.size(); }

  LineCol line_col(FileId id, uint32_t offset) const;
  // The text of a 1-based line, without its newline.
  std::string_view line_text(FileId id, uint32_t line) const;
  std::string_view slice(SourceRange r) const;

 private:
  struct File {
    std::string name;
    std::string text;
    std::vector<uint32_t> line_starts;
  };
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace kpic
