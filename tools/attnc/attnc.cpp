//===- attnc.cpp - the attnc compiler driver ------------------------------===//
//
//   attnc SPEC.mlir [-o OUT] [--emit=so|obj|llvm|mlir|header] [--cpu=CPU]
//   attnc run SPEC.mlir [--dims B=..,Lq=..,Lk=..] [--json] [--tol=X] ...
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "Options.h"

#include "attnc/Conversion/AttnToFlash.h"
#include "attnc/Conversion/Passes.h"
#include "attnc/Pipeline/Pipeline.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace attnc;
namespace cl = llvm::cl;

cl::SubCommand attnc::runCommand(
    "run", "Compile a spec, run it on seeded random inputs and compare it "
           "with the reference evaluator");

static cl::OptionCategory category("attnc options");

cl::opt<std::string> attnc::inputFilename(cl::Positional,
                                          cl::desc("<spec.mlir>"),
                                          cl::init("-"),
                                          cl::sub(cl::SubCommand::getTopLevel()),
                                          cl::sub(runCommand));

namespace {
enum class EmitKind { SharedLibrary, Object, LLVMIR, MLIR, Header };
} // namespace

static cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::SharedLibrary),
    cl::values(
        clEnumValN(EmitKind::SharedLibrary, "so",
                   "a shared library with one C entry point per spec function "
                   "(default)"),
        clEnumValN(EmitKind::Object, "obj",
                   "a relocatable object; link it with libattnc_runtime.a"),
        clEnumValN(EmitKind::LLVMIR, "llvm", "optimised LLVM IR (text)"),
        clEnumValN(EmitKind::MLIR, "mlir",
                   "the lowered module in the LLVM dialect (text)"),
        clEnumValN(EmitKind::Header, "header",
                   "a self-contained C header declaring the entry points")),
    cl::cat(category));

static cl::opt<std::string>
    outputFilename("o",
                   cl::desc("Output file (default: the spec's name with .so / "
                            ".o for binary outputs, stdout for text)"),
                   cl::value_desc("file"), cl::cat(category));

static cl::opt<std::string>
    cpu("cpu",
        cl::desc("Target CPU for code generation: 'native' (the host, "
                 "default) or an LLVM CPU name such as x86-64-v3"),
        cl::init("native"), cl::sub(cl::SubCommand::getTopLevel()),
        cl::sub(runCommand), cl::cat(category));

static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimisation level 0-3"),
                                  cl::init(3), cl::Prefix,
                                  cl::sub(cl::SubCommand::getTopLevel()),
                                  cl::sub(runCommand), cl::cat(category));

static cl::opt<unsigned> jobs(
    "jobs",
    cl::desc("Threads that optimise and compile the kernels of a shared "
             "library at once, each its own part of the module (default 0: "
             "one per hardware thread)"),
    cl::init(0), cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::cat(category));

static cl::opt<Lowering> lowering(
    "lowering", cl::desc("How attn.attention is lowered"),
    cl::init(Lowering::Flash),
    cl::values(clEnumValN(Lowering::Flash, "flash",
                          "fused, tiled, vectorised, multithreaded kernel "
                          "(default)"),
               clEnumValN(Lowering::Naive, "naive",
                          "reference lowering that materialises the scores "
                          "(for debugging)")),
    cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::cat(category));

static cl::opt<int64_t> queryTile(
    "query-tile",
    cl::desc("Queries per task of the flash kernel (a multiple of 3 x the "
             "vector width; default 48)"),
    cl::init(0), cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::cat(category));

static cl::opt<int64_t> keyTile(
    "key-tile",
    cl::desc("Keys per online-softmax step of the flash kernel (multiple of "
             "8; default 64)"),
    cl::init(0), cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::cat(category));

static cl::opt<unsigned> vectorWidth(
    "vector-width",
    cl::desc("f32 lanes per vector of the flash kernels: 4, 8 or 16 (default: "
             "16 if the target CPU has AVX-512F, else 8)"),
    cl::init(0), cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::cat(category));

FailureOr<PipelineOptions> attnc::getPipelineOptions() {
  PipelineOptions options;
  options.lowering = lowering;
  options.queryTile = queryTile;
  options.keyTile = keyTile;
  options.vectorWidth = vectorWidth;
  // The naive lowering has no tiles or vectors to check.
  if (lowering != Lowering::Flash)
    return options;
  if (vectorWidth == 0) {
    std::string error;
    options.vectorWidth = getTargetVectorWidth(getTargetOptions(), error);
    if (!options.vectorWidth) {
      llvm::errs() << "attnc: " << error << "\n";
      return failure();
    }
  } else if (!isFlashVectorWidth(vectorWidth)) {
    llvm::errs() << "attnc: --vector-width must be 4, 8 or 16, got "
                 << vectorWidth << "\n";
    return failure();
  }
  // One message here rather than one per spec function from the pass; the
  // width may have come from the CPU, so say which it is.
  int64_t rowsPerMicroTile = getFlashQueryTileMultiple(options.vectorWidth);
  if (queryTile < 0 || queryTile % rowsPerMicroTile != 0) {
    llvm::errs() << "attnc: --query-tile=" << queryTile
                 << " must be a positive multiple of 3 x the vector width, "
                 << rowsPerMicroTile << " with " << options.vectorWidth
                 << " lanes"
                 << (vectorWidth == 0 ? " (the target CPU's; see "
                                        "--vector-width)"
                                      : "")
                 << "\n";
    return failure();
  }
  if (keyTile < 0 || keyTile % getFlashKeyTileMultiple() != 0) {
    llvm::errs() << "attnc: --key-tile=" << keyTile
                 << " must be a positive multiple of "
                 << getFlashKeyTileMultiple() << "\n";
    return failure();
  }
  return options;
}

static cl::opt<bool>
    printPipeline("print-pipeline",
                  cl::desc("Print the pass pipeline from spec to LLVM and exit"),
                  cl::cat(category));

TargetOptions attnc::getTargetOptions() {
  TargetOptions options;
  options.cpu = cpu;
  options.optLevel = std::min(3u, unsigned(optLevel));
  options.jobs = jobs;
  return options;
}

static std::string defaultOutput() {
  if (emitKind != EmitKind::SharedLibrary && emitKind != EmitKind::Object)
    return "-";
  StringRef stem = inputFilename == "-"
                       ? StringRef("attn")
                       : llvm::sys::path::stem(inputFilename);
  return (stem + (emitKind == EmitKind::Object ? ".o" : ".so")).str();
}

static int compileSpec() {
  DialectRegistry registry;
  registerAttncDialects(registry);
  MLIRContext ctx(registry);
  // Diagnostics point at the spec; dumping the generic op form is noise.
  ctx.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &ctx);

  OwningOpRef<ModuleOp> module = loadSpec(inputFilename, sourceMgr, ctx);
  if (!module)
    return 1;
  FailureOr<SmallVector<CAbiSignature>> sigs = deriveSignatures(*module);
  if (failed(sigs))
    return 1;
  std::string output = outputFilename.empty() ? defaultOutput()
                                               : std::string(outputFilename);

  if (emitKind == EmitKind::Header) {
    std::string error;
    auto out = openOutputFile(output, &error);
    if (!out) {
      llvm::errs() << "attnc: " << error << "\n";
      return 1;
    }
    std::string specPath =
        inputFilename == "-" ? std::string("spec") : std::string(inputFilename);
    std::string guard =
        "ATTNC_" + llvm::sys::path::stem(specPath).upper() + "_H";
    for (char &c : guard)
      if (!llvm::isAlnum(c))
        c = '_';
    emitCHeader(*sigs, guard, out->os());
    out->keep();
    return 0;
  }

  FailureOr<PipelineOptions> pipeline = getPipelineOptions();
  if (failed(pipeline) || failed(lowerToLLVMDialect(*module, *pipeline)))
    return 1;
  TargetOptions target = getTargetOptions();
  switch (emitKind) {
  case EmitKind::MLIR:
  case EmitKind::LLVMIR: {
    std::string error;
    auto out = openOutputFile(output, &error);
    if (!out) {
      llvm::errs() << "attnc: " << error << "\n";
      return 1;
    }
    if (emitKind == EmitKind::MLIR) {
      module->print(out->os());
    } else {
      llvm::LLVMContext llvmCtx;
      auto m = translateToOptimizedLLVMIR(*module, llvmCtx, target, error);
      if (!m) {
        llvm::errs() << "attnc: " << error << "\n";
        return 1;
      }
      m->print(out->os(), nullptr);
    }
    out->keep();
    return 0;
  }
  case EmitKind::Object:
    return failed(emitObject(*module, target, output)) ? 1 : 0;
  case EmitKind::SharedLibrary:
    return failed(emitSharedLibrary(*module, target, output)) ? 1 : 0;
  case EmitKind::Header:
    break;
  }
  return 0;
}

/// Shows MLIR's pipeline-debugging flags in --help under their own heading
/// and hides the hundreds of LLVM-internal ones libLLVM registers.
static void organizeHelp() {
  static cl::OptionCategory debugCategory(
      "Pipeline debugging options (from MLIR)");
  static const char *const debugFlags[] = {
      "mlir-print-ir-after-all",   "mlir-print-ir-before-all",
      "mlir-print-ir-after",       "mlir-print-ir-before",
      "mlir-print-ir-after-change", "mlir-print-ir-after-failure",
      "mlir-print-ir-module-scope", "mlir-print-ir-tree-dir",
      "mlir-timing",               "mlir-pass-statistics",
      "mlir-print-debuginfo",      "mlir-print-local-scope",
      "mlir-print-op-generic",     "mlir-disable-threading"};
  auto &options = cl::getRegisteredOptions();
  for (const char *flag : debugFlags)
    if (cl::Option *opt = options.lookup(flag))
      opt->addCategory(debugCategory);
  cl::HideUnrelatedOptions({&category, &debugCategory, &getRunCategory()});
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAttncPasses();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  organizeHelp();
  cl::ParseCommandLineOptions(
      argc, argv,
      "attnc: compile attention specs (attn dialect) into fused kernels with "
      "a C ABI\n\n"
      "  attnc SPEC.mlir -o libattn.so          shared library\n"
      "  attnc SPEC.mlir --emit=header -o a.h   C header for it\n"
      "  attnc run SPEC.mlir --dims Lq=100      compile, run, check against "
      "the reference\n");
  if (printPipeline) {
    FailureOr<PipelineOptions> pipeline = getPipelineOptions();
    if (failed(pipeline))
      return 1;
    llvm::outs() << getCPUPipeline(*pipeline) << "\n";
    return 0;
  }
  if (runCommand)
    return runSpec();
  return compileSpec();
}
