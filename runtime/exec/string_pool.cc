// StringPool, DictCache: see string_pool.h.
#include "runtime/exec/string_pool.h"

#include <algorithm>

namespace kpic::exec {

StringPool::StringPool(const std::vector<std::string>& literals) {
  static std::atomic<uint64_t> pools{0};
  serial_ = ++pools;
  for (const auto& s : literals) intern(s);
}

int64_t StringPool::intern(std::string_view s) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, fresh] = ids_.try_emplace(std::string(s), static_cast<int64_t>(strings_.size()));
  if (fresh) strings_.emplace_back(s);
  return it->second;
}

int64_t StringPool::find(const std::string& s) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = ids_.find(s);
  return it == ids_.end() ? -1 : it->second;
}

std::string StringPool::str(int64_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return id >= 0 && static_cast<size_t>(id) < strings_.size() ? strings_[id] : std::string();
}

int StringPool::compare(int64_t a, int64_t b) const {
  if (a == b) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  auto text = [&](int64_t id) -> std::string_view {
    return id >= 0 && static_cast<size_t>(id) < strings_.size() ? std::string_view(strings_[id]) : std::string_view();
  };
  return text(a).compare(text(b));
}

std::vector<int64_t> StringPool::translate(const Dictionary& dict) {
  // At least one entry: the rows of an all-null column hold code 0 and an empty dictionary, and
  // kernels read a row's id before they look at its validity.
  std::vector<int64_t> out(std::max<size_t>(static_cast<size_t>(dict.size()), 1), -1);
  std::lock_guard<std::mutex> lock(mu_);
  for (int32_t c = 0; c < dict.size(); ++c) {
    auto sv = dict.at(c);
    auto [it, fresh] = ids_.try_emplace(std::string(sv), static_cast<int64_t>(strings_.size()));
    if (fresh) strings_.emplace_back(sv);
    out[c] = it->second;
  }
  return out;
}

const int64_t* DictCache::ids(StringPool& pool, const std::shared_ptr<const Dictionary>& dict) {
  if (!dict) return nullptr;
  auto it = map_.find(dict.get());
  if (it == map_.end()) it = map_.emplace(dict.get(), std::make_pair(dict, pool.translate(*dict))).first;
  return it->second.second.data();
}

}  // namespace kpic::exec
