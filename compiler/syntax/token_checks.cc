#include "compiler/syntax/token_checks.h"

#include <fmt/format.h>

#include <vector>

#include "KpiLexer.h"

namespace kpic::syntax {

using kpic_grammar::KpiLexer;

namespace {

bool is_ident(size_t type) {
  switch (type) {
    case KpiLexer::NAME: case KpiLexer::BQNAME: case KpiLexer::SOURCE: case KpiLexer::TEST:
    case KpiLexer::GIVEN: case KpiLexer::EXPECT: case KpiLexer::FN: case KpiLexer::IMPORT:
    case KpiLexer::CALENDAR:
      return true;
    default:
      return false;
  }
}

bool is_operator(size_t type) {
  switch (type) {
    case KpiLexer::PLUS: case KpiLexer::MINUS: case KpiLexer::STAR: case KpiLexer::SLASH:
    case KpiLexer::PERCENT: case KpiLexer::EQ: case KpiLexer::NE: case KpiLexer::LT: case KpiLexer::LE:
    case KpiLexer::GT: case KpiLexer::GE: case KpiLexer::AND: case KpiLexer::OR: case KpiLexer::NOT:
    case KpiLexer::IN: case KpiLexer::IS: case KpiLexer::IF: case KpiLexer::DOT:
      return true;
    default:
      return false;
  }
}

bool is_comparison(size_t type) {
  return type == KpiLexer::EQ || type == KpiLexer::NE || type == KpiLexer::LT || type == KpiLexer::LE ||
         type == KpiLexer::GT || type == KpiLexer::GE;
}

// Tokens after which an expression has certainly ended, so the operator count of the current bracket
// level starts again. Statement keywords count only where they really start a statement (they are soft
// keywords and may also be names inside an expression).
bool ends_expression(const std::vector<antlr4::Token*>& t, size_t i) {
  auto type = [&](size_t k) { return k < t.size() ? t[k]->getType() : antlr4::Token::EOF; };
  switch (type(i)) {
    case KpiLexer::COMMA: case KpiLexer::ASSIGN: case KpiLexer::WHERE: case KpiLexer::BY: case KpiLexer::PER:
    case KpiLexer::AS: case KpiLexer::COLON: case KpiLexer::THEN: case KpiLexer::ELSE: case KpiLexer::AT:
      return true;
    case KpiLexer::EXPECT: return is_ident(type(i + 1)) && is_comparison(type(i + 2));
    case KpiLexer::GIVEN: return is_ident(type(i + 1)) && type(i + 2) == KpiLexer::LBRACE;
    case KpiLexer::TEST: return type(i + 1) == KpiLexer::STRING;
    default: return false;
  }
}

std::string show_char(const SourceManager& sm, SourceRange r) {
  std::string_view s = sm.slice(r);
  if (s.size() == 1) {
    auto c = static_cast<unsigned char>(s[0]);
    if (c < 0x20 || c == 0x7F) return fmt::format("\\x{:02X}", c);
  }
  return std::string(s);
}

const char* help_for_char(std::string_view c) {
  if (c == "'") return "strings are written in double quotes: \"text\"";
  if (c == "&") return "write `and`";
  if (c == "|") return "write `or`";
  if (c == "!") return "write `not`, or `!=` for inequality";
  if (c == ";") return "statements need no `;`: put each on its own line";
  if (c == "$") return "names are letters, digits and `_`; write unusual column names in backquotes: `my$col`";
  return "";
}

void report_lexical(const antlr4::Token* tok, const SourceManager& sm, const TokenRanges& ranges, ErrorSink& sink) {
  SourceRange r = ranges.of(tok);
  switch (tok->getType()) {
    case KpiLexer::UNTERMINATED_STRING:
      if (auto* d = sink.error(DiagCode::unterminated_string, r, "unterminated string")) {
        d->help = "close the string with `\"` on the same line";
      }
      break;
    case KpiLexer::UNTERMINATED_BQNAME:
      if (auto* d = sink.error(DiagCode::unterminated_string, r, "unterminated backquoted name")) {
        d->help = "close the name with a backquote on the same line";
      }
      break;
    case KpiLexer::BAD_CHAR: {
      std::string_view bytes = sm.slice(r);
      if (tok->getText() == "\xEF\xBF\xBD" && bytes != "\xEF\xBF\xBD") {
        sink.error(DiagCode::syntax_error, r,
                   fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(bytes.empty() ? 0 : bytes[0])));
        break;
      }
      if (auto* d = sink.error(DiagCode::syntax_error, r, "unexpected character `" + show_char(sm, r) + "`")) {
        d->help = help_for_char(bytes);
      }
      break;
    }
    default:
      break;
  }
}

struct Open {
  const antlr4::Token* token;
  size_t close_type;
};

const char* spelling(size_t type) {
  switch (type) {
    case KpiLexer::LPAREN: return "(";
    case KpiLexer::RPAREN: return ")";
    case KpiLexer::LBRACKET: return "[";
    case KpiLexer::RBRACKET: return "]";
    case KpiLexer::LBRACE: return "{";
    case KpiLexer::RBRACE: return "}";
    default: return "?";
  }
}

}  // namespace

TokenCheckResult check_tokens(const std::vector<antlr4::Token*>& tokens, const SourceManager& sm,
                              const TokenRanges& ranges, ErrorSink& sink, const ParseLimits& limits) {
  TokenCheckResult result;
  // Lexical errors first: they explain the parser errors that follow on the same line.
  for (const antlr4::Token* t : tokens) report_lexical(t, sm, ranges, sink);

  std::vector<Open> stack;
  std::vector<int> level_ops{0};  // operators counted at each open bracket level (index 0: outside all)
  long depth = 0;                 // open brackets + every level's operator count
  // `if`s still open at each bracket level: an `if` nests everything up to the end of its `else`
  // expression, which `then` and `else` do not end (each `else if` arm is one level deeper).
  std::vector<int> level_ifs{0};
  long ifs = 0;
  std::vector<antlr4::Token*> visible;
  visible.reserve(tokens.size());
  for (antlr4::Token* t : tokens) {
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && t->getType() != antlr4::Token::EOF) visible.push_back(t);
  }
  for (size_t i = 0; i < visible.size(); ++i) {
    const antlr4::Token* t = visible[i];
    size_t type = t->getType();
    if (type == KpiLexer::LPAREN || type == KpiLexer::LBRACKET || type == KpiLexer::LBRACE) {
      size_t close = type == KpiLexer::LPAREN ? KpiLexer::RPAREN : type == KpiLexer::LBRACKET ? KpiLexer::RBRACKET : KpiLexer::RBRACE;
      stack.push_back({t, close});
      level_ops.push_back(0);
      level_ifs.push_back(0);
      ++depth;
    } else if (type == KpiLexer::RPAREN || type == KpiLexer::RBRACKET || type == KpiLexer::RBRACE) {
      if (stack.empty()) {
        sink.error(DiagCode::syntax_error, ranges.of(t),
                   fmt::format("unexpected `{}`: no bracket is open", spelling(type)));
        continue;
      }
      Open open = stack.back();
      if (open.close_type != type) {
        if (auto* d = sink.error(DiagCode::syntax_error, ranges.of(t),
                                 fmt::format("expected `{}` to close `{}`, found `{}`", spelling(open.close_type),
                                             spelling(open.token->getType()), spelling(type)))) {
          d->notes.push_back({ranges.of(open.token), fmt::format("the `{}` opened here", spelling(open.token->getType()))});
        }
      }
      stack.pop_back();
      depth -= 1 + level_ops.back();
      level_ops.pop_back();
      ifs -= level_ifs.back();
      level_ifs.pop_back();
    } else if (ends_expression(visible, i)) {
      depth -= level_ops.back();
      level_ops.back() = 0;
      if (type != KpiLexer::THEN && type != KpiLexer::ELSE) {
        ifs -= level_ifs.back();
        level_ifs.back() = 0;
      }
    } else if (is_operator(type)) {
      ++level_ops.back();
      ++depth;
      if (type == KpiLexer::IF) {
        ++level_ifs.back();
        ++ifs;
      }
    }
    if (ifs > limits.max_if_depth) {
      if (auto* d = sink.error(DiagCode::nesting_too_deep, ranges.of(t),
                               fmt::format("`if` expressions nested too deeply (more than {}, counting each "
                                           "`else if` arm as one level)",
                                           limits.max_if_depth))) {
        d->help = "split the chain into several metrics, or map the values with a joined table";
      }
      result.too_deep = true;
      return result;
    }
    if (depth > limits.max_depth) {
      if (auto* d = sink.error(DiagCode::nesting_too_deep, ranges.of(t),
                               fmt::format("expression nested too deeply (more than {} levels of brackets and operators)",
                                           limits.max_depth))) {
        d->help = "split the expression into several metrics";
      }
      result.too_deep = true;
      return result;
    }
  }
  if (!stack.empty()) {
    const Open& outer = stack.front();
    sink.unclosed = UnclosedBracket{ranges.of(outer.token), spelling(outer.token->getType()), spelling(outer.close_type)};
  }
  return result;
}

}  // namespace kpic::syntax
