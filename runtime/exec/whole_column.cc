// cell, read_whole_columns: see whole_column.h.
#include "runtime/exec/whole_column.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "runtime/exec/worker_failure.h"

namespace kpic::exec {

bool cell(const Column& col, int64_t r, const int64_t* ids, int64_t& out) {
  if (!col.is_valid(r)) return false;
  switch (col.type) {
    case ValueType::Bool: out = col.data<uint8_t>()[r] ? 1 : 0; break;
    case ValueType::Date: out = col.data<int32_t>()[r]; break;
    case ValueType::String: out = ids[col.data<int32_t>()[r]]; break;
    default: out = col.data<int64_t>()[r]; break;  // Int, Timestamp, Float bits
  }
  return true;
}

bool read_whole_columns(ScanContext& sc, int s, const std::vector<int>& cols, std::vector<LagColumn>& out,
                        ScanError& err) {
  const Schema& schema = sc.plan->sources[s].schema;
  const TableReader* reader = sc.readers[s];
  size_t ncols = cols.size();
  out.assign(ncols, {});
  if (!reader) return true;
  int nchunks = reader->num_chunks();
  std::vector<int64_t> chunk_start;
  int64_t total = 0;
  for (int c = 0; c < nchunks; ++c) {
    chunk_start.push_back(total);
    total += reader->chunk_rows(c);
  }
  for (LagColumn& o : out) {
    o.chunk_start = chunk_start;
    o.values.resize(static_cast<size_t>(total));  // unwritten: the workers write every row
    o.valid.resize(static_cast<size_t>(total));
  }
  // Chunks are read in parallel, each into its own rows of the whole-source arrays.
  std::atomic<int> next{0};
  WorkerFailure failure(err);
  auto fail = [&](ScanError e) { failure.fail(std::move(e)); };
  auto work = [&] {
    DictCache dicts;
    std::vector<Batch> batches;
    std::vector<const int64_t*> ids(ncols);
    for (int c; !failure.failed() && (c = next.fetch_add(1)) < nchunks;) {
      batches.clear();
      try {
        reader->read_chunk(c, cols, batches);
      } catch (...) {
        return fail(read_error(*reader));
      }
      int64_t row = chunk_start[c], end = c + 1 < nchunks ? chunk_start[c + 1] : total;
      for (const Batch& b : batches) {
        for (size_t k = 0; k < ncols; ++k)
          if (b.columns.size() != ncols || b.columns[k].type != schema.fields[cols[k]].type)
            return fail({706, reader->path(),
                         "column `" + schema.fields[cols[k]].name + "` has another type in the data than declared"});
        if (b.num_rows > end - row) return fail({702, reader->path(), "a chunk holds more rows than its metadata says"});
        for (const Column& col : b.columns)
          if (col.length < b.num_rows || (col.type == ValueType::String && !col.dict))
            return fail({702, reader->path(), "a batch column is shorter than the batch or lacks its dictionary"});
        for (size_t k = 0; k < ncols; ++k) ids[k] = dicts.ids(*sc.pool, b.columns[k].dict);
        for (int64_t r = 0; r < b.num_rows; ++r, ++row)
          for (size_t k = 0; k < ncols; ++k) {
            int64_t v = 0;  // a null row's value is 0 (keys are hashed with it)
            out[k].valid[row] = cell(b.columns[k], r, ids[k], v);
            out[k].values[row] = v;
          }
      }
      if (row != end) return fail({702, reader->path(), "a chunk holds fewer rows than its metadata says"});
    }
  };
  auto worker = [&] { failure.run(work); };
  int nthreads = std::max(1, std::min(sc.threads, nchunks));
  std::vector<std::thread> pool;
  for (int t = 1; t < nthreads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return failure.finish();
}

}  // namespace kpic::exec
