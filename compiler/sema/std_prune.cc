#include "compiler/sema/std_prune.h"

#include <map>
#include <mutex>

#include "compiler/sema/std_modules.h"
#include "compiler/syntax/parse_cache.h"

namespace kpic::sema {

namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\r')) ++i;
  return i;
}

// The plain or backquoted name at s[i] (empty when there is none); `end` is set past it.
std::string_view name_at(std::string_view s, size_t i, size_t& end) {
  end = i;
  if (i >= s.size()) return {};
  if (s[i] == '`') {
    size_t j = s.find_first_of("`\n", i + 1);
    if (j == std::string_view::npos || s[j] != '`') return {};
    end = j + 1;
    return s.substr(i + 1, j - i - 1);
  }
  if (!name_start(s[i])) return {};
  size_t j = i;
  while (j < s.size() && name_char(s[j])) ++j;
  end = j;
  return s.substr(i, j - i);
}

// A piece of a module: [begin, end) and the metric or template it defines ("" when it defines neither,
// and is always kept).
struct Piece {
  size_t begin = 0, end = 0;
  std::string defines;
  std::vector<std::string> refers;  // the names in its text
};

// The metric (`NAME = ...`) or template (`fn NAME(...)`) the piece's first code line defines, else "".
// Comment lines are skipped; a piece that begins with an attribute (`@target(...)`) is joined to the
// next by the caller, so an attribute always stays with its definition.
std::string defined_name(std::string_view s, size_t begin, size_t end, bool& attribute) {
  attribute = false;
  size_t i = begin;
  while (i < end) {
    size_t k = skip_blanks(s, i);
    if (k < end && s[k] != '\n' && s[k] != '#') {
      if (s[k] == '@') {
        attribute = true;
        return "";
      }
      size_t after = 0;
      std::string_view word = name_at(s, k, after);
      if (word.empty() || after > end) return "";
      size_t j = skip_blanks(s, after);
      if (word == "fn" && s[after - 1] != '`') {
        size_t fn_end = 0;
        std::string_view fn = name_at(s, j, fn_end);
        return fn_end <= end ? std::string(fn) : "";
      }
      if (j < end && s[j] == '=' && (j + 1 >= end || s[j + 1] != '=')) return std::string(word);
      return "";
    }
    size_t nl = s.find('\n', k);
    if (nl == std::string_view::npos || nl >= end) return "";
    i = nl + 1;
  }
  return "";
}

std::vector<Piece> pieces_of(std::string_view text) {
  std::vector<uint32_t> cuts = syntax::statement_cuts(text);
  cuts.push_back(static_cast<uint32_t>(text.size()));
  std::vector<Piece> out;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    Piece p;
    p.begin = cuts[k];
    p.end = cuts[k + 1];
    bool attribute = false;
    p.defines = defined_name(text, p.begin, p.end, attribute);
    // An attribute (or a run of them) belongs to the statement after it.
    while (attribute && k + 2 < cuts.size()) {
      ++k;
      p.end = cuts[k + 1];
      p.defines = defined_name(text, cuts[k], p.end, attribute);
    }
    names_in(text.substr(p.begin, p.end - p.begin), p.refers);
    out.push_back(std::move(p));
  }
  return out;
}

// Every standard module's pieces, computed once per process.
struct Library {
  std::map<std::string, std::vector<Piece>> pieces;          // by module text (tests blanked)
  std::map<std::string, std::vector<const Piece*>> defined;  // definition name -> its pieces
};

const Library& library() {
  static Library lib;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const std::string& module : std_module_names()) {
      auto src = std_module_source(module);
      if (!src) continue;
      std::string text = std_module_without_tests(*src);
      lib.pieces[text] = pieces_of(text);
    }
    for (const auto& [text, ps] : lib.pieces)
      for (const Piece& p : ps)
        if (!p.defines.empty()) lib.defined[p.defines].push_back(&p);
  });
  return lib;
}

}  // namespace

void names_in(std::string_view s, std::vector<std::string>& out) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '#') {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"' && s[i] != '\n'; ++i)
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
      ++i;
    } else if (c == '`' || name_start(c)) {
      size_t end = 0;
      std::string_view name = name_at(s, i, end);
      if (end == i) {
        ++i;  // a lone backquote
        continue;
      }
      out.emplace_back(name);
      i = end;
    } else if (c >= '0' && c <= '9') {
      while (i < s.size() && name_char(s[i])) ++i;  // a number, with any suffix (`14days`, `1e6`)
    } else {
      ++i;
    }
  }
}

StdPruner::StdPruner(const std::vector<std::string>& names) {
  std::vector<std::string> start = names;
  for (const std::string& n : names) names_in(n, start);  // `--where` text, `--by` expressions
  reach(std::move(start));
}

void StdPruner::add_file(std::string_view text) {
  std::vector<std::string> names;
  names_in(text, names);
  reach(std::move(names));
}

void StdPruner::reach(std::vector<std::string> todo) {
  const Library& lib = library();
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    if (!needed_.insert(name).second) continue;
    auto it = lib.defined.find(name);
    if (it == lib.defined.end()) continue;
    for (const Piece* p : it->second)
      for (const std::string& r : p->refers)
        if (!needed_.count(r)) todo.push_back(r);
  }
}

std::string StdPruner::prune(std::string_view text) const {
  const Library& lib = library();
  auto it = lib.pieces.find(std::string(text));
  std::vector<Piece> own;
  const std::vector<Piece>* ps = &own;
  if (it != lib.pieces.end()) ps = &it->second;
  else own = pieces_of(text);
  std::string out(text);
  for (const Piece& p : *ps) {
    if (p.defines.empty() || needed_.count(p.defines)) continue;
    for (size_t i = p.begin; i < p.end; ++i)
      if (out[i] != '\n') out[i] = ' ';
  }
  return out;
}

}  // namespace kpic::sema
