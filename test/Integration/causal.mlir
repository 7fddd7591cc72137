// Causal masks in both alignments. With bottom-right alignment and Lq > Lk
// the first Lq - Lk rows see no key: O = 0 and LSE = -inf there.
// RUN: attnc run %s --entry causal_tl --dims B=2,Lq=45,Lk=45 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry causal_tl --dims B=1,Lq=20,Lk=57 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry causal_br --dims B=1,Lq=5,Lk=77 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry causal_br --dims B=1,Lq=1,Lk=33 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry causal_br --dims B=1,Lq=40,Lk=25 --tol 1e-4 | FileCheck %s
// The kernels with 16 lanes (AVX-512; LLVM splits the vectors on hosts
// without it, so any x86 host checks them).
// RUN: attnc run %s --entry causal_tl --vector-width=16 --dims B=1,Lq=100,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry causal_br --vector-width=16 --dims B=1,Lq=40,Lk=25 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @causal_tl(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                     %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
func.func @causal_br(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                     %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
