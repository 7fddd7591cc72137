/*===- attnc_abi.h - the C ABI of attnc-generated libraries -------*- C -*-===*
 *
 * Every library that attnc emits exposes entry points of the form
 *
 *   int32_t NAME(const attnc_tensor *arg0, ..., const attnc_tensor *outN);
 *   int32_t NAME_argv(const attnc_tensor *const *args);  (the same, as an array)
 *   const char *NAME_error(void);
 *   int32_t NAME_set_num_threads(int32_t n);  (threads for this thread's calls)
 *
 * taking its inputs first and its outputs last. Each tensor is described by
 * a data pointer, a dtype, a rank, a shape and strides counted in elements
 * (not bytes). An entry point validates every descriptor before touching any
 * data and returns ATTNC_OK or one of the error codes below; NAME_error()
 * then describes the failure of the last call on the calling thread (each
 * library keeps its own message).
 *
 * This header is self-contained and is copied verbatim into the headers that
 * `attnc --emit=header` generates.
 *===----------------------------------------------------------------------===*/

#ifndef ATTNC_ABI_H
#define ATTNC_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ATTNC_MAX_RANK 8

/* Element types. */
typedef enum attnc_dtype {
  ATTNC_F32 = 0,
  ATTNC_F16 = 1,
  ATTNC_BF16 = 2,
  ATTNC_I8 = 3,
  ATTNC_I16 = 4,
  ATTNC_I32 = 5,
  ATTNC_I64 = 6,
  ATTNC_BOOL = 7 /* one byte per element, 0 or 1 */
} attnc_dtype;

/* A strided view of a tensor in host memory. */
typedef struct attnc_tensor {
  void *data;                       /* first element */
  int32_t dtype;                    /* an attnc_dtype */
  int32_t rank;                     /* number of used entries below */
  int64_t shape[ATTNC_MAX_RANK];    /* extents, outermost first */
  int64_t strides[ATTNC_MAX_RANK];  /* in elements; >= 0 */
} attnc_tensor;

/* Return codes of every entry point. */
typedef enum attnc_status {
  ATTNC_OK = 0,
  ATTNC_ERROR_NULL_POINTER = 1, /* a descriptor or a non-empty data pointer is NULL */
  ATTNC_ERROR_DTYPE = 2,        /* element type differs from the spec */
  ATTNC_ERROR_RANK = 3,         /* rank differs from the spec */
  ATTNC_ERROR_SHAPE = 4,        /* an extent is negative, differs from a static
                                   extent, or disagrees with another tensor */
  ATTNC_ERROR_HEADS = 5,        /* a head count differs from the spec (head ratio) */
  ATTNC_ERROR_STRIDES = 6,      /* a negative stride, or an output whose
                                   elements overlap */
  ATTNC_ERROR_ALIASING = 7,     /* an output overlaps another tensor */
  ATTNC_ERROR_VALUE = 8         /* an input's values break the spec's rules
                                   (a tree parent that does not precede its
                                   node, e.g. a cycle) */
} attnc_status;

#ifdef __cplusplus
}
#endif

#endif /* ATTNC_ABI_H */
