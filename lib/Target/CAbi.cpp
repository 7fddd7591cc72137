//===- CAbi.cpp - the C ABI of spec functions -----------------------------===//

#include "attnc/Target/CAbi.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runtime/AbiTable.h"
#include "attnc/Runtime/attnc_abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::attn;

// The text of attnc_abi.h, embedded so that generated headers are standalone.
static const char *const kAbiHeaderText =
#include "AbiHeader.inc"
    ;

std::string attnc::kernelSymbolFor(StringRef entry) {
  return ("__attnc_kernel_" + entry).str();
}

StringRef attnc::symbolName(int64_t symbol) {
  switch (symbol) {
  case ATTNC_SYM_BATCH:
    return "B";
  case ATTNC_SYM_QUERY_LEN:
    return "Lq";
  case ATTNC_SYM_KEY_LEN:
    return "Lk";
  }
  return "?";
}

StringRef attnc::dtypeName(int32_t dtype) {
  static const char *const names[] = {"f32", "f16", "bf16", "i8",
                                      "i16", "i32", "i64",  "bool"};
  return dtype >= 0 && dtype < 8 ? names[dtype] : "unknown";
}

int64_t attnc::dtypeSize(int32_t dtype) {
  static const int64_t sizes[] = {4, 2, 2, 1, 2, 4, 8, 1};
  return dtype >= 0 && dtype < 8 ? sizes[dtype] : 0;
}

static FailureOr<int32_t> dtypeOf(Type t) {
  if (t.isF32())
    return ATTNC_F32;
  if (t.isF16())
    return ATTNC_F16;
  if (t.isBF16())
    return ATTNC_BF16;
  if (auto i = dyn_cast<IntegerType>(t)) {
    switch (i.getWidth()) {
    case 1:
      return ATTNC_BOOL;
    case 8:
      return ATTNC_I8;
    case 16:
      return ATTNC_I16;
    case 32:
      return ATTNC_I32;
    case 64:
      return ATTNC_I64;
    }
  }
  return failure();
}

//===----------------------------------------------------------------------===//
// Deriving the signature
//===----------------------------------------------------------------------===//

SmallVector<func::FuncOp> attnc::getSpecFunctions(ModuleOp module) {
  SmallVector<func::FuncOp> fns;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isExternal())
      continue;
    if (getSpecOp(fn))
      fns.push_back(fn);
  }
  return fns;
}

/// The ops a spec function computes, one per function.
static bool isSpecOpKind(Operation &op) {
  return isa<AttentionOp, MergeOp, TreePositionsOp>(op);
}

Operation *attnc::getSpecOp(func::FuncOp fn) {
  for (Operation &op : fn.getBody().getOps())
    if (isSpecOpKind(op))
      return &op;
  return nullptr;
}

namespace {
/// Extent and role of each dim of an attention operand or result, in terms
/// of the op's (b, h, q, k) sizes.
struct DimInfo {
  int64_t extent;
  int32_t role;
};
} // namespace

static int64_t symbolic(int64_t extent, int64_t symbol) {
  return ShapedType::isDynamic(extent) ? -1 - symbol : extent;
}

static bool isSinksOperand(AttentionOp op, unsigned operand) {
  return op.getSinks() &&
         op.getSinksMutable()[0].getOperandNumber() == operand;
}

static bool isGateOperand(AttentionOp op, unsigned operand) {
  return op.getGate() && op.getGateMutable()[0].getOperandNumber() == operand;
}

/// Operand `operand` is factor U (`which` = 0) or W (1) of the low-rank bias.
static bool isBiasFactor(AttentionOp op, unsigned operand, unsigned which) {
  if (!op.hasLowRankBias())
    return false;
  return op.getBiasQueryFactorMutable()[0].getOperandNumber() + which ==
         operand;
}

/// Operand `operand` is the scale or the bias of `affine_weights`.
static bool isAffineWeightsOperand(AttentionOp op, unsigned operand) {
  if (!op.hasAffineWeights())
    return false;
  unsigned first = op.getWeightScaleMutable()[0].getOperandNumber();
  return operand == first || operand == first + 1;
}

static SmallVector<DimInfo> dimsOfOperand(AttentionOp op, unsigned operand) {
  auto qt = op.getQuery().getType(), kt = op.getKey().getType(),
       vt = op.getValue().getType();
  DimInfo batch = {symbolic(qt.getDimSize(0), ATTNC_SYM_BATCH), ATTNC_ROLE_BATCH};
  DimInfo qHeads = {qt.getDimSize(1), ATTNC_ROLE_QUERY_HEADS};
  DimInfo kvHeads = {kt.getDimSize(1), ATTNC_ROLE_KV_HEADS};
  DimInfo qLen = {symbolic(qt.getDimSize(2), ATTNC_SYM_QUERY_LEN),
                  ATTNC_ROLE_QUERY_LEN};
  DimInfo kLen = {symbolic(kt.getDimSize(2), ATTNC_SYM_KEY_LEN),
                  ATTNC_ROLE_KEY_LEN};
  DimInfo headDim = {qt.getDimSize(3), ATTNC_ROLE_HEAD_DIM};
  DimInfo valueDim = {vt.getDimSize(3), ATTNC_ROLE_VALUE_DIM};
  switch (operand) {
  case 0:
    return {batch, qHeads, qLen, headDim};
  case 1:
    return {batch, kvHeads, kLen, headDim};
  case 2:
    return {batch, kvHeads, kLen, valueDim};
  default:
    break;
  }
  if (isSinksOperand(op, operand))
    return {qHeads};
  if (isGateOperand(op, operand)) {
    auto gt = op.getGate().getType();
    return {batch, qHeads, qLen,
            gt.getDimSize(3) == 1 ? DimInfo{1, ATTNC_ROLE_OTHER} : valueDim};
  }
  DimInfo biasRank = {op.hasLowRankBias()
                          ? op.getBiasQueryFactor().getType().getDimSize(3)
                          : 0,
                      ATTNC_ROLE_OTHER};
  if (isBiasFactor(op, operand, 0))
    return {batch, qHeads, qLen, biasRank};
  if (isBiasFactor(op, operand, 1))
    return {batch, kvHeads, kLen, biasRank};
  if (isAffineWeightsOperand(op, operand))
    return {batch, qHeads, qLen};
  // Extra inputs: each dim is indexed by b, h, q, k (divided by a
  // constant), or broadcast (0).
  DimInfo bucket = {op.getIterationExtents()[InputIndex::kBucket],
                    ATTNC_ROLE_OTHER};
  DimInfo iter[] = {batch, qHeads, qLen, kLen, bucket};
  SmallVector<DimInfo> dims;
  AffineMap map = op.getInputIndexMaps()[operand - 3];
  for (AffineExpr e : map.getResults()) {
    InputIndex index = InputIndex::decode(e);
    if (index.isBroadcast()) {
      dims.push_back({1, ATTNC_ROLE_OTHER});
      continue;
    }
    DimInfo d = iter[index.dim];
    if (index.divisor > 1) {
      d.extent = d.extent >= 0
                     ? index.extentFor(d.extent)
                     : attnc_abi_symbolic_extent(-1 - d.extent, index.divisor);
      d.role = ATTNC_ROLE_OTHER;
    }
    dims.push_back(d);
  }
  return dims;
}

static SmallVector<DimInfo> dimsOfResult(AttentionOp op, unsigned result) {
  SmallVector<DimInfo> q = dimsOfOperand(op, 0);
  SmallVector<DimInfo> v = dimsOfOperand(op, 2);
  if (result == 0)
    return {q[0], q[1], q[2], v[3]};
  return {q[0], q[1], q[2]};
}

/// Partial outputs [B, H, L, Dv], partial LSEs [B, H, L] and the results
/// of an attn.merge, with the symbols and roles of an attention output.
static SmallVector<DimInfo> dimsOfMergeValue(MergeOp op, bool isLse) {
  auto t = op.getOutput().getType();
  SmallVector<DimInfo> dims = {
      {symbolic(t.getDimSize(0), ATTNC_SYM_BATCH), ATTNC_ROLE_BATCH},
      {t.getDimSize(1), ATTNC_ROLE_QUERY_HEADS},
      {symbolic(t.getDimSize(2), ATTNC_SYM_QUERY_LEN), ATTNC_ROLE_QUERY_LEN},
      {t.getDimSize(3), ATTNC_ROLE_VALUE_DIM}};
  if (isLse)
    dims.pop_back();
  return dims;
}

/// The parents and positions of an attn.tree_positions: [Lq] or [B, Lq].
static SmallVector<DimInfo> dimsOfTreePositions(TreePositionsOp op) {
  auto t = op.getParent().getType();
  DimInfo nodes = {symbolic(t.getDimSize(t.getRank() - 1), ATTNC_SYM_QUERY_LEN),
                   ATTNC_ROLE_QUERY_LEN};
  if (t.getRank() == 1)
    return {nodes};
  return {{symbolic(t.getDimSize(0), ATTNC_SYM_BATCH), ATTNC_ROLE_BATCH}, nodes};
}

static SmallVector<DimInfo> dimsOfSpecOperand(Operation *op, unsigned operand) {
  if (auto tree = dyn_cast<TreePositionsOp>(op))
    return dimsOfTreePositions(tree);
  if (auto merge = dyn_cast<MergeOp>(op))
    return dimsOfMergeValue(merge, operand >= merge.getOutputs().size());
  return dimsOfOperand(cast<AttentionOp>(op), operand);
}

static SmallVector<DimInfo> dimsOfSpecResult(Operation *op, unsigned result) {
  if (auto tree = dyn_cast<TreePositionsOp>(op))
    return dimsOfTreePositions(tree);
  if (auto merge = dyn_cast<MergeOp>(op))
    return dimsOfMergeValue(merge, result == 1);
  return dimsOfResult(cast<AttentionOp>(op), result);
}

/// The default C name of operand `operand`.
static std::string operandName(Operation *op, unsigned operand) {
  if (isa<TreePositionsOp>(op))
    return "parent";
  if (auto merge = dyn_cast<MergeOp>(op)) {
    size_t n = merge.getOutputs().size();
    return operand < n ? "o" + std::to_string(operand)
                       : "lse" + std::to_string(operand - n);
  }
  static const char *const qkvNames[] = {"q", "k", "v"};
  auto attn = cast<AttentionOp>(op);
  return operand < 3                     ? qkvNames[operand]
         : isSinksOperand(attn, operand) ? "sinks"
         : isGateOperand(attn, operand)  ? "gate"
         : isBiasFactor(attn, operand, 0) ? "bias_u"
         : isBiasFactor(attn, operand, 1) ? "bias_w"
         : isAffineWeightsOperand(attn, operand)
             ? (operand == attn.getWeightScaleMutable()[0].getOperandNumber()
                    ? "weight_scale"
                    : "weight_bias")
             : "in" + std::to_string(operand - 3);
}

static bool isCKeyword(StringRef s) {
  static const char *const keywords[] = {
      "auto",     "break",    "case",     "char",       "const",
      "continue", "default",  "do",       "double",     "else",
      "enum",     "extern",   "float",    "for",        "goto",
      "if",       "inline",   "int",      "long",       "register",
      "restrict", "return",   "short",    "signed",     "sizeof",
      "static",   "struct",   "switch",   "typedef",    "union",
      "unsigned", "void",     "volatile", "while",      "_Alignas",
      "_Alignof", "_Atomic",  "_Bool",    "_Complex",   "_Generic",
      "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
      "bool",     "true",     "false",    "alignas",    "alignof",
      "nullptr",  "static_assert", "thread_local", "typeof"};
  return llvm::is_contained(keywords, s);
}

/// A name usable as a C identifier in the generated header.
static bool isCIdentifier(StringRef s) {
  if (s.empty() || llvm::isDigit(s[0]) || isCKeyword(s))
    return false;
  return llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

bool attnc::isReservedSymbol(StringRef name) {
  // Symbols of the runtime, of MLIR's lowering and of the C library that
  // every generated library references or defines.
  static const char *const names[] = {
      "malloc", "free",   "calloc", "realloc", "aligned_alloc", "memcpy",
      "memmove", "memset", "memrefCopy", "abort", "expf", "exp", "logf",
      "log",    "tanhf",  "tanh",   "sqrtf",  "sqrt",  "powf", "pow",
      "erff",   "erf",    "exp2f",  "log2f",  "expm1f", "log1pf", "sinf",
      "cosf",   "tanf",   "atanf",  "atan2f", "fmaf",  "floorf", "ceilf",
      "roundf", "truncf", "fabsf",  "sinhf",  "coshf", "fmodf", "cbrtf",
      "snprintf", "vsnprintf", "printf", "fprintf", "strlen", "strcmp",
      "memcmp", "dlopen", "dlsym", "pthread_create", "exit"};
  // Prefixes of the runtime, MLIR, OpenMP and the implementation; names the
  // generated header uses for types; and `_t` names (POSIX types).
  return name.starts_with("attnc_") || name.starts_with("ATTNC_") ||
         name.starts_with("__") || name.starts_with("_mlir_") ||
         name.starts_with("omp_") || name.starts_with("kmp_") ||
         name.ends_with("_t") || llvm::is_contained(names, name);
}

FailureOr<CAbiSignature> attnc::deriveCAbiSignature(func::FuncOp fn) {
  CAbiSignature sig;
  sig.entryName = fn.getSymName().str();
  if (!isCIdentifier(sig.entryName))
    return fn.emitError("spec function name '")
           << sig.entryName << "' is not a valid C identifier";
  for (StringRef suffix : {"", "_argv", "_error", "_set_num_threads"})
    if (isReservedSymbol(sig.entryName + suffix.str()))
      return fn.emitError("spec function name '")
             << sig.entryName << "' would define '" << sig.entryName
             << suffix << "', a symbol reserved by attnc or the C library";

  Operation *op = nullptr;
  for (Operation &nested : fn.getBody().front()) {
    if (isa<func::ReturnOp>(nested))
      continue;
    if (isSpecOpKind(nested) && !op) {
      op = &nested;
      continue;
    }
    return nested.emitError("a spec function may only contain one "
                            "attn.attention, attn.merge or "
                            "attn.tree_positions and a return, found '")
           << nested.getName() << "'";
  }

  // Parameters: the function arguments, each an operand of the op.
  StringRef opName = op->getName().getStringRef();
  for (BlockArgument arg : fn.getArguments()) {
    // Each argument feeds exactly one operand: the runtime checks a tensor
    // against one shape, so a tensor used twice (say as query and key)
    // would be validated for only one of its roles.
    std::optional<unsigned> use;
    for (OpOperand &operand : arg.getUses()) {
      if (operand.getOwner() != op)
        continue;
      if (use)
        return fn.emitError("argument #")
               << arg.getArgNumber() << " is used by more than one operand of "
               << opName << "; pass it once per operand";
      use = operand.getOperandNumber();
    }
    if (!use)
      return fn.emitError("argument #")
             << arg.getArgNumber()
             << " of a spec function must be used directly by its " << opName;
    CAbiParam p;
    p.opIndex = *use;
    p.name = operandName(op, *use);
    if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                    "attnc.name"))
      p.name = name.str();
    if (auto attn = dyn_cast<AttentionOp>(op))
      attn::walkMasks(attn.getMaskAttr(), [&](attn::MaskAttrInterface m) {
        if (auto tree = dyn_cast<attn::TreeAttr>(m);
            tree && *use == 3 + tree.getParent())
          p.content = ATTNC_CONTENT_TREE_PARENTS;
      });
    if (isa<TreePositionsOp>(op))
      p.content = ATTNC_CONTENT_TREE_PARENTS;
    auto type = cast<RankedTensorType>(arg.getType());
    FailureOr<int32_t> dtype = dtypeOf(type.getElementType());
    if (failed(dtype))
      return fn.emitError("argument #")
             << arg.getArgNumber() << " has an element type with no C ABI: "
             << type.getElementType();
    p.dtype = *dtype;
    if (type.getRank() > ATTNC_MAX_RANK)
      return fn.emitError("argument #")
             << arg.getArgNumber() << " has rank " << type.getRank()
             << "; the C ABI supports at most " << ATTNC_MAX_RANK;
    for (DimInfo d : dimsOfSpecOperand(op, *use)) {
      p.extents.push_back(d.extent);
      p.roles.push_back(d.role);
    }
    sig.params.push_back(std::move(p));
  }

  // Results: the op's results, returned as they are.
  auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  static const char *const resultNames[] = {"out", "lse"};
  if (isa<MergeOp>(op))
    sig.summary = "merges partial attention results";
  if (isa<TreePositionsOp>(op))
    sig.summary = "position ids of a token tree's nodes";
  for (Value v : ret.getOperands()) {
    auto res = dyn_cast<OpResult>(v);
    if (!res || res.getOwner() != op)
      return ret.emitError("a spec function must return the results of its ")
             << opName;
    CAbiParam p;
    p.isOutput = true;
    p.opIndex = res.getResultNumber();
    p.name = isa<TreePositionsOp>(op) ? "positions" : resultNames[p.opIndex];
    p.dtype = *dtypeOf(cast<ShapedType>(v.getType()).getElementType());
    for (DimInfo d : dimsOfSpecResult(op, p.opIndex)) {
      p.extents.push_back(d.extent);
      p.roles.push_back(d.role);
    }
    sig.params.push_back(std::move(p));
  }
  if (sig.params.size() > ATTNC_MAX_PARAMS)
    return fn.emitError("a spec function may have at most ")
           << ATTNC_MAX_PARAMS << " arguments and results together";
  // Names become C parameters in the header and fields of a comma-separated
  // list for the runtime.
  llvm::StringSet<> seen;
  for (const CAbiParam &p : sig.params) {
    if (!isCIdentifier(p.name) || isReservedSymbol(p.name))
      return fn.emitError("parameter name '")
             << p.name << "' is not a valid C identifier or is reserved";
    if (!seen.insert(p.name).second)
      return fn.emitError("parameter name '")
             << p.name << "' is used twice; give the arguments distinct "
                          "'attnc.name's and return each result once";
  }
  return sig;
}

//===----------------------------------------------------------------------===//
// Serialisation
//===----------------------------------------------------------------------===//

std::vector<int64_t> CAbiSignature::toTable() const {
  std::vector<int64_t> t = {ATTNC_ABI_TABLE_VERSION, int64_t(params.size())};
  for (const CAbiParam &p : params) {
    t.push_back(p.isOutput ? ATTNC_PARAM_OUTPUT : ATTNC_PARAM_INPUT);
    t.push_back(p.dtype);
    t.push_back(p.content);
    t.push_back(p.extents.size());
    for (auto [e, r] : llvm::zip(p.extents, p.roles)) {
      t.push_back(e);
      t.push_back(r);
    }
  }
  return t;
}

std::string CAbiSignature::joinedNames() const {
  return llvm::join(llvm::map_range(params, [](const CAbiParam &p) {
                      return StringRef(p.name);
                    }),
                    ",");
}

DictionaryAttr CAbiSignature::toAttr(MLIRContext *ctx) const {
  Builder b(ctx);
  SmallVector<int64_t> opIndices;
  for (const CAbiParam &p : params)
    opIndices.push_back(p.opIndex);
  return b.getDictionaryAttr({
      b.getNamedAttr("entry", b.getStringAttr(entryName)),
      b.getNamedAttr("names", b.getStringAttr(joinedNames())),
      b.getNamedAttr("table", b.getDenseI64ArrayAttr(toTable())),
      b.getNamedAttr("op_indices", b.getDenseI64ArrayAttr(opIndices)),
  });
}

FailureOr<CAbiSignature> CAbiSignature::fromAttr(DictionaryAttr attr) {
  auto entry = attr.getAs<StringAttr>("entry");
  auto names = attr.getAs<StringAttr>("names");
  auto table = attr.getAs<DenseI64ArrayAttr>("table");
  auto opIndices = attr.getAs<DenseI64ArrayAttr>("op_indices");
  if (!entry || !names || !table || !opIndices)
    return failure();
  CAbiSignature sig;
  sig.entryName = entry.str();
  SmallVector<StringRef> nameList;
  names.getValue().split(nameList, ',');
  ArrayRef<int64_t> t = table.asArrayRef();
  if (t.size() < 2 || t[0] != ATTNC_ABI_TABLE_VERSION ||
      size_t(t[1]) != nameList.size() || t[1] != int64_t(opIndices.size()))
    return failure();
  size_t pos = 2;
  for (int64_t i = 0; i < t[1]; ++i) {
    if (pos + 4 > t.size())
      return failure();
    CAbiParam p;
    p.name = nameList[i].str();
    p.isOutput = t[pos] == ATTNC_PARAM_OUTPUT;
    p.dtype = t[pos + 1];
    p.content = t[pos + 2];
    int64_t rank = t[pos + 3];
    pos += 4;
    if (rank < 0 || pos + 2 * rank > t.size())
      return failure();
    for (int64_t d = 0; d < rank; ++d, pos += 2) {
      p.extents.push_back(t[pos]);
      p.roles.push_back(t[pos + 1]);
    }
    p.opIndex = opIndices[i];
    sig.params.push_back(std::move(p));
  }
  if (pos != t.size())
    return failure();
  return sig;
}

//===----------------------------------------------------------------------===//
// C header
//===----------------------------------------------------------------------===//

static std::string shapeString(const CAbiParam &p) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(p.extents, os, [&](int64_t e) {
    if (e >= 0)
      os << e;
    else if (int64_t divisor = attnc_abi_extent_divisor(e); divisor > 1)
      os << "ceil(" << symbolName(attnc_abi_extent_symbol(e)) << "/"
         << divisor << ")";
    else
      os << symbolName(attnc_abi_extent_symbol(e));
  });
  os << "]";
  return s;
}

void attnc::emitCHeader(ArrayRef<CAbiSignature> signatures, StringRef guardName,
                        raw_ostream &os) {
  os << "/* Generated by attnc. Do not edit. */\n"
     << "#ifndef " << guardName << "\n#define " << guardName << "\n\n"
     << kAbiHeaderText << "\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (const CAbiSignature &sig : signatures) {
    os << "/* " << sig.entryName << ": " << sig.summary << ".\n";
    // The runtime lengths this entry's tensors use, in symbol order.
    SmallVector<StringRef> lengths;
    for (int64_t sym = 0; sym < ATTNC_NUM_SYMS; ++sym)
      if (llvm::any_of(sig.params, [&](const CAbiParam &p) {
            return llvm::any_of(p.extents, [&](int64_t e) {
              return e < 0 && attnc_abi_extent_symbol(e) == sym;
            });
          }))
        lengths.push_back(symbolName(sym));
    if (!lengths.empty()) {
      os << " * ";
      for (auto [i, name] : llvm::enumerate(lengths))
        os << (i == 0                    ? ""
               : i + 1 == lengths.size() ? " and "
                                         : ", ")
           << name;
      os << (lengths.size() == 1 ? " is a runtime length" : " are runtime lengths")
         << ": any value works without recompiling,\n"
         << " * as long as every tensor agrees on it.\n";
    }
    for (const CAbiParam &p : sig.params) {
      os << " *   " << p.name << ": " << (p.isOutput ? "output" : "input ")
         << " " << dtypeName(p.dtype) << " " << shapeString(p);
      if (p.content == ATTNC_CONTENT_TREE_PARENTS)
        os << ", tree parents: each -1 or an earlier node (ATTNC_ERROR_VALUE "
              "otherwise)";
      os << "\n";
    }
    os << " * Returns ATTNC_OK, or an attnc_status error code and then "
       << sig.entryName << "_error()\n * describes the failure. */\n"
       << "int32_t " << sig.entryName << "(";
    llvm::interleaveComma(sig.params, os, [&](const CAbiParam &p) {
      os << "const attnc_tensor *" << p.name;
    });
    os << ");\n"
       << "/* The same, with the parameters in an array (for bindings). */\n"
       << "int32_t " << sig.entryName
       << "_argv(const attnc_tensor *const *args);\n"
       << "/* The message of the last failed call on this thread. */\n"
       << "const char *" << sig.entryName << "_error(void);\n"
       << "/* Threads for later calls from this thread (n <= 0: default,\n"
       << " * i.e. OMP_NUM_THREADS or all cores). Returns the previous value. */\n"
       << "int32_t " << sig.entryName << "_set_num_threads(int32_t n);\n\n";
  }
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guardName << " */\n";
}
