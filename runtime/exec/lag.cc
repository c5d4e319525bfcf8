// materialize_lags: lag(e, KEY, ORDER) as a column over a whole source. The value, key and order
// columns are read once, rows are sorted by (key, order, position) and each row takes the value of
// the row before it in the same key (null on a key's first row; null keys form one partition, null
// orders sort last, as in SQL window functions). Data usually arrives in time order already: one pass
// with a hash table (key -> the key's last row) then gives every row its predecessor, and the sort is
// only done when some key's rows turn out not to be in order.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>
#include <utility>

#include "runtime/exec/group_table.h"
#include "runtime/exec/scanner.h"
#include "runtime/exec/whole_column.h"

namespace kpic::exec {
namespace {

// String orders arrive as global ids (equal texts, equal ids, but ordered by first appearance): each
// becomes the rank of its text among the texts used, so that comparing them orders by text.
void rank_by_text(BulkVector<int64_t>& order, const BulkVector<uint8_t>& valid, const StringPool& pool) {
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
    std::vector<LagColumn> read;
    if (!read_whole_columns(sc, spec.source, {spec.value_col, spec.key_col, spec.order_col}, read, err)) return false;
    out = std::move(read[0]);
    BulkVector<int64_t> key = std::move(read[1].values), order = std::move(read[2].values);
    BulkVector<uint8_t> key_valid = std::move(read[1].valid), order_valid = std::move(read[2].valid);
    auto n = out.values.size();
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
    BulkVector<int64_t> lag_values(n);  // unwritten: each path below writes every row
    BulkVector<uint8_t> lag_valid(n);
    bool in_order = true;
    {
      // key -> 1 + its latest row: a direct array when keys are dense integers (ids usually are; the
      // sweep then walks the array in order), else a hash table.
      int64_t kmin = INT64_MAX, kmax = INT64_MIN;
      for (size_t r = 0; r < n; ++r)
        if (key_valid[r]) kmin = std::min(kmin, key[r]), kmax = std::max(kmax, key[r]);
      bool dense = kmin <= kmax && static_cast<uint64_t>(kmax) - static_cast<uint64_t>(kmin) < 4 * n + 1024;
      BulkVector<int64_t> direct(dense ? static_cast<size_t>(kmax - kmin) + 2 : 0, 0);
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
        } else {
          lag_values[r] = 0;
          lag_valid[r] = 0;
        }
        *latest = static_cast<int64_t>(r) + 1;
      }
    }
    if (!in_order) {
      BulkVector<int64_t> idx(n);
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
