// Memory budget helpers: see memory_budget.h.
#include "runtime/exec/memory_budget.h"

#include <malloc.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace kpic::exec {

std::optional<size_t> parse_memory_size(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == start) return std::nullopt;
  std::string number(text.substr(start, i - start));
  if (number.find('.') != number.rfind('.')) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (!end || *end != '\0' || !std::isfinite(value) || value <= 0) return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  double scale;
  if (unit.empty() || unit == "b") scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") scale = 1024.0;
  else if (unit == "m" || unit == "mb" || unit == "mib") scale = 1024.0 * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gib") scale = 1024.0 * 1024 * 1024;
  else if (unit == "t" || unit == "tb" || unit == "tib") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "%") {
    size_t machine = machine_memory();
    if (!machine || value > 100) return std::nullopt;
    scale = static_cast<double>(machine) / 100.0;
  } else {
    return std::nullopt;
  }
  double bytes = value * scale;
  if (bytes < 1 || bytes > 9.0e18) return std::nullopt;
  return static_cast<size_t>(bytes);
}

namespace {
// The first number in a file ("max" and unreadable files: 0).
size_t read_number(const char* path) {
  std::ifstream in(path);
  unsigned long long v = 0;
  if (!(in >> v)) return 0;
  return static_cast<size_t>(v);
}
}  // namespace

size_t machine_memory() {
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  size_t phys = pages > 0 && page > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(page) : 0;
  // cgroup v2, then v1 (v1 reports a huge number when unlimited).
  size_t group = read_number("/sys/fs/cgroup/memory.max");
  if (!group) group = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes");
  if (group && (!phys || group < phys)) return group;
  return phys;
}

size_t default_memory_limit() { return machine_memory() / 10 * 6; }

std::string format_bytes(size_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%zu B", bytes);
  else std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

void release_free_memory() { malloc_trim(0); }

}  // namespace kpic::exec
