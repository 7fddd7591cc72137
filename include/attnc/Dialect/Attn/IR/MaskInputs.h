//===- MaskInputs.h - how masks read the op's extra inputs ------*- C++ -*-===//
//
// Masks over runtime data (#attn.document, #attn.tree) read the op's extra
// inputs through a callback rather than a value per (b, h, q, k): a tree
// walks parent links, i.e. reads its input at other queries than the one
// being masked.
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
/// queries at once (then only (q, k) as passed to buildPredicate are read).
using InputBuilder =
    llvm::function_ref<mlir::Value(unsigned input, mlir::Value q, mlir::Value k)>;

} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_IR_MASKINPUTS_H
