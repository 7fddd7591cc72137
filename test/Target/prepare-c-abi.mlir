// RUN: attnc-opt %s --split-input-file --attnc-prepare-c-abi | FileCheck %s

// Table layout (include/attnc/Runtime/AbiTable.h): version 2, N params, then
// per param: kind (0 input, 1 output), dtype (f32 0, f16 1, bf16 2, i8 3,
// i16 4, i32 5, i64 6, bool 7), content (0 any, 1 tree parents), rank, and
// (extent, role) per dim. A static
// extent is itself; a dynamic one is -1 - symbol (B -1, Lq -2, Lk -3). Roles:
// other 0, batch 1, query heads 2, kv heads 3, query len 4, key len 5,
// head dim 6, value dim 7.

// Static MHA, f32: q, k, v, out.
//   q   = 0 0 0 4 | 2 1 | 4 2 | 8 4 | 16 6
//   k   = 0 0 0 4 | 2 1 | 4 3 | 8 5 | 16 6
//   v   = 0 0 0 4 | 2 1 | 4 3 | 8 5 | 16 7
//   out = 1 0 0 4 | 2 1 | 4 2 | 8 4 | 16 7

// CHECK-LABEL: func.func @__attnc_kernel_f(
// CHECK-SAME: attributes {attnc.c_abi = {entry = "f", names = "q,k,v,out", op_indices = array<i64: 0, 1, 2, 0>,
// CHECK-SAME: table = array<i64: 2, 4, 0, 0, 0, 4, 2, 1, 4, 2, 8, 4, 16, 6, 0, 0, 0, 4, 2, 1, 4, 3, 8, 5, 16, 6, 0, 0, 0, 4, 2, 1, 4, 3, 8, 5, 16, 7, 1, 0, 0, 4, 2, 1, 4, 2, 8, 4, 16, 7>},
// CHECK-SAME: llvm.emit_c_interface}
// CHECK-NEXT: attn.attention
// CHECK-NOT: func.func @f(
func.func @f(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16xf32>,
             %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
      -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// Dynamic GQA in f16 with Dv != Dqk, two extra inputs (one renamed with
// attnc.name; unnamed inputs are in<i>, i counting the inputs) and the lse.
//   q    = 0 1 4 | -1 1 | 8 2 | -2 4 | 64 6
//   k    = 0 1 4 | -1 1 | 2 3 | -3 5 | 64 6
//   v    = 0 1 4 | -1 1 | 2 3 | -3 5 | 32 7
//   bias = 0 0 3 | 8 2 | -2 4 | -3 5          (f32, [h, q, k])
//   in1  = 0 5 3 | -1 1 | 1 0 | -3 5          (i32, [b, 0, k])
//   out  = 1 1 4 | -1 1 | 8 2 | -2 4 | 32 7
//   lse  = 1 0 3 | -1 1 | 8 2 | -2 4

// CHECK-LABEL: func.func @__attnc_kernel_gqa(
// CHECK-SAME: %{{[^:]+}}: tensor<8x?x?xf32> {attnc.name = "bias"}
// CHECK-SAME: attnc.c_abi = {entry = "gqa", names = "q,k,v,bias,in1,out,lse", op_indices = array<i64: 0, 1, 2, 3, 4, 0, 1>,
// CHECK-SAME: table = array<i64: 2, 7, 0, 1, 0, 4, -1, 1, 8, 2, -2, 4, 64, 6, 0, 1, 0, 4, -1, 1, 2, 3, -3, 5, 64, 6, 0, 1, 0, 4, -1, 1, 2, 3, -3, 5, 32, 7, 0, 0, 0, 3, 8, 2, -2, 4, -3, 5, 0, 5, 0, 3, -1, 1, 1, 0, -3, 5, 1, 1, 0, 4, -1, 1, 8, 2, -2, 4, 32, 7, 1, 0, 0, 3, -1, 1, 8, 2, -2, 4>}
// CHECK-SAME: llvm.emit_c_interface
func.func @gqa(%q: tensor<?x8x?x64xf16>, %k: tensor<?x2x?x64xf16>,
               %v: tensor<?x2x?x32xf16>, %bias: tensor<8x?x?xf32> {attnc.name = "bias"},
               %doc: tensor<?x1x?xi32>)
    -> (tensor<?x8x?x32xf16>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
      inputs(%bias[h, q, k] : tensor<8x?x?xf32>, %doc[b, 0, k] : tensor<?x1x?xi32>)
      mask(#attn.causal<bottom_right>)
    mask_mod(%b, %h, %i, %j, %bv, %d) {
      %zero = arith.constant 0 : i32
      %keep = arith.cmpi ne, %d, %zero : i32
      attn.yield %keep : i1
    }
    score_mod(%s, %b, %h, %i, %j, %bv, %d) {
      %r = arith.addf %s, %bv : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf16>, tensor<?x2x?x64xf16>, tensor<?x2x?x32xf16>
      -> tensor<?x8x?x32xf16>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x32xf16>, tensor<?x8x?xf32>
}

// -----

// Parameters follow the function's argument and result order, not the op's:
// arguments (v, q, k) and results (lse, out). bf16, MQA, Lq != Lk.
//   v   = 0 2 4 | 1 1 | 1 3 | 5 5 | 4 7
//   q   = 0 2 4 | 1 1 | 2 2 | 3 4 | 4 6
//   k   = 0 2 4 | 1 1 | 1 3 | 5 5 | 4 6
//   lse = 1 0 3 | 1 1 | 2 2 | 3 4
//   out = 1 2 4 | 1 1 | 2 2 | 3 4 | 4 7

// CHECK-LABEL: func.func @__attnc_kernel_permuted(
// CHECK-SAME: attnc.c_abi = {entry = "permuted", names = "v,q,k,lse,out", op_indices = array<i64: 2, 0, 1, 1, 0>,
// CHECK-SAME: table = array<i64: 2, 5, 0, 2, 0, 4, 1, 1, 1, 3, 5, 5, 4, 7, 0, 2, 0, 4, 1, 1, 2, 2, 3, 4, 4, 6, 0, 2, 0, 4, 1, 1, 1, 3, 5, 5, 4, 6, 1, 0, 0, 3, 1, 1, 2, 2, 3, 4, 1, 2, 0, 4, 1, 1, 2, 2, 3, 4, 4, 7>}
func.func @permuted(%v: tensor<1x1x5x4xbf16>, %q: tensor<1x2x3x4xbf16>,
                    %k: tensor<1x1x5x4xbf16>)
    -> (tensor<1x2x3xf32>, tensor<1x2x3x4xbf16>) {
  %o, %lse = attn.attention %q, %k, %v
    : tensor<1x2x3x4xbf16>, tensor<1x1x5x4xbf16>, tensor<1x1x5x4xbf16>
      -> tensor<1x2x3x4xbf16>, tensor<1x2x3xf32>
  return %lse, %o : tensor<1x2x3xf32>, tensor<1x2x3x4xbf16>
}

// -----

// Only public functions with a body that contain an attn.attention are spec
// functions: private ones, declarations and other functions are left alone.
// Every spec function in the module is handled.

// CHECK-LABEL: func.func private @helper(
// CHECK-NOT: attnc.c_abi
// CHECK-SAME: {
// CHECK-LABEL: func.func private @decl(
// CHECK-NOT: attnc.c_abi
// CHECK-LABEL: func.func @no_attention(
// CHECK-NOT: attnc.c_abi
// CHECK-SAME: {
// CHECK-LABEL: func.func @__attnc_kernel_first(
// CHECK-SAME: attnc.c_abi = {entry = "first", names = "q,k,v,out"
// CHECK-LABEL: func.func @__attnc_kernel_second(
// CHECK-SAME: attnc.c_abi = {entry = "second", names = "q,k,v,in0,out", op_indices = array<i64: 0, 1, 2, 3, 0>,
// CHECK-SAME: table = array<i64: 2, 5, 0, 0, 0, 4, -1, 1, 2, 2, -2, 4, 8, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 8, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 8, 7, 0, 7, 0, 4, -1, 1, 2, 2, -2, 4, -3, 5, 1, 0, 0, 4, -1, 1, 2, 2, -2, 4, 8, 7>}
func.func private @helper(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                          %v: tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}
func.func private @decl(tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32>
func.func @no_attention(%x: tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32> {
  return %x : tensor<?x2x?x8xf32>
}
func.func @first(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                 %v: tensor<?x2x?x8xf32>) -> tensor<?x2x?x8xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}
func.func @second(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                  %v: tensor<?x2x?x8xf32>, %m: tensor<?x2x?x?xi1>) -> tensor<?x2x?x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%m[b, h, q, k] : tensor<?x2x?x?xi1>)
    mask_mod(%b, %h, %i, %j, %keep) {
      attn.yield %keep : i1
    }
    : tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}

// -----

// Callers inside the module follow the rename.

// CHECK-LABEL: func.func @__attnc_kernel_callee(
// CHECK-LABEL: func.func private @caller(
// CHECK: call @__attnc_kernel_callee(
func.func @callee(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x4x8xf32>,
                  %v: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}
func.func private @caller(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  %o = call @callee(%q, %q, %q)
    : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// Exactly ATTNC_MAX_PARAMS (16) parameters: 3 + 12 inputs + 1 output.

// CHECK-LABEL: func.func @__attnc_kernel_sixteen(
// CHECK-SAME: names = "q,k,v,in0,in1,in2,in3,in4,in5,in6,in7,in8,in9,in10,in11,out", op_indices = array<i64: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0>,
// CHECK-SAME: table = array<i64: 2, 16,
func.func @sixteen(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                   %v: tensor<1x2x8x16xf32>,
                   %x0: tensor<8xf32>, %x1: tensor<8xf32>, %x2: tensor<8xf32>,
                   %x3: tensor<8xf32>, %x4: tensor<8xf32>, %x5: tensor<8xf32>,
                   %x6: tensor<8xf32>, %x7: tensor<8xf32>, %x8: tensor<8xf32>,
                   %x9: tensor<8xf32>, %x10: tensor<8xf32>, %x11: tensor<8xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%x0[q] : tensor<8xf32>, %x1[q] : tensor<8xf32>, %x2[q] : tensor<8xf32>,
             %x3[q] : tensor<8xf32>, %x4[q] : tensor<8xf32>, %x5[q] : tensor<8xf32>,
             %x6[q] : tensor<8xf32>, %x7[q] : tensor<8xf32>, %x8[q] : tensor<8xf32>,
             %x9[q] : tensor<8xf32>, %x10[q] : tensor<8xf32>, %x11[q] : tensor<8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// Epilogue operands: sinks are one value per query head (extent 4, role
// query heads), the gate has the output's dims (batch, heads, Lq, Dv).

// CHECK-LABEL: func.func @__attnc_kernel_gated(
// CHECK-SAME: attnc.c_abi = {entry = "gated", names = "q,k,v,sinks,gate,out", op_indices = array<i64: 0, 1, 2, 3, 4, 0>,
// CHECK-SAME: table = array<i64: 2, 6, 0, 0, 0, 4, -1, 1, 4, 2, -2, 4, 32, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 32, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 16, 7, 0, 0, 0, 1, 4, 2, 0, 2, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7, 1, 0, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7>}
func.func @gated(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                 %v: tensor<?x2x?x16xf32>, %s: tensor<4xf32>,
                 %g: tensor<?x4x?x16xbf16>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v sinks(%s : tensor<4xf32>)
    gate(%g : tensor<?x4x?x16xbf16>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// The parents of a tree mask carry ATTNC_CONTENT_TREE_PARENTS (1) after
// their dtype, so that the entry point checks their values.

// CHECK-LABEL: func.func @__attnc_kernel_tree(
// CHECK-SAME: names = "q,k,v,parent,out"
// CHECK-SAME: table = array<i64: 2, 5, 0, 0, 0, 4, 1, 1, 1, 2, -2, 4, 8, 6, 0, 0, 0, 4, 1, 1, 1, 3, -3, 5, 8, 6, 0, 0, 0, 4, 1, 1, 1, 3, -3, 5, 8, 7, 0, 5, 1, 1, -2, 4, 1, 0, 0, 4, 1, 1, 1, 2, -2, 4, 8, 7>}
func.func @tree(%q: tensor<1x1x?x8xf32>, %k: tensor<1x1x?x8xf32>,
                %v: tensor<1x1x?x8xf32>, %p: tensor<?xi32> {attnc.name = "parent"})
    -> tensor<1x1x?x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%p[q] : tensor<?xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<1x1x?x8xf32>, tensor<1x1x?x8xf32>, tensor<1x1x?x8xf32> -> tensor<1x1x?x8xf32>
  return %o : tensor<1x1x?x8xf32>
}

// -----

// attn.tree_positions: the parents ([B, Lq] or [Lq]) carry
// ATTNC_CONTENT_TREE_PARENTS too; the positions, named "positions", have
// their shape.

// CHECK-LABEL: func.func @__attnc_kernel_positions(
// CHECK-SAME: names = "parent,positions"
// CHECK-SAME: table = array<i64: 2, 2, 0, 4, 1, 2, -1, 1, -2, 4, 1, 6, 0, 2, -1, 1, -2, 4>}
func.func @positions(%p: tensor<?x?xi16>) -> tensor<?x?xi64> {
  %pos = attn.tree_positions %p : tensor<?x?xi16> -> tensor<?x?xi64>
  return %pos : tensor<?x?xi64>
}

// CHECK-LABEL: func.func @__attnc_kernel_positions_static(
// CHECK-SAME: names = "parent,positions"
// CHECK-SAME: table = array<i64: 2, 2, 0, 3, 1, 1, 9, 4, 1, 5, 0, 1, 9, 4>}
func.func @positions_static(%p: tensor<9xi8>) -> tensor<9xi32> {
  %pos = attn.tree_positions %p : tensor<9xi8> -> tensor<9xi32>
  return %pos : tensor<9xi32>
}

// -----

// Low-rank bias factors: U follows the queries (batch, query heads, Lq),
// W the keys (batch, KV heads, Lk); the rank R = 8 is static (role other).

// CHECK-LABEL: func.func @__attnc_kernel_low_rank(
// CHECK-SAME: names = "q,k,v,bias_u,bias_w,out"
// CHECK-SAME: table = array<i64: 2, 6, 0, 0, 0, 4, -1, 1, 4, 2, -2, 4, 32, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 32, 6, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 16, 7, 0, 0, 0, 4, -1, 1, 4, 2, -2, 4, 8, 0, 0, 0, 0, 4, -1, 1, 2, 3, -3, 5, 8, 0, 1, 0, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7>}
func.func @low_rank(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                    %v: tensor<?x2x?x16xf32>, %u: tensor<?x4x?x8xf32>,
                    %w: tensor<?x2x?x8xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v
    low_rank_bias(%u, %w : tensor<?x4x?x8xf32>, tensor<?x2x?x8xf32>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// A merge: partial outputs and LSEs take the output's dims (batch, heads,
// Lq, Dv) and symbols, and default to the names o<n> and lse<n>.

// CHECK-LABEL: func.func @__attnc_kernel_merge(
// CHECK-SAME: names = "o0,o1,lse0,lse1,out,lse", op_indices = array<i64: 0, 1, 2, 3, 0, 1>
// CHECK-SAME: table = array<i64: 2, 6, 0, 0, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7, 0, 0, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7, 0, 0, 0, 3, -1, 1, 4, 2, -2, 4, 0, 0, 0, 3, -1, 1, 4, 2, -2, 4, 1, 0, 0, 4, -1, 1, 4, 2, -2, 4, 16, 7, 1, 0, 0, 3, -1, 1, 4, 2, -2, 4>}
func.func @merge(%o0: tensor<?x4x?x16xf32>, %o1: tensor<?x4x?x16xf32>,
                 %l0: tensor<?x4x?xf32>, %l1: tensor<?x4x?xf32>)
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>)
                        lses(%l0, %l1 : tensor<?x4x?xf32>, tensor<?x4x?xf32>)
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}

// -----

// Packed words, `k floordiv 32`: the extent word of ceil(Lk / 32) is
// -1 - (Lk's symbol 2 + 3 * (32 - 1)) = -96, role other; with a static
// Lk = 100, `k floordiv 8` is the static extent 13.

// CHECK-LABEL: func.func @__attnc_kernel_packed(
// CHECK-SAME: names = "q,k,v,in0,out"
// CHECK-SAME: 0, 5, 0, 3, -1, 1, -2, 4, -96, 0, 1, 0, 0, 4,
// CHECK-LABEL: func.func @__attnc_kernel_packed_static(
// CHECK-SAME: names = "q,k,v,in0,out"
// CHECK-SAME: 0, 3, 0, 2, 8, 4, 13, 0, 1, 0, 0, 4,
func.func @packed(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                  %v: tensor<?x2x?x8xf32>, %bits: tensor<?x?x?xi32>)
    -> tensor<?x2x?x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%bits[b, q, k floordiv 32] : tensor<?x?x?xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32> -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}
func.func @packed_static(%q: tensor<1x2x8x8xf32>, %k: tensor<1x2x100x8xf32>,
                         %v: tensor<1x2x100x8xf32>, %bits: tensor<8x13xi8>)
    -> tensor<1x2x8x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%bits[q, k floordiv 8] : tensor<8x13xi8>)
    mask(#attn.bitmask<input = 0, bits = 8>)
    : tensor<1x2x8x8xf32>, tensor<1x2x100x8xf32>, tensor<1x2x100x8xf32> -> tensor<1x2x8x8xf32>
  return %o : tensor<1x2x8x8xf32>
}
