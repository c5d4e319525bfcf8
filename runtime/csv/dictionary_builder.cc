#include "runtime/csv/dictionary_builder.h"

#include <cstring>

namespace kpic::csv {

namespace {

// A multiply-mix hash over 8-byte words: short strings (the common case) take one or two rounds.
uint32_t hash_of(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = s.size() * kMul;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  h *= kMul;
  return static_cast<uint32_t>(h >> 32);
}

}  // namespace

DictionaryBuilder::DictionaryBuilder() : dict_(std::make_shared<Dictionary>()), slots_(1024, Slot{0, -1}), mask_(1023) {}

int32_t DictionaryBuilder::add(std::string_view s) {
  uint32_t h = hash_of(s);
  uint64_t i = h & mask_;
  for (;;) {
    const Slot& slot = slots_[i];
    if (slot.code < 0) break;
    if (slot.hash == h && dict_->at(slot.code) == s) return slot.code;
    i = (i + 1) & mask_;
  }
  int32_t code = dict_->add(s);
  hashes_.push_back(h);
  slots_[i] = Slot{h, code};
  if (static_cast<uint64_t>(hashes_.size()) * 2 > mask_) grow();
  return code;
}

void DictionaryBuilder::grow() {
  mask_ = mask_ * 2 + 1;
  slots_.assign(mask_ + 1, Slot{0, -1});
  for (int32_t code = 0; code < static_cast<int32_t>(hashes_.size()); ++code) {
    uint64_t i = hashes_[code] & mask_;
    while (slots_[i].code >= 0) i = (i + 1) & mask_;
    slots_[i] = Slot{hashes_[code], code};
  }
}

std::shared_ptr<const Dictionary> DictionaryBuilder::finish() {
  std::shared_ptr<const Dictionary> out = std::move(dict_);
  dict_ = std::make_shared<Dictionary>();
  slots_.assign(1024, Slot{0, -1});
  hashes_.clear();
  mask_ = 1023;
  return out;
}

}  // namespace kpic::csv
