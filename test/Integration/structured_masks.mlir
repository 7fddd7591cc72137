// The structured masks of the pattern library, alone and composed, against
// the reference evaluator: sink + window (StreamingLLM), blocked local and
// chunked causal, exponential strides (PowerAttention), documents from
// runtime segment ids, sorted (packed sequences) and not, and token trees
// (random trees from attnc run; the tree nodes are the last Lq keys, also
// when Lq > Lk). Lengths are not
// multiples of the tiles (48 x 64); B = 2 and GQA 4:1 exercise the rows.
// RUN: attnc run %s --entry streaming --dims B=1,Lq=300,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry streaming --dims B=2,Lq=1,Lk=290 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry streaming_decode --dims B=1,Lq=3,Lk=333 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry blocked --dims B=2,Lq=150,Lk=150 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry chunked_causal --dims B=1,Lq=200,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry chunked_causal --dims B=1,Lq=37,Lk=230 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry power --dims B=1,Lq=333,Lk=333 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry power_decode --dims B=1,Lq=1,Lk=1000 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry documents --dims B=2,Lq=211,Lk=211 --int-range 6 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry documents --dims B=1,Lq=97,Lk=131 --int-range 3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry documents --dims B=1,Lq=2,Lk=77 --int-range 5 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry documents_i64 --dims B=1,Lq=150,Lk=150 --int-range 9 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry not_document --dims B=1,Lq=100,Lk=100 --int-range 4 --sorted-ints --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree --dims B=2,Lq=13,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree --dims B=1,Lq=70,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree --dims B=1,Lq=1,Lk=40 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree --dims B=1,Lq=9,Lk=4 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree_window --dims B=1,Lq=60,Lk=333 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree_window --dims B=2,Lq=5,Lk=9 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry tree_i8 --dims B=1,Lq=200,Lk=260 --tol 1e-4 | FileCheck %s
// A tree whose score_mod reads integer position ids (attn.tree_positions
// output, here drawn at random) for a position-based ALiBi.
// RUN: attnc run %s --entry tree_position_bias --dims B=2,Lq=21,Lk=150 --int-range 200 --tol 1e-4 | FileCheck %s
// RUN: not attnc run %s --entry tree --lowering=naive 2>&1 | FileCheck %s --check-prefix=NAIVE
// CHECK: PASS
// NAIVE: #attn.tree is not supported by convert-attn-to-linalg

// Causal, the first 4 keys as sinks plus a window of 64.
func.func @streaming(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                     %v: tensor<?x2x?x32xf32>) -> tensor<?x8x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal<bottom_right>,
                    #attn.or<[#attn.sink<tokens = 4>,
                              #attn.window<left = 64, align = bottom_right>]>]>)
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}
// The same for the decode kernel (no regions, D % 8 == 0, Dv % 32 == 0).
func.func @streaming_decode(%q: tensor<?x4x?x64xf32>, %k: tensor<?x1x?x64xf32>,
                            %v: tensor<?x1x?x64xf32>) -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.or<[#attn.sink<tokens = 5>,
                   #attn.window<left = 40, align = bottom_right>]>)
    : tensor<?x4x?x64xf32>, tensor<?x1x?x64xf32>, tensor<?x1x?x64xf32>
      -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}
func.func @blocked(%q: tensor<?x2x?x24xf32>, %k: tensor<?x2x?x24xf32>,
                   %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.blocked<size = 50>)
    : tensor<?x2x?x24xf32>, tensor<?x2x?x24xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
// Chunked local attention (Llama 4), aligned at the end for Lq != Lk.
func.func @chunked_causal(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                          %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal<bottom_right>,
                    #attn.blocked<size = 64, align = bottom_right>]>)
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @power(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                 %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.power<local = 3>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
func.func @power_decode(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                        %v: tensor<?x2x?x32xf32>) -> tensor<?x8x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.power<align = bottom_right>)
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}
// Causal attention within documents (packed sequences), with the LSE.
func.func @documents(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                     %v: tensor<?x2x?x32xf32>, %qdoc: tensor<?x?xi32>,
                     %kdoc: tensor<?x?xi32>)
    -> (tensor<?x4x?x32xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    inputs(%qdoc[b, q] : tensor<?x?xi32>, %kdoc[b, k] : tensor<?x?xi32>)
    mask(#attn.and<[#attn.causal<bottom_right>,
                    #attn.document<query = 0, key = 1>]>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
}
// Bidirectional within documents, i64 ids shared by the batch, and a bias
// input before them.
func.func @documents_i64(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x?x16xf32>,
                         %v: tensor<1x2x?x16xf32>, %bias: tensor<2x?x?xf32>,
                         %kdoc: tensor<?xi64>, %qdoc: tensor<?xi64>)
    -> tensor<1x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%bias[h, q, k] : tensor<2x?x?xf32>, %kdoc[k] : tensor<?xi64>,
           %qdoc[q] : tensor<?xi64>)
    mask(#attn.document<query = 2, key = 1>)
    score_mod(%s, %b, %h, %i, %j, %bv, %kd, %qd) {
      %r = arith.addf %s, %bv : f32
      attn.yield %r : f32
    }
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>
      -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
// Across documents only (the complement), some rows see nothing.
func.func @not_document(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                        %v: tensor<?x2x?x16xf32>, %qdoc: tensor<?x?xi32>,
                        %kdoc: tensor<?x?xi32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qdoc[b, q] : tensor<?x?xi32>, %kdoc[b, k] : tensor<?x?xi32>)
    mask(#attn.not<#attn.document<query = 0, key = 1>>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// A token tree of Lq draft nodes after a prefix of Lk - Lq keys (GQA 2:1).
func.func @tree(%q: tensor<?x4x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                %v: tensor<?x2x?x64xf32>, %parent: tensor<?x?xi32>)
    -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%parent[b, q] : tensor<?x?xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<?x4x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}
// A tree over a windowed prefix, parents shared by the batch (i64).
func.func @tree_window(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                       %v: tensor<?x2x?x32xf32>, %parent: tensor<?xi64>)
    -> tensor<?x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%parent[q] : tensor<?xi64>)
    mask(#attn.and<[#attn.tree<parent = 0>,
                    #attn.window<left = 100, align = bottom_right>]>)
    : tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}
// i8 parents (nodes past 127 can only have parents up to 127).
func.func @tree_i8(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                   %v: tensor<?x2x?x32xf32>, %parent: tensor<?x?xi8>)
    -> tensor<?x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%parent[b, q] : tensor<?x?xi8>)
    mask(#attn.tree<parent = 0>)
    : tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}

func.func @tree_position_bias(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                      %v: tensor<?x2x?x32xf32>, %parent: tensor<?x?xi32>,
                      %qpos: tensor<?x?xi32>, %kpos: tensor<?x?xi32>)
    -> tensor<?x4x?x32xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%parent[b, q] : tensor<?x?xi32>, %qpos[b, q] : tensor<?x?xi32>,
           %kpos[b, k] : tensor<?x?xi32>)
    mask(#attn.tree<parent = 0>)
    score_mod(%s, %b, %h, %i, %j, %par, %pq, %pk) {
      %d = arith.subi %pk, %pq : i32
      %df = arith.sitofp %d : i32 to f32
      %m = arith.constant 0.0625 : f32
      %t = arith.mulf %df, %m : f32
      %r = arith.addf %s, %t : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}
