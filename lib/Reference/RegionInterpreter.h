//===- RegionInterpreter.h - scalar interpreter for mod regions -*- C++ -*-===//

#ifndef ATTNC_LIB_REFERENCE_REGIONINTERPRETER_H
#define ATTNC_LIB_REFERENCE_REGIONINTERPRETER_H

#include "mlir/IR/Region.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace attnc::reference {

/// A scalar value: floats in `f` (double), integers and indices in `i`,
/// sign-extended from their bit width.
struct Scalar {
  double f = 0.0;
  int64_t i = 0;
  static Scalar fromFloat(double v) { return {v, 0}; }
  static Scalar fromInt(int64_t v) { return {0.0, v}; }
};

/// Runs a single-block region of arith and math ops (and the attn length
/// ops) on scalars, in double precision for floats (rounding only at an
/// explicit arith.truncf).
class RegionInterpreter {
public:
  /// Prepares `region`; fails with a message if it uses an op the
  /// interpreter does not implement.
  static mlir::FailureOr<RegionInterpreter> compile(mlir::Region &region,
                                                    std::string &error);
  /// Evaluates the region for the given block arguments and lengths (the
  /// values of attn.query_length and attn.key_length) and returns the
  /// yielded value.
  Scalar run(llvm::ArrayRef<Scalar> args, int64_t queryLen,
             int64_t keyLen) const;

  struct Instr {
    unsigned kind;
    mlir::Operation *op;
    llvm::SmallVector<unsigned, 3> operands;
    unsigned result;
  };

private:
  llvm::SmallVector<Instr> program;
  unsigned numSlots = 0;
  unsigned numArgs = 0;
  unsigned resultSlot = 0;
};

} // namespace attnc::reference

#endif // ATTNC_LIB_REFERENCE_REGIONINTERPRETER_H
