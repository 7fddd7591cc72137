// Edge shapes of the flash kernel: Lq = 0, a group of 3 query heads per KV
// head with Lq > Lk (empty rows), rows exactly at the small-kernel (8) and
// tile (48) sizes and just past them, a window far longer than the cache,
// a prefix longer than Lk, and score_mod scores of x100.
// RUN: attnc run %s --entry g3 --dims B=3,Lq=0,Lk=5 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g3 --dims B=3,Lq=5,Lk=3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g3 --dims B=2,Lq=2,Lk=9 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g3 --dims B=1,Lq=16,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g8 --dims B=1,Lq=1,Lk=50 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g8 --dims B=1,Lq=6,Lk=50 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g8 --dims B=2,Lq=7,Lk=3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry bigscore --dims B=1,Lq=30,Lk=20 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry bigscore --dims B=1,Lq=3,Lk=1 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @g3(%q: tensor<?x6x?x8xf32>, %k: tensor<?x2x?x8xf32>, %v: tensor<?x2x?x8xf32>) -> (tensor<?x6x?x8xf32>, tensor<?x6x?xf32>) {
  %o, %l = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>) : tensor<?x6x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x6x?x8xf32>, tensor<?x6x?xf32>
  return %o, %l : tensor<?x6x?x8xf32>, tensor<?x6x?xf32>
}
func.func @g8(%q: tensor<?x8x?x32xf32>, %k: tensor<?x1x?x32xf32>, %v: tensor<?x1x?x32xf32>) -> tensor<?x8x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 1000000, right = 3, align = bottom_right>) : tensor<?x8x?x32xf32>, tensor<?x1x?x32xf32>, tensor<?x1x?x32xf32> -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}
func.func @bigscore(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %l = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = 1000>)
    score_mod(%s, %b, %h, %i, %j) {
      %c = arith.constant 100.0 : f32
      %r = arith.mulf %s, %c : f32
      attn.yield %r : f32
    } : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %l : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}

// A score_mod returning a finite score above FLT_MAX / log2(e) (here 3e38)
// is clamped to 2.3e38 before the base-2 softmax instead of becoming NaN;
// the output is exact (that key dominates either way). The LSE reflects the
// clamped score, so it is not compared here (see docs/UserGuide.md).
// RUN: attnc run %s --entry huge_score --dims B=1,Lq=3,Lk=5 --tol 1e-4 | FileCheck %s
func.func @huge_score(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                      %v: tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32> {
  %o = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      %c0 = arith.constant 0 : index
      %first = arith.cmpi eq, %j, %c0 : index
      %huge = arith.constant 3.0e38 : f32
      %r = arith.select %first, %huge, %s : f32
      attn.yield %r : f32
    } : tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}
