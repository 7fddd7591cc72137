// attnc.name values must be distinct C identifiers, and each result may be
// returned once, since names become C parameters and list entries.
// RUN: attnc-opt %s --split-input-file --attnc-prepare-c-abi --verify-diagnostics

// expected-error @+1 {{a,b}}
func.func @comma(%q: tensor<1x1x2x4xf32> {attnc.name = "a,b"}, %k: tensor<1x1x2x4xf32>,
                 %v: tensor<1x1x2x4xf32>) -> tensor<1x1x2x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o : tensor<1x1x2x4xf32>
}

// -----

// expected-error @+1 {{x y}}
func.func @space(%q: tensor<1x1x2x4xf32> {attnc.name = "x y"}, %k: tensor<1x1x2x4xf32>,
                 %v: tensor<1x1x2x4xf32>) -> tensor<1x1x2x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o : tensor<1x1x2x4xf32>
}

// -----

// expected-error @+1 {{out}}
func.func @clash(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x2x4xf32>,
                 %v: tensor<1x1x2x4xf32> {attnc.name = "out"}) -> tensor<1x1x2x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o : tensor<1x1x2x4xf32>
}

// -----

// expected-error @+1 {{parameter name 'out' is used twice}}
func.func @twice(%q: tensor<1x1x2x4xf32>, %k: tensor<1x1x2x4xf32>,
                 %v: tensor<1x1x2x4xf32>) -> (tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>) {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32> -> tensor<1x1x2x4xf32>
  return %o, %o : tensor<1x1x2x4xf32>, tensor<1x1x2x4xf32>
}
