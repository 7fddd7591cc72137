//===- PrepareCAbi.cpp - record the C ABI of spec functions ---------------===//

#include "attnc/Target/CAbi.h"
#include "attnc/Target/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCPREPARECABI
#include "attnc/Target/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;

namespace {
struct PrepareCAbiPass
    : public attnc::impl::AttncPrepareCAbiBase<PrepareCAbiPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Every symbol the library will define, to catch clashes now rather
    // than as a redefinition at the end of the pipeline.
    llvm::StringMap<Operation *> defined;
    for (Operation &op : module.getBody()->getOperations())
      if (auto name = op.getAttrOfType<StringAttr>(
              SymbolTable::getSymbolAttrName()))
        defined[name.getValue()] = &op;
    for (func::FuncOp fn : getSpecFunctions(module)) {
      FailureOr<CAbiSignature> sig = deriveCAbiSignature(fn);
      if (failed(sig))
        return signalPassFailure();
      for (StringRef suffix : {"_argv", "_error", "_set_num_threads"}) {
        std::string name = sig->entryName + suffix.str();
        auto [it, inserted] = defined.try_emplace(name, fn.getOperation());
        if (!inserted) {
          InFlightDiagnostic diag = fn.emitError("entry point '")
                                    << sig->entryName << "' defines '" << name
                                    << "', which clashes with another symbol";
          diag.attachNote(it->second->getLoc()) << "defined here";
          return signalPassFailure();
        }
      }
      std::string kernel = kernelSymbolFor(fn.getSymName());
      if (symbols.lookup(kernel)) {
        fn.emitError("symbol '") << kernel << "' is reserved by attnc";
        return signalPassFailure();
      }
      fn->setAttr(kCAbiAttrName, sig->toAttr(&getContext()));
      // The kernel gets MLIR's C wrapper, which takes one pointer to a
      // memref descriptor per parameter: the runtime calls that.
      fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(&getContext()));
      if (failed(symbols.rename(fn, StringAttr::get(&getContext(), kernel))))
        return signalPassFailure();
    }
  }
};
} // namespace
