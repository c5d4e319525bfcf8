// compare_answers: runs `kpic run --format json` on each examples/reference/*.kpi file named in
// reference_answers.map, with its sources bound to the reference dataset of one scale, and compares every
// value with DuckDB's answers (../shared/datasets/answers/<scale>.json): doubles to 1e-9 relative, nulls
// equal only nulls, dimension values (dates as "YYYY-MM-DD", strings) exactly, and the same number of rows.
// The map must list every non-dimension column of every answer, so no KPI of kpis.sql goes unchecked.
//
// usage: compare_answers KPIC MAP EXAMPLES_DIR DATASETS_DIR SCALE [--kpic-flag ...] [FILE.kpi ...]
//   (with FILE arguments only those files are checked, and only their coverage is required; arguments
//   starting with -- are added to every `kpic run`, e.g. --threads=2)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

struct Entry {
  std::string query, column, file, metric;
  int line = 0;
};

std::vector<Entry> read_map(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Entry> out;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (auto hash = text.find('#'); hash != std::string::npos) text.erase(hash);
    std::istringstream fields(text);
    Entry e;
    e.line = line;
    if (!(fields >> e.query)) continue;
    std::string extra;
    if (!(fields >> e.column >> e.file >> e.metric) || (fields >> extra))
      throw std::runtime_error(path + ":" + std::to_string(line) + ": expected: query column file metric");
    out.push_back(e);
  }
  return out;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs a shell command and returns its stdout; `status` receives the exit code.
std::string capture(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int rc = pclose(pipe);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

bool same_value(const json& expected, const json& actual) {
  if (expected.is_null() || actual.is_null()) return expected.is_null() && actual.is_null();
  if (expected.is_number() && actual.is_number()) {
    double a = expected.get<double>(), b = actual.get<double>();
    if (a == b) return true;
    return std::fabs(a - b) <= std::max(1e-9 * std::max(std::fabs(a), std::fabs(b)), 1e-12);
  }
  return expected == actual;
}

// The key of a row: its values of the dimension columns, as JSON text.
std::string row_key(const json& row, const std::vector<std::string>& dims) {
  json key = json::array();
  for (const auto& d : dims) key.push_back(row.contains(d) ? row[d] : json("<missing>"));
  return key.dump();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: compare_answers KPIC MAP EXAMPLES_DIR DATASETS_DIR SCALE [--kpic-flag ...] [FILE.kpi ...]\n";
    return 2;
  }
  const std::string kpic = argv[1], map_path = argv[2], examples = argv[3], datasets = argv[4], scale = argv[5];
  std::set<std::string> only;
  std::string flags;
  for (int i = 6; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0) flags += " " + quote(a);
    else only.insert(a);
  }
  try {
    std::vector<Entry> entries = read_map(map_path);
    json answers;
    {
      std::ifstream in(datasets + "/answers/" + scale + ".json");
      if (!in) throw std::runtime_error("cannot read answers for scale " + scale);
      answers = json::parse(in)["kpis"];
    }
    if (!only.empty())
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [&](const Entry& e) { return !only.count(e.file); }),
                    entries.end());

    // Each file's sources: the tables of the queries it answers.
    std::map<std::string, std::set<std::string>> tables_of;
    for (const Entry& e : entries) {
      if (!answers.contains(e.query))
        throw std::runtime_error(map_path + ":" + std::to_string(e.line) + ": no query " + e.query);
      for (const auto& t : answers[e.query]["tables"]) tables_of[e.file].insert(t.get<std::string>());
    }

    // Run each file once.
    std::map<std::string, std::map<std::string, json>> results;  // file -> metric name -> metric JSON
    int failures = 0;
    for (const auto& [file, tables] : tables_of) {
      std::string cmd = quote(kpic) + " run --format json" + flags + " " + quote(examples + "/" + file);
      for (const auto& t : tables) cmd += " " + quote(t + "=" + datasets + "/" + scale + "/" + t + ".parquet");
      int status = 0;
      std::string out = capture(cmd + " 2>&1", status);
      if (status != 0) {
        std::cout << "FAIL " << file << ": kpic exited with " << status << "\n" << out << "\n";
        ++failures;
        continue;
      }
      json doc = json::parse(out.substr(out.find('{')));
      for (const auto& m : doc["metrics"]) results[file][m["name"].get<std::string>()] = m;
    }

    // Every non-dimension column of every answer of the checked files must be mapped.
    std::map<std::string, std::set<std::string>> dims_of_query, mapped;
    for (const Entry& e : entries) {
      mapped[e.query].insert(e.column);
      auto fit = results.find(e.file);
      if (fit == results.end()) continue;
      auto mit = fit->second.find(e.metric);
      if (mit != fit->second.end())
        for (const auto& d : mit->second["by"]) dims_of_query[e.query].insert(d.get<std::string>());
    }
    for (const auto& [query, answer] : answers.items()) {
      if (!only.empty() && !mapped.count(query)) continue;
      for (const auto& row : answer["rows"])
        for (const auto& [column, value] : row.items())
          if (!mapped[query].count(column) && !dims_of_query[query].count(column)) {
            std::cout << "FAIL " << query << "." << column << ": not in " << map_path << "\n";
            ++failures;
            break;
          }
    }

    // Compare.
    int checked = 0;
    for (const Entry& e : entries) {
      auto fit = results.find(e.file);
      if (fit == results.end()) continue;  // kpic failed on the file: already reported
      auto mit = fit->second.find(e.metric);
      std::string what = e.query + "." + e.column + " (" + e.file + " " + e.metric + ")";
      if (mit == fit->second.end()) {
        std::cout << "FAIL " << what << ": kpic printed no metric " << e.metric << "\n";
        ++failures;
        continue;
      }
      std::vector<std::string> dims = mit->second["by"].get<std::vector<std::string>>();
      std::map<std::string, json> actual;
      for (const auto& row : mit->second["rows"]) actual[row_key(row, dims)] = row["value"];
      const json& expected_rows = answers[e.query]["rows"];
      int bad = 0;
      if (actual.size() != expected_rows.size()) {
        std::cout << "FAIL " << what << ": " << actual.size() << " rows, DuckDB has " << expected_rows.size() << "\n";
        ++bad;
      }
      for (const auto& row : expected_rows) {
        std::string key = row_key(row, dims);
        auto ait = actual.find(key);
        const json& want = row[e.column];
        if (ait == actual.end()) {
          if (bad++ < 5) std::cout << "FAIL " << what << " " << key << ": missing row, DuckDB: " << want << "\n";
        } else if (!same_value(want, ait->second)) {
          if (bad++ < 5)
            std::cout << "FAIL " << what << " " << key << ": kpic " << ait->second.dump() << ", DuckDB " << want.dump()
                      << "\n";
        }
        ++checked;
      }
      if (bad) ++failures;
    }
    std::cout << scale << ": " << checked << " values checked, " << entries.size() << " columns, " << failures
              << " failures\n";
    return failures ? 1 : 0;
  } catch (const std::exception& ex) {
    std::cerr << "compare_answers: " << ex.what() << "\n";
    return 2;
  }
}
