// Inputs of rank above ATTNC_MAX_RANK (8) are rejected at compile time
// rather than by every call.
// RUN: attnc-opt %s --attnc-prepare-c-abi --verify-diagnostics

// expected-error @+1 {{rank}}
func.func @rank9(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x2x4xf32>,
                 %v: tensor<1x1x2x4xf32>, %x: tensor<1x1x1x1x1x1x1x1x2xf32>)
    -> tensor<1x1x2x4xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%x[0, 0, 0, 0, 0, 0, 0, 0, q] : tensor<1x1x1x1x1x1x1x1x2xf32>)
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o : tensor<1x1x2x4xf32>
}
