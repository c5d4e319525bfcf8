// Hash aggregation: group key tuples (64-bit values + a null mask) -> a zeroed state block of a fixed
// size. Open addressing with linear probing over 8-byte slots that hold a 32-bit hash tag and the group's
// index, so a probe touches only the slot array until the tag matches; each group is one record (keys,
// null mask, state block) in a flat array, so a hit costs about two cache misses and millions of groups
// (e.g. per user) cost ~ (8 * keys + 8 + state + 16) bytes each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/exec/huge_page_allocator.h"

namespace kpic::exec {

class GroupTable {
 public:
  GroupTable(int num_keys, int state_bytes);

  // The state block of the group (created zeroed). The pointer stays valid until the next insert.
  char* find_or_insert(const int64_t* keys, uint64_t nullmask);
  // The state block of an existing group, or nullptr.
  char* find(const int64_t* keys, uint64_t nullmask);

  size_t size() const { return size_; }
  const int64_t* keys(size_t g) const { return record(g); }
  uint64_t nullmask(size_t g) const { return static_cast<uint64_t>(record(g)[nkeys_]); }
  char* state(size_t g) { return reinterpret_cast<char*>(record(g) + nkeys_ + 1); }
  int state_bytes() const { return state_bytes_; }

 private:
  const int64_t* record(size_t g) const { return records_.data() + g * stride_; }
  int64_t* record(size_t g) { return records_.data() + g * stride_; }
  uint64_t hash(const int64_t* keys, uint64_t mask) const;
  bool matches(size_t g, const int64_t* keys, uint64_t nullmask) const;
  // The slot holding the group with these keys, or the empty slot where it belongs.
  uint64_t probe(uint64_t h, const int64_t* keys, uint64_t nullmask) const;
  void grow();

  int nkeys_;
  int state_bytes_;
  size_t stride_;                 // int64 words per record: keys, null mask, state (rounded up)
  std::vector<int64_t, HugePageAllocator<int64_t>> records_;  // size_ records
  size_t size_ = 0;
  std::vector<uint64_t, HugePageAllocator<uint64_t>> slots_;  // (hash >> 32) << 32 | (group index + 1); 0 = empty
  uint64_t mask_ = 0;
  int64_t last_ = -1;  // the group found last: consecutive rows often share it (data in time order)
};

}  // namespace kpic::exec
