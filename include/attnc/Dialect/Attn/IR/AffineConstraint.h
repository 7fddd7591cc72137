//===- AffineConstraint.h - one constraint of an #attn.affine mask -*- C++ -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_AFFINECONSTRAINT_H
#define ATTNC_DIALECT_ATTN_IR_AFFINECONSTRAINT_H

#include "llvm/ADT/Hashing.h"

#include <cstdint>

namespace attnc::attn {

/// `query * q + key * k + queryLen * Lq + keyLen * Lk + constant`, which
/// must be >= 0, or == 0 for an equality: one row of an #attn.affine mask's
/// integer set, with the coefficients the verifier bounds (no overflow in
/// 64-bit arithmetic for lengths below 2^40).
struct AffineConstraint {
  int64_t query = 0, key = 0, queryLen = 0, keyLen = 0, constant = 0;
  bool equality = false;

  /// The form's value at one point.
  int64_t evaluate(int64_t q, int64_t k, int64_t lq, int64_t lk) const {
    return query * q + key * k + queryLen * lq + keyLen * lk + constant;
  }
  bool holds(int64_t q, int64_t k, int64_t lq, int64_t lk) const {
    int64_t v = evaluate(q, k, lq, lk);
    return equality ? v == 0 : v >= 0;
  }
  bool operator==(const AffineConstraint &o) const {
    return query == o.query && key == o.key && queryLen == o.queryLen &&
           keyLen == o.keyLen && constant == o.constant &&
           equality == o.equality;
  }
};

/// For the attribute storage of #attn.affine.
inline llvm::hash_code hash_value(const AffineConstraint &c) {
  return llvm::hash_combine(c.query, c.key, c.queryLen, c.keyLen, c.constant,
                            c.equality);
}

} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_IR_AFFINECONSTRAINT_H
