// The binary interface between JIT-compiled kernels (compiler/codegen emits code against it) and the
// runtime (runtime/exec calls kernels and implements the helpers they call). Changing a layout here
// means changing compiler/codegen/kernel_builder.cc and bumping kKernelAbiVersion (part of the
// compiled-code cache key).
#pragma once

#include <cstdint>

namespace kpic::exec {

inline constexpr int kKernelAbiVersion = 2;

// One column slot of a batch as a kernel sees it. `values` has the column's ValueType width
// (Bool uint8, Int/Timestamp int64, Float double, Date/String int32); `validity` is null when the
// batch has no nulls in the column; `ids` (String columns only) maps dictionary codes to the run's
// global string ids (translated once per dictionary).
struct KernelColumn {
  const void* values;
  const uint64_t* validity;
  const int64_t* ids;
};

// Per-thread, per-pass context. All fields are 8 bytes; codegen addresses them by byte offset.
struct KernelCtx {
  void* runtime;               // +0  exec::PassState* of this thread (group table, value arenas)
  char* state;                 // +8  the state block of an ungrouped pass
  const int64_t* params;       // +16 values of ungrouped aggregates used in rows (i64 bits or f64 bits)
  const uint8_t* param_valid;  // +24 1 = the parameter is not null
  int64_t error;               // +32 0, or a DiagCode number reported by the kernel (batch stops)
  int64_t error_info;          // +40 which aggregate (index) or expression caused it
  const void* strings;         // +48 the run's exec::StringPool (string ordering: <, >, min, max)
};

enum KernelError : int64_t { kErrOverflow = 901, kErrOutOfMemory = 907 };

enum BucketKind : int64_t { kBucketDay = 0, kBucketWeek, kBucketMonth, kBucketQuarter, kBucketYear };

using KernelFn = void (*)(KernelCtx* ctx, const KernelColumn* cols, int64_t nrows);

}  // namespace kpic::exec

// Helpers called from kernels: plain C functions, never throw (errors go into ctx->error).
extern "C" {
// The state block of the group with these key values (nullmask bit k = key k is null); created zeroed.
char* kpic_rt_group(kpic::exec::KernelCtx* ctx, const int64_t* keys, uint64_t nullmask);
void kpic_rt_distinct(kpic::exec::KernelCtx* ctx, char* slot, int64_t value);
void kpic_rt_hll(kpic::exec::KernelCtx* ctx, char* slot, int64_t value);
void kpic_rt_values(kpic::exec::KernelCtx* ctx, char* slot, double value);
int64_t kpic_rt_bucket_days(int64_t days, int64_t kind);
int64_t kpic_rt_days_of_us(int64_t us);
double kpic_rt_round(double x, int64_t digits);
// Strings by their text (byte order, as SQL's default collation in DuckDB): <0, 0, >0 for two global ids.
int64_t kpic_rt_str_cmp(const kpic::exec::KernelCtx* ctx, int64_t a, int64_t b);
// min/max of strings: slot holds (id, has-value); keeps the smaller (or, is_max, the larger) text.
void kpic_rt_minmax_str(const kpic::exec::KernelCtx* ctx, char* slot, int64_t id, int64_t is_max);
}
