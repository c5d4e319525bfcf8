" KPI definitions: comments start with '#'; `gq` formats through `kpic fmt -`.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1
setlocal commentstring=#\ %s comments=:##,:#
setlocal expandtab shiftwidth=2 softtabstop=2
if executable("kpic")
  setlocal formatprg=kpic\ fmt\ -
endif
let b:undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< formatprg<"
