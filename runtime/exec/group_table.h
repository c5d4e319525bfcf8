// Hash aggregation: group key tuples (64-bit values + a null mask) -> a zeroed state block of a fixed
// size. Open addressing with linear probing over 8-byte slots that hold a 32-bit hash tag (the hash's
// top half, whose top bits are also the slot's position, so growing never rehashes) and the group's
// index, so a probe touches only the slot array until the tag matches; each group is one record (keys,
// null mask, state block) in a flat array, so a hit costs about two cache misses and millions of groups
// (e.g. per user) cost ~ (8 * keys + 8 + state + 16) bytes each.
//
// With staging enabled, a table that has grown past kStageAfter groups stops taking rows directly: rows
// go to a small cache-resident table whose groups are merged into the big one in batches, with the
// big table's slots and records prefetched ahead (a random probe per row would otherwise wait on two
// cache misses in turn). flush() ends staging before the groups are read.
//
// Partitioned by hash (many groups on several threads): the scan threads' tables of one pass share a
// GroupExchange. A group belongs to one thread, chosen by its hash (owner()); a table whose thread has
// seen many groups (the staging threshold) keeps only its own groups: its staged groups of other
// threads are copied, already aggregated, into batches for their owners, and each owner folds its
// inbox into its table when it flushes and once more after the scan (finish_send, then finish_receive).
// The other tables of the pass follow within 4096 slow lookups, or at the latest in finish_send.
// No group is then held by two threads, and the tables are not merged: attach_parts() makes one table
// the view over all of them (size, keys, state and find cover every part). A record moved to another
// table keeps its pointers to objects (distinct sets, ...) owned by the sending thread's PassState,
// which must outlive the view (PassState::adopt).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "runtime/exec/huge_page_allocator.h"

namespace kpic::exec {

// What the tables of one pass on several threads share when they partition their groups.
struct GroupExchange {
  // `parts`: the number of tables (threads); `after`: the groups a table holds before it partitions.
  GroupExchange(int parts, size_t after);
  const int parts;
  const size_t after;
  struct Inbox {
    std::mutex mu;
    std::vector<std::vector<int64_t>> batches;  // whole records, already aggregated by the sender
    std::atomic<bool> any{false};
  };
  std::unique_ptr<Inbox[]> inbox;
  std::atomic<bool> partitioned{false};  // some table partitioned (then all must, see finish_send)
};

class GroupTable {
 public:
  GroupTable(int num_keys, int state_bytes);
  ~GroupTable();

  // merge(ctx, dst, src) folds the state block src into dst (a group already in the table).
  using MergeFn = void (*)(void* ctx, char* dst, const char* src);
  static constexpr size_t kStageAfter = size_t{1} << 15;
  void enable_staging(MergeFn merge, void* ctx);
  // Merges the staged groups; find(), size(), keys(), nullmask() and state() cover only flushed groups.
  void flush();
  // Inserts every group of `o` (same layout): absent groups are copied (copy_fresh) or merged into a
  // zeroed block, present ones merged with `merge`.
  void absorb(const GroupTable& o, bool copy_fresh, MergeFn merge, void* ctx);

  // Partitioning (see the top of this file); staging must be enabled first. `self` is this table's part.
  void join(std::shared_ptr<GroupExchange> ex, int self);
  bool partitioned() const { return partitioned_; }
  // After the scan, on every table of the exchange: flush, partition if some table did, send the rest.
  void finish_send();
  // Then, once every table has sent: fold the inbox in; the table leaves the exchange.
  void finish_receive();
  // Makes this table (part `self` of `parts`, in owner order) the view over all of them.
  void attach_parts(std::vector<GroupTable*> parts);

  // The state block of the group (created zeroed). The pointer stays valid until the next insert.
  // Rows in time order mostly repeat the previous row's group: that one is compared first, inline.
  char* find_or_insert(const int64_t* keys, uint64_t nullmask) {
    if (int64_t* r = last_) {
      bool same = static_cast<uint64_t>(r[nkeys_]) == nullmask;
      for (int k = 0; k < nkeys_; ++k) same &= r[k] == keys[k];
      if (same) {
        ++last_hits_;
        return reinterpret_cast<char*>(r + nkeys_ + 1);
      }
    }
    return find_or_insert_slow(keys, nullmask);
  }
  // The hash a group's position derives from (the memory budget's partitions rehash it: scanner.h).
  uint64_t key_hash(const int64_t* keys, uint64_t nullmask) const { return hash(keys, nullmask); }
  // The state block of an existing group, or nullptr.
  char* find(const int64_t* keys, uint64_t nullmask);

  size_t size() const { return parts_.empty() ? size_ : total_; }
  const int64_t* keys(size_t g) const { return any_record(g); }
  uint64_t nullmask(size_t g) const { return static_cast<uint64_t>(any_record(g)[nkeys_]); }
  char* state(size_t g) { return reinterpret_cast<char*>(const_cast<int64_t*>(any_record(g)) + nkeys_ + 1); }
  int state_bytes() const { return state_bytes_; }

 private:
  char* find_or_insert_slow(const int64_t* keys, uint64_t nullmask);
  // Group g of the view (parts in order), or of this table alone.
  const int64_t* any_record(size_t g) const {
    if (parts_.empty()) return record(g);
    size_t p = 0;
    while (g >= parts_[p]->size_) g -= parts_[p++]->size_;
    return parts_[p]->record(g);
  }
  // A group's part: its hash's low half (the slot position and tag use the high half) scaled to parts.
  static size_t owner_of(uint64_t h, size_t parts) { return static_cast<size_t>(((h & 0xffffffffULL) * parts) >> 32); }
  int owner(uint64_t h) const { return static_cast<int>(owner_of(h, static_cast<size_t>(ex_->parts))); }
  // Inserts n records (stride_ words each, laid out as ours) as absorb() does.
  void absorb_records(const int64_t* recs, size_t n, bool copy_fresh, MergeFn merge, void* ctx);
  // Keeps this thread's groups; the others go to their owners' batches.
  void partition();
  void send(int to, const int64_t* rec);
  void push(int to);
  void drain();
  char* found(size_t g) {
    last_ = skip_last_ ? nullptr : record(g);
    return own_state(g);
  }
  // The state block of this table's group g (never through the view's parts).
  char* own_state(size_t g) { return reinterpret_cast<char*>(record(g) + nkeys_ + 1); }
  const int64_t* record(size_t g) const { return records_.data() + g * stride_; }
  int64_t* record(size_t g) { return records_.data() + g * stride_; }
  uint64_t hash(const int64_t* keys, uint64_t mask) const;
  bool matches(size_t g, const int64_t* keys, uint64_t nullmask) const;
  // The slot holding the group with these keys, or the empty slot where it belongs.
  uint64_t probe(uint64_t h, const int64_t* keys, uint64_t nullmask) const;
  // A new zeroed group with these keys in the empty slot `pos` (no growth); its index.
  size_t append(uint64_t h, uint64_t pos, const int64_t* keys, uint64_t nullmask);
  void grow();
  void clear();
  void reserve_groups(size_t n);

  int nkeys_;
  int state_bytes_;
  size_t stride_;                 // int64 words per record: keys, null mask, state (rounded up)
  std::vector<int64_t, HugePageAllocator<int64_t>> records_;  // size_ records
  size_t size_ = 0;
  std::vector<uint64_t, HugePageAllocator<uint64_t>> slots_;  // (hash >> 32) << 32 | (group index + 1); 0 = empty
  uint64_t mask_ = 0;
  int shift_ = 64;  // a hash's slot is hash >> shift_ (its top log2(slots) bits; at most 32 of them)
  // The record of the group find_or_insert returned last (nullptr while staging, or after records moved).
  int64_t* last_ = nullptr;
  // Rows that alternate between a few groups (sources in random order) miss the last group most of the
  // time, a mispredicted branch each: the check is then skipped for a while (skip_last_ rounds).
  static constexpr uint32_t kRound = 4096;  // calls to find_or_insert_slow
  uint64_t last_hits_ = 0;
  uint32_t slow_calls_ = 0;
  uint32_t skip_last_ = 0;
  std::unique_ptr<GroupTable> stage_;
  MergeFn merge_ = nullptr;
  void* merge_ctx_ = nullptr;
  size_t stage_limit_ = 0;
  size_t stage_after_ = kStageAfter;
  std::shared_ptr<GroupExchange> ex_;
  int self_ = 0;
  bool partitioned_ = false;
  std::vector<std::vector<int64_t>> out_;  // per owner: records waiting to be sent
  std::vector<int64_t> mine_;              // flush(): staged records of this table's groups
  std::vector<GroupTable*> parts_;         // the view's parts (attach_parts), this one included
  size_t total_ = 0;
  // Groups found recently, by a cheap hash of their keys: rows of a few hot groups (months, regions)
  // skip the full hash and probe; consecutive rows of one group (data in time order) always hit.
  static constexpr int kRecentBits = 8;
  uint32_t recent_[1 << kRecentBits] = {};  // group index + 1; 0 = none
  static size_t recent_index(const int64_t* keys, int n, uint64_t mask) {
    uint64_t h = (mask + 1) * 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < n; ++k) h = (h ^ static_cast<uint64_t>(keys[k])) * 0x9e3779b97f4a7c15ULL;
    return static_cast<size_t>(h >> (64 - kRecentBits));
  }
};

}  // namespace kpic::exec
