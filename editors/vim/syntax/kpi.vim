" Vim syntax file
" Language: KPI definitions (.kpi files of kpic)
" Keywords follow grammar/Kpi.g4; builtins follow compiler/lang/builtins.def
" (tests/format/editor_drift.sh checks that nothing is missing).
if exists("b:current_syntax")
  finish
endif

syntax keyword kpiStatement import source fn test given expect calendar
syntax keyword kpiClause where by per as
syntax keyword kpiConditional if then else
syntax keyword kpiOperatorWord and or not in is
syntax keyword kpiConstant true false null
syntax keyword kpiType int float bool string
syntax keyword kpiBuiltin count count_distinct approx_count_distinct sum avg min max median
syntax keyword kpiBuiltin quantile approx_quantile approx_median pct ratio day week month quarter year
syntax keyword kpiBuiltin days_between hours_between seconds_between day_of_week hour trailing funnel coalesce abs round floor ceil
syntax keyword kpiBuiltin least greatest date timestamp prev growth running_sum lag fiscal_quarter fiscal_year
syntax keyword kpiBuiltin cohort_retention

syntax match kpiNumber "\<\d[0-9_]*\(\.\d\+\)\=\([eE][+-]\=\d\+\)\=\>"
syntax match kpiNumber "\.\d\+\([eE][+-]\=\d\+\)\=\>"
syntax match kpiNumber "\<\d\+[ \t]\+\(second\|minute\|hour\|day\|week\)s\=\>"
syntax region kpiString start=+"+ skip=+\\.+ end=+"+ oneline contains=kpiEscape
syntax match kpiEscape "\\." contained
syntax match kpiQuotedName "`[^`]*`"
syntax match kpiAttribute "@\h\w*"
syntax match kpiOperator "==\|!=\|<=\|>=\|[-+*/%<>=]"
syntax match kpiDefinition "^\s*\h\w*\ze\s*=[^=]"
syntax match kpiComment "#.*$" contains=kpiTodo
syntax match kpiDocComment "##.*$"
syntax keyword kpiTodo TODO FIXME XXX contained

highlight default link kpiStatement Statement
highlight default link kpiClause Keyword
highlight default link kpiConditional Conditional
highlight default link kpiOperatorWord Operator
highlight default link kpiConstant Constant
highlight default link kpiType Type
highlight default link kpiBuiltin Function
highlight default link kpiNumber Number
highlight default link kpiString String
highlight default link kpiEscape SpecialChar
highlight default link kpiQuotedName Identifier
highlight default link kpiAttribute PreProc
highlight default link kpiOperator Operator
highlight default link kpiDefinition Identifier
highlight default link kpiComment Comment
highlight default link kpiDocComment SpecialComment
highlight default link kpiTodo Todo

let b:current_syntax = "kpi"
