//===- TreePositionsToSCF.cpp - attn.tree_positions to scf.for ------------===//
//
// pos[t] = parent[t] < 0 ? 0 : pos[parent[t]] + 1, node by node: a parent
// comes before its children (the C entry point checks it), so its position
// is written by the time a child reads it. A parent that breaks the rule
// (reachable only without the entry point, e.g. from attnc-opt) counts as
// -1, so the loop never reads out of bounds or an unwritten position.
//
//===----------------------------------------------------------------------===//

#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace attnc {
#define GEN_PASS_DEF_CONVERTATTNTREEPOSITIONSTOSCF
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

namespace {

/// The loop over the nodes of one tree (row `row` of the parents, or the
/// only one if `row` is null), threading the positions tensor through.
Value buildNodeLoop(OpBuilder &b, Location loc, Value parents, Value row,
                    Value positions) {
  Type elt = cast<RankedTensorType>(positions.getType()).getElementType();
  int64_t nodeDim = cast<RankedTensorType>(parents.getType()).getRank() - 1;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value nodes = tensor::DimOp::create(b, loc, parents, nodeDim);
  auto at = [&](Value node) {
    SmallVector<Value> idx;
    if (row)
      idx.push_back(row);
    idx.push_back(node);
    return idx;
  };
  auto loop = scf::ForOp::create(
      b, loc, zero, nodes, one, ValueRange{positions},
      [&](OpBuilder &nb, Location l, Value node, ValueRange acc) {
        Value parent = tensor::ExtractOp::create(nb, l, parents, at(node));
        // parent < 0 or parent >= node as one unsigned compare of the
        // parent, as an index, with the node.
        Value parentIndex =
            arith::IndexCastOp::create(nb, l, nb.getIndexType(), parent);
        Value isRoot = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::uge,
                                             parentIndex, node);
        auto pos = scf::IfOp::create(
            nb, l, isRoot,
            [&](OpBuilder &tb, Location tl) {
              scf::YieldOp::create(
                  tb, tl,
                  ValueRange{arith::ConstantOp::create(
                      tb, tl, tb.getIntegerAttr(elt, 0))});
            },
            [&](OpBuilder &eb, Location el) {
              Value parentPos =
                  tensor::ExtractOp::create(eb, el, acc[0], at(parentIndex));
              scf::YieldOp::create(
                  eb, el,
                  ValueRange{arith::AddIOp::create(
                      eb, el, parentPos,
                      arith::ConstantOp::create(eb, el,
                                                eb.getIntegerAttr(elt, 1)))});
            });
        Value updated = tensor::InsertOp::create(nb, l, pos.getResult(0),
                                                 acc[0], at(node));
        scf::YieldOp::create(nb, l, ValueRange{updated});
      });
  return loop.getResult(0);
}

void lowerTreePositions(RewriterBase &b, TreePositionsOp op) {
  Location loc = op.getLoc();
  b.setInsertionPoint(op);
  Value parents = op.getParent();
  RankedTensorType type = op.getPositions().getType();
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(tensor::DimOp::create(b, loc, parents, d));
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType(), dynamic);
  if (type.getRank() == 1) {
    b.replaceOp(op, buildNodeLoop(b, loc, parents, Value(), init));
    return;
  }
  // One tree per row of [B, Lq].
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value rows = tensor::DimOp::create(b, loc, parents, 0);
  auto rowLoop = scf::ForOp::create(
      b, loc, zero, rows, one, ValueRange{init},
      [&](OpBuilder &nb, Location l, Value row, ValueRange acc) {
        scf::YieldOp::create(
            nb, l, ValueRange{buildNodeLoop(nb, l, parents, row, acc[0])});
      });
  b.replaceOp(op, rowLoop.getResult(0));
}

struct ConvertAttnTreePositionsToSCFPass
    : public attnc::impl::ConvertAttnTreePositionsToSCFBase<
          ConvertAttnTreePositionsToSCFPass> {
  void runOnOperation() override {
    SmallVector<TreePositionsOp> ops;
    getOperation()->walk([&](TreePositionsOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (TreePositionsOp op : ops)
      lowerTreePositions(rewriter, op);
  }
};

} // namespace
