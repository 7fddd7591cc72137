//===- AttnToLinalg.cpp - attn.attention to linalg on tensors -------------===//
//
// The reference lowering. It spells out the semantics of attn.attention as a
// chain of linalg.generic ops over a materialised score tensor. GQA is made
// explicit by viewing the query heads as (kv head, group): every op below
// iterates over (b, kh, g, i, j[, d]) and reads K and V at kh, so K and V are
// never replicated.
//
//===----------------------------------------------------------------------===//

#include "attnc/Conversion/AttnToLinalg.h"
#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>

namespace attnc {
#define GEN_PASS_DEF_CONVERTATTNTOLINALG
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

using IT = utils::IteratorType;

/// Runtime lengths and static sizes of one attention op.
struct Shapes {
  OpFoldResult batch, queryLen, keyLen; // static or runtime
  int64_t kvHeads, group, headDim, valueDim;
};

/// Builds the lowering of one op. Dims of the 5-D score space are
/// (b, kh, g, i, j); reductions append one more dim.
class AttentionLowering {
public:
  AttentionLowering(OpBuilder &builder, AttentionOp op)
      : b(builder), op(op), loc(op.getLoc()), ctx(op.getContext()) {}

  /// Builds the lowering before the op; returns the values of its results.
  FailureOr<SmallVector<Value>> build();

private:
  OpFoldResult dim(Value tensor, int64_t d) {
    return tensor::getMixedSize(b, loc, tensor, d);
  }
  AffineMap map(unsigned numDims, ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(getAffineDimExpr(d, ctx));
    return AffineMap::get(numDims, 0, exprs, ctx);
  }
  /// An f32 tensor of the given (b, kh, g, i, ...) shape filled with `init`.
  Value filled(ArrayRef<OpFoldResult> sizes, Type elt, std::optional<double> init);
  SmallVector<OpFoldResult> scoreSizes(bool withKey, std::optional<int64_t> last);
  Value f32(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(float(v)));
  }
  Value toF32(Value v) {
    if (v.getType().isF32())
      return v;
    return arith::ExtFOp::create(b, loc, b.getF32Type(), v);
  }
  Value scoreAndMask(Value qk);

  OpBuilder &b;
  AttentionOp op;
  Location loc;
  MLIRContext *ctx;
  Shapes s;
};

} // namespace

Value AttentionLowering::filled(ArrayRef<OpFoldResult> sizes, Type elt,
                                std::optional<double> init) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elt);
  if (!init)
    return empty;
  Value cst = arith::ConstantOp::create(b, loc, b.getFloatAttr(elt, *init));
  return linalg::FillOp::create(b, loc, ValueRange{cst}, ValueRange{empty})
      .getResult(0);
}

/// Sizes of (b, kh, g, i) followed by j when `withKey`, then `last` if set.
SmallVector<OpFoldResult> AttentionLowering::scoreSizes(bool withKey,
                                                        std::optional<int64_t> last) {
  SmallVector<OpFoldResult> sizes = {s.batch, b.getIndexAttr(s.kvHeads),
                                     b.getIndexAttr(s.group), s.queryLen};
  if (withKey)
    sizes.push_back(s.keyLen);
  if (last)
    sizes.push_back(b.getIndexAttr(*last));
  return sizes;
}

/// scale, score_mod and the masks, fused into one elementwise generic:
/// masked-out scores become -inf.
Value AttentionLowering::scoreAndMask(Value qk) {
  SmallVector<Value> inputs(op.getInputs());
  double scale = op.getScaleOrDefault();
  MaskAttrInterface mask = op.getMaskAttr();
  AffineMap id = AffineMap::getMultiDimIdentityMap(5, ctx);
  Value queryLen = getValueOrCreateConstantIndexOp(b, loc, s.queryLen);
  Value keyLen = getValueOrCreateConstantIndexOp(b, loc, s.keyLen);
  Value init = filled(scoreSizes(true, std::nullopt), b.getF32Type(), std::nullopt);

  auto body = [&](OpBuilder &nb, Location l, ValueRange args) {
    Value iter[4]; // b, h, q, k as the regions see them
    iter[0] = linalg::IndexOp::create(nb, l, 0);
    Value kh = linalg::IndexOp::create(nb, l, 1);
    Value g = linalg::IndexOp::create(nb, l, 2);
    iter[2] = linalg::IndexOp::create(nb, l, 3);
    iter[3] = linalg::IndexOp::create(nb, l, 4);
    Value groupSize = arith::ConstantIndexOp::create(nb, l, s.group);
    iter[1] = arith::AddIOp::create(
        nb, l, arith::MulIOp::create(nb, l, kh, groupSize), g);

    // Elements of the extra inputs, read at their index maps.
    SmallVector<Value> elements;
    for (auto [n, input] : llvm::enumerate(inputs)) {
      SmallVector<Value> indices =
          op.buildInputIndices(nb, l, n, iter, queryLen, keyLen);
      elements.push_back(tensor::ExtractOp::create(nb, l, input, indices));
    }

    Value score = arith::MulFOp::create(
        nb, l, args[0],
        arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(float(scale))));
    // Inputs read at this element's own point.
    auto elementOf = [&](unsigned input, Value q, Value k) {
      assert(q == iter[2] && k == iter[3] && "input read off the point");
      return elements[input];
    };
    for (ScoreAttrInterface mod : op.getScoreModifiers())
      score = mod.build(nb, l, score, iter[1], iter[2], iter[3],
                        op.getNumQueryHeads(), queryLen, keyLen, elementOf);
    if (op.hasScoreMod()) {
      SmallVector<Value> regionArgs = {score, iter[0], iter[1], iter[2], iter[3]};
      llvm::append_range(regionArgs, elements);
      score = AttentionOp::inlineModRegion(nb, op.getScoreMod(), regionArgs,
                                           queryLen, keyLen);
    }

    Value keep;
    if (mask)
      // Masks that read elsewhere (#attn.tree) are rejected before.
      keep = mask.buildPredicate(nb, l, iter[2], iter[3], queryLen, keyLen,
                                 elementOf);
    if (op.hasMaskMod()) {
      SmallVector<Value> regionArgs(std::begin(iter), std::end(iter));
      llvm::append_range(regionArgs, elements);
      Value k = AttentionOp::inlineModRegion(nb, op.getMaskMod(), regionArgs,
                                             queryLen, keyLen);
      keep = keep ? arith::AndIOp::create(nb, l, keep, k).getResult() : k;
    }
    if (keep) {
      Value negInf = arith::ConstantOp::create(
          nb, l, nb.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
      score = arith::SelectOp::create(nb, l, keep, score, negInf);
    }
    linalg::YieldOp::create(nb, l, score);
  };
  return linalg::GenericOp::create(b, loc, init.getType(), ValueRange{qk},
                                   ValueRange{init}, {id, id},
                                   SmallVector<IT>(5, IT::parallel), body)
      .getResult(0);
}

FailureOr<SmallVector<Value>> AttentionLowering::build() {
  // The reference lowering is a debugging aid; the epilogue operands exist
  // only in the fused kernel.
  if (op.getSinks() || op.getGate() || op.hasLowRankBias() ||
      op.hasAffineWeights()) {
    op.emitOpError("sinks, gate, low_rank_bias and affine_weights are not "
                   "supported by convert-attn-to-linalg (--lowering=naive); "
                   "use the default flash lowering");
    return failure();
  }
  if (containsMask<TreeAttr>(op.getMaskAttr())) {
    op.emitOpError("#attn.tree is not supported by convert-attn-to-linalg "
                   "(--lowering=naive); use the default flash lowering");
    return failure();
  }
  b.setInsertionPoint(op);
  Value q = op.getQuery(), k = op.getKey(), v = op.getValue();
  auto qType = cast<RankedTensorType>(q.getType());
  auto vType = cast<RankedTensorType>(v.getType());
  Type elt = qType.getElementType();
  s.batch = dim(q, 0);
  s.queryLen = dim(q, 2);
  s.keyLen = dim(k, 2);
  s.kvHeads = op.getNumKeyValueHeads();
  s.group = op.getGroupSize();
  s.headDim = qType.getDimSize(3);
  s.valueDim = vType.getDimSize(3);
  Type f32 = b.getF32Type();
  SmallVector<ReassociationIndices> heads = {{0}, {1, 2}, {3}, {4}};

  // Q viewed as [B, Hkv, G, Lq, D].
  auto qExpandedType = RankedTensorType::get(
      {qType.getDimSize(0), s.kvHeads, s.group, qType.getDimSize(2), s.headDim},
      elt);
  Value qe = tensor::ExpandShapeOp::create(b, loc, qExpandedType, q, heads);

  // S = Q.K^T over (b, kh, g, i, j, d).
  Value qk;
  {
    Value init = filled(scoreSizes(true, std::nullopt), f32, 0.0);
    SmallVector<AffineMap> maps = {map(6, {0, 1, 2, 3, 5}), map(6, {0, 1, 4, 5}),
                                   map(6, {0, 1, 2, 3, 4})};
    SmallVector<IT> iters(5, IT::parallel);
    iters.push_back(IT::reduction);
    qk = linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{qe, k}, ValueRange{init}, maps,
             iters,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value prod = arith::MulFOp::create(nb, l, toF32(a[0]), toF32(a[1]));
               linalg::YieldOp::create(nb, l,
                                       ValueRange{arith::AddFOp::create(nb, l, a[2], prod)});
             })
             .getResult(0);
  }

  Value scores = scoreAndMask(qk);

  AffineMap id5 = AffineMap::getMultiDimIdentityMap(5, ctx);
  AffineMap rows5 = map(5, {0, 1, 2, 3});
  AffineMap id4 = AffineMap::getMultiDimIdentityMap(4, ctx);
  SmallVector<IT> rowReduce(4, IT::parallel);
  rowReduce.push_back(IT::reduction);
  double negInf = -std::numeric_limits<double>::infinity();

  // m = max_j S.
  Value rowMax = linalg::GenericOp::create(
                     b, loc, filled(scoreSizes(false, std::nullopt), f32, negInf).getType(),
                     ValueRange{scores},
                     ValueRange{filled(scoreSizes(false, std::nullopt), f32, negInf)},
                     {id5, rows5}, rowReduce,
                     [&](OpBuilder &nb, Location l, ValueRange a) {
                       linalg::YieldOp::create(
                           nb, l, ValueRange{arith::MaximumFOp::create(nb, l, a[0], a[1])});
                     })
                     .getResult(0);

  // P = exp(S - m), 0 on rows without any kept key (m = -inf).
  Value probs = linalg::GenericOp::create(
                    b, loc, scores.getType(), ValueRange{scores, rowMax},
                    ValueRange{filled(scoreSizes(true, std::nullopt), f32, std::nullopt)},
                    {id5, rows5, id5}, SmallVector<IT>(5, IT::parallel),
                    [&](OpBuilder &nb, Location l, ValueRange a) {
                      Value ninf = arith::ConstantOp::create(
                          nb, l, nb.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
                      Value empty = arith::CmpFOp::create(
                          nb, l, arith::CmpFPredicate::OEQ, a[1], ninf);
                      Value e = math::ExpOp::create(
                          nb, l, arith::SubFOp::create(nb, l, a[0], a[1]));
                      Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
                      linalg::YieldOp::create(
                          nb, l, ValueRange{arith::SelectOp::create(nb, l, empty, zero, e)});
                    })
                    .getResult(0);

  // Z = sum_j P.
  Value rowSum = linalg::GenericOp::create(
                     b, loc, rowMax.getType(), ValueRange{probs},
                     ValueRange{filled(scoreSizes(false, std::nullopt), f32, 0.0)},
                     {id5, rows5}, rowReduce,
                     [&](OpBuilder &nb, Location l, ValueRange a) {
                       linalg::YieldOp::create(
                           nb, l, ValueRange{arith::AddFOp::create(nb, l, a[0], a[1])});
                     })
                     .getResult(0);

  // acc = P.V over (b, kh, g, i, e, j).
  Value acc;
  {
    Value init = filled(scoreSizes(false, s.valueDim), f32, 0.0);
    SmallVector<AffineMap> maps = {map(6, {0, 1, 2, 3, 5}), map(6, {0, 1, 5, 4}),
                                   map(6, {0, 1, 2, 3, 4})};
    SmallVector<IT> iters(5, IT::parallel);
    iters.push_back(IT::reduction);
    acc = linalg::GenericOp::create(
              b, loc, init.getType(), ValueRange{probs, v}, ValueRange{init}, maps,
              iters,
              [&](OpBuilder &nb, Location l, ValueRange a) {
                Value vf = a[1].getType().isF32()
                               ? a[1]
                               : arith::ExtFOp::create(nb, l, nb.getF32Type(), a[1])
                                     .getResult();
                Value prod = arith::MulFOp::create(nb, l, a[0], vf);
                linalg::YieldOp::create(nb, l,
                                        ValueRange{arith::AddFOp::create(nb, l, a[2], prod)});
              })
              .getResult(0);
  }

  // O = acc / Z (0 where Z = 0), converted to the output element type.
  Value out = linalg::GenericOp::create(
                  b, loc, RankedTensorType::get(cast<RankedTensorType>(acc.getType()).getShape(), elt),
                  ValueRange{acc, rowSum},
                  ValueRange{filled(scoreSizes(false, s.valueDim), elt, std::nullopt)},
                  {id5, rows5, id5}, SmallVector<IT>(5, IT::parallel),
                  [&](OpBuilder &nb, Location l, ValueRange a) {
                    Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
                    Value hasKeys = arith::CmpFOp::create(
                        nb, l, arith::CmpFPredicate::OGT, a[1], zero);
                    Value o = arith::SelectOp::create(
                        nb, l, hasKeys, arith::DivFOp::create(nb, l, a[0], a[1]), zero);
                    if (o.getType() != a[2].getType())
                      o = arith::TruncFOp::create(nb, l, a[2].getType(), o);
                    linalg::YieldOp::create(nb, l, ValueRange{o});
                  })
                  .getResult(0);
  SmallVector<Value> results = {tensor::CollapseShapeOp::create(
      b, loc, op.getOutput().getType(), out, heads)};

  // LSE = m + log Z, -inf where Z = 0.
  if (op.getLse()) {
    Value lse = linalg::GenericOp::create(
                    b, loc, rowMax.getType(), ValueRange{rowMax, rowSum},
                    ValueRange{filled(scoreSizes(false, std::nullopt), f32, std::nullopt)},
                    {id4, id4, id4}, SmallVector<IT>(4, IT::parallel),
                    [&](OpBuilder &nb, Location l, ValueRange a) {
                      Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
                      Value ninf = arith::ConstantOp::create(
                          nb, l, nb.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
                      Value hasKeys = arith::CmpFOp::create(
                          nb, l, arith::CmpFPredicate::OGT, a[1], zero);
                      Value l2 = arith::AddFOp::create(nb, l, a[0],
                                                       math::LogOp::create(nb, l, a[1]));
                      linalg::YieldOp::create(
                          nb, l, ValueRange{arith::SelectOp::create(nb, l, hasKeys, l2, ninf)});
                    })
                    .getResult(0);
    SmallVector<ReassociationIndices> rowHeads = {{0}, {1, 2}, {3}};
    results.push_back(tensor::CollapseShapeOp::create(
        b, loc, op.getLse().getType(), lse, rowHeads));
  }
  return results;
}

FailureOr<SmallVector<Value>> attnc::decomposeAttention(OpBuilder &b,
                                                        AttentionOp op) {
  OpBuilder::InsertionGuard guard(b);
  return AttentionLowering(b, op).build();
}

namespace {
/// attn.attention as an aggregate of linalg ops: its reference lowering.
struct AttentionDecomposition
    : public linalg::AggregatedOpInterface::ExternalModel<
          AttentionDecomposition, AttentionOp> {
  FailureOr<SmallVector<Value>> decomposeOperation(Operation *op,
                                                   OpBuilder &b) const {
    return decomposeAttention(b, cast<AttentionOp>(op));
  }
};
} // namespace

void attnc::registerAttentionDecompositionModel(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, AttnDialect *) {
    AttentionOp::attachInterface<AttentionDecomposition>(*ctx);
  });
}

namespace {
struct ConvertAttnToLinalgPass
    : public attnc::impl::ConvertAttnToLinalgBase<ConvertAttnToLinalgPass> {
  void runOnOperation() override {
    SmallVector<AttentionOp> ops;
    getOperation()->walk([&](AttentionOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (AttentionOp op : ops) {
      FailureOr<SmallVector<Value>> results = decomposeAttention(rewriter, op);
      if (failed(results))
        return signalPassFailure();
      rewriter.replaceOp(op, *results);
    }
  }
};
} // namespace
