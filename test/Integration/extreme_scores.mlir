// Scores of magnitude ~1e3 must not overflow exp: the running max is
// subtracted first. scale(300) on unit-range inputs of dim 16 puts the
// scores in the hundreds to thousands.
// RUN: attnc run %s --dims B=1,Lq=31,Lk=47 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --vector-width=16 --dims B=1,Lq=31,Lk=47 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --dims B=2,Lq=16,Lk=16 --seed 3 --json | FileCheck %s --check-prefix=JSON
// CHECK: PASS
// JSON: "max_abs_err":{{[0-9.e-]+}}
// JSON-NOT: null
func.func @extreme(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                   %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v scale(300.0) mask(#attn.causal)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
