//===- NeighborhoodAttr.cpp - N-D neighbourhood attention masks -----------===//
//
// The predicate of #attn.neighborhood is written once, generically over a
// small arithmetic domain: integers for isKept (the reference evaluator,
// the analysis tests) and index IR, scalar or vector, for buildPredicate.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/DialectImplementation.h"

#include <algorithm>

using namespace mlir;
using namespace attnc::attn;

namespace {

/// Integers, for isKept.
struct IntOps {
  using V = int64_t;
  using B = bool;
  V constant(int64_t c) { return c; }
  V add(V a, V b) { return a + b; }
  V sub(V a, V b) { return a - b; }
  V mul(V a, int64_t c) { return a * c; }
  // Operands are non-negative: truncating division is floor division.
  V div(V a, int64_t c) { return a / c; }
  V rem(V a, int64_t c) { return a % c; }
  V min(V a, V b) { return std::min(a, b); }
  V max(V a, V b) { return std::max(a, b); }
  B le(V a, V b) { return a <= b; }
  B lt(V a, V b) { return a < b; }
  B eq(V a, V b) { return a == b; }
  B land(B a, B b) { return a && b; }
};

/// Index IR on scalars or vectors of one shape (that of `like`).
struct IROps {
  OpBuilder &b;
  Location loc;
  Value like;
  using V = Value;
  using B = Value;
  V constant(int64_t c) {
    Type type = like.getType();
    if (auto vec = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vec, b.getIndexAttr(c)));
    return arith::ConstantIndexOp::create(b, loc, c);
  }
  V add(V x, V y) { return arith::AddIOp::create(b, loc, x, y); }
  V sub(V x, V y) { return arith::SubIOp::create(b, loc, x, y); }
  V mul(V x, int64_t c) {
    return c == 1 ? x : arith::MulIOp::create(b, loc, x, constant(c));
  }
  V div(V x, int64_t c) {
    return c == 1 ? x : arith::DivUIOp::create(b, loc, x, constant(c));
  }
  V rem(V x, int64_t c) { return arith::RemUIOp::create(b, loc, x, constant(c)); }
  V min(V x, V y) { return arith::MinSIOp::create(b, loc, x, y); }
  V max(V x, V y) { return arith::MaxSIOp::create(b, loc, x, y); }
  B le(V x, V y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, x, y);
  }
  B lt(V x, V y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, y);
  }
  B eq(V x, V y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  }
  B land(B x, B y) { return arith::AndIOp::create(b, loc, x, y); }
};

/// Query `q` and key `k` (tokens in [0, N)) are neighbours on every axis.
template <typename Ops>
typename Ops::B neighbours(Ops &o, NeighborhoodAttr attr, typename Ops::V q,
                           typename Ops::V k) {
  using V = typename Ops::V;
  typename Ops::B kept = o.lt(q, o.constant(attr.getNumTokens()));
  kept = o.land(kept, o.lt(k, o.constant(attr.getNumTokens())));
  for (unsigned a = 0; a < attr.getGrid().size(); ++a) {
    int64_t n = attr.getGrid()[a], window = attr.getWindow()[a],
            d = attr.getDilation()[a], s = attr.getStride()[a];
    int64_t pitch = attr.getPitch(a);
    V i = o.rem(o.div(q, pitch), n), j = o.rem(o.div(k, pitch), n);
    V group = o.rem(i, d);
    kept = o.land(kept, o.eq(group, o.rem(j, d)));
    V ip = o.div(i, d), jp = o.div(j, d);
    // Positions in i's dilation group, less one.
    V lastInGroup = o.div(o.sub(o.constant(n - 1), group), d);
    V strideStart = o.mul(o.div(ip, s), s);
    if (attr.getCausal()[a]) {
      V leader = o.min(o.add(strideStart, o.constant(s - 1)), lastInGroup);
      kept = o.land(kept, o.land(o.le(o.sub(leader, o.constant(window - 1)), jp),
                                 o.le(jp, ip)));
      continue;
    }
    V leader = o.min(o.add(strideStart, o.constant(s / 2)), lastInGroup);
    V start = o.max(
        o.min(o.sub(leader, o.constant(window / 2)),
              o.sub(lastInGroup, o.constant(window - 1))),
        o.constant(0));
    kept = o.land(kept, o.land(o.le(start, jp),
                               o.lt(jp, o.add(start, o.constant(window)))));
  }
  return kept;
}

} // namespace

int64_t NeighborhoodAttr::getNumTokens() const {
  int64_t n = 1;
  for (int64_t e : getGrid())
    n *= e;
  return n;
}

int64_t NeighborhoodAttr::getPitch(unsigned axis) const {
  int64_t pitch = 1;
  for (int64_t e : getGrid().drop_front(axis + 1))
    pitch *= e;
  return pitch;
}

/// Grids of at most 2^40 tokens, like the other masks' extents.
static constexpr int64_t kMaxTokens = int64_t(1) << 40;

LogicalResult
NeighborhoodAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         ArrayRef<int64_t> grid, ArrayRef<int64_t> window,
                         ArrayRef<int64_t> dilation, ArrayRef<int64_t> stride,
                         ArrayRef<bool> causal) {
  size_t rank = grid.size();
  if (rank < 1 || rank > 3)
    return emitError() << "neighborhood grid must have 1 to 3 axes, got "
                       << rank;
  auto checkLength = [&](StringRef name, size_t size) -> LogicalResult {
    if (size == rank)
      return success();
    return emitError() << "neighborhood " << name << " has " << size
                       << " entries, but the grid has " << rank << " axes";
  };
  if (failed(checkLength("window", window.size())) ||
      failed(checkLength("dilation", dilation.size())) ||
      failed(checkLength("stride", stride.size())) ||
      failed(checkLength("causal", causal.size())))
    return failure();
  int64_t tokens = 1;
  for (size_t a = 0; a < rank; ++a) {
    if (grid[a] < 1 || grid[a] > kMaxTokens / tokens)
      return emitError() << "neighborhood grid extents must be positive and "
                            "hold at most 2^40 tokens, got "
                         << grid[a] << " on axis " << a;
    tokens *= grid[a];
    if (dilation[a] < 1 || dilation[a] > grid[a])
      return emitError() << "neighborhood dilation must be in [1, "
                         << grid[a] << "] on axis " << a << ", got "
                         << dilation[a];
    if (window[a] < 1 || window[a] > grid[a] / dilation[a])
      return emitError() << "neighborhood window must be in [1, grid / "
                            "dilation = "
                         << grid[a] / dilation[a] << "] on axis " << a
                         << ", got " << window[a];
    if (stride[a] < 1 || stride[a] > window[a])
      return emitError() << "neighborhood stride must be in [1, window = "
                         << window[a] << "] on axis " << a << ", got "
                         << stride[a];
  }
  return success();
}

bool NeighborhoodAttr::isKept(int64_t q, int64_t k, int64_t, int64_t,
                              InputReader) const {
  if (q < 0 || k < 0)
    return false;
  IntOps ops;
  return neighbours(ops, *this, q, k);
}

Value NeighborhoodAttr::buildPredicate(OpBuilder &b, Location loc, Value q,
                                       Value k, Value, Value,
                                       InputBuilder) const {
  IROps ops{b, loc, q};
  return neighbours(ops, *this, q, k);
}
