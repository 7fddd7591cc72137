//===- ScoreAttrs.cpp - score modifier attribute semantics ----------------===//
//
// Each score modifier defines its function twice, as a scalar function and
// as IR on scalars or vectors; the integration tests check that they agree.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;

/// An f32 constant, splat to `like`'s vector shape if it has one.
static Value f32Like(OpBuilder &b, Location loc, Value like, double v) {
  Type f32 = b.getF32Type();
  auto attr = b.getF32FloatAttr(float(v));
  if (auto vec = dyn_cast<VectorType>(like.getType()))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vec.clone(f32), attr.getValue()));
  return arith::ConstantOp::create(b, loc, attr);
}

/// An index value (or vector of them) as f32.
static Value indexToF32(OpBuilder &b, Location loc, Value v) {
  Type i64 = b.getI64Type(), f32 = b.getF32Type();
  if (auto vec = dyn_cast<VectorType>(v.getType())) {
    i64 = vec.clone(i64);
    f32 = vec.clone(f32);
  }
  return arith::SIToFPOp::create(b, loc, f32,
                                 arith::IndexCastOp::create(b, loc, i64, v));
}

//===----------------------------------------------------------------------===//
// SoftcapAttr
//===----------------------------------------------------------------------===//

LogicalResult SoftcapAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  FloatAttr cap) {
  double c = cap ? cap.getValueAsDouble() : 0.0;
  // Kernels compute in f32: the cap must survive the conversion.
  if (!(float(c) > 0) || !std::isfinite(float(c)))
    return emitError() << "softcap must be a finite, positive f32 value, got "
                       << c;
  return success();
}

double SoftcapAttr::apply(double score, int64_t, int64_t, int64_t, int64_t,
                          int64_t, int64_t) const {
  double cap = getCap().getValueAsDouble();
  return cap * std::tanh(score / cap);
}

Value SoftcapAttr::build(OpBuilder &b, Location loc, Value score, Value, Value,
                         Value, int64_t, Value, Value) const {
  Value cap = f32Like(b, loc, score, getCap().getValueAsDouble());
  Value t = math::TanhOp::create(b, loc,
                                 arith::DivFOp::create(b, loc, score, cap));
  return arith::MulFOp::create(b, loc, t, cap);
}

//===----------------------------------------------------------------------===//
// AlibiAttr
//===----------------------------------------------------------------------===//

LogicalResult AlibiAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                FloatAttr maxBias, Alignment) {
  double m = maxBias ? maxBias.getValueAsDouble() : 8.0;
  if (!(m > 0) || m > 64)
    return emitError() << "ALiBi max_bias must be in (0, 64], got " << m;
  return success();
}

/// The largest power of two <= n (n >= 1).
static int64_t floorPowerOfTwo(int64_t n) {
  int64_t p = 1;
  while (p * 2 <= n)
    p *= 2;
  return p;
}

double AlibiAttr::getSlope(int64_t h, int64_t numHeads) const {
  double maxBias = getMaxBiasOrDefault();
  int64_t n = floorPowerOfTwo(numHeads);
  double exponent = h < n ? double(h + 1) / n : double(2 * (h - n) + 1) / (2 * n);
  return std::exp2(-maxBias * exponent);
}

double AlibiAttr::apply(double score, int64_t h, int64_t q, int64_t k,
                        int64_t numHeads, int64_t queryLen,
                        int64_t keyLen) const {
  int64_t p = getAlign() == Alignment::bottom_right ? q + (keyLen - queryLen) : q;
  return score + getSlope(h, numHeads) * double(k - p);
}

Value AlibiAttr::build(OpBuilder &b, Location loc, Value score, Value h,
                       Value q, Value k, int64_t numHeads, Value queryLen,
                       Value keyLen) const {
  // exponent = h < n ? (h + 1) / n : (2 (h - n) + 1) / (2 n), as f32; the
  // slope 2^(-max_bias * exponent) = exp(-max_bias * ln 2 * exponent).
  int64_t n = floorPowerOfTwo(numHeads);
  auto c = [&](double v) { return f32Like(b, loc, score, v); };
  Value hf = indexToF32(b, loc, h);
  Value first = arith::MulFOp::create(
      b, loc, arith::AddFOp::create(b, loc, hf, c(1.0)), c(1.0 / n));
  Value rest = arith::MulFOp::create(
      b, loc, arith::SubFOp::create(b, loc, hf, c(n - 0.5)), c(1.0 / n));
  Value inFirst = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, hf,
                                        c(double(n)));
  Value exponent = arith::SelectOp::create(b, loc, inFirst, first, rest);
  Value slope = math::ExpOp::create(
      b, loc,
      arith::MulFOp::create(
          b, loc, exponent,
          c(-getMaxBiasOrDefault() * 0.6931471805599453)));
  Value p = q;
  if (getAlign() == Alignment::bottom_right)
    p = arith::AddIOp::create(b, loc, q,
                              arith::SubIOp::create(b, loc, keyLen, queryLen));
  Value distance = indexToF32(b, loc, arith::SubIOp::create(b, loc, k, p));
  return math::FmaOp::create(b, loc, slope, distance, score);
}
