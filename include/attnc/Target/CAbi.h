//===- CAbi.h - the C ABI of a spec function --------------------*- C++ -*-===//
//
// A spec function `@name(tensors...) -> tensors` becomes the C entry point
// `int32_t name(const attnc_tensor *...)`. CAbiSignature describes its
// parameters; the compiler serialises it into the signature table that the
// runtime validates against (see attnc/Runtime/AbiTable.h), into the C header,
// and `attnc run` uses it to make inputs.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CABI_H
#define ATTNC_TARGET_CABI_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace attnc {

/// One parameter of a C entry point.
struct CAbiParam {
  std::string name;
  bool isOutput = false;
  int32_t dtype = 0;               // attnc_dtype
  int32_t content = 0;             // ATTNC_CONTENT_*
  /// Index of the attn.attention operand (inputs) or result (outputs).
  unsigned opIndex = 0;
  /// Static extent, or a runtime length (ATTNC_SYM_*), possibly divided:
  /// attnc_abi_symbolic_extent(symbol, divisor) (attnc/Runtime/AbiTable.h).
  llvm::SmallVector<int64_t, 4> extents;
  llvm::SmallVector<int32_t, 4> roles; // ATTNC_ROLE_*
};

struct CAbiSignature {
  std::string entryName;
  /// What the entry computes, for the generated header ("attention").
  std::string summary = "attention";
  llvm::SmallVector<CAbiParam> params;

  /// The int64 table of attnc/Runtime/AbiTable.h.
  std::vector<int64_t> toTable() const;
  /// "q,k,v,out": parameter names for runtime messages.
  std::string joinedNames() const;

  mlir::DictionaryAttr toAttr(mlir::MLIRContext *ctx) const;
  static mlir::FailureOr<CAbiSignature> fromAttr(mlir::DictionaryAttr attr);
};

/// Name of the attribute that carries a serialised CAbiSignature.
inline constexpr llvm::StringLiteral kCAbiAttrName = "attnc.c_abi";

/// Symbol of the kernel behind entry point `entry`.
std::string kernelSymbolFor(llvm::StringRef entry);

/// Returns the spec functions of `module`: public functions containing an
/// attn.attention, attn.merge or attn.tree_positions op.
llvm::SmallVector<mlir::func::FuncOp> getSpecFunctions(mlir::ModuleOp module);

/// The first attn.attention, attn.merge or attn.tree_positions in the body
/// of `fn` (a spec function has exactly one; deriveCAbiSignature checks
/// it), or null.
mlir::Operation *getSpecOp(mlir::func::FuncOp fn);

/// Derives the signature of a spec function, emitting an error at the
/// offending location if the function is not a valid spec.
mlir::FailureOr<CAbiSignature> deriveCAbiSignature(mlir::func::FuncOp fn);

/// True for symbols that the runtime, MLIR's lowering or the C library
/// define, which no entry point may use.
bool isReservedSymbol(llvm::StringRef name);

/// Symbolic name of a runtime length symbol ("B", "Lq", "Lk").
llvm::StringRef symbolName(int64_t symbol);
/// Name of an attnc_dtype ("f32", ...).
llvm::StringRef dtypeName(int32_t dtype);
/// Size in bytes of one element of an attnc_dtype.
int64_t dtypeSize(int32_t dtype);

/// Writes a self-contained C header declaring every entry point.
void emitCHeader(llvm::ArrayRef<CAbiSignature> signatures,
                 llvm::StringRef guardName, llvm::raw_ostream &os);

} // namespace attnc

#endif // ATTNC_TARGET_CABI_H
