//===- AffineMaskAttr.cpp - masks given by affine constraints -------------===//
//
// #attn.affine keeps the pairs (q, k) of an integer set over the dims
// (q, k) and the symbols [Lq, Lk]. The set is MLIR's IntegerSet; the
// analysis and the predicates read it as rows of integer coefficients.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/AffineExprVisitor.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace attnc::attn;

/// Bounds that keep every form below 2^63 for lengths below 2^40.
static constexpr int64_t kMaxCoefficient = int64_t(1) << 20;
static constexpr int64_t kMaxConstant = int64_t(1) << 40;

/// The coefficients of a pure affine `expr` over 2 dims and up to 2
/// symbols, or nothing for a semi-affine one (floordiv, mod, ...).
static std::optional<AffineConstraint> flatten(AffineExpr expr,
                                               unsigned numSymbols) {
  if (!expr.isPureAffine())
    return std::nullopt;
  SimpleAffineExprFlattener flattener(/*numDims=*/2, numSymbols);
  if (failed(flattener.walkPostOrder(expr)))
    return std::nullopt;
  ArrayRef<int64_t> row = flattener.operandExprStack.back();
  // [q, k, symbols..., locals..., constant]; pure affine forms have no locals.
  if (flattener.numLocals != 0)
    return std::nullopt;
  AffineConstraint c;
  c.query = row[0];
  c.key = row[1];
  c.queryLen = numSymbols > 0 ? row[2] : 0;
  c.keyLen = numSymbols > 1 ? row[3] : 0;
  c.constant = row.back();
  return c;
}

/// Prints `c` as `2 * q - k + Lk >= 0`, the form the parser reads.
static void printConstraint(raw_ostream &os, const AffineConstraint &c) {
  std::pair<int64_t, StringRef> terms[] = {{c.query, "q"},
                                           {c.key, "k"},
                                           {c.queryLen, "Lq"},
                                           {c.keyLen, "Lk"},
                                           {c.constant, ""}};
  bool first = true;
  for (auto [coefficient, name] : terms) {
    if (coefficient == 0)
      continue;
    uint64_t magnitude = coefficient < 0 ? -uint64_t(coefficient) : coefficient;
    if (first)
      os << (coefficient < 0 ? "-" : "");
    else
      os << (coefficient < 0 ? " - " : " + ");
    if (name.empty())
      os << magnitude;
    else if (magnitude == 1)
      os << name;
    else
      os << magnitude << " * " << name;
    first = false;
  }
  if (first)
    os << "0";
  os << (c.equality ? " == 0" : " >= 0");
}

bool AffineMaskAttr::isWithinBounds(const AffineConstraint &c) {
  for (int64_t coefficient : {c.query, c.key, c.queryLen, c.keyLen})
    if (coefficient < -kMaxCoefficient || coefficient > kMaxCoefficient)
      return false;
  return c.constant >= -kMaxConstant && c.constant <= kMaxConstant;
}

LogicalResult
AffineMaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       IntegerSet set) {
  if (!set)
    return emitError() << "'#attn.affine' needs an integer set";
  if (set.getNumDims() != 2 || set.getNumSymbols() != 2)
    return emitError() << "'#attn.affine' needs a set over the dims (q, k) "
                          "and the symbols [Lq, Lk], got "
                       << set.getNumDims() << " dims and "
                       << set.getNumSymbols() << " symbols";
  if (set.getNumConstraints() == 0)
    return emitError() << "'#attn.affine' needs at least one constraint";
  for (auto [i, e] : llvm::enumerate(set.getConstraints())) {
    std::optional<AffineConstraint> c = flatten(e, set.getNumSymbols());
    std::string text;
    llvm::raw_string_ostream os(text);
    if (!c) {
      os << e;
      return emitError() << "constraint #" << i << " of '#attn.affine' ("
                         << text << ") is not affine: floordiv, ceildiv, mod "
                                    "and products of dims or symbols are not "
                                    "allowed";
    }
    c->equality = set.isEq(i);
    printConstraint(os, *c);
    if (!isWithinBounds(*c))
      return emitError() << "constraint #" << i << " of '#attn.affine' ("
                         << text
                         << ") has a coefficient beyond 2^20 or a constant "
                            "beyond 2^40 in magnitude";
  }
  return success();
}

SmallVector<AffineConstraint> AffineMaskAttr::getConstraints() const {
  IntegerSet set = getSet();
  SmallVector<AffineConstraint> rows;
  for (unsigned i = 0, e = set.getNumConstraints(); i < e; ++i) {
    // The verifier accepted only pure affine forms.
    AffineConstraint c = *flatten(set.getConstraint(i), set.getNumSymbols());
    c.equality = set.isEq(i);
    rows.push_back(c);
  }
  return rows;
}

/// `constraints` as the expressions and equality flags of an integer set
/// over (q, k)[Lq, Lk].
static void buildExprs(MLIRContext *context,
                       ArrayRef<AffineConstraint> constraints,
                       SmallVectorImpl<AffineExpr> &exprs,
                       SmallVectorImpl<bool> &eqFlags) {
  AffineExpr q = getAffineDimExpr(0, context), k = getAffineDimExpr(1, context);
  AffineExpr lq = getAffineSymbolExpr(0, context);
  AffineExpr lk = getAffineSymbolExpr(1, context);
  for (const AffineConstraint &c : constraints) {
    exprs.push_back(q * c.query + k * c.key + lq * c.queryLen +
                    lk * c.keyLen + c.constant);
    eqFlags.push_back(c.equality);
  }
}

AffineMaskAttr AffineMaskAttr::get(MLIRContext *context,
                                   ArrayRef<AffineConstraint> constraints) {
  SmallVector<AffineExpr> exprs;
  SmallVector<bool> eqFlags;
  buildExprs(context, constraints, exprs, eqFlags);
  return get(context, IntegerSet::get(2, 2, exprs, eqFlags));
}

namespace {
/// Reads the constraints of #attn.affine from its string: comma-separated
/// comparisons (`>=`, `>`, `<=`, `<`, `==`) of sums of integer multiples of
/// q, k, Lq, Lk and integers, e.g. "k <= q + Lk - Lq, q - k < 256".
class ConstraintReader {
public:
  explicit ConstraintReader(StringRef text) : text(text) {}

  /// The constraints, or nothing with `error` set.
  std::optional<SmallVector<AffineConstraint>> read() {
    SmallVector<AffineConstraint> rows;
    do {
      std::optional<AffineConstraint> lhs = sum();
      if (!lhs)
        return std::nullopt;
      skipSpace();
      static constexpr std::pair<StringRef, int> comparisons[] = {
          {">=", 0}, {"<=", 1}, {"==", 2}, {">", 3}, {"<", 4}};
      int comparison = -1;
      for (auto [spelling, kind] : comparisons)
        if (text.substr(pos).starts_with(spelling)) {
          comparison = kind;
          pos += spelling.size();
          break;
        }
      if (comparison < 0)
        return fail("expected >=, >, <=, < or ==");
      std::optional<AffineConstraint> rhs = sum();
      if (!rhs)
        return std::nullopt;
      // lhs - rhs >= 0, > 0 (>= 1), == 0; rhs - lhs for <= and <.
      bool flip = comparison == 1 || comparison == 4;
      AffineConstraint c = difference(flip ? *rhs : *lhs, flip ? *lhs : *rhs);
      if (comparison == 3 || comparison == 4)
        c.constant -= 1;
      c.equality = comparison == 2;
      rows.push_back(c);
      skipSpace();
    } while (consume(','));
    if (pos != text.size())
      return fail("expected ',' or the end of the constraints");
    return rows;
  }

  std::string error;

private:
  std::nullopt_t fail(const Twine &message) {
    error = (message + " at column " + Twine(pos + 1) + " of \"" + text +
             "\"").str();
    return std::nullopt;
  }
  void skipSpace() {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
  }
  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  static AffineConstraint difference(AffineConstraint a,
                                     const AffineConstraint &b) {
    a.query -= b.query;
    a.key -= b.key;
    a.queryLen -= b.queryLen;
    a.keyLen -= b.keyLen;
    a.constant -= b.constant;
    return a;
  }
  /// term (('+' | '-') term)*, with a leading sign allowed.
  std::optional<AffineConstraint> sum() {
    AffineConstraint total;
    bool first = true;
    while (true) {
      int64_t sign = 1;
      if (consume('-'))
        sign = -1;
      else if (!first && !consume('+'))
        return total;
      first = false;
      if (!term(total, sign))
        return std::nullopt;
    }
  }
  /// An integer, a name, or an integer '*' a name; adds sign * it to `into`.
  bool term(AffineConstraint &into, int64_t sign) {
    skipSpace();
    int64_t factor = 1;
    size_t digits = pos;
    while (pos < text.size() && llvm::isDigit(text[pos]))
      ++pos;
    if (pos > digits) {
      // Bounded here and in add() so that the verifier's bounds see the
      // real value.
      if (pos - digits > 15) {
        pos = digits;
        return (fail("integer too large"), false);
      }
      text.substr(digits, pos - digits).getAsInteger(10, factor);
      if (!consume('*'))
        return add(into.constant, sign * factor, digits);
      skipSpace();
    }
    size_t start = pos;
    while (pos < text.size() && llvm::isAlpha(text[pos]))
      ++pos;
    StringRef name = text.substr(start, pos - start);
    int64_t AffineConstraint::*field = name == "q"    ? &AffineConstraint::query
                                       : name == "k"  ? &AffineConstraint::key
                                       : name == "Lq" ? &AffineConstraint::queryLen
                                       : name == "Lk" ? &AffineConstraint::keyLen
                                                      : nullptr;
    if (!field) {
      pos = start;
      return (fail("expected an integer or q, k, Lq, Lk"), false);
    }
    return add(into.*field, sign * factor, digits);
  }
  /// Adds `term` to a sum, which stays within 2^50 (beyond any bound the
  /// verifier accepts, and far from overflow), or fails at `at`.
  bool add(int64_t &sum, int64_t term, size_t at) {
    constexpr int64_t limit = int64_t(1) << 50;
    sum += term;
    if (sum >= -limit && sum <= limit)
      return true;
    pos = at;
    return (fail("sum too large"), false);
  }

  StringRef text;
  size_t pos = 0;
};
} // namespace

Attribute AffineMaskAttr::parse(AsmParser &p, Type) {
  // The constraints are a string: a bare `>=` would end the attribute.
  SMLoc loc = p.getCurrentLocation();
  std::string text;
  if (p.parseLess() || p.parseString(&text) || p.parseGreater())
    return {};
  ConstraintReader reader(text);
  std::optional<SmallVector<AffineConstraint>> rows = reader.read();
  if (!rows) {
    p.emitError(loc, "invalid '#attn.affine' constraints: ") << reader.error;
    return {};
  }
  SmallVector<AffineExpr> exprs;
  SmallVector<bool> eqFlags;
  buildExprs(p.getContext(), *rows, exprs, eqFlags);
  return getChecked([&] { return p.emitError(loc); }, p.getContext(),
                    IntegerSet::get(2, 2, exprs, eqFlags));
}

void AffineMaskAttr::print(AsmPrinter &p) const {
  p << "<\"";
  llvm::interleaveComma(getConstraints(), p, [&](const AffineConstraint &c) {
    printConstraint(p.getStream(), c);
  });
  p << "\">";
}

bool AffineMaskAttr::isKept(int64_t q, int64_t k, int64_t queryLen,
                            int64_t keyLen, InputReader) const {
  return llvm::all_of(getConstraints(), [&](const AffineConstraint &c) {
    return c.holds(q, k, queryLen, keyLen);
  });
}

Value AffineMaskAttr::buildPredicate(OpBuilder &b, Location loc, Value q,
                                     Value k, Value queryLen, Value keyLen,
                                     InputBuilder) const {
  // Index constants of q's type: index, or a vector of index.
  auto constant = [&](Type type, int64_t c) -> Value {
    if (auto vec = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vec, b.getIndexAttr(c)));
    return arith::ConstantIndexOp::create(b, loc, c);
  };
  Type type = q.getType();
  Value keep;
  for (const AffineConstraint &c : getConstraints()) {
    Value form = constant(type, c.constant);
    for (auto [coefficient, v] : {std::pair{c.query, q},
                                  {c.key, k},
                                  {c.queryLen, queryLen},
                                  {c.keyLen, keyLen}}) {
      if (coefficient == 0)
        continue;
      Value term = coefficient == 1 ? v
                                    : arith::MulIOp::create(
                                          b, loc, v, constant(type, coefficient));
      form = arith::AddIOp::create(b, loc, form, term);
    }
    Value holds = arith::CmpIOp::create(
        b, loc,
        c.equality ? arith::CmpIPredicate::eq : arith::CmpIPredicate::sge, form,
        constant(type, 0));
    keep = keep ? arith::AndIOp::create(b, loc, keep, holds) : holds;
  }
  return keep;
}
