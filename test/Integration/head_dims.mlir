// Head dims across the supported range (32 to 256), DeepSeek's Dqk = 192
// with Dv = 128, and reduced query heads (Sparse Query Attention: 6 query
// heads over 2 KV heads, GQA 3:1), through the main, small and decode
// kernels.
// RUN: attnc run %s --entry d32 --dims B=1,Lq=100,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry d96 --dims B=1,Lq=61,Lk=77 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry d256 --dims B=1,Lq=50,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry d256 --dims B=2,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry mla_192_128 --dims B=1,Lq=70,Lk=90 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry mla_192_128 --dims B=1,Lq=1,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry sqa --dims B=2,Lq=55,Lk=55 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @d32(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
               %v: tensor<?x4x?x32xf32>) -> tensor<?x4x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>
      -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}
func.func @d96(%q: tensor<?x2x?x96xf32>, %k: tensor<?x2x?x96xf32>,
               %v: tensor<?x2x?x96xf32>) -> tensor<?x2x?x96xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x2x?x96xf32>, tensor<?x2x?x96xf32>, tensor<?x2x?x96xf32>
      -> tensor<?x2x?x96xf32>
  return %o : tensor<?x2x?x96xf32>
}
func.func @d256(%q: tensor<?x8x?x256xf32>, %k: tensor<?x2x?x256xf32>,
                %v: tensor<?x2x?x256xf32>)
    -> (tensor<?x8x?x256xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x8x?x256xf32>, tensor<?x2x?x256xf32>, tensor<?x2x?x256xf32>
      -> tensor<?x8x?x256xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x256xf32>, tensor<?x8x?xf32>
}
func.func @mla_192_128(%q: tensor<?x8x?x192xf32>, %k: tensor<?x8x?x192xf32>,
                       %v: tensor<?x8x?x128xf32>) -> tensor<?x8x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x8x?x192xf32>, tensor<?x8x?x192xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x8x?x128xf32>
  return %o : tensor<?x8x?x128xf32>
}
func.func @sqa(%q: tensor<?x6x?x64xf32>, %k: tensor<?x2x?x64xf32>,
               %v: tensor<?x2x?x64xf32>) -> tensor<?x6x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x6x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}
