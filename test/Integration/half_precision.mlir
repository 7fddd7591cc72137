// f16 and bf16 inputs and outputs, fp32 accumulation. The reference sees the
// rounded inputs and computes in double; the output is rounded once to its
// type, so the bound is about one output ulp: 1e-3 for f16 (ulp 2^-11 near
// 1) and 8e-3 for bf16 (ulp 2^-8).
// RUN: attnc run %s --entry f16 --dims B=1,Lq=37,Lk=53 --tol 1e-3 | FileCheck %s
// RUN: attnc run %s --entry bf16 --dims B=2,Lq=29,Lk=29 --tol 8e-3 | FileCheck %s
// RUN: attnc run %s --entry bf16 --vector-width=16 --dims B=2,Lq=29,Lk=29 --tol 8e-3 | FileCheck %s
// CHECK: PASS
func.func @f16(%q: tensor<?x4x?x32xf16>, %k: tensor<?x2x?x32xf16>,
               %v: tensor<?x2x?x32xf16>)
    -> (tensor<?x4x?x32xf16>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x32xf16>, tensor<?x2x?x32xf16>, tensor<?x2x?x32xf16>
      -> tensor<?x4x?x32xf16>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x32xf16>, tensor<?x4x?xf32>
}
func.func @bf16(%q: tensor<?x4x?x32xbf16>, %k: tensor<?x4x?x32xbf16>,
                %v: tensor<?x4x?x32xbf16>) -> tensor<?x4x?x32xbf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x4x?x32xbf16>, tensor<?x4x?x32xbf16>, tensor<?x4x?x32xbf16>
      -> tensor<?x4x?x32xbf16>
  return %o : tensor<?x4x?x32xbf16>
}
