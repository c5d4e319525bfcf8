// Writing a command's whole output to a file (`kpic run -o FILE`, `kpic report -o FILE`).
#pragma once

#include <string>

namespace kpic::driver {

// Writes `text` to `path` through a temporary file in the same folder renamed over it, so a reader
// never sees half a file and a failed write leaves the old file. On failure, false with `error` set.
bool write_file(const std::string& path, const std::string& text, std::string& error);

}  // namespace kpic::driver
