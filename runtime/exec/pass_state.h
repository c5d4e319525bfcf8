// The aggregate states of one pass on one thread: the ungrouped state block or the group table, the
// heap objects state blocks point to, and the KernelCtx the pass's kernel receives. Thread states are
// merged at the end of a scan (or, partitioned by hash, joined into one view: adopt); finalize() turns states into values (a zeroed block finalises to what
// SQL gives over no rows: counts 0, everything else null).
#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "runtime/exec/agg_objects.h"
#include "runtime/exec/funnel.h"
#include "runtime/exec/group_table.h"
#include "runtime/column/value.h"
#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/state_layout.h"
#include "runtime/exec/string_pool.h"

namespace kpic::exec {

class PassState {
 public:
  // `strings` is the run's StringPool (kernels order strings through it).
  PassState(const PassLayout& layout, const int64_t* params, const uint8_t* param_valid,
            const StringPool* strings = nullptr);
  ~PassState();
  PassState(const PassState&) = delete;
  PassState& operator=(const PassState&) = delete;

  KernelCtx* ctx() { return &ctx_; }
  const PassLayout& layout() const { return layout_; }
  bool grouped() const { return layout_.keys > 0; }
  GroupTable& groups() {
    groups_.flush();
    return groups_;
  }
  char* ungrouped_state() { return block_.data(); }
  char* scratch_block() { return scratch_.data(); }

  char* group(const int64_t* keys, uint64_t nullmask) {
    if (split_parts_ && part_of(keys, nullmask) != split_part_) {
      // Cleared for every row: the discarded rows of many groups must not add up to an overflow.
      std::fill(discard_.begin(), discard_.end(), 0);
      return discard_.data();
    }
    return groups_.find_or_insert(keys, nullmask);
  }
  // Memory budget (scanner.h): the state keeps only the groups in part `part` of `parts` (by a hash of
  // their keys); rows of the others update a discard block, which takes no objects (discarding) and is
  // cleared for every row.
  void keep_part(int parts, int part) {
    split_parts_ = parts;
    split_part_ = part;
    ctx_.reuse_groups = parts == 0;
  }
  // Memory budget, an ungrouped pass: its distinct sets keep only the values in part `part` of `parts`
  // (by a hash of the value), so that the parts' counts add up to the count (add_distinct_counts).
  void keep_values(int parts, int part) {
    value_parts_ = static_cast<uint64_t>(parts);
    value_part_ = static_cast<uint64_t>(part);
  }
  bool keeps_value(int64_t v) const {
    return !value_parts_ || hash64(static_cast<uint64_t>(v) ^ 0x5851f42d4c957f2dULL) % value_parts_ == value_part_;
  }
  // Adds the distinct counts of `from`'s block (another part's values) to this state's, which
  // absorb_final filled (its distinct sets are counts).
  void add_distinct_counts(PassState& from);
  bool discarding(const char* slot) const {
    return slot >= discard_.data() && slot < discard_.data() + discard_.size();
  }
  // The layout of a state that absorb_final fills: distinct sets and HLL registers become counts.
  static PassLayout final_layout(const PassLayout& layout);
  // Adds every group of `from` (a state of the layout this one's final_layout came from, whose groups
  // are not in this state) with its distinct sets, HLL registers and value lists reduced to their final
  // values: a count, or a list of one value, the quantile itself. An ungrouped state takes `from`'s
  // block so reduced. Not for states with funnels (their sets stay owned by `from`).
  void absorb_final(PassState& from);
  DistinctSet& distinct(char* slot);
  Hll& hll(char* slot);
  ValueList& values(char* slot);
  FunnelSet& funnel(char* slot, int agg);  // agg: the funnel's index in layout().aggs

  void merge_from(PassState& other);
  // Partitioned groups (group_table.h): the table the scan thread `self` of the exchange fills.
  void join(std::shared_ptr<GroupExchange> ex, int self) { groups_.join(std::move(ex), self); }
  GroupTable& own_groups() { return groups_; }
  // After finish_receive on every thread's table: this state (thread 0's) becomes the view over the
  // threads' disjoint tables and keeps the other states (their objects) alive. Instead of merge_from.
  void adopt(std::vector<std::unique_ptr<PassState>> others);
  // Credits every funnel's entities to the groups they started in (funnel.h): once, after the merges.
  void resolve_funnels();
  // Folds a copy of block `src` (of a state with the same aggregates) into `dst`, a block of this state;
  // `src` and the objects it points to stay as they are (trailing windows combine daily states).
  void add_copy(char* dst, const char* src);

 private:
  void merge_block(char* dst, const char* src);
  static void merge_blocks(void* self, char* dst, const char* src);
  void settle_distinct();

  PassLayout layout_;
  KernelCtx ctx_{};
  GroupTable groups_;
  std::vector<char> block_;
  std::vector<char> scratch_;  // where updates go after an allocation failure
  std::vector<char> discard_;  // where the updates of other parts' groups go (keep_part)
  int split_parts_ = 0;
  int split_part_ = 0;
  uint64_t value_parts_ = 0;
  uint64_t value_part_ = 0;
  int part_of(const int64_t* keys, uint64_t nullmask) const {
    return static_cast<int>(hash64(groups_.key_hash(keys, nullmask)) % static_cast<uint64_t>(split_parts_));
  }
  std::deque<DistinctSet> sets_;
  std::deque<Hll> hlls_;
  std::deque<ValueList> lists_;
  std::deque<FunnelSet> funnels_;
  std::vector<std::unique_ptr<PassState>> adopted_;
};

// The value of aggregate `a` from its state block (which may be all zero: the group had no rows).
// A count_distinct whose set still holds unchecked values (single-threaded scans) deduplicates them
// here, so two threads must not finalize the same block at once.
Value finalize(const AggLayout& a, const char* block);

}  // namespace kpic::exec
