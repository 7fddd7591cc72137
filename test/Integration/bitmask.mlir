// Bit-packed boolean masks (#attn.bitmask) against the reference evaluator:
// i8, i16 and i32 words, per head and broadcast over heads and batches, GQA,
// ragged lengths (the last word of a row is partly past Lk), rows with no
// kept key (a quarter of the words attnc run makes are 0, so rows of one
// or two words are often empty), composed with causal and with a window,
// the LSE, fp16, the naive lowering, and a block mask read at
// `q floordiv 64, k floordiv 64` by a mask_mod (FlexAttention's BlockMask).
// RUN: attnc run %s --entry per_head --dims B=2,Lq=77,Lk=131 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry per_head --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry per_head --dims B=1,Lq=40,Lk=20 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_i8_causal --dims B=2,Lq=150,Lk=150 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_i8_causal --dims B=1,Lq=9,Lk=7 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry i16_or_window --dims B=1,Lq=100,Lk=333 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry half --dims B=1,Lq=64,Lk=97 --tol 1e-3 | FileCheck %s
// RUN: attnc run %s --entry per_head --lowering=naive --dims B=1,Lq=33,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry block_mask --dims B=1,Lq=200,Lk=333 --int-range 2 --tol 1e-4 | FileCheck %s
// RUN: attnc %s --emit=header -o - | FileCheck %s --check-prefix=HEADER
// CHECK: PASS
// HEADER: bits: input  i32 [B, 4, Lq, ceil(Lk/32)]
// HEADER: bits: input  i8 [B, Lq, ceil(Lk/8)]
// HEADER: blocks: input  bool [ceil(Lq/64), ceil(Lk/64)]

// One mask per (batch, query head), GQA 2:1, with its LSE.
func.func @per_head(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                    %v: tensor<?x2x?x16xf32>,
                    %bits: tensor<?x4x?x?xi32> {attnc.name = "bits"})
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    inputs(%bits[b, h, q, k floordiv 32] : tensor<?x4x?x?xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
// Bytes shared by all heads (numpy's packbits, bitorder="little"), and-ed
// with causal: the analysis still skips the tiles above the diagonal.
func.func @shared_i8_causal(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                            %v: tensor<?x2x?x16xf32>,
                            %bits: tensor<?x?x?xi8> {attnc.name = "bits"})
    -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%bits[b, q, k floordiv 8] : tensor<?x?x?xi8>)
    mask(#attn.and<[#attn.causal, #attn.bitmask<input = 0, bits = 8>]>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
// One mask for every batch and head, or-ed with a window.
func.func @i16_or_window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x1x?x16xf32>,
                         %v: tensor<?x1x?x16xf32>, %bits: tensor<?x?xi16>)
    -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%bits[q, k floordiv 16] : tensor<?x?xi16>)
    mask(#attn.or<[#attn.window<left = 10, right = 3>,
                   #attn.bitmask<input = 0, bits = 16>]>)
    : tensor<?x2x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
func.func @half(%q: tensor<?x2x?x64xf16>, %k: tensor<?x2x?x64xf16>,
                %v: tensor<?x2x?x64xf16>, %bits: tensor<?x2x?x?xi32>)
    -> tensor<?x2x?x64xf16> {
  %o = attn.attention %q, %k, %v
    inputs(%bits[b, h, q, k floordiv 32] : tensor<?x2x?x?xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<?x2x?x64xf16>, tensor<?x2x?x64xf16>, tensor<?x2x?x64xf16>
      -> tensor<?x2x?x64xf16>
  return %o : tensor<?x2x?x64xf16>
}
// A block-level mask: one flag per 64 x 64 block, read by a mask_mod.
func.func @block_mask(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                      %v: tensor<?x2x?x16xf32>,
                      %blocks: tensor<?x?xi1> {attnc.name = "blocks"})
    -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%blocks[q floordiv 64, k floordiv 64] : tensor<?x?xi1>)
    mask(#attn.causal)
    mask_mod(%b, %h, %i, %j, %keep) {
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
