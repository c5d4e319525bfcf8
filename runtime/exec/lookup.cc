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

}  // namespace

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
  int64_t find(int64_t v) const {
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

  // Dense keys: key - kmin() indexes direct(), which holds each key's row + 1 (0 = no row).
  bool dense() const { return dense_; }
  int64_t kmin() const { return kmin_; }
  const std::vector<int64_t>& direct() const { return direct_; }

 private:
  bool dense_ = false;
  int64_t kmin_ = 0;
  std::vector<int64_t> direct_;
  mutable GroupTable table_{1, 8};  // find() only reads: the scan threads probe it together
};


LookupTables::LookupTables() = default;
LookupTables::~LookupTables() = default;

bool materialize_lookups(ScanContext& sc, ScanError& err) {
  const ScanPlan& plan = *sc.plan;
  auto tables = std::make_shared<LookupTables>();
  tables->probes.resize(plan.lookups.size());
  sc.lookups = tables;
  if (plan.lookups.empty()) return true;
  LookupTables& t = *tables;
  auto column = [&](int s, int c, const LagColumn*& out) {
    auto it = t.columns.find({s, c});
    if (it == t.columns.end()) {
      LagColumn col;
      if (!read_column(sc, s, c, col, err)) return false;
      it = t.columns.emplace(std::make_pair(s, c), std::move(col)).first;
    }
    out = &it->second;
    return true;
  };
  auto key_index = [&](const ScanLookupHop& hop, const KeyIndex*& out) {
    auto kit = t.keys.find({hop.to, hop.key});
    if (kit == t.keys.end()) {
      const LagColumn* key = nullptr;
      if (!column(hop.to, hop.key, key)) return false;
      auto index = std::make_unique<KeyIndex>();
      const ScanSource& to = plan.sources[hop.to];
      if (!index->build(*key, to.schema.fields[hop.key].type, to.name, to.schema.fields[hop.key].name, *sc.pool, err)) {
        if (sc.readers[hop.to]) err.path = sc.readers[hop.to]->path();
        return false;
      }
      kit = t.keys.emplace(std::make_pair(hop.to, hop.key), std::move(index)).first;
    }
    out = kit->second.get();
    return true;
  };
  for (size_t l = 0; l < plan.lookups.size(); ++l) {
    const ScanLookup& spec = plan.lookups[l];
    LookupTables::Probe& probe = t.probes[l];
    probe.source = spec.source;
    probe.ref_col = spec.hops.front().column;
    if (!key_index(spec.hops.front(), probe.first)) return false;
    // Hops past the first: rows of the first referenced source -> rows of the last, composed hop by hop
    // and shared by every lookup that follows the same path.
    std::vector<std::tuple<int, int, int, int>> path;
    const std::vector<int64_t>* rows = nullptr;
    for (size_t h = 1; h < spec.hops.size(); ++h) {
      const ScanLookupHop& hop = spec.hops[h];
      path.emplace_back(hop.from, hop.column, hop.to, hop.key);
      if (auto it = t.chains.find(path); it != t.chains.end()) {
        rows = &it->second;
        continue;
      }
      const LagColumn* ref = nullptr;
      const KeyIndex* index = nullptr;
      if (!column(hop.from, hop.column, ref) || !key_index(hop, index)) return false;
      std::vector<int64_t> hop_rows(ref->values.size(), -1);
      for (size_t r = 0; r < hop_rows.size(); ++r)
        if (ref->valid[r]) hop_rows[r] = index->find(ref->values[r]);
      if (rows) {
        std::vector<int64_t> composed(rows->size(), -1);
        for (size_t r = 0; r < composed.size(); ++r)
          if ((*rows)[r] >= 0) composed[r] = hop_rows[static_cast<size_t>((*rows)[r])];
        hop_rows = std::move(composed);
      }
      rows = &t.chains.emplace(path, std::move(hop_rows)).first->second;
    }
    probe.tail = rows;
    if (!column(spec.hops.back().to, spec.value_col, probe.values)) return false;
    // Dense keys: each key's value resolved through the chain now, so the scan reads one slot per row
    // (and a last slot that matches nothing, for null and out-of-range keys).
    if (probe.first->dense()) {
      const std::vector<int64_t>& direct = probe.first->direct();
      probe.dense_values.assign(direct.size() + 1, 0);
      probe.dense_valid.assign(direct.size() + 1, 0);
      for (size_t k = 0; k < direct.size(); ++k) {
        int64_t at = direct[k] - 1;
        if (at >= 0 && probe.tail) at = (*probe.tail)[static_cast<size_t>(at)];
        if (at < 0 || !probe.values->valid[static_cast<size_t>(at)]) continue;
        probe.dense_values[k] = probe.values->values[static_cast<size_t>(at)];
        probe.dense_valid[k] = 1;
      }
    }
  }
  return true;
}

void probe_lookup(const LookupTables& tables, size_t l, const int64_t* keys, const uint8_t* key_valid, int64_t n,
                  int64_t* values, uint64_t* bits) {
  const LookupTables::Probe& p = tables.probes[l];
  std::fill(bits, bits + (n + 63) / 64, uint64_t{0});
  if (!p.dense_values.empty()) {  // branch-free, so the loads of several rows overlap
    uint64_t kmin = static_cast<uint64_t>(p.first->kmin()), none = p.dense_values.size() - 1;
    for (int64_t r = 0; r < n; ++r) {
      uint64_t off = static_cast<uint64_t>(keys[r]) - kmin;
      off = key_valid[r] && off < none ? off : none;
      values[r] = p.dense_values[off];
      bits[r >> 6] |= uint64_t{p.dense_valid[off]} << (r & 63);
    }
    return;
  }
  for (int64_t r = 0; r < n; ++r) {
    values[r] = 0;
    if (!key_valid[r]) continue;
    int64_t at = p.first->find(keys[r]);
    if (at >= 0 && p.tail) at = (*p.tail)[static_cast<size_t>(at)];
    if (at < 0 || !p.values->valid[static_cast<size_t>(at)]) continue;
    values[r] = p.values->values[static_cast<size_t>(at)];
    bits[r >> 6] |= uint64_t{1} << (r & 63);
  }
}

}  // namespace kpic::exec
