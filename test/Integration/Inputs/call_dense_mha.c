/* A plain C client of the library generated from examples/dense_mha.mlir:
 * calls it on contiguous and on strided (BSHD) inputs, checks the result
 * against a naive softmax written here, and exercises every error path. */
#include "dense_mha.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B = 2, H = 8, LQ = 5, LK = 7, D = 64 };

static float q[B][H][LQ][D], k[B][H][LK][D], v[B][H][LK][D];
static float q_bshd[B][LQ][H][D]; /* the same q, stored [B, L, H, D] */
static float out[B][H][LQ][D], lse[B][H][LQ];
static float out_bshd[B][LQ][H][D]; /* an output written through strides */
/* k and v with every other float: rows with an inner stride of 2. */
static float k_pairs[B][H][LK][D][2], v_pairs[B][H][LK][D][2];

static attnc_tensor tensor4(void *data, int64_t d0, int64_t d1, int64_t d2,
                            int64_t d3) {
  attnc_tensor t;
  memset(&t, 0, sizeof t);
  t.data = data;
  t.dtype = ATTNC_F32;
  t.rank = 4;
  int64_t shape[4] = {d0, d1, d2, d3};
  int64_t stride = 1;
  for (int i = 3; i >= 0; --i) {
    t.shape[i] = shape[i];
    t.strides[i] = stride;
    stride *= shape[i];
  }
  return t;
}

static attnc_tensor tensor3(void *data, int64_t d0, int64_t d1, int64_t d2) {
  attnc_tensor t = tensor4(data, d0, d1, d2, 1);
  t.rank = 3;
  t.strides[0] = d1 * d2;
  t.strides[1] = d2;
  t.strides[2] = 1;
  return t;
}

/* Largest deviation from a naive double-precision softmax attention, over
 * the first `lq` queries. */
static double check(int lq) {
  double worst = 0.0;
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < lq; ++i) {
        double s[LK], m = -INFINITY, z = 0.0;
        for (int j = 0; j < LK; ++j) {
          double dot = 0.0;
          for (int d = 0; d < D; ++d)
            dot += (double)q[b][h][i][d] * k[b][h][j][d];
          s[j] = dot / sqrt((double)D);
          if (s[j] > m)
            m = s[j];
        }
        for (int j = 0; j < LK; ++j)
          z += exp(s[j] - m);
        for (int d = 0; d < D; ++d) {
          double o = 0.0;
          for (int j = 0; j < LK; ++j)
            o += exp(s[j] - m) / z * v[b][h][j][d];
          double err = fabs(o - out[b][h][i][d]);
          if (!(err <= worst)) /* NaN counts as infinitely wrong */
            worst = isnan(err) ? INFINITY : err;
        }
        double err = fabs(m + log(z) - lse[b][h][i]);
        if (!(err <= worst))
          worst = isnan(err) ? INFINITY : err;
      }
  return worst;
}

/* So that a result the call fails to write counts as wrong. */
static void fill_nan(float *p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    p[i] = NAN;
}

static void expect_error(const char *what, int32_t got, int32_t want) {
  printf("%s: status %d (%s) message: %s\n", what, got,
         got == want ? "as expected" : "UNEXPECTED", dense_mha_error());
}

int main(void) {
  srand(7);
  float *all[] = {&q[0][0][0][0], &k[0][0][0][0], &v[0][0][0][0]};
  size_t sizes[] = {sizeof q / 4, sizeof k / 4, sizeof v / 4};
  for (int a = 0; a < 3; ++a)
    for (size_t i = 0; i < sizes[a]; ++i)
      all[a][i] = (float)((double)rand() / RAND_MAX * 2.0 - 1.0);

  attnc_tensor tq = tensor4(q, B, H, LQ, D), tk = tensor4(k, B, H, LK, D),
               tv = tensor4(v, B, H, LK, D), to = tensor4(out, B, H, LQ, D),
               tl = tensor3(lse, B, H, LQ);

  int32_t rc = dense_mha(&tq, &tk, &tv, &to, &tl);
  printf("contiguous: status %d, max error %s\n", rc,
         check(LQ) < 1e-5 ? "< 1e-5" : "TOO LARGE");

  /* Strided input: q stored as [B, L, H, D], described by strides. */
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < LQ; ++i)
        for (int d = 0; d < D; ++d)
          q_bshd[b][i][h][d] = q[b][h][i][d];
  memset(out, 0, sizeof out);
  fill_nan(&lse[0][0][0], sizeof lse / sizeof(float));
  attnc_tensor tqs = tq;
  tqs.data = q_bshd;
  tqs.strides[0] = LQ * H * D;
  tqs.strides[1] = D;
  tqs.strides[2] = H * D;
  tqs.strides[3] = 1;
  const attnc_tensor *argv[] = {&tqs, &tk, &tv, &to, &tl};
  rc = dense_mha_argv(argv);
  printf("strided via argv: status %d, max error %s\n", rc,
         check(LQ) < 1e-5 ? "< 1e-5" : "TOO LARGE");

  /* Strided output: the kernel writes [B, L, H, D] in place. */
  memset(out, 0, sizeof out);
  fill_nan(&lse[0][0][0], sizeof lse / sizeof(float));
  attnc_tensor tos = to;
  tos.data = out_bshd;
  tos.strides[0] = LQ * H * D;
  tos.strides[1] = D;
  tos.strides[2] = H * D;
  tos.strides[3] = 1;
  rc = dense_mha(&tq, &tk, &tv, &tos, &tl);
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < LQ; ++i)
        for (int d = 0; d < D; ++d)
          out[b][h][i][d] = out_bshd[b][i][h][d];
  printf("strided output: status %d, max error %s\n", rc,
         check(LQ) < 1e-5 ? "< 1e-5" : "TOO LARGE");

  /* A decoding step (one query) takes the decoding kernel with contiguous
   * K/V rows, and the tiled kernel with an inner stride of 2 (the gaps
   * hold NaN, which a wrong read would spread). */
  attnc_tensor tq1 = tq, to1 = to, tl1 = tl;
  tq1.shape[2] = to1.shape[2] = tl1.shape[2] = 1;
  memset(out, 0, sizeof out);
  fill_nan(&lse[0][0][0], sizeof lse / sizeof(float));
  rc = dense_mha(&tq1, &tk, &tv, &to1, &tl1);
  printf("decode: status %d, max error %s\n", rc,
         check(1) < 1e-5 ? "< 1e-5" : "TOO LARGE");
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int j = 0; j < LK; ++j)
        for (int d = 0; d < D; ++d) {
          k_pairs[b][h][j][d][0] = k[b][h][j][d];
          v_pairs[b][h][j][d][0] = v[b][h][j][d];
          k_pairs[b][h][j][d][1] = v_pairs[b][h][j][d][1] = NAN;
        }
  attnc_tensor tk2 = tk, tv2 = tv;
  tk2.data = k_pairs;
  tv2.data = v_pairs;
  for (int i = 0; i < 4; ++i)
    tk2.strides[i] = tv2.strides[i] = 2 * tk.strides[i];
  memset(out, 0, sizeof out);
  fill_nan(&lse[0][0][0], sizeof lse / sizeof(float));
  rc = dense_mha(&tq1, &tk2, &tv2, &to1, &tl1);
  printf("decode, K/V inner stride 2: status %d, max error %s\n", rc,
         check(1) < 1e-5 ? "< 1e-5" : "TOO LARGE");

  /* Thread count per calling thread: the same result with 1 and 2. */
  static float out1[B][H][LQ][D];
  dense_mha_set_num_threads(1);
  rc = dense_mha(&tq, &tk, &tv, &to, &tl);
  memcpy(out1, out, sizeof out);
  int32_t previous = dense_mha_set_num_threads(2);
  int32_t rc2 = dense_mha(&tq, &tk, &tv, &to, &tl);
  printf("threads: status %d %d, previous %d, identical %s\n", rc, rc2,
         previous, memcmp(out1, out, sizeof out) == 0 ? "yes" : "NO");
  dense_mha_set_num_threads(0);

  /* Error paths: each returns a code and a message, and writes nothing. */
  expect_error("null", dense_mha(NULL, &tk, &tv, &to, &tl),
               ATTNC_ERROR_NULL_POINTER);
  attnc_tensor bad = tk;
  bad.shape[1] = 4;
  expect_error("heads", dense_mha(&tq, &bad, &tv, &to, &tl),
               ATTNC_ERROR_HEADS);
  bad = tv;
  bad.shape[2] = LK + 1;
  expect_error("length", dense_mha(&tq, &tk, &bad, &to, &tl),
               ATTNC_ERROR_SHAPE);
  bad = tq;
  bad.dtype = ATTNC_F16;
  expect_error("dtype", dense_mha(&bad, &tk, &tv, &to, &tl),
               ATTNC_ERROR_DTYPE);
  bad = tl;
  bad.rank = 4;
  expect_error("rank", dense_mha(&tq, &tk, &tv, &to, &bad), ATTNC_ERROR_RANK);
  bad = tq;
  bad.strides[3] = -1;
  expect_error("stride", dense_mha(&bad, &tk, &tv, &to, &tl),
               ATTNC_ERROR_STRIDES);
  bad = to;
  bad.data = q;
  expect_error("alias", dense_mha(&tq, &tk, &tv, &bad, &tl),
               ATTNC_ERROR_ALIASING);
  rc = dense_mha(&tq, &tk, &tv, &to, &tl);
  printf("after errors: status %d, message '%s'\n", rc, dense_mha_error());
  return 0;
}
