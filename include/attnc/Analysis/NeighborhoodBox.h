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

#include <algorithm>
#include <cassert>

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

/// The key box of the queries in the box `queries`.
template <typename D>
GridBox<D> keyBox(attn::NeighborhoodAttr na, D &d, const GridBox<D> &queries) {
  GridBox<D> keys;
  for (unsigned a = 0; a < queries.size(); ++a)
    keys.push_back(windowBounds(na, a, d, queries[a]));
  return keys;
}

//===----------------------------------------------------------------------===//
// Queries in strips
//===----------------------------------------------------------------------===//
//
// Row-major blocks of queries are segments of one grid row, whose key boxes
// are as wide as the segment plus the window: for small windows most of it
// is masked. Taken in strips instead, a block of consecutive ordinals is a
// compact 2-D patch. The order: within each plane of the grid's last two
// axes (ny x nx tokens), strips of `width` columns from left to right (the
// last one narrower when width does not divide nx), each strip row-major.

namespace detail {
/// Where ordinal `o` falls: its plane, strip, row and column in the plane,
/// and the strip's width.
template <typename D> struct StripPosition {
  typename D::Value plane, strip, y, x, stripWidth;
};

template <typename D>
StripPosition<D> stripPosition(attn::NeighborhoodAttr na, int64_t width, D &d,
                               typename D::Value o) {
  using V = typename D::Value;
  unsigned last = na.getGrid().size() - 1;
  int64_t nx = na.getGrid()[last], ny = na.getGrid()[last - 1];
  int64_t planeSize = nx * ny, stripSize = ny * width;
  int64_t fullStrips = nx / width, narrowWidth = nx % width;
  V plane = d.floorDiv(o, planeSize);
  V within = d.sub(o, d.mul(plane, planeSize));
  // The narrow strip holds fewer than stripSize tokens: its ordinals divide
  // to fullStrips too.
  V strip = d.floorDiv(within, stripSize);
  V inStrip = d.sub(within, d.mul(strip, stripSize));
  V y = d.floorDiv(inStrip, width);
  V rowStart = d.mul(y, width); // of y in the strip
  V stripWidth = d.constant(width);
  if (narrowWidth) {
    typename D::Bool narrow = d.le(d.constant(fullStrips), strip);
    V narrowY = d.floorDiv(inStrip, narrowWidth);
    y = d.select(narrow, narrowY, y);
    rowStart = d.select(narrow, d.mul(narrowY, narrowWidth), rowStart);
    stripWidth = d.select(narrow, d.constant(narrowWidth), stripWidth);
  }
  V x = d.add(d.mul(strip, width), d.sub(inStrip, rowStart));
  return {plane, strip, y, x, stripWidth};
}
} // namespace detail

/// The token (query) of ordinal `o` < the grid's size.
template <typename D>
typename D::Value stripToken(attn::NeighborhoodAttr na, int64_t width, D &d,
                             typename D::Value o) {
  unsigned last = na.getGrid().size() - 1;
  int64_t nx = na.getGrid()[last];
  detail::StripPosition<D> p = detail::stripPosition(na, width, d, o);
  return d.add(d.mul(p.plane, nx * na.getGrid()[last - 1]),
               d.add(d.mul(p.y, nx), p.x));
}

/// The smallest box of grid coordinates holding the queries of ordinals
/// [o0, o1) (o0 < o1 <= the grid's size): a patch of one strip, or, when
/// the ordinals cross strips, the planes they touch.
template <typename D>
GridBox<D> stripBox(attn::NeighborhoodAttr na, int64_t width, D &d,
                    typename D::Value o0, typename D::Value o1) {
  using V = typename D::Value;
  unsigned last = na.getGrid().size() - 1;
  int64_t planeSize = na.getGrid()[last] * na.getGrid()[last - 1];
  detail::StripPosition<D> first = detail::stripPosition(na, width, d, o0);
  detail::StripPosition<D> end =
      detail::stripPosition(na, width, d, d.sub(o1, d.constant(1)));
  auto same = [&](V x, V y) { return d.land(d.le(x, y), d.le(y, x)); };
  typename D::Bool oneStrip =
      d.land(same(first.plane, end.plane), same(first.strip, end.strip));
  typename D::Bool oneRow = same(first.y, end.y);
  V stripX = d.mul(first.strip, width);
  GridBox<D> planes = tokenBox(na, d, d.mul(first.plane, planeSize),
                               d.mul(d.add(end.plane, d.constant(1)), planeSize));
  GridBox<D> box = planes;
  box[last - 1] = {d.select(oneStrip, first.y, planes[last - 1].lo),
                   d.select(oneStrip, end.y, planes[last - 1].hi)};
  box[last] = {
      d.select(oneStrip, d.select(oneRow, first.x, stripX), planes[last].lo),
      d.select(oneStrip,
               d.select(oneRow, end.x,
                        d.sub(d.add(stripX, first.stripWidth), d.constant(1))),
               planes[last].hi)};
  return box;
}

/// The strip width that makes the key boxes of `groupOrdinals` consecutive
/// queries smallest, counting a run's keys in multiples of `keyMultiple`;
/// 0 when row-major order is as good, or when a strip's queries are not a
/// whole number of `taskOrdinals` (a task would span two strips), or for
/// grids of one axis. Tasks are whole groups (`taskOrdinals` a multiple of
/// `groupOrdinals`) and a width divides `groupOrdinals`, so no group spans
/// two strips or rows of a strip. Plain arithmetic: a compile-time choice.
inline int64_t chooseStripWidth(attn::NeighborhoodAttr na,
                                int64_t groupOrdinals, int64_t taskOrdinals,
                                int64_t keyMultiple) {
  assert(groupOrdinals > 0 && taskOrdinals % groupOrdinals == 0 &&
         "a task is whole groups");
  unsigned axes = na.getGrid().size();
  if (axes < 2 || groupOrdinals < 2)
    return 0;
  int64_t nx = na.getGrid()[axes - 1], ny = na.getGrid()[axes - 2];
  auto extent = [&](unsigned a) {
    return (na.getWindow()[a] - 1) * na.getDilation()[a] + 1;
  };
  auto roundUp = [&](int64_t n) {
    return (n + keyMultiple - 1) / keyMultiple * keyMultiple;
  };
  // Keys of a box of `rows` x `cols` queries.
  auto cost = [&](int64_t rows, int64_t cols) {
    return std::min(rows + extent(axes - 2) - 1, ny) *
           roundUp(std::min(cols + extent(axes - 1) - 1, nx));
  };
  int64_t best = 0;
  int64_t bestCost = cost((groupOrdinals + nx - 1) / nx,
                          std::min(groupOrdinals, nx));
  bool onePlane = na.getNumTokens() == nx * ny;
  for (int64_t width = 1; width < nx && width <= groupOrdinals; ++width) {
    bool aligned = (ny * width) % taskOrdinals == 0 &&
                   (onePlane || (nx * ny) % taskOrdinals == 0);
    if (groupOrdinals % width || !aligned)
      continue;
    int64_t c = cost(groupOrdinals / width, width);
    if (c < bestCost) {
      best = width;
      bestCost = c;
    }
  }
  return best;
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
