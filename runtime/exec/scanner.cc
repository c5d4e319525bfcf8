// run_stage: see scanner.h.
#include "runtime/exec/scanner.h"

#include "runtime/exec/chunk_filter.h"
#include "runtime/exec/lookup.h"
#include "runtime/exec/whole_column.h"
#include "runtime/exec/worker_failure.h"

#include <algorithm>
#include <atomic>
#include <chrono>
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

}  // namespace

bool run_stage(ScanContext& sc, int stage, std::vector<std::unique_ptr<PassState>>& states, ScanError& err) {
  const ScanPlan& plan = *sc.plan;
  std::vector<std::vector<int>> passes_of(plan.sources.size());
  for (const auto& pass : plan.passes)
    if (pass.stage == stage) passes_of[pass.source].push_back(pass.id);
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
      if (pass.stage == stage)
        l[pass.id] = std::make_unique<PassState>(pass.layout, sc.params.data(), sc.param_valid.data(), sc.pool);
  }
  // Grouped passes on several threads share an exchange: a thread's table that grows past
  // sc.partition_after groups partitions them by hash (group_table.h), and then so do the others.
  std::vector<std::shared_ptr<GroupExchange>> exchanges(plan.passes.size());
  if (nthreads > 1)
    for (const auto& pass : plan.passes) {
      if (pass.stage != stage || pass.layout.keys == 0) continue;
      exchanges[pass.id] = std::make_shared<GroupExchange>(nthreads, sc.partition_after);
      for (int t = 0; t < nthreads; ++t) local[t][pass.id]->join(exchanges[pass.id], t);
    }
  std::atomic<size_t> next{0};
  std::atomic<int64_t> rows_done{0};  // for the progress line
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
    int64_t total_rows = 0;
    std::set<std::string> paths;
    for (const Item& item : items) {
      total_rows += sc.readers[item.source]->chunk_rows(item.chunk);
      paths.insert(sc.readers[item.source]->path());
    }
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
        std::fprintf(stderr, "\rscanning %s: %3d%% (%s of %s rows)", what.c_str(),
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
    if (pass.stage != stage) continue;
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

}  // namespace kpic::exec
