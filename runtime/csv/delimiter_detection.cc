#include "runtime/csv/delimiter_detection.h"

#include <algorithm>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/csv/csv_tokenizer.h"

namespace kpic::csv {

namespace {

constexpr size_t kSampleBytes = 64 * 1024;
constexpr int kSampleRecords = 50;

// Field counts of the first records when split by `delim`; a record cut by the sample's end, or the
// first one that fails to tokenize, ends the list.
std::vector<size_t> field_counts(std::string_view text, char delim, const std::string& path) {
  std::string_view sample = text.substr(0, std::min(text.size(), kSampleBytes));
  bool cut = sample.size() < text.size();
  RecordTokenizer tok(sample, 0, static_cast<int64_t>(sample.size()), delim, 1, path);
  std::vector<size_t> counts;
  std::vector<CsvField> fields;
  try {
    while (static_cast<int>(counts.size()) < kSampleRecords && tok.next(fields)) {
      if (cut && tok.offset() == static_cast<int64_t>(sample.size())) break;  // maybe truncated
      counts.push_back(fields.size());
    }
  } catch (const DataError&) {
    // A quote that does not close within the sample: judge by the records before it.
  }
  return counts;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

char detect_delimiter(std::string_view text, const std::string& path) {
  bool tsv = ends_with(path, ".tsv") || ends_with(path, ".tsv.gz");
  std::vector<char> order = tsv ? std::vector<char>{'\t', ',', ';', '|'} : std::vector<char>{',', ';', '\t', '|'};
  char best = order.front() == '\t' ? '\t' : ',';
  size_t best_fields = 1;
  for (char d : order) {
    std::vector<size_t> counts = field_counts(text, d, path);
    if (counts.empty() || counts[0] <= best_fields) continue;
    // Most records agree with the header (a ragged row is then reported with its line, not hidden by
    // falling back to a delimiter that splits nothing).
    size_t agree = static_cast<size_t>(std::count(counts.begin(), counts.end(), counts[0]));
    if (agree * 2 <= counts.size()) continue;
    best = d;
    best_fields = counts[0];
  }
  return best;
}

}  // namespace kpic::csv
