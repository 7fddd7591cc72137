// Neighbourhood attention (#attn.neighborhood) on 1-, 2- and 3-D grids
// against the reference evaluator: borders, dilation, strides, causal
// axes (also strided and dilated), GQA, the LSE, composition (with a
// document mask, and with a not-causal that leaves the last rows with no
// key), tiles proven full (a wide window with small tiles), and token
// counts that are not multiples of the 48 x 64 tiles. The naive lowering
// agrees.
// RUN: attnc run %s --entry na1d --dims B=2 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d --lowering=naive --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d_dilated_strided --dims B=2 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na3d_causal --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d_documents --int-range 3 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na1d_after --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d_extreme --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d_wide --vector-width=8 --query-tile=24 --key-tile=16 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d_causal_strided --dims B=2 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry na2d --vector-width=16 --tol 1e-4 | FileCheck %s
// CHECK: PASS

// 1-D, window 17 and dilation 3 over 301 tokens (groups of 101 and 100).
func.func @na1d(%q: tensor<?x4x301x32xf32>, %k: tensor<?x2x301x32xf32>,
                %v: tensor<?x2x301x32xf32>)
    -> (tensor<?x4x301x32xf32>, tensor<?x4x301xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [301], window = [17], dilation = [3]>)
    : tensor<?x4x301x32xf32>, tensor<?x2x301x32xf32>, tensor<?x2x301x32xf32>
      -> tensor<?x4x301x32xf32>, tensor<?x4x301xf32>
  return %o, %lse : tensor<?x4x301x32xf32>, tensor<?x4x301xf32>
}
// 2-D, 7 x 5 on a 23 x 29 grid.
func.func @na2d(%q: tensor<1x2x667x16xf32>, %k: tensor<1x2x667x16xf32>,
                %v: tensor<1x2x667x24xf32>) -> tensor<1x2x667x24xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [23, 29], window = [7, 5]>)
    : tensor<1x2x667x16xf32>, tensor<1x2x667x16xf32>, tensor<1x2x667x24xf32>
      -> tensor<1x2x667x24xf32>
  return %o : tensor<1x2x667x24xf32>
}
// Generalized neighbourhood attention: dilation and strides per axis.
func.func @na2d_dilated_strided(%q: tensor<?x8x480x32xf32>,
                                %k: tensor<?x2x480x32xf32>,
                                %v: tensor<?x2x480x32xf32>)
    -> tensor<?x8x480x32xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [20, 24], window = [5, 6],
                            dilation = [2, 3], stride = [2, 4]>)
    : tensor<?x8x480x32xf32>, tensor<?x2x480x32xf32>, tensor<?x2x480x32xf32>
      -> tensor<?x8x480x32xf32>
  return %o : tensor<?x8x480x32xf32>
}
// 3-D video-like grid, causal in time, strided in space.
func.func @na3d_causal(%q: tensor<1x3x700x16xf32>, %k: tensor<1x3x700x16xf32>,
                       %v: tensor<1x3x700x16xf32>)
    -> (tensor<1x3x700x16xf32>, tensor<1x3x700xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [7, 10, 10], window = [3, 5, 3],
                            stride = [1, 2, 3], causal = [true, false, false]>)
    : tensor<1x3x700x16xf32>, tensor<1x3x700x16xf32>, tensor<1x3x700x16xf32>
      -> tensor<1x3x700x16xf32>, tensor<1x3x700xf32>
  return %o, %lse : tensor<1x3x700x16xf32>, tensor<1x3x700xf32>
}
// Composed with a document mask over runtime ids (several images packed
// in one sequence share a grid, but not their neighbours).
func.func @na2d_documents(%q: tensor<1x2x400x16xf32>, %k: tensor<1x2x400x16xf32>,
                          %v: tensor<1x2x400x16xf32>, %qdoc: tensor<1x400xi32>,
                          %kdoc: tensor<1x400xi32>)
    -> tensor<1x2x400x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qdoc[b, q] : tensor<1x400xi32>, %kdoc[b, k] : tensor<1x400xi32>)
    mask(#attn.and<[#attn.neighborhood<grid = [20, 20], window = [9, 9]>,
                    #attn.document<query = 0, key = 1>]>)
    : tensor<1x2x400x16xf32>, tensor<1x2x400x16xf32>, tensor<1x2x400x16xf32>
      -> tensor<1x2x400x16xf32>
  return %o : tensor<1x2x400x16xf32>
}
// Only the neighbours after the query: the last query has none, so its
// row is fully masked (output 0, LSE -inf).
func.func @na1d_after(%q: tensor<1x1x100x8xf32>, %k: tensor<1x1x100x8xf32>,
                      %v: tensor<1x1x100x8xf32>)
    -> (tensor<1x1x100x8xf32>, tensor<1x1x100xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.neighborhood<grid = [100], window = [9]>,
                    #attn.not<#attn.causal>]>)
    : tensor<1x1x100x8xf32>, tensor<1x1x100x8xf32>, tensor<1x1x100x8xf32>
      -> tensor<1x1x100x8xf32>, tensor<1x1x100xf32>
  return %o, %lse : tensor<1x1x100x8xf32>, tensor<1x1x100xf32>
}
// Scores in the hundreds to thousands (scale 300 on unit inputs): the
// running max keeps exp finite.
func.func @na2d_extreme(%q: tensor<1x1x150x16xf32>, %k: tensor<1x1x150x16xf32>,
                        %v: tensor<1x1x150x16xf32>) -> tensor<1x1x150x16xf32> {
  %o = attn.attention %q, %k, %v scale(300.0)
    mask(#attn.neighborhood<grid = [10, 15], window = [3, 3]>)
    : tensor<1x1x150x16xf32>, tensor<1x1x150x16xf32>, tensor<1x1x150x16xf32>
      -> tensor<1x1x150x16xf32>
  return %o : tensor<1x1x150x16xf32>
}
// A window of 80 of 96 columns: with 24-row tasks and 16-key tiles, many
// tiles lie in every query's window and skip the mask.
func.func @na2d_wide(%q: tensor<1x2x384x16xf32>, %k: tensor<1x2x384x16xf32>,
                     %v: tensor<1x2x384x16xf32>) -> tensor<1x2x384x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [4, 96], window = [3, 80]>)
    : tensor<1x2x384x16xf32>, tensor<1x2x384x16xf32>, tensor<1x2x384x16xf32>
      -> tensor<1x2x384x16xf32>
  return %o : tensor<1x2x384x16xf32>
}
// Causal axes with strides and dilation (stride groups share a window
// ending at their last member, never past the query itself).
func.func @na2d_causal_strided(%q: tensor<?x2x462x16xf32>, %k: tensor<?x2x462x16xf32>,
                               %v: tensor<?x2x462x16xf32>)
    -> (tensor<?x2x462x16xf32>, tensor<?x2x462xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [21, 22], window = [4, 5], dilation = [2, 3],
                            stride = [3, 2], causal = [true, true]>)
    : tensor<?x2x462x16xf32>, tensor<?x2x462x16xf32>, tensor<?x2x462x16xf32>
      -> tensor<?x2x462x16xf32>, tensor<?x2x462xf32>
  return %o, %lse : tensor<?x2x462x16xf32>, tensor<?x2x462xf32>
}
