//===- EmitCAbi.cpp - validating C entry points ---------------------------===//
//
// For each kernel, emits (in the LLVM dialect):
//
//   int32_t name(const attnc_tensor *p0, ..., const attnc_tensor *pN) {
//     const void *args[] = {p0, ..., pN};
//     return attnc_rt_invoke(table, names, args, _mlir_ciface_kernel);
//   }
//   int32_t name_argv(const attnc_tensor *const *args) {
//     return attnc_rt_invoke(table, names, args, _mlir_ciface_kernel);
//   }
//   const char *name_error(void) { return attnc_rt_last_error(); }
//   int32_t name_set_num_threads(int32_t n) {
//     return attnc_rt_set_num_threads(n);
//   }
//
// name_argv serves callers that build argument lists at run time (bindings).
//
//===----------------------------------------------------------------------===//

#include "attnc/Target/CAbi.h"
#include "attnc/Target/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCEMITCABI
#include "attnc/Target/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;

static constexpr StringLiteral kInvoke = "attnc_rt_invoke";
static constexpr StringLiteral kLastError = "attnc_rt_last_error";
static constexpr StringLiteral kSetThreads = "attnc_rt_set_num_threads";

static LLVM::LLVMFuncOp declareFunction(OpBuilder &b, ModuleOp module,
                                        StringRef name,
                                        LLVM::LLVMFunctionType type) {
  if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  return LLVM::LLVMFuncOp::create(b, module.getLoc(), name, type);
}

static LLVM::GlobalOp constantGlobal(OpBuilder &b, ModuleOp module, Location loc,
                                     StringRef name, Type type, Attribute value) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  return LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true,
                                LLVM::Linkage::Internal, name, value);
}

static LogicalResult emitEntry(OpBuilder &b, ModuleOp module,
                               LLVM::LLVMFuncOp kernel,
                               const CAbiSignature &sig) {
  MLIRContext *ctx = module.getContext();
  Location loc = kernel.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i32 = IntegerType::get(ctx, 32);
  auto i64 = IntegerType::get(ctx, 64);

  std::string wrapperName = ("_mlir_ciface_" + kernel.getName()).str();
  auto wrapper = module.lookupSymbol<LLVM::LLVMFuncOp>(wrapperName);
  if (!wrapper)
    return kernel.emitError("missing C wrapper '") << wrapperName << "'";
  // Only the entry point is part of the library's interface.
  kernel.setLinkage(LLVM::Linkage::Internal);
  wrapper.setLinkage(LLVM::Linkage::Internal);

  std::vector<int64_t> table = sig.toTable();
  auto tableType = LLVM::LLVMArrayType::get(i64, table.size());
  auto tableGlobal = constantGlobal(
      b, module, loc, "__attnc_table_" + sig.entryName, tableType,
      DenseElementsAttr::get(RankedTensorType::get({int64_t(table.size())}, i64),
                             ArrayRef<int64_t>(table)));
  std::string names = sig.joinedNames();
  names.push_back('\0');
  auto namesGlobal = constantGlobal(
      b, module, loc, "__attnc_names_" + sig.entryName,
      LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), names.size()),
      b.getStringAttr(names));

  auto invoke = declareFunction(
      b, module, kInvoke, LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr}));
  auto lastError = declareFunction(b, module, kLastError,
                                   LLVM::LLVMFunctionType::get(ptr, {}));

  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  unsigned n = sig.params.size();
  SmallVector<Type> paramTypes(n, ptr);
  auto entry = LLVM::LLVMFuncOp::create(
      b, loc, sig.entryName, LLVM::LLVMFunctionType::get(i32, paramTypes));
  Block *body = entry.addEntryBlock(b);
  b.setInsertionPointToStart(body);
  Value count = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(n));
  Value argv = LLVM::AllocaOp::create(b, loc, ptr, ptr, count);
  for (unsigned i = 0; i < n; ++i) {
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, argv,
                                     ArrayRef<LLVM::GEPArg>{int32_t(i)});
    LLVM::StoreOp::create(b, loc, body->getArgument(i), slot);
  }
  Value tableAddr = LLVM::AddressOfOp::create(b, loc, tableGlobal);
  Value namesAddr = LLVM::AddressOfOp::create(b, loc, namesGlobal);
  Value kernelAddr = LLVM::AddressOfOp::create(b, loc, wrapper);
  Value status = LLVM::CallOp::create(
                     b, loc, invoke,
                     ValueRange{tableAddr, namesAddr, argv, kernelAddr})
                     .getResult();
  LLVM::ReturnOp::create(b, loc, status);

  b.setInsertionPointToEnd(module.getBody());
  auto argvEntry = LLVM::LLVMFuncOp::create(
      b, loc, sig.entryName + "_argv", LLVM::LLVMFunctionType::get(i32, {ptr}));
  Block *argvBody = argvEntry.addEntryBlock(b);
  b.setInsertionPointToStart(argvBody);
  Value argvStatus =
      LLVM::CallOp::create(b, loc, invoke,
                           ValueRange{LLVM::AddressOfOp::create(b, loc, tableGlobal),
                                      LLVM::AddressOfOp::create(b, loc, namesGlobal),
                                      argvBody->getArgument(0),
                                      LLVM::AddressOfOp::create(b, loc, wrapper)})
          .getResult();
  LLVM::ReturnOp::create(b, loc, argvStatus);

  b.setInsertionPointToEnd(module.getBody());
  auto errorFn = LLVM::LLVMFuncOp::create(b, loc, sig.entryName + "_error",
                                          LLVM::LLVMFunctionType::get(ptr, {}));
  b.setInsertionPointToStart(errorFn.addEntryBlock(b));
  Value msg = LLVM::CallOp::create(b, loc, lastError, ValueRange{}).getResult();
  LLVM::ReturnOp::create(b, loc, msg);

  auto setThreads = declareFunction(b, module, kSetThreads,
                                    LLVM::LLVMFunctionType::get(i32, {i32}));
  b.setInsertionPointToEnd(module.getBody());
  auto threadsFn = LLVM::LLVMFuncOp::create(
      b, loc, sig.entryName + "_set_num_threads",
      LLVM::LLVMFunctionType::get(i32, {i32}));
  Block *threadsBody = threadsFn.addEntryBlock(b);
  b.setInsertionPointToStart(threadsBody);
  Value previous = LLVM::CallOp::create(b, loc, setThreads,
                                        ValueRange{threadsBody->getArgument(0)})
                       .getResult();
  LLVM::ReturnOp::create(b, loc, previous);
  return success();
}

namespace {
struct EmitCAbiPass : public attnc::impl::AttncEmitCAbiBase<EmitCAbiPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(&getContext());
    // The C wrappers inherit the attribute; the kernels are those whose
    // name matches the signature's entry.
    SmallVector<std::pair<LLVM::LLVMFuncOp, CAbiSignature>> kernels;
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>()) {
      auto attr = fn->getAttrOfType<DictionaryAttr>(kCAbiAttrName);
      if (!attr)
        continue;
      FailureOr<CAbiSignature> sig = CAbiSignature::fromAttr(attr);
      if (failed(sig)) {
        fn.emitError("malformed '") << kCAbiAttrName << "' attribute";
        return signalPassFailure();
      }
      if (fn.getName() == kernelSymbolFor(sig->entryName))
        kernels.emplace_back(fn, std::move(*sig));
    }
    for (auto &[kernel, sig] : kernels)
      if (failed(emitEntry(b, module, kernel, sig)))
        return signalPassFailure();
    // The attribute has no meaning in LLVM IR.
    module.walk([](LLVM::LLVMFuncOp fn) { fn->removeAttr(kCAbiAttrName); });
  }
};
} // namespace
