//===- AttnOps.cpp - attn operations --------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;

// Iteration dims of the attention op, in the order used by input maps and by
// the index arguments of the regions.
static constexpr StringRef kDimNames[] = {"b", "h", "q", "k"};
static constexpr int64_t kNumIterDims = 4;

ArrayRef<StringRef> AttentionOp::getIterationDimNames() { return kDimNames; }

InputIndex InputIndex::decode(AffineExpr expr) {
  if (auto d = dyn_cast<AffineDimExpr>(expr))
    return {int(d.getPosition()), 1};
  if (isa<AffineSymbolExpr>(expr))
    return {kBucket, 1};
  if (auto div = dyn_cast<AffineBinaryOpExpr>(expr);
      div && div.getKind() == AffineExprKind::FloorDiv)
    return {int(cast<AffineDimExpr>(div.getLHS()).getPosition()),
            cast<AffineConstantExpr>(div.getRHS()).getValue()};
  return {};
}

int64_t InputIndex::extentFor(int64_t n) const {
  if (isBroadcast())
    return 1;
  if (ShapedType::isDynamic(n))
    return n;
  return (n + divisor - 1) / divisor;
}

/// The largest `floordiv` divisor (the C ABI's limit).
static constexpr int64_t kMaxDivisor = int64_t(1) << 32;

/// True for the index forms an input map may use: a dim, `dim floordiv c`
/// with 2 <= c <= 2^32, the bucket (symbol 0), or the constant 0.
static bool isValidInputIndex(AffineExpr expr) {
  if (isa<AffineDimExpr>(expr))
    return true;
  if (auto s = dyn_cast<AffineSymbolExpr>(expr))
    return s.getPosition() == 0;
  if (auto c = dyn_cast<AffineConstantExpr>(expr))
    return c.getValue() == 0;
  auto div = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!div || div.getKind() != AffineExprKind::FloorDiv ||
      !isa<AffineDimExpr>(div.getLHS()))
    return false;
  auto c = dyn_cast<AffineConstantExpr>(div.getRHS());
  return c && c.getValue() >= 2 && c.getValue() <= kMaxDivisor;
}

Value AttentionOp::inlineModRegion(OpBuilder &builder, Region &region,
                                   ValueRange args, Value queryLen,
                                   Value keyLen) {
  Block &block = region.front();
  IRMapping mapping;
  mapping.map(block.getArguments(), args);
  for (Operation &nested : block.without_terminator()) {
    if (auto length = dyn_cast<QueryLengthOp>(nested)) {
      mapping.map(length.getLength(), queryLen);
      continue;
    }
    if (auto length = dyn_cast<KeyLengthOp>(nested)) {
      mapping.map(length.getLength(), keyLen);
      continue;
    }
    // A vector operand gives the shape (all have one); none: clone as is.
    VectorType shape;
    for (Value operand : nested.getOperands())
      if (auto vec = dyn_cast<VectorType>(mapping.lookup(operand).getType()))
        shape = vec;
    if (!shape) {
      builder.clone(nested, mapping);
      continue;
    }
    // Elementwise over vectors (arith and math ops only, as the verifier
    // ensures): broadcast the scalar operands, widen the results.
    SmallVector<Value> operands;
    for (Value operand : nested.getOperands()) {
      Value v = mapping.lookup(operand);
      if (!isa<VectorType>(v.getType()))
        v = vector::BroadcastOp::create(
            builder, nested.getLoc(), shape.clone(v.getType()), v);
      operands.push_back(v);
    }
    SmallVector<Type> resultTypes;
    for (Type t : nested.getResultTypes())
      resultTypes.push_back(shape.clone(t));
    OperationState state(nested.getLoc(), nested.getName(), operands,
                         resultTypes, nested.getAttrs());
    Operation *widened = builder.create(state);
    mapping.map(nested.getResults(), widened->getResults());
  }
  return mapping.lookup(cast<YieldOp>(block.getTerminator()).getValue());
}

int64_t AttentionOp::getNumQueryHeads() {
  return getQuery().getType().getDimSize(1);
}

int64_t AttentionOp::getNumKeyValueHeads() {
  return getKey().getType().getDimSize(1);
}

double AttentionOp::getScaleOrDefault() {
  if (FloatAttr scale = getScaleAttr())
    return scale.getValueAsDouble();
  return 1.0 / std::sqrt(double(getQuery().getType().getDimSize(3)));
}

SmallVector<ScoreAttrInterface> AttentionOp::getScoreModifiers() {
  SmallVector<ScoreAttrInterface> mods;
  if (ArrayAttr attr = getScoreAttr())
    for (Attribute a : attr)
      mods.push_back(cast<ScoreAttrInterface>(a));
  return mods;
}

bool AttentionOp::inputDependsOn(unsigned input, unsigned dim) {
  for (AffineExpr e : getInputIndexMaps()[input].getResults()) {
    InputIndex index = InputIndex::decode(e);
    if (index.dim == int(dim) ||
        (index.dim == InputIndex::kBucket && (dim == 2 || dim == 3)))
      return true;
  }
  return false;
}

SmallVector<Value> AttentionOp::buildInputIndices(OpBuilder &builder,
                                                  Location loc, unsigned input,
                                                  ValueRange iter,
                                                  Value queryLen, Value keyLen,
                                                  Value bucket) {
  SmallVector<Value> indices;
  for (AffineExpr e : getInputIndexMaps()[input].getResults()) {
    InputIndex index = InputIndex::decode(e);
    if (index.isBroadcast()) {
      indices.push_back(arith::ConstantIndexOp::create(builder, loc, 0));
      continue;
    }
    if (index.dim == InputIndex::kBucket) {
      indices.push_back(bucket ? bucket
                               : getBucketsAttr().buildBucket(
                                     builder, loc, iter[2], iter[3], queryLen,
                                     keyLen));
      continue;
    }
    Value i = iter[index.dim];
    if (index.divisor > 1) // Indices are never negative.
      i = arith::DivUIOp::create(
          builder, loc, i,
          arith::ConstantIndexOp::create(builder, loc, index.divisor));
    indices.push_back(i);
  }
  return indices;
}

SmallVector<int64_t, 5> AttentionOp::getIterationExtents() {
  RankedTensorType q = getQuery().getType();
  BucketAttrInterface buckets = getBucketsAttr();
  return {q.getDimSize(0), q.getDimSize(1), q.getDimSize(2),
          getKey().getType().getDimSize(2),
          buckets ? buckets.getNumBuckets() : 0};
}

SmallVector<AffineMap> AttentionOp::getInputIndexMaps() {
  SmallVector<AffineMap> maps;
  if (ArrayAttr attr = getInputMapsAttr())
    for (Attribute a : attr)
      maps.push_back(cast<AffineMapAttr>(a).getValue());
  return maps;
}

//===----------------------------------------------------------------------===//
// Custom assembly
//===----------------------------------------------------------------------===//

static constexpr StringLiteral kMaskModKw = "mask_mod";
static constexpr StringLiteral kScoreModKw = "score_mod";

/// Parses `[b, h, q, k]`-style index lists (each entry a dim name, a dim
/// name `floordiv` a positive integer, or 0).
static ParseResult parseIndexList(OpAsmParser &parser, AffineMap &map) {
  MLIRContext *ctx = parser.getContext();
  SmallVector<AffineExpr> exprs;
  bool usesBucket = false;
  auto parseOne = [&]() -> ParseResult {
    int64_t zero;
    OptionalParseResult intRes = parser.parseOptionalInteger(zero);
    if (intRes.has_value()) {
      if (failed(*intRes))
        return failure();
      if (zero != 0)
        return parser.emitError(parser.getCurrentLocation(),
                                "only 0 may index a broadcast dimension");
      exprs.push_back(getAffineConstantExpr(0, ctx));
      return success();
    }
    StringRef name;
    SMLoc loc = parser.getCurrentLocation();
    if (parser.parseKeyword(&name))
      return failure();
    if (name == "bucket") {
      exprs.push_back(getAffineSymbolExpr(0, ctx));
      usesBucket = true;
      return success();
    }
    const auto *it = llvm::find(kDimNames, name);
    if (it == std::end(kDimNames))
      return parser.emitError(loc, "unknown index '")
             << name << "', expected one of b, h, q, k, bucket or 0";
    AffineExpr expr = getAffineDimExpr(it - std::begin(kDimNames), ctx);
    if (succeeded(parser.parseOptionalKeyword("floordiv"))) {
      int64_t divisor;
      SMLoc divLoc = parser.getCurrentLocation();
      if (parser.parseInteger(divisor))
        return failure();
      if (divisor < 1)
        return parser.emitError(divLoc, "'")
               << name << " floordiv' needs a positive divisor, got "
               << divisor;
      expr = expr.floorDiv(divisor);
    }
    exprs.push_back(expr);
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseOne))
    return failure();
  map = AffineMap::get(kNumIterDims, usesBucket ? 1 : 0, exprs, ctx);
  return success();
}

/// An index as written in index lists: `0`, `bucket`, `k`, `k floordiv 32`.
static std::string indexString(InputIndex index) {
  if (index.isBroadcast())
    return "0";
  if (index.dim == InputIndex::kBucket)
    return "bucket";
  std::string s = kDimNames[index.dim].str();
  if (index.divisor > 1)
    s += " floordiv " + std::to_string(index.divisor);
  return s;
}

static void printIndexList(OpAsmPrinter &p, AffineMap map) {
  p << "[";
  llvm::interleaveComma(map.getResults(), p, [&](AffineExpr e) {
    // The verifier rejects an invalid index; print something readable.
    if (isValidInputIndex(e))
      p << indexString(InputIndex::decode(e));
    else
      p << e;
  });
  p << "]";
}

/// Parses `(%a, %b, ...) { region }` giving the arguments `types`.
static ParseResult parseModRegion(OpAsmParser &parser, Region &region,
                                  ArrayRef<Type> types) {
  SmallVector<OpAsmParser::Argument> args;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren,
                               /*allowType=*/false))
    return failure();
  if (args.size() != types.size())
    return parser.emitError(loc, "expected ")
           << types.size() << " region arguments, got " << args.size();
  for (auto [arg, type] : llvm::zip(args, types))
    arg.type = type;
  return parser.parseRegion(region, args);
}

/// Parses an optional `keyword(#attr)` into attribute `name`, where the
/// attribute must implement `Interface` (`what` describes one).
template <typename Interface>
static ParseResult parseOptionalAttrClause(OpAsmParser &parser,
                                           OperationState &result,
                                           StringRef keyword, StringAttr name,
                                           StringRef what) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  SMLoc loc = parser.getCurrentLocation();
  Attribute attr;
  if (parser.parseLParen() || parser.parseAttribute(attr) ||
      parser.parseRParen())
    return failure();
  if (!isa<Interface>(attr))
    return parser.emitError(loc, "expected ") << what << ", got " << attr;
  result.addAttribute(name, attr);
  return success();
}

ParseResult AttentionOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  SmallVector<OpAsmParser::UnresolvedOperand, 3> qkv;
  if (parser.parseOperandList(qkv, 3))
    return failure();

  SmallVector<OpAsmParser::UnresolvedOperand> inputs;
  SmallVector<Type> inputTypes;
  SmallVector<Attribute> maps;
  if (succeeded(parser.parseOptionalKeyword("inputs"))) {
    auto parseInput = [&]() -> ParseResult {
      OpAsmParser::UnresolvedOperand operand;
      AffineMap map;
      Type type;
      if (parser.parseOperand(operand) || parseIndexList(parser, map) ||
          parser.parseColonType(type))
        return failure();
      inputs.push_back(operand);
      inputTypes.push_back(type);
      maps.push_back(AffineMapAttr::get(map));
      return success();
    };
    if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren,
                                       parseInput))
      return failure();
    result.addAttribute(getInputMapsAttrName(result.name),
                        b.getArrayAttr(maps));
  }

  if (parseOptionalAttrClause<BucketAttrInterface>(
          parser, result, "buckets", getBucketsAttrName(result.name),
          "a relative-position bucket attribute such as #attn.t5_buckets"))
    return failure();

  if (succeeded(parser.parseOptionalKeyword("scale"))) {
    double scale;
    if (parser.parseLParen() || parser.parseFloat(scale) ||
        parser.parseRParen())
      return failure();
    result.addAttribute(getScaleAttrName(result.name), b.getF64FloatAttr(scale));
  }

  if (parseOptionalAttrClause<MaskAttrInterface>(
          parser, result, "mask", getMaskAttrName(result.name),
          "a mask attribute such as #attn.causal"))
    return failure();

  if (succeeded(parser.parseOptionalKeyword("score"))) {
    SmallVector<Attribute> mods;
    auto parseOne = [&]() -> ParseResult {
      SMLoc loc = parser.getCurrentLocation();
      Attribute mod;
      if (parser.parseAttribute(mod))
        return failure();
      if (!isa<ScoreAttrInterface>(mod))
        return parser.emitError(loc, "expected a score modifier attribute "
                                     "such as #attn.alibi, got ")
               << mod;
      mods.push_back(mod);
      return success();
    };
    if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren,
                                       parseOne))
      return failure();
    result.addAttribute(getScoreAttrName(result.name), b.getArrayAttr(mods));
  }

  // Optional operand clauses, in order: `sinks(%s : type)`,
  // `gate(%g : type)`, `low_rank_bias(%u, %w : type, type)`,
  // `affine_weights(%a, %c : type, type)`.
  struct OptionalClause {
    StringRef keyword;
    unsigned arity;
    SmallVector<OpAsmParser::UnresolvedOperand, 2> operands;
    SmallVector<Type, 2> types;
  } clauses[] = {{"sinks", 1, {}, {}},
                 {"gate", 1, {}, {}},
                 {"low_rank_bias", 2, {}, {}},
                 {"affine_weights", 2, {}, {}}};
  for (OptionalClause &clause : clauses) {
    if (failed(parser.parseOptionalKeyword(clause.keyword)))
      continue;
    clause.operands.resize(clause.arity);
    clause.types.resize(clause.arity);
    if (parser.parseLParen())
      return failure();
    for (unsigned i = 0; i < clause.arity; ++i)
      if ((i && parser.parseComma()) || parser.parseOperand(clause.operands[i]))
        return failure();
    if (parser.parseColon())
      return failure();
    for (unsigned i = 0; i < clause.arity; ++i)
      if ((i && parser.parseComma()) || parser.parseType(clause.types[i]))
        return failure();
    if (parser.parseRParen())
      return failure();
  }

  SmallVector<Type> elementTypes;
  for (Type t : inputTypes) {
    auto shaped = dyn_cast<ShapedType>(t);
    if (!shaped)
      return parser.emitError(parser.getNameLoc(), "inputs must be tensors");
    elementTypes.push_back(shaped.getElementType());
  }
  Type indexType = b.getIndexType();
  Region *maskRegion = result.addRegion();
  Region *scoreRegion = result.addRegion();
  if (succeeded(parser.parseOptionalKeyword(kMaskModKw))) {
    SmallVector<Type> types(kNumIterDims, indexType);
    llvm::append_range(types, elementTypes);
    if (parseModRegion(parser, *maskRegion, types))
      return failure();
  }
  if (succeeded(parser.parseOptionalKeyword(kScoreModKw))) {
    SmallVector<Type> types = {b.getF32Type()};
    types.append(kNumIterDims, indexType);
    llvm::append_range(types, elementTypes);
    if (parseModRegion(parser, *scoreRegion, types))
      return failure();
  }

  // Inherent attributes have their own syntax; accepting them in the
  // dictionary as well would let a malformed one slip past the parser.
  SMLoc dictLoc = parser.getCurrentLocation();
  NamedAttrList extra;
  if (parser.parseOptionalAttrDict(extra))
    return failure();
  for (StringRef name : {"scale", "mask", "score", "input_maps", "buckets",
                          "operandSegmentSizes"})
    if (extra.get(name))
      return parser.emitError(dictLoc, "'")
             << name << "' must be written with its own syntax, e.g. "
             << (name == "input_maps"            ? "inputs(%x[h, q, k] : type)"
                 : name == "operandSegmentSizes" ? "sinks(%s : type)"
                 : name == "mask"                ? "mask(#attn.causal)"
                 : name == "score"               ? "score(#attn.alibi)"
                 : name == "buckets" ? "buckets(#attn.clipped_buckets<"
                                       "max_distance = 16>)"
                                     : "scale(0.125)")
             << ", not in the attribute dictionary";
  result.attributes.append(extra);

  SmallVector<Type, 3> qkvTypes;
  SmallVector<Type, 2> resultTypes;
  SMLoc typesLoc = parser.getCurrentLocation();
  if (parser.parseColonTypeList(qkvTypes) || parser.parseArrow() ||
      parser.parseTypeList(resultTypes))
    return failure();
  if (qkvTypes.size() != 3)
    return parser.emitError(typesLoc, "expected 3 operand types (query, key, "
                                      "value), got ")
           << qkvTypes.size();
  if (resultTypes.empty() || resultTypes.size() > 2)
    return parser.emitError(typesLoc, "expected 1 or 2 result types (output "
                                      "and optional lse), got ")
           << resultTypes.size();
  if (parser.resolveOperands(qkv, qkvTypes, parser.getNameLoc(),
                             result.operands) ||
      parser.resolveOperands(inputs, inputTypes, parser.getNameLoc(),
                             result.operands))
    return failure();
  // One segment per operand of each clause: 1 where the clause is written.
  SmallVector<int32_t> segments = {1, 1, 1, int32_t(inputs.size())};
  for (OptionalClause &clause : clauses) {
    if (parser.resolveOperands(clause.operands, clause.types,
                               parser.getNameLoc(), result.operands))
      return failure();
    segments.append(clause.arity, clause.operands.empty() ? 0 : 1);
  }
  result.addAttribute(getOperandSegmentSizesAttrName(result.name),
                      b.getDenseI32ArrayAttr(segments));
  result.addTypes(resultTypes);
  return success();
}

static void printModRegion(OpAsmPrinter &p, StringRef keyword,
                           Region &region) {
  if (region.empty())
    return;
  p.printNewline();
  p << keyword << "(";
  llvm::interleaveComma(region.getArguments(), p,
                        [&](BlockArgument arg) { p.printOperand(arg); });
  p << ") ";
  p.printRegion(region, /*printEntryBlockArgs=*/false);
}

void AttentionOp::print(OpAsmPrinter &p) {
  p << " " << getQuery() << ", " << getKey() << ", " << getValue();
  if (!getInputs().empty()) {
    p << " inputs(";
    SmallVector<AffineMap> maps = getInputIndexMaps();
    llvm::interleaveComma(llvm::seq<size_t>(0, getInputs().size()), p,
                          [&](size_t i) {
                            p << getInputs()[i];
                            if (i < maps.size())
                              printIndexList(p, maps[i]);
                            p << " : " << getInputs()[i].getType();
                          });
    p << ")";
  }
  if (BucketAttrInterface buckets = getBucketsAttr())
    p << " buckets(" << buckets << ")";
  if (FloatAttr scale = getScaleAttr()) {
    p << " scale(";
    p.printFloat(scale.getValue());
    p << ")";
  }
  if (MaskAttrInterface mask = getMaskAttr())
    p << " mask(" << mask << ")";
  if (ArrayAttr mods = getScoreAttr()) {
    p << " score(";
    llvm::interleaveComma(mods, p);
    p << ")";
  }
  if (Value sinks = getSinks())
    p << " sinks(" << sinks << " : " << sinks.getType() << ")";
  if (Value gate = getGate())
    p << " gate(" << gate << " : " << gate.getType() << ")";
  if (hasLowRankBias())
    p << " low_rank_bias(" << getBiasQueryFactor() << ", "
      << getBiasKeyFactor() << " : " << getBiasQueryFactor().getType() << ", "
      << getBiasKeyFactor().getType() << ")";
  if (hasAffineWeights())
    p << " affine_weights(" << getWeightScale() << ", " << getWeightBias()
      << " : " << getWeightScale().getType() << ", "
      << getWeightBias().getType() << ")";
  p.increaseIndent();
  printModRegion(p, kMaskModKw, getMaskMod());
  printModRegion(p, kScoreModKw, getScoreMod());
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getScaleAttrName(), getMaskAttrName(),
                           getScoreAttrName(), getInputMapsAttrName(),
                           getBucketsAttrName(),
                           getOperandSegmentSizesAttrName()});
  p.printNewline();
  p << ": " << getQuery().getType() << ", " << getKey().getType() << ", "
    << getValue().getType() << " -> ";
  llvm::interleaveComma(getResultTypes(), p);
  p.decreaseIndent();
}

//===----------------------------------------------------------------------===//
// Verification
//===----------------------------------------------------------------------===//

static std::string dimString(int64_t d) {
  return ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
}

/// An input that an attribute reads (`attr` and `what` name it in
/// messages, e.g. "document" and "key ids"): it must exist, hold elements
/// that `elementOk` accepts (`kind` says which), and not be indexed by
/// 'bucket' or the iteration dims in `forbidden`.
static LogicalResult verifyAttrInput(AttentionOp op, StringRef attr,
                                     StringRef what, unsigned input,
                                     function_ref<bool(Type)> elementOk,
                                     StringRef kind,
                                     ArrayRef<unsigned> forbidden) {
  SmallVector<AffineMap> maps = op.getInputIndexMaps();
  if (input >= maps.size())
    return op.emitOpError("#attn.")
           << attr << " refers to input #" << input << " for its " << what
           << ", but the op has " << maps.size() << " inputs";
  Type elt = cast<ShapedType>(op.getInputs()[input].getType()).getElementType();
  if (!elementOk(elt))
    return op.emitOpError("#attn.")
           << attr << " " << what << " (input #" << input << ") must be "
           << kind << ", got " << elt;
  if (maps[input].getNumSymbols() != 0 &&
      maps[input].isFunctionOfSymbol(0))
    return op.emitOpError("#attn.")
           << attr << " " << what << " (input #" << input
           << ") may not be indexed by 'bucket'";
  for (unsigned dim : forbidden)
    if (maps[input].isFunctionOfDim(dim))
      return op.emitOpError("#attn.")
             << attr << " " << what << " (input #" << input
             << ") may not be indexed by '" << kDimNames[dim] << "'";
  return success();
}

/// An integer input that a mask over runtime data reads, of at least
/// `minBits` bits.
static LogicalResult verifyMaskInput(AttentionOp op, StringRef mask,
                                     StringRef what, unsigned input,
                                     unsigned minBits,
                                     ArrayRef<unsigned> forbidden) {
  std::string kind = "integers";
  if (minBits > 1)
    kind += " of at least " + std::to_string(minBits) + " bits";
  return verifyAttrInput(
      op, mask, what, input,
      [&](Type t) {
        return isa<IntegerType>(t) && t.getIntOrFloatBitWidth() >= minBits;
      },
      kind, forbidden);
}

/// The inputs of a score modifier attribute hold f32, f16 or bf16 (the
/// kernels extend them to f32) and do not vary with the key: the kernel
/// reads them once per row.
static LogicalResult verifyScoreInputs(AttentionOp op) {
  for (ScoreAttrInterface mod : op.getScoreModifiers()) {
    StringRef name = cast<Attribute>(mod).getAbstractAttribute().getName();
    name.consume_front("attn.");
    for (unsigned input : mod.getInputIndices())
      if (failed(verifyAttrInput(
              op, name, isa<AlibiAttr>(mod) ? "slopes" : "factors", input,
              [](Type t) { return t.isF32() || t.isF16() || t.isBF16(); },
              "f32, f16 or bf16", {3})))
        return failure();
  }
  return success();
}

/// The segment-id inputs of an #attn.document must exist, hold integers,
/// and be indexed by the query (or the key) alone: the kernel classifies
/// tiles from the ids' ranges over a block of queries and over a tile of
/// keys.
static LogicalResult verifyDocumentMask(AttentionOp op, DocumentAttr doc) {
  if (failed(verifyMaskInput(op, "document", "query ids", doc.getQuery(), 1,
                             {3})) ||
      failed(verifyMaskInput(op, "document", "key ids", doc.getKey(), 1,
                             {2, 1})))
    return failure();
  return success();
}

/// The parent links of an #attn.tree must exist, be integers of 8 bits or
/// more (i1 would hold no node but 0, and is a bool in the C ABI) and follow
/// the query only (one parent per node), in their last dimension, along
/// which the entry point checks them.
static LogicalResult verifyTreeMask(AttentionOp op, TreeAttr tree) {
  unsigned input = tree.getParent();
  if (failed(verifyMaskInput(op, "tree", "parents", input, 8, {1, 3})))
    return failure();
  ArrayRef<AffineExpr> results = op.getInputIndexMaps()[input].getResults();
  if (results.empty() || !isa<AffineDimExpr>(results.back()) ||
      !results.back().isFunctionOfDim(2))
    return op.emitOpError("#attn.tree parents (input #")
           << input << ") must be indexed by 'q' in their last dimension, "
                       "one parent per node";
  return success();
}

/// The words of an #attn.bitmask are integers of its `bits`, read at
/// `k floordiv bits` (and never at `k`: that would read a word per key).
static LogicalResult verifyBitmask(AttentionOp op, BitmaskAttr mask) {
  unsigned input = mask.getInput();
  if (failed(verifyMaskInput(op, "bitmask", "words", input, 8, {})))
    return failure();
  Type elt = cast<ShapedType>(op.getInputs()[input].getType()).getElementType();
  if (elt.getIntOrFloatBitWidth() != mask.getBits())
    return op.emitOpError("#attn.bitmask words (input #")
           << input << ") must be i" << mask.getBits() << " for bits = "
           << mask.getBits() << ", got " << elt;
  int packed = 0;
  for (AffineExpr e : op.getInputIndexMaps()[input].getResults()) {
    InputIndex index = InputIndex::decode(e);
    if (index.dim == 3 && index.divisor == int64_t(mask.getBits()))
      ++packed;
    else if (index.dim == 3)
      return op.emitOpError("#attn.bitmask words (input #")
             << input << ") must be indexed by 'k floordiv " << mask.getBits()
             << "', not '" << indexString(index) << "'";
  }
  if (packed != 1)
    return op.emitOpError("#attn.bitmask words (input #")
           << input << ") must be indexed by 'k floordiv " << mask.getBits()
           << "' in one dimension";
  return success();
}

/// A neighbourhood mask is defined on its grid's tokens: queries and keys
/// must both be them, which static lengths let the C entry point check.
static LogicalResult verifyNeighborhoodMask(AttentionOp op,
                                            NeighborhoodAttr mask) {
  int64_t tokens = mask.getNumTokens();
  int64_t lengths[] = {op.getQuery().getType().getDimSize(2),
                       op.getKey().getType().getDimSize(2)};
  StringRef names[] = {"Lq", "Lk"};
  for (auto [length, name] : llvm::zip(lengths, names))
    if (length != tokens)
      return op.emitOpError("#attn.neighborhood over ")
             << tokens << " grid tokens needs a static " << name << " of "
             << tokens << ", got " << dimString(length);
  return success();
}

LogicalResult AttentionOp::verify() {
  RankedTensorType qType = getQuery().getType();
  RankedTensorType kType = getKey().getType();
  RankedTensorType vType = getValue().getType();

  if (qType.getElementType() != kType.getElementType() ||
      qType.getElementType() != vType.getElementType())
    return emitOpError("query, key and value must share one element type, got ")
           << qType.getElementType() << ", " << kType.getElementType()
           << " and " << vType.getElementType();

  struct Named {
    StringRef name;
    RankedTensorType type;
  };
  Named qkv[] = {{"query", qType}, {"key", kType}, {"value", vType}};
  for (const Named &t : qkv) {
    if (t.type.isDynamicDim(1))
      return emitOpError("the head count (dim 1) of ")
             << t.name << " must be static";
    if (t.type.isDynamicDim(3))
      return emitOpError("the head dim (dim 3) of ") << t.name
                                                     << " must be static";
    if (t.type.getDimSize(3) == 0 && t.name != "value")
      return emitOpError("the head dim (dim 3) of ")
             << t.name << " must be positive";
  }

  int64_t hq = qType.getDimSize(1), hk = kType.getDimSize(1),
          hv = vType.getDimSize(1);
  if (hk != hv)
    return emitOpError("key and value must have the same number of heads, got ")
           << hk << " and " << hv;
  if (hk == 0 || hq % hk != 0)
    return emitOpError("the number of query heads (")
           << hq << ") must be a multiple of the number of key/value heads ("
           << hk << ")";
  if (qType.getDimSize(3) != kType.getDimSize(3))
    return emitOpError("query and key head dims differ: ")
           << qType.getDimSize(3) << " vs " << kType.getDimSize(3);

  // Tied dims must agree exactly, dynamic with dynamic: the C ABI binds one
  // runtime length to each of B, Lq and Lk.
  auto tie = [&](StringRef what, const Named &a, unsigned da, const Named &b,
                 unsigned db) -> LogicalResult {
    int64_t x = a.type.getDimSize(da), y = b.type.getDimSize(db);
    if (x == y)
      return success();
    return emitOpError() << what << " differs between " << a.name << " ("
                         << dimString(x) << ") and " << b.name << " ("
                         << dimString(y) << ")";
  };
  if (failed(tie("the batch size", qkv[0], 0, qkv[1], 0)) ||
      failed(tie("the batch size", qkv[0], 0, qkv[2], 0)) ||
      failed(tie("the key length", qkv[1], 2, qkv[2], 2)))
    return failure();

  // Results.
  SmallVector<int64_t> outShape = {qType.getDimSize(0), hq, qType.getDimSize(2),
                                   vType.getDimSize(3)};
  auto expectedOut = RankedTensorType::get(outShape, qType.getElementType());
  if (getOutput().getType() != expectedOut)
    return emitOpError("output type ")
           << getOutput().getType() << " does not match the expected "
           << expectedOut;
  if (Value lse = getLse()) {
    auto expectedLse = RankedTensorType::get(
        {qType.getDimSize(0), hq, qType.getDimSize(2)},
        Float32Type::get(getContext()));
    if (lse.getType() != expectedLse)
      return emitOpError("lse type ")
             << lse.getType() << " does not match the expected " << expectedLse;
  }

  if (FloatAttr scale = getScaleAttr()) {
    // Kernels compute in f32, so the scale must survive the conversion.
    double s = scale.getValueAsDouble();
    float f = float(s);
    if (!std::isfinite(f) || f == 0.0f)
      return emitOpError("scale must be a finite, non-zero f32 value, got ")
             << s;
  }

  // Extra inputs and their index maps.
  SmallVector<AffineMap> maps = getInputIndexMaps();
  if (maps.size() != getInputs().size())
    return emitOpError("expected one index map per input, got ")
           << maps.size() << " maps for " << getInputs().size() << " inputs";
  SmallVector<int64_t, 5> iterExtent = getIterationExtents();
  for (auto [i, input, map] : llvm::enumerate(getInputs(), maps)) {
    auto type = cast<RankedTensorType>(input.getType());
    Type elt = type.getElementType();
    if (!isa<FloatType, IntegerType>(elt))
      return emitOpError("input #") << i << " must have an integer or float "
                                        "element type, got " << elt;
    if (map.getNumDims() != kNumIterDims || map.getNumSymbols() > 1)
      return emitOpError("index map of input #")
             << i << " must range over (b, h, q, k) and the bucket, got "
             << AffineMapAttr::get(map);
    if (map.getNumResults() != type.getRank())
      return emitOpError("input #")
             << i << " has rank " << type.getRank() << " but is indexed by "
             << map.getNumResults() << " indices";
    for (auto [d, expr] : llvm::enumerate(map.getResults())) {
      int64_t extent = type.getDimSize(d);
      if (auto c = dyn_cast<AffineConstantExpr>(expr); c && c.getValue() != 0)
        return emitOpError("dimension ")
               << d << " of input #" << i << " is indexed by the constant "
               << c.getValue() << ", but only 0 may index a dimension";
      if (!isValidInputIndex(expr)) {
        std::string str;
        llvm::raw_string_ostream os(str);
        os << expr;
        return emitOpError("input #")
               << i << " must be indexed by b, h, q, k, one of them floordiv "
                       "an integer in [2, 2^32], bucket, or 0, got " << str;
      }
      InputIndex index = InputIndex::decode(expr);
      if (index.dim == InputIndex::kBucket && !getBucketsAttr())
        return emitOpError("input #")
               << i << " is indexed by 'bucket', which needs a "
                       "buckets(...) clause such as "
                       "buckets(#attn.t5_buckets<buckets = 32, "
                       "max_distance = 128>)";
      int64_t want = index.extentFor(
          index.isBroadcast() ? 1 : iterExtent[index.dim]);
      if (extent == want)
        continue;
      if (index.isBroadcast())
        return emitOpError("dimension ")
               << d << " of input #" << i
               << " is indexed by 0, so it must have extent 1, got "
               << dimString(extent);
      return emitOpError("dimension ")
             << d << " of input #" << i << " is indexed by '"
             << indexString(index)
             << "' and must have extent " << dimString(want) << ", got "
             << dimString(extent);
    }
  }
  if (failed(verifyScoreInputs(*this)))
    return failure();

  // Masks over runtime data: their inputs must exist and fit.
  LogicalResult masks = success();
  walkMasks(getMaskAttr(), [&](MaskAttrInterface m) {
    if (failed(masks))
      return;
    if (auto doc = dyn_cast<DocumentAttr>(m))
      masks = verifyDocumentMask(*this, doc);
    else if (auto tree = dyn_cast<TreeAttr>(m))
      masks = verifyTreeMask(*this, tree);
    else if (auto na = dyn_cast<NeighborhoodAttr>(m))
      masks = verifyNeighborhoodMask(*this, na);
    else if (auto bits = dyn_cast<BitmaskAttr>(m))
      masks = verifyBitmask(*this, bits);
  });
  if (failed(masks))
    return failure();

  // Epilogue operands.
  if (Value sinks = getSinks()) {
    auto t = cast<RankedTensorType>(sinks.getType());
    if (t.getDimSize(0) != hq)
      return emitOpError("sinks must have one logit per query head (")
             << hq << "), got " << dimString(t.getDimSize(0));
  }
  if (Value gate = getGate()) {
    auto t = cast<RankedTensorType>(gate.getType());
    int64_t last = t.getDimSize(3);
    SmallVector<int64_t> want = {outShape[0], outShape[1], outShape[2],
                                 last == 1 ? 1 : outShape[3]};
    if (t.getShape() != ArrayRef<int64_t>(want))
      return emitOpError("gate must have the output's shape, or 1 in its "
                         "last dim; expected ")
             << RankedTensorType::get(want, t.getElementType()) << ", got "
             << t;
  }
  if (!getBiasQueryFactor() != !getBiasKeyFactor())
    return emitOpError("low_rank_bias needs both factors, U and W");
  if (hasLowRankBias()) {
    auto u = cast<RankedTensorType>(getBiasQueryFactor().getType());
    auto w = cast<RankedTensorType>(getBiasKeyFactor().getType());
    int64_t rank = u.getDimSize(3);
    if (ShapedType::isDynamic(rank) || rank < 1)
      return emitOpError("low_rank_bias rank (the factors' last dim) must be "
                         "static and positive, got ")
             << dimString(rank);
    SmallVector<int64_t> wantU = {qType.getDimSize(0), hq, qType.getDimSize(2),
                                  rank};
    SmallVector<int64_t> wantW = {kType.getDimSize(0), hk,
                                  kType.getDimSize(2), rank};
    if (u.getShape() != ArrayRef<int64_t>(wantU))
      return emitOpError("low_rank_bias U must be [B, Hq, Lq, R] = ")
             << RankedTensorType::get(wantU, u.getElementType()) << ", got "
             << u;
    if (w.getShape() != ArrayRef<int64_t>(wantW))
      return emitOpError("low_rank_bias W must be [B, Hkv, Lk, R] = ")
             << RankedTensorType::get(wantW, w.getElementType()) << ", got "
             << w;
  }
  if (!getWeightScale() != !getWeightBias())
    return emitOpError("affine_weights needs both the scale and the bias");
  if (hasAffineWeights()) {
    SmallVector<int64_t> want = {outShape[0], outShape[1], outShape[2]};
    for (auto [name, value] : {std::pair<StringRef, Value>{"scale", getWeightScale()},
                               {"bias", getWeightBias()}}) {
      auto t = cast<RankedTensorType>(value.getType());
      if (t.getShape() != ArrayRef<int64_t>(want))
        return emitOpError("affine_weights ")
               << name << " must be [B, Hq, Lq] = "
               << RankedTensorType::get(want, t.getElementType()) << ", got "
               << t;
    }
  }
  return success();
}

/// Checks one `mask_mod` / `score_mod` region against its expected signature.
static LogicalResult verifyModRegion(AttentionOp op, Region &region,
                                     StringRef name, ArrayRef<Type> argTypes,
                                     Type yieldType) {
  if (region.empty())
    return success();
  if (!region.hasOneBlock())
    return op.emitOpError("'") << name << "' must have exactly one block";
  Block &block = region.front();
  if (block.getNumArguments() != argTypes.size())
    return op.emitOpError("'")
           << name << "' must have " << argTypes.size() << " arguments, got "
           << block.getNumArguments();
  for (auto [i, arg, want] : llvm::enumerate(block.getArguments(), argTypes))
    if (arg.getType() != want)
      return op.emitOpError("argument #")
             << i << " of '" << name << "' must be " << want << ", got "
             << arg.getType();
  for (Operation &nested : block) {
    if (isa<YieldOp, QueryLengthOp, KeyLengthOp>(nested))
      continue;
    Dialect *d = nested.getDialect();
    bool allowed = d && (isa<arith::ArithDialect, math::MathDialect>(d));
    if (!allowed || nested.getNumRegions() != 0)
      return nested.emitOpError("is not allowed in '")
             << name
             << "': only arith and math operations, attn.query_length and "
                "attn.key_length may appear there";
  }
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return op.emitOpError("'") << name << "' must end with attn.yield";
  if (yield.getValue().getType() != yieldType)
    return yield.emitOpError("in '")
           << name << "' must yield " << yieldType << ", got "
           << yield.getValue().getType();
  return success();
}

LogicalResult AttentionOp::verifyRegions() {
  MLIRContext *ctx = getContext();
  Type index = IndexType::get(ctx);
  SmallVector<Type> inputElts;
  for (Value in : getInputs())
    inputElts.push_back(cast<ShapedType>(in.getType()).getElementType());

  SmallVector<Type> maskArgs(kNumIterDims, index);
  llvm::append_range(maskArgs, inputElts);
  if (failed(verifyModRegion(*this, getMaskMod(), "mask_mod", maskArgs,
                             IntegerType::get(ctx, 1))))
    return failure();

  SmallVector<Type> scoreArgs = {Float32Type::get(ctx)};
  scoreArgs.append(kNumIterDims, index);
  llvm::append_range(scoreArgs, inputElts);
  return verifyModRegion(*this, getScoreMod(), "score_mod", scoreArgs,
                         Float32Type::get(ctx));
}

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/IR/AttnOps.cpp.inc"
