// The malloc heap's set-up (runtime/exec/heap_pages.h), from .preinit_array: before static initialisers or
// any thread, so that every thread shares the one arena whose heap can be put in huge pages.
#include "runtime/exec/heap_pages.h"

namespace {

void tune_malloc(int, char**, char** envp) { kpic::exec::tune_heap(envp); }

[[gnu::used, gnu::section(".preinit_array")]] void (*const kTuneMalloc)(int, char**, char**) = &tune_malloc;

}  // namespace
