//===- Evaluator.h - the reference evaluator for attn ops -------*- C++ -*-===//
//
// Evaluates attn ops naively, in double precision, exactly as
// docs/UserGuide.md defines it. It is the oracle of every numerical test: it
// is meant to be obviously right, not fast.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_REFERENCE_EVALUATOR_H
#define ATTNC_REFERENCE_EVALUATOR_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace attnc {
namespace attn {
class AttentionOp;
class MergeOp;
class TreePositionsOp;
} // namespace attn

namespace reference {

/// A dense row-major tensor of doubles (integer inputs hold exact integers).
struct Tensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<double> data;

  Tensor() = default;
  explicit Tensor(llvm::ArrayRef<int64_t> shape, double fill = 0.0);
  int64_t numElements() const;
  /// Row-major offset of `index`.
  int64_t offset(llvm::ArrayRef<int64_t> index) const;
  double &at(llvm::ArrayRef<int64_t> index) { return data[offset(index)]; }
  double at(llvm::ArrayRef<int64_t> index) const { return data[offset(index)]; }
};

struct Result {
  Tensor output;             // [B, Hq, Lq, Dv]
  std::optional<Tensor> lse; // [B, Hq, Lq], when the op has an LSE result
};

/// Evaluates `op` on `operands`: query, key, value, then the op's extra
/// inputs in order. Returns failure with a message in `error` if a shape does
/// not fit the op or a region uses an operation the evaluator cannot run.
mlir::FailureOr<Result> evaluate(attn::AttentionOp op,
                                 llvm::ArrayRef<Tensor> operands,
                                 std::string &error);

/// Evaluates an attn.merge on its operands: the partial outputs, then the
/// partial LSEs, in order.
mlir::FailureOr<Result> evaluate(attn::MergeOp op,
                                 llvm::ArrayRef<Tensor> operands,
                                 std::string &error);

/// Evaluates an attn.tree_positions on its parents; the result's `output`
/// holds the positions. Fails with a message for a parent that is not -1 or
/// an earlier node.
mlir::FailureOr<Result> evaluate(attn::TreePositionsOp op,
                                 llvm::ArrayRef<Tensor> operands,
                                 std::string &error);

/// The number of (b, h, i, j) pairs `op`'s masks keep on `operands` (laid
/// out as for evaluate), or nothing when the op has a mask_mod region: the
/// work a kernel must do, which benchmarks turn into FLOPs.
std::optional<int64_t> countKeptPairs(attn::AttentionOp op,
                                      llvm::ArrayRef<Tensor> operands);

} // namespace reference
} // namespace attnc

#endif // ATTNC_REFERENCE_EVALUATOR_H
