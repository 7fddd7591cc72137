// Head layouts: GQA with 4 query heads per KV head, MQA, Dqk != Dv, cross
// attention with Lq != Lk, and static shapes.
// RUN: attnc run %s --entry gqa --dims B=2,Lq=23,Lk=41 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry mqa --dims B=1,Lq=19,Lk=64 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry dqk_ne_dv --dims B=1,Lq=21,Lk=34 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry static_cross --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @gqa(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
               %v: tensor<?x2x?x32xf32>)
    -> (tensor<?x8x?x32xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
}
func.func @mqa(%q: tensor<?x6x?x16xf32>, %k: tensor<?x1x?x16xf32>,
               %v: tensor<?x1x?x16xf32>) -> tensor<?x6x?x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x6x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>
      -> tensor<?x6x?x16xf32>
  return %o : tensor<?x6x?x16xf32>
}
func.func @dqk_ne_dv(%q: tensor<?x2x?x48xf32>, %k: tensor<?x2x?x48xf32>,
                     %v: tensor<?x2x?x24xf32>) -> tensor<?x2x?x24xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x2x?x48xf32>, tensor<?x2x?x48xf32>, tensor<?x2x?x24xf32>
      -> tensor<?x2x?x24xf32>
  return %o : tensor<?x2x?x24xf32>
}
func.func @static_cross(%q: tensor<2x4x13x16xf32>, %k: tensor<2x2x29x16xf32>,
                        %v: tensor<2x2x29x8xf32>) -> tensor<2x4x13x8xf32> {
  %o = attn.attention %q, %k, %v scale(0.3)
    : tensor<2x4x13x16xf32>, tensor<2x2x29x16xf32>, tensor<2x2x29x8xf32>
      -> tensor<2x4x13x8xf32>
  return %o : tensor<2x4x13x8xf32>
}
