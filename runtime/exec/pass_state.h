// The aggregate states of one pass on one thread: the ungrouped state block or the group table, the
// heap objects state blocks point to, and the KernelCtx the pass's kernel receives. Thread states are
// merged at the end of a scan (or, partitioned by hash, joined into one view: adopt); finalize() turns states into values (a zeroed block finalises to what
// SQL gives over no rows: counts 0, everything else null).
#pragma once

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

  char* group(const int64_t* keys, uint64_t nullmask) { return groups_.find_or_insert(keys, nullmask); }
  DistinctSet& distinct(char* slot);
  Hll& hll(char* slot);
  std::vector<double>& values(char* slot);
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
  std::deque<DistinctSet> sets_;
  std::deque<Hll> hlls_;
  std::deque<std::vector<double>> lists_;
  std::deque<FunnelSet> funnels_;
  std::vector<std::unique_ptr<PassState>> adopted_;
};

// The value of aggregate `a` from its state block (which may be all zero: the group had no rows).
// A count_distinct whose set still holds unchecked values (single-threaded scans) deduplicates them
// here, so two threads must not finalize the same block at once.
Value finalize(const AggLayout& a, const char* block);

}  // namespace kpic::exec
