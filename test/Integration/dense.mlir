// Dense MHA: ragged lengths (not multiples of 16), Lq != Lk, batch > 1, LSE.
// RUN: attnc run %s --dims B=1,Lq=1,Lk=1 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --dims B=3,Lq=17,Lk=31 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --dims B=1,Lq=100,Lk=7 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --dims B=2,Lq=64,Lk=64 --seed 7 --tol 1e-4 | FileCheck %s
// The kernels with 16 lanes (AVX-512; LLVM splits the vectors on hosts
// without it, so any x86 host checks them) and with 4.
// RUN: attnc run %s --vector-width=16 --dims B=3,Lq=17,Lk=31 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=16 --dims B=1,Lq=100,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=4 --dims B=1,Lq=50,Lk=33 --tol 1e-4 | FileCheck %s
// CHECK: out: max_abs_err
// CHECK: lse: max_abs_err
// CHECK: PASS
func.func @dense(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                 %v: tensor<?x4x?x32xf32>)
    -> (tensor<?x4x?x32xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>
      -> tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
}
