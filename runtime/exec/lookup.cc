// materialize_lookups: see lookup.h. Columns are read whole (whole_column.h), as lag columns are; keys
// and values travel as 8-byte cells (strings as global ids, so equal texts of two sources compare equal).
#include "runtime/exec/lookup.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "runtime/exec/group_table.h"
#include "runtime/exec/time_bucket.h"
#include "runtime/exec/whole_column.h"

namespace kpic::exec {
namespace {

// Column `col` of source `s`, whole: values, validity and each chunk's first row.
bool read_column(ScanContext& sc, int s, int col, LagColumn& out, ScanError& err) {
  std::vector<LagColumn> read;
  if (!read_whole_columns(sc, s, {col}, read, err)) return false;
  out = std::move(read[0]);
  return true;
}

// A key value as the user wrote it, for the duplicate-key message.
std::string key_text(ValueType t, int64_t v, const StringPool& pool) {
  char buf[64];
  switch (t) {
    case ValueType::String: return "\"" + pool.str(v) + "\"";
    case ValueType::Bool: return v ? "true" : "false";
    case ValueType::Float: {
      double d;
      std::memcpy(&d, &v, 8);
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    case ValueType::Date: {
      CivilDate c = civil_from_days(v);
      std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02d-%02d", c.year, c.month, c.day);
      return buf;
    }
    case ValueType::Timestamp: {
      int64_t days = days_of_us(v);
      CivilDate c = civil_from_days(days);
      int64_t us = v - days * kUsPerDay;
      std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                    static_cast<int>(us / kUsPerHour), static_cast<int>(us / 60000000 % 60),
                    static_cast<int>(us / kUsPerSecond % 60));
      return buf;
    }
    default: return std::to_string(v);
  }
}

// Key -> row of a referenced source: a direct array when the keys are dense integers, else a hash table.
class KeyIndex {
 public:
  // False (err set) when a key repeats.
  bool build(const LagColumn& key, ValueType type, const std::string& source, const std::string& column,
             const StringPool& pool, ScanError& err) {
    size_t n = key.values.size();
    int64_t kmin = INT64_MAX, kmax = INT64_MIN;
    bool integral = type == ValueType::Int || type == ValueType::Date;
    for (size_t r = 0; r < n; ++r)
      if (key.valid[r]) kmin = std::min(kmin, key.values[r]), kmax = std::max(kmax, key.values[r]);
    dense_ = integral && kmin <= kmax && static_cast<uint64_t>(kmax) - static_cast<uint64_t>(kmin) < 4 * n + 1024;
    kmin_ = kmin;
    if (dense_) direct_.assign(static_cast<size_t>(kmax - kmin) + 1, 0);
    for (size_t r = 0; r < n; ++r) {
      if (!key.valid[r]) continue;  // a null key matches nothing
      int64_t* slot = dense_ ? &direct_[static_cast<size_t>(key.values[r] - kmin)]
                             : reinterpret_cast<int64_t*>(table_.find_or_insert(&key.values[r], 0));
      if (*slot) {
        err = {720, "", "the key `" + column + "` of source `" + source + "` is not unique: " +
                            key_text(type, key.values[r], pool) + " appears more than once"};
        return false;
      }
      *slot = static_cast<int64_t>(r) + 1;
    }
    table_.flush();
    return true;
  }

  // The row whose key is `v`, or -1.
  int64_t find(int64_t v) {
    if (dense_) {
      if (v < kmin_ || static_cast<uint64_t>(v) - static_cast<uint64_t>(kmin_) >= direct_.size()) return -1;
      return direct_[static_cast<size_t>(v - kmin_)] - 1;
    }
    const char* p = table_.find(&v, 0);
    if (!p) return -1;
    int64_t row;
    std::memcpy(&row, p, 8);
    return row - 1;
  }

 private:
  bool dense_ = false;
  int64_t kmin_ = 0;
  std::vector<int64_t> direct_;
  GroupTable table_{1, 8};
};

}  // namespace

bool materialize_lookups(ScanContext& sc, ScanError& err) {
  const ScanPlan& plan = *sc.plan;
  sc.lookups.assign(plan.lookups.size(), {});
  if (plan.lookups.empty()) return true;
  // Shared across lookups: whole columns read, key indexes, and the join index of each chain of hops
  // (for every row of the referencing source, the row reached in the last hop's source, or -1).
  std::map<std::pair<int, int>, LagColumn> columns;
  std::map<std::pair<int, int>, std::unique_ptr<KeyIndex>> keys;
  std::map<std::vector<std::tuple<int, int, int, int>>, std::vector<int64_t>> chains;
  auto column = [&](int s, int c, const LagColumn*& out) {
    auto it = columns.find({s, c});
    if (it == columns.end()) {
      LagColumn col;
      if (!read_column(sc, s, c, col, err)) return false;
      it = columns.emplace(std::make_pair(s, c), std::move(col)).first;
    }
    out = &it->second;
    return true;
  };
  for (size_t l = 0; l < plan.lookups.size(); ++l) {
    const ScanLookup& spec = plan.lookups[l];
    std::vector<std::tuple<int, int, int, int>> path;
    const std::vector<int64_t>* rows = nullptr;  // join index of the hops so far
    for (const ScanLookupHop& hop : spec.hops) {
      path.emplace_back(hop.from, hop.column, hop.to, hop.key);
      if (auto it = chains.find(path); it != chains.end()) {
        rows = &it->second;
        continue;
      }
      const LagColumn *ref = nullptr, *key = nullptr;
      if (!column(hop.from, hop.column, ref) || !column(hop.to, hop.key, key)) return false;
      auto kit = keys.find({hop.to, hop.key});
      if (kit == keys.end()) {
        auto index = std::make_unique<KeyIndex>();
        const ScanSource& to = plan.sources[hop.to];
        if (!index->build(*key, to.schema.fields[hop.key].type, to.name, to.schema.fields[hop.key].name, *sc.pool, err)) {
          if (sc.readers[hop.to]) err.path = sc.readers[hop.to]->path();
          return false;
        }
        kit = keys.emplace(std::make_pair(hop.to, hop.key), std::move(index)).first;
      }
      // Row of `from` -> row of `to`, then composed with the chain so far (rows of the first source).
      std::vector<int64_t> hop_rows(ref->values.size(), -1);
      for (size_t r = 0; r < hop_rows.size(); ++r)
        if (ref->valid[r]) hop_rows[r] = kit->second->find(ref->values[r]);
      if (rows) {
        std::vector<int64_t> composed(rows->size(), -1);
        for (size_t r = 0; r < composed.size(); ++r)
          if ((*rows)[r] >= 0) composed[r] = hop_rows[static_cast<size_t>((*rows)[r])];
        hop_rows = std::move(composed);
      }
      rows = &chains.emplace(path, std::move(hop_rows)).first->second;
    }
    const LagColumn *values = nullptr, *first = nullptr;
    if (!column(spec.hops.back().to, spec.value_col, values)) return false;
    if (!column(spec.source, spec.hops.front().column, first)) return false;
    LagColumn& out = sc.lookups[l];
    out.chunk_start = first->chunk_start;
    out.values.assign(rows->size(), 0);
    out.valid.assign(rows->size(), 0);
    for (size_t r = 0; r < rows->size(); ++r) {
      int64_t at = (*rows)[r];
      if (at < 0) continue;
      out.values[r] = values->values[static_cast<size_t>(at)];
      out.valid[r] = values->valid[static_cast<size_t>(at)];
    }
  }
  return true;
}

}  // namespace kpic::exec
