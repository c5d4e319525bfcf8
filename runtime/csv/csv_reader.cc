#include "runtime/csv/csv_reader.h"

#include <algorithm>
#include <set>

#include "runtime/csv/column_parser.h"
#include "runtime/csv/csv_scanner.h"
#include "runtime/csv/csv_tokenizer.h"
#include "runtime/csv/delimiter_detection.h"
#include "runtime/csv/type_inference.h"

namespace kpic::csv {

namespace {

std::string shown(std::string_view v) {
  if (v.size() > 40) return std::string(v.substr(0, 37)) + "...";
  return std::string(v);
}

}  // namespace

CsvReader::CsvReader(const std::string& path, const CsvOptions& opts) : path_(path), input_(path) {
  std::string_view text = input_.text();
  layout_.gzip = input_.gzip();
  layout_.bom = input_.bom();
  layout_.bytes = static_cast<int64_t>(text.size());
  bool blank = std::all_of(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; });
  if (blank) throw DataError{704, path_, "the file is empty (a CSV file starts with a header row)"};
  layout_.delimiter = detect_delimiter(text, path_);
  read_header();
  chunks_ = scan_chunks(text, body_begin_, layout_.delimiter, body_line_, opts.chunk_bytes, path_);
  schema_.num_rows = 0;
  for (const auto& c : chunks_) schema_.num_rows += c.rows;
  infer_types(opts);
  layout_.declared.assign(schema_.fields.size(), false);
  if (opts.declared) apply_declared(*opts.declared);
  refuse_big_integers();
}

void CsvReader::refuse_big_integers() const {
  for (size_t i = 0; i < schema_.fields.size(); ++i) {
    if (layout_.declared[i] || big_ints_[i].empty()) continue;
    const std::string& name = schema_.fields[i].name;
    throw DataError{704, path_,
                    "column `" + name + "`: `" + shown(big_ints_[i]) +
                        "` is a whole number past the 64-bit integer range; read as float, distinct values "
                        "would merge. Declare the column's type in a `source` block: `" +
                        name + ": string` (ids), or `" + name + ": float` to accept rounding"};
  }
}

CsvReader::~CsvReader() = default;

void CsvReader::read_header() {
  std::string_view text = input_.text();
  RecordTokenizer tok(text, 0, static_cast<int64_t>(text.size()), layout_.delimiter, 1, path_);
  std::vector<CsvField> fields;
  tok.next(fields);
  body_begin_ = tok.offset();
  body_line_ = 1 + std::count(text.begin(), text.begin() + body_begin_, '\n');
  layout_.crlf = body_begin_ >= 2 && text.substr(body_begin_ - 2, 2) == "\r\n";
  std::set<std::string> seen;
  std::string scratch;
  for (size_t i = 0; i < fields.size(); ++i) {
    Field f;
    f.name = std::string(fields[i].value(scratch));
    if (f.name.empty()) f.name = "column" + std::to_string(i + 1);
    std::string base = f.name;
    for (int n = 2; seen.count(f.name); ++n) f.name = base + "_" + std::to_string(n);
    seen.insert(f.name);
    schema_.fields.push_back(std::move(f));
  }
}

void CsvReader::infer_types(const CsvOptions& opts) {
  size_t n = schema_.fields.size();
  std::vector<TypeInference> infer(n);
  std::vector<CsvField> fields;
  std::string scratch;
  int64_t sampled = 0;
  std::string_view text = input_.text();
  // Reads up to `limit` rows of chunk `c`; returns the number read.
  auto sample = [&](int c, int64_t limit) {
    const CsvChunk& ch = chunks_[c];
    RecordTokenizer tok(text, ch.begin, ch.end, layout_.delimiter, ch.first_line, path_);
    int64_t rows = 0;
    while (rows < limit && tok.next(fields)) {
      check_field_count(fields.size(), tok.record_line());
      for (size_t i = 0; i < n; ++i) infer[i].add(fields[i].value(scratch), tok.record_line());
      ++rows;
    }
    return rows;
  };
  int c = 0;
  std::vector<bool> whole(chunks_.size(), false);
  for (; c < num_chunks() && sampled < opts.sample_rows; ++c) {
    int64_t got = sample(c, opts.sample_rows - sampled);
    sampled += got;
    whole[c] = got == chunks_[c].rows;
  }
  // Then a few chunks spread over the rest of a large file.
  int rest = num_chunks() - c;
  if (rest > 0 && opts.sample_chunks > 0) {
    int picks = std::min(rest, opts.sample_chunks);
    int64_t per = std::max<int64_t>(1, opts.sample_rows / opts.sample_chunks);
    std::set<int> chosen;
    for (int k = 0; k < picks; ++k) chosen.insert(c + static_cast<int>((static_cast<int64_t>(k) * rest + rest / 2) / picks));
    for (int pick : chosen) {
      int64_t got = sample(pick, per);
      sampled += got;
      whole[pick] = got == chunks_[pick].rows;
    }
  }
  layout_.sampled_rows = sampled;
  layout_.whole_file_sampled = std::all_of(whole.begin(), whole.end(), [](bool b) { return b; });
  big_ints_.assign(n, std::string());
  for (size_t i = 0; i < n; ++i) {
    if (infer[i].type() == ValueType::Float) big_ints_[i] = infer[i].big_integer();
    schema_.fields[i].type = infer[i].type();
    schema_.fields[i].inferred_why = infer[i].why_string();
    schema_.fields[i].nullable = infer[i].saw_null() || !layout_.whole_file_sampled;
  }
}

void CsvReader::apply_declared(const Schema& declared) {
  for (const Field& d : declared.fields) {
    int i = schema_.find(d.name);
    if (i < 0) {
      std::string have;
      for (const auto& f : schema_.fields) have += (have.empty() ? "" : ", ") + f.name;
      throw DataError{706, path_, "the declared column `" + d.name + "` is not in the file (its columns: " + have + ")"};
    }
    if (d.type == ValueType::Null) continue;
    schema_.fields[i].type = d.type;
    layout_.declared[i] = true;
  }
}

void CsvReader::check_field_count(size_t found, int64_t line) const {
  if (found == schema_.fields.size()) return;
  throw DataError{704, path_,
                  "line " + std::to_string(line) + ": expected " + std::to_string(schema_.fields.size()) +
                      " fields (as in the header), found " + std::to_string(found)};
}

void CsvReader::read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const {
  const CsvChunk& ch = chunks_.at(chunk);
  std::vector<ColumnParser> parsers;
  parsers.reserve(columns.size());
  for (int c : columns) parsers.emplace_back(schema_.fields.at(c).type, ch.rows);
  RecordTokenizer tok(input_.text(), ch.begin, ch.end, layout_.delimiter, ch.first_line, path_);
  std::vector<CsvField> fields;
  fields.reserve(schema_.fields.size());
  std::string scratch;
  int64_t row = 0;
  while (tok.next(fields)) {
    check_field_count(fields.size(), tok.record_line());
    if (row >= ch.rows) throw DataError{704, path_, "line " + std::to_string(tok.record_line()) + ": more rows than counted"};
    for (size_t k = 0; k < columns.size(); ++k) {
      const CsvField& f = fields[columns[k]];
      if (!parsers[k].set(row, f, scratch)) bad_value(columns[k], f, tok.record_line());
    }
    ++row;
  }
  Batch b;
  b.num_rows = row;
  for (auto& p : parsers) b.columns.push_back(p.finish(row));
  out.push_back(std::move(b));
}

void CsvReader::bad_value(int column, const CsvField& f, int64_t line) const {
  const Field& field = schema_.fields[column];
  std::string scratch;
  std::string msg = "line " + std::to_string(line) + ", column `" + field.name + "`: `" + shown(f.value(scratch)) +
                    "` is not a valid " + std::string(type_name(field.type));
  if (layout_.declared[column])
    msg += " (the declared type)";
  else
    msg += " (the type was inferred from " + std::to_string(layout_.sampled_rows) +
           " sampled rows; declare the column's type in a `source` block)";
  throw DataError{704, path_, msg};
}

}  // namespace kpic::csv
