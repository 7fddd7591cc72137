//===- RegionInterpreter.cpp - scalar interpreter for mod regions ---------===//

#include "RegionInterpreter.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace attnc::reference;

namespace {
enum Kind : unsigned {
  Constant, AddF, SubF, MulF, DivF, RemF, NegF, MaxF, MinF, MaxNumF, MinNumF,
  AddI, SubI, MulI, DivSI, DivUI, RemSI, RemUI, FloorDivSI, CeilDivSI, AndI,
  OrI, XOrI, MaxSI, MinSI, MaxUI, MinUI, ShLI, ShRSI, ShRUI, CmpF, CmpI,
  Select, IndexCast, IndexCastUI, SIToFP, UIToFP, FPToSI, FPToUI, ExtF, TruncF,
  ExtSI, ExtUI, TruncI, Exp, Exp2, ExpM1, Log, Log2, Log10, Log1p, Tanh, Sqrt,
  Rsqrt, AbsF, AbsI, Sin, Cos, Tan, Atan, Atan2, Erf, Floor, Ceil, Round,
  RoundEven, Trunc, PowF, Fma, CopySign, Sinh, Cosh, QueryLength, KeyLength,
  Unsupported
};
} // namespace

static Kind kindOf(Operation *op) {
  return llvm::StringSwitch<Kind>(op->getName().getStringRef())
      .Case("arith.constant", Constant).Case("arith.addf", AddF)
      .Case("arith.subf", SubF).Case("arith.mulf", MulF)
      .Case("arith.divf", DivF).Case("arith.remf", RemF)
      .Case("arith.negf", NegF).Case("arith.maximumf", MaxF)
      .Case("arith.minimumf", MinF).Case("arith.maxnumf", MaxNumF)
      .Case("arith.minnumf", MinNumF).Case("arith.addi", AddI)
      .Case("arith.subi", SubI).Case("arith.muli", MulI)
      .Case("arith.divsi", DivSI).Case("arith.divui", DivUI)
      .Case("arith.remsi", RemSI).Case("arith.remui", RemUI)
      .Case("arith.floordivsi", FloorDivSI).Case("arith.ceildivsi", CeilDivSI)
      .Case("arith.andi", AndI).Case("arith.ori", OrI).Case("arith.xori", XOrI)
      .Case("arith.maxsi", MaxSI).Case("arith.minsi", MinSI)
      .Case("arith.maxui", MaxUI).Case("arith.minui", MinUI)
      .Case("arith.shli", ShLI).Case("arith.shrsi", ShRSI)
      .Case("arith.shrui", ShRUI).Case("arith.cmpf", CmpF)
      .Case("arith.cmpi", CmpI).Case("arith.select", Select)
      .Case("arith.index_cast", IndexCast).Case("arith.index_castui", IndexCastUI)
      .Case("arith.sitofp", SIToFP).Case("arith.uitofp", UIToFP)
      .Case("arith.fptosi", FPToSI).Case("arith.fptoui", FPToUI)
      .Case("arith.extf", ExtF).Case("arith.truncf", TruncF)
      .Case("arith.extsi", ExtSI).Case("arith.extui", ExtUI)
      .Case("arith.trunci", TruncI).Case("math.exp", Exp)
      .Case("math.exp2", Exp2).Case("math.expm1", ExpM1).Case("math.log", Log)
      .Case("math.log2", Log2).Case("math.log10", Log10)
      .Case("math.log1p", Log1p).Case("math.tanh", Tanh)
      .Case("math.sqrt", Sqrt).Case("math.rsqrt", Rsqrt)
      .Case("math.absf", AbsF).Case("math.absi", AbsI).Case("math.sin", Sin)
      .Case("math.cos", Cos).Case("math.tan", Tan).Case("math.atan", Atan)
      .Case("math.atan2", Atan2).Case("math.erf", Erf)
      .Case("math.floor", Floor).Case("math.ceil", Ceil)
      .Case("math.round", Round).Case("math.roundeven", RoundEven)
      .Case("math.trunc", Trunc).Case("math.powf", PowF).Case("math.fma", Fma)
      .Case("math.copysign", CopySign).Case("math.sinh", Sinh)
      .Case("math.cosh", Cosh).Case("attn.query_length", QueryLength)
      .Case("attn.key_length", KeyLength)
      .Default(Unsupported);
}

/// Bit width of an integer-like type (index is 64).
static unsigned widthOf(Type t) {
  if (auto i = dyn_cast<IntegerType>(t))
    return i.getWidth();
  return 64;
}

/// Sign-extends the low `w` bits of `v`.
static int64_t normalize(int64_t v, unsigned w) {
  if (w >= 64)
    return v;
  uint64_t shift = 64 - w;
  return int64_t(uint64_t(v) << shift) >> shift;
}

static uint64_t asUnsigned(int64_t v, unsigned w) {
  return w >= 64 ? uint64_t(v) : uint64_t(v) & ((uint64_t(1) << w) - 1);
}

/// Rounds `v` to the precision of float type `t`.
static double roundTo(double v, Type t) {
  if (t.isF64())
    return v;
  if (t.isF32())
    return double(float(v));
  llvm::APFloat f(v);
  bool lost;
  f.convert(cast<FloatType>(t).getFloatSemantics(),
            llvm::APFloat::rmNearestTiesToEven, &lost);
  return f.convertToDouble();
}

static bool compareF(arith::CmpFPredicate p, double a, double b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  using P = arith::CmpFPredicate;
  switch (p) {
  case P::AlwaysFalse: return false;
  case P::OEQ: return !unordered && a == b;
  case P::OGT: return !unordered && a > b;
  case P::OGE: return !unordered && a >= b;
  case P::OLT: return !unordered && a < b;
  case P::OLE: return !unordered && a <= b;
  case P::ONE: return !unordered && a != b;
  case P::ORD: return !unordered;
  case P::UEQ: return unordered || a == b;
  case P::UGT: return unordered || a > b;
  case P::UGE: return unordered || a >= b;
  case P::ULT: return unordered || a < b;
  case P::ULE: return unordered || a <= b;
  case P::UNE: return unordered || a != b;
  case P::UNO: return unordered;
  case P::AlwaysTrue: return true;
  }
  return false;
}

static bool compareI(arith::CmpIPredicate p, int64_t a, int64_t b, unsigned w) {
  uint64_t ua = asUnsigned(a, w), ub = asUnsigned(b, w);
  using P = arith::CmpIPredicate;
  switch (p) {
  case P::eq: return a == b;
  case P::ne: return a != b;
  case P::slt: return a < b;
  case P::sle: return a <= b;
  case P::sgt: return a > b;
  case P::sge: return a >= b;
  case P::ult: return ua < ub;
  case P::ule: return ua <= ub;
  case P::ugt: return ua > ub;
  case P::uge: return ua >= ub;
  }
  return false;
}

FailureOr<RegionInterpreter> RegionInterpreter::compile(Region &region,
                                                        std::string &error) {
  RegionInterpreter interp;
  Block &block = region.front();
  DenseMap<Value, unsigned> slots;
  for (BlockArgument arg : block.getArguments())
    slots[arg] = interp.numSlots++;
  interp.numArgs = block.getNumArguments();
  for (Operation &op : block.without_terminator()) {
    Kind kind = kindOf(&op);
    if (kind == Unsupported || op.getNumResults() != 1) {
      error = "the reference evaluator does not support '" +
              op.getName().getStringRef().str() + "'";
      return failure();
    }
    if (kind == Constant && !isa<FloatAttr, IntegerAttr>(
                                cast<arith::ConstantOp>(op).getValue())) {
      error = "the reference evaluator supports only scalar constants";
      return failure();
    }
    Instr instr{kind, &op, {}, 0};
    for (Value v : op.getOperands())
      instr.operands.push_back(slots.lookup(v));
    instr.result = slots[op.getResult(0)] = interp.numSlots++;
    interp.program.push_back(std::move(instr));
  }
  auto yield = cast<attnc::attn::YieldOp>(block.getTerminator());
  interp.resultSlot = slots.lookup(yield.getValue());
  return interp;
}

Scalar RegionInterpreter::run(ArrayRef<Scalar> args, int64_t queryLen,
                              int64_t keyLen) const {
  SmallVector<Scalar, 32> v(numSlots);
  for (unsigned i = 0; i < numArgs; ++i)
    v[i] = args[i];
  for (const Instr &in : program) {
    auto f = [&](unsigned k) { return v[in.operands[k]].f; };
    auto i = [&](unsigned k) { return v[in.operands[k]].i; };
    Type rt = in.op->getResult(0).getType();
    unsigned w = widthOf(rt);
    unsigned iw = in.op->getNumOperands()
                      ? widthOf(in.op->getOperand(0).getType())
                      : w;
    Scalar r;
    // Floats stay in double; only an explicit truncf rounds.
    auto F = [&](double x) { r.f = x; };
    auto I = [&](int64_t x) { r.i = normalize(x, w); };
    switch (Kind(in.kind)) {
    case Constant: {
      Attribute a = cast<arith::ConstantOp>(in.op).getValue();
      if (auto fa = dyn_cast<FloatAttr>(a))
        r.f = fa.getValueAsDouble();
      else
        I(cast<IntegerAttr>(a).getValue().getSExtValue());
      break;
    }
    case QueryLength: I(queryLen); break;
    case KeyLength: I(keyLen); break;
    case AddF: F(f(0) + f(1)); break;
    case SubF: F(f(0) - f(1)); break;
    case MulF: F(f(0) * f(1)); break;
    case DivF: F(f(0) / f(1)); break;
    case RemF: F(std::fmod(f(0), f(1))); break;
    case NegF: F(-f(0)); break;
    case MaxF:
      F(std::isnan(f(0)) || std::isnan(f(1)) ? NAN : std::max(f(0), f(1)));
      break;
    case MinF:
      F(std::isnan(f(0)) || std::isnan(f(1)) ? NAN : std::min(f(0), f(1)));
      break;
    case MaxNumF: F(std::fmax(f(0), f(1))); break;
    case MinNumF: F(std::fmin(f(0), f(1))); break;
    case AddI: I(int64_t(uint64_t(i(0)) + uint64_t(i(1)))); break;
    case SubI: I(int64_t(uint64_t(i(0)) - uint64_t(i(1)))); break;
    case MulI: I(int64_t(uint64_t(i(0)) * uint64_t(i(1)))); break;
    case DivSI: I(i(1) ? i(0) / i(1) : 0); break;
    case DivUI: {
      uint64_t d = asUnsigned(i(1), w);
      I(d ? int64_t(asUnsigned(i(0), w) / d) : 0);
      break;
    }
    case RemSI: I(i(1) ? i(0) % i(1) : 0); break;
    case RemUI: {
      uint64_t d = asUnsigned(i(1), w);
      I(d ? int64_t(asUnsigned(i(0), w) % d) : 0);
      break;
    }
    case FloorDivSI: {
      int64_t a = i(0), b = i(1);
      if (!b) { I(0); break; }
      int64_t q = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
      I(q);
      break;
    }
    case CeilDivSI: {
      int64_t a = i(0), b = i(1);
      if (!b) { I(0); break; }
      int64_t q = a / b;
      if ((a % b != 0) && ((a < 0) == (b < 0)))
        ++q;
      I(q);
      break;
    }
    case AndI: I(i(0) & i(1)); break;
    case OrI: I(i(0) | i(1)); break;
    case XOrI: I(i(0) ^ i(1)); break;
    case MaxSI: I(std::max(i(0), i(1))); break;
    case MinSI: I(std::min(i(0), i(1))); break;
    case MaxUI: I(asUnsigned(i(0), w) >= asUnsigned(i(1), w) ? i(0) : i(1)); break;
    case MinUI: I(asUnsigned(i(0), w) <= asUnsigned(i(1), w) ? i(0) : i(1)); break;
    case ShLI: I(uint64_t(i(1)) < w ? int64_t(uint64_t(i(0)) << i(1)) : 0); break;
    case ShRSI: I(uint64_t(i(1)) < w ? i(0) >> i(1) : (i(0) < 0 ? -1 : 0)); break;
    case ShRUI:
      I(uint64_t(i(1)) < w ? int64_t(asUnsigned(i(0), w) >> i(1)) : 0);
      break;
    case CmpF:
      I(compareF(cast<arith::CmpFOp>(in.op).getPredicate(), f(0), f(1)) ? 1 : 0);
      break;
    case CmpI:
      I(compareI(cast<arith::CmpIOp>(in.op).getPredicate(), i(0), i(1), iw) ? 1
                                                                           : 0);
      break;
    case Select:
      r = i(0) ? v[in.operands[1]] : v[in.operands[2]];
      break;
    case IndexCast:
    case ExtSI: I(i(0)); break;
    case IndexCastUI:
    case ExtUI: I(int64_t(asUnsigned(i(0), iw))); break;
    case TruncI: I(i(0)); break;
    case SIToFP: F(double(i(0))); break;
    case UIToFP: F(double(asUnsigned(i(0), iw))); break;
    case FPToSI: I(int64_t(std::trunc(f(0)))); break;
    case FPToUI: I(int64_t(uint64_t(std::trunc(f(0))))); break;
    case ExtF: r.f = f(0); break;
    case TruncF: r.f = roundTo(f(0), rt); break;
    case Exp: F(std::exp(f(0))); break;
    case Exp2: F(std::exp2(f(0))); break;
    case ExpM1: F(std::expm1(f(0))); break;
    case Log: F(std::log(f(0))); break;
    case Log2: F(std::log2(f(0))); break;
    case Log10: F(std::log10(f(0))); break;
    case Log1p: F(std::log1p(f(0))); break;
    case Tanh: F(std::tanh(f(0))); break;
    case Sqrt: F(std::sqrt(f(0))); break;
    case Rsqrt: F(1.0 / std::sqrt(f(0))); break;
    case AbsF: F(std::fabs(f(0))); break;
    case AbsI: I(i(0) < 0 ? -i(0) : i(0)); break;
    case Sin: F(std::sin(f(0))); break;
    case Cos: F(std::cos(f(0))); break;
    case Tan: F(std::tan(f(0))); break;
    case Atan: F(std::atan(f(0))); break;
    case Atan2: F(std::atan2(f(0), f(1))); break;
    case Erf: F(std::erf(f(0))); break;
    case Floor: F(std::floor(f(0))); break;
    case Ceil: F(std::ceil(f(0))); break;
    case Round: F(std::round(f(0))); break;
    case RoundEven: F(std::nearbyint(f(0))); break;
    case Trunc: F(std::trunc(f(0))); break;
    case PowF: F(std::pow(f(0), f(1))); break;
    case Fma: F(f(0) * f(1) + f(2)); break;
    case CopySign: F(std::copysign(f(0), f(1))); break;
    case Sinh: F(std::sinh(f(0))); break;
    case Cosh: F(std::cosh(f(0))); break;
    case Unsupported: break;
    }
    v[in.result] = r;
  }
  return v[resultSlot];
}
