// Writing a command's output to a file (see output_file.h).
#include "compiler/driver/output_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kpic::driver {

bool write_file(const std::string& path, const std::string& text, std::string& error) {
  namespace fs = std::filesystem;
  std::string tmp = path + ".kpic-tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      error = std::strerror(errno);
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    error = ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace kpic::driver
