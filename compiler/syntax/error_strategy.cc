#include "compiler/syntax/error_strategy.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "KpiParser.h"

namespace kpic::syntax {

using kpic_grammar::KpiParser;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_soft_keyword(size_t type) {
  return type == KpiParser::SOURCE || type == KpiParser::TEST || type == KpiParser::GIVEN ||
         type == KpiParser::EXPECT || type == KpiParser::FN || type == KpiParser::IMPORT ||
         type == KpiParser::CALENDAR;
}

bool is_reserved_word(size_t type) {
  switch (type) {
    case KpiParser::AND: case KpiParser::OR: case KpiParser::NOT: case KpiParser::IN: case KpiParser::IS:
    case KpiParser::NULL_LIT: case KpiParser::TRUE_LIT: case KpiParser::FALSE_LIT: case KpiParser::IF:
    case KpiParser::THEN: case KpiParser::ELSE: case KpiParser::WHERE: case KpiParser::BY: case KpiParser::PER:
    case KpiParser::AS:
      return true;
    default:
      return false;
  }
}

bool opens_operand(size_t type) {  // tokens after which an expression must follow
  switch (type) {
    case KpiParser::PLUS: case KpiParser::MINUS: case KpiParser::STAR: case KpiParser::SLASH:
    case KpiParser::PERCENT: case KpiParser::EQ: case KpiParser::NE: case KpiParser::LT: case KpiParser::LE:
    case KpiParser::GT: case KpiParser::GE: case KpiParser::AND: case KpiParser::OR: case KpiParser::NOT:
    case KpiParser::COMMA: case KpiParser::WHERE: case KpiParser::PER: case KpiParser::BY:
    case KpiParser::THEN: case KpiParser::ELSE: case KpiParser::IF:
      return true;
    default:
      return false;
  }
}

std::string token_text(const antlr4::Token* t) {
  if (t == nullptr || t->getType() == antlr4::Token::EOF) return "end of file";
  std::string s = t->getText();
  if (s.size() > 30) s = s.substr(0, 27) + "...";
  return "`" + s + "`";
}

// How an expected token is named in a message.
std::string expected_name(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  switch (type) {
    case KpiParser::NAME: case KpiParser::BQNAME: return "a name";
    case KpiParser::INT: case KpiParser::FLOAT: return "a number";
    case KpiParser::STRING: return "a string";
    case KpiParser::DURATION: return "a duration";
    case antlr4::Token::EOF: return "end of file";
    default: break;
  }
  if (is_soft_keyword(type)) return "a name";
  std::string lit = vocab.getLiteralName(type);
  if (lit.size() >= 2 && lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
  return "`" + lit + "`";
}

std::string join_alternatives(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

bool expects(const antlr4::misc::IntervalSet& set, size_t type) { return set.contains(type); }

template <class T>
bool in_rule(antlr4::ParserRuleContext* ctx) {
  return dynamic_cast<T*>(ctx) != nullptr;
}

}  // namespace

void ErrorStrategy::report(antlr4::Parser* parser, antlr4::Token* offending, const antlr4::misc::IntervalSet& expected) {
  antlr4::TokenStream* stream = parser->getTokenStream();
  // The visible tokens before the offending one.
  auto visible_before = [&](const antlr4::Token* t) -> antlr4::Token* {
    if (t == nullptr || t->getTokenIndex() == INVALID_INDEX) return nullptr;
    for (size_t j = t->getTokenIndex(); j-- > 0;) {
      antlr4::Token* p = stream->get(j);
      if (p->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return p;
    }
    return nullptr;
  };
  antlr4::Token* prev = visible_before(offending);
  SourceRange at = ranges_.of(offending);
  SourceRange after_prev = at;
  if (prev != nullptr) {
    uint32_t e = ranges_.of(prev).end;
    after_prev = {ranges_.file(), e, e};
  }
  // The grammar ignores newlines, but people do not: when the offending token starts a later line, the
  // problem is where the previous line ends.
  if (offending == nullptr || offending->getType() == antlr4::Token::EOF ||
      (prev != nullptr && offending->getLine() > prev->getLine())) {
    at = after_prev;
  }

  if (sink_.unclosed && at.begin > sink_.unclosed->opener.begin) {
    sink_.report_unclosed(after_prev);
    return;
  }

  std::string found = token_text(offending);
  std::string prev_text = prev ? prev->getText() : "";
  size_t type = offending ? offending->getType() : antlr4::Token::EOF;
  antlr4::ParserRuleContext* ctx = parser->getContext();
  bool wants_expr = expects(expected, KpiParser::INT);
  bool wants_name = expects(expected, KpiParser::NAME);
  std::string message;
  std::string help;

  // SQL habits: `=` to compare, `group by`, `20%` as a number.
  bool sql_equals = type == KpiParser::ASSIGN && prev != nullptr && visible_before(prev) != nullptr &&
                    visible_before(prev)->getLine() == prev->getLine() &&
                    visible_before(prev)->getType() != KpiParser::AT;
  if (sql_equals) {
    message = fmt::format("`=` defines a metric; to compare `{}` with a value, write `==`", prev_text);
    help = fmt::format("e.g. `{} == ...` (`!=` for not equal)", prev_text);
  } else if (type == KpiParser::BY && prev_text == "group") {
    message = "kpic has no `group by`: write `by` after the metric's value";
    help = "e.g. `revenue = sum(amount) by region`";
  } else if (offending && offending->getText() == "*" && prev_text == "(") {
    message = "kpic counts rows with `count()`: there is no `*` argument";
    help = "e.g. `orders = count()`; `count(x)` counts the rows where x is not null";
  } else if (offending && lower(prev_text) == "distinct" && in_rule<KpiParser::CallContext>(ctx)) {
    message = fmt::format("kpic has no `{}` inside a call: distinct counts are `count_distinct`", prev_text);
    help = fmt::format("e.g. `count_distinct({})`", offending->getText());
  } else if (offending && (offending->getText() == "AND" || offending->getText() == "OR" || offending->getText() == "NOT")) {
    message = fmt::format("kpic's logical operators are lowercase: write `{}`", lower(offending->getText()));
  } else if (offending && offending->getText() == ">" && prev_text == "<") {
    message = "kpic writes `!=` for not equal, not `<>`";
  } else if (offending && lower(offending->getText()) == "when" && lower(prev_text) == "case") {
    message = "kpic has no `case when`: write `if CONDITION then A else B`";
    help = "e.g. `sum(if amount >= 100 then amount else 0)`; chain `else if` for more cases";
  } else if (offending && prev && prev->getType() == KpiParser::INT &&
             (lower(offending->getText()).rfind("month", 0) == 0 || lower(offending->getText()).rfind("year", 0) == 0 ||
              lower(offending->getText()).rfind("quarter", 0) == 0)) {
    message = fmt::format("`{} {}` is not a duration: windows are in seconds, minutes, hours, days or weeks",
                          prev_text, offending->getText());
    help = "months, quarters and years have no fixed length: write e.g. `30 days`, or group by `month(ts)` for "
           "calendar months";
  } else if (offending && prev && offending->getText() == "/" && visible_before(prev) &&
             visible_before(prev)->getText() == ":" && visible_before(visible_before(prev)) &&
             visible_before(visible_before(prev))->getText() == "time_zone") {
    message = "the time zone is a string: write it in double quotes";
    help = fmt::format("e.g. `time_zone: \"{}/...\"` (an IANA name such as \"America/New_York\")", prev_text);
  } else if (offending && lower(offending->getText()) == "between") {
    message = "kpic has no `between`: write both comparisons";
    help = "e.g. `x >= 1 and x <= 10` (SQL's `between` includes both ends)";
  } else if (!wants_expr && wants_name && is_reserved_word(type)) {
    message = fmt::format("`{}` is a keyword and cannot be used as a name here", offending->getText());
    help = fmt::format("to use it as a name, write it in backquotes: `{}`", "`" + offending->getText() + "`");
  } else if (in_rule<KpiParser::IfExprContext>(ctx) && expects(expected, KpiParser::THEN)) {
    message = fmt::format("missing `then` in if-expression, found {}", found);
  } else if (in_rule<KpiParser::IfExprContext>(ctx) && expects(expected, KpiParser::ELSE)) {
    message = fmt::format("missing `else` in if-expression, found {}", found);
    help = "every `if` needs an `else`: `if c then a else b`";
  } else if (wants_expr) {
    message = prev ? fmt::format("expected an expression after `{}`, found {}", prev_text, found)
                   : fmt::format("expected an expression, found {}", found);
    if (type == KpiParser::LBRACKET) help = "lists `[...]` appear only after `in` and in test blocks";
    if (prev_text == "%")
      help = "`%` is the remainder operator, not a percent sign: write the number, e.g. `@target(>= 20)` for a "
             "metric in percent (pct() gives 0 to 100)";
  } else if (in_rule<KpiParser::MetricDefContext>(ctx) && expects(expected, KpiParser::ASSIGN)) {
    message = fmt::format("expected `=` after metric name `{}`, found {}", prev_text, found);
  } else if (in_rule<KpiParser::FnDefContext>(ctx) && expects(expected, KpiParser::ASSIGN)) {
    message = fmt::format("expected `=` and the body of the fn after its parameters, found {}", found);
  } else if (in_rule<KpiParser::CallContext>(ctx) && expects(expected, KpiParser::RPAREN)) {
    antlr4::Token* callee = ctx->getStart();
    message = fmt::format("expected `)` to close the call to `{}`, found {}", callee ? callee->getText() : "", found);
    if (type == KpiParser::WHERE) {
      help = "the inner `where` comes before `per`: `avg(x where p per k)`";
    } else if (!opens_operand(type)) {
      help = "separate arguments with `,`; `where` and `per` come after the arguments";
    }
  } else if (in_rule<KpiParser::ListContext>(ctx) && expects(expected, KpiParser::RBRACKET)) {
    message = fmt::format("expected `,` or `]` in the list, found {}", found);
  } else if (in_rule<KpiParser::ParenContext>(ctx) && expects(expected, KpiParser::RPAREN)) {
    message = fmt::format("expected `)`, found {}", found);
  } else if (in_rule<KpiParser::IsNullExprContext>(ctx) || (prev && prev->getType() == KpiParser::IS)) {
    message = fmt::format("expected `null` or `not null` after `is`, found {}", found);
  } else if (in_rule<KpiParser::InExprContext>(ctx) || in_rule<KpiParser::ListContext>(ctx)) {
    message = fmt::format("expected a list `[a, b, ...]` after `{}`, found {}", prev_text, found);
  } else if (in_rule<KpiParser::ImportStmtContext>(ctx) || in_rule<KpiParser::DottedNameContext>(ctx)) {
    message = fmt::format("expected a module name (`std.revenue`) or a path string after `import`, found {}", found);
  } else if (in_rule<KpiParser::SchemaColumnContext>(ctx) && expects(expected, KpiParser::COLON)) {
    message = fmt::format("expected `:` and a type after column `{}`, found {}", prev_text, found);
  } else if (in_rule<KpiParser::SchemaColumnContext>(ctx)) {
    message = fmt::format("expected a column type (int, float, bool, string, date, timestamp) after `:`, found {}", found);
  } else if (in_rule<KpiParser::SchemaContext>(ctx)) {
    message = fmt::format("expected `column: type` or `}}` in the schema, found {}", found);
  } else if (in_rule<KpiParser::GivenColumnContext>(ctx)) {
    message = fmt::format("expected `:` and a list of values `[...]` for the column, found {}", found);
  } else if (in_rule<KpiParser::GivenBlockContext>(ctx)) {
    message = fmt::format("expected `column: [values]` or `}}` in the given block, found {}", found);
  } else if (in_rule<KpiParser::CompOpContext>(ctx)) {
    message = fmt::format("expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after `{}`, found {}", prev_text, found);
  } else if (in_rule<KpiParser::ExpectStmtContext>(ctx)) {
    message = fmt::format("expected `expect METRIC == VALUE`, found {}", found);
  } else if (in_rule<KpiParser::TestBlockContext>(ctx) || in_rule<KpiParser::TestItemContext>(ctx)) {
    message = fmt::format("expected `given`, `expect`, a metric definition or `}}` in the test block, found {}", found);
  } else if (in_rule<KpiParser::StatementContext>(ctx) && ctx->children.size() > 0) {
    message = fmt::format("expected a metric or fn definition after the attribute, found {}", found);
  } else if (in_rule<KpiParser::FileContext>(ctx) || in_rule<KpiParser::StatementContext>(ctx)) {
    // `x = a +` followed by `y = 2` on the next line parses as `x = a + y`, then stops at the `=`.
    antlr4::Token* before = visible_before(prev);
    if (is_reserved_word(type)) {
      message = fmt::format("`{}` is a keyword and cannot be used as a name here", offending->getText());
      help = fmt::format("to use it as a name, write it in backquotes: `{}`", "`" + offending->getText() + "`");
    } else if (type == KpiParser::ASSIGN && before && opens_operand(before->getType())) {
      at = ranges_.of(before);
      message = fmt::format("expected an expression after `{}`, found the next definition `{} =`", before->getText(),
                            prev_text);
    } else {
      message = fmt::format("expected a definition (`name = expression`, `fn`, `source`, `import` or `test`), found {}",
                            found);
    }
  } else {
    std::vector<std::string> names;
    for (size_t t : expected.toList()) {
      std::string n = expected_name(parser->getVocabulary(), t);
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    if (names.empty() || names.size() > 5) {
      message = fmt::format("unexpected {}", found);
    } else {
      message = fmt::format("expected {}, found {}", join_alternatives(names), found);
    }
  }
  if (Diagnostic* d = sink_.error(DiagCode::syntax_error, at, std::move(message))) d->help = help;
}

void ErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) {
  report(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void ErrorStrategy::reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) {
  report(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void ErrorStrategy::reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) {
  report(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void ErrorStrategy::abandon(antlr4::Parser* parser, std::exception_ptr e) {
  for (antlr4::ParserRuleContext* ctx = parser->getContext(); ctx != nullptr;
       ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    ctx->exception = e;
    abandoned_root_ = ctx;
  }
  throw antlr4::ParseCancellationException();
}

void ErrorStrategy::recover(antlr4::Parser* parser, std::exception_ptr e) { abandon(parser, e); }

antlr4::Token* ErrorStrategy::recoverInline(antlr4::Parser* parser) {
  antlr4::InputMismatchException e(parser);
  if (!inErrorRecoveryMode(parser)) {
    beginErrorCondition(parser);
    report(parser, e.getOffendingToken(), e.getExpectedTokens());
  }
  abandon(parser, std::make_exception_ptr(e));
}

}  // namespace kpic::syntax
