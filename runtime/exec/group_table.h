// Hash aggregation: group key tuples (64-bit values + a null mask) -> a zeroed state block of a fixed
// size. Open addressing with linear probing; keys and states live in flat arrays, so millions of groups
// (e.g. per user) cost ~ (8 * keys + state + 16) bytes each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kpic::exec {

class GroupTable {
 public:
  GroupTable(int num_keys, int state_bytes);

  // The state block of the group (created zeroed). The pointer stays valid until the next insert.
  char* find_or_insert(const int64_t* keys, uint64_t nullmask);

  size_t size() const { return masks_.size(); }
  const int64_t* keys(size_t g) const { return keys_.data() + g * nkeys_; }
  uint64_t nullmask(size_t g) const { return masks_[g]; }
  char* state(size_t g) { return states_.data() + g * state_bytes_; }
  int state_bytes() const { return state_bytes_; }

 private:
  uint64_t hash(const int64_t* keys, uint64_t mask) const;
  void grow();

  int nkeys_;
  int state_bytes_;
  std::vector<int64_t> keys_;
  std::vector<uint64_t> masks_;
  std::vector<uint64_t> hashes_;
  std::vector<char> states_;
  std::vector<uint32_t> slots_;  // group index + 1, 0 = empty
  uint64_t mask_ = 0;
  int64_t last_ = -1;  // the group found last: consecutive rows often share it (data in time order)
};

}  // namespace kpic::exec
