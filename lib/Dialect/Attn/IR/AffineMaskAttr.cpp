//===- AffineMaskAttr.cpp - masks given by affine constraints -------------===//
//
// #attn.affine keeps the pairs (q, k) that meet every constraint, each a
// row of integer coefficients over q, k, Lq, Lk (an affine form >= 0 or
// == 0). The parser reads them from a string; getConstraint from an MLIR
// AffineExpr, for the raising of mask_mod regions.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace attnc::attn;

/// Bounds that keep every form below 2^63 for lengths below 2^40.
static constexpr int64_t kMaxCoefficient = int64_t(1) << 20;
static constexpr int64_t kMaxConstant = int64_t(1) << 40;

/// Adds `scale` times the pure affine `expr` over (q, k)[Lq, Lk] to `into`;
/// false for a semi-affine one (floordiv, mod, a product of dims).
/// Saturates instead of overflowing, so that the bounds reject it.
static bool accumulate(AffineExpr expr, int64_t scale, AffineConstraint &into) {
  auto addScaled = [&](int64_t &sum, int64_t value) {
    int64_t term;
    if (llvm::MulOverflow(scale, value, term) ||
        llvm::AddOverflow(sum, term, sum))
      sum = std::numeric_limits<int64_t>::max();
    return true;
  };
  switch (expr.getKind()) {
  case AffineExprKind::Constant:
    return addScaled(into.constant, cast<AffineConstantExpr>(expr).getValue());
  case AffineExprKind::DimId:
    return addScaled(cast<AffineDimExpr>(expr).getPosition() == 0 ? into.query
                                                                  : into.key,
                     1);
  case AffineExprKind::SymbolId:
    return addScaled(cast<AffineSymbolExpr>(expr).getPosition() == 0
                         ? into.queryLen
                         : into.keyLen,
                     1);
  case AffineExprKind::Add: {
    auto sum = cast<AffineBinaryOpExpr>(expr);
    return accumulate(sum.getLHS(), scale, into) &&
           accumulate(sum.getRHS(), scale, into);
  }
  case AffineExprKind::Mul: {
    auto product = cast<AffineBinaryOpExpr>(expr);
    AffineExpr factor = product.getLHS(), constant = product.getRHS();
    if (!isa<AffineConstantExpr>(constant))
      std::swap(factor, constant);
    auto c = dyn_cast<AffineConstantExpr>(constant);
    int64_t scaled;
    if (!c || llvm::MulOverflow(scale, c.getValue(), scaled))
      return false;
    return accumulate(factor, scaled, into);
  }
  default:
    return false;
  }
}

std::optional<AffineConstraint>
AffineMaskAttr::getConstraint(AffineExpr expr, bool equality) {
  AffineConstraint c;
  if (!accumulate(expr, 1, c))
    return std::nullopt;
  c.equality = equality;
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
                       ArrayRef<AffineConstraint> constraints) {
  if (constraints.empty())
    return emitError() << "'#attn.affine' needs at least one constraint";
  for (auto [i, c] : llvm::enumerate(constraints)) {
    if (isWithinBounds(c))
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    printConstraint(os, c);
    return emitError() << "constraint #" << i << " of '#attn.affine' (" << text
                       << ") has a coefficient beyond 2^20 or a constant "
                          "beyond 2^40 in magnitude";
  }
  return success();
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
  return getChecked([&] { return p.emitError(loc); }, p.getContext(),
                    ArrayRef<AffineConstraint>(*rows));
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
