// attn.tree_positions against the reference evaluator, which counts each
// node's ancestors by walking its parent links. attnc run draws a random
// tree per row (each parent -1 or an earlier node) and starts the output at
// -1, so a position left unwritten fails. --tol 0: positions are exact.
// RUN: attnc run %s --entry batched --dims B=3,Lq=37 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry batched --dims B=1,Lq=1 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry batched --dims B=2,Lq=0 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry batched --dims B=0,Lq=5 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry batched --lowering=naive --dims B=2,Lq=64 --tol 0 | FileCheck %s
// i8 parents address nodes up to 127; later nodes still get positions.
// RUN: attnc run %s --entry narrow --dims Lq=300 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry narrow --dims Lq=0 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry narrow --lowering=naive --dims Lq=50 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry wide --dims B=2,Lq=1000 --tol 0 | FileCheck %s
// RUN: attnc run %s --entry fixed --tol 0 | FileCheck %s
// CHECK: PASS

func.func @batched(%parent: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %pos = attn.tree_positions %parent : tensor<?x?xi32> -> tensor<?x?xi32>
  return %pos : tensor<?x?xi32>
}

func.func @narrow(%parent: tensor<?xi8>) -> tensor<?xi64> {
  %pos = attn.tree_positions %parent : tensor<?xi8> -> tensor<?xi64>
  return %pos : tensor<?xi64>
}

func.func @wide(%parent: tensor<?x?xi64>) -> tensor<?x?xi32> {
  %pos = attn.tree_positions %parent : tensor<?x?xi64> -> tensor<?x?xi32>
  return %pos : tensor<?x?xi32>
}

func.func @fixed(%parent: tensor<3x9xi16>) -> tensor<3x9xi64> {
  %pos = attn.tree_positions %parent : tensor<3x9xi16> -> tensor<3x9xi64>
  return %pos : tensor<3x9xi64>
}
