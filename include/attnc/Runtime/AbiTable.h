/*===- AbiTable.h - signature tables shared by compiler and runtime -*- C -*-===*
 *
 * The compiler describes each entry point's parameters to the runtime's
 * validator with a table of int64_t, emitted as a constant global:
 *
 *   table[0] = ATTNC_ABI_TABLE_VERSION
 *   table[1] = number of parameters N (inputs first, then outputs)
 *   then, for each parameter:
 *     kind    (ATTNC_PARAM_INPUT / ATTNC_PARAM_OUTPUT)
 *     dtype   (attnc_dtype)
 *     content (ATTNC_CONTENT_*: a check of the values, not just the shape)
 *     rank
 *     rank pairs (extent, role): extent >= 0 is static; extent < 0 names a
 *       runtime length: with c = -1 - extent, symbol c % ATTNC_NUM_SYMS
 *       (ATTNC_SYM_*) divided by d = c / ATTNC_NUM_SYMS + 1, rounding up.
 *       With d = 1 (extent = -1 - symbol) the symbol takes its value from
 *       the first tensor that uses it and must have it in every other; an
 *       extent with d > 1 (an input indexed by `k floordiv 32`, say) is
 *       checked against it once every tensor is, and never binds it (some
 *       tensor must use the symbol undivided). role is an ATTNC_ROLE_*.
 *
 * Parameter names come separately as one comma-separated string.
 *===----------------------------------------------------------------------===*/

#ifndef ATTNC_RUNTIME_ABITABLE_H
#define ATTNC_RUNTIME_ABITABLE_H

#include <stdint.h>

#define ATTNC_ABI_TABLE_VERSION 2
#define ATTNC_MAX_PARAMS 16

enum { ATTNC_PARAM_INPUT = 0, ATTNC_PARAM_OUTPUT = 1 };

/* What the values of an input must satisfy. */
enum {
  ATTNC_CONTENT_ANY = 0,
  /* Tree parent links (#attn.tree): along the last dim, element i is -1 or
   * a node before i, so every parent precedes its children (no cycles). */
  ATTNC_CONTENT_TREE_PARENTS = 1
};

/* Runtime length symbols. */
enum { ATTNC_SYM_BATCH = 0, ATTNC_SYM_QUERY_LEN = 1, ATTNC_SYM_KEY_LEN = 2,
       ATTNC_NUM_SYMS = 3 };

/* The extent word of runtime length `symbol` divided by `divisor` >= 1
 * (rounding up), and its decoding. */
static inline int64_t attnc_abi_symbolic_extent(int64_t symbol,
                                                int64_t divisor) {
  return -1 - (symbol + ATTNC_NUM_SYMS * (divisor - 1));
}
static inline int64_t attnc_abi_extent_symbol(int64_t extent) {
  return (-1 - extent) % ATTNC_NUM_SYMS;
}
static inline int64_t attnc_abi_extent_divisor(int64_t extent) {
  return (-1 - extent) / ATTNC_NUM_SYMS + 1;
}
/* The extent of a dimension for a length `value` >= 0 divided by `divisor`,
 * rounding up (without overflow). */
static inline int64_t attnc_abi_divide_up(int64_t value, int64_t divisor) {
  return value / divisor + (value % divisor != 0);
}

/* What a dimension means, for error messages and error codes. */
enum {
  ATTNC_ROLE_OTHER = 0,
  ATTNC_ROLE_BATCH = 1,
  ATTNC_ROLE_QUERY_HEADS = 2,
  ATTNC_ROLE_KV_HEADS = 3,
  ATTNC_ROLE_QUERY_LEN = 4,
  ATTNC_ROLE_KEY_LEN = 5,
  ATTNC_ROLE_HEAD_DIM = 6,
  ATTNC_ROLE_VALUE_DIM = 7
};

#ifdef __cplusplus
extern "C" {
#endif

/* Validates `args` against `table` and, if they are valid, calls `kernel`,
 * an MLIR `_mlir_ciface_` function taking one pointer to a ranked memref
 * descriptor { void *allocated, *aligned; int64_t offset, sizes[r],
 * strides[r]; } per parameter, in order. Returns an attnc_status. */
int32_t attnc_rt_invoke(const int64_t *table, const char *names,
                        const void *const *args, void *kernel);

/* The message of the last attnc_rt_invoke on this thread ("" after success). */
const char *attnc_rt_last_error(void);

/* Sets the number of threads later calls from this thread use (n >= 1), or
 * restores the default (n <= 0: OMP_NUM_THREADS, else all cores). Returns
 * the previous setting. Kernels without threads ignore it. */
int32_t attnc_rt_set_num_threads(int32_t n);

#ifdef __cplusplus
}
#endif

#endif /* ATTNC_RUNTIME_ABITABLE_H */
