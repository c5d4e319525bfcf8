#include "compiler/driver/catalog_files.h"

#include <algorithm>
#include <filesystem>

namespace kpic::driver {

namespace fs = std::filesystem;

std::vector<std::string> find_kpi_files(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      if (name.size() > 1 && name[0] == '.') it.disable_recursion_pending();
      continue;
    }
    if (p.extension() == ".kpi" && it->is_regular_file(ec)) files.push_back(p.lexically_normal().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> catalog_files(const std::string& file, std::vector<std::string>& args) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(file, ec)) files = find_kpi_files(file);
  else files.push_back(file);
  std::vector<std::string> data;
  for (std::string& a : args) {
    bool named = a.find('=') != std::string::npos;
    if (!named && fs::path(a).extension() == ".kpi") files.push_back(std::move(a));
    else data.push_back(std::move(a));
  }
  args = std::move(data);
  return files;
}

}  // namespace kpic::driver
