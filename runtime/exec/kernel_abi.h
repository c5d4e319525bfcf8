// The binary interface between JIT-compiled kernels (compiler/codegen emits code against it) and the
// runtime (runtime/exec calls kernels and implements the helpers they call): the kernel context, the
// column slots, the aggregate state layouts and the helper functions. Codegen addresses every field
// with offsetof/sizeof of these structs; changing a layout means bumping kKernelAbiVersion (part of the
// compiled-code cache key).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kpic::exec {

inline constexpr int kKernelAbiVersion = 4;

// One column slot of a batch as a kernel sees it. `values` has the column's ValueType width
// (Bool uint8, Int/Timestamp int64, Float double, Date/String int32); `validity` is null when the
// batch has no nulls in the column; `ids` (String columns only) maps dictionary codes to the run's
// global string ids (translated once per dictionary).
struct KernelColumn {
  const void* values;
  const uint64_t* validity;
  const int64_t* ids;
};
static_assert(sizeof(KernelColumn) == 24 && alignof(KernelColumn) == 8);

// Per-thread, per-pass context.
struct KernelCtx {
  void* runtime;               // exec::PassState* of this thread (group table, value arenas)
  char* state;                 // the state block of an ungrouped pass
  const int64_t* params;       // values of ungrouped aggregates used in rows (i64 bits or f64 bits)
  const uint8_t* param_valid;  // 1 = the parameter is not null
  int64_t error;               // 0, or a DiagCode number reported by the kernel (batch stops)
  int64_t error_info;          // which aggregate (index) or expression caused it
  const void* strings;         // the run's exec::StringPool (string ordering: <, >, min, max)
  // 1: a row whose group keys equal the previous row's (in the same batch) may update the group
  // kpic_rt_group returned for that row without calling it again; 0: every row asks (a state that keeps
  // one part of the groups clears its discard block for every row: PassState::keep_part).
  int64_t reuse_groups;
};
static_assert(sizeof(KernelCtx) == 64 && alignof(KernelCtx) == 8);

// Aggregate state layouts, at AggLayout::offset in a group's state block (8-byte aligned). A zeroed
// block is the state of no rows. Which kind uses which layout: state_kinds.def.
struct CountState {  // count(*), count(x)
  int64_t n;
};
struct SumIntState {  // overflow reported
  int64_t sum;
  int64_t n;  // non-null rows
};
struct SumFloatState {  // Neumaier-compensated; also avg
  double sum;
  double comp;
  int64_t n;  // non-null rows
};
struct MinMaxState {
  int64_t value;  // i64, or the bits of an f64, or a global string id
  int64_t has;    // 1 once a value was seen
};
struct PctState {
  int64_t trues;
  int64_t n;  // non-null rows
};
struct RatioState {
  SumFloatState num;
  SumFloatState den;
};
struct ObjectState {  // Distinct: DistinctSet*, Hll: Hll*, Values: ValueList*, Funnel: FunnelSet* (owned by PassState)
  void* object;
};
static_assert(sizeof(CountState) == 8 && sizeof(SumIntState) == 16 && sizeof(SumFloatState) == 24 &&
              sizeof(MinMaxState) == 16 && sizeof(PctState) == 16 && sizeof(RatioState) == 48 &&
              sizeof(ObjectState) == 8);
static_assert(alignof(SumFloatState) == 8 && alignof(RatioState) == 8 && alignof(ObjectState) == 8);

// A state read from / written to its place in a block (blocks need not be aligned for the struct).
template <typename State>
State load_state(const char* p) {
  State s;
  std::memcpy(&s, p, sizeof s);
  return s;
}
template <typename State>
void store_state(char* p, const State& s) {
  std::memcpy(p, &s, sizeof s);
}

// How an aggregate's state is kept (the runtime's memory layout; the plan refers to it).
enum class StateKind {
#define KPIC_STATE_KIND(kind, layout, name) kind,
#include "runtime/exec/state_kinds.def"
};

// Bytes a state of kind `k` takes in a state block.
constexpr int state_size(StateKind k) {
  switch (k) {
#define KPIC_STATE_KIND(kind, layout, name) \
  case StateKind::kind: return static_cast<int>(sizeof(layout));
#include "runtime/exec/state_kinds.def"
  }
  return 0;
}

// The kind's name in `kpic explain`.
constexpr const char* state_kind_name(StateKind k) {
  switch (k) {
#define KPIC_STATE_KIND(kind, layout, name) \
  case StateKind::kind: return name;
#include "runtime/exec/state_kinds.def"
  }
  return "?";
}

enum KernelError : int64_t { kErrOverflow = 901, kErrOutOfMemory = 907 };

enum BucketKind : int64_t {
  kBucketDay = 0, kBucketWeek, kBucketMonth, kBucketQuarter, kBucketYear, kBucketFiscalQuarter, kBucketFiscalYear,
  kBucketKinds
};

using KernelFn = void (*)(KernelCtx* ctx, const KernelColumn* cols, int64_t nrows);

// The helpers, by name (codegen declares them through this enum).
enum class RtHelper {
#define KPIC_RT_HELPER(name, ret, params) name,
#include "runtime/exec/kernel_helpers.def"
};

}  // namespace kpic::exec

// Helpers called from kernels: plain C functions, never throw (errors go into ctx->error).
extern "C" {
#define KPIC_RT_HELPER(name, ret, params) ret name params;
#include "runtime/exec/kernel_helpers.def"
}
