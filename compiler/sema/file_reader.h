// Where the loader reads `.kpi` files (the main file of load() and imported files). By default from
// disk; an editor (`kpic lsp`) installs a reader on its analysis thread so that files open in the editor
// are read from their unsaved buffers. The reader returns nullopt for a file it does not hold, which is
// then read from disk.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace kpic::sema {

using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

// Installs `reader` for the calling thread while the guard lives (guards nest; the previous one returns).
class ScopedFileReader {
 public:
  explicit ScopedFileReader(FileReader reader);
  ~ScopedFileReader();
  ScopedFileReader(const ScopedFileReader&) = delete;
  ScopedFileReader& operator=(const ScopedFileReader&) = delete;

 private:
  FileReader previous_;
};

}  // namespace kpic::sema
