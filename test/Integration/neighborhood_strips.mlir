// Neighbourhood masks whose tasks take queries in strips (NeighborhoodBox.h)
// against the reference evaluator: every grid here has a strip width that
// holds whole tasks, so the flash kernel reorders its rows (the widths are
// checked in the analysis's unit tests). Covered: a narrow last strip (20
// columns in strips of 3 with groups of 4 query heads, 22 columns in strips
// of 4 with one), GQA (groups of 2 and 4 query heads), the LSE, a score_mod reading a per-query bias and a
// mask_mod (both see each row's own query), a document mask (ids gathered
// per row), a 3-D grid of two planes with a causal axis, dilation, fp16,
// and extreme scores (scale 300 on unit-range inputs).
// RUN: attnc run %s --entry strips_gqa --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry strips_mods --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry strips_documents --int-range 3 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry strips_3d_causal --dims B=2 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry strips_dilated --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry strips_f16 --tol 1e-3 | FileCheck %s
// RUN: attnc run %s --entry strips_extreme --tol 1e-4 | FileCheck %s
// CHECK: PASS

// 5 x 5 on 48 x 20; 8 query heads over 2 KV heads (groups of 4).
func.func @strips_gqa(%q: tensor<1x8x960x32xf32>, %k: tensor<1x2x960x32xf32>,
                      %v: tensor<1x2x960x16xf32>)
    -> (tensor<1x8x960x16xf32>, tensor<1x8x960xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [48, 20], window = [5, 5]>)
    : tensor<1x8x960x32xf32>, tensor<1x2x960x32xf32>, tensor<1x2x960x16xf32>
      -> tensor<1x8x960x16xf32>, tensor<1x8x960xf32>
  return %o, %lse : tensor<1x8x960x16xf32>, tensor<1x8x960xf32>
}
// Groups of 2; a bias per (head, query) in the score_mod, and a mask_mod
// that drops the query's own token.
func.func @strips_mods(%q: tensor<1x4x960x16xf32>, %k: tensor<1x2x960x16xf32>,
                       %v: tensor<1x2x960x16xf32>, %bias: tensor<4x960xf32>)
    -> tensor<1x4x960x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%bias[h, q] : tensor<4x960xf32>)
    mask(#attn.neighborhood<grid = [48, 20], window = [5, 5]>)
    mask_mod(%b, %h, %i, %j, %x) {
      %other = arith.cmpi ne, %i, %j : index
      attn.yield %other : i1
    }
    score_mod(%s, %b, %h, %i, %j, %x) {
      %r = arith.addf %s, %x : f32
      attn.yield %r : f32
    }
    : tensor<1x4x960x16xf32>, tensor<1x2x960x16xf32>, tensor<1x2x960x16xf32>
      -> tensor<1x4x960x16xf32>
  return %o : tensor<1x4x960x16xf32>
}
func.func @strips_documents(%q: tensor<1x2x960x16xf32>, %k: tensor<1x2x960x16xf32>,
                            %v: tensor<1x2x960x16xf32>, %qdoc: tensor<1x960xi32>,
                            %kdoc: tensor<1x960xi32>)
    -> tensor<1x2x960x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qdoc[b, q] : tensor<1x960xi32>, %kdoc[b, k] : tensor<1x960xi32>)
    mask(#attn.and<[#attn.neighborhood<grid = [48, 20], window = [7, 5]>,
                    #attn.document<query = 0, key = 1>]>)
    : tensor<1x2x960x16xf32>, tensor<1x2x960x16xf32>, tensor<1x2x960x16xf32>
      -> tensor<1x2x960x16xf32>
  return %o : tensor<1x2x960x16xf32>
}
// Two planes of 24 x 16 (384 tokens, 8 tasks each), causal across planes.
func.func @strips_3d_causal(%q: tensor<?x2x768x16xf32>, %k: tensor<?x2x768x16xf32>,
                            %v: tensor<?x2x768x16xf32>)
    -> (tensor<?x2x768x16xf32>, tensor<?x2x768xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [2, 24, 16], window = [2, 5, 5],
                            causal = [true, false, false]>)
    : tensor<?x2x768x16xf32>, tensor<?x2x768x16xf32>, tensor<?x2x768x16xf32>
      -> tensor<?x2x768x16xf32>, tensor<?x2x768xf32>
  return %o, %lse : tensor<?x2x768x16xf32>, tensor<?x2x768xf32>
}
func.func @strips_dilated(%q: tensor<1x2x1152x16xf32>, %k: tensor<1x2x1152x16xf32>,
                          %v: tensor<1x2x1152x16xf32>) -> tensor<1x2x1152x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [48, 24], window = [3, 3], dilation = [2, 2]>)
    : tensor<1x2x1152x16xf32>, tensor<1x2x1152x16xf32>, tensor<1x2x1152x16xf32>
      -> tensor<1x2x1152x16xf32>
  return %o : tensor<1x2x1152x16xf32>
}
func.func @strips_f16(%q: tensor<1x2x960x16xf16>, %k: tensor<1x2x960x16xf16>,
                      %v: tensor<1x2x960x16xf16>) -> tensor<1x2x960x16xf16> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [48, 20], window = [5, 5]>)
    : tensor<1x2x960x16xf16>, tensor<1x2x960x16xf16>, tensor<1x2x960x16xf16>
      -> tensor<1x2x960x16xf16>
  return %o : tensor<1x2x960x16xf16>
}
func.func @strips_extreme(%q: tensor<1x1x1056x16xf32>, %k: tensor<1x1x1056x16xf32>,
                          %v: tensor<1x1x1056x16xf32>) -> tensor<1x1x1056x16xf32> {
  %o = attn.attention %q, %k, %v scale(300.0)
    mask(#attn.neighborhood<grid = [48, 22], window = [5, 5]>)
    : tensor<1x1x1056x16xf32>, tensor<1x1x1056x16xf32>, tensor<1x1x1056x16xf32>
      -> tensor<1x1x1056x16xf32>
  return %o : tensor<1x1x1056x16xf32>
}
