// Row-level expressions -> IR values with validity flags (SQL null semantics).
#include <algorithm>
#include <type_traits>

#include "compiler/codegen/kernel_emitter.h"
#include "runtime/base/check.h"
#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/time_bucket.h"

namespace kpic::codegen {

using lang::Builtin;
using plan::Node;
using plan::NodeKind;

namespace {
// The LLVM type of a helper's C parameter or result type.
template <typename T>
llvm::Type* llvm_type(llvm::LLVMContext& c) {
  if constexpr (std::is_void_v<T>) return llvm::Type::getVoidTy(c);
  else if constexpr (std::is_pointer_v<T>) return llvm::PointerType::getUnqual(c);
  else if constexpr (std::is_same_v<T, double>) return llvm::Type::getDoubleTy(c);
  else {
    static_assert(std::is_integral_v<T> && sizeof(T) == 8, "helpers take pointers, 64-bit integers or double");
    return llvm::Type::getInt64Ty(c);
  }
}
template <typename F>
struct Signature;
template <typename R, typename... A>
struct Signature<R(A...)> {
  static llvm::FunctionType* get(llvm::LLVMContext& c) {
    return llvm::FunctionType::get(llvm_type<R>(c), {llvm_type<A>(c)...}, false);
  }
};
}  // namespace

llvm::Function* KernelEmitter::helper(exec::RtHelper h) {
  // Name and signature come from the helpers' C declarations (runtime/exec/kernel_helpers.def).
  const char* name = "";
  llvm::FunctionType* ty = nullptr;
  switch (h) {
#define KPIC_RT_HELPER(fn, ret, params) \
  case exec::RtHelper::fn:             \
    name = #fn;                         \
    ty = Signature<decltype(fn)>::get(c_); \
    break;
#include "runtime/exec/kernel_helpers.def"
  }
  auto callee = m_.getOrInsertFunction(name, ty);
  auto* f = llvm::cast<llvm::Function>(callee.getCallee());
  f->setDoesNotThrow();
  // What the calendar and rounding helpers may touch: nothing of the kernel's (their caches are
  // thread_local, the zone a constant string), so column values loaded before a call are reused after
  // it (month(ts) and day(ts) of one row load and divide `ts` once).
  switch (h) {
    case exec::RtHelper::kpic_rt_iso_weekday:
    case exec::RtHelper::kpic_rt_hour_of_us:
      f->setMemoryEffects(llvm::MemoryEffects::none());
      f->setWillReturn();
      break;
    case exec::RtHelper::kpic_rt_bucket_days:
    case exec::RtHelper::kpic_rt_round:  // errno
      f->setMemoryEffects(llvm::MemoryEffects::inaccessibleMemOnly());
      f->setWillReturn();
      break;
    case exec::RtHelper::kpic_rt_zone_days:
    case exec::RtHelper::kpic_rt_zone_local_us:
      f->setMemoryEffects(llvm::MemoryEffects::inaccessibleMemOnly() |
                          llvm::MemoryEffects::argMemOnly(llvm::ModRefInfo::Ref));
      f->setWillReturn();
      break;
    default:
      break;
  }
  return f;
}

llvm::Value* KernelEmitter::days_of_us(llvm::Value* us) {
  llvm::Value* day = b_.getInt64(exec::kUsPerDay);
  llvm::Value* q = b_.CreateSDiv(us, day);
  llvm::Value* below = b_.CreateICmpSLT(b_.CreateSRem(us, day), b_.getInt64(0));
  return b_.CreateSub(q, b_.CreateZExt(below, i64_));
}

llvm::Value* KernelEmitter::bucket_of_days(llvm::Value* days, int64_t code) {
  if (!reuse_rows_) return b_.CreateCall(helper(exec::RtHelper::kpic_rt_bucket_days), {days, b_.getInt64(code)});
  llvm::Value* seen = kernel_var(i1_, b_.getFalse(), "bucket_seen");
  llvm::Value* last_in = kernel_var(i64_, b_.getInt64(0), "bucket_in");
  llvm::Value* last_out = kernel_var(i64_, b_.getInt64(0), "bucket_out");
  llvm::Value* same = b_.CreateAnd(b_.CreateLoad(i1_, seen), b_.CreateICmpEQ(b_.CreateLoad(i64_, last_in), days));
  llvm::Value* prev = b_.CreateLoad(i64_, last_out);
  return reuse_or_call(same, prev, "bucket", [&] {
    llvm::Value* start = b_.CreateCall(helper(exec::RtHelper::kpic_rt_bucket_days), {days, b_.getInt64(code)});
    b_.CreateStore(b_.getTrue(), seen);
    b_.CreateStore(days, last_in);
    b_.CreateStore(start, last_out);
    return start;
  });
}

llvm::Value* KernelEmitter::string_id(const std::string& s) {
  auto it = plan_.string_ids.find(s);
  KPIC_CHECK(it != plan_.string_ids.end(), "string literal not interned: ", s);
  return b_.getInt64(it->second);
}

Val KernelEmitter::gen_column(int slot, ValueType t, bool wide) {
  const SlotPtrs& sp = slots_[slot];
  Val out;
  out.type = t;
  llvm::Value* i = row_;
  if (wide || t == ValueType::Int || t == ValueType::Timestamp) {
    llvm::Value* p = b_.CreateGEP(i64_, sp.values, i);
    out.v = b_.CreateLoad(i64_, p);
    if (t == ValueType::Float) out.v = b_.CreateBitCast(out.v, f64_);
    if (t == ValueType::Bool) out.v = b_.CreateICmpNE(out.v, b_.getInt64(0));
  } else if (t == ValueType::Float) {
    out.v = b_.CreateLoad(f64_, b_.CreateGEP(f64_, sp.values, i));
  } else if (t == ValueType::Bool) {
    out.v = b_.CreateICmpNE(b_.CreateLoad(i8_, b_.CreateGEP(i8_, sp.values, i)), b_.getInt8(0));
  } else if (t == ValueType::Date) {
    out.v = b_.CreateSExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, sp.values, i)), i64_);
  } else if (t == ValueType::String) {
    llvm::Value* code = b_.CreateLoad(i32_, b_.CreateGEP(i32_, sp.values, i));
    out.v = b_.CreateLoad(i64_, b_.CreateGEP(i64_, sp.ids, b_.CreateSExt(code, i64_)));
  } else {
    KPIC_UNREACHABLE("a column of type ", type_name(t));
  }
  // Validity: a bit of the bitmap, or all valid when the batch has no bitmap (branch-free select).
  llvm::Value* has = b_.CreateICmpNE(sp.validity, llvm::ConstantPointerNull::get(ptr_));
  llvm::Value* word_ptr = b_.CreateSelect(has, b_.CreateGEP(i64_, sp.validity, b_.CreateLShr(i, 6)), ones_);
  llvm::Value* word = b_.CreateLoad(i64_, word_ptr);
  llvm::Value* bit = b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(i, 63)), b_.getInt64(1));
  out.valid = b_.CreateICmpNE(bit, b_.getInt64(0));
  return out;
}

Val KernelEmitter::convert(Val x, ValueType to) {
  if (x.type == to || to == ValueType::Null) return x;
  if (x.type == ValueType::Null) {
    Val n;
    n.type = to;
    n.valid = b_.getFalse();
    n.v = to == ValueType::Float ? static_cast<llvm::Value*>(llvm::ConstantFP::get(f64_, 0.0))
          : to == ValueType::Bool ? static_cast<llvm::Value*>(b_.getFalse())
                                  : static_cast<llvm::Value*>(b_.getInt64(0));
    return n;
  }
  if (to == ValueType::Float && x.type == ValueType::Int) {
    x.v = b_.CreateSIToFP(x.v, f64_);
  } else if (to == ValueType::Float && x.type == ValueType::Bool) {
    x.v = b_.CreateUIToFP(x.v, f64_);
  } else if (to == ValueType::Int && x.type == ValueType::Bool) {
    x.v = b_.CreateZExt(x.v, i64_);
  } else if (to == ValueType::Timestamp && x.type == ValueType::Date) {
    x.v = b_.CreateMul(x.v, b_.getInt64(exec::kUsPerDay));
  } else {
    KPIC_UNREACHABLE("cannot convert ", type_name(x.type), " to ", type_name(to));
  }
  x.type = to;
  return x;
}

llvm::Value* KernelEmitter::to_double(Val x) { return convert(x, ValueType::Float).v; }

llvm::Value* KernelEmitter::bits(Val x) {
  if (x.type == ValueType::Float)
    return b_.CreateBitCast(b_.CreateFAdd(x.v, llvm::ConstantFP::get(f64_, 0.0)), i64_);
  if (x.type == ValueType::Bool) return b_.CreateZExt(x.v, i64_);
  return x.v;
}

llvm::Value* KernelEmitter::checked_int(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* b,
                                        llvm::Value* valid) {
  llvm::Function* f = llvm::Intrinsic::getDeclaration(&m_, id, {i64_});
  llvm::Value* r = b_.CreateCall(f, {a, b});
  llvm::Value* ov = b_.CreateAnd(b_.CreateExtractValue(r, 1), valid);
  auto* ok = llvm::BasicBlock::Create(c_, "no_overflow", fn_);
  b_.CreateCondBr(ov, overflow_bb_, ok);
  b_.SetInsertPoint(ok);
  return b_.CreateExtractValue(r, 0);
}

llvm::Value* KernelEmitter::cmp(lang::Op op, Val a, Val b) {
  ValueType t = a.type;
  if (a.type != b.type) {
    if (a.type == ValueType::Float || b.type == ValueType::Float) t = ValueType::Float;
    else if (is_temporal(a.type) && is_temporal(b.type)) t = ValueType::Timestamp;
    else if (a.type == ValueType::Null) t = b.type;
    else if (b.type == ValueType::Null) t = a.type;
    else t = ValueType::Int;
  }
  a = convert(a, t);
  b = convert(b, t);
  if (t == ValueType::String && op != lang::Op::Eq && op != lang::Op::Ne) {
    // Ids are equal exactly when the texts are; their order is the texts' (bytewise), from the pool.
    llvm::Value* c = b_.CreateCall(helper(exec::RtHelper::kpic_rt_str_cmp), {ctx_, a.v, b.v});
    a.v = c;
    b.v = b_.getInt64(0);
  }
  if (t == ValueType::Float) {
    switch (op) {
      case lang::Op::Eq: return b_.CreateFCmpOEQ(a.v, b.v);
      case lang::Op::Ne: return b_.CreateFCmpUNE(a.v, b.v);
      case lang::Op::Lt: return b_.CreateFCmpOLT(a.v, b.v);
      case lang::Op::Le: return b_.CreateFCmpOLE(a.v, b.v);
      case lang::Op::Gt: return b_.CreateFCmpOGT(a.v, b.v);
      default: return b_.CreateFCmpOGE(a.v, b.v);
    }
  }
  switch (op) {
    case lang::Op::Eq: return b_.CreateICmpEQ(a.v, b.v);
    case lang::Op::Ne: return b_.CreateICmpNE(a.v, b.v);
    case lang::Op::Lt: return b_.CreateICmpSLT(a.v, b.v);
    case lang::Op::Le: return b_.CreateICmpSLE(a.v, b.v);
    case lang::Op::Gt: return b_.CreateICmpSGT(a.v, b.v);
    default: return b_.CreateICmpSGE(a.v, b.v);
  }
}

Val KernelEmitter::gen_binary(const Node& e) {
  Val a = gen(e.args[0]);
  Val b = gen(e.args[1]);
  Val out;
  out.type = e.type;
  switch (e.op) {
    case lang::Op::And: {
      a = convert(a, ValueType::Bool);
      b = convert(b, ValueType::Bool);
      llvm::Value* a_false = b_.CreateAnd(a.valid, b_.CreateNot(a.v));
      llvm::Value* b_false = b_.CreateAnd(b.valid, b_.CreateNot(b.v));
      out.valid = b_.CreateOr(b_.CreateAnd(a.valid, b.valid), b_.CreateOr(a_false, b_false));
      out.v = b_.CreateAnd(b_.CreateAnd(a.v, b.v), b_.CreateAnd(a.valid, b.valid));
      return out;
    }
    case lang::Op::Or: {
      a = convert(a, ValueType::Bool);
      b = convert(b, ValueType::Bool);
      llvm::Value* a_true = b_.CreateAnd(a.valid, a.v);
      llvm::Value* b_true = b_.CreateAnd(b.valid, b.v);
      out.valid = b_.CreateOr(b_.CreateAnd(a.valid, b.valid), b_.CreateOr(a_true, b_true));
      out.v = b_.CreateOr(a_true, b_true);
      return out;
    }
    case lang::Op::Eq:
    case lang::Op::Ne:
    case lang::Op::Lt:
    case lang::Op::Le:
    case lang::Op::Gt:
    case lang::Op::Ge:
      out.type = ValueType::Bool;
      out.valid = b_.CreateAnd(a.valid, b.valid);
      out.v = cmp(e.op, a, b);
      return out;
    default: break;
  }
  out.valid = b_.CreateAnd(a.valid, b.valid);
  if (e.op == lang::Op::Div || e.type == ValueType::Float) {
    llvm::Value* x = to_double(a);
    llvm::Value* y = to_double(b);
    switch (e.op) {
      case lang::Op::Add: out.v = b_.CreateFAdd(x, y); break;
      case lang::Op::Sub: out.v = b_.CreateFSub(x, y); break;
      case lang::Op::Mul: out.v = b_.CreateFMul(x, y); break;
      case lang::Op::Div:
      case lang::Op::Mod: {
        llvm::Value* nz = b_.CreateFCmpUNE(y, llvm::ConstantFP::get(f64_, 0.0));
        out.valid = b_.CreateAnd(out.valid, nz);
        out.v = e.op == lang::Op::Div ? b_.CreateFDiv(x, y) : b_.CreateFRem(x, y);
        break;
      }
      default: break;
    }
    out.type = ValueType::Float;
    return out;
  }
  a = convert(a, ValueType::Int);
  b = convert(b, ValueType::Int);
  switch (e.op) {
    case lang::Op::Add: out.v = checked_int(llvm::Intrinsic::sadd_with_overflow, a.v, b.v, out.valid); break;
    case lang::Op::Sub: out.v = checked_int(llvm::Intrinsic::ssub_with_overflow, a.v, b.v, out.valid); break;
    case lang::Op::Mul: out.v = checked_int(llvm::Intrinsic::smul_with_overflow, a.v, b.v, out.valid); break;
    case lang::Op::Mod: {
      llvm::Value* zero = b_.CreateICmpEQ(b.v, b_.getInt64(0));
      llvm::Value* minus1 = b_.CreateICmpEQ(b.v, b_.getInt64(-1));
      out.valid = b_.CreateAnd(out.valid, b_.CreateNot(zero));
      llvm::Value* safe = b_.CreateSelect(b_.CreateOr(zero, minus1), b_.getInt64(1), b.v);
      out.v = b_.CreateSRem(a.v, safe);
      break;
    }
    default: KPIC_UNREACHABLE("operator ", static_cast<int>(e.op), " on integers");
  }
  out.type = ValueType::Int;
  return out;
}

Val KernelEmitter::gen_call(const Node& e) {
  Val out;
  out.type = e.type;
  switch (e.builtin) {
    case Builtin::Day:
    case Builtin::Week:
    case Builtin::Month:
    case Builtin::Quarter:
    case Builtin::Year:
    case Builtin::FiscalQuarter:
    case Builtin::FiscalYear: {
      Val x = gen(e.args[0]);
      llvm::Value* days = x.v;
      const std::string& zone = plan_.calendar.time_zone;
      if (x.type == ValueType::Timestamp && zone.empty())
        days = days_of_us(x.v);
      else if (x.type == ValueType::Timestamp)
        days = b_.CreateCall(helper(exec::RtHelper::kpic_rt_zone_days), {x.v, b_.CreateGlobalStringPtr(zone)});
      if (e.builtin != Builtin::Day) days = bucket_of_days(days, plan_.calendar.bucket_code(plan::bucket_kind(e.builtin)));
      out.type = ValueType::Date;
      out.v = days;
      out.valid = x.valid;
      return out;
    }
    case Builtin::DayOfWeek: {
      Val x = gen(e.args[0]);
      llvm::Value* days = x.v;
      const std::string& zone = plan_.calendar.time_zone;
      if (x.type == ValueType::Timestamp && zone.empty())
        days = days_of_us(x.v);
      else if (x.type == ValueType::Timestamp)
        days = b_.CreateCall(helper(exec::RtHelper::kpic_rt_zone_days), {x.v, b_.CreateGlobalStringPtr(zone)});
      out.v = b_.CreateCall(helper(exec::RtHelper::kpic_rt_iso_weekday), {days});
      out.valid = x.valid;
      return out;
    }
    case Builtin::Hour: {
      Val x = gen(e.args[0]);
      const std::string& zone = plan_.calendar.time_zone;
      bool shift = x.type == ValueType::Timestamp && !zone.empty();  // a date is not shifted: hour 0
      x = convert(x, ValueType::Timestamp);
      llvm::Value* us = x.v;
      if (shift) us = b_.CreateCall(helper(exec::RtHelper::kpic_rt_zone_local_us), {x.v, b_.CreateGlobalStringPtr(zone)});
      out.v = b_.CreateCall(helper(exec::RtHelper::kpic_rt_hour_of_us), {us});
      out.valid = x.valid;
      return out;
    }
    case Builtin::DaysBetween:
    case Builtin::HoursBetween:
    case Builtin::SecondsBetween: {
      Val a = convert(gen(e.args[0]), ValueType::Timestamp);
      Val b = convert(gen(e.args[1]), ValueType::Timestamp);
      double per = plan::us_per_unit(e.builtin);
      llvm::Value* diff = b_.CreateSIToFP(b_.CreateSub(b.v, a.v), f64_);
      out.type = ValueType::Float;
      out.v = b_.CreateFDiv(diff, llvm::ConstantFP::get(f64_, per));
      out.valid = b_.CreateAnd(a.valid, b.valid);
      return out;
    }
    case Builtin::Coalesce: {
      Val acc = convert(gen(e.args.back()), e.type);
      for (size_t k = e.args.size() - 1; k-- > 0;) {
        Val x = convert(gen(e.args[k]), e.type);
        acc.v = b_.CreateSelect(x.valid, x.v, acc.v);
        acc.valid = b_.CreateOr(x.valid, acc.valid);
      }
      return acc;
    }
    case Builtin::Least:
    case Builtin::Greatest: {
      Val acc = convert(gen(e.args[0]), e.type);
      for (size_t k = 1; k < e.args.size(); ++k) {
        Val x = convert(gen(e.args[k]), e.type);
        llvm::Value* better = cmp(e.builtin == Builtin::Least ? lang::Op::Lt : lang::Op::Gt, x, acc);
        llvm::Value* take = b_.CreateAnd(x.valid, b_.CreateOr(b_.CreateNot(acc.valid), better));
        acc.v = b_.CreateSelect(take, x.v, acc.v);
        acc.valid = b_.CreateOr(acc.valid, x.valid);
      }
      return acc;
    }
    case Builtin::Abs: {
      Val x = gen(e.args[0]);
      out = x;
      if (x.type == ValueType::Float) {
        out.v = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x.v);
      } else {
        llvm::Value* neg = checked_int(llvm::Intrinsic::ssub_with_overflow, b_.getInt64(0), x.v,
                                       b_.CreateAnd(x.valid, b_.CreateICmpSLT(x.v, b_.getInt64(0))));
        out.v = b_.CreateSelect(b_.CreateICmpSLT(x.v, b_.getInt64(0)), neg, x.v);
      }
      return out;
    }
    case Builtin::Round:
    case Builtin::Floor:
    case Builtin::Ceil: {
      Val x = gen(e.args[0]);
      out.type = ValueType::Float;
      out.valid = x.valid;
      llvm::Value* d = to_double(x);
      if (e.builtin == Builtin::Round && e.args.size() == 2) {
        Val n = convert(gen(e.args[1]), ValueType::Int);
        out.valid = b_.CreateAnd(out.valid, n.valid);
        out.v = b_.CreateCall(helper(exec::RtHelper::kpic_rt_round), {d, n.v});
      } else {
        auto id = e.builtin == Builtin::Round ? llvm::Intrinsic::round
                  : e.builtin == Builtin::Floor ? llvm::Intrinsic::floor
                                                : llvm::Intrinsic::ceil;
        out.v = b_.CreateUnaryIntrinsic(id, d);
      }
      return out;
    }
    default:
      KPIC_UNREACHABLE("`", lang::builtin_info(e.builtin).name, "` in a row-level expression");
  }
}

Val KernelEmitter::gen(const Node& e) {
  Val out;
  out.type = e.type;
  switch (e.kind) {
    case NodeKind::Literal: {
      const Value& v = e.value;
      out.valid = b_.getInt1(!v.is_null);
      switch (v.type) {
        case ValueType::Float: out.v = llvm::ConstantFP::get(f64_, v.f); break;
        case ValueType::Bool: out.v = b_.getInt1(v.i != 0); break;
        case ValueType::String: out.v = v.is_null ? b_.getInt64(-1) : string_id(v.s); break;
        default: out.v = b_.getInt64(v.i); break;
      }
      out.type = v.type;
      if (v.is_null) out.type = ValueType::Null;
      if (out.type == ValueType::Null) out = convert(out, e.type);
      return out;
    }
    case NodeKind::Slot: return gen_column(e.index, e.type, e.wide);
    case NodeKind::Unary: {
      Val a = gen(e.args[0]);
      if (e.op == lang::Op::Not) {
        a = convert(a, ValueType::Bool);
        a.v = b_.CreateNot(a.v);
        return a;
      }
      if (a.type == ValueType::Float) {
        a.v = b_.CreateFNeg(a.v);
      } else {
        a = convert(a, ValueType::Int);
        a.v = checked_int(llvm::Intrinsic::ssub_with_overflow, b_.getInt64(0), a.v, a.valid);
      }
      return a;
    }
    case NodeKind::Binary: return gen_binary(e);
    case NodeKind::If: {
      Val c = convert(gen(e.args[0]), ValueType::Bool);
      Val t = convert(gen(e.args[1]), e.type);
      Val f = convert(gen(e.args[2]), e.type);
      llvm::Value* take = b_.CreateAnd(c.valid, c.v);
      out.v = b_.CreateSelect(take, t.v, f.v);
      out.valid = b_.CreateSelect(take, t.valid, f.valid);
      return out;
    }
    case NodeKind::In: {
      Val x = gen(e.args[0]);
      llvm::Value* any = b_.getFalse();
      for (const Value& v : e.values) {
        Val c;
        c.valid = b_.getTrue();
        c.type = v.type;
        if (v.is_null) continue;
        switch (v.type) {
          case ValueType::Float: c.v = llvm::ConstantFP::get(f64_, v.f); break;
          case ValueType::Bool: c.v = b_.getInt1(v.i != 0); break;
          case ValueType::String: c.v = string_id(v.s); break;
          default: c.v = b_.getInt64(v.i); break;
        }
        any = b_.CreateOr(any, cmp(lang::Op::Eq, x, c));
      }
      out.type = ValueType::Bool;
      out.v = e.negated ? b_.CreateNot(any) : any;
      out.valid = x.valid;
      return out;
    }
    case NodeKind::IsNull: {
      Val x = gen(e.args[0]);
      out.type = ValueType::Bool;
      out.v = e.negated ? x.valid : b_.CreateNot(x.valid);
      out.valid = b_.getTrue();
      return out;
    }
    case NodeKind::Call: return gen_call(e);
    case NodeKind::Param: {
      int64_t idx = e.index;
      llvm::Value* params = b_.CreateLoad(ptr_, b_.CreateConstGEP1_64(i8_, ctx_, offsetof(exec::KernelCtx, params)));
      llvm::Value* valid = b_.CreateLoad(ptr_, b_.CreateConstGEP1_64(i8_, ctx_, offsetof(exec::KernelCtx, param_valid)));
      out.v = b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i64_, params, idx));
      if (e.type == ValueType::Float) out.v = b_.CreateBitCast(out.v, f64_);
      if (e.type == ValueType::Bool) out.v = b_.CreateICmpNE(out.v, b_.getInt64(0));
      out.valid = b_.CreateICmpNE(b_.CreateLoad(i8_, b_.CreateConstGEP1_64(i8_, valid, idx)), b_.getInt8(0));
      return out;
    }
    default:
      KPIC_UNREACHABLE("node kind ", static_cast<int>(e.kind), " in a row-level expression");
  }
}

}  // namespace kpic::codegen
