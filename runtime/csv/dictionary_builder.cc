#include "runtime/csv/dictionary_builder.h"

#include <functional>

namespace kpic::csv {

namespace {

uint32_t hash_of(std::string_view s) {
  uint64_t h = std::hash<std::string_view>{}(s);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

}  // namespace

DictionaryBuilder::DictionaryBuilder() : dict_(std::make_shared<Dictionary>()), slots_(64, -1), mask_(63) {}

int32_t DictionaryBuilder::add(std::string_view s) {
  uint32_t h = hash_of(s);
  uint64_t i = h & mask_;
  for (;;) {
    int32_t code = slots_[i];
    if (code < 0) break;
    if (hashes_[code] == h && dict_->at(code) == s) return code;
    i = (i + 1) & mask_;
  }
  int32_t code = dict_->add(s);
  hashes_.push_back(h);
  slots_[i] = code;
  if (static_cast<uint64_t>(hashes_.size()) * 2 > mask_) grow();
  return code;
}

void DictionaryBuilder::grow() {
  mask_ = mask_ * 2 + 1;
  slots_.assign(mask_ + 1, -1);
  for (int32_t code = 0; code < static_cast<int32_t>(hashes_.size()); ++code) {
    uint64_t i = hashes_[code] & mask_;
    while (slots_[i] >= 0) i = (i + 1) & mask_;
    slots_[i] = code;
  }
}

std::shared_ptr<const Dictionary> DictionaryBuilder::finish() {
  std::shared_ptr<const Dictionary> out = std::move(dict_);
  dict_ = std::make_shared<Dictionary>();
  slots_.assign(64, -1);
  hashes_.clear();
  mask_ = 63;
  return out;
}

}  // namespace kpic::csv
