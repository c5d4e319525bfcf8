// The scan driver: streams the chunks of every source that a stage's passes read to their kernels on N
// threads. Each thread keeps its own PassState per pass; at the end the thread states are merged in
// thread order (sums use Neumaier compensation, so results agree across thread counts to ~1 ulp). A
// grouped pass with many groups partitions them by hash between the threads instead (group_table.h).
// lag columns are materialised before stage 1 (materialize_lags).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/column/schema.h"
#include "runtime/column/table_reader.h"
#include "runtime/exec/chunk_filter.h"
#include "runtime/exec/huge_page_allocator.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/string_pool.h"

namespace kpic::exec {

struct ScanError {
  int code = 0;         // DiagCode number (7xx data, 901 overflow)
  std::string path;     // data file, when the error concerns one
  std::string message;  // complete sentence naming the source / metric
  // The aggregate state passed ScanContext::memory_limit (the stage may run again in parts): the share
  // of the stage's rows read by then, and the state's bytes.
  bool over_budget = false;
  double done = 0;
  size_t used = 0;
};

// One lag column over a whole source: 8-byte values (doubles as bits, strings as global ids) and a
// validity per row; chunk_start[c] = the source row index of chunk c's first row.
struct LookupTables;  // lookup.h

struct LagColumn {
  BulkVector<int64_t> values;  // 0 where not valid
  BulkVector<uint8_t> valid;
  std::vector<int64_t> chunk_start;
};

// What the scans run, as the runtime sees it (the engine derives it from the plan).
struct ScanSource {
  std::string name;          // for messages
  Schema schema;             // declared column types (a batch must match them)
  std::vector<int> columns;  // schema indices read, in kernel slot order
  int slots = 0;             // kernel column slots: the columns, then lag columns
};

struct ScanPass {
  int id = 0;
  int stage = 1;
  int source = -1;
  PassLayout layout;
  std::vector<PruneTerm> prune;      // chunks these exclude are not scanned (chunk_filter.h)
  std::vector<std::string> metrics;  // names of the metrics it serves, for messages
  // Grouped, and nothing after the scan needs its distinct sets or value lists whole (no funnel, no
  // trailing window, no cohort): it can run in hash partitions of its groups (memory_limit).
  bool splittable = false;
  // Nothing after the scan needs its distinct sets or value lists whole (no trailing window, no cohort)
  // and it has no funnel: under the memory limit its objects may be reduced to their final values once
  // the pass is complete.
  bool reducible = false;
  // Splittable, and its groups are read only by reductions that can take them part by part (the engine's
  // `per`s): when the pass runs in parts, each part goes to ScanContext::on_part and is then dropped.
  bool streamed = false;
  // Ungrouped and reducible, with a distinct set: under the memory limit its sets can be counted in hash
  // partitions of their values, the counts adding up.
  bool value_split = false;
};

// A lag(VALUE, KEY, ORDER) column of a source, read by kernels as column `slot`.
struct ScanLag {
  int source = -1;
  int slot = 0;
  int value_col = -1, key_col = -1, order_col = -1;  // schema indices
};

// A column of another source read through references (lookup.h), read by kernels as column `slot`.
struct ScanLookupHop {
  int from = -1, column = -1;  // referencing source and column (schema indices)
  int to = -1, key = -1;       // referenced source and its key column
};
struct ScanLookup {
  int source = -1;
  int slot = 0;
  std::vector<ScanLookupHop> hops;
  int value_col = -1;  // in the last hop's `to`
};

struct ScanPlan {
  std::vector<ScanSource> sources;
  std::vector<ScanPass> passes;  // indexed by pass id
  std::vector<ScanLag> lags;
  std::vector<ScanLookup> lookups;
};

struct ScanContext {
  const ScanPlan* plan = nullptr;
  std::vector<const TableReader*> readers;  // per source (nullptr = no rows)
  std::vector<KernelFn> kernels;            // per pass
  StringPool* pool = nullptr;
  std::vector<LagColumn> lags;              // per plan->lags
  std::shared_ptr<const LookupTables> lookups;  // probes of plan->lookups (lookup.h)
  std::vector<int64_t> params;              // kernel parameters (KernelCtx::params)
  std::vector<uint8_t> param_valid;
  int threads = 1;
  // With several threads, a grouped pass partitions its groups by hash once a thread holds this many
  // (group_table.h); KPIC_PARTITION_AFTER=N sets it (tests force small inputs through that path).
  size_t partition_after = GroupTable::kStageAfter;
  bool progress = false;                    // a progress line on stderr for scans longer than ~1 s
  // The bytes aggregate state may hold (memory_budget.h; 0: no limit). A stage whose state passes it is
  // scanned again in parts: each splittable pass keeps only the groups of one hash partition per scan,
  // and each part's distinct sets and value lists are reduced to their final values before the next
  // part is read. More parts are tried (up to kMaxParts) while one part still does not fit.
  size_t memory_limit = 0;
  static constexpr int kMaxParts = 256;
  int parts_used = 1;                       // the most parts a stage of this context needed
  // Receives each part of a streamed pass (its groups complete) before the part is dropped; part 0 starts
  // the parts over (after a round that ran out of room, the parts are read again, more of them).
  std::function<void(int pass, int part, std::unique_ptr<PassState>& state)> on_part;
  std::vector<int> skipped_chunks;          // per source, filled by run_stage (chunks not read)
};

// Runs every pass of `stage`; states[p] receives the merged state of pass p (others untouched). Under a
// memory limit, the passes that run in parts leave a state whose distinct sets and HLL registers are
// counts and whose value lists hold their quantile (PassState::final_layout): read it with its layout.
bool run_stage(ScanContext& ctx, int stage, std::vector<std::unique_ptr<PassState>>& states, ScanError& err);

// Computes every plan.lags column (reads its value, key and order columns).
bool materialize_lags(ScanContext& ctx, ScanError& err);

}  // namespace kpic::exec
