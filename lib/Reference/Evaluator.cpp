//===- Evaluator.cpp - the reference evaluator for attn ops ---------------===//

#include "attnc/Reference/Evaluator.h"

#include "RegionInterpreter.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace attnc;
using namespace attnc::reference;

Tensor::Tensor(ArrayRef<int64_t> shape, double fill)
    : shape(shape.begin(), shape.end()), data(numElements(), fill) {}

int64_t Tensor::numElements() const {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

int64_t Tensor::offset(ArrayRef<int64_t> index) const {
  int64_t off = 0;
  for (auto [i, n] : llvm::zip(index, shape))
    off = off * n + i;
  return off;
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

/// Checks that `t` has `type`'s rank and static extents.
static LogicalResult checkStatic(const Tensor &t, ShapedType type,
                                 StringRef name, std::string &error) {
  if (int64_t(t.shape.size()) != type.getRank()) {
    error = llvm::formatv("{0} has rank {1}, expected {2}", name,
                          t.shape.size(), type.getRank());
    return failure();
  }
  for (auto [d, extent] : llvm::enumerate(t.shape)) {
    if (!type.isDynamicDim(d) && type.getDimSize(d) != extent) {
      error = llvm::formatv("{0} has shape {1}, but its type is {2}", name,
                            shapeStr(t.shape), type);
      return failure();
    }
  }
  return success();
}

/// Extra input `n` (operand 3 + n) at the iteration point `iter` =
/// (b, h, q, k) and, where an index list uses it, the bucket, read through
/// its index map.
static double readInput(ArrayRef<AffineMap> maps, ArrayRef<Tensor> operands,
                        unsigned n, ArrayRef<int64_t> iter) {
  SmallVector<int64_t, 4> index;
  for (AffineExpr e : maps[n].getResults()) {
    attn::InputIndex in = attn::InputIndex::decode(e);
    index.push_back(in.at(in.isBroadcast() ? 0 : iter[in.dim]));
  }
  return operands[3 + n].at(index);
}

/// Appends to `out` the element of each extra input at `iter`.
static void readInputs(ArrayRef<AffineMap> maps, ArrayRef<Tensor> operands,
                       ArrayRef<int64_t> iter, SmallVectorImpl<double> &out) {
  for (unsigned n = 0; n < maps.size(); ++n)
    out.push_back(readInput(maps, operands, n, iter));
}

/// What a mask reads at batch `b`, head `h`.
static auto inputReader(ArrayRef<AffineMap> maps, ArrayRef<Tensor> operands,
                        int64_t b, int64_t h) {
  return [=](unsigned n, int64_t q, int64_t k) {
    return readInput(maps, operands, n, {b, h, q, k});
  };
}

FailureOr<Result> reference::evaluate(attn::AttentionOp op,
                                      ArrayRef<Tensor> operands,
                                      std::string &error) {
  size_t numInputs = op.getInputs().size();
  size_t expected = 3 + numInputs + (op.getSinks() ? 1 : 0) +
                    (op.getGate() ? 1 : 0) + (op.hasLowRankBias() ? 2 : 0) +
                    (op.hasAffineWeights() ? 2 : 0);
  if (operands.size() != expected) {
    error = llvm::formatv("expected {0} operands, got {1}", expected,
                          operands.size());
    return failure();
  }
  // After q, k, v and the inputs, in order: sinks, gate, U, W, the weights'
  // scale and bias.
  size_t next = 3 + numInputs;
  auto optional = [&](bool present) -> const Tensor * {
    return present ? &operands[next++] : nullptr;
  };
  const Tensor *sinks = optional(bool(op.getSinks()));
  const Tensor *gate = optional(bool(op.getGate()));
  const Tensor *biasU = optional(op.hasLowRankBias());
  const Tensor *biasW = optional(op.hasLowRankBias());
  const Tensor *weightScale = optional(op.hasAffineWeights());
  const Tensor *weightBias = optional(op.hasAffineWeights());
  const Tensor &q = operands[0], &k = operands[1], &v = operands[2];
  if (failed(checkStatic(q, op.getQuery().getType(), "query", error)) ||
      failed(checkStatic(k, op.getKey().getType(), "key", error)) ||
      failed(checkStatic(v, op.getValue().getType(), "value", error)))
    return failure();
  int64_t B = q.shape[0], Hq = q.shape[1], Lq = q.shape[2], D = q.shape[3];
  int64_t Hkv = k.shape[1], Lk = k.shape[2], Dv = v.shape[3];
  if (k.shape[0] != B || v.shape[0] != B || v.shape[2] != Lk) {
    error = llvm::formatv("inconsistent shapes: query {0}, key {1}, value {2}",
                          shapeStr(q.shape), shapeStr(k.shape),
                          shapeStr(v.shape));
    return failure();
  }
  int64_t group = Hq / Hkv;
  if (sinks && (failed(checkStatic(*sinks,
                                   cast<ShapedType>(op.getSinks().getType()),
                                   "sinks", error)) ||
                sinks->shape[0] != Hq)) {
    if (error.empty())
      error = llvm::formatv("sinks has {0} logits for {1} heads",
                            sinks->shape[0], Hq);
    return failure();
  }
  int64_t gateWidth = 0;
  if (gate) {
    if (failed(checkStatic(*gate, cast<ShapedType>(op.getGate().getType()),
                           "gate", error)))
      return failure();
    gateWidth = gate->shape.back();
    if (gate->shape[0] != B || gate->shape[1] != Hq || gate->shape[2] != Lq ||
        (gateWidth != Dv && gateWidth != 1)) {
      error = llvm::formatv("gate has shape {0}, expected [{1}, {2}, {3}, {4} "
                            "or 1]",
                            shapeStr(gate->shape), B, Hq, Lq, Dv);
      return failure();
    }
  }

  int64_t biasRank = 0;
  if (biasU) {
    if (failed(checkStatic(*biasU,
                           cast<ShapedType>(op.getBiasQueryFactor().getType()),
                           "low-rank bias U", error)) ||
        failed(checkStatic(*biasW,
                           cast<ShapedType>(op.getBiasKeyFactor().getType()),
                           "low-rank bias W", error)))
      return failure();
    biasRank = biasU->shape[3];
    if (biasU->shape != SmallVector<int64_t>{B, Hq, Lq, biasRank} ||
        biasW->shape != SmallVector<int64_t>{B, Hkv, Lk, biasRank}) {
      error = llvm::formatv("low-rank bias factors have shapes {0} and {1}",
                            shapeStr(biasU->shape), shapeStr(biasW->shape));
      return failure();
    }
  }

  if (weightScale) {
    if (failed(checkStatic(*weightScale,
                           cast<ShapedType>(op.getWeightScale().getType()),
                           "affine_weights scale", error)) ||
        failed(checkStatic(*weightBias,
                           cast<ShapedType>(op.getWeightBias().getType()),
                           "affine_weights bias", error)))
      return failure();
    SmallVector<int64_t> want = {B, Hq, Lq};
    if (weightScale->shape != want || weightBias->shape != want) {
      error = llvm::formatv("affine_weights have shapes {0} and {1}, expected "
                            "{2}",
                            shapeStr(weightScale->shape),
                            shapeStr(weightBias->shape), shapeStr(want));
      return failure();
    }
  }

  // Extra inputs: shapes follow from their index maps over (b, h, q, k).
  SmallVector<AffineMap> maps = op.getInputIndexMaps();
  attn::BucketAttrInterface buckets = op.getBucketsAttr();
  int64_t iterExtent[] = {B, Hq, Lq, Lk, buckets ? buckets.getNumBuckets() : 0};
  for (auto [n, map] : llvm::enumerate(maps)) {
    const Tensor &t = operands[3 + n];
    std::string name = "input #" + std::to_string(n);
    if (failed(checkStatic(t, cast<ShapedType>(op.getInputs()[n].getType()),
                           name, error)))
      return failure();
    for (auto [d, e] : llvm::enumerate(map.getResults())) {
      attn::InputIndex index = attn::InputIndex::decode(e);
      int64_t want =
          index.extentFor(index.isBroadcast() ? 1 : iterExtent[index.dim]);
      if (t.shape[d] != want) {
        error = llvm::formatv("{0} has extent {1} in dimension {2}, expected {3}",
                              name, t.shape[d], d, want);
        return failure();
      }
    }
  }

  std::optional<RegionInterpreter> maskMod, scoreMod;
  if (op.hasMaskMod()) {
    auto r = RegionInterpreter::compile(op.getMaskMod(), error);
    if (failed(r))
      return failure();
    maskMod = std::move(*r);
  }
  if (op.hasScoreMod()) {
    auto r = RegionInterpreter::compile(op.getScoreMod(), error);
    if (failed(r))
      return failure();
    scoreMod = std::move(*r);
  }
  SmallVector<attn::ScoreAttrInterface> mods = op.getScoreModifiers();
  SmallVector<bool> inputIsFloat;
  for (Value in : op.getInputs())
    inputIsFloat.push_back(
        isa<FloatType>(cast<ShapedType>(in.getType()).getElementType()));

  attn::MaskAttrInterface mask = op.getMaskAttr();
  double scale = op.getScaleOrDefault();
  const double negInf = -std::numeric_limits<double>::infinity();

  Result result;
  result.output = Tensor({B, Hq, Lq, Dv});
  if (op.getLse())
    result.lse = Tensor({B, Hq, Lq});

  std::vector<double> scores(Lk);
  std::vector<char> kept(Lk);
  SmallVector<Scalar, 8> args;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < Hq; ++h) {
      int64_t g = h / group;
      for (int64_t i = 0; i < Lq; ++i) {
        double rowMax = negInf;
        for (int64_t j = 0; j < Lk; ++j) {
          // Elements of the extra inputs at (b, h, i, j).
          SmallVector<Scalar, 4> elements;
          SmallVector<double, 4> raw;
          int64_t bucket = buckets ? buckets.bucketOf(i, j, Lq, Lk) : 0;
          readInputs(maps, operands, {b, h, i, j, bucket}, raw);
          for (auto [n, x] : llvm::enumerate(raw))
            elements.push_back(inputIsFloat[n] ? Scalar::fromFloat(x)
                                               : Scalar::fromInt(int64_t(x)));
          bool keep =
              !mask || mask.isKept(i, j, Lq, Lk, inputReader(maps, operands, b, h));
          if (keep && maskMod) {
            args = {Scalar::fromInt(b), Scalar::fromInt(h), Scalar::fromInt(i),
                    Scalar::fromInt(j)};
            args.append(elements.begin(), elements.end());
            keep = maskMod->run(args, Lq, Lk).i != 0;
          }
          kept[j] = keep;
          if (!keep)
            continue;
          double dot = 0.0;
          for (int64_t d = 0; d < D; ++d)
            dot += q.at({b, h, i, d}) * k.at({b, g, j, d});
          double s = scale * dot;
          for (int64_t r = 0; r < biasRank; ++r)
            s += biasU->at({b, h, i, r}) * biasW->at({b, g, j, r});
          for (attn::ScoreAttrInterface mod : mods)
            s = mod.apply(s, h, i, j, Hq, Lq, Lk,
                          inputReader(maps, operands, b, h));
          if (scoreMod) {
            args = {Scalar::fromFloat(s), Scalar::fromInt(b),
                    Scalar::fromInt(h), Scalar::fromInt(i), Scalar::fromInt(j)};
            args.append(elements.begin(), elements.end());
            s = scoreMod->run(args, Lq, Lk).f;
          }
          scores[j] = s;
          rowMax = std::max(rowMax, s);
        }
        // The sink logit joins the max and the denominator, without a value.
        double sink = sinks ? sinks->at({h}) : negInf;
        rowMax = std::max(rowMax, sink);
        // A row without a kept key (or whose kept scores are all -inf)
        // yields O = 0 and LSE = -inf.
        if (rowMax == negInf) {
          if (result.lse)
            result.lse->at({b, h, i}) = negInf;
          continue;
        }
        double sum = sink == negInf ? 0.0 : std::exp(sink - rowMax);
        for (int64_t j = 0; j < Lk; ++j)
          if (kept[j])
            sum += std::exp(scores[j] - rowMax);
        for (int64_t j = 0; j < Lk; ++j) {
          if (!kept[j])
            continue;
          double p = std::exp(scores[j] - rowMax) / sum;
          // Affine-scaled weights: a * p + c for the kept keys whose score
          // is not -inf.
          if (weightScale)
            p = weightScale->at({b, h, i}) * p +
                (scores[j] == negInf ? 0.0 : weightBias->at({b, h, i}));
          for (int64_t e = 0; e < Dv; ++e)
            result.output.at({b, h, i, e}) += p * v.at({b, g, j, e});
        }
        if (gate)
          for (int64_t e = 0; e < Dv; ++e) {
            double g = gate->at({b, h, i, gateWidth == 1 ? 0 : e});
            result.output.at({b, h, i, e}) *= 1.0 / (1.0 + std::exp(-g));
          }
        if (result.lse)
          result.lse->at({b, h, i}) = rowMax + std::log(sum);
      }
    }
  return result;
}

std::optional<int64_t>
reference::countKeptPairs(attn::AttentionOp op, ArrayRef<Tensor> operands) {
  if (op.hasMaskMod())
    return std::nullopt;
  const Tensor &q = operands[0], &k = operands[1];
  int64_t B = q.shape[0], Hq = q.shape[1], Lq = q.shape[2], Lk = k.shape[2];
  attn::MaskAttrInterface mask = op.getMaskAttr();
  if (!mask)
    return B * Hq * Lq * Lk;
  // Masks over runtime data are counted per (b, h); the others once.
  bool perBatchHead = mask.readsInputs();
  int64_t batches = perBatchHead ? B : 1, heads = perBatchHead ? Hq : 1;
  SmallVector<AffineMap> maps = op.getInputIndexMaps();
  int64_t kept = 0;
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      auto reader = inputReader(maps, operands, b, h);
      for (int64_t i = 0; i < Lq; ++i)
        for (int64_t j = 0; j < Lk; ++j)
          kept += mask.isKept(i, j, Lq, Lk, reader);
    }
  return perBatchHead ? kept : kept * B * Hq;
}

FailureOr<Result> reference::evaluate(attn::MergeOp op,
                                      ArrayRef<Tensor> operands,
                                      std::string &error) {
  size_t n = op.getOutputs().size();
  if (operands.size() != 2 * n) {
    error = llvm::formatv("expected {0} operands, got {1}", 2 * n,
                          operands.size());
    return failure();
  }
  for (size_t i = 0; i < n; ++i)
    if (failed(checkStatic(operands[i],
                           cast<ShapedType>(op.getOutputs()[i].getType()),
                           "partial output", error)) ||
        failed(checkStatic(operands[n + i],
                           cast<ShapedType>(op.getLses()[i].getType()),
                           "partial LSE", error)))
      return failure();
  ArrayRef<int64_t> shape = operands[0].shape;
  for (size_t i = 0; i < n; ++i)
    if (operands[i].shape != operands[0].shape ||
        ArrayRef<int64_t>(operands[n + i].shape) != shape.take_front(3)) {
      error = llvm::formatv("partial {0} has shapes {1} and {2}, expected {3}",
                            i, shapeStr(operands[i].shape),
                            shapeStr(operands[n + i].shape), shapeStr(shape));
      return failure();
    }
  const double negInf = -std::numeric_limits<double>::infinity();
  Result result;
  result.output = Tensor(shape);
  result.lse = Tensor(shape.take_front(3));
  for (int64_t b = 0; b < shape[0]; ++b)
    for (int64_t h = 0; h < shape[1]; ++h)
      for (int64_t l = 0; l < shape[2]; ++l) {
        double m = negInf;
        for (size_t i = 0; i < n; ++i)
          m = std::max(m, operands[n + i].at({b, h, l}));
        if (m == negInf) {
          result.lse->at({b, h, l}) = negInf; // and O stays 0
          continue;
        }
        double sum = 0.0;
        for (size_t i = 0; i < n; ++i)
          sum += std::exp(operands[n + i].at({b, h, l}) - m);
        double lse = m + std::log(sum);
        result.lse->at({b, h, l}) = lse;
        for (size_t i = 0; i < n; ++i) {
          double w = std::exp(operands[n + i].at({b, h, l}) - lse);
          for (int64_t e = 0; e < shape[3]; ++e)
            result.output.at({b, h, l, e}) += w * operands[i].at({b, h, l, e});
        }
      }
  return result;
}

FailureOr<Result> reference::evaluate(attn::TreePositionsOp op,
                                      ArrayRef<Tensor> operands,
                                      std::string &error) {
  if (operands.size() != 1) {
    error = llvm::formatv("expected 1 operand, got {0}", operands.size());
    return failure();
  }
  const Tensor &parents = operands[0];
  if (failed(checkStatic(parents, op.getParent().getType(), "parent", error)))
    return failure();
  int64_t nodes = parents.shape.back();
  int64_t rows = nodes ? parents.numElements() / nodes : 0;
  Result result;
  result.output = Tensor(parents.shape);
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t t = 0; t < nodes; ++t) {
      double parent = parents.data[row * nodes + t];
      if (parent != -1 && !(parent >= 0 && parent < t)) {
        error = llvm::formatv("row {0}: the parent of node {1} is {2}, not -1 "
                              "or an earlier node",
                              row, t, int64_t(parent));
        return failure();
      }
      // The depth counted by walking up, not by the recurrence the lowering
      // uses.
      int64_t depth = 0;
      for (double p = parent; p >= 0; p = parents.data[row * nodes + int64_t(p)])
        ++depth;
      result.output.data[row * nodes + t] = double(depth);
    }
  return result;
}
