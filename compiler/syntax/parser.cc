// The entry points of compiler/syntax. A parse runs in steps:
//  1. size limit, then UTF-8 decoding (invalid bytes become BAD_CHAR tokens, never an exception);
//  2. lexing the whole file, then token checks (lexical errors, brackets, nesting depth) that run before
//     ANTLR so that deep input is rejected instead of recursing;
//  3. parsing in two stages: the fast SLL mode that bails out at the first error, and only when it fails
//     the full LL mode with kpic's error strategy (friendly messages and recovery);
//  4. building the AST from the parse tree: in the SLL stage, one top-level statement at a time (its
//     tree freed before the next statement is parsed); in the LL stage, once the whole file has parsed.
// Every exception is caught here: a parse never throws and never crashes.
#include "compiler/syntax/parser.h"

#include <BailErrorStrategy.h>
#include <CommonTokenStream.h>
#include <atn/ParserATNSimulator.h>
#include <atn/PredictionMode.h>
#include <fmt/format.h>
#include <new>
#include <Exceptions.h>

#include <exception>

#include "KpiParser.h"
#include "compiler/syntax/ast_builder.h"
#include "compiler/syntax/error_strategy.h"
#include "compiler/syntax/lexer.h"
#include "compiler/syntax/parse_cache.h"
#include "compiler/syntax/token_checks.h"
#include "runtime/base/check.h"

namespace kpic::syntax {

namespace {

using kpic_grammar::KpiParser;

// One parse of one file; owns everything ANTLR allocates (the parse tree lives in the parser).
class ParseSession {
 public:
  ParseSession(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits)
      : sm_(sm), id_(id), diags_(diags), limits_(limits), text_(sm.text(id)), lexer_(&text_), tokens_(&lexer_), ranges_(id, text_),
        sink_(sm, diags) {}

  // Lexes and checks the tokens; false when the input must not be parsed.
  bool prepare() {
    tokens_.fill();
    return !check_tokens(tokens_.getTokens(), sm_, ranges_, sink_, limits_).too_deep;
  }

  // Stage 1 for a file: SLL, one top-level statement at a time. Each statement's AST is built as soon as
  // it parses and its parse tree is freed before the next one, so a large file never holds more than one
  // statement's tree. True when every statement parsed; false, with nothing added to `out` or to the
  // diagnostics, when one did not (then stage 2, run_file_ll, parses the whole file again).
  bool run_file_sll(ast::File& out) {
    if (!clean_so_far()) return false;
    auto parser = sll_parser();
    // The builder's own errors (chained comparisons, bad literals) wait until the whole file has parsed:
    // after a syntax error, stage 2 builds every statement again.
    Diagnostics built_diags;
    ErrorSink built_sink(sm_, built_diags);
    AstBuilder b(sm_, ranges_, tokens_.getTokens(), built_sink);
    b.assume_clean_tree();  // the bail strategy never recovers: no error node, no conjured token
    std::vector<KpiParser::StatementContext*> one(1);
    try {
      while (tokens_.LA(1) != antlr4::Token::EOF) {
        one[0] = parser->statement();
        b.build_statements(one, out);
        parser->getTreeTracker().reset();
      }
    } catch (const antlr4::ParseCancellationException&) {
      out.stmts.clear();
      return false;
    } catch (const antlr4::RecognitionException&) {
      out.stmts.clear();
      return false;
    }
    for (const Diagnostic& d : built_diags.list()) diags_.add(d);
    return true;
  }

  // Stage 2 for a file: statement by statement in LL mode, resynchronising after each broken statement.
  // Returns the statements that parsed (broken ones are reported, not returned).
  std::vector<KpiParser::StatementContext*> run_file_ll() {
    parser_ = ll_parser();
    std::vector<KpiParser::StatementContext*> out;
    std::vector<int> brace_depth = brace_depths();
    // Each call of file() parses up to the next broken statement (the strategy abandons it); the
    // statements before it are kept, and parsing restarts at the next line that begins a definition.
    // file() rather than statement() so that ANTLR predicts with the real follow set of a statement.
    for (;;) {
      size_t start = tokens_.index();
      try {
        KpiParser::FileContext* tree = parser_->file();
        for (auto* s : tree->statement()) out.push_back(s);
        break;
      } catch (const antlr4::ParseCancellationException&) {
        if (auto* root = dynamic_cast<KpiParser::FileContext*>(strategy_->abandoned_root())) {
          for (auto* s : root->statement()) out.push_back(s);  // the broken one is dropped by the builder
        }
        resync(start, brace_depth);
        if (tokens_.LA(1) == antlr4::Token::EOF) break;
      }
      parser_->getErrorHandler()->reset(parser_.get());
    }
    if (sink_.unclosed) sink_.report_unclosed(sink_.unclosed->opener);
    return out;
  }

  KpiParser::StandaloneExprContext* run_expression() {
    if (clean_so_far()) {
      auto parser = sll_parser();
      try {
        auto* tree = parser->standaloneExpr();
        parser_ = std::move(parser);
        clean_tree_ = true;
        return tree;
      } catch (const antlr4::ParseCancellationException&) {
      } catch (const antlr4::RecognitionException&) {
      }
    }
    parser_ = ll_parser();
    KpiParser::StandaloneExprContext* tree = nullptr;
    try {
      tree = parser_->standaloneExpr();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (sink_.unclosed) sink_.report_unclosed(sink_.unclosed->opener);
    return tree;
  }

  AstBuilder builder() {
    AstBuilder b(sm_, ranges_, tokens_.getTokens(), sink_);
    if (clean_tree_) b.assume_clean_tree();
    return b;
  }
  ErrorSink& sink() { return sink_; }

 private:
  bool clean_so_far() const { return sink_.count() == 0 && !sink_.unclosed; }
  bool clean_tree_ = false;  // the tree came from the SLL stage on a clean token stream

  std::unique_ptr<KpiParser> make_parser() {
    tokens_.seek(0);
    auto p = std::make_unique<KpiParser>(&tokens_);
    p->removeErrorListeners();
    return p;
  }

  // Stage 1: SLL, bails out at the first error. Most files are correct and parse here quickly.
  std::unique_ptr<KpiParser> sll_parser() {
    auto p = make_parser();
    p->setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    p->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    return p;
  }

  // Stage 2: full LL with kpic's error messages.
  std::unique_ptr<KpiParser> ll_parser() {
    auto p = make_parser();
    auto strategy = std::make_shared<ErrorStrategy>(sm_, ranges_, sink_);
    strategy_ = strategy.get();
    p->setErrorHandler(strategy);
    return p;
  }

  // Braces open before each token (for resynchronising outside `{ ... }` blocks).
  std::vector<int> brace_depths() {
    const std::vector<antlr4::Token*>& all = tokens_.getTokens();
    std::vector<int> depth(all.size(), 0);
    int d = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      depth[i] = d;
      if (all[i]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      if (all[i]->getType() == KpiParser::LBRACE) ++d;
      if (all[i]->getType() == KpiParser::RBRACE && d > 0) --d;
    }
    return depth;
  }

  // Index of the next visible token after `i` (the EOF token's index at the end).
  size_t next_visible(size_t i) {
    size_t n = tokens_.size();
    for (++i; i < n; ++i) {
      if (tokens_.get(i)->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return i;
    }
    return n - 1;
  }

  static bool is_ident(size_t type) {
    return type == KpiParser::NAME || type == KpiParser::BQNAME || type == KpiParser::SOURCE ||
           type == KpiParser::TEST || type == KpiParser::GIVEN || type == KpiParser::EXPECT ||
           type == KpiParser::FN || type == KpiParser::IMPORT || type == KpiParser::CALENDAR;
  }

  // True when the token at `i` certainly begins a top-level statement.
  bool starts_statement(size_t i) {
    size_t type = tokens_.get(i)->getType();
    size_t next = tokens_.get(next_visible(i))->getType();
    switch (type) {
      case KpiParser::AT: return true;
      case KpiParser::FN: if (is_ident(next)) return true; break;
      case KpiParser::IMPORT: if (is_ident(next) || next == KpiParser::STRING) return true; break;
      case KpiParser::SOURCE: if (is_ident(next)) return true; break;
      case KpiParser::TEST: if (next == KpiParser::STRING) return true; break;
      case KpiParser::CALENDAR: if (next == KpiParser::LBRACE) return true; break;
      default: break;
    }
    return is_ident(type) && next == KpiParser::ASSIGN;
  }

  // After a broken statement that began at token `start`: skip to the first token, outside braces, that
  // begins a line and a statement.
  void resync(size_t start, const std::vector<int>& brace_depth) {
    size_t i = std::max(tokens_.index(), next_visible(start));
    size_t prev_line = 0;
    if (i > 0) {
      for (size_t j = i; j-- > 0;) {
        if (tokens_.get(j)->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
          prev_line = tokens_.get(j)->getLine();
          break;
        }
      }
    }
    while (tokens_.get(i)->getType() != antlr4::Token::EOF) {
      const antlr4::Token* t = tokens_.get(i);
      if (brace_depth[i] == 0 && t->getLine() > prev_line && starts_statement(i)) break;
      prev_line = t->getLine();
      i = next_visible(i);
    }
    tokens_.seek(i);
  }

  const SourceManager& sm_;
  FileId id_;
  Diagnostics& diags_;
  ParseLimits limits_;
  SourceText text_;
  Lexer lexer_;  // hand-written, the tokens of Kpi.g4's lexer rules
  antlr4::CommonTokenStream tokens_;
  TokenRanges ranges_;
  ErrorSink sink_;
  std::unique_ptr<KpiParser> parser_;
  ErrorStrategy* strategy_ = nullptr;  // owned by parser_
};

bool within_size(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  if (sm.text(id).size() <= limits.max_bytes) return true;
  diags.error(DiagCode::input_too_large, {id, 0, 0},
              fmt::format("the file is {} bytes; kpic accepts at most {} bytes", sm.text(id).size(), limits.max_bytes));
  return false;
}

void out_of_memory(FileId id, Diagnostics& diags) {
  diags.error(DiagCode::out_of_memory, {id, 0, 0}, "out of memory while parsing the file");
}


}  // namespace

ast::File parse(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  if (ParseCache* cache = ParseCache::active()) return cache->parse(sm, id, diags, limits);
  return parse_uncached(sm, id, diags, limits);
}

ast::File parse_uncached(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  ast::File file;
  file.file = id;
  try {
    if (!within_size(sm, id, diags, limits)) return file;
    ParseSession session(sm, id, diags, limits);
    if (!session.prepare()) return file;
    AstBuilder builder = session.builder();
    file.comments = builder.comments();
    if (!session.run_file_sll(file)) builder.build_statements(session.run_file_ll(), file);
  } catch (const std::bad_alloc&) {
    file.stmts.clear();
    out_of_memory(id, diags);
  } catch (const InternalError&) {
    throw;
  } catch (const std::exception& e) {
    // Every recognition problem is a KP01xx diagnostic: anything else escaping ANTLR is a kpic bug.
    throw InternalError(__FILE__, __LINE__, fmt::format("the parser threw: {}", e.what()));
  }
  return file;
}

ast::ExprPtr parse_expression(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  try {
    if (!within_size(sm, id, diags, limits)) return nullptr;
    ParseSession session(sm, id, diags, limits);
    if (!session.prepare()) return nullptr;
    KpiParser::StandaloneExprContext* tree = session.run_expression();
    ast::ExprPtr e = session.builder().build_standalone(tree);
    if (e == nullptr && session.sink().count() == 0) {
      diags.error(DiagCode::syntax_error, {id, 0, static_cast<uint32_t>(sm.text(id).size())}, "expected an expression");
    }
    return e;
  } catch (const std::bad_alloc&) {
    out_of_memory(id, diags);
  } catch (const InternalError&) {
    throw;
  } catch (const std::exception& e) {
    throw InternalError(__FILE__, __LINE__, fmt::format("the parser threw: {}", e.what()));
  }
  return nullptr;
}

}  // namespace kpic::syntax
