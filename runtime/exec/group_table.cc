// GroupTable: see group_table.h.
#include "runtime/exec/group_table.h"

#include <algorithm>
#include <cstring>
#include <new>

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
inline uint64_t tag_of(uint64_t h) { return h & 0xffffffff00000000ULL; }
inline size_t group_of(uint64_t slot) { return static_cast<size_t>(slot & 0xffffffffULL) - 1; }
}  // namespace

GroupTable::GroupTable(int num_keys, int state_bytes)
    : nkeys_(num_keys), state_bytes_(state_bytes), stride_(static_cast<size_t>(num_keys) + 1 + (state_bytes + 7) / 8) {
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
  shift_ = 64 - 10;
}

GroupTable::~GroupTable() = default;

void GroupTable::enable_staging(MergeFn merge, void* ctx) {
  merge_ = merge;
  merge_ctx_ = ctx;
  // About 512 KiB of records: the staged table stays in L2.
  stage_limit_ = std::max<size_t>(1024, (size_t{512} << 10) / (stride_ * 8));
}

void GroupTable::clear() {
  size_ = 0;
  last_ = nullptr;
  records_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
  std::fill(std::begin(recent_), std::end(recent_), 0);
}

void GroupTable::reserve_groups(size_t n) {
  while (n * 2 > slots_.size()) grow();
  size_t words = n * stride_;
  if (records_.capacity() < words) records_.reserve(std::max(words, records_.capacity() * 2));
  last_ = nullptr;
}

void GroupTable::flush() {
  if (!stage_ || !stage_->size()) return;
  absorb(*stage_, true, merge_, merge_ctx_);
  stage_->clear();
}

void GroupTable::absorb(const GroupTable& o, bool copy_fresh, MergeFn merge, void* ctx) {
  size_t n = o.size();
  if (!n) return;
  reserve_groups(size_ + n);
  std::vector<uint64_t> hs(n);
  for (size_t i = 0; i < n; ++i) hs[i] = hash(o.record(i), static_cast<uint64_t>(o.record(i)[nkeys_]));
  // Software pipeline: the slot of group i + 8 and the record its slot points to for group i + 4 are
  // requested while group i is merged.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[hs[i + kAhead] >> shift_]);
    if (i + kAhead / 2 < n)
      if (uint64_t s = slots_[hs[i + kAhead / 2] >> shift_]) __builtin_prefetch(record(group_of(s)));
    const int64_t* r = o.record(i);
    uint64_t pos = probe(hs[i], r, static_cast<uint64_t>(r[nkeys_]));
    if (uint64_t s = slots_[pos]) {
      merge(ctx, state(group_of(s)), o.state(i));
      continue;
    }
    size_t g = append(hs[i], pos, r, static_cast<uint64_t>(r[nkeys_]));
    if (copy_fresh) std::memcpy(state(g), o.state(i), (stride_ - nkeys_ - 1) * 8);
    else merge(ctx, state(g), o.state(i));
  }
}

uint64_t GroupTable::hash(const int64_t* keys, uint64_t mask) const {
  uint64_t h = mix(mask + 0x9e3779b97f4a7c15ULL);
  for (int k = 0; k < nkeys_; ++k) h = mix(h ^ (static_cast<uint64_t>(keys[k]) + 0x9e3779b97f4a7c15ULL + (h << 6)));
  return h;
}

bool GroupTable::matches(size_t g, const int64_t* keys, uint64_t nullmask) const {
  const int64_t* r = record(g);
  if (static_cast<uint64_t>(r[nkeys_]) != nullmask) return false;
  for (int k = 0; k < nkeys_; ++k)
    if (r[k] != keys[k]) return false;
  return true;
}

uint64_t GroupTable::probe(uint64_t h, const int64_t* keys, uint64_t nullmask) const {
  uint64_t tag = tag_of(h);
  uint64_t pos = h >> shift_;
  for (uint64_t s; (s = slots_[pos]) != 0; pos = (pos + 1) & mask_)
    if (tag_of(s) == tag && matches(group_of(s), keys, nullmask)) break;
  return pos;
}

void GroupTable::grow() {
  // A slot's position is its hash's top bits, which its tag holds: slots move without reading the
  // records or hashing the keys again. (2^31 groups, past what the 32-bit group index holds anyway,
  // would need more position bits than a tag has.)
  if (shift_ <= 32) throw std::bad_alloc();
  std::vector<uint64_t, HugePageAllocator<uint64_t>> old(slots_.size() * 2, 0);
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  --shift_;
  for (uint64_t s : old) {
    if (!s) continue;
    uint64_t pos = s >> shift_;
    while (slots_[pos]) pos = (pos + 1) & mask_;
    slots_[pos] = s;
  }
}

char* GroupTable::find(const int64_t* keys, uint64_t nullmask) {
  uint64_t s = slots_[probe(hash(keys, nullmask), keys, nullmask)];
  return s ? state(group_of(s)) : nullptr;
}

char* GroupTable::find_or_insert_slow(const int64_t* keys, uint64_t nullmask) {
  if (++slow_calls_ == kRound) {  // the last group must hit at least as often as it misses
    slow_calls_ = 0;
    if (skip_last_) --skip_last_;
    else if (last_hits_ < kRound) skip_last_ = 16;
    last_hits_ = 0;
  }
  if (merge_ && size_ >= kStageAfter) {
    last_ = nullptr;  // rows of this table's groups go to the stage from now on
    if (!stage_) {
      stage_ = std::make_unique<GroupTable>(nkeys_, state_bytes_);
      stage_->reserve_groups(stage_limit_);
    }
    if (stage_->size() >= stage_limit_) flush();
    return stage_->find_or_insert(keys, nullmask);
  }
  uint32_t& recent = recent_[recent_index(keys, nkeys_, nullmask)];
  if (recent && recent <= size_ && matches(recent - 1, keys, nullmask)) return found(recent - 1);
  uint64_t h = hash(keys, nullmask);
  uint64_t pos = probe(h, keys, nullmask);
  if (uint64_t s = slots_[pos]) {
    recent = static_cast<uint32_t>(s);
    return found(group_of(s));
  }
  size_t g = append(h, pos, keys, nullmask);
  recent = static_cast<uint32_t>(g + 1);
  if (size_ * 2 > slots_.size()) grow();
  return found(g);
}

size_t GroupTable::append(uint64_t h, uint64_t pos, const int64_t* keys, uint64_t nullmask) {
  size_t g = size_++;
  records_.resize(records_.size() + stride_, 0);
  last_ = nullptr;  // records may have moved
  int64_t* r = record(g);
  std::memcpy(r, keys, static_cast<size_t>(nkeys_) * 8);
  r[nkeys_] = static_cast<int64_t>(nullmask);
  slots_[pos] = tag_of(h) | (g + 1);
  return g;
}

}  // namespace kpic::exec
