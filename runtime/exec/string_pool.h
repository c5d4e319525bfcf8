// The run's global string ids: string literals of the plan get ids 0..n-1 (baked into kernels), and
// every dictionary entry read is mapped to an id once per dictionary, so kernels compare strings as
// integers. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/column/column.h"

namespace kpic::exec {

class StringPool {
 public:
  explicit StringPool(const std::vector<std::string>& literals);
  int64_t intern(std::string_view s);
  // The id of a string already in the pool, or -1.
  int64_t find(const std::string& s) const;
  std::string str(int64_t id) const;
  // The texts of two ids compared bytewise: <0, 0, >0 (an unknown id sorts as the empty string).
  int compare(int64_t a, int64_t b) const;
  // Unique to this pool in the process (never 0): ids mean something only within one pool, so caches of
  // results about ids are keyed by it.
  uint64_t serial() const { return serial_; }
  // ids[code] for every code of `dict` (one entry, -1, for an empty dictionary).
  std::vector<int64_t> translate(const Dictionary& dict);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<std::string> strings_;
  uint64_t serial_;
};

// A thread's cache of translated dictionaries (keeps them alive, so a pointer is never reused).
class DictCache {
 public:
  const int64_t* ids(StringPool& pool, const std::shared_ptr<const Dictionary>& dict);

 private:
  std::unordered_map<const Dictionary*, std::pair<std::shared_ptr<const Dictionary>, std::vector<int64_t>>> map_;
};

}  // namespace kpic::exec
