//===- MaskInputs.h - how attributes read the op's extra inputs -*- C++ -*-===//
//
// Masks over runtime data (#attn.document, #attn.tree) and score modifiers
// with an input (#attn.alibi<slopes = I>, #attn.query_scale) read the op's
// extra inputs through a callback rather than a value per (b, h, q, k): a
// tree walks parent links, i.e. reads its input at other queries than the
// one being masked, and the kernels read a score modifier's input once per
// row.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_DIALECT_ATTN_IR_MASKINPUTS_H
#define ATTNC_DIALECT_ATTN_IR_MASKINPUTS_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>

namespace attnc::attn {

/// The value of extra input `input` at query `q` and key `k` (the batch and
/// head are the caller's). Indices an input's map does not use are ignored.
using InputReader =
    llvm::function_ref<double(unsigned input, int64_t q, int64_t k)>;

/// The same for code generation: builds the read of input `input` at (q, k),
/// index values, or vectors of them where the caller evaluates a vector of
/// queries at once (then only the (q, k) passed to buildPredicate or to a
/// score modifier's build are read, and the result is a vector too).
using InputBuilder =
    llvm::function_ref<mlir::Value(unsigned input, mlir::Value q, mlir::Value k)>;

} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_IR_MASKINPUTS_H
