// The kernel helpers for ordering strings (declared in kernel_abi.h): kernels hold strings as global
// ids, which are equal exactly when the texts are, but ordered by first appearance; `<`, `>`, min and
// max compare the texts through the run's StringPool. They never throw.

#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/string_pool.h"

using kpic::exec::KernelCtx;
using kpic::exec::StringPool;

namespace {

// pool.compare(a, b), remembered per thread: a column compared with a literal, or a running min/max,
// meets the same few pairs of ids row after row, and the pool's lookup takes its lock.
int compare_ids(const KernelCtx* ctx, int64_t a, int64_t b) {
  if (a == b) return 0;
  const auto& pool = *static_cast<const StringPool*>(ctx->strings);
  struct Entry {
    uint64_t pool = 0;  // serials start at 1: an empty entry matches nothing
    int64_t a = 0, b = 0;
    int result = 0;
  };
  thread_local Entry memo[1024];
  uint64_t h = (static_cast<uint64_t>(a) * 0x9e3779b97f4a7c15ULL) ^ (static_cast<uint64_t>(b) * 0xc2b2ae3d27d4eb4fULL);
  Entry& e = memo[h >> 54];
  if (e.pool == pool.serial() && e.a == a && e.b == b) return e.result;
  e = {pool.serial(), a, b, pool.compare(a, b)};
  return e.result;
}

}  // namespace

extern "C" {

int64_t kpic_rt_str_cmp(const KernelCtx* ctx, int64_t a, int64_t b) { return compare_ids(ctx, a, b); }

void kpic_rt_minmax_str(const KernelCtx* ctx, char* slot, int64_t id, int64_t is_max) {
  auto st = kpic::exec::load_state<kpic::exec::MinMaxState>(slot);
  if (st.has && st.value == id) return;  // the same text again: no lookup
  if (st.has) {
    int c = compare_ids(ctx, id, st.value);
    if (is_max ? c <= 0 : c >= 0) return;
  }
  kpic::exec::store_state(slot, kpic::exec::MinMaxState{id, 1});
}

}  // extern "C"
