// materialize_lags: lag(e, KEY, ORDER) as a column over a whole source. The value, key and order
// columns are read once, rows are sorted by (key, order, position) and each row takes the value of
// the row before it in the same key (null on a key's first row; null keys form one partition, null
// orders sort last, as in SQL window functions). Data usually arrives in time order already: one pass
// with a hash table (key -> the key's last row) then gives every row its predecessor, and the sort is
// only done when some key's rows turn out not to be in order.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <numeric>
#include <string>
#include <utility>
#include <thread>

#include "runtime/exec/group_table.h"
#include "runtime/exec/scanner.h"
#include "runtime/exec/worker_failure.h"

namespace kpic::exec {
namespace {

// 8-byte representation of row r of `col` (strings as global ids); false when null.
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

// String orders arrive as global ids (equal texts, equal ids, but ordered by first appearance): each
// becomes the rank of its text among the texts used, so that comparing them orders by text.
void rank_by_text(std::vector<int64_t>& order, const std::vector<uint8_t>& valid, const StringPool& pool) {
  int64_t max_id = -1;
  for (size_t r = 0; r < order.size(); ++r)
    if (valid[r]) max_id = std::max(max_id, order[r]);
  std::vector<int64_t> rank(static_cast<size_t>(max_id + 1), -1);
  for (size_t r = 0; r < order.size(); ++r)
    if (valid[r] && order[r] >= 0) rank[static_cast<size_t>(order[r])] = 0;
  std::vector<std::pair<std::string, int64_t>> texts;
  for (size_t id = 0; id < rank.size(); ++id)
    if (rank[id] == 0) texts.emplace_back(pool.str(static_cast<int64_t>(id)), static_cast<int64_t>(id));
  std::sort(texts.begin(), texts.end());
  for (size_t i = 0; i < texts.size(); ++i) rank[static_cast<size_t>(texts[i].second)] = static_cast<int64_t>(i);
  for (size_t r = 0; r < order.size(); ++r)
    if (valid[r] && order[r] >= 0) order[r] = rank[static_cast<size_t>(order[r])];
}

}  // namespace

bool materialize_lags(ScanContext& sc, ScanError& err) {
  const ScanPlan& plan = *sc.plan;
  sc.lags.assign(plan.lags.size(), {});
  for (size_t l = 0; l < plan.lags.size(); ++l) {
    const ScanLag& spec = plan.lags[l];
    LagColumn& out = sc.lags[l];
    const TableReader* reader = sc.readers[spec.source];
    if (!reader) continue;
    const Schema& schema = plan.sources[spec.source].schema;
    ValueType order_type = schema.fields[spec.order_col].type;
    std::vector<int64_t> key, order;
    std::vector<uint8_t> key_valid, order_valid;
    std::vector<int> cols = {spec.value_col, spec.key_col, spec.order_col};
    // Chunks are read in parallel, each into its own rows of the whole-source arrays.
    int nchunks = reader->num_chunks();
    int64_t total = 0;
    for (int c = 0; c < nchunks; ++c) {
      out.chunk_start.push_back(total);
      total += reader->chunk_rows(c);
    }
    auto n = static_cast<size_t>(total);
    out.values.assign(n, 0);
    out.valid.assign(n, 0);
    key.assign(n, 0);
    key_valid.assign(n, 0);
    order.assign(n, 0);
    order_valid.assign(n, 0);
    std::atomic<int> next{0};
    WorkerFailure failure(err);
    auto fail = [&](ScanError e) { failure.fail(std::move(e)); };
    auto work = [&] {
      DictCache dicts;
      std::vector<Batch> batches;
      for (int c; !failure.failed() && (c = next.fetch_add(1)) < nchunks;) {
        batches.clear();
        try {
          reader->read_chunk(c, cols, batches);
        } catch (...) {
          return fail(read_error(*reader));
        }
        int64_t row = out.chunk_start[c], end = c + 1 < nchunks ? out.chunk_start[c + 1] : total;
        for (const Batch& b : batches) {
          for (int k = 0; k < 3; ++k)
            if (b.columns.size() != 3 || b.columns[k].type != schema.fields[cols[k]].type)
              return fail({706, reader->path(),
                           "column `" + schema.fields[cols[k]].name + "` has another type in the data than declared"});
          if (b.num_rows > end - row) return fail({702, reader->path(), "a chunk holds more rows than its metadata says"});
          for (const Column& col : b.columns)
            if (col.length < b.num_rows || (col.type == ValueType::String && !col.dict))
              return fail({702, reader->path(), "a batch column is shorter than the batch or lacks its dictionary"});
          const int64_t* ids[3];
          for (int k = 0; k < 3; ++k) ids[k] = dicts.ids(*sc.pool, b.columns[k].dict);
          for (int64_t r = 0; r < b.num_rows; ++r, ++row) {
            out.valid[row] = cell(b.columns[0], r, ids[0], out.values[row]);
            key_valid[row] = cell(b.columns[1], r, ids[1], key[row]);
            order_valid[row] = cell(b.columns[2], r, ids[2], order[row]);
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
    if (!failure.finish()) return false;
    if (order_type == ValueType::String) rank_by_text(order, order_valid, *sc.pool);
    auto order_less = [&](int64_t a, int64_t b) {
      if (order_valid[a] != order_valid[b]) return order_valid[a] > order_valid[b];
      if (!order_valid[a]) return false;
      if (order_type == ValueType::Float) {
        double x, y;
        std::memcpy(&x, &order[a], 8);
        std::memcpy(&y, &order[b], 8);
        return x < y;
      }
      return order[a] < order[b];
    };
    std::vector<int64_t> lag_values(n, 0);
    std::vector<uint8_t> lag_valid(n, 0);
    bool in_order = true;
    {
      // key -> 1 + its latest row: a direct array when keys are dense integers (ids usually are; the
      // sweep then walks the array in order), else a hash table.
      int64_t kmin = INT64_MAX, kmax = INT64_MIN;
      for (size_t r = 0; r < n; ++r)
        if (key_valid[r]) kmin = std::min(kmin, key[r]), kmax = std::max(kmax, key[r]);
      bool dense = kmin <= kmax && static_cast<uint64_t>(kmax) - static_cast<uint64_t>(kmin) < 4 * n + 1024;
      std::vector<int64_t> direct(dense ? static_cast<size_t>(kmax - kmin) + 2 : 0, 0);
      GroupTable table(1, 8);
      for (size_t r = 0; r < n && in_order; ++r) {
        int64_t* latest;
        if (dense) latest = &direct[key_valid[r] ? static_cast<size_t>(key[r] - kmin) : direct.size() - 1];
        else latest = reinterpret_cast<int64_t*>(table.find_or_insert(&key[r], key_valid[r] ? 0 : 1));
        if (int64_t prev = *latest) {
          auto a = static_cast<size_t>(prev - 1);
          in_order = !order_less(static_cast<int64_t>(r), static_cast<int64_t>(a));
          lag_values[r] = out.values[a];
          lag_valid[r] = out.valid[a];
        }
        *latest = static_cast<int64_t>(r) + 1;
      }
    }
    if (!in_order) {
      std::vector<int64_t> idx(n);
      std::iota(idx.begin(), idx.end(), 0);
      std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) {
        if (key_valid[a] != key_valid[b]) return key_valid[a] > key_valid[b];
        if (key_valid[a] && key[a] != key[b]) return key[a] < key[b];
        return order_less(a, b);
      });
      std::fill(lag_values.begin(), lag_values.end(), 0);
      std::fill(lag_valid.begin(), lag_valid.end(), 0);
      for (size_t j = 1; j < n; ++j) {
        int64_t a = idx[j - 1], b = idx[j];
        bool same = key_valid[a] == key_valid[b] && (!key_valid[a] || key[a] == key[b]);
        if (!same) continue;
        lag_values[b] = out.values[a];
        lag_valid[b] = out.valid[a];
      }
    }
    out.values = std::move(lag_values);
    out.valid = std::move(lag_valid);
  }
  return true;
}

}  // namespace kpic::exec
