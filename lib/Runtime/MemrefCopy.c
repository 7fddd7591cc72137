/*===- MemrefCopy.c - the copy routine MLIR's memref lowering calls -*- C -*-===*
 *
 * finalize-memref-to-llvm lowers memref.copy between non-contiguous layouts
 * to a call to `memrefCopy`, which upstream lives in the MLIR runner
 * utilities. Generated libraries must be self-contained, so the runtime
 * provides it (with hidden visibility, like everything else here).
 *===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <string.h>

/* An unranked memref: rank and a pointer to the ranked descriptor
 * { void *allocated, *aligned; int64_t offset, sizes[rank], strides[rank]; }. */
typedef struct {
  int64_t rank;
  void *descriptor;
} attnc_unranked_memref;

typedef struct {
  void *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizes_and_strides[];
} attnc_ranked_memref;

void memrefCopy(int64_t elem_size, attnc_unranked_memref *src,
                attnc_unranked_memref *dst);

void memrefCopy(int64_t elem_size, attnc_unranked_memref *src,
                attnc_unranked_memref *dst) {
  const attnc_ranked_memref *s = (const attnc_ranked_memref *)src->descriptor;
  const attnc_ranked_memref *d = (const attnc_ranked_memref *)dst->descriptor;
  int64_t rank = src->rank;
  const int64_t *sizes = s->sizes_and_strides;
  const int64_t *src_strides = s->sizes_and_strides + rank;
  const int64_t *dst_strides = d->sizes_and_strides + rank;
  char *src_base = s->aligned + s->offset * elem_size;
  char *dst_base = d->aligned + d->offset * elem_size;

  int64_t total = 1;
  for (int64_t r = 0; r < rank; ++r)
    total *= sizes[r];
  if (total == 0)
    return;
  if (rank == 0) {
    memcpy(dst_base, src_base, (size_t)elem_size);
    return;
  }

  /* Odometer over all indices, innermost fastest. */
  int64_t index[16] = {0};
  int64_t src_off = 0, dst_off = 0;
  for (int64_t n = 0; n < total; ++n) {
    memcpy(dst_base + dst_off * elem_size, src_base + src_off * elem_size,
           (size_t)elem_size);
    for (int64_t r = rank - 1; r >= 0; --r) {
      if (++index[r] < sizes[r]) {
        src_off += src_strides[r];
        dst_off += dst_strides[r];
        break;
      }
      src_off -= (sizes[r] - 1) * src_strides[r];
      dst_off -= (sizes[r] - 1) * dst_strides[r];
      index[r] = 0;
    }
  }
}
