//===- RaiseMaskMod.cpp - affine mask_mod predicates to mask attributes ---===//
//
// The mask analysis understands mask attributes, not regions. A region
// conjunct such as `%i >= %j` or `%i + (Lk - Lq) - %j < 128` is an affine
// constraint on (q, k, Lq, Lk): raising it into the op's mask lets the
// kernel skip empty tiles and the predicate on full ones.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/Transforms/Passes.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SetVector.h"

namespace attnc::attn {
#define GEN_PASS_DEF_ATTNRAISEMASKMOD
#include "attnc/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace attnc::attn

using namespace mlir;
using namespace attnc::attn;

namespace {

/// Block argument positions of the query and key indices in mask_mod.
constexpr unsigned kQueryArg = 2, kKeyArg = 3;

/// Reads index values of a mask_mod body as affine forms over the dims
/// (q, k) and the symbols [Lq, Lk].
class AffineReader {
public:
  explicit AffineReader(Block &body) : body(body) {}

  /// The affine form of `v`, or nothing when it is not one. Memoised:
  /// values shared by several uses (`%x + %x` chains) are read once.
  std::optional<AffineExpr> form(Value v) {
    auto [it, inserted] = forms.try_emplace(v, std::nullopt);
    if (!inserted)
      return it->second;
    std::optional<AffineExpr> result = read(v);
    forms[v] = result;
    return result;
  }

private:
  std::optional<AffineExpr> read(Value v) {
    MLIRContext *ctx = v.getContext();
    if (!v.getType().isIndex())
      return std::nullopt;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner() != &body)
        return std::nullopt;
      if (arg.getArgNumber() == kQueryArg)
        return getAffineDimExpr(0, ctx);
      if (arg.getArgNumber() == kKeyArg)
        return getAffineDimExpr(1, ctx);
      return std::nullopt;
    }
    Operation *def = v.getDefiningOp();
    if (isa<QueryLengthOp>(def))
      return getAffineSymbolExpr(0, ctx);
    if (isa<KeyLengthOp>(def))
      return getAffineSymbolExpr(1, ctx);
    APInt c;
    if (matchPattern(v, m_ConstantInt(&c)))
      return getAffineConstantExpr(c.getSExtValue(), ctx);
    auto binary = [&](auto combine) -> std::optional<AffineExpr> {
      std::optional<AffineExpr> l = form(def->getOperand(0));
      std::optional<AffineExpr> r = l ? form(def->getOperand(1)) : std::nullopt;
      if (!r)
        return std::nullopt;
      AffineExpr e = combine(*l, *r);
      // A product of two non-constant forms is not affine.
      return e.isPureAffine() ? std::optional(e) : std::nullopt;
    };
    if (isa<arith::AddIOp>(def))
      return binary([](AffineExpr a, AffineExpr b) { return a + b; });
    if (isa<arith::SubIOp>(def))
      return binary([](AffineExpr a, AffineExpr b) { return a - b; });
    if (isa<arith::MulIOp>(def))
      return binary([](AffineExpr a, AffineExpr b) { return a * b; });
    return std::nullopt;
  }

  Block &body;
  DenseMap<Value, std::optional<AffineExpr>> forms;
};

/// A raised predicate: a mask attribute, or constraints not yet made one
/// (so that the conjuncts of an `and` merge into a single set).
struct Raised {
  SmallVector<AffineExpr> exprs;
  SmallVector<bool> eqFlags;
  MaskAttrInterface mask;
};

/// `constraints` as the named mask that keeps the same pairs, if any.
MaskAttrInterface namedMask(MLIRContext *ctx,
                            ArrayRef<AffineConstraint> constraints) {
  // The query's position: q (top-left) or q + Lk - Lq (bottom-right).
  auto alignmentOf = [](const AffineConstraint &c,
                        int64_t sign) -> std::optional<Alignment> {
    if (c.queryLen == 0 && c.keyLen == 0)
      return Alignment::top_left;
    if (c.queryLen == -sign && c.keyLen == sign)
      return Alignment::bottom_right;
    return std::nullopt;
  };
  // p - k + right >= 0 (sign 1) or k - p + left >= 0 (sign -1).
  auto band = [&](const AffineConstraint &c, int64_t sign)
      -> std::optional<std::pair<Alignment, int64_t>> {
    if (c.equality || c.query != sign || c.key != -sign || c.constant < 0)
      return std::nullopt;
    std::optional<Alignment> align = alignmentOf(c, sign);
    if (!align)
      return std::nullopt;
    return std::pair{*align, c.constant};
  };
  if (constraints.size() == 1) {
    const AffineConstraint &c = constraints[0];
    if (auto past = band(c, 1); past && past->second == 0)
      return CausalAttr::get(ctx, past->first);
    // P - 1 - k >= 0: the first P keys (P at most #attn.sink's 2^40).
    if (!c.equality && c.query == 0 && c.key == -1 && c.queryLen == 0 &&
        c.keyLen == 0 && c.constant >= 0 && c.constant < (int64_t(1) << 40))
      return SinkAttr::get(ctx, c.constant + 1);
  }
  if (constraints.size() == 2) {
    for (auto [a, b] : {std::pair{0, 1}, std::pair{1, 0}}) {
      auto right = band(constraints[a], 1), left = band(constraints[b], -1);
      if (right && left && right->first == left->first)
        return WindowAttr::get(ctx, left->second, right->second, left->first);
    }
  }
  return {};
}

/// The mask of `raised`: its attribute, or its constraints as a named mask
/// or an #attn.affine one. Null when the constraints exceed the bounds of
/// #attn.affine (where index arithmetic could wrap).
MaskAttrInterface toMask(MLIRContext *ctx, const Raised &raised) {
  if (raised.mask)
    return raised.mask;
  // The reader builds pure affine forms only; their coefficients are
  // checked here.
  SmallVector<AffineConstraint> rows;
  for (auto [expr, equality] : llvm::zip(raised.exprs, raised.eqFlags))
    rows.push_back(*AffineMaskAttr::getConstraint(expr, equality));
  if (!llvm::all_of(rows, AffineMaskAttr::isWithinBounds))
    return {};
  if (MaskAttrInterface named = namedMask(ctx, rows))
    return named;
  return AffineMaskAttr::get(ctx, ArrayRef<AffineConstraint>(rows));
}

/// The operands of `mask` if it is a `T` (and, or), else `mask` itself.
template <typename T>
void collectOperands(MaskAttrInterface mask, SmallVectorImpl<MaskAttrInterface> &into) {
  if (auto nested = dyn_cast<T>(mask))
    llvm::append_range(into, nested.getMasks());
  else
    into.push_back(mask);
}

using RaiseCache = DenseMap<Value, std::optional<Raised>>;
std::optional<Raised> raise(Value v, AffineReader &reader,
                            RaiseCache &cache);

/// Raises the i1 value `v` of a mask_mod body, or fails.
std::optional<Raised> raiseUncached(Value v, AffineReader &reader,
                                    RaiseCache &cache) {
  MLIRContext *ctx = v.getContext();
  Operation *def = v.getDefiningOp();
  if (!def || !v.getType().isInteger(1))
    return std::nullopt;
  if (auto cmp = dyn_cast<arith::CmpIOp>(def)) {
    std::optional<AffineExpr> l = reader.form(cmp.getLhs());
    std::optional<AffineExpr> r = l ? reader.form(cmp.getRhs()) : std::nullopt;
    // Each side within #attn.affine's bounds, so that the region's signed
    // comparison does not see a wrapped value.
    if (!r || !toMask(ctx, Raised{{*l}, {false}, {}}) ||
        !toMask(ctx, Raised{{*r}, {false}, {}}))
      return std::nullopt;
    using P = arith::CmpIPredicate;
    switch (cmp.getPredicate()) {
    case P::sge: return Raised{{*l - *r}, {false}, {}};
    case P::sgt: return Raised{{*l - *r - 1}, {false}, {}};
    case P::sle: return Raised{{*r - *l}, {false}, {}};
    case P::slt: return Raised{{*r - *l - 1}, {false}, {}};
    case P::eq: return Raised{{*l - *r}, {true}, {}};
    case P::ne: {
      // l > r or l < r.
      MaskAttrInterface above = toMask(ctx, Raised{{*l - *r - 1}, {false}, {}});
      MaskAttrInterface below = toMask(ctx, Raised{{*r - *l - 1}, {false}, {}});
      if (!above || !below)
        return std::nullopt;
      return Raised{{}, {}, OrMaskAttr::get(ctx, {above, below})};
    }
    default:
      // Unsigned comparisons differ from signed ones on negative forms.
      return std::nullopt;
    }
  }
  if (isa<arith::AndIOp, arith::OrIOp>(def)) {
    std::optional<Raised> a = raise(def->getOperand(0), reader, cache);
    std::optional<Raised> b =
        a ? raise(def->getOperand(1), reader, cache) : std::nullopt;
    if (!b)
      return std::nullopt;
    bool isAnd = isa<arith::AndIOp>(def);
    if (isAnd && !a->mask && !b->mask) {
      // One set of constraints.
      llvm::append_range(a->exprs, b->exprs);
      llvm::append_range(a->eqFlags, b->eqFlags);
      return a;
    }
    MaskAttrInterface ma = toMask(ctx, *a), mb = toMask(ctx, *b);
    if (!ma || !mb)
      return std::nullopt;
    SmallVector<MaskAttrInterface> parts;
    if (isAnd) {
      collectOperands<AndMaskAttr>(ma, parts);
      collectOperands<AndMaskAttr>(mb, parts);
      return Raised{{}, {}, AndMaskAttr::get(ctx, parts)};
    }
    // k < P or causal is prefix-LM.
    for (auto [x, y] : {std::pair{ma, mb}, std::pair{mb, ma}}) {
      auto sink = dyn_cast<SinkAttr>(x);
      auto causal = dyn_cast<CausalAttr>(y);
      if (sink && causal && causal.getAlign() == Alignment::top_left)
        return Raised{{}, {}, PrefixLMAttr::get(ctx, sink.getTokens())};
    }
    collectOperands<OrMaskAttr>(ma, parts);
    collectOperands<OrMaskAttr>(mb, parts);
    return Raised{{}, {}, OrMaskAttr::get(ctx, parts)};
  }
  if (isa<arith::XOrIOp>(def)) {
    // xori with true is a negation.
    for (unsigned i = 0; i < 2; ++i) {
      if (!matchPattern(def->getOperand(1 - i), m_One()))
        continue;
      std::optional<Raised> a = raise(def->getOperand(i), reader, cache);
      MaskAttrInterface m = a ? toMask(ctx, *a) : MaskAttrInterface();
      if (!m)
        return std::nullopt;
      return Raised{{}, {}, NotMaskAttr::get(ctx, m)};
    }
  }
  return std::nullopt;
}

/// raiseUncached, once per value (shared subexpressions).
std::optional<Raised> raise(Value v, AffineReader &reader,
                            RaiseCache &cache) {
  if (auto it = cache.find(v); it != cache.end())
    return it->second;
  std::optional<Raised> result = raiseUncached(v, reader, cache);
  cache[v] = result;
  return result;
}

/// The conjuncts of `v`: the leaves of its tree (or DAG) of arith.andi,
/// each once.
void collectConjuncts(Value v, llvm::SetVector<Value> &into,
                      DenseSet<Value> &visited) {
  if (!visited.insert(v).second)
    return;
  if (auto both = v.getDefiningOp<arith::AndIOp>()) {
    collectConjuncts(both.getLhs(), into, visited);
    collectConjuncts(both.getRhs(), into, visited);
    return;
  }
  into.insert(v);
}

void raiseMaskMod(AttentionOp op) {
  if (!op.hasMaskMod())
    return;
  MLIRContext *ctx = op.getContext();
  Block &body = op.getMaskMod().front();
  auto yield = cast<YieldOp>(body.getTerminator());
  llvm::SetVector<Value> conjuncts;
  DenseSet<Value> visited;
  collectConjuncts(yield.getValue(), conjuncts, visited);
  SmallVector<Value> kept;
  AffineReader reader(body);
  RaiseCache cache;
  SmallVector<MaskAttrInterface> masks;
  if (MaskAttrInterface existing = op.getMaskAttr())
    collectOperands<AndMaskAttr>(existing, masks);
  // Plain constraints of all conjuncts form one set (a window is two).
  Raised constraints;
  bool changed = false;
  for (Value conjunct : conjuncts) {
    std::optional<Raised> raised = raise(conjunct, reader, cache);
    MaskAttrInterface mask = raised ? toMask(ctx, *raised) : MaskAttrInterface();
    if (!mask) {
      kept.push_back(conjunct);
      continue;
    }
    changed = true;
    if (raised->mask) {
      collectOperands<AndMaskAttr>(mask, masks);
      continue;
    }
    llvm::append_range(constraints.exprs, raised->exprs);
    llvm::append_range(constraints.eqFlags, raised->eqFlags);
  }
  if (!changed)
    return;
  if (!constraints.exprs.empty())
    collectOperands<AndMaskAttr>(toMask(ctx, constraints), masks);
  op.setMaskAttr(masks.size() == 1 ? masks[0] : AndMaskAttr::get(ctx, masks));
  if (kept.empty()) {
    op.getMaskMod().getBlocks().clear();
    return;
  }
  // The region keeps the conjuncts that were not raised.
  OpBuilder builder(yield);
  Value keep = kept.front();
  for (Value v : llvm::drop_begin(kept))
    keep = arith::AndIOp::create(builder, yield.getLoc(), keep, v);
  yield->setOperand(0, keep);
  // Drop what only the raised conjuncts used (the body is side-effect free).
  SmallVector<Operation *> ops;
  for (Operation &nested : body.without_terminator())
    ops.push_back(&nested);
  for (Operation *nested : llvm::reverse(ops))
    if (nested->use_empty())
      nested->erase();
}

struct RaiseMaskModPass
    : attnc::attn::impl::AttnRaiseMaskModBase<RaiseMaskModPass> {
  void runOnOperation() override {
    getOperation()->walk([](AttentionOp op) { raiseMaskMod(op); });
  }
};

} // namespace
