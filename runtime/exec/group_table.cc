// GroupTable: see group_table.h.
#include "runtime/exec/group_table.h"
#include "runtime/base/check.h"

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
  if (!partitioned_) {
    if (!stage_ || !stage_->size()) return;
    absorb(*stage_, true, merge_, merge_ctx_);
    stage_->clear();
    return;
  }
  if (stage_ && stage_->size()) {
    // Staged groups of this thread join the table; the others go to their owners.
    for (size_t i = 0; i < stage_->size_; ++i) {
      const int64_t* r = stage_->record(i);
      int to = owner(hash(r, static_cast<uint64_t>(r[nkeys_])));
      if (to != self_) send(to, r);
      else mine_.insert(mine_.end(), r, r + stride_);
    }
    stage_->clear();
    absorb_records(mine_.data(), mine_.size() / stride_, true, merge_, merge_ctx_);
    mine_.clear();
  }
  if (ex_) drain();
}

void GroupTable::absorb(const GroupTable& o, bool copy_fresh, MergeFn merge, void* ctx) {
  absorb_records(o.records_.data(), o.size_, copy_fresh, merge, ctx);
}

void GroupTable::absorb_records(const int64_t* recs, size_t n, bool copy_fresh, MergeFn merge, void* ctx) {
  KPIC_CHECK(parts_.empty(), "a group table that is a view over partitions takes no more groups");
  if (!n) return;
  reserve_groups(size_ + n);
  std::vector<uint64_t> hs(n);
  for (size_t i = 0; i < n; ++i) hs[i] = hash(recs + i * stride_, static_cast<uint64_t>(recs[i * stride_ + nkeys_]));
  // Software pipeline: the slot of group i + 8 and the record its slot points to for group i + 4 are
  // requested while group i is merged.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[hs[i + kAhead] >> shift_]);
    if (i + kAhead / 2 < n)
      if (uint64_t s = slots_[hs[i + kAhead / 2] >> shift_]) __builtin_prefetch(record(group_of(s)));
    const int64_t* r = recs + i * stride_;
    const char* src = reinterpret_cast<const char*>(r + nkeys_ + 1);
    uint64_t pos = probe(hs[i], r, static_cast<uint64_t>(r[nkeys_]));
    if (uint64_t s = slots_[pos]) {
      merge(ctx, own_state(group_of(s)), src);
      continue;
    }
    size_t g = append(hs[i], pos, r, static_cast<uint64_t>(r[nkeys_]));
    if (copy_fresh) std::memcpy(own_state(g), src, (stride_ - nkeys_ - 1) * 8);
    else merge(ctx, own_state(g), src);
  }
}

GroupExchange::GroupExchange(int num_parts, size_t after_groups)
    : parts(num_parts), after(after_groups), inbox(std::make_unique<Inbox[]>(static_cast<size_t>(num_parts))) {}

void GroupTable::join(std::shared_ptr<GroupExchange> ex, int self) {
  ex_ = std::move(ex);
  self_ = self;
  stage_after_ = ex_->after;
  out_.assign(static_cast<size_t>(ex_->parts), {});
}

void GroupTable::partition() {
  // The records are rebuilt in place: this thread's groups are inserted again (their state blocks
  // copied), the others are sent. Only the table's first stage_after_ or so groups pass here.
  partitioned_ = true;
  ex_->partitioned.store(true, std::memory_order_relaxed);
  std::vector<int64_t, HugePageAllocator<int64_t>> old;
  old.swap(records_);
  size_t n = size_;
  clear();
  for (size_t i = 0; i < n; ++i) {
    const int64_t* r = old.data() + i * stride_;
    int to = owner(hash(r, static_cast<uint64_t>(r[nkeys_])));
    if (to != self_) send(to, r);
    else mine_.insert(mine_.end(), r, r + stride_);
  }
  absorb_records(mine_.data(), mine_.size() / stride_, true, merge_, merge_ctx_);
  mine_.clear();
}

void GroupTable::send(int to, const int64_t* rec) {
  auto& out = out_[static_cast<size_t>(to)];
  out.insert(out.end(), rec, rec + stride_);
  if (out.size() >= (size_t{256} << 10) / 8) push(to);  // batches of ~256 KiB
}

void GroupTable::push(int to) {
  auto& out = out_[static_cast<size_t>(to)];
  if (out.empty()) return;
  GroupExchange::Inbox& in = ex_->inbox[static_cast<size_t>(to)];
  std::vector<int64_t> batch;
  batch.swap(out);
  std::lock_guard<std::mutex> lock(in.mu);
  in.batches.push_back(std::move(batch));
  in.any.store(true, std::memory_order_release);
}

void GroupTable::drain() {
  GroupExchange::Inbox& in = ex_->inbox[static_cast<size_t>(self_)];
  if (!in.any.load(std::memory_order_acquire)) return;
  std::vector<std::vector<int64_t>> batches;
  {
    std::lock_guard<std::mutex> lock(in.mu);
    batches.swap(in.batches);
    in.any.store(false, std::memory_order_relaxed);
  }
  // A group new to this table takes the sender's block as it is (its objects stay where they are).
  for (const auto& b : batches) absorb_records(b.data(), b.size() / stride_, true, merge_, merge_ctx_);
}

void GroupTable::finish_send() {
  if (!ex_) return;
  flush();
  if (!partitioned_ && ex_->partitioned.load(std::memory_order_relaxed)) partition();
  for (int to = 0; to < ex_->parts; ++to) push(to);
}

void GroupTable::finish_receive() {
  if (!ex_) return;
  drain();
  ex_.reset();
  out_.clear();
  mine_.clear();
  mine_.shrink_to_fit();
}

void GroupTable::attach_parts(std::vector<GroupTable*> parts) {
  parts_ = std::move(parts);
  total_ = 0;
  for (const GroupTable* p : parts_) total_ += p->size_;
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
  if (!parts_.empty()) {
    uint64_t h = hash(keys, nullmask);
    GroupTable* p = parts_[owner_of(h, parts_.size())];
    uint64_t s = p->slots_[p->probe(h, keys, nullmask)];
    return s ? p->own_state(group_of(s)) : nullptr;
  }
  uint64_t s = slots_[probe(hash(keys, nullmask), keys, nullmask)];
  return s ? own_state(group_of(s)) : nullptr;
}

char* GroupTable::find_or_insert_slow(const int64_t* keys, uint64_t nullmask) {
  KPIC_CHECK(parts_.empty(), "a group table that is a view over partitions takes no more groups");
  if (++slow_calls_ == kRound) {  // the last group must hit at least as often as it misses
    slow_calls_ = 0;
    if (skip_last_) --skip_last_;
    else if (last_hits_ < kRound) skip_last_ = 16;
    last_hits_ = 0;
    // Another thread partitioned this pass's groups: so does this table, which then folds its inbox
    // in as it goes instead of letting it pile up until the end.
    if (ex_ && !partitioned_ && ex_->partitioned.load(std::memory_order_relaxed)) stage_after_ = 0;
  }
  if (merge_ && (partitioned_ || size_ >= stage_after_)) {
    last_ = nullptr;  // rows of this table's groups go to the stage from now on
    if (ex_ && !partitioned_) partition();
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
