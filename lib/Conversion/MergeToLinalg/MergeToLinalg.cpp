//===- MergeToLinalg.cpp - attn.merge to linalg on tensors ----------------===//
//
// LSE = m + log sum_n exp(LSE_n - m) with m = max_n LSE_n, then
// O = sum_n exp(LSE_n - LSE) O_n; rows with every LSE_n = -inf give 0, -inf.
//
//===----------------------------------------------------------------------===//

#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>

namespace attnc {
#define GEN_PASS_DEF_CONVERTATTNMERGETOLINALG
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

/// An empty tensor of `type`, its dynamic extents (B, L) taken from `like`.
Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type, Value like) {
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(tensor::DimOp::create(b, loc, like, d));
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType(), dynamic);
}

void lowerMerge(RewriterBase &b, MergeOp op) {
  Location loc = op.getLoc();
  b.setInsertionPoint(op);
  MLIRContext *ctx = op.getContext();
  using IT = utils::IteratorType;
  size_t n = op.getLses().size();
  Value first = op.getOutputs().front();
  auto negInf = [&](OpBuilder &nb, Location l) -> Value {
    return arith::ConstantOp::create(
        nb, l, nb.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
  };

  // LSE over (b, h, l).
  AffineMap id3 = AffineMap::getMultiDimIdentityMap(3, ctx);
  SmallVector<AffineMap> lseMaps(n + 1, id3);
  Value lse =
      linalg::GenericOp::create(
          b, loc, op.getLse().getType(), op.getLses(),
          ValueRange{emptyLike(b, loc, op.getLse().getType(), first)}, lseMaps,
          SmallVector<IT>(3, IT::parallel),
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value m = a[0];
            for (size_t i = 1; i < n; ++i)
              m = arith::MaximumFOp::create(nb, l, m, a[i]);
            Value empty = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                                m, negInf(nb, l));
            // With every partial empty, m - m would be NaN: shift by 0.
            Value shift = arith::SelectOp::create(
                nb, l, empty,
                arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f)), m);
            Value sum;
            for (size_t i = 0; i < n; ++i) {
              Value e = math::ExpOp::create(
                  nb, l, arith::SubFOp::create(nb, l, a[i], shift));
              sum = sum ? arith::AddFOp::create(nb, l, sum, e) : e;
            }
            Value merged = arith::AddFOp::create(
                nb, l, m, math::LogOp::create(nb, l, sum));
            linalg::YieldOp::create(
                nb, l,
                ValueRange{arith::SelectOp::create(nb, l, empty, negInf(nb, l),
                                                   merged)});
          })
          .getResult(0);

  // Output over (b, h, l, e): partial outputs, partial LSEs, merged LSE.
  AffineMap id4 = AffineMap::getMultiDimIdentityMap(4, ctx);
  AffineMap row = AffineMap::get(
      4, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx),
             getAffineDimExpr(2, ctx)},
      ctx);
  SmallVector<Value> ins(op.getOutputs());
  llvm::append_range(ins, op.getLses());
  ins.push_back(lse);
  SmallVector<AffineMap> maps(n, id4);
  maps.append(n + 1, row);
  maps.push_back(id4);
  RankedTensorType outType = op.getOutput().getType();
  Type elt = outType.getElementType();
  Value out =
      linalg::GenericOp::create(
          b, loc, outType, ins,
          ValueRange{emptyLike(b, loc, outType, first)}, maps,
          SmallVector<IT>(4, IT::parallel),
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value total = a[2 * n];
            Value empty = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                                total, negInf(nb, l));
            Value acc = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
            for (size_t i = 0; i < n; ++i) {
              Value w = math::ExpOp::create(
                  nb, l, arith::SubFOp::create(nb, l, a[n + i], total));
              Value o = a[i];
              if (!o.getType().isF32())
                o = arith::ExtFOp::create(nb, l, nb.getF32Type(), o);
              acc = math::FmaOp::create(nb, l, w, o, acc);
            }
            acc = arith::SelectOp::create(
                nb, l, empty,
                arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f)), acc);
            if (!elt.isF32())
              acc = arith::TruncFOp::create(nb, l, elt, acc);
            linalg::YieldOp::create(nb, l, ValueRange{acc});
          })
          .getResult(0);
  b.replaceOp(op, ValueRange{out, lse});
}

struct ConvertAttnMergeToLinalgPass
    : public attnc::impl::ConvertAttnMergeToLinalgBase<
          ConvertAttnMergeToLinalgPass> {
  void runOnOperation() override {
    SmallVector<MergeOp> ops;
    getOperation()->walk([&](MergeOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (MergeOp op : ops)
      lowerMerge(rewriter, op);
  }
};

} // namespace
