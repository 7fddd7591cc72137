// Spec functions named like C keywords are rejected: the header would
// declare e.g. `int32_t int(...)`.
// RUN: attnc-opt %s --attnc-prepare-c-abi --verify-diagnostics

// expected-error @+1 {{spec function name 'int' is not a valid C identifier}}
func.func @int(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x2x4xf32>,
               %v: tensor<1x1x2x4xf32>) -> tensor<1x1x2x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o : tensor<1x1x2x4xf32>
}
