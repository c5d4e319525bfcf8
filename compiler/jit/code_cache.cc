// CodeCache: see code_cache.h.
#include "compiler/jit/code_cache.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SHA256.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace kpic::jit {
namespace {
std::mutex g_mutex;
std::map<std::string, std::string>& memory() {
  static std::map<std::string, std::string> m;
  return m;
}
}  // namespace

CodeCache::CodeCache(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir_ = std::string(x) + "/kpic";
    else if (const char* h = std::getenv("HOME"); h && *h) dir_ = std::string(h) + "/.cache/kpic";
  }
}

std::string CodeCache::key(const std::string& text) {
  llvm::SHA256 sha;
  sha.update(llvm::StringRef(text));
  auto digest = sha.final();
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::optional<std::string> CodeCache::get(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto it = memory().find(key);
    if (it != memory().end()) return it->second;
  }
  if (dir_.empty()) return std::nullopt;
  std::ifstream in(dir_ + "/" + key + ".o", std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string obj = ss.str();
  if (obj.size() < 4 || obj.compare(0, 4, "\x7f" "ELF") != 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(g_mutex);
  memory()[key] = obj;
  return obj;
}

void CodeCache::put(const std::string& key, const std::string& object) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    memory()[key] = object;
  }
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return;
  std::string tmp = dir_ + "/" + key + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return;
    out.write(object.data(), static_cast<std::streamsize>(object.size()));
    if (!out) return;
  }
  std::filesystem::rename(tmp, dir_ + "/" + key + ".o", ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace kpic::jit
