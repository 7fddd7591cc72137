//===- MaskTileAnalysis.h - tile classification of mask attributes -*- C++ -*-===//
//
// Proves, for a block of queries [q0, q1) and keys [k0, k1), what a mask
// attribute does to the tile, symbolically in the runtime lengths:
//
//  * keyRange: every key kept for any query of the block lies in [lo, hi).
//    Tiles outside the range are empty and are never visited: the kernel's
//    key loop runs from lo to hi.
//  * isFull: every (query, key) pair of the tile is kept, so the kernel
//    skips mask evaluation for it. Tiles that are neither empty nor full
//    are partial: the predicate is evaluated per element.
//
// Both are conservative: a range may be wider, and a tile may be reported
// partial, when the mask is not understood (e.g. a mask_mod region). The
// formulas are written once, generically over a value domain: IntDomain
// computes with integers (tests, reasoning about a spec), IRDomain builds
// arith ops on index values (code generation), so the generated loop bounds
// are exactly what the unit tests check.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ANALYSIS_MASKTILEANALYSIS_H
#define ATTNC_ANALYSIS_MASKTILEANALYSIS_H

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
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
  Bool le(Value a, Value b) { return a <= b; }
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
  Bool le(Value x, Value y) {
    return mlir::arith::CmpIOp::create(b, loc, mlir::arith::CmpIPredicate::sle,
                                       x, y);
  }
  Bool boolean(bool v) {
    return mlir::arith::ConstantIntOp::create(b, loc, b.getI1Type(), v);
  }
  Bool land(Bool x, Bool y) { return mlir::arith::AndIOp::create(b, loc, x, y); }
  Bool lor(Bool x, Bool y) { return mlir::arith::OrIOp::create(b, loc, x, y); }
};

/// A block of queries [q0, q1) under runtime lengths lq, lk.
template <typename D> struct QueryBlock {
  typename D::Value q0, q1, queryLen, keyLen;
};

/// Keys [lo, hi) that may be kept for some query of a block.
template <typename D> struct KeyRange {
  typename D::Value lo, hi;
};

namespace detail {
template <typename D>
typename D::Value alignment(D &d, attn::Alignment align, const QueryBlock<D> &qb) {
  return align == attn::Alignment::bottom_right ? d.sub(qb.keyLen, qb.queryLen)
                                                : d.constant(0);
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
      .template Case<attn::PrefixLMAttr>([&](attn::PrefixLMAttr m) {
        // k < prefix or k <= q.
        return KeyRange<D>{zero, d.max(d.constant(m.getPrefix()), qb.q1)};
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

/// True (a proof) when `mask` keeps every pair of queries `qb` x keys
/// [k0, k1). False means "not proven", not "partial".
template <typename D>
typename D::Bool isFullTile(attn::MaskAttrInterface mask, D &d,
                            const QueryBlock<D> &qb, typename D::Value k0,
                            typename D::Value k1) {
  using V = typename D::Value;
  if (!mask)
    return d.boolean(true);
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
      .template Case<attn::PrefixLMAttr>([&](attn::PrefixLMAttr m) {
        return d.lor(d.le(k1, d.constant(m.getPrefix())),
                     d.le(k1, d.add(qb.q0, one)));
      })
      .template Case<attn::AndMaskAttr>([&](attn::AndMaskAttr m) {
        typename D::Bool r = d.boolean(true);
        for (attn::MaskAttrInterface part : m.getMasks())
          r = d.land(r, isFullTile(part, d, qb, k0, k1));
        return r;
      })
      .template Case<attn::OrMaskAttr>([&](attn::OrMaskAttr m) {
        typename D::Bool r = d.boolean(false);
        for (attn::MaskAttrInterface part : m.getMasks())
          r = d.lor(r, isFullTile(part, d, qb, k0, k1));
        return r;
      })
      .template Case<attn::NotMaskAttr>([&](attn::NotMaskAttr m) {
        // Full for not(m) where m keeps nothing in the tile.
        KeyRange<D> r = keyRange(m.getMask(), d, qb);
        return d.lor(d.le(k1, r.lo), d.le(r.hi, k0));
      })
      .Default([&](mlir::Attribute) { return d.boolean(false); });
}

} // namespace attnc

#endif // ATTNC_ANALYSIS_MASKTILEANALYSIS_H
