//===- NeighborhoodBox.h - key boxes of neighbourhood masks -----*- C++ -*-===//
//
// Bounds, axis by axis, on the keys an #attn.neighborhood mask keeps for a
// block of queries: the block's tokens span a box of grid coordinates, and
// each axis's window maps a coordinate interval to a key interval. The
// product of the key intervals (the "key box") holds every kept key; the
// kernel visits it one run of the last axis at a time. Generic over the
// value domains of MaskTileAnalysis.h.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ANALYSIS_NEIGHBORHOODBOX_H
#define ATTNC_ANALYSIS_NEIGHBORHOODBOX_H

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "llvm/ADT/SmallVector.h"

namespace attnc {

/// Coordinates [lo, hi] (inclusive) on one grid axis.
template <typename D> struct AxisInterval {
  typename D::Value lo, hi;
};

template <typename D> using GridBox = llvm::SmallVector<AxisInterval<D>, 3>;

namespace detail {
template <typename D>
typename D::Value floorMod(D &d, typename D::Value x, int64_t n) {
  return d.sub(x, d.mul(d.floorDiv(x, n), n));
}
/// The first position of the non-causal window shared by the stride group
/// that starts at `strideStart`, in a dilation group of `groupLen`
/// positions: its leader's window, shifted inwards at the borders.
template <typename D>
typename D::Value windowStart(D &d, typename D::Value strideStart, int64_t s,
                              int64_t window, int64_t groupLen) {
  typename D::Value leader =
      d.min(d.add(strideStart, d.constant(s / 2)), d.constant(groupLen - 1));
  return d.max(d.min(d.sub(leader, d.constant(window / 2)),
                     d.constant(groupLen - window)),
               d.constant(0));
}
} // namespace detail

/// The smallest box of grid coordinates holding tokens [t0, t1) (t1 > t0).
/// Axis a's coordinate is (t div pitch) mod n: over the tokens, t div pitch
/// runs through an interval, which wraps around n unless it stays within
/// one value of the outer axes.
template <typename D>
GridBox<D> tokenBox(attn::NeighborhoodAttr na, D &d, typename D::Value t0,
                    typename D::Value t1) {
  GridBox<D> box;
  typename D::Value last = d.sub(t1, d.constant(1));
  for (unsigned a = 0; a < na.getGrid().size(); ++a) {
    int64_t n = na.getGrid()[a], pitch = na.getPitch(a);
    typename D::Value u0 = d.floorDiv(t0, pitch), u1 = d.floorDiv(last, pitch);
    typename D::Value outer0 = d.floorDiv(u0, n), outer1 = d.floorDiv(u1, n);
    typename D::Bool wraps = d.le(d.add(outer0, d.constant(1)), outer1);
    box.push_back({d.select(wraps, d.constant(0), detail::floorMod(d, u0, n)),
                   d.select(wraps, d.constant(n - 1),
                            detail::floorMod(d, u1, n))});
  }
  return box;
}

/// Key coordinates on `axis` that the window keeps for some query
/// coordinate in `q` (a superset). The window start is monotone in the
/// position within a dilation group; groups differ in length by at most
/// one, so the shortest and the longest bound all of them.
template <typename D>
AxisInterval<D> windowBounds(attn::NeighborhoodAttr na, unsigned axis, D &d,
                             const AxisInterval<D> &q) {
  using V = typename D::Value;
  int64_t n = na.getGrid()[axis], window = na.getWindow()[axis],
          dil = na.getDilation()[axis], s = na.getStride()[axis];
  // Positions per group: n div d for the shortest, ceil(n / d) the longest.
  int64_t shortest = n / dil, longest = (n + dil - 1) / dil;
  V lo = d.floorDiv(q.lo, dil), hi = d.floorDiv(q.hi, dil);
  V strideLo = d.mul(d.floorDiv(lo, s), s), strideHi = d.mul(d.floorDiv(hi, s), s);
  V zero = d.constant(0);
  if (na.getCausal()[axis]) {
    // leader - K + 1 <= j' <= i': the smallest leader bounds the first
    // key, and no key comes after its query (j <= i).
    V leader = d.min(d.add(strideLo, d.constant(s - 1)),
                     d.constant(shortest - 1));
    V first = d.max(d.sub(leader, d.constant(window - 1)), zero);
    return {d.mul(first, dil), q.hi};
  }
  V first = detail::windowStart(d, strideLo, s, window, shortest);
  V last = d.add(detail::windowStart(d, strideHi, s, window, longest),
                 d.constant(window - 1));
  // Key coordinates g + d j' for groups g < d.
  return {d.mul(first, dil),
          d.min(d.add(d.mul(last, dil), d.constant(dil - 1)),
                d.constant(n - 1))};
}

/// Key coordinates that every query coordinate in `q` keeps on `axis`, as
/// a proof for full tiles: only without dilation (with it, neighbouring
/// keys belong to different groups). `known` is false when nothing is
/// proven.
template <typename D> struct CommonWindow {
  AxisInterval<D> keys;
  bool known;
};

template <typename D>
CommonWindow<D> commonWindow(attn::NeighborhoodAttr na, unsigned axis, D &d,
                             const AxisInterval<D> &q) {
  using V = typename D::Value;
  int64_t n = na.getGrid()[axis], window = na.getWindow()[axis],
          s = na.getStride()[axis];
  if (na.getDilation()[axis] != 1)
    return {{d.constant(0), d.constant(-1)}, false};
  V strideLo = d.mul(d.floorDiv(q.lo, s), s), strideHi = d.mul(d.floorDiv(q.hi, s), s);
  if (na.getCausal()[axis]) {
    // [leader(i) - K + 1, i]: the largest leader and the smallest i.
    V leader = d.min(d.add(strideHi, d.constant(s - 1)), d.constant(n - 1));
    return {{d.sub(leader, d.constant(window - 1)), q.lo}, true};
  }
  // Starts grow with the coordinate: the last start to the first end.
  return {{detail::windowStart(d, strideHi, s, window, n),
           d.add(detail::windowStart(d, strideLo, s, window, n),
                 d.constant(window - 1))},
          true};
}

/// The key box of a block of queries [q0, q1) (q1 > q0).
template <typename D>
GridBox<D> keyBox(attn::NeighborhoodAttr na, D &d, typename D::Value q0,
                  typename D::Value q1) {
  GridBox<D> queries = tokenBox(na, d, q0, q1), keys;
  for (unsigned a = 0; a < queries.size(); ++a)
    keys.push_back(windowBounds(na, a, d, queries[a]));
  return keys;
}

/// The first token of `box` and, one past, its last (row-major).
template <typename D>
std::pair<typename D::Value, typename D::Value>
boxTokens(attn::NeighborhoodAttr na, D &d, const GridBox<D> &box) {
  typename D::Value lo = d.constant(0), hi = d.constant(1);
  for (unsigned a = 0; a < box.size(); ++a) {
    lo = d.add(lo, d.mul(box[a].lo, na.getPitch(a)));
    hi = d.add(hi, d.mul(box[a].hi, na.getPitch(a)));
  }
  return {lo, hi};
}

} // namespace attnc

#endif // ATTNC_ANALYSIS_NEIGHBORHOODBOX_H
