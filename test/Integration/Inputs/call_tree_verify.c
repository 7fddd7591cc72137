/* A C client of examples/tree_speculative.mlir: a valid tree runs, and
 * parent links that are not a tree (a cycle, a self-loop) are refused by the
 * entry point with ATTNC_ERROR_VALUE before the kernel runs. The same holds
 * for the tree's position ids, which it prints. */
#include "tree_verify.h"

#include <stdio.h>
#include <string.h>

enum { B = 1, HQ = 32, HKV = 8, LQ = 5, LK = 21, D = 128 };

static float q[B][HQ][LQ][D], k[B][HKV][LK][D], v[B][HKV][LK][D];
static float out[B][HQ][LQ][D];

static attnc_tensor tensor(void *data, int32_t dtype, int rank,
                           const int64_t *shape) {
  attnc_tensor t;
  memset(&t, 0, sizeof t);
  t.data = data;
  t.dtype = dtype;
  t.rank = rank;
  int64_t stride = 1;
  for (int i = rank - 1; i >= 0; --i) {
    t.shape[i] = shape[i];
    t.strides[i] = stride;
    stride *= shape[i];
  }
  return t;
}

static void run(const char *what, int32_t parents[LQ]) {
  static const int64_t qs[] = {B, HQ, LQ, D}, ks[] = {B, HKV, LK, D},
                       ps[] = {B, LQ};
  attnc_tensor tq = tensor(q, ATTNC_F32, 4, qs), tk = tensor(k, ATTNC_F32, 4, ks),
               tv = tensor(v, ATTNC_F32, 4, ks), to = tensor(out, ATTNC_F32, 4, qs),
               tp = tensor(parents, ATTNC_I32, 2, ps);
  int32_t status = tree_verify(&tq, &tk, &tv, &tp, &to);
  printf("%s: status %d message: %s\n", what, (int)status, tree_verify_error());

  int32_t pos[LQ] = {-7, -7, -7, -7, -7};
  attnc_tensor tpos = tensor(pos, ATTNC_I32, 2, ps);
  status = tree_positions(&tp, &tpos);
  printf("%s positions: status %d message: %s positions:", what, (int)status,
         tree_positions_error());
  for (int i = 0; i < LQ; ++i)
    printf(" %d", (int)pos[i]);
  printf("\n");
}

int main(void) {
  for (int i = 0; i < LK; ++i)
    for (int d = 0; d < D; ++d)
      k[0][0][i][d] = v[0][0][i][d] = (float)((i * 7 + d) % 13) / 13.0f;
  /* 0 <- 1 <- 3 <- 4, 0 <- 2. */
  int32_t tree[LQ] = {-1, 0, 0, 1, 3};
  run("tree", tree);
  int32_t chain[LQ] = {-1, 0, 1, 2, 3};
  run("chain", chain);
  int32_t flat[LQ] = {-1, -1, -1, -1, -1};
  run("flat", flat);
  int32_t cycle[LQ] = {-1, 3, 0, 1, 3};
  run("cycle", cycle);
  int32_t self[LQ] = {-1, 0, 2, 1, 3};
  run("self", self);
  return 0;
}
