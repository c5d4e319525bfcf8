// GroupTable: see group_table.h.
#include "runtime/exec/group_table.h"


namespace kpic::exec {
namespace {
inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
}  // namespace

GroupTable::GroupTable(int num_keys, int state_bytes) : nkeys_(num_keys), state_bytes_(state_bytes) {
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

uint64_t GroupTable::hash(const int64_t* keys, uint64_t mask) const {
  uint64_t h = mix(mask + 0x9e3779b97f4a7c15ULL);
  for (int k = 0; k < nkeys_; ++k) h = mix(h ^ (static_cast<uint64_t>(keys[k]) + 0x9e3779b97f4a7c15ULL + (h << 6)));
  return h;
}

void GroupTable::grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t g = 0; g < masks_.size(); ++g) {
    uint64_t pos = hashes_[g] & mask_;
    while (slots_[pos]) pos = (pos + 1) & mask_;
    slots_[pos] = static_cast<uint32_t>(g + 1);
  }
}

namespace {
inline bool same_keys(const int64_t* a, const int64_t* b, int n) {
  for (int k = 0; k < n; ++k)
    if (a[k] != b[k]) return false;
  return true;
}
}  // namespace

char* GroupTable::find_or_insert(const int64_t* keys, uint64_t nullmask) {
  if (last_ >= 0 && masks_[last_] == nullmask && same_keys(keys_.data() + last_ * nkeys_, keys, nkeys_))
    return states_.data() + last_ * state_bytes_;
  uint64_t h = hash(keys, nullmask);
  uint64_t pos = h & mask_;
  while (uint32_t s = slots_[pos]) {
    size_t g = s - 1;
    if (hashes_[g] == h && masks_[g] == nullmask && same_keys(keys_.data() + g * nkeys_, keys, nkeys_)) {
      last_ = static_cast<int64_t>(g);
      return states_.data() + g * state_bytes_;
    }
    pos = (pos + 1) & mask_;
  }
  size_t g = masks_.size();
  keys_.insert(keys_.end(), keys, keys + nkeys_);
  masks_.push_back(nullmask);
  hashes_.push_back(h);
  states_.resize(states_.size() + state_bytes_, 0);
  slots_[pos] = static_cast<uint32_t>(g + 1);
  if ((g + 1) * 2 > slots_.size()) grow();
  last_ = static_cast<int64_t>(g);
  return states_.data() + g * state_bytes_;
}

}  // namespace kpic::exec
