//===- BucketAttrs.cpp - relative-position bucket semantics ---------------===//
//
// Each bucketing is defined twice, as a scalar function (reference
// evaluator) and as IR on index scalars or vectors (kernels). T5's log
// buckets are computed in IR by comparing the distance with thresholds
// derived at compile time from the scalar formula, so the two agree on
// every distance.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;

static constexpr int64_t kMaxBuckets = 4096;
static constexpr int64_t kMaxDistance = int64_t(1) << 40;

/// An index constant, splat to `like`'s vector shape if it has one.
static Value indexLike(OpBuilder &b, Location loc, Value like, int64_t c) {
  if (auto vec = dyn_cast<VectorType>(like.getType()))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vec, b.getIndexAttr(c)));
  return arith::ConstantIndexOp::create(b, loc, c);
}

/// k - p, with p the query's key position under `align`.
static int64_t distance(Alignment align, int64_t q, int64_t k,
                        int64_t queryLen, int64_t keyLen) {
  return k - (align == Alignment::bottom_right ? q + (keyLen - queryLen) : q);
}

static Value buildDistance(OpBuilder &b, Location loc, Alignment align,
                           Value q, Value k, Value queryLen, Value keyLen) {
  Value d = arith::SubIOp::create(b, loc, k, q);
  if (align == Alignment::top_left)
    return d;
  // k - (q + Lk - Lq)
  return arith::SubIOp::create(b, loc, d,
                               arith::SubIOp::create(b, loc, keyLen, queryLen));
}

//===----------------------------------------------------------------------===//
// T5BucketsAttr
//===----------------------------------------------------------------------===//

LogicalResult
T5BucketsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      int64_t buckets, int64_t maxDistance, bool bidirectional,
                      Alignment) {
  int64_t least = bidirectional ? 4 : 2;
  if (buckets < least || buckets > kMaxBuckets ||
      (bidirectional && buckets % 2 != 0))
    return emitError() << "T5 buckets must be "
                       << (bidirectional ? "an even number " : "")
                       << "in [" << least << ", " << kMaxBuckets << "], got "
                       << buckets;
  int64_t exact = (bidirectional ? buckets / 2 : buckets) / 2;
  if (maxDistance <= exact || maxDistance > kMaxDistance)
    return emitError() << "T5 max_distance must be in (" << exact
                       << ", 2^40] (more than the " << exact
                       << " exact buckets), got " << maxDistance;
  return success();
}

int64_t T5BucketsAttr::getNumBuckets() const { return getBuckets(); }

namespace {
/// The buckets of one direction: n of them, the first `exact` one per
/// distance, the rest log-spaced up to max_distance.
struct T5Half {
  int64_t n, exact, maxDistance;

  explicit T5Half(T5BucketsAttr attr)
      : n(attr.getBidirectional() ? attr.getBuckets() / 2 : attr.getBuckets()),
        exact(n / 2), maxDistance(attr.getMaxDistance()) {}

  /// floor of the log-spaced offset past the exact buckets, for a >= exact.
  int64_t logOffset(int64_t a) const {
    return int64_t(std::floor(std::log(double(a) / double(exact)) /
                              std::log(double(maxDistance) / double(exact)) *
                              double(n - exact)));
  }
  int64_t bucketOf(int64_t a) const {
    if (a < exact)
      return a;
    return std::min(exact + logOffset(a), n - 1);
  }
};
} // namespace

int64_t T5BucketsAttr::bucketOf(int64_t q, int64_t k, int64_t queryLen,
                                int64_t keyLen) const {
  int64_t d = distance(getAlign(), q, k, queryLen, keyLen);
  T5Half half(*this);
  if (!getBidirectional())
    return half.bucketOf(std::max<int64_t>(-d, 0));
  return (d > 0 ? half.n : 0) + half.bucketOf(d < 0 ? -d : d);
}

SmallVector<int64_t> T5BucketsAttr::getLogThresholds() const {
  T5Half half(*this);
  SmallVector<int64_t> thresholds;
  for (int64_t j = 1; j < half.n - half.exact; ++j) {
    // The smallest a with logOffset(a) >= j, near exact * r^(j / (n - e)).
    double guess = double(half.exact) *
                   std::pow(double(half.maxDistance) / double(half.exact),
                            double(j) / double(half.n - half.exact));
    int64_t a = std::max<int64_t>(half.exact, int64_t(guess) - 2);
    while (a > half.exact && half.logOffset(a - 1) >= j)
      --a;
    while (half.logOffset(a) < j)
      ++a;
    thresholds.push_back(a);
  }
  return thresholds;
}

Value T5BucketsAttr::buildBucket(OpBuilder &b, Location loc, Value q, Value k,
                                 Value queryLen, Value keyLen) const {
  Value d = buildDistance(b, loc, getAlign(), q, k, queryLen, keyLen);
  Value zero = indexLike(b, loc, d, 0);
  Value minusD = arith::SubIOp::create(b, loc, zero, d);
  T5Half half(*this);
  Value base = zero, a;
  if (getBidirectional()) {
    Value after =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, d, zero);
    base = arith::SelectOp::create(b, loc, after,
                                   indexLike(b, loc, d, half.n), zero);
    a = arith::MaxSIOp::create(b, loc, d, minusD);
  } else {
    a = arith::MaxSIOp::create(b, loc, minusD, zero);
  }
  Value one = indexLike(b, loc, d, 1);
  Value large = indexLike(b, loc, d, half.exact);
  for (int64_t t : getLogThresholds()) {
    Value past = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, a,
                                       indexLike(b, loc, d, t));
    large = arith::AddIOp::create(
        b, loc, large, arith::SelectOp::create(b, loc, past, one, zero));
  }
  Value isExact = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, a,
                                        indexLike(b, loc, d, half.exact));
  Value bucket = arith::SelectOp::create(b, loc, isExact, a, large);
  return arith::AddIOp::create(b, loc, base, bucket);
}

//===----------------------------------------------------------------------===//
// ClippedBucketsAttr
//===----------------------------------------------------------------------===//

LogicalResult
ClippedBucketsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                           int64_t maxDistance, Alignment) {
  if (maxDistance < 0 || maxDistance > (kMaxBuckets - 1) / 2)
    return emitError() << "clipped max_distance must be in [0, "
                       << (kMaxBuckets - 1) / 2 << "], got " << maxDistance;
  return success();
}

int64_t ClippedBucketsAttr::getNumBuckets() const {
  return 2 * getMaxDistance() + 1;
}

int64_t ClippedBucketsAttr::bucketOf(int64_t q, int64_t k, int64_t queryLen,
                                     int64_t keyLen) const {
  int64_t m = getMaxDistance();
  int64_t d = distance(getAlign(), q, k, queryLen, keyLen);
  return std::clamp(d, -m, m) + m;
}

Value ClippedBucketsAttr::buildBucket(OpBuilder &b, Location loc, Value q,
                                      Value k, Value queryLen,
                                      Value keyLen) const {
  int64_t m = getMaxDistance();
  Value d = buildDistance(b, loc, getAlign(), q, k, queryLen, keyLen);
  Value clamped = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, d, indexLike(b, loc, d, -m)),
      indexLike(b, loc, d, m));
  return arith::AddIOp::create(b, loc, clamped, indexLike(b, loc, d, m));
}
