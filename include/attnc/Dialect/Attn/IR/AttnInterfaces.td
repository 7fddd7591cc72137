//===- AttnInterfaces.td - attn interfaces -----------------*- tablegen -*-===//

#ifndef ATTN_INTERFACES_TD
#define ATTN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Attn_MaskAttrInterface : AttrInterface<"MaskAttrInterface"> {
  let cppNamespace = "::attnc::attn";
  let description = [{
    A structured attention mask: a predicate over (query index, key index)
    given the runtime query and key lengths. Every mask attribute provides the
    same predicate twice: as a scalar function (for the reference evaluator and
    the mask analysis) and as IR (for code generation). Keeping both behind
    one interface lets every consumer treat composite masks uniformly.
  }];
  let methods = [
    InterfaceMethod<
      "Returns true if key `k` is visible to query `q` for the given lengths. "
      "`inputs` reads the op's extra inputs, for masks that depend on "
      "runtime data.",
      "bool", "isKept",
      (ins "int64_t":$q, "int64_t":$k, "int64_t":$queryLen, "int64_t":$keyLen,
           "::attnc::attn::InputReader":$inputs)>,
    InterfaceMethod<
      "Builds an i1 value that is true when key `k` is visible to query `q`. "
      "The operands are all of index type, or all vectors of index of one "
      "shape, in which case the result is a vector of i1 (lane-wise). "
      "`inputs` builds reads of the op's extra inputs; only masks whose "
      "readsInputs() is true call it.",
      "::mlir::Value", "buildPredicate",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$q, "::mlir::Value":$k,
           "::mlir::Value":$queryLen, "::mlir::Value":$keyLen,
           "::attnc::attn::InputBuilder":$inputs)>,
    InterfaceMethod<
      "True if the predicate reads the op's extra inputs (runtime data), "
      "so that it must be evaluated one element at a time.",
      "bool", "readsInputs", (ins), [{}], [{ return false; }]>,
  ];
}

def Attn_ScoreAttrInterface : AttrInterface<"ScoreAttrInterface"> {
  let cppNamespace = "::attnc::attn";
  let description = [{
    A structured change of the scaled score `s` of query head `h`, query `q`
    and key `k` (ALiBi, softcap, per-query scales): the concise form of a
    common `score_mod`. Like masks, each provides its function twice, as a
    scalar function for the reference evaluator and as IR for code
    generation. A modifier may read op inputs that do not vary with the key
    (ALiBi slopes per head, a scale per query), listed by getInputIndices.
  }];
  let methods = [
    InterfaceMethod<
      "Returns the modified score for query head `h` of `numHeads`. "
      "`inputs` reads the op's extra inputs at (q, k) for the caller's "
      "batch and head.",
      "double", "apply",
      (ins "double":$score, "int64_t":$h, "int64_t":$q, "int64_t":$k,
           "int64_t":$numHeads, "int64_t":$queryLen, "int64_t":$keyLen,
           "::attnc::attn::InputReader":$inputs)>,
    InterfaceMethod<
      "Builds the modified score. `score` is f32 or a vector of f32; `h`, "
      "`q`, `k` and the lengths are index values of the same shape. "
      "`inputs` builds the element of an input at each lane's (b, h, q), "
      "in the input's element type; only inputs of getInputIndices are read.",
      "::mlir::Value", "build",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$score, "::mlir::Value":$h, "::mlir::Value":$q,
           "::mlir::Value":$k, "int64_t":$numHeads,
           "::mlir::Value":$queryLen, "::mlir::Value":$keyLen,
           "::attnc::attn::InputBuilder":$inputs)>,
    InterfaceMethod<
      "The positions in the op's inputs list of the inputs it reads; "
      "the op verifies that they exist and are not indexed by the key.",
      "::llvm::SmallVector<unsigned>", "getInputIndices", (ins), [{}],
      [{ return {}; }]>,
  ];
}

def Attn_BucketAttrInterface : AttrInterface<"BucketAttrInterface"> {
  let cppNamespace = "::attnc::attn";
  let description = [{
    Relative-position buckets: a function from (query, key) to one of a
    fixed number of buckets, the index `bucket` of an input's index list
    (a learned bias table `%table[h, bucket]`, as in T5). Given, like the
    masks, as a scalar function and as IR.
  }];
  let methods = [
    InterfaceMethod<"The number of buckets, the extent of a `bucket` index.",
                    "int64_t", "getNumBuckets">,
    InterfaceMethod<
      "The bucket of query `q` and key `k`, in [0, getNumBuckets()).",
      "int64_t", "bucketOf",
      (ins "int64_t":$q, "int64_t":$k, "int64_t":$queryLen,
           "int64_t":$keyLen)>,
    InterfaceMethod<
      "Builds the bucket as an index value. The operands are all of index "
      "type, or all vectors of index of one shape (then the result is too).",
      "::mlir::Value", "buildBucket",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$q, "::mlir::Value":$k,
           "::mlir::Value":$queryLen, "::mlir::Value":$keyLen)>,
  ];
}

#endif // ATTN_INTERFACES_TD
