// The grammar of .kpi files (the contract is ../shared/spec/language.md). The C++ parser is generated from
// this file at build time (grammar/CMakeLists.txt); compiler/syntax turns the parse tree into the AST.
//
// The grammar is newline-insensitive: statements need no terminator because an expression never has two
// adjacent primaries, so the next statement's first token always ends the previous one.
// Comments and lexical errors go to the hidden channel; compiler/syntax reads them from the token stream.
grammar Kpi;

@lexer::members {
  // A character that continues a name (letters, digits, underscore), by code point.
  static bool kpic_name_char(size_t c) {
    return c == 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  }
}

// ---------------------------------------------------------------- statements

file : statement* EOF ;

// Entry point for `kpic run --where/--by` expressions.
standaloneExpr : expr EOF ;

statement : attribute* (metricDef | fnDef | importStmt | sourceDecl | testBlock | calendarDecl) ;

// @unit(usd)  @target(>= 50)  @owner("growth")
attribute : AT ident (LPAREN (compOp? expr)? RPAREN)? ;

// NAME = EXPR [where PRED] [by DIM [as NAME], ...]
metricDef : ident ASSIGN expr (WHERE expr)? (BY dimension (COMMA dimension)*)? ;
dimension : expr (AS ident)? ;

fnDef : FN ident LPAREN (ident (COMMA ident)* COMMA?)? RPAREN ASSIGN expr ;

importStmt : IMPORT (dottedName | STRING) ;
dottedName : ident (DOT ident)* ;

sourceDecl : SOURCE ident STRING? schema? ;
schema : LBRACE (schemaColumn COMMA?)* RBRACE ;
// `customer_id: int key`, `customer_id: int references customers` (the words after the type are read
// by the AST builder: `key` and `references SOURCE`; they stay soft, so `key` may name a column).
schemaColumn : ident COLON ident ident* ;

// calendar { week_start: sunday, fiscal_year_start: april, time_zone: "America/New_York" }
calendarDecl : CALENDAR LBRACE (calendarEntry COMMA?)* RBRACE ;
calendarEntry : ident COLON (ident | STRING) ;

testBlock : TEST STRING LBRACE testItem* RBRACE ;
testItem : givenBlock | expectStmt | metricDef ;
givenBlock : GIVEN ident LBRACE (givenColumn COMMA?)* RBRACE ;
givenColumn : ident COLON list ;
expectStmt : EXPECT ident compOp (list | expr) ;  // the value: `+ -` or tighter (checked in the AST)

list : LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET ;

// ---------------------------------------------------------------- expressions

// One left-recursive rule: ANTLR turns it into a precedence-climbing loop, so an operand is two parse-tree
// nodes deep (expr, primary) whatever the number of precedence levels. Alternatives are listed from the
// tightest binding to the loosest. Two things the grammar accepts are rejected when the AST is built:
// chained comparisons (`a < b < c` parses left-nested) and `not` as the operand of a tighter operator
// (`a + not b`: it needs parentheses).
expr
  : primary                                 # primaryExpr
  | MINUS expr                              # negateExpr
  | expr op=(STAR | SLASH | PERCENT) expr   # mulExpr
  | expr op=(PLUS | MINUS) expr             # addExpr
  | expr compOp expr                        # compareExpr
  | expr NOT? IN list                       # inExpr
  | expr IS NOT? NULL_LIT                   # isNullExpr
  | NOT expr                                # notExpr
  | expr AND expr                           # andExpr
  | expr OR expr                            # orExpr
  ;
compOp : EQ | NE | LT | LE | GT | GE ;

primary
  : DURATION                              # durationLit
  | INT                                   # intLit
  | FLOAT                                 # floatLit
  | STRING                                # stringLit
  | (TRUE_LIT | FALSE_LIT)                # boolLit
  | NULL_LIT                              # nullLit
  | ident LPAREN callArgs RPAREN          # call
  | ident (DOT ident)?                    # nameRef
  | LPAREN expr RPAREN                    # paren
  | IF expr THEN expr ELSE expr           # ifExpr
  ;

// f(a, b where p per k1, k2)   count()   count(where churned)
callArgs : (expr (COMMA expr)*)? (WHERE expr)? (PER expr (COMMA expr)*)? ;

// Statement keywords are soft: they may also name columns and metrics (`by source`).
ident : NAME | BQNAME | SOURCE | TEST | GIVEN | EXPECT | FN | IMPORT | CALENDAR ;

// ---------------------------------------------------------------- tokens

AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
IN : 'in' ;
IS : 'is' ;
NULL_LIT : 'null' ;
TRUE_LIT : 'true' ;
FALSE_LIT : 'false' ;
IF : 'if' ;
THEN : 'then' ;
ELSE : 'else' ;
WHERE : 'where' ;
BY : 'by' ;
PER : 'per' ;
AS : 'as' ;
FN : 'fn' ;
IMPORT : 'import' ;
SOURCE : 'source' ;
TEST : 'test' ;
GIVEN : 'given' ;
EXPECT : 'expect' ;
CALENDAR : 'calendar' ;

EQ : '==' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
ASSIGN : '=' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA : ',' ;
DOT : '.' ;
COLON : ':' ;
AT : '@' ;

// `14 days`: a count and a unit on one line, the unit not followed by a letter, digit or `_` (so `14 days_x`
// stays an INT and a NAME). Longer than INT, so it wins where it matches.
DURATION : DIGITS [ \t]+ ('second' | 'minute' | 'hour' | 'day' | 'week') 's'?
    { !kpic_name_char(_input->LA(1)) }? ;
FLOAT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INT : DIGITS ;
fragment DIGITS : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
BQNAME : '`' ~[`\r\n]* '`' ;
NAME : [a-zA-Z_] [a-zA-Z_0-9]* ;

// `#` comments and `##` doc comments: kept (hidden) for the AST's comment list.
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS : [ \t\r\n\f]+ -> skip ;

// Lexical errors become hidden tokens, reported by compiler/syntax with a precise message; the lexer
// itself never fails. A complete string or name is longer, so it always wins over these.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? -> channel(HIDDEN) ;
UNTERMINATED_BQNAME : '`' ~[`\r\n]* -> channel(HIDDEN) ;
BAD_CHAR : . -> channel(HIDDEN) ;
