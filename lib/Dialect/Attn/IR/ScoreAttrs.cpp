//===- ScoreAttrs.cpp - score modifier attribute semantics ----------------===//
//
// Each score modifier defines its function twice, as a scalar function and
// as IR on scalars or vectors; the integration tests check that they agree.
// Modifiers that read an input get its element at the row from the caller.
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

/// A float input element (or vector of them) as f32.
static Value floatToF32(OpBuilder &b, Location loc, Value v) {
  Type f32 = b.getF32Type();
  if (auto vec = dyn_cast<VectorType>(v.getType()))
    f32 = vec.clone(f32);
  if (v.getType() == f32)
    return v;
  return arith::ExtFOp::create(b, loc, f32, v);
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
                          int64_t, int64_t, InputReader) const {
  double cap = getCap().getValueAsDouble();
  return cap * std::tanh(score / cap);
}

Value SoftcapAttr::build(OpBuilder &b, Location loc, Value score, Value, Value,
                         Value, int64_t, Value, Value, InputBuilder) const {
  Value cap = f32Like(b, loc, score, getCap().getValueAsDouble());
  Value t = math::TanhOp::create(b, loc,
                                 arith::DivFOp::create(b, loc, score, cap));
  return arith::MulFOp::create(b, loc, t, cap);
}

//===----------------------------------------------------------------------===//
// AlibiAttr
//===----------------------------------------------------------------------===//

LogicalResult AlibiAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                FloatAttr maxBias,
                                std::optional<unsigned> slopes, Alignment) {
  if (maxBias && slopes)
    return emitError() << "ALiBi takes max_bias (geometric slopes) or a "
                          "slopes input, not both";
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

SmallVector<unsigned> AlibiAttr::getInputIndices() const {
  if (std::optional<unsigned> slopes = getSlopes())
    return {*slopes};
  return {};
}

double AlibiAttr::apply(double score, int64_t h, int64_t q, int64_t k,
                        int64_t numHeads, int64_t queryLen, int64_t keyLen,
                        InputReader inputs) const {
  int64_t p = getAlign() == Alignment::bottom_right ? q + (keyLen - queryLen) : q;
  double slope = getSlopes() ? inputs(*getSlopes(), q, k)
                             : getSlope(h, numHeads);
  return score + slope * double(k - p);
}

/// The geometric slope of each lane's head `h` as f32:
/// exponent = h < n ? (h + 1) / n : (2 (h - n) + 1) / (2 n), and
/// 2^(-max_bias * exponent) = exp(-max_bias * ln 2 * exponent).
static Value buildGeometricSlope(OpBuilder &b, Location loc, Value like,
                                 Value h, int64_t numHeads, double maxBias) {
  int64_t n = floorPowerOfTwo(numHeads);
  auto c = [&](double v) { return f32Like(b, loc, like, v); };
  Value hf = indexToF32(b, loc, h);
  Value first = arith::MulFOp::create(
      b, loc, arith::AddFOp::create(b, loc, hf, c(1.0)), c(1.0 / n));
  Value rest = arith::MulFOp::create(
      b, loc, arith::SubFOp::create(b, loc, hf, c(n - 0.5)), c(1.0 / n));
  Value inFirst = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, hf,
                                        c(double(n)));
  Value exponent = arith::SelectOp::create(b, loc, inFirst, first, rest);
  return math::ExpOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, exponent,
                            c(-maxBias * 0.6931471805599453)));
}

Value AlibiAttr::build(OpBuilder &b, Location loc, Value score, Value h,
                       Value q, Value k, int64_t numHeads, Value queryLen,
                       Value keyLen, InputBuilder inputs) const {
  Value slope =
      getSlopes()
          ? floatToF32(b, loc, inputs(*getSlopes(), q, k))
          : buildGeometricSlope(b, loc, score, h, numHeads,
                                getMaxBiasOrDefault());
  Value p = q;
  if (getAlign() == Alignment::bottom_right)
    p = arith::AddIOp::create(b, loc, q,
                              arith::SubIOp::create(b, loc, keyLen, queryLen));
  Value distance = indexToF32(b, loc, arith::SubIOp::create(b, loc, k, p));
  return math::FmaOp::create(b, loc, slope, distance, score);
}

//===----------------------------------------------------------------------===//
// QueryScaleAttr
//===----------------------------------------------------------------------===//

SmallVector<unsigned> QueryScaleAttr::getInputIndices() const {
  return {getInput()};
}

double QueryScaleAttr::apply(double score, int64_t, int64_t q, int64_t k,
                             int64_t, int64_t, int64_t,
                             InputReader inputs) const {
  return inputs(getInput(), q, k) * score;
}

Value QueryScaleAttr::build(OpBuilder &b, Location loc, Value score, Value,
                            Value q, Value k, int64_t, Value, Value,
                            InputBuilder inputs) const {
  Value t = floatToF32(b, loc, inputs(getInput(), q, k));
  return arith::MulFOp::create(b, loc, t, score);
}
