// Reading .kpi files: the one place that turns a path into source text (the main file, imports, `fmt`,
// `doc`, `test`, `debug`). Only regular files are read (a FIFO, /dev/zero or a folder is refused at once,
// without blocking), the size is capped at ParseLimits::max_bytes, and a read error is an error, never
// an empty or truncated file. `FileReader` lets a caller supply the text another way (an editor's
// unsaved buffers in a language server) while keeping the same rules for what is not overridden.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace kpic::syntax {

inline constexpr size_t kMaxSourceBytes = 16u << 20;  // = ParseLimits{}.max_bytes

// Reads `path` into `text`. On failure returns false and sets `error` to a short reason without the
// path ("not a regular file (a FIFO)", "the file is 20000000 bytes; kpic reads at most 16777216",
// "Input/output error").
bool read_source_file(const std::string& path, std::string& text, std::string& error,
                      size_t max_bytes = kMaxSourceBytes);

// Reads an already open stream (stdin for `kpic fmt -`) with the same size cap and error rules.
bool read_source_stream(std::FILE* in, std::string& text, std::string& error, size_t max_bytes = kMaxSourceBytes);

// Where the front end gets the text of a .kpi file. The default reads the disk with read_source_file.
class FileReader {
 public:
  virtual ~FileReader() = default;
  virtual bool read(const std::string& path, std::string& text, std::string& error) const {
    return read_source_file(path, text, error);
  }
};

}  // namespace kpic::syntax
