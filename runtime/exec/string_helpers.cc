// The kernel helpers for ordering strings (declared in kernel_abi.h): kernels hold strings as global
// ids, which are equal exactly when the texts are, but ordered by first appearance; `<`, `>`, min and
// max compare the texts through the run's StringPool. They never throw.
#include <cstring>

#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/string_pool.h"

using kpic::exec::KernelCtx;
using kpic::exec::StringPool;

extern "C" {

int64_t kpic_rt_str_cmp(const KernelCtx* ctx, int64_t a, int64_t b) {
  if (a == b) return 0;
  return static_cast<const StringPool*>(ctx->strings)->compare(a, b);
}

void kpic_rt_minmax_str(const KernelCtx* ctx, char* slot, int64_t id, int64_t is_max) {
  int64_t cur, has;
  std::memcpy(&cur, slot, 8);
  std::memcpy(&has, slot + 8, 8);
  if (has && cur == id) return;  // the same text again: no lookup
  if (has) {
    int c = static_cast<const StringPool*>(ctx->strings)->compare(id, cur);
    if (is_max ? c <= 0 : c >= 0) return;
  }
  has = 1;
  std::memcpy(slot, &id, 8);
  std::memcpy(slot + 8, &has, 8);
}

}  // extern "C"
