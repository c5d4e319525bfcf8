// Builds a Dictionary of distinct strings, handing out int32 codes: an open-addressing hash table of
// codes whose keys are the dictionary's own entries, so nothing is stored twice.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "runtime/column/column.h"

namespace kpic::csv {

class DictionaryBuilder {
 public:
  DictionaryBuilder();
  // The code of `s`, adding it when new.
  int32_t add(std::string_view s);
  int32_t size() const { return dict_->size(); }
  // The finished dictionary; the builder is empty afterwards.
  std::shared_ptr<const Dictionary> finish();

 private:
  void grow();

  // A slot keeps the hash beside the code, so a probe touches one cache line before comparing text.
  struct Slot {
    uint32_t hash;
    int32_t code;  // -1 when empty
  };

  std::shared_ptr<Dictionary> dict_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> hashes_;  // hash of each code's string, for rehashing
  uint64_t mask_ = 0;
};

}  // namespace kpic::csv
