// The extern "C" helpers JIT kernels call (declared in kernel_abi.h). They never throw.
#include <cmath>

#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/time_bucket.h"

using kpic::exec::KernelCtx;
using kpic::exec::PassState;

extern "C" {

char* kpic_rt_group(KernelCtx* ctx, const int64_t* keys, uint64_t nullmask) {
  return static_cast<PassState*>(ctx->runtime)->group(keys, nullmask);
}

void kpic_rt_distinct(KernelCtx* ctx, char* slot, int64_t value) {
  static_cast<PassState*>(ctx->runtime)->distinct(slot).insert(static_cast<uint64_t>(value));
}

void kpic_rt_hll(KernelCtx* ctx, char* slot, int64_t value) {
  static_cast<PassState*>(ctx->runtime)->hll(slot).insert(static_cast<uint64_t>(value));
}

void kpic_rt_values(KernelCtx* ctx, char* slot, double value) {
  static_cast<PassState*>(ctx->runtime)->values(slot).push_back(value);
}

int64_t kpic_rt_bucket_days(int64_t days, int64_t kind) {
  return kpic::exec::bucket_days(days, static_cast<kpic::exec::BucketKind>(kind));
}

int64_t kpic_rt_days_of_us(int64_t us) { return kpic::exec::days_of_us(us); }

double kpic_rt_round(double x, int64_t digits) {
  if (digits > 300 || digits < -300) return x;
  double f = std::pow(10.0, static_cast<double>(digits));
  return std::round(x * f) / f;
}

}  // extern "C"
