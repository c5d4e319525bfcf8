" .kpi files are KPI definitions for kpic
autocmd BufRead,BufNewFile *.kpi setfiletype kpi
