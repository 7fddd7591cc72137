// RUN: attnc-opt %s --split-input-file --attnc-prepare-c-abi --verify-diagnostics

func.func @extra_op(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{a spec function may only contain one attn.attention, attn.merge or attn.tree_positions and a return, found 'arith.addf'}}
  %r = arith.addf %o, %o : tensor<1x2x8x16xf32>
  return %r : tensor<1x2x8x16xf32>
}

// -----

func.func @two_attention_ops(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{a spec function may only contain one attn.attention, attn.merge or attn.tree_positions and a return, found 'attn.attention'}}
  %p = attn.attention %o, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %p : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{argument #3 of a spec function must be used directly by its attn.attention}}
func.func @unused_argument(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>, %unused: tensor<4xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// An argument that is only returned is not used by the attention either.
// expected-error @+1 {{argument #3 of a spec function must be used directly by its attn.attention}}
func.func @passthrough_argument(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>, %x: tensor<1x2x8x16xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o, %x : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
}

// -----

func.func @returns_argument(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                            %v: tensor<1x2x8x16xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{a spec function must return the results of its attn.attention}}
  return %o, %q : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{spec function name 'my-attention' is not a valid C identifier}}
func.func @"my-attention"(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{spec function name '2pass' is not a valid C identifier}}
func.func @"2pass"(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                   %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{spec function name 'a.b' is not a valid C identifier}}
func.func @a.b(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
               %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{argument #3 has an element type with no C ABI: 'f64'}}
func.func @f64_input(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>, %t: tensor<8xf64>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%t[q] : tensor<8xf64>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{argument #3 has an element type with no C ABI: 'i4'}}
func.func @i4_input(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>, %t: tensor<8xi4>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%t[q] : tensor<8xi4>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// 3 + 13 inputs + 1 output = 17 parameters.
// expected-error @+1 {{a spec function may have at most 16 arguments and results together}}
func.func @too_many(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>,
                    %x0: tensor<8xf32>, %x1: tensor<8xf32>, %x2: tensor<8xf32>,
                    %x3: tensor<8xf32>, %x4: tensor<8xf32>, %x5: tensor<8xf32>,
                    %x6: tensor<8xf32>, %x7: tensor<8xf32>, %x8: tensor<8xf32>,
                    %x9: tensor<8xf32>, %x10: tensor<8xf32>, %x11: tensor<8xf32>,
                    %x12: tensor<8xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%x0[q] : tensor<8xf32>, %x1[q] : tensor<8xf32>, %x2[q] : tensor<8xf32>,
             %x3[q] : tensor<8xf32>, %x4[q] : tensor<8xf32>, %x5[q] : tensor<8xf32>,
             %x6[q] : tensor<8xf32>, %x7[q] : tensor<8xf32>, %x8[q] : tensor<8xf32>,
             %x9[q] : tensor<8xf32>, %x10[q] : tensor<8xf32>, %x11[q] : tensor<8xf32>,
             %x12[q] : tensor<8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

func.func private @__attnc_kernel_taken()

// expected-error @+1 {{symbol '__attnc_kernel_taken' is reserved by attnc}}
func.func @taken(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                 %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
