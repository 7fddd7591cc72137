//===- AttnToFlash.cpp - fused, tiled, vectorised attention ---------------===//
//
// Lowers attn.attention to one flash-attention loop nest on buffers; the
// pass description in Passes.td gives the structure. Notation below: Mq
// queries per task, Nk keys per step, W vector lanes; the micro-kernels
// block KR keys (or ER value columns) by QV vectors of queries.
//
//===----------------------------------------------------------------------===//

#include "attnc/Analysis/MaskTileAnalysis.h"
#include "attnc/Conversion/AttnToFlash.h"
#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>
#include <tuple>

namespace attnc {
#define GEN_PASS_DEF_CONVERTATTNTOFLASH
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

/// Keys per Q.K^T micro-tile and value columns per P.V micro-tile of the
/// main kernel.
constexpr int64_t kKeysPerMicroTile = 4;
constexpr int64_t kValuesPerMicroTile = 4;
/// Query vectors per micro-tile of the main kernel: 4 x 3 = 12
/// accumulators, which fills the FMA pipes of an AVX2 core (2 ports x 4
/// cycles of latency need at least 8 independent chains).
constexpr int64_t kQueryVectors = 3;

constexpr double kLog2E = 1.4426950408889634;
/// The largest natural score whose base-2 value is finite in f32.
constexpr double kMaxBase2Score = 2.3e38;
/// Sub-blocks of W keys per online-softmax step of the decoding kernel.
constexpr int64_t kDecodeSubBlocks = 4;
constexpr double kLn2 = 0.6931471805599453;

struct FlashConfig {
  int64_t queryTile;    // Mq: rows per task
  int64_t keyTile;      // Nk
  int64_t vectorWidth;  // W
  int64_t queryVectors; // QV: row vectors per micro-tile
  int64_t keysPerMicroTile;   // KR
  int64_t valuesPerMicroTile; // ER
};

class FlashLowering {
public:
  FlashLowering(RewriterBase &rewriter, AttentionOp op, FlashConfig config)
      : b(rewriter), op(op), loc(op.getLoc()), cfg(config),
        f32(rewriter.getF32Type()),
        vecType(VectorType::get({config.vectorWidth}, rewriter.getF32Type())) {}

  LogicalResult lower();

private:
  // Small builders.
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value minI(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value maxI(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value fconst(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(float(v)));
  }
  Value vconst(double v) {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(float(v))));
  }
  Value toF32(Value v) {
    return v.getType().isF32() ? v : arith::ExtFOp::create(b, loc, f32, v);
  }
  Value splat(Value scalar) {
    return vector::BroadcastOp::create(b, loc, vecType, scalar);
  }
  /// A vector of `lanes` copies of `scalar`, of any element type.
  Value splat(Value scalar, int64_t lanes) {
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({lanes}, scalar.getType()), scalar);
  }
  /// An f32 constant of `like`'s shape (scalar or vector).
  Value fconstLike(Value like, double v) {
    return isa<VectorType>(like.getType()) ? vconst(v) : fconst(v);
  }
  Value vload(Value mem, ValueRange indices) {
    return vector::LoadOp::create(b, loc, vecType, mem, indices);
  }
  /// A vector load of `mem`'s element type, extended to f32.
  Value vloadF32(Value mem, ValueRange indices) {
    Type elt = cast<MemRefType>(mem.getType()).getElementType();
    Value v = vector::LoadOp::create(
        b, loc, VectorType::get({cfg.vectorWidth}, elt), mem, indices);
    return elt.isF32() ? v : arith::ExtFOp::create(b, loc, vecType, v);
  }
  void vstore(Value v, Value mem, ValueRange indices) {
    vector::StoreOp::create(b, loc, v, mem, indices);
  }
  Value load(Value mem, ValueRange indices) {
    return memref::LoadOp::create(b, loc, mem, indices);
  }
  void store(Value v, Value mem, ValueRange indices) {
    memref::StoreOp::create(b, loc, v, mem, indices);
  }
  /// for (iv = lb; iv < ub; iv += step) body(iv): insertion continues after.
  scf::ForOp forLoop(Value lb, Value ub, int64_t step,
                     function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, loc, lb, ub, idx(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar());
    return loop;
  }
  /// Asks LLVM to unroll `loop` by `count` (1: not at all) rather than by
  /// its own choice, which for a short constant trip count is in full.
  void limitUnrolling(scf::ForOp loop, int64_t count) {
    MLIRContext *ctx = b.getContext();
    auto unroll = count == 1
                      ? LLVM::LoopUnrollAttr::get(ctx, b.getBoolAttr(true), {},
                                                  {}, {}, {}, {}, {})
                      : LLVM::LoopUnrollAttr::get(
                            ctx, {}, b.getI32IntegerAttr(count), {}, {}, {},
                            {}, {});
    loop->setAttr("llvm.loop_annotation",
                  LLVM::LoopAnnotationAttr::get(
                      ctx, {}, {}, {}, unroll, {}, {}, {}, {}, {}, {}, {}, {},
                      {}, {}, {}));
  }
  /// A loop carrying `init`; body returns the next values.
  ValueRange forLoopCarried(
      Value lb, Value ub, int64_t step, ValueRange init,
      function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    auto loop = scf::ForOp::create(
        b, loc, lb, ub, idx(step), init,
        [&](OpBuilder &nb, Location, Value iv, ValueRange args) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          SmallVector<Value> next = body(iv, args);
          scf::YieldOp::create(b, loc, next);
        });
    return loop.getResults();
  }
  /// An scf.if without else that runs when `cond` is false.
  scf::IfOp ifNot(Value cond) {
    Value negated = arith::XOrIOp::create(
        b, loc, cond, arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1));
    return scf::IfOp::create(b, loc, negated, /*withElse=*/false);
  }
  MemRefType stridedType(RankedTensorType t) {
    SmallVector<int64_t> strides(t.getRank(), ShapedType::kDynamic);
    return MemRefType::get(
        t.getShape(), t.getElementType(),
        StridedLayoutAttr::get(t.getContext(), ShapedType::kDynamic, strides));
  }
  Value exp2NonPositive(Value x);
  Value toBase2(Value natural);
  void initRowStatistics(Value r, Value h);

  Value openTaskLoop(Value tasksPerKVHead);
  void emitParallel();
  void emitTask();
  void emitDecodeParallel(Value kRows, Value vRows);
  Value sumEachVector(ValueRange vectors);
  SmallVector<Value> rowVectors(Value mem, Value lead, Value r0);
  SmallVector<Value> outerProductStep(ArrayRef<Value> scalars,
                                      ArrayRef<Value> rowVecs, ValueRange acc);
  SmallVector<Value> fmaGrid(int64_t lhsCount,
                             function_ref<Value(int64_t)> lhs,
                             ArrayRef<Value> rhs, ValueRange acc);
  void storeMicroTile(ValueRange acc, Value mem, Value lead0, Value r0);
  std::pair<Value, Value> groupColumns(Value g, Value kBegin, Value cols);
  std::pair<Value, Value> loadGroupColumns(Value r);
  void emitScoreTile(Value kBegin, Value cols);
  void emitScoreMod(Value kBegin);
  void emitModsAndMask(Value kBegin, Value kEnd, Value cols, Value full);
  Value inputElement(unsigned input, Value h, Value q, Value k,
                     Value bucket = {});
  /// Query and head of each of the W rows from `rv` (clamped to the last).
  SmallVector<std::pair<Value, Value>> laneQueryHeads(Value rv);
  std::pair<Value, Value> rowQueryHead(Value r);
  Value clampRow(Value r);
  QueryBlock<IRDomain> rowBlock(Value first, Value end);
  Value gatherInput(unsigned input, ArrayRef<std::pair<Value, Value>> lanes,
                    Value k, Value buckets = {});
  SmallVector<Value> inputElements(Value h, Value q, Value k);
  InputRange<IRDomain> inputRange(unsigned input, Value count,
                                  function_ref<Value(Value)> elementAt);
  void emitSoftmaxStep(Value cols);
  void emitValueTile(Value kBegin, Value cols, Value probs, Value acc,
                     bool rescale);
  void emitEpilogue(function_ref<Value(Value row, Value e)> accumulator,
                    function_ref<Value(Value row, Value e)> keptSum = {});
  struct KeyTiling {
    int64_t size;
    KeyRange<IRDomain> first;
    std::optional<KeyRange<IRDomain>> second;
    Value firstCount; // tiles of the first span
    Value count;      // tiles of both (or of all runs)
    // Neighbourhood masks: the runs of the key box instead of spans.
    std::optional<KeyRuns<IRDomain>> runs;
    Value tilesPerRun;
  };
  KeyTiling keyTiling(int64_t size);
  std::pair<Value, Value> tileKeys(const KeyTiling &tiling, Value t);
  Value blocksBetween(Value lo, Value hi, int64_t size);

  RewriterBase &b;
  AttentionOp op;
  Location loc;
  FlashConfig cfg;
  Type f32;
  VectorType vecType;

  // Whole-op values.
  Value qMem, kMem, vMem, outMem, lseMem, sinksMem, gateMem;
  // Low-rank bias factors U [B, Hq, Lq, R] and W [B, Hkv, Lk, R]: Q.K^T is
  // widened by R columns, Qt's rows D.. D+R-1 holding U.
  Value biasUMem, biasWMem;
  int64_t biasRank = 0;
  // affine_weights(a, c) [B, Hq, Lq]: beside Ot, keptValues[e][r]
  // accumulates the sum of the kept keys' values, from keptFlags[c][r] = 1
  // where key c is kept.
  Value weightScaleMem, weightBiasMem;
  Value keptFlags, keptValues;
  SmallVector<Value> inputMems;
  Value batch, queryLen, keyLen;
  int64_t heads = 0, group = 0, headDim = 0, valueDim = 0;

  // Rows are (query, head of the KV group) pairs, query-major: row r is
  // ordinal r / G of head gIdx * G + r % G, so the G query heads that share
  // a KV head share its K and V loads, and decoding (Lq = 1) still fills a
  // tile with G rows. Ordinal o is query o, or stripToken(o) (below).
  Value totalRows;

  // Tiled tasks take queries in the order of a neighbourhood mask's strips
  // (NeighborhoodBox.h) when that shrinks their key boxes: ordinal o = row
  // / G is query stripToken(o). Width 0: queries in order.
  NeighborhoodAttr stripGrid;
  int64_t stripWidth = 0;

  // Per-task values: the first row, the row count, and the block of their
  // queries for the mask analysis.
  Value bIdx, gIdx, r0, rows;
  QueryBlock<IRDomain> taskBlock;
  /// The query of each of the task's rows (clamped to the last row); null
  /// in the decoding kernel, whose rows are in order.
  Value rowQuery;
  Value qt, st, ot, rowMax, rowSum, rowScale; // scratch buffers
  Value groupCols; // [lo, hi) columns of each micro-tile row group
  /// Input index -> its values for the task's rows (ids of #attn.document).
  DenseMap<unsigned, Value> rowInputs;
};

} // namespace

/// The input reader of kernels that only take masks without runtime data.
static Value noInputs(unsigned, Value, Value) {
  llvm_unreachable("this kernel takes no masks over runtime data");
}

/// False when every key tile in the mask's key range keeps some pair: the
/// single-band masks, whose range is exact.
static bool mayHaveEmptyTilesInRange(MaskAttrInterface mask) {
  return mask && !isa<CausalAttr, WindowAttr, PrefixLMAttr, SinkAttr,
                      BlockedAttr>(mask);
}

/// The query and query head of row `row` (absolute).
static std::pair<Value, Value> rowToQueryHead(OpBuilder &b, Location loc,
                                              Value row, Value kvHead,
                                              int64_t group) {
  Value g = arith::ConstantIndexOp::create(b, loc, group);
  Value q = arith::DivSIOp::create(b, loc, row, g);
  Value h = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, kvHead, g),
                                  arith::RemSIOp::create(b, loc, row, g));
  return {q, h};
}

/// 2^x for x <= 0 (or -inf) on vector<Wxf32>: x = n + f with n = round(x),
/// |f| <= 1/2, 2^f by its degree-6 Taylor polynomial (relative error below
/// 2e-7) and 2^n put into the exponent. x < -126 gives exactly 0, so masked
/// scores (-inf) vanish and rows without keys stay empty. About half the
/// operations of a general exp: the softmax works in base 2 for this.
Value FlashLowering::exp2NonPositive(Value x) {
  auto intVec = VectorType::get({cfg.vectorWidth}, b.getI32Type());
  Value clamped = arith::MaximumFOp::create(b, loc, x, vconst(-127.0));
  Value n = math::RoundEvenOp::create(b, loc, clamped);
  Value f = arith::SubFOp::create(b, loc, clamped, n);
  // Coefficients ln(2)^k / k!, highest first.
  static const double coeffs[] = {1.5403530393381609e-4, 1.3333558146428443e-3,
                                  9.6181291076284772e-3, 5.5504108664821580e-2,
                                  2.4022650695910071e-1, 6.9314718055994531e-1,
                                  1.0};
  Value p = vconst(coeffs[0]);
  for (double c : ArrayRef<double>(coeffs).drop_front())
    p = math::FmaOp::create(b, loc, p, f, vconst(c));
  Value ni = arith::FPToSIOp::create(b, loc, intVec, n);
  Value shifted = arith::ShLIOp::create(
      b, loc, ni,
      arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(intVec, b.getI32IntegerAttr(23))));
  Value bits = arith::AddIOp::create(
      b, loc, arith::BitcastOp::create(b, loc, intVec, p), shifted);
  Value result = arith::BitcastOp::create(b, loc, vecType, bits);
  Value underflow = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                          vconst(-126.0));
  return arith::SelectOp::create(b, loc, underflow, vconst(0.0), result);
}

/// A natural-log score (f32 scalar) times log2(e). Finite scores beyond
/// FLT_MAX / log2(e) would overflow to inf (and inf - inf = NaN in the
/// softmax), so they are clamped; NaN and +-inf pass through.
Value FlashLowering::toBase2(Value natural) {
  auto c = [&](double v) { return fconstLike(natural, v); };
  Value clamped = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, natural, c(-kMaxBase2Score)),
      c(kMaxBase2Score));
  Value isInf = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, natural),
      c(std::numeric_limits<double>::infinity()));
  Value safe = arith::SelectOp::create(b, loc, isInf, natural, clamped);
  return arith::MulFOp::create(b, loc, safe, c(kLog2E));
}

/// Running max and sum of row `r` (of query head `h`) before any key: -inf
/// and 0, or with a sink logit, the sink (base 2) and exp(0) = 1 (0 for a
/// sink of -inf, which is no sink).
void FlashLowering::initRowStatistics(Value r, Value h) {
  Value negInf = fconst(-std::numeric_limits<double>::infinity());
  if (!sinksMem) {
    store(negInf, rowMax, {r});
    store(fconst(0.0), rowSum, {r});
    return;
  }
  Value sink = toBase2(toF32(load(sinksMem, {h})));
  Value present =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, sink, negInf);
  store(sink, rowMax, {r});
  store(arith::SelectOp::create(b, loc, present, fconst(1.0), fconst(0.0)),
        rowSum, {r});
}

LogicalResult FlashLowering::lower() {
  b.setInsertionPoint(op);
  auto qType = op.getQuery().getType();
  auto vType = op.getValue().getType();
  heads = op.getNumQueryHeads();
  group = op.getGroupSize();
  // Strips for a neighbourhood mask that bounds the keys (the whole mask
  // or a conjunct): under or / not its box bounds nothing, and the strips'
  // hull would only widen the other masks' ranges.
  MaskAttrInterface mask = op.getMaskAttr();
  stripGrid = dyn_cast_if_present<NeighborhoodAttr>(mask);
  if (auto both = dyn_cast_if_present<AndMaskAttr>(mask))
    for (MaskAttrInterface part : both.getMasks())
      if (!stripGrid)
        stripGrid = dyn_cast<NeighborhoodAttr>(part);
  // The query tile is a multiple of the row group (3 W rows).
  int64_t groupRows = cfg.queryVectors * cfg.vectorWidth;
  if (stripGrid && groupRows % group == 0)
    stripWidth = chooseStripWidth(stripGrid, groupRows / group,
                                  cfg.queryTile / group, cfg.keysPerMicroTile);
  headDim = qType.getDimSize(3);
  valueDim = vType.getDimSize(3);

  auto toBuffer = [&](Value t) -> Value {
    return bufferization::ToBufferOp::create(
        b, loc, stridedType(cast<RankedTensorType>(t.getType())), t,
        /*readOnly=*/true);
  };
  qMem = toBuffer(op.getQuery());
  kMem = toBuffer(op.getKey());
  vMem = toBuffer(op.getValue());
  for (Value in : op.getInputs())
    inputMems.push_back(toBuffer(in));
  if (Value sinks = op.getSinks())
    sinksMem = toBuffer(sinks);
  if (Value gate = op.getGate())
    gateMem = toBuffer(gate);
  if (op.hasLowRankBias()) {
    biasUMem = toBuffer(op.getBiasQueryFactor());
    biasWMem = toBuffer(op.getBiasKeyFactor());
    biasRank = op.getBiasQueryFactor().getType().getDimSize(3);
  }
  if (op.hasAffineWeights()) {
    weightScaleMem = toBuffer(op.getWeightScale());
    weightBiasMem = toBuffer(op.getWeightBias());
  }
  batch = memref::DimOp::create(b, loc, qMem, 0);
  queryLen = memref::DimOp::create(b, loc, qMem, 2);
  keyLen = memref::DimOp::create(b, loc, kMem, 2);

  // Results are fresh buffers; the caller's out-parameters get them later.
  auto alloc = [&](RankedTensorType t) -> Value {
    SmallVector<Value> dyn;
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (t.isDynamicDim(d))
        dyn.push_back(d == 0 ? batch : queryLen);
    return memref::AllocOp::create(
        b, loc, MemRefType::get(t.getShape(), t.getElementType()), dyn);
  };
  outMem = alloc(op.getOutput().getType());
  if (op.getLse())
    lseMem = alloc(cast<RankedTensorType>(op.getLse().getType()));

  totalRows = mul(queryLen, idx(group));
  // Decoding-sized problems (all rows fit one vector) take a kernel with
  // one row vector per micro-tile instead of paying for a full tile.
  FlashConfig mainCfg = cfg;
  // With one row vector, 8 keys (values) per micro-tile keep 8 FMA chains
  // in flight; 4 would be latency-bound.
  FlashConfig smallCfg{cfg.vectorWidth, cfg.keyTile, cfg.vectorWidth, 1, 8, 8};
  // A decoding-sized step: the decode kernel (and then contiguous K/V rows
  // too) or the small tiled kernel.
  Value decodingStep = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::sle, totalRows, idx(smallCfg.queryTile));
  // Decoding with contiguous K/V rows and no regions takes the dedicated
  // kernel (its lane sums take a power-of-two vector width). Such specs
  // have no small tiled kernel: a decoding step with strided K/V rows (a
  // rare layout) runs the main one rather than cost a third kernel's
  // compile time.
  bool decodeShape = !op.modifiesScores() && !op.hasMaskMod() &&
                     !op.hasLowRankBias() && !op.hasAffineWeights() &&
                     !(mask && mask.readsInputs()) &&
                     llvm::isPowerOf2_64(smallCfg.vectorWidth) &&
                     headDim % smallCfg.vectorWidth == 0 &&
                     valueDim % (4 * smallCfg.vectorWidth) == 0;
  if (decodeShape) {
    auto innerStride = [&](Value mem) {
      auto meta = memref::ExtractStridedMetadataOp::create(b, loc, mem);
      return meta.getStrides()[3];
    };
    Value contiguous = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                              innerStride(kMem), idx(1)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                              innerStride(vMem), idx(1)));
    decodingStep = arith::AndIOp::create(b, loc, decodingStep, contiguous);
  }
  auto dispatch = scf::IfOp::create(b, loc, decodingStep, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(dispatch.thenBlock()->getTerminator());
    cfg = smallCfg;
    if (decodeShape) {
      // A view whose type states the unit inner stride that was just
      // checked (a memref.cast would be folded away again).
      auto rowMajor = [&](Value mem) -> Value {
        auto t = cast<MemRefType>(mem.getType());
        auto meta = memref::ExtractStridedMetadataOp::create(b, loc, mem);
        SmallVector<int64_t> staticStrides(3, ShapedType::kDynamic);
        staticStrides.push_back(1);
        SmallVector<OpFoldResult> sizes, strides;
        for (int64_t d = 0; d < 4; ++d) {
          sizes.push_back(t.isDynamicDim(d)
                              ? OpFoldResult(meta.getSizes()[d])
                              : OpFoldResult(b.getIndexAttr(t.getDimSize(d))));
          strides.push_back(d < 3 ? OpFoldResult(meta.getStrides()[d])
                                  : OpFoldResult(b.getIndexAttr(1)));
        }
        return memref::ReinterpretCastOp::create(
            b, loc,
            MemRefType::get(t.getShape(), t.getElementType(),
                            StridedLayoutAttr::get(b.getContext(),
                                                   ShapedType::kDynamic,
                                                   staticStrides)),
            mem, OpFoldResult(meta.getOffset()), sizes, strides);
      };
      emitDecodeParallel(rowMajor(kMem), rowMajor(vMem));
    } else {
      emitParallel();
    }
    b.setInsertionPoint(dispatch.elseBlock()->getTerminator());
    cfg = mainCfg;
    emitParallel();
  }

  SmallVector<Value> results = {bufferization::ToTensorOp::create(
      b, loc, op.getOutput().getType(), outMem, /*restrict=*/true,
      /*writable=*/true)};
  if (op.getLse())
    results.push_back(bufferization::ToTensorOp::create(
        b, loc, op.getLse().getType(), lseMem, /*restrict=*/true,
        /*writable=*/true));
  b.replaceOp(op, results);
  return success();
}

/// The key tiles of `size` keys a task visits: those of the first key span
/// of the task's queries (mask analysis, clipped to [0, Lk)), then those of
/// the second if the mask has one. For neighbourhood masks, the tiles of
/// each run of the key box along the grid's last axis.
FlashLowering::KeyTiling FlashLowering::keyTiling(int64_t size) {
  IRDomain dom{b, loc};
  const QueryBlock<IRDomain> &block = taskBlock;
  KeyTiling tiling;
  tiling.size = size;
  if ((tiling.runs = keyRuns(op.getMaskAttr(), dom, block))) {
    Value runCount = idx(1);
    for (auto [extent, pitch] : tiling.runs->outer)
      runCount = mul(runCount, extent);
    tiling.tilesPerRun = blocksBetween(idx(0), tiling.runs->length, size);
    tiling.count = mul(runCount, tiling.tilesPerRun);
    return tiling;
  }
  KeySpans<IRDomain> spans = keySpans(op.getMaskAttr(), dom, block);
  auto clip = [&](KeyRange<IRDomain> r) {
    return KeyRange<IRDomain>{maxI(r.lo, idx(0)), minI(r.hi, keyLen)};
  };
  tiling.first = clip(spans.first);
  tiling.firstCount = blocksBetween(tiling.first.lo, tiling.first.hi, size);
  tiling.count = tiling.firstCount;
  if (spans.second) {
    tiling.second = clip(*spans.second);
    tiling.count = add(tiling.count, blocksBetween(tiling.second->lo,
                                                   tiling.second->hi, size));
  }
  return tiling;
}

/// Keys [begin, end) of tile `t` of `tiling`.
std::pair<Value, Value> FlashLowering::tileKeys(const KeyTiling &tiling,
                                                Value t) {
  if (tiling.runs) {
    auto divide = [&](Value x, Value y) -> Value {
      return arith::DivSIOp::create(b, loc, x, y);
    };
    Value run = divide(t, tiling.tilesPerRun);
    Value within = sub(t, mul(run, tiling.tilesPerRun));
    // The run's offset from its mixed-radix digits, the last axis fastest.
    Value runStart = tiling.runs->start;
    for (auto [extent, pitch] : llvm::reverse(tiling.runs->outer)) {
      Value next = divide(run, extent);
      runStart = add(runStart, mul(sub(run, mul(next, extent)), idx(pitch)));
      run = next;
    }
    Value begin = add(runStart, mul(within, idx(tiling.size)));
    Value runEnd = minI(add(runStart, tiling.runs->length), keyLen);
    return {begin, minI(add(begin, idx(tiling.size)), runEnd)};
  }
  KeyRange<IRDomain> span = tiling.first;
  Value index = t;
  if (tiling.second) {
    Value second = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, t,
                                         tiling.firstCount);
    auto pick = [&](Value inSecond, Value inFirst) -> Value {
      return arith::SelectOp::create(b, loc, second, inSecond, inFirst);
    };
    index = pick(sub(t, tiling.firstCount), t);
    span = {pick(tiling.second->lo, span.lo), pick(tiling.second->hi, span.hi)};
  }
  Value begin = add(span.lo, mul(index, idx(tiling.size)));
  return {begin, minI(add(begin, idx(tiling.size)), span.hi)};
}

/// The number of blocks of `size` keys that cover [lo, hi) (0 if empty).
Value FlashLowering::blocksBetween(Value lo, Value hi, int64_t size) {
  Value span = arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, hi, lo),
      sub(hi, lo), idx(0));
  return arith::CeilDivSIOp::create(b, loc, span, idx(size));
}

/// Creates the scf.parallel over B x Hkv x `tasksPerKVHead` tasks, moves
/// the insertion point into its body, sets bIdx and gIdx, and returns the
/// task's index within its KV head. Scratch allocated in the body lives on
/// the stack: convert-scf-to-openmp wraps each iteration in
/// memref.alloca_scope, so it is freed after every task.
Value FlashLowering::openTaskLoop(Value tasksPerKVHead) {
  Value kvHeads = idx(heads / group);
  Value numTasks = mul(mul(batch, kvHeads), tasksPerKVHead);
  auto parallel = scf::ParallelOp::create(b, loc, ValueRange{idx(0)},
                                          ValueRange{numTasks},
                                          ValueRange{idx(1)});
  b.setInsertionPoint(parallel.getBody()->getTerminator());
  Value task = parallel.getInductionVars()[0];
  Value inner = arith::RemSIOp::create(b, loc, task, tasksPerKVHead);
  Value bg = arith::DivSIOp::create(b, loc, task, tasksPerKVHead);
  gIdx = arith::RemSIOp::create(b, loc, bg, kvHeads);
  bIdx = arith::DivSIOp::create(b, loc, bg, kvHeads);
  return inner;
}

void FlashLowering::emitParallel() {
  Value numRowTiles =
      arith::CeilDivSIOp::create(b, loc, totalRows, idx(cfg.queryTile));
  OpBuilder::InsertionGuard guard(b);
  Value rowTile = openTaskLoop(numRowTiles);
  r0 = mul(rowTile, idx(cfg.queryTile));
  rows = minI(idx(cfg.queryTile), sub(totalRows, r0));
  taskBlock = rowBlock(r0, add(r0, rows));
  emitTask();
}

/// A vector whose lane i is the sum of the lanes of vectors[i] (W vectors
/// of W lanes): log2(W) rounds of interleaving shuffles and adds, instead of
/// W serial reductions.
Value FlashLowering::sumEachVector(ValueRange vectors) {
  int64_t w = cfg.vectorWidth;
  assert(llvm::isPowerOf2_64(w) && static_cast<int64_t>(vectors.size()) == w &&
         "one vector per lane, a power of two");
  SmallVector<Value> level(vectors);
  // Round h: lanes come in runs of h, alternately from the pair's first and
  // second vector; adding the run's partner (h lanes on) halves the terms.
  for (int64_t h = 1; h < w; h *= 2) {
    SmallVector<int64_t> lo, hi;
    for (int64_t i = 0; i < w; ++i) {
      int64_t run = i / h, lane = (run / 2) * 2 * h + i % h;
      int64_t from = run % 2 ? w : 0;
      lo.push_back(from + lane);
      hi.push_back(from + lane + h);
    }
    SmallVector<Value> next;
    for (size_t v = 0; v < level.size(); v += 2)
      next.push_back(arith::AddFOp::create(
          b, loc,
          vector::ShuffleOp::create(b, loc, level[v], level[v + 1], lo),
          vector::ShuffleOp::create(b, loc, level[v], level[v + 1], hi)));
    level = std::move(next);
  }
  return level.front();
}

/// Decoding: all rows (at most one vector's worth) of a (batch, KV head) in
/// one task. Keys go by blocks of kDecodeSubBlocks * W, rows by groups of
/// up to four query heads of the KV head. For a row group, each K and V
/// vector of the block is loaded once and used for every row of the group
/// from registers: dot products vectorised along D (W keys summed across
/// lanes at once), one online-softmax step per row, then the value update
/// with the accumulators of a few value columns held across the block's
/// keys. `kRows`/`vRows` are K and V with a static unit inner stride.
void FlashLowering::emitDecodeParallel(Value kRows, Value vRows) {
  int64_t w = cfg.vectorWidth;
  OpBuilder::InsertionGuard guard(b);
  openTaskLoop(idx(1));
  r0 = idx(0);
  rows = totalRows;
  taskBlock = {idx(0), queryLen, queryLen, keyLen};
  rowQuery = {};

  Value qs = memref::AllocaOp::create(b, loc, MemRefType::get({w, headDim}, f32));
  Value os = memref::AllocaOp::create(b, loc, MemRefType::get({w, valueDim}, f32));
  rowMax = memref::AllocaOp::create(b, loc, MemRefType::get({w}, f32));
  rowSum = memref::AllocaOp::create(b, loc, MemRefType::get({w}, f32));

  // Scaled query rows (base 2), zeroed accumulators and statistics.
  Value scale = fconst(op.getScaleOrDefault() * kLog2E);
  Value vzero = vconst(0.0);
  forLoop(idx(0), rows, 1, [&](Value r) {
    Value q, h;
    std::tie(q, h) = rowToQueryHead(b, loc, r, gIdx, group);
    forLoop(idx(0), idx(headDim), 1, [&](Value d) {
      store(arith::MulFOp::create(b, loc, toF32(load(qMem, {bIdx, h, q, d})),
                                  scale),
            qs, {r, d});
    });
    forLoop(idx(0), idx(valueDim), w, [&](Value e) { vstore(vzero, os, {r, e}); });
    initRowStatistics(r, h);
  });

  // One online-softmax step per block of keys shares its fixed cost (max,
  // exp of the correction, sums) among kDecodeSubBlocks * W keys.
  int64_t subBlocks = kDecodeSubBlocks, blockKeys = subBlocks * w;
  KeyTiling tiling = keyTiling(blockKeys);
  Value lastKey = sub(keyLen, idx(1));
  auto idxVec = VectorType::get({w}, b.getIndexType());
  Value lanes = vector::StepOp::create(b, loc, idxVec);
  Value negInf = vconst(-std::numeric_limits<double>::infinity());
  MaskAttrInterface mask = op.getMaskAttr();

  // Rows per group: a divisor of G (so of every row count) up to 4. A group
  // holds 8 accumulators: R x (8 / R) keys for the scores, R x (8 / R)
  // value vectors for the update (fewer where they do not divide).
  int64_t groupRows = 1;
  for (int64_t d = 4; d > 1 && groupRows == 1; --d)
    if (group % d == 0)
      groupRows = d;
  int64_t keysPerStep = w;
  while (keysPerStep * groupRows > 8 && keysPerStep > 1)
    keysPerStep /= 2;
  int64_t valueVectors = 8 / groupRows;
  while ((valueDim / w) % valueVectors != 0)
    valueVectors /= 2;
  // The block's scores of each row of the group, then its weights, read
  // back one key at a time by the value update.
  Value weights = memref::AllocaOp::create(
      b, loc, MemRefType::get({groupRows, blockKeys}, f32));

  // Every load of the block's K and V goes with a prefetch of the same
  // element of the block after it (the keys that follow; clamped to the
  // last key), so that DRAM streams while this block computes: the block
  // spans several 4 KiB pages (with f32 and D = 128), where the hardware
  // prefetchers stop, and the value update reads V column by column. One
  // prefetch per cache line of V; K's are one per vector, as its loop is
  // not aligned to lines. Into L2 (locality 2): the next block does not fit
  // in L1 beside this one.
  auto prefetch = [&](Value mem, Value key, Value col) {
    memref::PrefetchOp::create(b, loc, mem, {bIdx, gIdx, key, col},
                               /*isWrite=*/false, /*localityHint=*/2,
                               /*isDataCache=*/true);
  };
  int64_t vLine =
      512 / cast<MemRefType>(vRows.getType()).getElementTypeBitWidth();

  IRDomain dom{b, loc};
  const QueryBlock<IRDomain> &block = taskBlock;
  forLoop(idx(0), tiling.count, 1, [&](Value blk) {
    Value kBegin, kEnd;
    std::tie(kBegin, kEnd) = tileKeys(tiling, blk);
    // Blocks in the key range that the mask empties (blocks, strides, ...).
    std::optional<OpBuilder::InsertionGuard> skip;
    if (mayHaveEmptyTilesInRange(mask)) {
      Value empty = isEmptyTile(mask, dom, block, kBegin, kEnd);
      scf::IfOp ifOp = ifNot(empty);
      skip.emplace(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    }
    // Keys past the block's end (or Lk) are read at the last key, and
    // masked.
    auto keyAt = [&](Value j) { return minI(add(kBegin, j), lastKey); };
    SmallVector<Value> keyVecs, inRange;
    for (int64_t sb = 0; sb < subBlocks; ++sb) {
      keyVecs.push_back(arith::AddIOp::create(
          b, loc,
          vector::BroadcastOp::create(b, loc, idxVec,
                                      add(kBegin, idx(sb * w))),
          lanes));
      inRange.push_back(arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::slt, keyVecs.back(),
          vector::BroadcastOp::create(b, loc, idxVec, kEnd)));
    }
    // Whether the mask keeps every pair of the block: then only the range
    // check remains.
    Value full = mask ? isFullTile(mask, dom, block, kBegin, kEnd) : Value();
    forLoop(idx(0), rows, groupRows, [&](Value firstRow) {
      SmallVector<Value> groupRowIdx;
      for (int64_t i = 0; i < groupRows; ++i)
        groupRowIdx.push_back(add(firstRow, idx(i)));

      // Scores: per row and sub-block, W dot products (one accumulator per
      // key, summed across lanes at the end), keysPerStep keys at a time,
      // stored to `weights` for the softmax step. The sub-blocks are a loop
      // rather than four copies of the code: LLVM's codegen time (loop
      // strength reduction above all) grows faster than the loop body.
      scf::ForOp subBlockLoop = forLoop(idx(0), idx(subBlocks), 1, [&](Value sb) {
        Value sbKey = mul(sb, idx(w));
        SmallVector<SmallVector<Value>> dots(groupRows);
        for (int64_t j0 = 0; j0 < w; j0 += keysPerStep) {
          SmallVector<Value> keys, nextKeys;
          for (int64_t j = 0; j < keysPerStep; ++j) {
            Value jKey = add(sbKey, idx(j0 + j));
            keys.push_back(keyAt(jKey));
            nextKeys.push_back(keyAt(add(jKey, idx(blockKeys))));
          }
          SmallVector<Value> init(groupRows * keysPerStep, vzero);
          ValueRange acc = forLoopCarried(
              idx(0), idx(headDim), w, init, [&](Value d, ValueRange a) {
                SmallVector<Value> kv;
                for (int64_t j = 0; j < keysPerStep; ++j) {
                  kv.push_back(vloadF32(kRows, {bIdx, gIdx, keys[j], d}));
                  prefetch(kRows, nextKeys[j], d);
                }
                return fmaGrid(
                    groupRows,
                    [&](int64_t i) { return vload(qs, {groupRowIdx[i], d}); },
                    kv, a);
              });
          // Unrolled in full, the loop's K loads would not depend on the
          // row group and LLVM would hoist them out of the row loop,
          // spilling every vector of the block.
          limitUnrolling(acc[0].getDefiningOp<scf::ForOp>(), 4);
          for (int64_t i = 0; i < groupRows; ++i)
            for (int64_t j = 0; j < keysPerStep; ++j)
              dots[i].push_back(acc[i * keysPerStep + j]);
        }
        for (int64_t i = 0; i < groupRows; ++i)
          vstore(sumEachVector(dots[i]), weights, {idx(i), sbKey});
      });
      limitUnrolling(subBlockLoop, 1);
      SmallVector<SmallVector<Value>> scores(groupRows);
      for (int64_t i = 0; i < groupRows; ++i)
        for (int64_t sb = 0; sb < subBlocks; ++sb)
          scores[i].push_back(vload(weights, {idx(i), idx(sb * w)}));

      // The mask where the block is not known to be full, once for the
      // group: R divides G, so its rows are heads of one query.
      SmallVector<Value> keep(inRange);
      if (mask) {
        SmallVector<Type> keepTypes(subBlocks, inRange[0].getType());
        auto ifFull = scf::IfOp::create(b, loc, keepTypes, full,
                                        /*withElseRegion=*/true);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifFull.thenBlock());
        scf::YieldOp::create(b, loc, inRange);
        b.setInsertionPointToStart(ifFull.elseBlock());
        Value q = vector::BroadcastOp::create(
            b, loc, idxVec, arith::DivSIOp::create(b, loc, firstRow, idx(group)));
        Value lq = vector::BroadcastOp::create(b, loc, idxVec, queryLen);
        Value lk = vector::BroadcastOp::create(b, loc, idxVec, keyLen);
        SmallVector<Value> masked;
        for (int64_t sb = 0; sb < subBlocks; ++sb)
          masked.push_back(arith::AndIOp::create(
              b, loc, inRange[sb],
              mask.buildPredicate(b, loc, q, keyVecs[sb], lq, lk, noInputs)));
        scf::YieldOp::create(b, loc, masked);
        keep.assign(ifFull.getResults().begin(), ifFull.getResults().end());
      }

      // Per row: one online-softmax step over the block.
      SmallVector<Value> alphas;
      for (int64_t i = 0; i < groupRows; ++i) {
        Value r = groupRowIdx[i];
        for (int64_t sb = 0; sb < subBlocks; ++sb)
          scores[i][sb] =
              arith::SelectOp::create(b, loc, keep[sb], scores[i][sb], negInf);
        Value blockMax = scores[i][0];
        for (int64_t sb = 1; sb < subBlocks; ++sb)
          blockMax = arith::MaximumFOp::create(b, loc, blockMax, scores[i][sb]);
        Value mOld = load(rowMax, {r});
        Value mNew = arith::MaximumFOp::create(
            b, loc, mOld,
            vector::ReductionOp::create(
                b, loc, vector::CombiningKind::MAXIMUMF, blockMax));
        Value empty = arith::CmpFOp::create(
            b, loc, arith::CmpFPredicate::OEQ, mNew,
            fconst(-std::numeric_limits<double>::infinity()));
        Value mSafe = arith::SelectOp::create(b, loc, empty, fconst(0.0), mNew);
        Value pSum = vzero;
        for (int64_t sb = 0; sb < subBlocks; ++sb) {
          Value p = exp2NonPositive(
              arith::SubFOp::create(b, loc, scores[i][sb], splat(mSafe)));
          pSum = arith::AddFOp::create(b, loc, pSum, p);
          vstore(p, weights, {idx(i), idx(sb * w)});
        }
        Value alpha = vector::ExtractOp::create(
            b, loc,
            exp2NonPositive(splat(arith::SubFOp::create(b, loc, mOld, mSafe))),
            ArrayRef<int64_t>{0});
        Value lOld = load(rowSum, {r});
        store(arith::AddFOp::create(
                  b, loc, arith::MulFOp::create(b, loc, lOld, alpha),
                  vector::ReductionOp::create(
                      b, loc, vector::CombiningKind::ADD, pSum)),
              rowSum, {r});
        store(mNew, rowMax, {r});
        alphas.push_back(splat(alpha));
      }

      // os[r] = os[r] * alpha_r + sum_j p_rj V[key_j], valueVectors columns
      // of every row of the group at a time, in registers across the keys.
      scf::ForOp valueLoop = forLoop(
          idx(0), idx(valueDim), valueVectors * w, [&](Value e0) {
            SmallVector<Value> cols, init;
            for (int64_t u = 0; u < valueVectors; ++u)
              cols.push_back(add(e0, idx(u * w)));
            for (int64_t i = 0; i < groupRows; ++i)
              for (int64_t u = 0; u < valueVectors; ++u)
                init.push_back(arith::MulFOp::create(
                    b, loc, vload(os, {groupRowIdx[i], cols[u]}), alphas[i]));
            ValueRange acc = forLoopCarried(
                idx(0), idx(blockKeys), 1, init, [&](Value j, ValueRange a) {
                  Value key = keyAt(j);
                  Value nextKey = keyAt(add(j, idx(blockKeys)));
                  SmallVector<Value> vv, p;
                  for (int64_t u = 0; u < valueVectors; ++u) {
                    vv.push_back(vloadF32(vRows, {bIdx, gIdx, key, cols[u]}));
                    if (u * w % vLine == 0)
                      prefetch(vRows, nextKey, cols[u]);
                  }
                  for (int64_t i = 0; i < groupRows; ++i)
                    p.push_back(load(weights, {idx(i), j}));
                  return outerProductStep(p, vv, a);
                });
            limitUnrolling(acc[0].getDefiningOp<scf::ForOp>(), 4);
            for (int64_t i = 0; i < groupRows; ++i)
              for (int64_t u = 0; u < valueVectors; ++u)
                vstore(acc[i * valueVectors + u], os,
                       {groupRowIdx[i], cols[u]});
          });
      // As for the scores: V loads that would not depend on the row group.
      limitUnrolling(valueLoop, 1);
    });
  });

  emitEpilogue([&](Value r, Value e) { return load(os, {r, e}); });
}

void FlashLowering::emitTask() {
  int64_t mq = cfg.queryTile, nk = cfg.keyTile, w = cfg.vectorWidth;
  auto scratch = [&](ArrayRef<int64_t> shape) -> Value {
    return memref::AllocaOp::create(b, loc, MemRefType::get(shape, f32));
  };
  qt = scratch({headDim + biasRank, mq});
  st = scratch({nk, mq});
  ot = scratch({valueDim, mq});
  if (weightScaleMem) {
    keptFlags = scratch({nk, mq});
    keptValues = scratch({valueDim, mq});
  }
  rowMax = scratch({mq});
  rowSum = scratch({mq});
  rowScale = scratch({mq});
  groupCols = memref::AllocaOp::create(
      b, loc,
      MemRefType::get({mq / (cfg.queryVectors * w), 2}, b.getIndexType()));

  // Qt[d][r] = scale * Q[b, h(r), q(r), d]; padding rows are 0. Scores
  // are kept in base 2 (times log2 e) for the softmax; a score_mod sees
  // natural scores, so then the factor is applied after it.
  Value scale = fconst(op.getScaleOrDefault() *
                       (op.modifiesScores() ? 1.0 : kLog2E));
  Value zero = fconst(0.0);
  // The rows' queries: rows past the last repeat it.
  rowQuery = memref::AllocaOp::create(
      b, loc, MemRefType::get({mq}, b.getIndexType()));
  forLoop(idx(0), idx(mq), 1, [&](Value r) {
    Value ordinal = arith::DivSIOp::create(b, loc, clampRow(r), idx(group));
    IRDomain dom{b, loc};
    store(stripWidth ? stripToken(stripGrid, stripWidth, dom, ordinal)
                     : ordinal,
          rowQuery, {r});
  });
  forLoop(idx(0), idx(mq), 1, [&](Value r) {
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r,
                                         rows);
    Value qi, hi;
    std::tie(qi, hi) = rowQueryHead(r);
    // Qt[row0 + j][r] = factor * mem[b, h, q, j] for j < count.
    auto pack = [&](Value mem, int64_t count, int64_t row0, Value factor) {
      forLoop(idx(0), idx(count), 1, [&](Value j) {
        Value x = toF32(load(mem, {bIdx, hi, qi, j}));
        if (factor)
          x = arith::MulFOp::create(b, loc, x, factor);
        store(arith::SelectOp::create(b, loc, inside, x, zero), qt,
              {row0 ? add(idx(row0), j) : j, r});
      });
    };
    pack(qMem, headDim, 0, scale);
    // The bias is not scaled, but is in base 2 like the scores.
    if (biasRank > 0)
      pack(biasUMem, biasRank, headDim,
           op.modifiesScores() ? Value() : fconst(kLog2E));
  });
  Value negInf = vconst(-std::numeric_limits<double>::infinity());
  Value vzero = vconst(0.0);
  forLoop(idx(0), idx(mq), w, [&](Value r) {
    vstore(negInf, rowMax, {r});
    vstore(vzero, rowSum, {r});
  });
  if (sinksMem)
    forLoop(idx(0), rows, 1, [&](Value r) {
      initRowStatistics(r, rowQueryHead(r).second);
    });
  forLoop(idx(0), idx(valueDim), 1, [&](Value e) {
    forLoop(idx(0), idx(mq), w, [&](Value r) {
      vstore(vzero, ot, {e, r});
      if (keptValues)
        vstore(vzero, keptValues, {e, r});
    });
  });

  KeyTiling tiling = keyTiling(nk);

  // Masks over runtime ids (#attn.document) are classified from the ids'
  // ranges: over the task's rows once, over each key tile in the loop.
  MaskAttrInterface mask = op.getMaskAttr();
  SmallVector<DocumentAttr> documents;
  walkMasks(mask, [&](MaskAttrInterface m) {
    if (auto doc = dyn_cast<DocumentAttr>(m))
      documents.push_back(doc);
  });
  // The per-row ids are gathered once per task (rows past the last repeat
  // it), for the ranges and for vectorised mask evaluation.
  rowInputs.clear();
  DenseMap<unsigned, InputRange<IRDomain>> queryRanges, keyRanges;
  for (DocumentAttr doc : documents) {
    unsigned input = doc.getQuery();
    if (rowInputs.count(input))
      continue;
    Type elt = cast<MemRefType>(inputMems[input].getType()).getElementType();
    Value ids = memref::AllocaOp::create(b, loc, MemRefType::get({mq}, elt));
    forLoop(idx(0), idx(mq), 1, [&](Value r) {
      Value q, h;
      std::tie(q, h) = rowQueryHead(r);
      store(inputElement(input, h, q, idx(0)), ids, {r});
    });
    rowInputs[input] = ids;
    queryRanges.try_emplace(input, inputRange(input, rows, [&](Value r) {
                              return load(ids, {r});
                            }));
  }
  TileInputRanges<IRDomain> ranges{
      [&](unsigned i) { return queryRanges.lookup(i); },
      [&](unsigned i) { return keyRanges.lookup(i); }};
  IRDomain dom{b, loc};
  const QueryBlock<IRDomain> &block = taskBlock;

  forLoop(idx(0), tiling.count, 1, [&](Value kt) {
    Value kBegin, kEnd;
    std::tie(kBegin, kEnd) = tileKeys(tiling, kt);
    Value cols = sub(kEnd, kBegin);
    keyRanges.clear();
    for (DocumentAttr doc : documents)
      keyRanges.try_emplace(
          doc.getKey(), inputRange(doc.getKey(), cols, [&](Value c) {
            return inputElement(doc.getKey(), idx(0), idx(0), add(kBegin, c));
          }));
    auto body = [&] {
      Value full;
      if (mask && !op.hasMaskMod())
        full = isFullTile(mask, dom, block, kBegin, kEnd, &ranges);
      emitScoreTile(kBegin, cols);
      emitModsAndMask(kBegin, kEnd, cols, full);
      emitSoftmaxStep(cols);
      emitValueTile(kBegin, cols, st, ot, /*rescale=*/true);
      if (keptValues)
        emitValueTile(kBegin, cols, keptFlags, keptValues, /*rescale=*/false);
    };
    // Tiles in the key range may still be empty for masks with gaps (sink +
    // window, blocks, strides, documents): skip them.
    if (!mayHaveEmptyTilesInRange(mask))
      return body();
    Value empty = isEmptyTile(mask, dom, block, kBegin, kEnd, &ranges);
    scf::IfOp ifOp = ifNot(empty);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    body();
  });
  auto keptSum = [&](Value r, Value e) { return load(keptValues, {e, r}); };
  emitEpilogue([&](Value r, Value e) { return load(ot, {e, r}); },
               keptValues ? function_ref<Value(Value, Value)>(keptSum)
                          : function_ref<Value(Value, Value)>());
}

/// The micro-tile's QV row vectors of `mem[lead][r0 ...]`.
SmallVector<Value> FlashLowering::rowVectors(Value mem, Value lead, Value r0) {
  SmallVector<Value> vecs;
  for (int64_t j = 0; j < cfg.queryVectors; ++j)
    vecs.push_back(vload(mem, {lead, add(r0, idx(j * cfg.vectorWidth))}));
  return vecs;
}

/// One step of both micro-kernels, an outer product accumulated in
/// registers: acc[i][j] += splat(scalars[i]) * rowVecs[j].
SmallVector<Value> FlashLowering::outerProductStep(ArrayRef<Value> scalars,
                                                   ArrayRef<Value> rowVecs,
                                                   ValueRange acc) {
  return fmaGrid(
      scalars.size(), [&](int64_t i) { return splat(toF32(scalars[i])); },
      rowVecs, acc);
}

/// acc[i * |rhs| + j] + lhs(i) * rhs[j], for every pair; lhs(i) is built
/// just before its row of FMAs, which keeps it live for that row only (the
/// micro-kernels have no register to spare).
SmallVector<Value> FlashLowering::fmaGrid(int64_t lhsCount,
                                          function_ref<Value(int64_t)> lhs,
                                          ArrayRef<Value> rhs,
                                          ValueRange acc) {
  SmallVector<Value> next;
  for (int64_t i = 0; i < lhsCount; ++i) {
    Value l = lhs(i);
    for (auto [j, r] : llvm::enumerate(rhs))
      next.push_back(
          vector::FMAOp::create(b, loc, l, r, acc[i * rhs.size() + j]));
  }
  return next;
}

/// Stores accumulators acc[i][j] to mem[lead0 + i][r0 + j * W].
void FlashLowering::storeMicroTile(ValueRange acc, Value mem, Value lead0,
                                   Value r0) {
  int64_t qv = cfg.queryVectors;
  for (int64_t i = 0; i < int64_t(acc.size()) / qv; ++i)
    for (int64_t j = 0; j < qv; ++j)
      vstore(acc[i * qv + j], mem,
             {add(lead0, idx(i)), add(r0, idx(j * cfg.vectorWidth))});
}

/// The columns [lo, hi) of the key tile [kBegin, kBegin + cols) that the
/// mask may keep for the micro-tile rows [g, g + QV * W) of the task (mask
/// analysis on the rows' queries); empty for rows past the task's last.
std::pair<Value, Value> FlashLowering::groupColumns(Value g, Value kBegin,
                                                    Value cols) {
  int64_t groupRows = cfg.queryVectors * cfg.vectorWidth;
  MaskAttrInterface mask = op.getMaskAttr();
  Value lo = idx(0), hi = cols;
  if (mask) {
    Value first = add(r0, g);
    Value end = minI(add(first, idx(groupRows)), add(r0, rows));
    IRDomain dom{b, loc};
    // Groups past the last row get an empty range below: keep the block
    // valid.
    QueryBlock<IRDomain> block = rowBlock(minI(first, sub(end, idx(1))), end);
    KeyRange<IRDomain> range =
        tileKeyRange(mask, dom, block, kBegin, add(kBegin, cols));
    lo = minI(maxI(sub(range.lo, kBegin), idx(0)), cols);
    hi = minI(maxI(sub(range.hi, kBegin), lo), cols);
  }
  // The last task of a head may have fewer rows than its groups hold: the
  // groups past its rows compute nothing.
  Value none = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, g, rows);
  return {arith::SelectOp::create(b, loc, none, idx(0), lo),
          arith::SelectOp::create(b, loc, none, idx(0), hi)};
}

/// The columns groupColumns() allowed for the micro-tile group of row `r`.
std::pair<Value, Value> FlashLowering::loadGroupColumns(Value r) {
  Value group = arith::DivSIOp::create(
      b, loc, r, idx(cfg.queryVectors * cfg.vectorWidth));
  return {load(groupCols, {group, idx(0)}), load(groupCols, {group, idx(1)})};
}

/// St[c][r] = sum_d K[b, g, kBegin + c, d] * Qt[d][r] for c < roundup(cols),
/// by micro-tiles of QV * W rows and KR keys. Keys past the end are clamped
/// in range and ignored later. Each group of rows computes only the
/// columns groupColumns() allows, recorded in `groupCols`: the score_mod,
/// the vectorised mask, the softmax step and the value tile read no others,
/// so windows and diagonals cost per group of rows, not per task.
void FlashLowering::emitScoreTile(Value kBegin, Value cols) {
  int64_t w = cfg.vectorWidth, kr = cfg.keysPerMicroTile,
          qv = cfg.queryVectors;
  auto roundUp = [&](Value c) {
    return mul(arith::CeilDivSIOp::create(b, loc, c, idx(kr)), idx(kr));
  };
  Value lastKey = sub(keyLen, idx(1));
  forLoop(idx(0), idx(cfg.queryTile), qv * w, [&](Value r0) {
    Value lo, hi;
    std::tie(lo, hi) = groupColumns(r0, kBegin, cols);
    Value group = arith::DivSIOp::create(b, loc, r0, idx(qv * w));
    store(lo, groupCols, {group, idx(0)});
    store(hi, groupCols, {group, idx(1)});
    Value loRounded = mul(arith::DivSIOp::create(b, loc, lo, idx(kr)), idx(kr));
    forLoop(loRounded, roundUp(hi), kr, [&](Value c0) {
      SmallVector<Value> keys;
      for (int64_t i = 0; i < kr; ++i)
        keys.push_back(minI(add(kBegin, add(c0, idx(i))), lastKey));
      // acc += sum_j Qt[row0 + j] (x) mem[b, g, keys, j] for j < count.
      auto contract = [&](Value mem, int64_t count, int64_t row0,
                          ValueRange init) {
        return forLoopCarried(
            idx(0), idx(count), 1, init, [&](Value j, ValueRange a) {
              SmallVector<Value> kScalars;
              for (int64_t i = 0; i < kr; ++i)
                kScalars.push_back(load(mem, {bIdx, gIdx, keys[i], j}));
              return outerProductStep(
                  kScalars, rowVectors(qt, row0 ? add(idx(row0), j) : j, r0),
                  a);
            });
      };
      SmallVector<Value> init(kr * qv, vconst(0.0));
      ValueRange acc = contract(kMem, headDim, 0, init);
      // The widened columns: U.W^T.
      if (biasRank > 0)
        acc = contract(biasWMem, biasRank, headDim, acc);
      storeMicroTile(acc, st, c0, r0);
    });
  });
}

/// The element of extra input `input` at (bIdx, h, q, k); `bucket`, if
/// given, is the bucket of (q, k), else it is computed where needed.
Value FlashLowering::inputElement(unsigned input, Value h, Value q, Value k,
                                  Value bucket) {
  Value iter[] = {bIdx, h, q, k};
  return load(inputMems[input], op.buildInputIndices(b, loc, input, iter,
                                                     queryLen, keyLen, bucket));
}

SmallVector<std::pair<Value, Value>> FlashLowering::laneQueryHeads(Value rv) {
  SmallVector<std::pair<Value, Value>> lanes;
  for (int64_t l = 0; l < cfg.vectorWidth; ++l)
    lanes.push_back(rowQueryHead(add(rv, idx(l))));
  return lanes;
}

/// The query and query head of the task's row `r` (rows past the last
/// repeat it).
std::pair<Value, Value> FlashLowering::rowQueryHead(Value r) {
  if (!rowQuery)
    return rowToQueryHead(b, loc, clampRow(r), gIdx, group);
  Value h = add(mul(gIdx, idx(group)),
                arith::RemSIOp::create(b, loc, clampRow(r), idx(group)));
  return {load(rowQuery, {r}), h};
}

/// The absolute row of the task's row `r`, clamped to the last row.
Value FlashLowering::clampRow(Value r) {
  return minI(add(r0, r), sub(totalRows, idx(1)));
}

/// The block of the queries of rows [first, end) (first < end), for the
/// mask analysis: ordinals [first / G, (end - 1) / G + 1).
QueryBlock<IRDomain> FlashLowering::rowBlock(Value first, Value end) {
  Value o0 = arith::DivSIOp::create(b, loc, first, idx(group));
  Value o1 = add(arith::DivSIOp::create(b, loc, sub(end, idx(1)), idx(group)),
                 idx(1));
  IRDomain dom{b, loc};
  if (stripWidth)
    return stripBlock(stripGrid, stripWidth, dom, o0, o1, queryLen, keyLen);
  return {o0, o1, queryLen, keyLen};
}

/// A vector of input `input`'s element for each lane's (q, h) and key `k`;
/// `buckets`, if given, holds the lanes' buckets.
Value FlashLowering::gatherInput(unsigned input,
                                 ArrayRef<std::pair<Value, Value>> lanes,
                                 Value k, Value buckets) {
  SmallVector<Value> elements;
  for (auto [l, qh] : llvm::enumerate(lanes)) {
    Value bucket;
    if (buckets)
      bucket = vector::ExtractOp::create(b, loc, buckets,
                                         ArrayRef<int64_t>{int64_t(l)});
    elements.push_back(inputElement(input, qh.second, qh.first, k, bucket));
  }
  return vector::FromElementsOp::create(
      b, loc, VectorType::get({int64_t(lanes.size())}, elements.front().getType()),
      elements);
}

SmallVector<Value> FlashLowering::inputElements(Value h, Value q, Value k) {
  SmallVector<Value> elements;
  for (unsigned i = 0; i < inputMems.size(); ++i)
    elements.push_back(inputElement(i, h, q, k));
  return elements;
}

/// Min and max (as index) of the integer `elementAt(i)` for i < count.
InputRange<IRDomain>
FlashLowering::inputRange(unsigned input, Value count,
                          function_ref<Value(Value)> elementAt) {
  Value init[] = {idx(std::numeric_limits<int64_t>::max()),
                  idx(std::numeric_limits<int64_t>::min())};
  ValueRange r = forLoopCarried(idx(0), count, 1, init,
                                [&](Value i, ValueRange acc) {
                                  Value x = arith::IndexCastOp::create(
                                      b, loc, b.getIndexType(), elementAt(i));
                                  return SmallVector<Value>{minI(acc[0], x),
                                                            maxI(acc[1], x)};
                                });
  return {r[0], r[1]};
}

/// The score modifier attributes, then score_mod, on the scores of each row
/// group's columns, a vector of rows at a time (the region is widened to
/// vectors). The lanes' (q, h) and the
/// inputs that depend on the row only are gathered once per row vector;
/// inputs of the key only are one load per column; others, per element.
/// Lanes past the last row repeat it: their scores are never read.
void FlashLowering::emitScoreMod(Value kBegin) {
  int64_t w = cfg.vectorWidth;
  SmallVector<AffineMap> maps = op.getInputIndexMaps();
  auto readsRow = [&](unsigned i) {
    return op.inputDependsOn(i, 1) || op.inputDependsOn(i, 2);
  };
  auto vectorOf = [&](ArrayRef<Value> lanes) -> Value {
    return vector::FromElementsOp::create(
        b, loc, VectorType::get({w}, lanes.front().getType()), lanes);
  };
  forLoop(idx(0), idx(cfg.queryTile), w, [&](Value rv) {
    SmallVector<std::pair<Value, Value>> lanes = laneQueryHeads(rv);
    SmallVector<Value> qs, hs;
    for (auto [q, h] : lanes) {
      qs.push_back(q);
      hs.push_back(h);
    }
    SmallVector<Value> rowElements(maps.size());
    for (unsigned i = 0; i < maps.size(); ++i)
      if (!op.inputDependsOn(i, 3))
        rowElements[i] = readsRow(i) ? gatherInput(i, lanes, idx(0))
                                   : splat(inputElement(i, idx(0), idx(0), idx(0)),
                                           w);
    Value qVec = vectorOf(qs), hVec = vectorOf(hs);
    Value bVec = splat(bIdx, w);
    Value lo, hi;
    std::tie(lo, hi) = loadGroupColumns(rv);
    forLoop(lo, hi, 1, [&](Value c) {
      Value k = add(kBegin, c);
      Value kVec = splat(k, w);
      Value score = vload(st, {c, rv});
      // Score modifier attributes read inputs of the row only (verified).
      auto rowInput = [&](unsigned i, Value, Value) {
        assert(rowElements[i] && "a score attribute's input varies with k");
        return rowElements[i];
      };
      for (ScoreAttrInterface mod : op.getScoreModifiers())
        score = mod.build(b, loc, score, hVec, qVec, kVec, heads,
                          splat(queryLen, w), splat(keyLen, w), rowInput);
      if (op.hasScoreMod()) {
        SmallVector<Value> args = {score, bVec, hVec, qVec, kVec};
        Value buckets;
        if (BucketAttrInterface attr = op.getBucketsAttr())
          buckets = attr.buildBucket(b, loc, qVec, kVec, splat(queryLen, w),
                                     splat(keyLen, w));
        for (unsigned i = 0; i < maps.size(); ++i)
          args.push_back(rowElements[i] ? rowElements[i]
                         : readsRow(i)
                             ? gatherInput(i, lanes, k, buckets)
                             : splat(inputElement(i, idx(0), idx(0), k), w));
        score = AttentionOp::inlineModRegion(b, op.getScoreMod(), args,
                                             queryLen, keyLen);
        // A yield made of constants alone stays scalar.
        if (!isa<VectorType>(score.getType()))
          score = splat(score);
      }
      vstore(toBase2(score), st, {c, rv});
    });
  });
}

/// score_mod on every valid score; then, unless the tile is proven `full`
/// (null: no mask attribute), the mask attribute and mask_mod per element
/// (-inf where removed).
void FlashLowering::emitModsAndMask(Value kBegin, Value kEnd, Value cols,
                                    Value full) {
  if (op.modifiesScores())
    emitScoreMod(kBegin);

  MaskAttrInterface mask = op.getMaskAttr();
  if (!mask && !op.hasMaskMod())
    return;
  if (!full)
    full = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  scf::IfOp ifOp = ifNot(full);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  if (!op.hasMaskMod() && !containsMask<TreeAttr>(mask)) {
    // Mask attributes are affine in (q, k), compare a row's id with a
    // key's (#attn.document) or test a bit of a row's word for the key
    // (#attn.bitmask): evaluate them a vector of rows at a time. Lanes past
    // the last row compute a value nobody reads.
    int64_t w = cfg.vectorWidth;
    auto idxVec = VectorType::get({w}, b.getIndexType());
    auto splatIdx = [&](Value v) {
      return vector::BroadcastOp::create(b, loc, idxVec, v);
    };
    Value lqVec = splatIdx(queryLen), lkVec = splatIdx(keyLen);
    Value vNegInf = vconst(-std::numeric_limits<double>::infinity());
    llvm::SmallDenseSet<unsigned> bitmaskInputs;
    walkMasks(mask, [&](MaskAttrInterface m) {
      if (auto bits = dyn_cast<BitmaskAttr>(m))
        bitmaskInputs.insert(bits.getInput());
    });
    // Row vectors outer: the row ids and the group's columns (outside
    // them nothing is kept or read) are loaded once.
    forLoop(idx(0), idx(cfg.queryTile), w, [&](Value rv) {
      Value qVec = vector::LoadOp::create(b, loc, idxVec, rowQuery, rv);
      // Each lane's (q, h), for the words of bit masks (lanes past the
      // last row repeat it: they must not read past the input).
      SmallVector<std::pair<Value, Value>> lanes;
      if (!bitmaskInputs.empty())
        lanes = laneQueryHeads(rv);
      DenseMap<unsigned, Value> rowIdVectors;
      for (auto [input, rowIds] : rowInputs) {
        Type elt = cast<MemRefType>(rowIds.getType()).getElementType();
        rowIdVectors[input] = vector::LoadOp::create(
            b, loc, VectorType::get({w}, elt), rowIds, ValueRange{rv});
      }
      Value lo, hi;
      std::tie(lo, hi) = loadGroupColumns(rv);
      forLoop(lo, hi, 1, [&](Value c) {
        Value k = add(kBegin, c);
        Value kVec = splatIdx(k);
        // Row ids as gathered for the rows; bit-mask words, each lane's
        // for the column; key ids: the column's, in every lane.
        auto ids = [&](unsigned input, Value, Value) -> Value {
          if (Value rowIds = rowIdVectors.lookup(input))
            return rowIds;
          if (bitmaskInputs.contains(input))
            return gatherInput(input, lanes, k);
          Value id = inputElement(input, idx(0), idx(0), k);
          return vector::BroadcastOp::create(
              b, loc, VectorType::get({w}, id.getType()), id);
        };
        Value keep = mask.buildPredicate(b, loc, qVec, kVec, lqVec, lkVec, ids);
        // Frozen so that LLVM keeps a blend and a plain store: it would
        // fold select(keep, load p, x) stored to p into a masked store,
        // which is slow on AMD cores and blocks store-to-load forwarding
        // for the softmax step that reads the scores next.
        Value s = LLVM::FreezeOp::create(b, loc, vload(st, {c, rv}));
        vstore(arith::SelectOp::create(b, loc, keep, s, vNegInf), st, {c, rv});
      });
    });
    return;
  }
  Value negInf = fconst(-std::numeric_limits<double>::infinity());
  forLoop(idx(0), cols, 1, [&](Value c) {
    Value k = add(kBegin, c);
    forLoop(idx(0), rows, 1, [&](Value r) {
      Value q, h;
      std::tie(q, h) = rowQueryHead(r);
      Value keep;
      if (mask)
        keep = mask.buildPredicate(
            b, loc, q, k, queryLen, keyLen,
            [&](unsigned input, Value atQuery, Value atKey) {
              return inputElement(input, h, atQuery, atKey);
            });
      if (op.hasMaskMod()) {
        SmallVector<Value> args = {bIdx, h, q, k};
        llvm::append_range(args, inputElements(h, q, k));
        Value m = AttentionOp::inlineModRegion(b, op.getMaskMod(), args,
                                               queryLen, keyLen);
        keep = keep ? arith::AndIOp::create(b, loc, keep, m).getResult() : m;
      }
      Value s = load(st, {c, r});
      store(arith::SelectOp::create(b, loc, keep, s, negInf), st, {c, r});
    });
  });
}

/// One online-softmax step over the scores of `cols` keys, vectorised over
/// queries: update the running max and sum, turn St into probabilities and
/// record the factor that rescales the accumulator.
void FlashLowering::emitSoftmaxStep(Value cols) {
  int64_t w = cfg.vectorWidth;
  Value negInf = vconst(-std::numeric_limits<double>::infinity());
  Value vzero = vconst(0.0);
  forLoop(idx(0), idx(cfg.queryTile), w, [&](Value r) {
    // Keys outside the group's columns are not kept (mask analysis), so
    // their probability is 0: neither this step nor the value tile reads
    // them.
    Value lo, hi;
    std::tie(lo, hi) = loadGroupColumns(r);
    Value mOld = vload(rowMax, {r});
    Value tileMax = forLoopCarried(lo, hi, 1, {negInf},
                                   [&](Value c, ValueRange a) {
                                     Value s = vload(st, {c, r});
                                     return SmallVector<Value>{
                                         arith::MaximumFOp::create(b, loc, a[0], s)};
                                   })[0];
    Value mNew = arith::MaximumFOp::create(b, loc, mOld, tileMax);
    // A row with nothing kept so far keeps max -inf; subtract 0 there so
    // that exp never sees -inf - -inf.
    Value empty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, mNew,
                                        negInf);
    Value mSafe = arith::SelectOp::create(b, loc, empty, vzero, mNew);
    Value alpha = exp2NonPositive(arith::SubFOp::create(b, loc, mOld, mSafe));
    Value tileSum = forLoopCarried(lo, hi, 1, {vzero},
                                   [&](Value c, ValueRange a) {
                                     Value s = vload(st, {c, r});
                                     if (keptFlags)
                                       vstore(arith::SelectOp::create(
                                                  b, loc,
                                                  arith::CmpFOp::create(
                                                      b, loc,
                                                      arith::CmpFPredicate::OGT,
                                                      s, negInf),
                                                  vconst(1.0), vzero),
                                              keptFlags, {c, r});
                                     Value p = exp2NonPositive(
                                         arith::SubFOp::create(b, loc, s, mSafe));
                                     vstore(p, st, {c, r});
                                     return SmallVector<Value>{
                                         arith::AddFOp::create(b, loc, a[0], p)};
                                   })[0];
    Value lOld = vload(rowSum, {r});
    Value lNew = vector::FMAOp::create(b, loc, lOld, alpha, tileSum);
    vstore(lNew, rowSum, {r});
    vstore(mNew, rowMax, {r});
    vstore(alpha, rowScale, {r});
  });
}

/// acc[e][r] = acc[e][r] * alpha[r] + sum_c V[b, g, kBegin + c, e] *
/// probs[c][r] (Ot and the probabilities St), or without alpha (the kept
/// keys' value sum).
void FlashLowering::emitValueTile(Value kBegin, Value cols, Value probs,
                                  Value acc, bool rescale) {
  int64_t w = cfg.vectorWidth, qv = cfg.queryVectors;
  auto microTiles = [&](int64_t eBegin, int64_t eEnd, int64_t er) {
    if (eEnd <= eBegin)
      return;
    forLoop(idx(eBegin), idx(eEnd), er, [&](Value e0) {
      forLoop(idx(0), idx(cfg.queryTile), qv * w, [&](Value r0) {
        SmallVector<Value> alphas, init;
        for (int64_t j = 0; j < qv && rescale; ++j)
          alphas.push_back(vload(rowScale, {add(r0, idx(j * w))}));
        for (int64_t i = 0; i < er; ++i)
          for (int64_t j = 0; j < qv; ++j) {
            Value old = vload(acc, {add(e0, idx(i)), add(r0, idx(j * w))});
            init.push_back(rescale ? arith::MulFOp::create(b, loc, old,
                                                           alphas[j])
                                   : old);
          }
        // Probabilities outside the group's columns are 0.
        Value lo, hi;
        std::tie(lo, hi) = loadGroupColumns(r0);
        ValueRange sums = forLoopCarried(
            lo, hi, 1, init, [&](Value c, ValueRange a) {
              Value key = add(kBegin, c);
              SmallVector<Value> vScalars;
              for (int64_t i = 0; i < er; ++i)
                vScalars.push_back(load(vMem, {bIdx, gIdx, key, add(e0, idx(i))}));
              return outerProductStep(vScalars, rowVectors(probs, c, r0), a);
            });
        storeMicroTile(sums, acc, e0, r0);
      });
    });
  };
  int64_t er = cfg.valuesPerMicroTile;
  int64_t main = valueDim - valueDim % er;
  microTiles(0, main, er);
  microTiles(main, valueDim, 1);
}

/// O = acc / l (0 where nothing was kept), LSE = m ln2 + ln l (-inf there),
/// for the task's rows; `accumulator(r, e)` reads the unnormalised output.
/// With affine_weights, O = a O + c keptSum(r, e).
void FlashLowering::emitEpilogue(
    function_ref<Value(Value row, Value e)> accumulator,
    function_ref<Value(Value row, Value e)> keptSum) {
  Type outElt = cast<MemRefType>(outMem.getType()).getElementType();
  Value zero = fconst(0.0);
  Value one = fconst(1.0);
  Value negInf = fconst(-std::numeric_limits<double>::infinity());
  forLoop(idx(0), rows, 1, [&](Value r) {
    Value q, h;
    std::tie(q, h) = rowQueryHead(r);
    Value l = load(rowSum, {r});
    Value hasKeys = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, l,
                                          zero);
    Value inv = arith::SelectOp::create(
        b, loc, hasKeys, arith::DivFOp::create(b, loc, one, l), zero);
    Value weightScale, weightBias;
    if (keptSum) {
      weightScale = toF32(load(weightScaleMem, {bIdx, h, q}));
      weightBias = toF32(load(weightBiasMem, {bIdx, h, q}));
      inv = arith::MulFOp::create(b, loc, inv, weightScale);
    }
    forLoop(idx(0), idx(valueDim), 1, [&](Value e) {
      Value o = arith::MulFOp::create(b, loc, accumulator(r, e), inv);
      if (keptSum)
        o = math::FmaOp::create(b, loc, keptSum(r, e), weightBias, o);
      if (gateMem) {
        // O * sigmoid(g) = O / (1 + exp(-g)).
        bool perHead = cast<MemRefType>(gateMem.getType()).getDimSize(3) == 1;
        Value g = toF32(load(gateMem, {bIdx, h, q, perHead ? idx(0) : e}));
        Value denom = arith::AddFOp::create(
            b, loc, one,
            math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, g)));
        o = arith::DivFOp::create(b, loc, o, denom);
      }
      if (outElt != f32)
        o = arith::TruncFOp::create(b, loc, outElt, o);
      store(o, outMem, {bIdx, h, q, e});
    });
    if (lseMem) {
      // The running max is in base 2: LSE = m * ln 2 + ln l.
      Value lse = math::FmaOp::create(b, loc, load(rowMax, {r}), fconst(kLn2),
                                      math::LogOp::create(b, loc, l));
      store(arith::SelectOp::create(b, loc, hasKeys, lse, negInf), lseMem,
            {bIdx, h, q});
    }
  });
}

int64_t attnc::getFlashQueryTileMultiple(int64_t vectorWidth) {
  return kQueryVectors * vectorWidth;
}

// A key tile holds whole micro-tiles: 8 keys in the small kernel, 4 in the
// main one.
int64_t attnc::getFlashKeyTileMultiple() { return 8; }

bool attnc::isFlashVectorWidth(int64_t vectorWidth) {
  return vectorWidth == 4 || vectorWidth == 8 || vectorWidth == 16;
}

std::optional<std::string>
attnc::checkFlashTileSizes(const FlashTileSizes &sizes) {
  if (!isFlashVectorWidth(sizes.vectorWidth))
    return std::string("the vector width must be 4, 8 or 16 lanes");
  if (sizes.queryTile <= 0 || sizes.keyTile <= 0 ||
      sizes.queryTile % getFlashQueryTileMultiple(sizes.vectorWidth) != 0 ||
      sizes.keyTile % getFlashKeyTileMultiple() != 0)
    return std::string("query-tile must be a positive multiple of 3 * "
                       "vector-width and key-tile a positive multiple of 8");
  return std::nullopt;
}

LogicalResult attnc::lowerAttentionToFlash(RewriterBase &rewriter,
                                           AttentionOp op,
                                           const FlashTileSizes &sizes) {
  assert(!checkFlashTileSizes(sizes) && "invalid flash tile sizes");
  FlashConfig cfg{sizes.queryTile,   sizes.keyTile,
                  sizes.vectorWidth, kQueryVectors,
                  kKeysPerMicroTile, kValuesPerMicroTile};
  OpBuilder::InsertionGuard guard(rewriter);
  return FlashLowering(rewriter, op, cfg).lower();
}

namespace {
struct ConvertAttnToFlashPass
    : public attnc::impl::ConvertAttnToFlashBase<ConvertAttnToFlashPass> {
  using Base::Base;
  void runOnOperation() override {
    FlashTileSizes sizes{queryTile, keyTile, vectorWidth};
    if (std::optional<std::string> error = checkFlashTileSizes(sizes)) {
      emitError(getOperation()->getLoc()) << "convert-attn-to-flash: " << *error;
      return signalPassFailure();
    }
    SmallVector<AttentionOp> ops;
    getOperation()->walk([&](AttentionOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (AttentionOp op : ops)
      if (failed(lowerAttentionToFlash(rewriter, op, sizes)))
        return signalPassFailure();
  }
};
} // namespace
