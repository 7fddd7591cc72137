//===- RunCommand.cpp - attnc run: compile, run, compare ------------------===//
//
// Compiles one spec function into a temporary shared library, calls it
// through its C entry point on seeded random inputs, evaluates the same spec
// with the reference evaluator and reports the error and the time.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "Options.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Pipeline/Pipeline.h"
#include "attnc/Reference/Evaluator.h"
#include "attnc/Runtime/AbiTable.h"
#include "attnc/Runtime/attnc_abi.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace mlir;
using namespace attnc;
namespace cl = llvm::cl;

static cl::OptionCategory runCategory("attnc run options");
cl::OptionCategory &attnc::getRunCategory() { return runCategory; }

static cl::opt<std::string> entryName(
    "entry", cl::desc("Spec function to run (needed when there are several)"),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string> dimsOpt(
    "dims",
    cl::desc("Runtime lengths, e.g. B=2,Lq=100,Lk=77 (defaults: B=1, Lq=64, "
             "Lk=Lq). Only dynamic dims may be set."),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<unsigned> seed("seed", cl::desc("Random seed (default 1)"),
                              cl::init(1), cl::sub(runCommand),
                              cl::cat(runCategory));
static cl::opt<double> inputScale(
    "input-scale",
    cl::desc("Float inputs are uniform in [-s, s] (default 1)"), cl::init(1.0),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<int64_t> intRange(
    "int-range",
    cl::desc("Integer inputs are uniform in [0, n) (default 4); bool inputs "
             "are 0 or 1"),
    cl::init(4), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<bool> sortedInts(
    "sorted-ints",
    cl::desc("Sort integer inputs along their last dim, as the segment ids "
             "of packed documents are"),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<unsigned> iterations(
    "iters", cl::desc("Timed calls; the median is reported (default 5)"),
    cl::init(5), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<bool> noReference(
    "no-reference",
    cl::desc("Time only: skip the reference evaluator (for large shapes)"),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string> keepLibrary(
    "keep-library",
    cl::desc("Also write the compiled library to this file (for profilers, "
             "which need the code that ran)"),
    cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<bool> json("json",
                          cl::desc("Print one JSON object instead of text"),
                          cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<double> tolerance(
    "tol",
    cl::desc("Fail (exit 1) unless out's max abs error and lse's max error "
             "relative to max(1, |lse|) are at most this (default: report "
             "only)"),
    cl::init(-1.0), cl::sub(runCommand), cl::cat(runCategory));

namespace {

/// One tensor in host memory, in the layout the entry point expects
/// (contiguous, row-major), and its exact values as doubles.
struct HostTensor {
  const CAbiParam *param;
  SmallVector<int64_t, 4> shape;
  std::vector<uint8_t> bytes;
  reference::Tensor values;
  attnc_tensor desc;
};

/// Errors of one output against the reference.
struct ErrorStats {
  double maxAbs = 0.0;
  double maxRel = 0.0;
};

} // namespace

static double decode(const uint8_t *p, int32_t dtype) {
  switch (dtype) {
  case ATTNC_F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case ATTNC_F16:
  case ATTNC_BF16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    const llvm::fltSemantics &sem = dtype == ATTNC_F16
                                        ? llvm::APFloat::IEEEhalf()
                                        : llvm::APFloat::BFloat();
    return llvm::APFloat(sem, llvm::APInt(16, bits)).convertToDouble();
  }
  case ATTNC_I8:
    return double(*reinterpret_cast<const int8_t *>(p));
  case ATTNC_I16: {
    int16_t v;
    std::memcpy(&v, p, 2);
    return v;
  }
  case ATTNC_I32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  case ATTNC_I64: {
    int64_t v;
    std::memcpy(&v, p, 8);
    return double(v);
  }
  case ATTNC_BOOL:
    return *p ? 1.0 : 0.0;
  }
  return NAN;
}

/// Stores `x` (rounded to the dtype) at `p`.
static void encode(uint8_t *p, int32_t dtype, double x) {
  switch (dtype) {
  case ATTNC_F32: {
    float f = float(x);
    std::memcpy(p, &f, 4);
    return;
  }
  case ATTNC_F16:
  case ATTNC_BF16: {
    llvm::APFloat f(x);
    bool lost;
    f.convert(dtype == ATTNC_F16 ? llvm::APFloat::IEEEhalf()
                                 : llvm::APFloat::BFloat(),
              llvm::APFloat::rmNearestTiesToEven, &lost);
    uint16_t bits = uint16_t(f.bitcastToAPInt().getZExtValue());
    std::memcpy(p, &bits, 2);
    return;
  }
  case ATTNC_I8:
    *reinterpret_cast<int8_t *>(p) = int8_t(x);
    return;
  case ATTNC_I16: {
    int16_t v = int16_t(x);
    std::memcpy(p, &v, 2);
    return;
  }
  case ATTNC_I32: {
    int32_t v = int32_t(x);
    std::memcpy(p, &v, 4);
    return;
  }
  case ATTNC_I64: {
    int64_t v = int64_t(x);
    std::memcpy(p, &v, 8);
    return;
  }
  case ATTNC_BOOL:
    *p = x != 0.0;
    return;
  }
}

static bool isFloatDtype(int32_t dtype) {
  return dtype == ATTNC_F32 || dtype == ATTNC_F16 || dtype == ATTNC_BF16;
}

/// Parses --dims into values for the B, Lq and Lk symbols.
static LogicalResult parseDims(int64_t (&syms)[ATTNC_NUM_SYMS],
                               bool (&given)[ATTNC_NUM_SYMS]) {
  syms[ATTNC_SYM_BATCH] = 1;
  syms[ATTNC_SYM_QUERY_LEN] = 64;
  syms[ATTNC_SYM_KEY_LEN] = -1;
  SmallVector<StringRef> items;
  StringRef(dimsOpt).split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    auto [name, value] = item.split('=');
    int64_t v;
    int sym = name.trim() == "B"    ? ATTNC_SYM_BATCH
              : name.trim() == "Lq" ? ATTNC_SYM_QUERY_LEN
              : name.trim() == "Lk" ? ATTNC_SYM_KEY_LEN
                                    : -1;
    if (sym < 0 || value.trim().getAsInteger(10, v) || v < 0) {
      llvm::errs() << "attnc run: bad --dims entry '" << item
                   << "': expected B=N, Lq=N or Lk=N with N >= 0\n";
      return failure();
    }
    syms[sym] = v;
    given[sym] = true;
  }
  if (syms[ATTNC_SYM_KEY_LEN] < 0)
    syms[ATTNC_SYM_KEY_LEN] = syms[ATTNC_SYM_QUERY_LEN];
  return success();
}

/// The symbol a static dimension would have had if it were dynamic.
static int symbolOfRole(int32_t role) {
  switch (role) {
  case ATTNC_ROLE_BATCH:
    return ATTNC_SYM_BATCH;
  case ATTNC_ROLE_QUERY_LEN:
    return ATTNC_SYM_QUERY_LEN;
  case ATTNC_ROLE_KEY_LEN:
    return ATTNC_SYM_KEY_LEN;
  }
  return -1;
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  return "[" +
         llvm::join(llvm::map_range(shape,
                                    [](int64_t d) { return std::to_string(d); }),
                    ", ") +
         "]";
}

/// Compares a computed output with its reference. -inf matches -inf; NaN,
/// or an infinity the reference does not have, counts as an infinite error.
/// The largest value of a signed integer of `bits` bits (2 to 64).
static int64_t signedMax(int64_t bits) {
  return int64_t(~uint64_t(0) >> (65 - bits));
}

static ErrorStats compare(const HostTensor &t, const reference::Tensor &ref,
                          bool relativeToMagnitude) {
  ErrorStats stats;
  double refMax = 0.0;
  double elemSize = double(dtypeSize(t.param->dtype));
  for (size_t i = 0; i < ref.data.size(); ++i) {
    double a = decode(t.bytes.data() + size_t(i * elemSize), t.param->dtype);
    double r = ref.data[i];
    double err;
    if (std::isinf(r) || std::isinf(a) || std::isnan(a) || std::isnan(r))
      err = (a == r) ? 0.0 : INFINITY;
    else
      err = std::fabs(a - r);
    if (std::isfinite(r))
      refMax = std::max(refMax, std::fabs(r));
    stats.maxAbs = std::max(stats.maxAbs, err);
    double rel = relativeToMagnitude
                     ? err / std::max(1.0, std::isfinite(r) ? std::fabs(r) : 1.0)
                     : err;
    stats.maxRel = std::max(stats.maxRel, rel);
  }
  if (!relativeToMagnitude)
    stats.maxRel = refMax > 0 ? stats.maxAbs / refMax : stats.maxAbs;
  return stats;
}

int attnc::runSpec() {
  DialectRegistry registry;
  registerAttncDialects(registry);
  MLIRContext ctx(registry);
  // Diagnostics point at the spec; dumping the generic op form is noise.
  ctx.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &ctx);
  OwningOpRef<ModuleOp> spec = loadSpec(inputFilename, sourceMgr, ctx);
  if (!spec)
    return 1;
  FailureOr<SmallVector<CAbiSignature>> sigs = deriveSignatures(*spec);
  if (failed(sigs))
    return 1;

  // Pick the entry.
  const CAbiSignature *sig = nullptr;
  if (entryName.empty()) {
    if (sigs->size() != 1) {
      llvm::errs() << "attnc run: the spec has " << sigs->size()
                   << " entry points; choose one with --entry\n";
      return 1;
    }
    sig = &sigs->front();
  } else {
    for (const CAbiSignature &s : *sigs)
      if (s.entryName == entryName)
        sig = &s;
    if (!sig) {
      llvm::errs() << "attnc run: no spec function named '" << entryName
                   << "'\n";
      return 1;
    }
  }
  auto fn = spec->lookupSymbol<func::FuncOp>(sig->entryName);
  Operation *op = getSpecOp(fn);
  auto merge = dyn_cast<attn::MergeOp>(op);

  // Shapes.
  int64_t syms[ATTNC_NUM_SYMS];
  bool given[ATTNC_NUM_SYMS] = {false, false, false};
  if (failed(parseDims(syms, given)))
    return 1;
  std::vector<HostTensor> tensors(sig->params.size());
  for (auto [t, p] : llvm::zip(tensors, sig->params)) {
    t.param = &p;
    for (auto [e, role] : llvm::zip(p.extents, p.roles)) {
      if (e >= 0) {
        int sym = symbolOfRole(role);
        if (sym >= 0 && given[sym] && syms[sym] != e) {
          llvm::errs() << "attnc run: " << symbolName(sym)
                       << " is static in this spec (" << e
                       << "); --dims cannot change it\n";
          return 1;
        }
      }
      if (e >= 0) {
        t.shape.push_back(e);
        continue;
      }
      t.shape.push_back(attnc_abi_divide_up(syms[attnc_abi_extent_symbol(e)],
                                            attnc_abi_extent_divisor(e)));
    }
  }

  // Operands that hold #attn.bitmask words.
  llvm::SmallDenseSet<unsigned> bitmaskInputs;
  if (auto attention = dyn_cast<attn::AttentionOp>(op))
    attn::walkMasks(attention.getMaskAttr(), [&](attn::MaskAttrInterface m) {
      if (auto bits = dyn_cast<attn::BitmaskAttr>(m))
        bitmaskInputs.insert(3 + bits.getInput());
    });

  // Seeded random inputs; outputs start as NaN (or -1) so unwritten ones
  // show up.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-inputScale, inputScale);
  std::uniform_int_distribution<int64_t> ints(0, std::max<int64_t>(1, intRange) - 1);
  std::uniform_int_distribution<int64_t> bits(0, 1);
  for (HostTensor &t : tensors) {
    int32_t dtype = t.param->dtype;
    t.values = reference::Tensor(t.shape);
    int64_t n = t.values.numElements();
    int64_t size = dtypeSize(dtype);
    t.bytes.assign(size_t(n * size), 0);
    for (int64_t i = 0; i < n; ++i) {
      // Integer outputs (tree positions, never negative) start at -1.
      double x = t.param->isOutput       ? (isFloatDtype(dtype) ? NAN : -1.0)
                 : isFloatDtype(dtype)   ? uniform(rng)
                 : dtype == ATTNC_BOOL   ? double(bits(rng))
                                         : double(ints(rng));
      t.values.data[i] = x;
    }
    bool isInt = !t.param->isOutput && !isFloatDtype(dtype) &&
                 dtype != ATTNC_BOOL;
    int64_t rowLen = t.shape.empty() ? 1 : t.shape.back();
    if (sortedInts && isInt && rowLen > 0)
      for (int64_t i = 0; i < n; i += rowLen)
        std::sort(t.values.data.begin() + i, t.values.data.begin() + i + rowLen);
    // Tree parents: a random tree per row, each parent before its node.
    if (t.param->content == ATTNC_CONTENT_TREE_PARENTS && rowLen > 0)
      for (int64_t i = 0; i < n; ++i) {
        int64_t node = i % rowLen;
        // Parents stay representable in narrow types (i8 holds up to 127).
        int64_t largest =
            std::min<int64_t>(node - 1, signedMax(8 * dtypeSize(dtype)));
        t.values.data[i] = double(
            std::uniform_int_distribution<int64_t>(-1, largest)(rng));
      }
    // Bit-mask words: random bits, a quarter of the words none (so that
    // short rows are sometimes fully masked).
    if (!t.param->isOutput && bitmaskInputs.contains(t.param->opIndex))
      for (int64_t i = 0; i < n; ++i) {
        int64_t width = 8 * dtypeSize(dtype);
        std::uniform_int_distribution<int64_t> word(-signedMax(width) - 1,
                                                    signedMax(width));
        bool none = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
        t.values.data[i] = none ? 0.0 : double(word(rng));
      }
    // Partial LSEs of a merge: a quarter are -inf (an empty key range), so
    // some rows merge partials with nothing and some have none at all.
    if (merge && !t.param->isOutput &&
        t.param->opIndex >= merge.getOutputs().size())
      for (int64_t i = 0; i < n; ++i)
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0)
          t.values.data[i] = -std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < n; ++i) {
      encode(t.bytes.data() + i * size, dtype, t.values.data[i]);
      t.values.data[i] = decode(t.bytes.data() + i * size, dtype);
    }
    std::memset(&t.desc, 0, sizeof(t.desc));
    t.desc.data = t.bytes.data();
    t.desc.dtype = dtype;
    t.desc.rank = int32_t(t.shape.size());
    int64_t stride = 1;
    for (int64_t d = int64_t(t.shape.size()) - 1; d >= 0; --d) {
      t.desc.shape[d] = t.shape[d];
      t.desc.strides[d] = stride;
      stride *= t.shape[d];
    }
  }

  // Compile into a temporary library and load it.
  SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("attnc-run", dir)) {
    llvm::errs() << "attnc run: cannot create a temporary directory\n";
    return 1;
  }
  SmallString<128> libPath(dir);
  llvm::sys::path::append(libPath, "spec.so");
  llvm::scope_exit cleanup([&, tempLib = libPath] {
    llvm::sys::fs::remove(tempLib);
    llvm::sys::fs::remove(dir);
  });
  OwningOpRef<ModuleOp> lowered = spec->clone();
  auto compileStart = std::chrono::steady_clock::now();
  FailureOr<PipelineOptions> pipeline = getPipelineOptions();
  if (failed(pipeline) || failed(lowerToLLVMDialect(*lowered, *pipeline)) ||
      failed(emitSharedLibrary(*lowered, getTargetOptions(), libPath)))
    return 1;
  double compileMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - compileStart)
                         .count();
  if (!keepLibrary.empty()) {
    if (std::error_code ec = llvm::sys::fs::copy_file(libPath, keepLibrary)) {
      llvm::errs() << "attnc run: cannot write '" << keepLibrary
                   << "': " << ec.message() << "\n";
      return 1;
    }
    // dlopen searches the library path for a name without a slash.
    libPath = keepLibrary;
    llvm::sys::fs::make_absolute(libPath);
  }
  void *lib = dlopen(libPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    llvm::errs() << "attnc run: " << dlerror() << "\n";
    return 1;
  }
  llvm::scope_exit closeLib([&] { dlclose(lib); });
  auto entry = reinterpret_cast<int32_t (*)(const attnc_tensor *const *)>(
      dlsym(lib, (sig->entryName + "_argv").c_str()));
  auto errorFn = reinterpret_cast<const char *(*)()>(
      dlsym(lib, (sig->entryName + "_error").c_str()));
  if (!entry || !errorFn) {
    llvm::errs() << "attnc run: the library lacks '" << sig->entryName
                 << "_argv'\n";
    return 1;
  }

  SmallVector<const attnc_tensor *> args;
  for (HostTensor &t : tensors)
    args.push_back(&t.desc);
  auto call = [&] { return entry(args.data()); };

  int32_t status = call();
  if (status != ATTNC_OK) {
    llvm::errs() << "attnc run: " << sig->entryName << " returned " << status
                 << ": " << errorFn() << "\n";
    return 1;
  }
  std::vector<double> times;
  for (unsigned i = 0; i < std::max(1u, unsigned(iterations)); ++i) {
    auto start = std::chrono::steady_clock::now();
    call();
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  double medianMs = times[times.size() / 2];

  // Reference.
  SmallVector<reference::Tensor> operands(op->getNumOperands());
  for (HostTensor &t : tensors)
    if (!t.param->isOutput)
      operands[t.param->opIndex] = t.values;
  std::optional<ErrorStats> outErr, lseErr;
  if (!noReference) {
    std::string error;
    FailureOr<reference::Result> ref = failure();
    if (merge)
      ref = reference::evaluate(merge, operands, error);
    else if (auto tree = dyn_cast<attn::TreePositionsOp>(op))
      ref = reference::evaluate(tree, operands, error);
    else
      ref = reference::evaluate(cast<attn::AttentionOp>(op), operands, error);
    if (failed(ref)) {
      llvm::errs() << "attnc run: reference evaluator: " << error << "\n";
      return 1;
    }
    for (HostTensor &t : tensors) {
      if (!t.param->isOutput)
        continue;
      if (t.param->opIndex == 0)
        outErr = compare(t, ref->output, /*relativeToMagnitude=*/false);
      else
        lseErr = compare(t, *ref->lse, /*relativeToMagnitude=*/true);
    }
  }
  // Work: 2 FLOPs per multiply-add in Q.K (Dqk) and P.V (Dv) per kept pair.
  // A merge or tree_positions does no attention work: no GFLOP/s.
  std::optional<int64_t> kept;
  double flopsPerPair = 0;
  if (auto attention = dyn_cast<attn::AttentionOp>(op)) {
    kept = reference::countKeptPairs(attention, operands);
    flopsPerPair = 2.0 * (attention.getQuery().getType().getDimSize(3) +
                          attention.getValue().getType().getDimSize(3));
  }
  bool pass = true;
  if (tolerance >= 0 && noReference) {
    llvm::errs() << "attnc run: --tol needs the reference; drop --no-reference\n";
    return 1;
  }
  if (tolerance >= 0) {
    pass = (!outErr || outErr->maxAbs <= tolerance) &&
           (!lseErr || lseErr->maxRel <= tolerance);
  }

  if (json) {
    llvm::json::Object shapes;
    for (HostTensor &t : tensors)
      shapes[t.param->name] = llvm::json::Array(t.shape);
    llvm::json::Object obj{
        {"entry", sig->entryName},
        {"shapes", std::move(shapes)},
        {"ms", medianMs},
        {"compile_ms", compileMs},
    };
    if (outErr) {
      obj["max_abs_err"] = outErr->maxAbs;
      obj["max_rel_err"] = outErr->maxRel;
    }
    if (kept) {
      obj["kept_pairs"] = *kept;
      obj["gflops"] = *kept * flopsPerPair / (medianMs * 1e6);
    }
    if (lseErr) {
      obj["lse_max_abs_err"] = lseErr->maxAbs;
      obj["lse_max_rel_err"] = lseErr->maxRel;
    }
    if (tolerance >= 0)
      obj["pass"] = pass;
    llvm::outs() << llvm::json::Value(std::move(obj)) << "\n";
  } else {
    llvm::outs() << "entry: " << sig->entryName << "\n";
    for (HostTensor &t : tensors)
      llvm::outs() << "  " << t.param->name << ": "
                   << dtypeName(t.param->dtype) << " " << shapeStr(t.shape)
                   << "\n";
    if (outErr)
      llvm::outs() << llvm::formatv("out: max_abs_err={0:e3} max_rel_err={1:e3}\n",
                                    outErr->maxAbs, outErr->maxRel);
    if (lseErr)
      llvm::outs() << llvm::formatv(
          "lse: max_abs_err={0:e3} max_err_rel_to_max(1,|lse|)={1:e3}\n",
          lseErr->maxAbs, lseErr->maxRel);
    llvm::outs() << llvm::formatv("time: {0:f3} ms (median of {1}), compile "
                                  "{2:f0} ms\n",
                                  medianMs, times.size(), compileMs);
    if (kept)
      llvm::outs() << llvm::formatv("kept pairs: {0}, {1:f1} GFLOP/s\n", *kept,
                                    *kept * flopsPerPair / (medianMs * 1e6));
    if (tolerance >= 0)
      llvm::outs() << (pass ? "PASS" : "FAIL") << " (tol " << tolerance
                   << ")\n";
  }
  return pass ? 0 : 1;
}
