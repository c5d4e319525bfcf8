// materialize_lags: lag(e, KEY, ORDER) as a column over a whole source. The value, key and order
// columns are read once, rows are sorted by (key, order, position) and each row takes the value of
// the row before it in the same key (null on a key's first row; null keys form one partition, null
// orders sort last, as in SQL window functions).
#include <algorithm>
#include <cstring>
#include <numeric>

#include "runtime/exec/scanner.h"

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

}  // namespace

bool materialize_lags(ScanContext& sc, ScanError& err) {
  const plan::Plan& plan = *sc.plan;
  sc.lags.assign(plan.lags.size(), {});
  for (size_t l = 0; l < plan.lags.size(); ++l) {
    const plan::LagSpec& spec = plan.lags[l];
    LagColumn& out = sc.lags[l];
    const TableReader* reader = sc.readers[spec.source];
    if (!reader) continue;
    const Schema& schema = sc.program->sources[spec.source].schema;
    ValueType order_type = schema.fields[spec.order_col].type;
    if (order_type == ValueType::String) {
      err = {902, reader->path(), "lag(): ordering by a string column is not supported yet"};
      return false;
    }
    std::vector<int64_t> key, order;
    std::vector<uint8_t> key_valid, order_valid;
    DictCache dicts;
    std::vector<int> cols = {spec.value_col, spec.key_col, spec.order_col};
    for (int c = 0; c < reader->num_chunks(); ++c) {
      out.chunk_start.push_back(static_cast<int64_t>(out.values.size()));
      std::vector<Batch> batches;
      try {
        reader->read_chunk(c, cols, batches);
      } catch (const DataError& e) {
        err = {e.code, e.path, e.message};
        return false;
      }
      for (const Batch& b : batches) {
        for (int k = 0; k < 3; ++k)
          if (b.columns[k].type != schema.fields[cols[k]].type) {
            err = {706, reader->path(), "column `" + schema.fields[cols[k]].name + "` has another type in the data than declared"};
            return false;
          }
        const int64_t* ids[3];
        for (int k = 0; k < 3; ++k) ids[k] = dicts.ids(*sc.pool, b.columns[k].dict);
        for (int64_t r = 0; r < b.num_rows; ++r) {
          int64_t v = 0, kk = 0, o = 0;
          out.valid.push_back(cell(b.columns[0], r, ids[0], v));
          out.values.push_back(v);
          key_valid.push_back(cell(b.columns[1], r, ids[1], kk));
          key.push_back(kk);
          order_valid.push_back(cell(b.columns[2], r, ids[2], o));
          order.push_back(o);
        }
      }
    }
    size_t n = out.values.size();
    std::vector<int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
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
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) {
      if (key_valid[a] != key_valid[b]) return key_valid[a] > key_valid[b];
      if (key_valid[a] && key[a] != key[b]) return key[a] < key[b];
      return order_less(a, b);
    });
    std::vector<int64_t> lag_values(n, 0);
    std::vector<uint8_t> lag_valid(n, 0);
    for (size_t j = 1; j < n; ++j) {
      int64_t a = idx[j - 1], b = idx[j];
      bool same = key_valid[a] == key_valid[b] && (!key_valid[a] || key[a] == key[b]);
      if (!same) continue;
      lag_values[b] = out.values[a];
      lag_valid[b] = out.valid[a];
    }
    out.values = std::move(lag_values);
    out.valid = std::move(lag_valid);
  }
  return true;
}

}  // namespace kpic::exec
