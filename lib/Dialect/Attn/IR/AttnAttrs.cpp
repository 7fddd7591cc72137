//===- AttnAttrs.cpp - mask attribute semantics ---------------------------===//
//
// Each mask attribute defines its predicate twice, as a scalar function and
// as IR; the two must agree, which the integration tests check end to end.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace attnc::attn;

#include "attnc/Dialect/Attn/IR/AttnEnums.cpp.inc"
#include "attnc/Dialect/Attn/IR/AttnAttrInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "attnc/Dialect/Attn/IR/AttnAttrs.cpp.inc"

void AttnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "attnc/Dialect/Attn/IR/AttnAttrs.cpp.inc"
      >();
}

/// The key position a query sits at: `q` or `q + (Lk - Lq)`.
static int64_t alignedQuery(Alignment align, int64_t q, int64_t queryLen,
                            int64_t keyLen) {
  return align == Alignment::bottom_right ? q + (keyLen - queryLen) : q;
}

/// An integer constant of `like`'s type: index or i1, or a vector of them,
/// so that the predicates can be built on scalars or on vectors of indices.
static Value constantLike(OpBuilder &b, Location loc, Value like, int64_t c) {
  Type type = like.getType();
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(vec, b.getIntegerAttr(vec.getElementType(), c)));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, c));
}

static Value buildAlignedQuery(OpBuilder &b, Location loc, Alignment align,
                               Value q, Value queryLen, Value keyLen) {
  if (align == Alignment::top_left)
    return q;
  Value offset = arith::SubIOp::create(b, loc, keyLen, queryLen);
  return arith::AddIOp::create(b, loc, q, offset);
}

static Value cmp(OpBuilder &b, Location loc, arith::CmpIPredicate pred,
                 Value lhs, Value rhs) {
  return arith::CmpIOp::create(b, loc, pred, lhs, rhs);
}

static Value addConstant(OpBuilder &b, Location loc, Value v, int64_t c) {
  if (c == 0)
    return v;
  return arith::AddIOp::create(b, loc, v, constantLike(b, loc, v, c));
}

//===----------------------------------------------------------------------===//
// CausalAttr
//===----------------------------------------------------------------------===//

bool CausalAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                        InputReader inputs) const {
  return k <= alignedQuery(getAlign(), q, queryLen, keyLen);
}

Value CausalAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                 Value queryLen, Value keyLen,
                                 InputBuilder inputs) const {
  Value p = buildAlignedQuery(b, loc, getAlign(), q, queryLen, keyLen);
  return cmp(b, loc, arith::CmpIPredicate::sle, k, p);
}

//===----------------------------------------------------------------------===//
// WindowAttr
//===----------------------------------------------------------------------===//

/// Bound on mask extents: far beyond any sequence length, and small enough
/// that q + off +/- extent never overflows 64-bit index arithmetic.
static constexpr int64_t kMaxMaskExtent = int64_t(1) << 40;

LogicalResult WindowAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t left, int64_t right, Alignment) {
  if (left < 0 || right < 0)
    return emitError() << "window extents must be non-negative, got left = "
                       << left << ", right = " << right;
  if (left > kMaxMaskExtent || right > kMaxMaskExtent)
    return emitError() << "window extents must be at most 2^40, got left = "
                       << left << ", right = " << right;
  return success();
}

bool WindowAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                        InputReader inputs) const {
  int64_t p = alignedQuery(getAlign(), q, queryLen, keyLen);
  return p - getLeft() <= k && k <= p + getRight();
}

Value WindowAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                 Value queryLen, Value keyLen,
                                 InputBuilder inputs) const {
  Value p = buildAlignedQuery(b, loc, getAlign(), q, queryLen, keyLen);
  // p - left <= k  <=>  p <= k + left, which cannot underflow.
  Value lo = cmp(b, loc, arith::CmpIPredicate::sle, p,
                 addConstant(b, loc, k, getLeft()));
  Value hi = cmp(b, loc, arith::CmpIPredicate::sle, k,
                 addConstant(b, loc, p, getRight()));
  return arith::AndIOp::create(b, loc, lo, hi);
}

//===----------------------------------------------------------------------===//
// PrefixLMAttr
//===----------------------------------------------------------------------===//

LogicalResult PrefixLMAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int64_t prefix) {
  if (prefix < 0 || prefix > kMaxMaskExtent)
    return emitError() << "prefix length must be in [0, 2^40], got " << prefix;
  return success();
}

bool PrefixLMAttr::isKept(int64_t q, int64_t k, int64_t, int64_t,
                          InputReader) const {
  return k < getPrefix() || k <= q;
}

Value PrefixLMAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                   Value, Value, InputBuilder inputs) const {
  Value prefix = constantLike(b, loc, k, getPrefix());
  Value inPrefix = cmp(b, loc, arith::CmpIPredicate::slt, k, prefix);
  Value causal = cmp(b, loc, arith::CmpIPredicate::sle, k, q);
  return arith::OrIOp::create(b, loc, inPrefix, causal);
}

//===----------------------------------------------------------------------===//
// And / Or / Not
//===----------------------------------------------------------------------===//

static LogicalResult
verifyComposite(function_ref<InFlightDiagnostic()> emitError, StringRef name,
                ArrayRef<MaskAttrInterface> masks) {
  if (masks.empty())
    return emitError() << "'#attn." << name << "' needs at least one mask";
  return success();
}

LogicalResult AndMaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  ArrayRef<MaskAttrInterface> masks) {
  return verifyComposite(emitError, "and", masks);
}

LogicalResult OrMaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 ArrayRef<MaskAttrInterface> masks) {
  return verifyComposite(emitError, "or", masks);
}

/// Parses `<[mask, ...]>` (possibly empty) for #attn.and / #attn.or.
static FailureOr<SmallVector<MaskAttrInterface>> parseMaskList(AsmParser &p) {
  SmallVector<MaskAttrInterface> masks;
  auto parseOne = [&]() -> ParseResult {
    SMLoc loc = p.getCurrentLocation();
    Attribute attr;
    if (p.parseAttribute(attr))
      return failure();
    auto mask = dyn_cast<MaskAttrInterface>(attr);
    if (!mask)
      return p.emitError(loc, "expected a mask attribute, got ") << attr;
    masks.push_back(mask);
    return success();
  };
  if (p.parseLess() ||
      p.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseOne) ||
      p.parseGreater())
    return failure();
  return masks;
}

static void printMaskList(AsmPrinter &p, ArrayRef<MaskAttrInterface> masks) {
  p << "<[";
  llvm::interleaveComma(masks, p, [&](MaskAttrInterface m) { p << m; });
  p << "]>";
}

Attribute AndMaskAttr::parse(AsmParser &p, Type) {
  SMLoc loc = p.getCurrentLocation();
  FailureOr<SmallVector<MaskAttrInterface>> masks = parseMaskList(p);
  if (failed(masks))
    return {};
  return getChecked([&] { return p.emitError(loc); }, p.getContext(), *masks);
}

void AndMaskAttr::print(AsmPrinter &p) const { printMaskList(p, getMasks()); }

Attribute OrMaskAttr::parse(AsmParser &p, Type) {
  SMLoc loc = p.getCurrentLocation();
  FailureOr<SmallVector<MaskAttrInterface>> masks = parseMaskList(p);
  if (failed(masks))
    return {};
  return getChecked([&] { return p.emitError(loc); }, p.getContext(), *masks);
}

void OrMaskAttr::print(AsmPrinter &p) const { printMaskList(p, getMasks()); }

bool AndMaskAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                         InputReader inputs) const {
  return llvm::all_of(getMasks(), [&](MaskAttrInterface m) {
    return m.isKept(q, k, queryLen, keyLen, inputs);
  });
}

bool OrMaskAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                        InputReader inputs) const {
  return llvm::any_of(getMasks(), [&](MaskAttrInterface m) {
    return m.isKept(q, k, queryLen, keyLen, inputs);
  });
}

//===----------------------------------------------------------------------===//
// TreeAttr
//===----------------------------------------------------------------------===//

bool TreeAttr::readsInputs() const { return true; }

bool TreeAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                      InputReader inputs) const {
  // The key's node: keys before the tree are the prefix.
  int64_t node = k - (keyLen - queryLen);
  if (node < 0)
    return true;
  // Up from the query's node; a link that does not point to an earlier node
  // (which the entry point rejects) ends the walk.
  int64_t n = q;
  while (n > node) {
    int64_t parent = int64_t(inputs(getParent(), n, k));
    n = parent < n ? parent : -1;
  }
  return n == node;
}

Value TreeAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                               Value queryLen, Value keyLen,
                               InputBuilder inputs) const {
  assert(!isa<VectorType>(q.getType()) && "tree masks are evaluated per element");
  Value node =
      arith::SubIOp::create(b, loc, k, arith::SubIOp::create(b, loc, keyLen, queryLen));
  Value minusOne = arith::ConstantIndexOp::create(b, loc, -1);
  // Walk while above the key's node (and not past the root, for the prefix).
  Value stop = arith::MaxSIOp::create(b, loc, node, minusOne);
  auto walk = scf::WhileOp::create(
      b, loc, TypeRange{b.getIndexType()}, ValueRange{q},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value above = cmp(nb, l, arith::CmpIPredicate::sgt, args[0], stop);
        scf::ConditionOp::create(nb, l, above, args);
      },
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value n = args[0];
        Value parent = arith::IndexCastOp::create(nb, l, nb.getIndexType(),
                                                  inputs(getParent(), n, k));
        Value earlier = cmp(nb, l, arith::CmpIPredicate::slt, parent, n);
        scf::YieldOp::create(
            nb, l, ValueRange{arith::SelectOp::create(nb, l, earlier, parent,
                                                      minusOne)});
      });
  Value inPrefix = cmp(b, loc, arith::CmpIPredicate::slt, node,
                       arith::ConstantIndexOp::create(b, loc, 0));
  Value reached = cmp(b, loc, arith::CmpIPredicate::eq, walk.getResult(0), node);
  return arith::OrIOp::create(b, loc, inPrefix, reached);
}

//===----------------------------------------------------------------------===//
// BitmaskAttr
//===----------------------------------------------------------------------===//

LogicalResult
BitmaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    unsigned input, unsigned bits) {
  if (bits != 8 && bits != 16 && bits != 32)
    return emitError() << "#attn.bitmask words must have 8, 16 or 32 bits, got "
                       << bits;
  return success();
}

bool BitmaskAttr::readsInputs() const { return true; }

bool BitmaskAttr::isKept(int64_t q, int64_t k, int64_t queryLen,
                         int64_t keyLen, InputReader inputs) const {
  // The input's index list reads word k floordiv W; words are exact in a
  // double (W <= 32).
  auto word = uint64_t(int64_t(inputs(getInput(), q, k)));
  return (word >> (k % getBits())) & 1;
}

Value BitmaskAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                  Value queryLen, Value keyLen,
                                  InputBuilder inputs) const {
  // Scalars, or vectors of lanes with the lanes' words.
  Value word = inputs(getInput(), q, k);
  Value bit = arith::RemUIOp::create(b, loc, k,
                                     constantLike(b, loc, k, getBits()));
  Value shift = arith::IndexCastUIOp::create(b, loc, word.getType(), bit);
  Value shifted = arith::ShRUIOp::create(b, loc, word, shift);
  Type i1 = b.getI1Type();
  if (auto vec = dyn_cast<VectorType>(word.getType()))
    i1 = vec.clone(i1);
  return arith::TruncIOp::create(b, loc, i1, shifted);
}

template <typename CombineOp>
static Value buildFold(OpBuilder &b, Location loc,
                       ArrayRef<MaskAttrInterface> masks, Value q, Value k,
                       Value queryLen, Value keyLen, InputBuilder inputs) {
  Value acc;
  for (MaskAttrInterface m : masks) {
    Value p = m.buildPredicate(b, loc, q, k, queryLen, keyLen, inputs);
    acc = acc ? CombineOp::create(b, loc, acc, p).getResult() : p;
  }
  return acc;
}

Value AndMaskAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                  Value queryLen, Value keyLen,
                                  InputBuilder inputs) const {
  return buildFold<arith::AndIOp>(b, loc, getMasks(), q, k, queryLen, keyLen,
                                  inputs);
}

Value OrMaskAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                 Value queryLen, Value keyLen,
                                 InputBuilder inputs) const {
  return buildFold<arith::OrIOp>(b, loc, getMasks(), q, k, queryLen, keyLen,
                                 inputs);
}

bool NotMaskAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                         InputReader inputs) const {
  return !getMask().isKept(q, k, queryLen, keyLen, inputs);
}

Value NotMaskAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                  Value queryLen, Value keyLen,
                                  InputBuilder inputs) const {
  Value p = getMask().buildPredicate(b, loc, q, k, queryLen, keyLen, inputs);
  return arith::XOrIOp::create(b, loc, p, constantLike(b, loc, p, 1));
}

void attnc::attn::walkMasks(MaskAttrInterface mask,
                            function_ref<void(MaskAttrInterface)> fn) {
  if (!mask)
    return;
  fn(mask);
  if (auto m = dyn_cast<AndMaskAttr>(mask))
    for (MaskAttrInterface part : m.getMasks())
      walkMasks(part, fn);
  else if (auto m = dyn_cast<OrMaskAttr>(mask))
    for (MaskAttrInterface part : m.getMasks())
      walkMasks(part, fn);
  else if (auto m = dyn_cast<NotMaskAttr>(mask))
    walkMasks(m.getMask(), fn);
}

bool AndMaskAttr::readsInputs() const {
  return llvm::any_of(getMasks(),
                      [](MaskAttrInterface m) { return m.readsInputs(); });
}

bool OrMaskAttr::readsInputs() const {
  return llvm::any_of(getMasks(),
                      [](MaskAttrInterface m) { return m.readsInputs(); });
}

bool NotMaskAttr::readsInputs() const { return getMask().readsInputs(); }

//===----------------------------------------------------------------------===//
// SinkAttr
//===----------------------------------------------------------------------===//

LogicalResult SinkAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t tokens) {
  if (tokens < 0 || tokens > kMaxMaskExtent)
    return emitError() << "sink token count must be in [0, 2^40], got "
                       << tokens;
  return success();
}

bool SinkAttr::isKept(int64_t, int64_t k, int64_t, int64_t,
                      InputReader) const {
  return k < getTokens();
}

Value SinkAttr::buildPredicate(OpBuilder &b, Location loc, Value, Value k,
                               Value, Value, InputBuilder) const {
  return cmp(b, loc, arith::CmpIPredicate::slt, k,
             constantLike(b, loc, k, getTokens()));
}

//===----------------------------------------------------------------------===//
// BlockedAttr
//===----------------------------------------------------------------------===//

LogicalResult BlockedAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  int64_t size, Alignment) {
  if (size <= 0 || size > kMaxMaskExtent)
    return emitError() << "block size must be in [1, 2^40], got " << size;
  return success();
}

/// floor(a / b) for b > 0.
static int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

bool BlockedAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                         InputReader) const {
  int64_t p = alignedQuery(getAlign(), q, queryLen, keyLen);
  return floorDiv(p, getSize()) == floorDiv(k, getSize());
}

Value BlockedAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                  Value queryLen, Value keyLen,
                                  InputBuilder) const {
  Value p = buildAlignedQuery(b, loc, getAlign(), q, queryLen, keyLen);
  Value size = constantLike(b, loc, k, getSize());
  return cmp(b, loc, arith::CmpIPredicate::eq,
             arith::FloorDivSIOp::create(b, loc, p, size),
             arith::FloorDivSIOp::create(b, loc, k, size));
}

//===----------------------------------------------------------------------===//
// PowerAttr
//===----------------------------------------------------------------------===//

LogicalResult PowerAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                int64_t local, Alignment) {
  if (local < 0 || local > kMaxMaskExtent)
    return emitError() << "local band must be in [0, 2^40], got " << local;
  return success();
}

bool PowerAttr::isKept(int64_t q, int64_t k, int64_t queryLen, int64_t keyLen,
                       InputReader) const {
  int64_t d = alignedQuery(getAlign(), q, queryLen, keyLen) - k;
  return d >= 0 && (d <= getLocal() || (d & (d - 1)) == 0);
}

Value PowerAttr::buildPredicate(OpBuilder &b, Location loc, Value q, Value k,
                                Value queryLen, Value keyLen,
                                InputBuilder) const {
  Value p = buildAlignedQuery(b, loc, getAlign(), q, queryLen, keyLen);
  Value d = arith::SubIOp::create(b, loc, p, k);
  Value zero = constantLike(b, loc, d, 0);
  Value nonNegative = cmp(b, loc, arith::CmpIPredicate::sge, d, zero);
  Value local = cmp(b, loc, arith::CmpIPredicate::sle, d,
                    constantLike(b, loc, d, getLocal()));
  // d & (d - 1) == 0: at most one bit set (0 is covered by `local`).
  Value low = arith::AndIOp::create(b, loc, d, addConstant(b, loc, d, -1));
  Value powerOfTwo = cmp(b, loc, arith::CmpIPredicate::eq, low, zero);
  return arith::AndIOp::create(b, loc, nonNegative,
                               arith::OrIOp::create(b, loc, local, powerOfTwo));
}

//===----------------------------------------------------------------------===//
// DocumentAttr
//===----------------------------------------------------------------------===//

bool DocumentAttr::readsInputs() const { return true; }

bool DocumentAttr::isKept(int64_t q, int64_t k, int64_t, int64_t,
                          InputReader inputs) const {
  return inputs(getQuery(), q, k) == inputs(getKey(), q, k);
}

Value DocumentAttr::buildPredicate(OpBuilder &b, Location loc, Value q,
                                   Value k, Value, Value,
                                   InputBuilder inputs) const {
  Value query = inputs(getQuery(), q, k), key = inputs(getKey(), q, k);
  // The op verifier allows integers of any width on either side: compare
  // at the wider one (scalars, or vectors of one shape).
  auto width = [](Value v) { return getElementTypeOrSelf(v).getIntOrFloatBitWidth(); };
  if (width(query) < width(key))
    query = arith::ExtSIOp::create(b, loc, key.getType(), query);
  else if (width(key) < width(query))
    key = arith::ExtSIOp::create(b, loc, query.getType(), key);
  return cmp(b, loc, arith::CmpIPredicate::eq, query, key);
}

//===----------------------------------------------------------------------===//
// NeighborhoodAttr syntax (its semantics are in NeighborhoodAttr.cpp; the
// attribute storage, which parsing needs, is only visible here)
//===----------------------------------------------------------------------===//

/// Parses `name = [v, ...]` with `parseOne` for the elements.
static ParseResult parseList(AsmParser &p, StringRef name,
                             function_ref<ParseResult()> parseOne) {
  return failure(p.parseKeyword(name) || p.parseEqual() ||
                 p.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                           parseOne));
}

Attribute NeighborhoodAttr::parse(AsmParser &p, Type) {
  SMLoc loc = p.getCurrentLocation();
  SmallVector<int64_t> grid, window, dilation, stride;
  SmallVector<bool> causal;
  auto intsInto = [&](SmallVectorImpl<int64_t> &into) {
    return [&]() -> ParseResult {
      return p.parseInteger(into.emplace_back());
    };
  };
  auto boolsInto = [&]() -> ParseResult {
    if (succeeded(p.parseOptionalKeyword("true")))
      causal.push_back(true);
    else if (succeeded(p.parseOptionalKeyword("false")))
      causal.push_back(false);
    else
      return p.emitError(p.getCurrentLocation(), "expected true or false");
    return success();
  };
  if (p.parseLess() || parseList(p, "grid", intsInto(grid)) || p.parseComma() ||
      parseList(p, "window", intsInto(window)))
    return {};
  // Optional lists, each at most once and in this order.
  auto dilationOne = intsInto(dilation), strideOne = intsInto(stride);
  struct Optional {
    StringRef name;
    function_ref<ParseResult()> parseOne;
  } optional[] = {{"dilation", dilationOne},
                  {"stride", strideOne},
                  {"causal", boolsInto}};
  size_t next = 0;
  // An absent list takes the default; a given one, even empty, is checked.
  bool seen[3] = {false, false, false};
  while (succeeded(p.parseOptionalComma())) {
    SMLoc keywordLoc = p.getCurrentLocation();
    StringRef keyword;
    if (p.parseKeyword(&keyword))
      return {};
    auto it = llvm::find_if(llvm::drop_begin(optional, next),
                            [&](const Optional &o) { return o.name == keyword; });
    if (it == std::end(optional)) {
      p.emitError(keywordLoc, "expected dilation, stride or causal (at most "
                              "once each, in this order), got '")
          << keyword << "'";
      return {};
    }
    next = it - std::begin(optional) + 1;
    seen[next - 1] = true;
    if (p.parseEqual() ||
        p.parseCommaSeparatedList(AsmParser::Delimiter::Square, it->parseOne))
      return {};
  }
  if (p.parseGreater())
    return {};
  if (!seen[0])
    dilation.assign(grid.size(), 1);
  if (!seen[1])
    stride.assign(grid.size(), 1);
  if (!seen[2])
    causal.assign(grid.size(), false);
  return getChecked([&] { return p.emitError(loc); }, p.getContext(), grid,
                    window, dilation, stride, causal);
}

void NeighborhoodAttr::print(AsmPrinter &p) const {
  auto list = [&](StringRef name, auto values) {
    p << name << " = [";
    llvm::interleaveComma(values, p);
    p << "]";
  };
  p << "<";
  list("grid", getGrid());
  p << ", ";
  list("window", getWindow());
  auto allEqual = [](auto values, auto v) {
    return llvm::all_of(values, [&](auto x) { return x == v; });
  };
  if (!allEqual(getDilation(), int64_t(1))) {
    p << ", ";
    list("dilation", getDilation());
  }
  if (!allEqual(getStride(), int64_t(1))) {
    p << ", ";
    list("stride", getStride());
  }
  if (!allEqual(getCausal(), false)) {
    p << ", causal = [";
    llvm::interleaveComma(getCausal(), p,
                          [&](bool c) { p << (c ? "true" : "false"); });
    p << "]";
  }
  p << ">";
}
