// Entry points whose generated symbols (<name>, <name>_argv, <name>_error)
// clash with another symbol, or with names the runtime or C library
// reserve, are rejected by attnc-prepare-c-abi with a located error.
// RUN: attnc-opt %s --split-input-file --attnc-prepare-c-abi --verify-diagnostics

// expected-error @+1 {{entry point 'f' defines 'f_error', which clashes with another symbol}}
func.func @f(%q: tensor<?x1x?x4xf32>, %k: tensor<?x1x?x4xf32>,
             %v: tensor<?x1x?x4xf32>) -> tensor<?x1x?x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32> -> tensor<?x1x?x4xf32>
  return %o : tensor<?x1x?x4xf32>
}
// expected-note @+1 {{defined here}}
func.func @f_error(%q: tensor<?x1x?x4xf32>, %k: tensor<?x1x?x4xf32>,
                   %v: tensor<?x1x?x4xf32>) -> tensor<?x1x?x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32> -> tensor<?x1x?x4xf32>
  return %o : tensor<?x1x?x4xf32>
}

// -----

// expected-error @+1 {{attnc_rt_invoke}}
func.func @attnc_rt_invoke(%q: tensor<?x1x?x4xf32>, %k: tensor<?x1x?x4xf32>,
                           %v: tensor<?x1x?x4xf32>) -> tensor<?x1x?x4xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32>, tensor<?x1x?x4xf32> -> tensor<?x1x?x4xf32>
  return %o : tensor<?x1x?x4xf32>
}
