// Lookup columns: a column of another source seen from each row of a referencing source through
// `references` (a LEFT JOIN on the referenced source's key, many-to-one). Before the scans, the key of
// each referenced source is indexed (and checked unique: KP0720 names the source and a duplicated
// value) and each chain of hops past the first is resolved once over the rows of the first referenced
// source; the scan then probes the index with each batch of the referencing column, so memory grows with
// the referenced sources, never with the rows of the referencing one. Null keys and null references
// match nothing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/exec/scanner.h"

namespace kpic::exec {

class KeyIndex;

// Everything the scans need to compute plan.lookups columns, built by materialize_lookups.
struct LookupTables {
  struct Probe {
    int source = -1, ref_col = -1;          // the referencing source and its first hop's column
    const KeyIndex* first = nullptr;        // key index of the first hop's referenced source
    const std::vector<int64_t>* tail = nullptr;  // its rows -> rows of the last source (chains), or null
    const LagColumn* values = nullptr;      // the value column, whole, in the last source
    // With dense keys: the value (and validity) of each key - first->kmin(), and a last slot of none.
    std::vector<int64_t> dense_values;
    std::vector<uint8_t> dense_valid;
  };
  std::vector<Probe> probes;  // per plan.lookups
  // Storage the probes point into (std::map nodes do not move).
  std::map<std::pair<int, int>, LagColumn> columns;
  std::map<std::pair<int, int>, std::unique_ptr<KeyIndex>> keys;
  std::map<std::vector<std::tuple<int, int, int, int>>, std::vector<int64_t>> chains;
  LookupTables();
  ~LookupTables();
};

// Builds sc.lookups for every plan.lookups column (reads the key and value columns of the referenced
// sources once each, and the referencing columns of later hops).
bool materialize_lookups(ScanContext& ctx, ScanError& err);

// Lookup `l` for n rows whose first-hop column holds `keys` (8-byte cells, whole_column.h) where
// `key_valid`: the looked-up cells into `values` and their validity bits into `bits` ((n + 63) / 64 words).
void probe_lookup(const LookupTables& tables, size_t l, const int64_t* keys, const uint8_t* key_valid, int64_t n,
                  int64_t* values, uint64_t* bits);

}  // namespace kpic::exec
