// The extern "C" helpers JIT kernels call (declared in kernel_abi.h). They never throw.
#include <cmath>
#include <cstring>

#include "runtime/exec/calendar.h"
#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/time_bucket.h"

using kpic::exec::KernelCtx;
using kpic::exec::PassState;

extern "C" {

// Allocation failures must not unwind through JIT frames: they become an error in the context, and the
// kernel's update goes to a scratch block (the batch's results are discarded by the driver).
char* kpic_rt_group(KernelCtx* ctx, const int64_t* keys, uint64_t nullmask) {
  try {
    return static_cast<PassState*>(ctx->runtime)->group(keys, nullmask);
  } catch (...) {
    ctx->error = kpic::exec::kErrOutOfMemory;
    return static_cast<PassState*>(ctx->runtime)->scratch_block();
  }
}

// A slot of the discard block (PassState::keep_part) takes no objects: its rows belong to another part.
void kpic_rt_distinct(KernelCtx* ctx, char* slot, int64_t value) {
  if (!static_cast<PassState*>(ctx->runtime)->keeps_value(value)) return;
  try {
    kpic::exec::DistinctSet* set;
    std::memcpy(&set, slot, sizeof set);
    if (!set) {
      auto* st = static_cast<PassState*>(ctx->runtime);
      if (st->discarding(slot)) return;
      set = &st->distinct(slot);
    }
    set->insert(static_cast<uint64_t>(value));
  } catch (...) {
    ctx->error = kpic::exec::kErrOutOfMemory;
  }
}

void kpic_rt_funnel(KernelCtx* ctx, char* slot, int64_t entity, int64_t time, int64_t mask, int64_t agg) {
  try {
    if (static_cast<PassState*>(ctx->runtime)->discarding(slot)) return;
    static_cast<PassState*>(ctx->runtime)->funnel(slot, static_cast<int>(agg))
        .add(static_cast<uint64_t>(entity), time, static_cast<uint64_t>(mask));
  } catch (...) {
    ctx->error = kpic::exec::kErrOutOfMemory;
  }
}

void kpic_rt_hll(KernelCtx* ctx, char* slot, int64_t value) {
  try {
    if (static_cast<PassState*>(ctx->runtime)->discarding(slot)) return;
    static_cast<PassState*>(ctx->runtime)->hll(slot).insert(static_cast<uint64_t>(value));
  } catch (...) {
    ctx->error = kpic::exec::kErrOutOfMemory;
  }
}

void kpic_rt_values(KernelCtx* ctx, char* slot, double value) {
  try {
    if (static_cast<PassState*>(ctx->runtime)->discarding(slot)) return;
    static_cast<PassState*>(ctx->runtime)->values(slot).push_back(value);
  } catch (...) {
    ctx->error = kpic::exec::kErrOutOfMemory;
  }
}

int64_t kpic_rt_bucket_days(int64_t days, int64_t code) {
  // Data is mostly in time order: remember the last bucket of each kind ([start, end) -> start). Kernels
  // at the full code level call this only when the day changes; this saves the calendar arithmetic then.
  struct Last {
    int64_t code = -1, start = 1, end = 0;
  };
  thread_local Last last[kpic::exec::kBucketKinds];
  int64_t kind = code & 0xff;
  if (code < 0 || kind >= kpic::exec::kBucketKinds) return days;
  Last& l = last[kind];
  if (l.code == code && days >= l.start && days < l.end) return l.start;
  int64_t start = kpic::exec::bucket_days(days, code);
  l = {code, start, kpic::exec::next_bucket(start, code)};
  return start;
}

int64_t kpic_rt_zone_days(int64_t us, const char* zone) { return kpic::exec::local_days_of_us(us, zone); }
int64_t kpic_rt_zone_local_us(int64_t us, const char* zone) { return kpic::exec::local_us_of_us(us, zone); }

int64_t kpic_rt_iso_weekday(int64_t days) { return kpic::exec::iso_weekday(days); }

int64_t kpic_rt_hour_of_us(int64_t us) { return kpic::exec::hour_of_us(us); }

double kpic_rt_round(double x, int64_t digits) {
  if (digits > 300 || digits < -300) return x;
  double f = std::pow(10.0, static_cast<double>(digits));
  return std::round(x * f) / f;
}

}  // extern "C"
