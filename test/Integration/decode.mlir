// Decoding shapes (all rows of a KV group fit one vector: Lq * Hq/Hkv <= 8)
// run the dedicated decode kernel when K/V rows are contiguous: GQA and MQA,
// one or two new tokens, ragged and tiny cache lengths, masks in
// bottom-right alignment (including rows left empty), f16 and the LSE. The
// runs pin 8 lanes, so that every host runs the kernels they are about.
// RUN: attnc run %s --vector-width=8 --entry gqa --dims B=2,Lq=1,Lk=37 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry gqa --dims B=1,Lq=2,Lk=1000 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry gqa --dims B=1,Lq=1,Lk=1 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry gqa --dims B=1,Lq=2,Lk=0 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry window --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry window --dims B=1,Lq=2,Lk=5 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry mqa_f16 --dims B=1,Lq=1,Lk=77 --tol 1e-3 | FileCheck %s
// Large scores; the values reach 20 too, where half an f16 ulp is 2^-7.
// RUN: attnc run %s --vector-width=8 --entry mqa_f16 --dims B=1,Lq=1,Lk=77 --input-scale 20 --tol 8e-3 | FileCheck %s
// Row groups of the decode kernel (R rows, the largest divisor of G up to
// 4): G = 1 (MHA, value dim 96), 2, 3 and 5 (groups of one row); blocks of
// 32 keys with a ragged last one; scale(300) gives MHA scores in the
// hundreds. Lq = 2, Lk = 1 leaves the first query's rows without a key.
// RUN: attnc run %s --vector-width=8 --entry mha --dims B=2,Lq=1,Lk=100 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry mha --dims B=1,Lq=2,Lk=33 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry g3 --dims B=1,Lq=2,Lk=65 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry g3 --dims B=1,Lq=1,Lk=31 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry g5 --dims B=1,Lq=1,Lk=129 --tol 8e-3 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry g2 --dims B=2,Lq=2,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=8 --entry g2 --dims B=1,Lq=2,Lk=1 --tol 1e-4 | FileCheck %s
// With 16 lanes (AVX-512; LLVM splits the vectors on hosts without it), up
// to 16 rows of a KV group take the decode kernel, in blocks of 64 keys.
// RUN: attnc run %s --entry mqa_f16 --vector-width=16 --dims B=1,Lq=2,Lk=77 --tol 1e-3 | FileCheck %s
// RUN: attnc run %s --entry g3 --vector-width=16 --dims B=1,Lq=5,Lk=65 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g2 --vector-width=16 --dims B=2,Lq=2,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry g5 --vector-width=16 --dims B=1,Lq=3,Lk=129 --tol 8e-3 | FileCheck %s
// RUN: attnc run %s --entry window --vector-width=16 --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa --vector-width=4 --dims B=1,Lq=1,Lk=37 --tol 1e-4 | FileCheck %s
// Just past the decode size: the tiled kernels take over.
// RUN: attnc run %s --vector-width=8 --entry gqa --dims B=1,Lq=3,Lk=50 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @gqa(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>,
               %v: tensor<?x2x?x32xf32>)
    -> (tensor<?x8x?x32xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
}
func.func @window(%q: tensor<?x4x?x32xf32>, %k: tensor<?x1x?x32xf32>,
                  %v: tensor<?x1x?x32xf32>)
    -> (tensor<?x4x?x32xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.window<left = 16, align = bottom_right>)
    : tensor<?x4x?x32xf32>, tensor<?x1x?x32xf32>, tensor<?x1x?x32xf32>
      -> tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
}
func.func @mqa_f16(%q: tensor<?x8x?x32xf16>, %k: tensor<?x1x?x32xf16>,
                   %v: tensor<?x1x?x64xf16>) -> tensor<?x8x?x64xf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x8x?x32xf16>, tensor<?x1x?x32xf16>, tensor<?x1x?x64xf16>
      -> tensor<?x8x?x64xf16>
  return %o : tensor<?x8x?x64xf16>
}
func.func @mha(%q: tensor<?x4x?x96xf32>, %k: tensor<?x4x?x96xf32>,
               %v: tensor<?x4x?x96xf32>) -> tensor<?x4x?x96xf32> {
  %o = attn.attention %q, %k, %v scale(300.0) mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x96xf32>, tensor<?x4x?x96xf32>, tensor<?x4x?x96xf32>
      -> tensor<?x4x?x96xf32>
  return %o : tensor<?x4x?x96xf32>
}
func.func @g3(%q: tensor<?x6x?x32xf32>, %k: tensor<?x2x?x32xf32>,
              %v: tensor<?x2x?x64xf32>)
    -> (tensor<?x6x?x64xf32>, tensor<?x6x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.window<left = 40, align = bottom_right>)
    : tensor<?x6x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x6x?x64xf32>, tensor<?x6x?xf32>
  return %o, %lse : tensor<?x6x?x64xf32>, tensor<?x6x?xf32>
}
func.func @g5(%q: tensor<?x5x?x128xbf16>, %k: tensor<?x1x?x128xbf16>,
              %v: tensor<?x1x?x128xbf16>) -> tensor<?x5x?x128xbf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x5x?x128xbf16>, tensor<?x1x?x128xbf16>, tensor<?x1x?x128xbf16>
      -> tensor<?x5x?x128xbf16>
  return %o : tensor<?x5x?x128xbf16>
}
func.func @g2(%q: tensor<?x4x?x64xf32>, %k: tensor<?x2x?x64xf32>,
              %v: tensor<?x2x?x64xf32>)
    -> (tensor<?x4x?x64xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x64xf32>, tensor<?x4x?xf32>
}
