// A tensor passed as two operands (or indexed twice) would be validated for
// one role only, so the call could read or write past its end: rejected.
// Names that shadow the C library, OpenMP or the header's types: rejected.
// RUN: attnc-opt %s --split-input-file --attnc-prepare-c-abi --verify-diagnostics

// expected-error @+1 {{argument #0 is used by more than one operand of attn.attention; pass it once per operand}}
func.func @self(%x: tensor<1x2x?x8xf32>, %v: tensor<1x2x?x8xf32>) -> tensor<1x2x?x8xf32> {
  %o = attn.attention %x, %x, %v
    : tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32> -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}

// -----

// expected-error @+1 {{argument #3 is used by more than one operand of attn.attention}}
func.func @twice(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x?x8xf32>,
                 %v: tensor<1x2x?x8xf32>, %m: tensor<?x?xf32>) -> tensor<1x2x?x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%m[q, k] : tensor<?x?xf32>, %m[k, q] : tensor<?x?xf32>)
    : tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32> -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}

// -----

// expected-error @+1 {{spec function name 'omp_get_max_threads' would define 'omp_get_max_threads', a symbol reserved by attnc or the C library}}
func.func @omp_get_max_threads(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>,
                               %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// expected-error @+1 {{spec function name 'vsnprintf' would define 'vsnprintf'}}
func.func @vsnprintf(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>,
                     %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// expected-error @+1 {{spec function name '__kmpc_fork_call' would define '__kmpc_fork_call'}}
func.func @__kmpc_fork_call(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>,
                            %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// expected-error @+1 {{parameter name 'attnc_tensor' is not a valid C identifier or is reserved}}
func.func @typename(%q: tensor<1x2x4x8xf32> {attnc.name = "attnc_tensor"}, %k: tensor<1x2x4x8xf32>,
                    %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// The same for attn.merge: a partial passed twice would be checked once.
// expected-error @+1 {{argument #0 is used by more than one operand of attn.merge; pass it once per operand}}
func.func @merge_twice(%o0: tensor<1x2x4x8xf32>, %l0: tensor<1x2x4xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x4xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o0 : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>)
                        lses(%l0, %l0 : tensor<1x2x4xf32>, tensor<1x2x4xf32>)
      -> tensor<1x2x4x8xf32>, tensor<1x2x4xf32>
  return %o, %lse : tensor<1x2x4x8xf32>, tensor<1x2x4xf32>
}
