//===- MaskTileAnalysis.h - tile classification of mask attributes -*- C++ -*-===//
//
// Proves, for a block of queries [q0, q1) and keys [k0, k1), what a mask
// attribute does to the tile, symbolically in the runtime lengths (a block
// of queries in strips is a grid box within [q0, q1): QueryBlock):
//
//  * keyRange: every key kept for any query of the block lies in [lo, hi).
//    Tiles outside the range are empty and are never visited.
//  * keySpans: the same as two ordered, disjoint ranges, so that masks
//    whose kept keys form two clusters (sink tokens + a window) are visited
//    without the gap between them: the kernel's key loop runs over both.
//  * isEmptyTile: no pair of the tile is kept, although the tile lies in
//    the key range (masks made of disjoint parts: sink + window, blocked,
//    exponential strides, documents). The kernel skips such tiles.
//  * isFullTile: every (query, key) pair of the tile is kept, so the kernel
//    skips mask evaluation for it. Tiles that are neither empty nor full
//    are partial: the predicate is evaluated per element.
//
// #attn.affine masks are classified constraint by constraint: each bounds
// the keys on one side, holds everywhere or nowhere on a tile when it does
// at the tile's corners.
//
// Masks over runtime data (#attn.document) are classified from the range
// of the data over the block and the tile, which the caller computes
// (TileInputRanges); without ranges they are treated as unknown. Tree
// masks are classified from their structure alone (the prefix is full).
//
// All are conservative: a range may be wider, and a tile may be reported
// partial, when the mask is not understood (e.g. a mask_mod region). The
// formulas are written once, generically over a value domain: IntDomain
// computes with integers (tests, reasoning about a spec), IRDomain builds
// arith ops on index values (code generation), so the generated loop bounds
// are exactly what the unit tests check.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ANALYSIS_MASKTILEANALYSIS_H
#define ATTNC_ANALYSIS_MASKTILEANALYSIS_H

#include "attnc/Analysis/NeighborhoodBox.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <cstdint>

namespace attnc {

/// Integer arithmetic: evaluates the analysis for concrete lengths.
struct IntDomain {
  using Value = int64_t;
  using Bool = bool;
  Value constant(int64_t c) { return c; }
  Value add(Value a, Value b) { return a + b; }
  Value sub(Value a, Value b) { return a - b; }
  Value min(Value a, Value b) { return std::min(a, b); }
  Value max(Value a, Value b) { return std::max(a, b); }
  Value mul(Value a, int64_t c) { return a * c; }
  /// floor(a / c) for c > 0.
  Value floorDiv(Value a, int64_t c) {
    return a >= 0 ? a / c : -((-a + c - 1) / c);
  }
  /// The largest power of two <= a, or 0 when a < 1.
  Value floorPow2(Value a) {
    return a < 1 ? 0 : int64_t(1) << (63 - __builtin_clzll(uint64_t(a)));
  }
  Bool le(Value a, Value b) { return a <= b; }
  Value select(Bool c, Value a, Value b) { return c ? a : b; }
  Bool boolean(bool v) { return v; }
  Bool land(Bool a, Bool b) { return a && b; }
  Bool lor(Bool a, Bool b) { return a || b; }
};

/// IR arithmetic on index values: builds the same formulas as arith ops.
struct IRDomain {
  mlir::OpBuilder &b;
  mlir::Location loc;
  using Value = mlir::Value;
  using Bool = mlir::Value;
  Value constant(int64_t c) {
    return mlir::arith::ConstantIndexOp::create(b, loc, c);
  }
  Value add(Value x, Value y) { return mlir::arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return mlir::arith::SubIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return mlir::arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return mlir::arith::MaxSIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t c) {
    return mlir::arith::MulIOp::create(b, loc, x, constant(c));
  }
  Value floorDiv(Value x, int64_t c) {
    return mlir::arith::FloorDivSIOp::create(b, loc, x, constant(c));
  }
  Value floorPow2(Value x) {
    // 1 << (63 - ctlz(x)) on i64; ctlz of a value below 1 is not used.
    mlir::Type i64 = b.getI64Type();
    Value one = constant(1);
    Value xi = mlir::arith::IndexCastOp::create(b, loc, i64, max(x, one));
    Value lz = mlir::math::CountLeadingZerosOp::create(b, loc, xi);
    Value shift = mlir::arith::SubIOp::create(
        b, loc, mlir::arith::ConstantIntOp::create(b, loc, i64, 63), lz);
    Value pow = mlir::arith::ShLIOp::create(
        b, loc, mlir::arith::ConstantIntOp::create(b, loc, i64, 1), shift);
    Value result =
        mlir::arith::IndexCastOp::create(b, loc, b.getIndexType(), pow);
    return mlir::arith::SelectOp::create(b, loc, le(one, x), result,
                                         constant(0));
  }
  Bool le(Value x, Value y) {
    return mlir::arith::CmpIOp::create(b, loc, mlir::arith::CmpIPredicate::sle,
                                       x, y);
  }
  Value select(Bool c, Value x, Value y) {
    return mlir::arith::SelectOp::create(b, loc, c, x, y);
  }
  Bool boolean(bool v) {
    return mlir::arith::ConstantIntOp::create(b, loc, b.getI1Type(), v);
  }
  Bool land(Bool x, Bool y) { return mlir::arith::AndIOp::create(b, loc, x, y); }
  Bool lor(Bool x, Bool y) { return mlir::arith::OrIOp::create(b, loc, x, y); }
};

/// A block of queries [q0, q1) under runtime lengths lq, lk. Queries taken
/// in strips of neighbourhood mask `boxOf` (NeighborhoodBox.h) are not
/// contiguous: then `queries` is their grid box, for `boxOf`'s own
/// analysis, and [q0, q1) a range holding them, for every other mask's.
template <typename D> struct QueryBlock {
  typename D::Value q0, q1, queryLen, keyLen;
  GridBox<D> queries = {};
  attn::NeighborhoodAttr boxOf = {};
};

/// The block of the queries of ordinals [o0, o1) in strips of `width`
/// columns of `na`'s grid (o0 < o1 <= the grid's size).
template <typename D>
QueryBlock<D> stripBlock(attn::NeighborhoodAttr na, int64_t width, D &d,
                         typename D::Value o0, typename D::Value o1,
                         typename D::Value queryLen, typename D::Value keyLen) {
  GridBox<D> box = stripBox(na, width, d, o0, o1);
  auto [first, end] = boxTokens(na, d, box);
  return {first, end, queryLen, keyLen, box, na};
}

namespace detail {
/// The grid box of the block's queries for neighbourhood mask `na`.
template <typename D>
GridBox<D> queryBox(attn::NeighborhoodAttr na, D &d, const QueryBlock<D> &qb) {
  return na == qb.boxOf ? qb.queries : tokenBox(na, d, qb.q0, qb.q1);
}
} // namespace detail

/// Keys [lo, hi) that may be kept for some query of a block.
template <typename D> struct KeyRange {
  typename D::Value lo, hi;
};

/// The smallest and largest value of an extra input over a set of points.
template <typename D> struct InputRange {
  typename D::Value min, max;
};

/// Ranges of the op's extra inputs, for masks over runtime data: over the
/// queries of the block (`overQueries(i)`) and over the keys of the tile
/// being classified (`overKeys(i)`).
template <typename D> struct TileInputRanges {
  std::function<InputRange<D>(unsigned input)> overQueries, overKeys;
};

namespace detail {
template <typename D>
typename D::Value alignment(D &d, attn::Alignment align, const QueryBlock<D> &qb) {
  return align == attn::Alignment::bottom_right ? d.sub(qb.keyLen, qb.queryLen)
                                                : d.constant(0);
}

/// The least and greatest value of an affine form over a set of points.
template <typename D> struct FormRange {
  typename D::Value min, max;
};

/// The range of coefficient * x over x in [lo, hi].
template <typename D>
FormRange<D> scaledRange(D &d, int64_t coefficient, typename D::Value lo,
                         typename D::Value hi) {
  if (coefficient >= 0)
    return {d.mul(lo, coefficient), d.mul(hi, coefficient)};
  return {d.mul(hi, coefficient), d.mul(lo, coefficient)};
}

/// The range of constraint `c`'s form less its key term over the block's
/// queries: an affine form is extreme at the ends of an interval.
template <typename D>
FormRange<D> queryFormRange(const attn::AffineConstraint &c, D &d,
                            const QueryBlock<D> &qb) {
  typename D::Value rest =
      d.add(d.add(d.mul(qb.queryLen, c.queryLen), d.mul(qb.keyLen, c.keyLen)),
            d.constant(c.constant));
  FormRange<D> q =
      scaledRange(d, c.query, qb.q0, d.sub(qb.q1, d.constant(1)));
  return {d.add(q.min, rest), d.add(q.max, rest)};
}

/// The range of `c`'s form over the block's queries and keys [k0, k1): its
/// values at the tile's four corners.
template <typename D>
FormRange<D> tileFormRange(const attn::AffineConstraint &c, D &d,
                           const QueryBlock<D> &qb, typename D::Value k0,
                           typename D::Value k1) {
  FormRange<D> q = queryFormRange(c, d, qb);
  FormRange<D> k = scaledRange(d, c.key, k0, d.sub(k1, d.constant(1)));
  return {d.add(q.min, k.min), d.add(q.max, k.max)};
}

/// True (a proof) when `c` holds at every value of `f`.
template <typename D>
typename D::Bool holdsEverywhere(const attn::AffineConstraint &c, D &d,
                                 const FormRange<D> &f) {
  typename D::Value zero = d.constant(0);
  typename D::Bool nonNegative = d.le(zero, f.min);
  return c.equality ? d.land(nonNegative, d.le(f.max, zero)) : nonNegative;
}

/// True (a proof) when `c` holds at no value of `f`.
template <typename D>
typename D::Bool holdsNowhere(const attn::AffineConstraint &c, D &d,
                              const FormRange<D> &f) {
  typename D::Value zero = d.constant(0), one = d.constant(1);
  typename D::Bool negative = d.le(d.add(f.max, one), zero);
  return c.equality ? d.lor(negative, d.le(one, f.min)) : negative;
}
} // namespace detail

/// Keys that `mask` may keep for the queries of `qb`. A null mask keeps all.
template <typename D>
KeyRange<D> keyRange(attn::MaskAttrInterface mask, D &d, const QueryBlock<D> &qb) {
  using V = typename D::Value;
  V zero = d.constant(0);
  KeyRange<D> all = {zero, qb.keyLen};
  if (!mask)
    return all;
  return llvm::TypeSwitch<mlir::Attribute, KeyRange<D>>(mask)
      .template Case<attn::CausalAttr>([&](attn::CausalAttr m) {
        // k <= q + off, largest for the last query q1 - 1.
        V off = detail::alignment(d, m.getAlign(), qb);
        return KeyRange<D>{zero, d.add(qb.q1, off)};
      })
      .template Case<attn::WindowAttr>([&](attn::WindowAttr m) {
        // q + off - left <= k <= q + off + right.
        V off = detail::alignment(d, m.getAlign(), qb);
        return KeyRange<D>{
            d.sub(d.add(qb.q0, off), d.constant(m.getLeft())),
            d.add(d.add(qb.q1, off), d.constant(m.getRight()))};
      })
      .template Case<attn::AffineMaskAttr>([&](attn::AffineMaskAttr m) {
        // Each constraint key * k + f >= 0 (or == 0), f over the block's
        // queries in [f.min, f.max], bounds k on one side (both for ==).
        KeyRange<D> r = all;
        V one = d.constant(1);
        for (const attn::AffineConstraint &c : m.getConstraints()) {
          detail::FormRange<D> f = detail::queryFormRange(c, d, qb);
          if (c.key == 0) {
            // On the queries alone: no key when no query meets it.
            r.hi = d.select(detail::holdsNowhere(c, d, f), zero, r.hi);
            continue;
          }
          int64_t n = c.key > 0 ? c.key : -c.key;
          // floor(x / n) and ceil(x / n) = -floor(-x / n).
          auto floorOf = [&](V x) { return d.floorDiv(x, n); };
          auto ceilOf = [&](V x) { return d.sub(zero, floorOf(d.sub(zero, x))); };
          if (c.key > 0) {
            // k >= ceil(-f / n); for ==, k <= floor(-f / n).
            r.lo = d.max(r.lo, ceilOf(d.sub(zero, f.max)));
            if (c.equality)
              r.hi = d.min(r.hi, d.add(floorOf(d.sub(zero, f.min)), one));
          } else {
            // k <= floor(f / n); for ==, k >= ceil(f / n).
            r.hi = d.min(r.hi, d.add(floorOf(f.max), one));
            if (c.equality)
              r.lo = d.max(r.lo, ceilOf(f.min));
          }
        }
        return r;
      })
      .template Case<attn::PrefixLMAttr>([&](attn::PrefixLMAttr m) {
        // k < prefix or k <= q.
        return KeyRange<D>{zero, d.max(d.constant(m.getPrefix()), qb.q1)};
      })
      .template Case<attn::SinkAttr>([&](attn::SinkAttr m) {
        return KeyRange<D>{zero, d.constant(m.getTokens())};
      })
      .template Case<attn::BlockedAttr>([&](attn::BlockedAttr m) {
        // The blocks of the first and the last query, and those between.
        V off = detail::alignment(d, m.getAlign(), qb);
        int64_t size = m.getSize();
        V first = d.floorDiv(d.add(qb.q0, off), size);
        V last = d.floorDiv(d.sub(d.add(qb.q1, off), d.constant(1)), size);
        return KeyRange<D>{d.mul(first, size),
                           d.mul(d.add(last, d.constant(1)), size)};
      })
      .template Case<attn::TreeAttr>([&](attn::TreeAttr) {
        // The prefix, and nodes no later than the block's last (ancestors
        // precede their descendants): k <= q + (Lk - Lq).
        return KeyRange<D>{zero, d.add(qb.q1, d.sub(qb.keyLen, qb.queryLen))};
      })
      .template Case<attn::PowerAttr>([&](attn::PowerAttr m) {
        // Distances are non-negative: k <= q + off.
        V off = detail::alignment(d, m.getAlign(), qb);
        return KeyRange<D>{zero, d.add(qb.q1, off)};
      })
      .template Case<attn::NeighborhoodAttr>([&](attn::NeighborhoodAttr m) {
        auto [lo, hi] = boxTokens(m, d, keyBox(m, d, detail::queryBox(m, d, qb)));
        return KeyRange<D>{lo, hi};
      })
      .template Case<attn::AndMaskAttr>([&](attn::AndMaskAttr m) {
        KeyRange<D> r = all;
        for (attn::MaskAttrInterface part : m.getMasks()) {
          KeyRange<D> p = keyRange(part, d, qb);
          r = {d.max(r.lo, p.lo), d.min(r.hi, p.hi)};
        }
        return r;
      })
      .template Case<attn::OrMaskAttr>([&](attn::OrMaskAttr m) {
        std::optional<KeyRange<D>> r;
        for (attn::MaskAttrInterface part : m.getMasks()) {
          KeyRange<D> p = keyRange(part, d, qb);
          r = r ? KeyRange<D>{d.min(r->lo, p.lo), d.max(r->hi, p.hi)} : p;
        }
        return *r;
      })
      .Default([&](mlir::Attribute) { return all; });
}

/// One or two key ranges, `second` starting at or after the end of
/// `first`, whose union holds every key kept for the queries of a block.
/// Either may be empty (lo >= hi); `second` is absent for masks whose kept
/// keys form one cluster.
template <typename D> struct KeySpans {
  KeyRange<D> first;
  std::optional<KeyRange<D>> second;
};

namespace detail {
/// At most two ranges covering the kept keys, in no particular order and
/// possibly overlapping or empty. More would be merged into their hull.
template <typename D>
llvm::SmallVector<KeyRange<D>, 2>
spanList(attn::MaskAttrInterface mask, D &d, const QueryBlock<D> &qb) {
  using List = llvm::SmallVector<KeyRange<D>, 2>;
  auto hull = [&](const List &l) {
    KeyRange<D> h = l.front();
    for (const KeyRange<D> &r : l)
      h = {d.min(h.lo, r.lo), d.max(h.hi, r.hi)};
    return List{h};
  };
  if (auto m = llvm::dyn_cast_if_present<attn::AndMaskAttr>(mask)) {
    List spans = {keyRange(attn::MaskAttrInterface(), d, qb)};
    for (attn::MaskAttrInterface part : m.getMasks()) {
      List next;
      for (const KeyRange<D> &a : spans)
        for (const KeyRange<D> &p : spanList(part, d, qb))
          next.push_back({d.max(a.lo, p.lo), d.min(a.hi, p.hi)});
      spans = next.size() > 2 ? hull(next) : next;
    }
    return spans;
  }
  if (auto m = llvm::dyn_cast_if_present<attn::OrMaskAttr>(mask)) {
    List spans;
    for (attn::MaskAttrInterface part : m.getMasks())
      llvm::append_range(spans, spanList(part, d, qb));
    return spans.size() > 2 ? hull(spans) : spans;
  }
  return {keyRange(mask, d, qb)};
}
} // namespace detail

/// Keys that `mask` may keep for the queries of `qb`, as one span or two
/// ordered, disjoint ones.
template <typename D>
KeySpans<D> keySpans(attn::MaskAttrInterface mask, D &d,
                     const QueryBlock<D> &qb) {
  llvm::SmallVector<KeyRange<D>, 2> spans = detail::spanList(mask, d, qb);
  if (spans.size() == 1)
    return {spans[0], std::nullopt};
  // Order by start; the later one then starts no earlier than the first
  // ends. (An empty span has hi <= lo, so it never pushes the other out.)
  auto swap = d.le(spans[1].lo, spans[0].lo);
  KeyRange<D> first = {d.select(swap, spans[1].lo, spans[0].lo),
                       d.select(swap, spans[1].hi, spans[0].hi)};
  KeyRange<D> second = {d.select(swap, spans[0].lo, spans[1].lo),
                        d.select(swap, spans[0].hi, spans[1].hi)};
  second.lo = d.max(second.lo, first.hi);
  return {first, second};
}

template <typename D>
typename D::Bool isEmptyTile(attn::MaskAttrInterface mask, D &d,
                             const QueryBlock<D> &qb, typename D::Value k0,
                             typename D::Value k1,
                             const TileInputRanges<D> *ranges = nullptr);

/// True (a proof) when `mask` keeps every pair of queries `qb` x keys
/// [k0, k1). False means "not proven", not "partial".
template <typename D>
typename D::Bool isFullTile(attn::MaskAttrInterface mask, D &d,
                            const QueryBlock<D> &qb, typename D::Value k0,
                            typename D::Value k1,
                            const TileInputRanges<D> *ranges = nullptr) {
  using V = typename D::Value;
  if (!mask)
    return d.boolean(true);
  V zero = d.constant(0);
  V one = d.constant(1);
  return llvm::TypeSwitch<mlir::Attribute, typename D::Bool>(mask)
      .template Case<attn::CausalAttr>([&](attn::CausalAttr m) {
        // The last key is visible to the first query.
        V off = detail::alignment(d, m.getAlign(), qb);
        return d.le(k1, d.add(d.add(qb.q0, off), one));
      })
      .template Case<attn::WindowAttr>([&](attn::WindowAttr m) {
        // The first key is visible to the last query and the last key to
        // the first query.
        V off = detail::alignment(d, m.getAlign(), qb);
        V lastQuery = d.sub(d.add(qb.q1, off), one);
        return d.land(
            d.le(d.sub(lastQuery, d.constant(m.getLeft())), k0),
            d.le(k1, d.add(d.add(d.add(qb.q0, off), d.constant(m.getRight())),
                           one)));
      })
      .template Case<attn::AffineMaskAttr>([&](attn::AffineMaskAttr m) {
        // Every constraint holds at the tile's four corners.
        typename D::Bool full = d.boolean(true);
        for (const attn::AffineConstraint &c : m.getConstraints())
          full = d.land(full, detail::holdsEverywhere(
                                  c, d, detail::tileFormRange(c, d, qb, k0, k1)));
        return full;
      })
      .template Case<attn::PrefixLMAttr>([&](attn::PrefixLMAttr m) {
        return d.lor(d.le(k1, d.constant(m.getPrefix())),
                     d.le(k1, d.add(qb.q0, one)));
      })
      .template Case<attn::SinkAttr>([&](attn::SinkAttr m) {
        return d.le(k1, d.constant(m.getTokens()));
      })
      .template Case<attn::BlockedAttr>([&](attn::BlockedAttr m) {
        // All queries in one block, and the keys inside it.
        V off = detail::alignment(d, m.getAlign(), qb);
        int64_t size = m.getSize();
        V first = d.floorDiv(d.add(qb.q0, off), size);
        V last = d.floorDiv(d.sub(d.add(qb.q1, off), one), size);
        return d.land(d.land(d.le(last, first), d.le(d.mul(first, size), k0)),
                      d.le(k1, d.mul(d.add(first, one), size)));
      })
      .template Case<attn::PowerAttr>([&](attn::PowerAttr m) {
        // Every distance of the tile within the local band [0, local].
        V off = detail::alignment(d, m.getAlign(), qb);
        V minDistance = d.sub(d.add(qb.q0, off), d.sub(k1, one));
        V maxDistance = d.sub(d.sub(d.add(qb.q1, off), one), k0);
        return d.land(d.le(zero, minDistance),
                      d.le(maxDistance, d.constant(m.getLocal())));
      })
      .template Case<attn::TreeAttr>([&](attn::TreeAttr) {
        // Inside the prefix, before the tree's first key Lk - Lq.
        return d.le(k1, d.sub(qb.keyLen, qb.queryLen));
      })
      .template Case<attn::NeighborhoodAttr>([&](attn::NeighborhoodAttr m) {
        // On every axis, the tile's keys are in every query's window.
        GridBox<D> queries = detail::queryBox(m, d, qb);
        GridBox<D> keys = tokenBox(m, d, k0, k1);
        typename D::Bool full = d.boolean(true);
        for (unsigned a = 0; a < keys.size(); ++a) {
          CommonWindow<D> common = commonWindow(m, a, d, queries[a]);
          if (!common.known)
            return d.boolean(false);
          full = d.land(full, d.land(d.le(common.keys.lo, keys[a].lo),
                                     d.le(keys[a].hi, common.keys.hi)));
        }
        return full;
      })
      .template Case<attn::DocumentAttr>([&](attn::DocumentAttr m) {
        // One id on both sides.
        if (!ranges)
          return d.boolean(false);
        InputRange<D> q = ranges->overQueries(m.getQuery());
        InputRange<D> k = ranges->overKeys(m.getKey());
        return d.land(d.land(d.le(q.max, q.min), d.le(k.max, k.min)),
                      d.land(d.le(q.min, k.min), d.le(k.min, q.min)));
      })
      .template Case<attn::AndMaskAttr>([&](attn::AndMaskAttr m) {
        typename D::Bool r = d.boolean(true);
        for (attn::MaskAttrInterface part : m.getMasks())
          r = d.land(r, isFullTile(part, d, qb, k0, k1, ranges));
        return r;
      })
      .template Case<attn::OrMaskAttr>([&](attn::OrMaskAttr m) {
        typename D::Bool r = d.boolean(false);
        for (attn::MaskAttrInterface part : m.getMasks())
          r = d.lor(r, isFullTile(part, d, qb, k0, k1, ranges));
        return r;
      })
      .template Case<attn::NotMaskAttr>([&](attn::NotMaskAttr m) {
        // Full for not(m) where m keeps nothing in the tile.
        return isEmptyTile(m.getMask(), d, qb, k0, k1, ranges);
      })
      .Default([&](mlir::Attribute) { return d.boolean(false); });
}

/// True (a proof) when `mask` keeps no pair of queries `qb` x keys
/// [k0, k1). False means "not proven", not "non-empty".
template <typename D>
typename D::Bool isEmptyTile(attn::MaskAttrInterface mask, D &d,
                             const QueryBlock<D> &qb, typename D::Value k0,
                             typename D::Value k1,
                             const TileInputRanges<D> *ranges) {
  using V = typename D::Value;
  if (!mask)
    return d.boolean(false);
  V one = d.constant(1);
  // Outside the key range; masks with gaps inside it add their own proof.
  KeyRange<D> r = keyRange(mask, d, qb);
  typename D::Bool outside = d.lor(d.le(k1, r.lo), d.le(r.hi, k0));
  return llvm::TypeSwitch<mlir::Attribute, typename D::Bool>(mask)
      .template Case<attn::PowerAttr>([&](attn::PowerAttr m) {
        // No distance of [max(minDistance, 0), maxDistance] is in the local
        // band or a power of two.
        V off = detail::alignment(d, m.getAlign(), qb);
        V minDistance = d.sub(d.add(qb.q0, off), d.sub(k1, one));
        V maxDistance = d.sub(d.sub(d.add(qb.q1, off), one), k0);
        V local = d.constant(m.getLocal());
        typename D::Bool pastLocal = d.le(d.add(local, one), minDistance);
        typename D::Bool noPower = d.le(d.add(d.floorPow2(maxDistance), one),
                                        minDistance);
        return d.lor(outside, d.land(pastLocal, noPower));
      })
      .template Case<attn::AffineMaskAttr>([&](attn::AffineMaskAttr m) {
        // Some constraint fails at the tile's four corners.
        typename D::Bool empty = outside;
        for (const attn::AffineConstraint &c : m.getConstraints())
          empty = d.lor(empty, detail::holdsNowhere(
                                   c, d, detail::tileFormRange(c, d, qb, k0, k1)));
        return empty;
      })
      .template Case<attn::NeighborhoodAttr>([&](attn::NeighborhoodAttr m) {
        // On some axis, the tile's keys miss the block's key box.
        GridBox<D> allowed = keyBox(m, d, detail::queryBox(m, d, qb));
        GridBox<D> keys = tokenBox(m, d, k0, k1);
        typename D::Bool empty = outside;
        for (unsigned a = 0; a < keys.size(); ++a)
          empty = d.lor(empty, d.lor(d.le(d.add(keys[a].hi, one), allowed[a].lo),
                                     d.le(d.add(allowed[a].hi, one), keys[a].lo)));
        return empty;
      })
      .template Case<attn::DocumentAttr>([&](attn::DocumentAttr m) {
        // The ids of the queries and of the keys do not overlap.
        if (!ranges)
          return outside;
        InputRange<D> q = ranges->overQueries(m.getQuery());
        InputRange<D> k = ranges->overKeys(m.getKey());
        return d.lor(d.le(d.add(q.max, one), k.min),
                     d.le(d.add(k.max, one), q.min));
      })
      .template Case<attn::AndMaskAttr>([&](attn::AndMaskAttr m) {
        typename D::Bool e = outside;
        for (attn::MaskAttrInterface part : m.getMasks())
          e = d.lor(e, isEmptyTile(part, d, qb, k0, k1, ranges));
        return e;
      })
      .template Case<attn::OrMaskAttr>([&](attn::OrMaskAttr m) {
        typename D::Bool e = d.boolean(true);
        for (attn::MaskAttrInterface part : m.getMasks())
          e = d.land(e, isEmptyTile(part, d, qb, k0, k1, ranges));
        return d.lor(outside, e);
      })
      .template Case<attn::NotMaskAttr>([&](attn::NotMaskAttr m) {
        return d.lor(outside, isFullTile(m.getMask(), d, qb, k0, k1, ranges));
      })
      .Default([&](mlir::Attribute) { return outside; });
}


/// The keys of the tile [k0, k1) that `mask` may keep for the queries of
/// `qb`: a sub-range of the tile, empty when lo >= hi. Tighter than the
/// key range for neighbourhood masks, whose kept keys in one run of the
/// grid's last axis are an interval of it.
template <typename D>
KeyRange<D> tileKeyRange(attn::MaskAttrInterface mask, D &d,
                         const QueryBlock<D> &qb, typename D::Value k0,
                         typename D::Value k1) {
  using V = typename D::Value;
  auto clip = [&](KeyRange<D> r) {
    return KeyRange<D>{d.max(r.lo, k0), d.min(r.hi, k1)};
  };
  if (!mask)
    return {k0, k1};
  return llvm::TypeSwitch<mlir::Attribute, KeyRange<D>>(mask)
      .template Case<attn::NeighborhoodAttr>([&](attn::NeighborhoodAttr m) {
        GridBox<D> box = keyBox(m, d, detail::queryBox(m, d, qb));
        auto [hullLo, hullHi] = boxTokens(m, d, box);
        unsigned inner = box.size() - 1;
        int64_t n = m.getGrid()[inner];
        V run = d.floorDiv(k0, n);
        typename D::Bool oneRun =
            d.le(d.floorDiv(d.sub(k1, d.constant(1)), n), run);
        // Within one run, the outer coordinates are single values.
        GridBox<D> tile = tokenBox(m, d, k0, k1);
        typename D::Bool inBox = d.boolean(true);
        for (unsigned a = 0; a < inner; ++a)
          inBox = d.land(inBox, d.land(d.le(box[a].lo, tile[a].lo),
                                       d.le(tile[a].lo, box[a].hi)));
        V base = d.mul(run, n);
        V runLo = d.select(inBox, d.add(base, box[inner].lo), k1);
        V runHi = d.select(inBox, d.add(d.add(base, box[inner].hi),
                                        d.constant(1)),
                           k0);
        return clip({d.select(oneRun, runLo, hullLo),
                     d.select(oneRun, runHi, hullHi)});
      })
      .template Case<attn::AndMaskAttr>([&](attn::AndMaskAttr m) {
        KeyRange<D> r = {k0, k1};
        for (attn::MaskAttrInterface part : m.getMasks()) {
          KeyRange<D> p = tileKeyRange(part, d, qb, k0, k1);
          r = {d.max(r.lo, p.lo), d.min(r.hi, p.hi)};
        }
        return r;
      })
      .template Case<attn::OrMaskAttr>([&](attn::OrMaskAttr m) {
        std::optional<KeyRange<D>> r;
        for (attn::MaskAttrInterface part : m.getMasks()) {
          KeyRange<D> p = tileKeyRange(part, d, qb, k0, k1);
          // An empty part must not widen the hull.
          p = {d.select(d.le(p.hi, p.lo), k1, p.lo),
               d.select(d.le(p.hi, p.lo), k0, p.hi)};
          r = r ? KeyRange<D>{d.min(r->lo, p.lo), d.max(r->hi, p.hi)} : p;
        }
        return *r;
      })
      .Default([&](mlir::Attribute) { return clip(keyRange(mask, d, qb)); });
}

/// The keys of a neighbourhood mask's box as runs along the grid's last
/// axis: run r starts at `start` + sum of digit_a * pitch_a, with r's
/// mixed-radix digits over the `outer` extents (outermost first, the last
/// fastest), and holds `length` keys.
template <typename D> struct KeyRuns {
  typename D::Value start, length;
  llvm::SmallVector<std::pair<typename D::Value, int64_t>, 2> outer;
};

/// Runs covering every kept key, for a neighbourhood mask on its own or
/// and-ed with others; none for other masks.
template <typename D>
std::optional<KeyRuns<D>> keyRuns(attn::MaskAttrInterface mask, D &d,
                                  const QueryBlock<D> &qb) {
  auto na = llvm::dyn_cast_if_present<attn::NeighborhoodAttr>(mask);
  if (auto both = llvm::dyn_cast_if_present<attn::AndMaskAttr>(mask))
    for (attn::MaskAttrInterface part : both.getMasks())
      if (!na)
        na = llvm::dyn_cast<attn::NeighborhoodAttr>(part);
  if (!na)
    return std::nullopt;
  GridBox<D> box = keyBox(na, d, detail::queryBox(na, d, qb));
  KeyRuns<D> runs;
  runs.start = boxTokens(na, d, box).first;
  auto extent = [&](const AxisInterval<D> &i) {
    return d.add(d.sub(i.hi, i.lo), d.constant(1));
  };
  runs.length = extent(box.back());
  for (unsigned a = 0; a + 1 < box.size(); ++a)
    runs.outer.push_back({extent(box[a]), na.getPitch(a)});
  return runs;
}

} // namespace attnc

#endif // ATTNC_ANALYSIS_MASKTILEANALYSIS_H
