// run_stage: see scanner.h.
#include "runtime/exec/scanner.h"

#include "runtime/exec/chunk_filter.h"
#include "runtime/exec/heap_pages.h"
#include "runtime/exec/lookup.h"
#include "runtime/exec/memory_budget.h"
#include "runtime/exec/whole_column.h"
#include "runtime/exec/worker_failure.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <new>
#include <set>
#include <thread>

namespace kpic::exec {
namespace {

struct Item {
  int source;
  int chunk;
};

std::string type_error(const ScanSource& source, int column, ValueType got) {
  const Field& f = source.schema.fields[column];
  return "column `" + f.name + "` of source `" + source.name + "` holds " +
         std::string(type_name(got)) + " values in the data but is declared " + std::string(type_name(f.type));
}

// A scan of the stage in part `part` of `parts` (0: the whole stage): the splittable passes keep only
// their groups of that part, and the other passes run in part 0 only.
struct Split {
  int parts = 0;
  int part = 0;
};

bool scan_stage(ScanContext& sc, int stage, std::vector<std::unique_ptr<PassState>>& states, ScanError& err,
                Split split) {
  const ScanPlan& plan = *sc.plan;
  auto runs = [&](const ScanPass& pass) {
    return pass.stage == stage && (split.parts == 0 || split.part == 0 || pass.splittable || pass.value_split);
  };
  std::vector<std::vector<int>> passes_of(plan.sources.size());
  for (const auto& pass : plan.passes)
    if (runs(pass)) passes_of[pass.source].push_back(pass.id);
  // Work items: (source, chunk, passes that scan it); chunks every pass excludes by statistics are skipped.
  std::vector<Item> items;
  std::vector<std::vector<int>> item_passes;
  sc.skipped_chunks.resize(plan.sources.size(), 0);
  for (size_t s = 0; s < plan.sources.size(); ++s) {
    if (passes_of[s].empty() || !sc.readers[s]) continue;
    for (int c = 0; c < sc.readers[s]->num_chunks(); ++c) {
      std::vector<int> active;
      for (int p : passes_of[s])
        if (!chunk_excluded(plan.passes[p].prune, *sc.readers[s], c)) active.push_back(p);
      if (active.empty()) {
        ++sc.skipped_chunks[s];
        continue;
      }
      items.push_back({static_cast<int>(s), c});
      item_passes.push_back(std::move(active));
    }
  }
  int nthreads = std::max(1, std::min<int>(sc.threads, static_cast<int>(items.size())));
  std::vector<std::vector<std::unique_ptr<PassState>>> local(nthreads);
  for (auto& l : local) {
    l.resize(plan.passes.size());
    for (const auto& pass : plan.passes)
      if (runs(pass)) {
        l[pass.id] = std::make_unique<PassState>(pass.layout, sc.params.data(), sc.param_valid.data(), sc.pool);
        if (split.parts && pass.splittable) l[pass.id]->keep_part(split.parts, split.part);
        if (split.parts && pass.value_split) l[pass.id]->keep_values(split.parts, split.part);
      }
  }
  // Grouped passes on several threads share an exchange: a thread's table that grows past
  // sc.partition_after groups partitions them by hash (group_table.h), and then so do the others.
  std::vector<std::shared_ptr<GroupExchange>> exchanges(plan.passes.size());
  if (nthreads > 1)
    for (const auto& pass : plan.passes) {
      if (!runs(pass) || pass.layout.keys == 0) continue;
      exchanges[pass.id] = std::make_shared<GroupExchange>(nthreads, sc.partition_after);
      for (int t = 0; t < nthreads; ++t) local[t][pass.id]->join(exchanges[pass.id], t);
    }
  std::atomic<size_t> next{0};
  std::atomic<int64_t> rows_done{0};  // for the progress line and the memory limit
  int64_t total_rows = 0;
  for (const Item& item : items) total_rows += sc.readers[item.source]->chunk_rows(item.chunk);
  WorkerFailure failure(err);
  auto fail = [&](ScanError e) { failure.fail(std::move(e)); };

  // The columns read per source: the passes' columns (kernel slots 0, 1, ...), then each lookup's
  // first-hop column that is not among them; lookup_col[l] is its index in that list.
  std::vector<std::vector<int>> read_cols(plan.sources.size());
  for (size_t s = 0; s < plan.sources.size(); ++s) read_cols[s] = plan.sources[s].columns;
  std::vector<size_t> lookup_col(plan.lookups.size());
  for (size_t l = 0; l < plan.lookups.size(); ++l) {
    std::vector<int>& rc = read_cols[plan.lookups[l].source];
    int ref = plan.lookups[l].hops.front().column;
    lookup_col[l] = static_cast<size_t>(std::find(rc.begin(), rc.end(), ref) - rc.begin());
    if (lookup_col[l] == rc.size()) rc.push_back(ref);
  }

  auto work = [&](int t) {
    DictCache dicts;
    std::vector<Batch> batches;
    std::vector<KernelColumn> cols;
    std::vector<std::vector<uint64_t>> lag_bits(plan.lags.size()), lookup_bits(plan.lookups.size());
    std::vector<std::vector<int64_t>> lookup_values(plan.lookups.size());
    std::vector<int64_t> keys;
    std::vector<uint8_t> key_valid;
    while (!failure.failed()) {
      advise_heap();  // what the last chunk grew (heap_pages.h)
      size_t k = next.fetch_add(1);
      if (k >= items.size()) break;
      const Item item = items[k];
      const TableReader* reader = sc.readers[item.source];
      const ScanSource& source = plan.sources[item.source];
      const auto& columns = read_cols[item.source];
      batches.clear();
      try {
        reader->read_chunk(item.chunk, columns, batches);
      } catch (...) {
        fail(read_error(*reader));
        return;
      }
      int64_t offset = 0;
      for (const Batch& batch : batches) {
        cols.assign(source.slots, {nullptr, nullptr, nullptr});
        if (batch.columns.size() != columns.size()) {
          fail({702, reader->path(), "the reader returned the wrong number of columns"});
          return;
        }
        for (size_t c = 0; c < columns.size(); ++c) {
          const Column& col = batch.columns[c];
          ValueType want = source.schema.fields[columns[c]].type;
          if (col.type != want) {
            fail({706, reader->path(), type_error(source, columns[c], col.type)});
            return;
          }
          if (col.length < batch.num_rows ||
              col.values.size() < static_cast<size_t>(batch.num_rows) * type_width(col.type)) {
            fail({702, reader->path(), "a batch column is shorter than the batch"});
            return;
          }
          if (col.type == ValueType::String && !col.dict) {
            fail({702, reader->path(), "a string column without a dictionary"});
            return;
          }
          if (c >= source.columns.size()) continue;  // read only for a lookup's first hop
          cols[c].values = col.values.data();
          cols[c].validity = col.validity.empty() ? nullptr : col.validity.data();
          if (col.type == ValueType::String) cols[c].ids = dicts.ids(*sc.pool, col.dict);
        }
        // Lag columns: whole-source arrays, this batch's rows handed to the kernels.
        auto wide = [&](int slot, const LagColumn& lc, std::vector<uint64_t>& bitsv) {
          int64_t start = lc.chunk_start[item.chunk] + offset;
          bitsv.assign((batch.num_rows + 63) / 64, 0);
          for (int64_t r = 0; r < batch.num_rows; ++r)
            if (lc.valid[start + r]) bitsv[r >> 6] |= uint64_t{1} << (r & 63);
          cols[slot].values = lc.values.data() + start;
          cols[slot].validity = bitsv.data();
        };
        for (size_t l = 0; l < plan.lags.size(); ++l)
          if (plan.lags[l].source == item.source) wide(plan.lags[l].slot, sc.lags[l], lag_bits[l]);
        // Lookup columns: the first hop's column of this batch probed in the tables built before the scan.
        for (size_t l = 0; l < plan.lookups.size(); ++l) {
          if (plan.lookups[l].source != item.source) continue;
          const Column& ref = batch.columns[lookup_col[l]];
          const int64_t* ids = ref.type == ValueType::String ? dicts.ids(*sc.pool, ref.dict) : nullptr;
          auto n = static_cast<size_t>(batch.num_rows);
          keys.resize(n);
          key_valid.resize(n);
          for (size_t r = 0; r < n; ++r) key_valid[r] = cell(ref, static_cast<int64_t>(r), ids, keys[r]);
          lookup_values[l].resize(n);
          lookup_bits[l].resize((n + 63) / 64);
          probe_lookup(*sc.lookups, l, keys.data(), key_valid.data(), batch.num_rows, lookup_values[l].data(),
                       lookup_bits[l].data());
          cols[plan.lookups[l].slot].values = lookup_values[l].data();
          cols[plan.lookups[l].slot].validity = lookup_bits[l].data();
        }
        for (int p : item_passes[k]) {
          PassState& st = *local[t][p];
          sc.kernels[p](st.ctx(), cols.data(), batch.num_rows);
          if (st.ctx()->error) {
            std::string metrics;
            for (const auto& m : plan.passes[p].metrics) metrics += (metrics.empty() ? "`" : ", `") + m + "`";
            std::string what = st.ctx()->error == kErrOutOfMemory ? "out of memory" : "integer overflow";
            fail({static_cast<int>(st.ctx()->error), reader->path(),
                  what + " while computing " + (metrics.empty() ? std::string("a value") : metrics) +
                      " over source `" + source.name + "`"});
            return;
          }
        }
        offset += batch.num_rows;
        if (sc.memory_limit && state_bytes_now() > sc.memory_limit) {
          ScanError e{kErrOutOfMemory, "", "over the memory limit"};
          e.over_budget = true;
          e.used = state_bytes_now();
          e.done = total_rows ? static_cast<double>(rows_done.load() + offset) / static_cast<double>(total_rows) : 1;
          fail(std::move(e));
          return;
        }
      }
      rows_done += offset;
    }
  };
  auto worker = [&](int t) { failure.run([&] { work(t); }); };
  // Progress: after a second, a line on stderr updated every 200 ms, erased at the end.
  std::mutex progress_mu;
  std::condition_variable progress_cv;
  bool scan_done = false;
  std::thread progress;
  if (sc.progress && !items.empty()) {
    // Files and rows, not chunks: "scanning 2 files: 45% (1,234,567 of 2,743,480 rows)".
    std::set<std::string> paths;
    for (const Item& item : items) paths.insert(sc.readers[item.source]->path());
    auto grouped = [](int64_t v) {
      std::string digits = std::to_string(v), out;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
      }
      return out;
    };
    progress = std::thread([&, total_rows, paths, grouped] {
      auto start = std::chrono::steady_clock::now();
      bool shown = false;
      std::unique_lock<std::mutex> lock(progress_mu);
      while (!progress_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return scan_done; })) {
        if (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) continue;
        int64_t done = std::min(rows_done.load(), total_rows);
        std::string what = paths.size() == 1 ? *paths.begin() : std::to_string(paths.size()) + " files";
        if (split.parts)  // under the memory limit: "scanning events.parquet (part 3 of 8): 45% (...)"
          what += " (part " + std::to_string(split.part + 1) + " of " + std::to_string(split.parts) + ")";
        std::fprintf(stderr, "\r\033[Kscanning %s: %3d%% (%s of %s rows)", what.c_str(),
                     total_rows ? static_cast<int>(100 * done / total_rows) : 0, grouped(done).c_str(),
                     grouped(total_rows).c_str());
        std::fflush(stderr);
        shown = true;
      }
      if (shown) std::fprintf(stderr, "\r\033[K");
    });
  }
  if (nthreads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < nthreads; ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
  }
  if (progress.joinable()) {
    {
      std::lock_guard<std::mutex> lock(progress_mu);
      scan_done = true;
    }
    progress_cv.notify_all();
    progress.join();
  }
  if (!failure.finish()) return false;
  // Partitioned tables: every thread sends what it holds of the others' groups, then (once all have
  // sent) folds in what it received, each thread its own tables.
  bool any_partitioned = std::any_of(exchanges.begin(), exchanges.end(),
                                     [](const auto& e) { return e && e->partitioned.load(); });
  if (any_partitioned) {
    auto each_thread = [&](auto step) {
      std::vector<std::thread> pool;
      for (int t = 0; t < nthreads; ++t)
        pool.emplace_back([&, t] {
          failure.run([&] {
            for (const auto& pass : plan.passes)
              if (exchanges[pass.id]) step(local[t][pass.id]->own_groups());
          });
        });
      for (auto& th : pool) th.join();
    };
    each_thread([](GroupTable& g) { g.finish_send(); });
    if (!failure.finish()) return false;
    each_thread([](GroupTable& g) { g.finish_receive(); });
    if (!failure.finish()) return false;
  } else {
    for (int t = 0; t < nthreads; ++t)  // no table partitioned: nothing was sent, the threads' tables merge
      for (const auto& pass : plan.passes)
        if (exchanges[pass.id]) local[t][pass.id]->own_groups().finish_receive();
  }
  for (const auto& pass : plan.passes) {
    if (!runs(pass)) continue;
    auto merged = std::move(local[0][pass.id]);
    if (exchanges[pass.id] && exchanges[pass.id]->partitioned.load()) {
      std::vector<std::unique_ptr<PassState>> others;
      for (int t = 1; t < nthreads; ++t) others.push_back(std::move(local[t][pass.id]));
      merged->adopt(std::move(others));
    } else {
      for (int t = 1; t < nthreads; ++t) merged->merge_from(*local[t][pass.id]);
    }
    if (merged->ctx()->error) {
      fail({static_cast<int>(merged->ctx()->error), "", "integer overflow while merging sums of `" +
                                                            (pass.metrics.empty() ? std::string("?") : pass.metrics[0]) + "`"});
      return false;
    }
    try {
      merged->resolve_funnels();
    } catch (const std::bad_alloc&) {
      fail({kErrOutOfMemory, "", "out of memory while counting the funnels of `" +
                                     (pass.metrics.empty() ? std::string("?") : pass.metrics[0]) + "`"});
      return false;
    }
    states[pass.id] = std::move(merged);
  }
  return true;
}

// The names of the metrics the passes of `stage` serve (those that can run in parts, or all).
std::string stage_metrics(const ScanPlan& plan, int stage, bool splittable_only) {
  std::set<std::string> seen;
  std::string out;
  for (const auto& pass : plan.passes) {
    if (pass.stage != stage || (splittable_only && !pass.splittable)) continue;
    for (const auto& m : pass.metrics)
      if (seen.insert(m).second && seen.size() <= 4) out += (out.empty() ? "`" : ", `") + m + "`";
  }
  if (seen.size() > 4) out += " and " + std::to_string(seen.size() - 4) + " more";
  return out.empty() ? "the metrics" : out;
}

}  // namespace

bool run_stage(ScanContext& sc, int stage, std::vector<std::unique_ptr<PassState>>& states, ScanError& err) {
  if (!sc.memory_limit) return scan_stage(sc, stage, states, err, {});
  const ScanPlan& plan = *sc.plan;
  const size_t before = state_bytes_now();  // earlier stages' states
  ScanError first;
  if (scan_stage(sc, stage, states, first, {})) return true;
  if (!first.over_budget) {
    err = std::move(first);
    return false;
  }
  release_free_memory();
  const std::string limit = format_bytes(sc.memory_limit);
  auto too_big = [&](const std::string& why) {
    err = {kErrOutOfMemory, "",
           "the aggregate state of " + stage_metrics(plan, stage, false) + " needs more memory than --memory-limit " +
               limit + " allows (" + why + "); raise the limit"};
    return false;
  };
  bool any = std::any_of(plan.passes.begin(), plan.passes.end(),
                         [&](const ScanPass& p) { return p.stage == stage && (p.splittable || p.value_split); });
  if (!any) return too_big("none of its aggregates can be computed in parts");
  if (before >= sc.memory_limit) return too_big("earlier stages' results and the key indexes of related sources already hold " +
                                                 format_bytes(before));
  // What a scan would grow to, from what it held when it passed the limit and the share of rows it had read.
  auto projected = [](const ScanError& e, size_t base) {
    return static_cast<double>(e.used > base ? e.used - base : 0) / std::max(e.done, 0.02);
  };
  // Parts: enough for each to need half of what is left under the limit.
  auto parts_for = [&](double need, size_t base, int at_least) {
    double room = static_cast<double>(sc.memory_limit > base ? sc.memory_limit - base : 1);
    double n = std::ceil(2.0 * need / room);
    return static_cast<int>(std::clamp(n, static_cast<double>(at_least), double{ScanContext::kMaxParts}));
  };
  double need = projected(first, before);  // of the whole stage, then of one part
  int parts = parts_for(need, before, 2);
  for (;;) {
    std::vector<std::unique_ptr<PassState>> out(states.size());
    const size_t start = state_bytes_now();
    size_t after_first = start;
    bool over = false;
    for (int k = 0; k < parts && !over; ++k) {
      std::vector<std::unique_ptr<PassState>> got(states.size());
      const size_t base = state_bytes_now();
      ScanError e;
      if (!scan_stage(sc, stage, got, e, {parts, k})) {
        if (!e.over_budget) {
          err = std::move(e);
          return false;
        }
        // A part that does not fit: more parts, unless the last split did not make parts smaller (what
        // fills the memory is not divided by the groups: an ungrouped distinct set, a funnel...).
        double part_need = projected(e, base);
        if (parts >= ScanContext::kMaxParts || part_need > 0.7 * need)
          return too_big("in " + std::to_string(parts) + " parts of its groups, a part still holds " +
                         format_bytes(e.used) + " before it ends");
        int more = parts_for(part_need * parts, base, 2 * parts);
        need = part_need;
        parts = more;
        over = true;
        break;
      }
      try {
        for (const auto& pass : plan.passes) {
          if (pass.stage != stage || !got[pass.id]) continue;
          if (pass.streamed && sc.on_part) {
            sc.on_part(pass.id, k, got[pass.id]);
            continue;
          }
          if (k > 0 && pass.value_split) {
            out[pass.id]->add_distinct_counts(*got[pass.id]);
            continue;
          }
          if (!pass.reducible || (!pass.splittable && pass.layout.keys > 0)) {
            out[pass.id] = std::move(got[pass.id]);
            continue;
          }
          if (!out[pass.id])
            out[pass.id] = std::make_unique<PassState>(PassState::final_layout(pass.layout), sc.params.data(),
                                                       sc.param_valid.data(), sc.pool);
          out[pass.id]->absorb_final(*got[pass.id]);
        }
      } catch (const std::bad_alloc&) {
        err = {kErrOutOfMemory, "", "out of memory while combining the parts of " + stage_metrics(plan, stage, true)};
        return false;
      }
      got.clear();
      release_free_memory();
      // The parts' results alone do not fit (or will not, at the rate the parts so far add them): more
      // parts cannot help.
      // Part 0 also holds the passes that run whole: the rate is that of the parts after it.
      const size_t held = state_bytes_now();
      if (k == 0) after_first = held;
      const double will_hold =
          k == 0 ? 0
                 : static_cast<double>(held) +
                       static_cast<double>(held > after_first ? held - after_first : 0) / k * (parts - 1 - k);
      if (held > sc.memory_limit || will_hold > 1.2 * static_cast<double>(sc.memory_limit)) {
        size_t groups = 0;
        for (const auto& pass : plan.passes)
          if (pass.splittable && out[pass.id]) groups += out[pass.id]->groups().size();
        return too_big("after " + std::to_string(k + 1) + " of " + std::to_string(parts) + " parts, their " +
                       std::to_string(groups) + " groups alone hold " + format_bytes(held - std::min(held, start)) +
                       (held > sc.memory_limit ? std::string() : ", on the way to " + format_bytes(static_cast<size_t>(will_hold))));
      }
    }
    if (!over) {
      for (const auto& pass : plan.passes)
        if (pass.stage == stage) states[pass.id] = std::move(out[pass.id]);
      sc.parts_used = std::max(sc.parts_used, parts);
      return true;
    }
    out.clear();
    release_free_memory();
  }
}

}  // namespace kpic::exec
