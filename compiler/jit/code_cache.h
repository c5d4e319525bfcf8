// The compiled-code cache: object files keyed by a SHA-256 of everything that determines the code
// (the kernels' IR, which encodes the plan and the column types; the CPU name and features; the kpic
// version and kernel ABI). In memory for the process, on disk in $XDG_CACHE_HOME/kpic (or
// ~/.cache/kpic) as <key>.o, written atomically (temp file + rename).
#pragma once

#include <optional>
#include <string>

namespace kpic::jit {

class CodeCache {
 public:
  // dir "" = the default location. A cache whose directory cannot be created silently does nothing.
  explicit CodeCache(std::string dir = "");

  static std::string key(const std::string& text);
  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& object);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace kpic::jit
