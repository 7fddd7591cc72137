//===- EvaluatorTest.cpp - tests of the reference evaluator ---------------===//
//
// Every expected value here is computed by hand (softmax over two or three
// keys written out with exp() literals), never by re-running the evaluator's
// loop, so that the oracle of the numerical tests is itself checked.
//
// Many mask tests use "uniform" operands: Q = K = 0, so every kept score is
// 0, and V[b, h, j] = 2^j. A row then outputs the mean of 2^j over its kept
// keys and its LSE is log(#kept), which pins down the kept set exactly.
//
//===----------------------------------------------------------------------===//

#include "attnc/Reference/Evaluator.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Pipeline/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
using attnc::reference::Result;
using attnc::reference::Tensor;

namespace {

constexpr double kTol = 1e-12;
const double E = std::exp(1.0);

/// A tensor of `shape` holding `data` in row-major order.
Tensor T(llvm::ArrayRef<int64_t> shape, std::initializer_list<double> data) {
  Tensor t(shape);
  EXPECT_EQ(size_t(t.numElements()), data.size()) << "bad test tensor";
  t.data.assign(data.begin(), data.end());
  return t;
}

std::string tensorType(llvm::StringRef dims, llvm::StringRef elt = "f32") {
  return ("tensor<" + dims + "x" + elt + ">").str();
}

class EvaluatorTest : public ::testing::Test {
protected:
  EvaluatorTest() {
    DialectRegistry registry;
    attnc::registerAttncDialects(registry);
    ctx.appendDialectRegistry(registry);
  }

  /// A function around one attn.attention op. `q`, `k`, `v` are shapes such
  /// as "1x1x2x1"; `clauses` is what goes between the operands and the type
  /// list (inputs, scale, mask, regions); `extraArgs` declares the inputs'
  /// function arguments (", %bias: tensor<...>").
  static std::string spec(llvm::StringRef q, llvm::StringRef k,
                          llvm::StringRef v, llvm::StringRef clauses,
                          bool withLse = true, llvm::StringRef extraArgs = "") {
    llvm::SmallVector<llvm::StringRef, 4> qd, vd;
    q.split(qd, 'x');
    v.split(vd, 'x');
    std::string o = (qd[0] + "x" + qd[1] + "x" + qd[2] + "x" + vd[3]).str();
    std::string lse = (qd[0] + "x" + qd[1] + "x" + qd[2]).str();
    std::string operandTypes =
        tensorType(q) + ", " + tensorType(k) + ", " + tensorType(v);
    std::string s;
    s += "func.func @f(%q: " + tensorType(q) + ", %k: " + tensorType(k) +
         ", %v: " + tensorType(v) + extraArgs.str() + ") {\n";
    s += std::string("  ") + (withLse ? "%o:2" : "%o") +
         " = attn.attention %q, %k, %v " + clauses.str() + "\n";
    s += "    : " + operandTypes + " -> " + tensorType(o) +
         (withLse ? ", " + tensorType(lse) : std::string()) + "\n";
    s += "  return\n}\n";
    return s;
  }

  /// Parses `src` and returns its only attn.attention op (null on failure,
  /// after reporting the parser's diagnostics).
  attnc::attn::AttentionOp parse(llvm::StringRef src) {
    std::string diags;
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      llvm::raw_string_ostream(diags) << d << "\n";
      return success();
    });
    module = parseSourceString<ModuleOp>(src, &ctx);
    if (!module) {
      ADD_FAILURE() << "failed to parse:\n" << src.str() << "\n" << diags;
      return {};
    }
    attnc::attn::AttentionOp found;
    int count = 0;
    module->walk([&](attnc::attn::AttentionOp op) {
      found = op;
      ++count;
    });
    if (count != 1) {
      ADD_FAILURE() << "expected one attn.attention, found " << count;
      return {};
    }
    return found;
  }

  /// Parses `src` and evaluates its op on `operands`; the evaluator's error
  /// message, if any, is left in `error`.
  FailureOr<Result> run(llvm::StringRef src, llvm::ArrayRef<Tensor> operands) {
    error.clear();
    attnc::attn::AttentionOp op = parse(src);
    if (!op)
      return failure();
    return attnc::reference::evaluate(op, operands, error);
  }

  /// Like run(), but the evaluation must succeed (tests ASSERT the result).
  std::optional<Result> eval(llvm::StringRef src,
                             llvm::ArrayRef<Tensor> operands) {
    FailureOr<Result> r = run(src, operands);
    if (failed(r)) {
      ADD_FAILURE() << "evaluation failed: " << error;
      return std::nullopt;
    }
    return std::move(*r);
  }

  /// Q [B,H,Lq,1] = 0, K [B,H,Lk,1] = 0, V[b,h,j,0] = 2^j.
  static std::vector<Tensor> uniformOperands(int64_t B, int64_t H, int64_t Lq,
                                             int64_t Lk) {
    Tensor q({B, H, Lq, 1}), k({B, H, Lk, 1}), v({B, H, Lk, 1});
    for (int64_t b = 0; b < B; ++b)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t j = 0; j < Lk; ++j)
          v.at({b, h, j, 0}) = std::ldexp(1.0, int(j));
    return {q, k, v};
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  std::string error;
};

bool hasShape(const Tensor &t, llvm::ArrayRef<int64_t> shape) {
  return llvm::ArrayRef<int64_t>(t.shape) == shape;
}

void expectNoNaN(const Result &r) {
  for (double x : r.output.data)
    EXPECT_FALSE(std::isnan(x));
  if (r.lse)
    for (double x : r.lse->data)
      EXPECT_FALSE(std::isnan(x));
}

/// Row (b, h, i) of a fully masked row: O == 0 exactly, LSE == -inf.
void expectEmptyRow(const Result &r, int64_t b, int64_t h, int64_t i) {
  int64_t dv = r.output.shape[3];
  for (int64_t e = 0; e < dv; ++e) {
    double o = r.output.at({b, h, i, e});
    EXPECT_FALSE(std::isnan(o));
    EXPECT_EQ(o, 0.0) << "row (" << b << ", " << h << ", " << i << ")";
  }
  ASSERT_TRUE(r.lse.has_value());
  double lse = r.lse->at({b, h, i});
  EXPECT_TRUE(std::isinf(lse) && lse < 0)
      << "row (" << b << ", " << h << ", " << i << ") lse = " << lse;
}

/// For uniform operands: row (b, h, i) kept exactly `keys`.
void expectKeeps(const Result &r, int64_t b, int64_t h, int64_t i,
                 std::initializer_list<int64_t> keys) {
  SCOPED_TRACE("row (" + std::to_string(b) + ", " + std::to_string(h) + ", " +
               std::to_string(i) + ")");
  if (keys.size() == 0) {
    expectEmptyRow(r, b, h, i);
    return;
  }
  double sum = 0;
  for (int64_t j : keys)
    sum += std::ldexp(1.0, int(j));
  double n = double(keys.size());
  EXPECT_NEAR(r.output.at({b, h, i, 0}), sum / n, kTol);
  ASSERT_TRUE(r.lse.has_value());
  EXPECT_NEAR(r.lse->at({b, h, i}), std::log(n), kTol);
}

//===----------------------------------------------------------------------===//
// Dense softmax
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, DenseTwoKeysExplicitScale) {
  // s0 = <[1,2],[0.5,0]> = 0.5, s1 = <[1,2],[1,-1]> = -1.
  std::string src = spec("1x1x1x2", "1x1x2x2", "1x1x2x2", "scale(1.0)");
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 2}, {1, 2}), T({1, 1, 2, 2}, {0.5, 0, 1, -1}),
                 T({1, 1, 2, 2}, {1, 2, 3, -1})});
  ASSERT_TRUE(r.has_value());
  double z = std::exp(0.5) + std::exp(-1.0);
  double w0 = std::exp(0.5) / z, w1 = std::exp(-1.0) / z;
  ASSERT_TRUE(hasShape(r->output, {1, 1, 1, 2}));
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), w0 * 1 + w1 * 3, kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 1}), w0 * 2 + w1 * -1, kTol);
  ASSERT_TRUE(r->lse.has_value());
  ASSERT_TRUE(hasShape(*r->lse, {1, 1, 1}));
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(z), kTol);
}

TEST_F(EvaluatorTest, AffineWeightsScaleTheSoftmaxAndAddTheBiasOverKeptKeys) {
  // One query aligned to key 2 with a window of one key to its left: key 0
  // is masked. Scores s1 = 0, s2 = 2; weights a * softmax + c on keys 1, 2
  // only.
  std::string src = R"mlir(
    func.func @f(%q: tensor<1x1x1x2xf32>, %k: tensor<1x1x3x2xf32>,
                 %v: tensor<1x1x3x1xf32>, %a: tensor<1x1x1xf32>,
                 %c: tensor<1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1xf32>) {
      %o, %l = attn.attention %q, %k, %v scale(1.0)
        mask(#attn.window<left = 1, align = bottom_right>)
        affine_weights(%a, %c : tensor<1x1x1xf32>, tensor<1x1x1xf32>)
        : tensor<1x1x1x2xf32>, tensor<1x1x3x2xf32>, tensor<1x1x3x1xf32>
          -> tensor<1x1x1x1xf32>, tensor<1x1x1xf32>
      return %o, %l : tensor<1x1x1x1xf32>, tensor<1x1x1xf32>
    })mlir";
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 2}, {1, 0}), T({1, 1, 3, 2}, {5, 0, 0, 0, 2, 0}),
                 T({1, 1, 3, 1}, {10, 20, 30}), T({1, 1, 1}, {0.5}),
                 T({1, 1, 1}, {0.25})});
  ASSERT_TRUE(r.has_value());
  double z = 1 + std::exp(2.0);
  double w1 = 1 / z, w2 = std::exp(2.0) / z;
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}),
              0.5 * (20 * w1 + 30 * w2) + 0.25 * (20 + 30), kTol);
  // The LSE is the softmax's.
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(z), kTol);
}

TEST_F(EvaluatorTest, DenseDefaultScaleIsInverseSqrtD) {
  // D = 4, so the scale is 1/2: dots 4 and 0 give scores 2 and 0.
  std::string src = spec("1x1x1x4", "1x1x2x4", "1x1x2x1", "");
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 4}, {1, 1, 1, 1}),
                 T({1, 1, 2, 4}, {1, 1, 1, 1, 1, -1, 1, -1}),
                 T({1, 1, 2, 1}, {3, -1})});
  ASSERT_TRUE(r.has_value());
  double e2 = std::exp(2.0);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), (3 * e2 - 1) / (e2 + 1), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(e2 + 1), kTol);
}

TEST_F(EvaluatorTest, DenseWithoutLseResult) {
  std::string src =
      spec("1x1x1x1", "1x1x2x1", "1x1x2x1", "scale(1.0)", /*withLse=*/false);
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 1}, {1}), T({1, 1, 2, 1}, {1, 0}),
                 T({1, 1, 2, 1}, {1, 0})});
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->lse.has_value());
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), E / (E + 1), kTol);
}

TEST_F(EvaluatorTest, DenseBatchesAndRowsAreIndependent) {
  // Batch 0: K = [1, 0], V = [1, 0]; rows q = 1, 2.
  // Batch 1: K = [0, 1], V = [4, 6]; rows q = 0, -1.
  std::string src = spec("2x1x2x1", "2x1x2x1", "2x1x2x1", "scale(1.0)");
  std::optional<Result> r =
      eval(src, {T({2, 1, 2, 1}, {1, 2, 0, -1}), T({2, 1, 2, 1}, {1, 0, 0, 1}),
                 T({2, 1, 2, 1}, {1, 0, 4, 6})});
  ASSERT_TRUE(r.has_value());
  double e2 = std::exp(2.0), em1 = std::exp(-1.0);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), E / (E + 1), kTol);
  EXPECT_NEAR(r->output.at({0, 0, 1, 0}), e2 / (e2 + 1), kTol);
  EXPECT_NEAR(r->output.at({1, 0, 0, 0}), 5.0, kTol);
  EXPECT_NEAR(r->output.at({1, 0, 1, 0}), (4 + 6 * em1) / (1 + em1), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(E + 1), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 1}), std::log(e2 + 1), kTol);
  EXPECT_NEAR(r->lse->at({1, 0, 0}), std::log(2.0), kTol);
  EXPECT_NEAR(r->lse->at({1, 0, 1}), std::log(1 + em1), kTol);
}

TEST_F(EvaluatorTest, DqkDiffersFromDv) {
  // D = 2, Dv = 3: scores 1 and 0.
  std::string src = spec("1x1x1x2", "1x1x2x2", "1x1x2x3", "scale(1.0)");
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 2}, {1, 0}), T({1, 1, 2, 2}, {1, 0, 0, 1}),
                 T({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(hasShape(r->output, {1, 1, 1, 3}));
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), (1 * E + 4) / (E + 1), kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 1}), (2 * E + 5) / (E + 1), kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 2}), (3 * E + 6) / (E + 1), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(E + 1), kTol);
}

TEST_F(EvaluatorTest, ExtremeMagnitudesStayFinite) {
  // K0 = [1, 0], K1 = [1, -1], scale 1.
  //   row 0: q = [1000, 1]      -> s = 1000, 999
  //   row 1: q = [-1000, -1]    -> s = -1000, -999
  //   row 2: q = [1000, 1000]   -> s = 1000, 0      (argmax: key 0)
  //   row 3: q = [-1000, 1000]  -> s = -1000, -2000 (argmax: key 0)
  std::string src = spec("1x1x4x2", "1x1x2x2", "1x1x2x2", "scale(1.0)");
  std::optional<Result> r = eval(
      src, {T({1, 1, 4, 2}, {1000, 1, -1000, -1, 1000, 1000, -1000, 1000}),
            T({1, 1, 2, 2}, {1, 0, 1, -1}), T({1, 1, 2, 2}, {2, -3, 5, 7})});
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  double em1 = std::exp(-1.0);
  double hi = 1 / (1 + em1), lo = em1 / (1 + em1);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), hi * 2 + lo * 5, kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 1}), hi * -3 + lo * 7, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), 1000 + std::log(1 + em1), kTol);
  EXPECT_NEAR(r->output.at({0, 0, 1, 0}), lo * 2 + hi * 5, kTol);
  EXPECT_NEAR(r->output.at({0, 0, 1, 1}), lo * -3 + hi * 7, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 1}), -999 + std::log(1 + em1), kTol);
  for (int64_t i : {2, 3}) {
    EXPECT_NEAR(r->output.at({0, 0, i, 0}), 2.0, kTol);
    EXPECT_NEAR(r->output.at({0, 0, i, 1}), -3.0, kTol);
  }
  EXPECT_NEAR(r->lse->at({0, 0, 2}), 1000.0, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 3}), -1000.0, kTol);
}

//===----------------------------------------------------------------------===//
// Mask attributes
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, CausalTopLeftFirstRowIsFirstValue) {
  // s00 = 3; row 1: s10 = 6, s11 = 2.
  std::string src =
      spec("1x1x2x1", "1x1x2x1", "1x1x2x1", "scale(1.0) mask(#attn.causal)");
  std::optional<Result> r =
      eval(src, {T({1, 1, 2, 1}, {1, 2}), T({1, 1, 2, 1}, {3, 1}),
                 T({1, 1, 2, 1}, {5, 7})});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->output.at({0, 0, 0, 0}), 5.0);
  EXPECT_EQ(r->lse->at({0, 0, 0}), 3.0);
  double e6 = std::exp(6.0), e2 = std::exp(2.0);
  EXPECT_NEAR(r->output.at({0, 0, 1, 0}), (5 * e6 + 7 * e2) / (e6 + e2), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 1}), std::log(e6 + e2), kTol);
}

TEST_F(EvaluatorTest, CausalAlignmentWhenLqDiffersFromLk) {
  {
    // Lq = 1, Lk = 3, top-left: the query sits at key 0.
    std::optional<Result> r =
        eval(spec("1x1x1x1", "1x1x3x1", "1x1x3x1", "mask(#attn.causal)"),
             uniformOperands(1, 1, 1, 3));
    ASSERT_TRUE(r.has_value());
    expectKeeps(*r, 0, 0, 0, {0});
  }
  {
    // Lq = 1, Lk = 3, bottom-right: the single query sees every key.
    std::optional<Result> r = eval(spec("1x1x1x1", "1x1x3x1", "1x1x3x1",
                                        "mask(#attn.causal<bottom_right>)"),
                                   uniformOperands(1, 1, 1, 3));
    ASSERT_TRUE(r.has_value());
    expectKeeps(*r, 0, 0, 0, {0, 1, 2});
  }
  {
    // Lq = 2, Lk = 3, bottom-right: offset 1.
    std::optional<Result> r = eval(spec("1x1x2x1", "1x1x3x1", "1x1x3x1",
                                        "mask(#attn.causal<bottom_right>)"),
                                   uniformOperands(1, 1, 2, 3));
    ASSERT_TRUE(r.has_value());
    expectKeeps(*r, 0, 0, 0, {0, 1});
    expectKeeps(*r, 0, 0, 1, {0, 1, 2});
  }
  {
    // Lq = 3, Lk = 2, bottom-right: offset -1, so row 0 sees nothing.
    std::optional<Result> r = eval(spec("1x1x3x1", "1x1x2x1", "1x1x2x1",
                                        "mask(#attn.causal<bottom_right>)"),
                                   uniformOperands(1, 1, 3, 2));
    ASSERT_TRUE(r.has_value());
    expectNoNaN(*r);
    expectKeeps(*r, 0, 0, 0, {});
    expectKeeps(*r, 0, 0, 1, {0});
    expectKeeps(*r, 0, 0, 2, {0, 1});
  }
}

TEST_F(EvaluatorTest, WindowLeftRight) {
  std::optional<Result> r =
      eval(spec("1x1x5x1", "1x1x5x1", "1x1x5x1",
                "mask(#attn.window<left = 1, right = 1>)"),
           uniformOperands(1, 1, 5, 5));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 1});
  expectKeeps(*r, 0, 0, 1, {0, 1, 2});
  expectKeeps(*r, 0, 0, 2, {1, 2, 3});
  expectKeeps(*r, 0, 0, 3, {2, 3, 4});
  expectKeeps(*r, 0, 0, 4, {3, 4});
}

TEST_F(EvaluatorTest, WindowDefaultRightIsCausal) {
  std::optional<Result> r = eval(
      spec("1x1x4x1", "1x1x4x1", "1x1x4x1", "mask(#attn.window<left = 2>)"),
      uniformOperands(1, 1, 4, 4));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0});
  expectKeeps(*r, 0, 0, 1, {0, 1});
  expectKeeps(*r, 0, 0, 2, {0, 1, 2});
  expectKeeps(*r, 0, 0, 3, {1, 2, 3});
}

TEST_F(EvaluatorTest, WindowBottomRight) {
  // Lq = 2, Lk = 4: query i sits at key i + 2.
  std::optional<Result> r =
      eval(spec("1x1x2x1", "1x1x4x1", "1x1x4x1",
                "mask(#attn.window<left = 1, align = bottom_right>)"),
           uniformOperands(1, 1, 2, 4));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {1, 2});
  expectKeeps(*r, 0, 0, 1, {2, 3});
}

TEST_F(EvaluatorTest, PrefixLM) {
  std::optional<Result> r = eval(spec("1x1x4x1", "1x1x4x1", "1x1x4x1",
                                      "mask(#attn.prefix_lm<prefix = 2>)"),
                                 uniformOperands(1, 1, 4, 4));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 1});
  expectKeeps(*r, 0, 0, 1, {0, 1});
  expectKeeps(*r, 0, 0, 2, {0, 1, 2});
  expectKeeps(*r, 0, 0, 3, {0, 1, 2, 3});
}

TEST_F(EvaluatorTest, AndComposition) {
  std::optional<Result> r = eval(
      spec(
          "1x1x4x1", "1x1x4x1", "1x1x4x1",
          "mask(#attn.and<[#attn.causal, #attn.window<left = 1, right = 5>]>)"),
      uniformOperands(1, 1, 4, 4));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0});
  expectKeeps(*r, 0, 0, 1, {0, 1});
  expectKeeps(*r, 0, 0, 2, {1, 2});
  expectKeeps(*r, 0, 0, 3, {2, 3});
}

TEST_F(EvaluatorTest, OrComposition) {
  std::optional<Result> r = eval(
      spec("1x1x4x1", "1x1x4x1", "1x1x4x1",
           "mask(#attn.or<[#attn.causal, #attn.window<left = 0, right = 1>]>)"),
      uniformOperands(1, 1, 4, 4));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 1});
  expectKeeps(*r, 0, 0, 1, {0, 1, 2});
  expectKeeps(*r, 0, 0, 2, {0, 1, 2, 3});
  expectKeeps(*r, 0, 0, 3, {0, 1, 2, 3});
}

TEST_F(EvaluatorTest, NestedNotInsideAnd) {
  // causal and not(diagonal): strictly earlier keys.
  std::optional<Result> r = eval(spec("1x1x3x1", "1x1x3x1", "1x1x3x1",
                                      "mask(#attn.and<[#attn.causal, "
                                      "#attn.not<#attn.window<left = 0>>]>)"),
                                 uniformOperands(1, 1, 3, 3));
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  expectKeeps(*r, 0, 0, 0, {});
  expectKeeps(*r, 0, 0, 1, {0});
  expectKeeps(*r, 0, 0, 2, {0, 1});
}

//===----------------------------------------------------------------------===//
// Rows without kept keys
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, NotCausalLeavesLastRowEmpty) {
  // not(causal) keeps k > q: the last row keeps nothing.
  std::optional<Result> r = eval(
      spec("1x1x3x1", "1x1x3x1", "1x1x3x1", "mask(#attn.not<#attn.causal>)"),
      uniformOperands(1, 1, 3, 3));
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  expectKeeps(*r, 0, 0, 0, {1, 2});
  expectKeeps(*r, 0, 0, 1, {2});
  expectKeeps(*r, 0, 0, 2, {});
}

TEST_F(EvaluatorTest, ZeroKeysGivesEmptyRows) {
  std::optional<Result> r = eval(
      spec("1x1x2x1", "1x1x?x1", "1x1x?x1", "scale(1.0)"),
      {T({1, 1, 2, 1}, {1, 2}), Tensor({1, 1, 0, 1}), Tensor({1, 1, 0, 1})});
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(hasShape(r->output, {1, 1, 2, 1}));
  expectNoNaN(*r);
  expectEmptyRow(*r, 0, 0, 0);
  expectEmptyRow(*r, 0, 0, 1);
}

TEST_F(EvaluatorTest, AllScoresMinusInfinityGivesEmptyRow) {
  std::optional<Result> r = eval(
      spec("1x1x1x1", "1x1x2x1", "1x1x2x1",
           R"(score_mod(%s, %b, %h, %i, %j) {
      %ninf = arith.constant 0xFF800000 : f32
      attn.yield %ninf : f32
    })"),
      {T({1, 1, 1, 1}, {1}), T({1, 1, 2, 1}, {1, 2}), T({1, 1, 2, 1}, {3, 4})});
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  expectEmptyRow(*r, 0, 0, 0);
}

//===----------------------------------------------------------------------===//
// Heads
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, GQATwoQueryHeadsShareOneKVHead) {
  // Head 0: q = 1 -> s = 1, 0. Head 1: q = -1 -> s = -1, 0.
  std::string src = spec("1x2x1x1", "1x1x2x1", "1x1x2x1", "scale(1.0)");
  std::optional<Result> r =
      eval(src, {T({1, 2, 1, 1}, {1, -1}), T({1, 1, 2, 1}, {1, 0}),
                 T({1, 1, 2, 1}, {10, 20})});
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(hasShape(r->output, {1, 2, 1, 1}));
  double em1 = std::exp(-1.0);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), (10 * E + 20) / (E + 1), kTol);
  EXPECT_NEAR(r->output.at({0, 1, 0, 0}), (10 * em1 + 20) / (em1 + 1), kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(E + 1), kTol);
  EXPECT_NEAR(r->lse->at({0, 1, 0}), std::log(em1 + 1), kTol);
}

TEST_F(EvaluatorTest, GQAFourQueryHeadsOverTwoKVHeads) {
  // KV head 0: K = [1, 0], V = [1, 2]; KV head 1: K = [0, 1], V = [3, 4].
  // Query heads 0, 1 read KV head 0 and heads 2, 3 read KV head 1 (h / 2).
  std::string src = spec("1x4x1x1", "1x2x2x1", "1x2x2x1", "scale(1.0)");
  std::optional<Result> r =
      eval(src, {T({1, 4, 1, 1}, {1, 1, 1, 1}), T({1, 2, 2, 1}, {1, 0, 0, 1}),
                 T({1, 2, 2, 1}, {1, 2, 3, 4})});
  ASSERT_TRUE(r.has_value());
  double g0 = (1 * E + 2) / (E + 1), g1 = (3 + 4 * E) / (1 + E);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), g0, kTol);
  EXPECT_NEAR(r->output.at({0, 1, 0, 0}), g0, kTol);
  EXPECT_NEAR(r->output.at({0, 2, 0, 0}), g1, kTol);
  EXPECT_NEAR(r->output.at({0, 3, 0, 0}), g1, kTol);
}

//===----------------------------------------------------------------------===//
// score_mod
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, ScoreModSoftcap) {
  // s = 3, -1; softcap c = 2: t = 2 tanh(s / 2).
  std::string src = spec("1x1x1x1", "1x1x2x1", "1x1x2x1", R"(scale(1.0)
    score_mod(%s, %b, %h, %i, %j) {
      %c = arith.constant 2.0 : f32
      %x = arith.divf %s, %c : f32
      %t = math.tanh %x : f32
      %r = arith.mulf %t, %c : f32
      attn.yield %r : f32
    })");
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 1}, {1}), T({1, 1, 2, 1}, {3, -1}),
                 T({1, 1, 2, 1}, {1, 10})});
  ASSERT_TRUE(r.has_value());
  double t0 = 2 * std::tanh(1.5), t1 = 2 * std::tanh(-0.5);
  double z = std::exp(t0) + std::exp(t1);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}),
              (std::exp(t0) * 1 + std::exp(t1) * 10) / z, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(z), kTol);
}

TEST_F(EvaluatorTest, ScoreModBiasIndexedByHeadQueryKey) {
  // Two query heads over one KV head; s = 1, 0 for every row; the bias
  // differs per (h, q, k). V = [1, 0], so O = e^{s0+b0} / (e^{s0+b0}+e^{b1}).
  std::string src = spec("1x2x2x1", "1x1x2x1", "1x1x2x1", R"(
    inputs(%bias[h, q, k] : tensor<2x2x2xf32>) scale(1.0)
    score_mod(%s, %b, %h, %i, %j, %bv) {
      %r = arith.addf %s, %bv : f32
      attn.yield %r : f32
    })",
                         true, ", %bias: tensor<2x2x2xf32>");
  std::optional<Result> r =
      eval(src, {T({1, 2, 2, 1}, {1, 1, 1, 1}), T({1, 1, 2, 1}, {1, 0}),
                 T({1, 1, 2, 1}, {1, 0}),
                 T({2, 2, 2}, {1, 0, 0, 2, -1, 3, 0.5, 0.5})});
  ASSERT_TRUE(r.has_value());
  // (h, i): bias row (b0, b1); logits (1 + b0, b1).
  struct Row {
    int64_t h, i;
    double l0, l1;
  } rows[] = {{0, 0, 2, 0}, {0, 1, 1, 2}, {1, 0, 0, 3}, {1, 1, 1.5, 0.5}};
  for (const Row &row : rows) {
    double z = std::exp(row.l0) + std::exp(row.l1);
    EXPECT_NEAR(r->output.at({0, row.h, row.i, 0}), std::exp(row.l0) / z, kTol)
        << "h = " << row.h << ", i = " << row.i;
    EXPECT_NEAR(r->lse->at({0, row.h, row.i}), std::log(z), kTol)
        << "h = " << row.h << ", i = " << row.i;
  }
}

TEST_F(EvaluatorTest, ScoreModBroadcastInputs) {
  // bias[0, q, k] is shared by both heads; kb[k] is a per-key bias.
  // Scores are 0 (Q = 0); logits: row 0 = (0.5, 0.5), row 1 = (2.5, -0.5).
  std::string src =
      spec("1x2x2x1", "1x2x2x1", "1x2x2x1", R"(
    inputs(%bias[0, q, k] : tensor<1x2x2xf32>, %kb[k] : tensor<2xf32>)
    score_mod(%s, %b, %h, %i, %j, %bv, %kv) {
      %x = arith.addf %s, %bv : f32
      %r = arith.addf %x, %kv : f32
      attn.yield %r : f32
    })",
           true, ", %bias: tensor<1x2x2xf32>, %kb: tensor<2xf32>");
  std::optional<Result> r =
      eval(src, {Tensor({1, 2, 2, 1}), Tensor({1, 2, 2, 1}),
                 T({1, 2, 2, 1}, {1, 3, 1, 3}), T({1, 2, 2}, {0, 1, 2, 0}),
                 T({2}, {0.5, -0.5})});
  ASSERT_TRUE(r.has_value());
  double a = std::exp(2.5), c = std::exp(-0.5);
  for (int64_t h : {0, 1}) {
    EXPECT_NEAR(r->output.at({0, h, 0, 0}), 2.0, kTol) << "h = " << h;
    EXPECT_NEAR(r->lse->at({0, h, 0}), 0.5 + std::log(2.0), kTol);
    EXPECT_NEAR(r->output.at({0, h, 1, 0}), (a * 1 + c * 3) / (a + c), kTol)
        << "h = " << h;
    EXPECT_NEAR(r->lse->at({0, h, 1}), std::log(a + c), kTol);
  }
}

TEST_F(EvaluatorTest, ScoreModMinusInfinityEqualsMasking) {
  // s = 1, 2, 3; key 1 removed either way.
  std::vector<Tensor> operands = {T({1, 1, 1, 1}, {1}),
                                  T({1, 1, 3, 1}, {1, 2, 3}),
                                  T({1, 1, 3, 1}, {4, 5, 6})};
  std::optional<Result> viaScore =
      eval(spec("1x1x1x1", "1x1x3x1", "1x1x3x1", R"(scale(1.0)
    score_mod(%s, %b, %h, %i, %j) {
      %c1 = arith.constant 1 : index
      %drop = arith.cmpi eq, %j, %c1 : index
      %ninf = arith.constant 0xFF800000 : f32
      %r = arith.select %drop, %ninf, %s : f32
      attn.yield %r : f32
    })"),
           operands);
  ASSERT_TRUE(viaScore.has_value());
  std::optional<Result> viaMask =
      eval(spec("1x1x1x1", "1x1x3x1", "1x1x3x1", R"(scale(1.0)
    mask_mod(%b, %h, %i, %j) {
      %c1 = arith.constant 1 : index
      %keep = arith.cmpi ne, %j, %c1 : index
      attn.yield %keep : i1
    })"),
           operands);
  ASSERT_TRUE(viaMask.has_value());
  double e3 = std::exp(3.0);
  double o = (4 * E + 6 * e3) / (E + e3), lse = std::log(E + e3);
  expectNoNaN(*viaScore);
  EXPECT_NEAR(viaScore->output.at({0, 0, 0, 0}), o, kTol);
  EXPECT_NEAR(viaScore->lse->at({0, 0, 0}), lse, kTol);
  EXPECT_NEAR(viaMask->output.at({0, 0, 0, 0}), o, kTol);
  EXPECT_NEAR(viaMask->lse->at({0, 0, 0}), lse, kTol);
  EXPECT_NEAR(viaScore->output.at({0, 0, 0, 0}),
              viaMask->output.at({0, 0, 0, 0}), kTol);
}

//===----------------------------------------------------------------------===//
// mask_mod
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, MaskModDocumentIdsWithCausal) {
  // Batch 0: qdoc = kdoc = [0, 1, 1]. Batch 1: qdoc = [0, 0, 0],
  // kdoc = [1, 0, 0]. Both and-ed with causal.
  std::string src =
      spec("2x1x3x1", "2x1x3x1", "2x1x3x1", R"(
    inputs(%qdoc[b, q] : tensor<2x3xi32>, %kdoc[b, k] : tensor<2x3xi32>)
    mask(#attn.causal)
    mask_mod(%b, %h, %i, %j, %qd, %kd) {
      %same = arith.cmpi eq, %qd, %kd : i32
      attn.yield %same : i1
    })",
           true, ", %qdoc: tensor<2x3xi32>, %kdoc: tensor<2x3xi32>");
  std::vector<Tensor> operands = uniformOperands(2, 1, 3, 3);
  operands.push_back(T({2, 3}, {0, 1, 1, 0, 0, 0}));
  operands.push_back(T({2, 3}, {0, 1, 1, 1, 0, 0}));
  std::optional<Result> r = eval(src, operands);
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  expectKeeps(*r, 0, 0, 0, {0});
  expectKeeps(*r, 0, 0, 1, {1});
  expectKeeps(*r, 0, 0, 2, {1, 2});
  expectKeeps(*r, 1, 0, 0, {});
  expectKeeps(*r, 1, 0, 1, {1});
  expectKeeps(*r, 1, 0, 2, {1, 2});
}

TEST_F(EvaluatorTest, BitmaskReadsLittleEndianBitsOfPackedWords) {
  // 11 keys in two i8 words per query; bit j of word w keeps key 8 w + j.
  // Query 0: 0b10000101 (keys 0, 2, 7), 0b00000110 (keys 9, 10).
  // Query 1: -128 = 0b10000000 (key 7), 0b00000100 (key 10; the word's bits
  // past Lk = 11 are set but there are no such keys). Query 2: no bits.
  std::string src = spec("1x1x3x1", "1x1x11x1", "1x1x11x1", R"(
    inputs(%bits[q, k floordiv 8] : tensor<3x2xi8>)
    mask(#attn.bitmask<input = 0, bits = 8>))",
                         true, ", %bits: tensor<3x2xi8>");
  std::vector<Tensor> operands = uniformOperands(1, 1, 3, 11);
  operands.push_back(T({3, 2}, {0b10000101, 0b00000110, -128, -12 /* 0b11110100 */, 0, 0}));
  std::optional<Result> r = eval(src, operands);
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 2, 7, 9, 10});
  expectKeeps(*r, 0, 0, 1, {7, 10});
  expectKeeps(*r, 0, 0, 2, {});
}

TEST_F(EvaluatorTest, MaskModRemSITruncatesTowardZero) {
  // d = j - 2 in i32 over j = 0..4: -2, -1, 0, 1, 2.
  // remsi(d, 2) = 0, -1, 0, 1, 0 (sign of the dividend): == -1 at j = 1.
  // remsi(d, -2) = 0, -1, 0, 1, 0: == 1 at j = 3.
  // (A floored remainder would keep no key.)
  std::string src = spec("1x1x1x1", "1x1x5x1", "1x1x5x1", R"(
    mask_mod(%b, %h, %i, %j) {
      %ji = arith.index_cast %j : index to i32
      %c2 = arith.constant 2 : i32
      %cm2 = arith.constant -2 : i32
      %d = arith.subi %ji, %c2 : i32
      %r1 = arith.remsi %d, %c2 : i32
      %r2 = arith.remsi %d, %cm2 : i32
      %m1 = arith.constant -1 : i32
      %p1 = arith.constant 1 : i32
      %a = arith.cmpi eq, %r1, %m1 : i32
      %c = arith.cmpi eq, %r2, %p1 : i32
      %keep = arith.ori %a, %c : i1
      attn.yield %keep : i1
    })");
  std::optional<Result> r = eval(src, uniformOperands(1, 1, 1, 5));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {1, 3});
}

TEST_F(EvaluatorTest, MaskModFloorDivSIWithNegativeOperands) {
  // d = j - 2 over j = 0..4: -2, -1, 0, 1, 2.
  // Row 0: floordivsi(d, 2)  = -1, -1, 0, 0, 1  -> == -1 at {0, 1}.
  // Row 1: floordivsi(d, -2) =  1,  0, 0, -1, -1 -> == -1 at {3, 4}.
  // (Truncating division would give {0} and {4}.)
  std::string src = spec("1x1x2x1", "1x1x5x1", "1x1x5x1", R"(
    mask_mod(%b, %h, %i, %j) {
      %c0 = arith.constant 0 : index
      %c2 = arith.constant 2 : index
      %cm2 = arith.constant -2 : index
      %d = arith.subi %j, %c2 : index
      %first = arith.cmpi eq, %i, %c0 : index
      %div = arith.select %first, %c2, %cm2 : index
      %f = arith.floordivsi %d, %div : index
      %m1 = arith.constant -1 : index
      %keep = arith.cmpi eq, %f, %m1 : index
      attn.yield %keep : i1
    })");
  std::optional<Result> r = eval(src, uniformOperands(1, 1, 2, 5));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 1});
  expectKeeps(*r, 0, 0, 1, {3, 4});
}

TEST_F(EvaluatorTest, MaskModAndOriOnI1) {
  // keep = (j == 0) or ((j >= 2) and (j != 4) and true) over j = 0..5.
  std::string src = spec("1x1x1x1", "1x1x6x1", "1x1x6x1", R"(
    mask_mod(%b, %h, %i, %j) {
      %c0 = arith.constant 0 : index
      %c2 = arith.constant 2 : index
      %c4 = arith.constant 4 : index
      %t = arith.constant true
      %is0 = arith.cmpi eq, %j, %c0 : index
      %ge2 = arith.cmpi sge, %j, %c2 : index
      %ne4 = arith.cmpi ne, %j, %c4 : index
      %both = arith.andi %ge2, %ne4 : i1
      %both2 = arith.andi %both, %t : i1
      %keep = arith.ori %is0, %both2 : i1
      attn.yield %keep : i1
    })");
  std::optional<Result> r = eval(src, uniformOperands(1, 1, 1, 6));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0, 2, 3, 5});
}

TEST_F(EvaluatorTest, MaskModIndexCastOfSignedI32Input) {
  // keep = j <= index_cast(lim[b, q]) with lim = [2, -1, 0]: -1 must stay
  // negative after the cast (it sign-extends), so row 1 keeps nothing.
  std::string src = spec("1x1x3x1", "1x1x3x1", "1x1x3x1", R"(
    inputs(%lim[b, q] : tensor<1x3xi32>)
    mask_mod(%b, %h, %i, %j, %l) {
      %x = arith.index_cast %l : i32 to index
      %keep = arith.cmpi sle, %j, %x : index
      attn.yield %keep : i1
    })",
                         true, ", %lim: tensor<1x3xi32>");
  std::vector<Tensor> operands = uniformOperands(1, 1, 3, 3);
  operands.push_back(T({1, 3}, {2, -1, 0}));
  std::optional<Result> r = eval(src, operands);
  ASSERT_TRUE(r.has_value());
  expectNoNaN(*r);
  expectKeeps(*r, 0, 0, 0, {0, 1, 2});
  expectKeeps(*r, 0, 0, 1, {});
  expectKeeps(*r, 0, 0, 2, {0});
}

TEST_F(EvaluatorTest, MaskModSelect) {
  // Row 0: j <= 0. Row 1: j == 1. Row 2: j <= 2.
  std::string src = spec("1x1x3x1", "1x1x3x1", "1x1x3x1", R"(
    mask_mod(%b, %h, %i, %j) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %first = arith.cmpi eq, %i, %c0 : index
      %lim = arith.select %first, %c0, %c2 : index
      %le = arith.cmpi sle, %j, %lim : index
      %second = arith.cmpi eq, %i, %c1 : index
      %isOne = arith.cmpi eq, %j, %c1 : index
      %keep = arith.select %second, %isOne, %le : i1
      attn.yield %keep : i1
    })");
  std::optional<Result> r = eval(src, uniformOperands(1, 1, 3, 3));
  ASSERT_TRUE(r.has_value());
  expectKeeps(*r, 0, 0, 0, {0});
  expectKeeps(*r, 0, 0, 1, {1});
  expectKeeps(*r, 0, 0, 2, {0, 1, 2});
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(EvaluatorTest, ErrorWrongOperandCount) {
  std::string src = spec("1x1x1x1", "1x1x2x1", "1x1x2x1", R"(
    inputs(%kb[k] : tensor<2xf32>)
    score_mod(%s, %b, %h, %i, %j, %x) {
      attn.yield %x : f32
    })",
                         true, ", %kb: tensor<2xf32>");
  FailureOr<Result> r = run(src, uniformOperands(1, 1, 1, 2));
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("expected 4 operands, got 3"), std::string::npos)
      << error;
}

TEST_F(EvaluatorTest, ErrorShapeContradictsStaticDim) {
  std::string src = spec("1x1x2x1", "1x1x2x1", "1x1x2x1", "");
  std::vector<Tensor> operands = uniformOperands(1, 1, 2, 2);
  operands[0] = Tensor({1, 1, 3, 1});
  FailureOr<Result> r = run(src, operands);
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("query has shape [1, 1, 3, 1]"), std::string::npos)
      << error;

  operands = uniformOperands(1, 1, 2, 2);
  operands[2] = Tensor({1, 2, 1});
  r = run(src, operands);
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("value has rank 3, expected 4"), std::string::npos)
      << error;
}

TEST_F(EvaluatorTest, ErrorInconsistentBatchOrKeyLength) {
  std::string src = spec("?x1x?x1", "?x1x?x1", "?x1x?x1", "");
  std::vector<Tensor> operands = uniformOperands(1, 1, 2, 2);
  operands[1] = Tensor({2, 1, 2, 1}); // key batch 2, query batch 1
  FailureOr<Result> r = run(src, operands);
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("inconsistent shapes"), std::string::npos) << error;

  operands = uniformOperands(1, 1, 2, 2);
  operands[2] = Tensor({1, 1, 3, 1}); // value Lk 3, key Lk 2
  r = run(src, operands);
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("inconsistent shapes"), std::string::npos) << error;
}

TEST_F(EvaluatorTest, ErrorInputExtentContradictsIndexList) {
  // %bias[q, k] with Lq = 2, Lk = 3, given a [2, 4] tensor.
  std::string src = spec("1x1x?x1", "1x1x?x1", "1x1x?x1", R"(
    inputs(%bias[q, k] : tensor<?x?xf32>)
    score_mod(%s, %b, %h, %i, %j, %x) {
      attn.yield %x : f32
    })",
                         true, ", %bias: tensor<?x?xf32>");
  std::vector<Tensor> operands = uniformOperands(1, 1, 2, 3);
  operands.push_back(Tensor({2, 4}));
  FailureOr<Result> r = run(src, operands);
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("input #0 has extent 4 in dimension 1, expected 3"),
            std::string::npos)
      << error;
}

TEST_F(EvaluatorTest, ErrorUnsupportedRegionOp) {
  std::string src = spec("1x1x1x1", "1x1x2x1", "1x1x2x1", R"(
    score_mod(%s, %b, %h, %i, %j) {
      %r = math.cbrt %s : f32
      attn.yield %r : f32
    })");
  FailureOr<Result> r = run(src, uniformOperands(1, 1, 1, 2));
  ASSERT_TRUE(failed(r));
  EXPECT_NE(error.find("does not support 'math.cbrt'"), std::string::npos)
      << error;
}

} // namespace

// ALiBi's standard slopes (Press et al.): 8 heads give 2^-1 ... 2^-8; 6
// heads give those of 4 heads (2^-2, 2^-4, 2^-6, 2^-8), then every other
// slope of 8 heads starting at the first (2^-1, 2^-3).
TEST_F(EvaluatorTest, AlibiStandardSlopes) {
  ctx.getOrLoadDialect<attnc::attn::AttnDialect>();
  auto noInputs = [](unsigned, int64_t, int64_t) -> double {
    ADD_FAILURE() << "the geometric slopes read no input";
    return 0.0;
  };
  auto alibi = attnc::attn::AlibiAttr::get(&ctx, FloatAttr(), std::nullopt,
                                           attnc::attn::Alignment::top_left);
  for (int64_t h = 0; h < 8; ++h)
    EXPECT_DOUBLE_EQ(alibi.getSlope(h, 8), std::exp2(-double(h + 1)));
  double six[] = {-2, -4, -6, -8, -1, -3};
  for (int64_t h = 0; h < 6; ++h)
    EXPECT_DOUBLE_EQ(alibi.getSlope(h, 6), std::exp2(six[h]));
  // s + m_h (k - q): head 0 of 8 at q = 5, k = 2 adds -3 / 2.
  EXPECT_DOUBLE_EQ(alibi.apply(1.0, 0, 5, 2, 8, 10, 10, noInputs), -0.5);
  // Bottom-right: q = 0 sits at key 4 when Lq = 6, Lk = 10.
  auto br = attnc::attn::AlibiAttr::get(&ctx, FloatAttr(), std::nullopt,
                                        attnc::attn::Alignment::bottom_right);
  EXPECT_DOUBLE_EQ(br.apply(0.0, 1, 0, 4, 8, 6, 10, noInputs), 0.0);
  auto cap = attnc::attn::SoftcapAttr::get(&ctx, FloatAttr::get(Float64Type::get(&ctx), 2.0));
  EXPECT_DOUBLE_EQ(cap.apply(1.0, 0, 0, 0, 1, 1, 1, noInputs),
                   2.0 * std::tanh(0.5));
}

// Slopes from an input and a per-query scale, in order: head 0 has slope
// 0.5 and head 1 slope 2; row 0 of head 1 is scaled by 3, then ALiBi adds
// m (k - q). Head 1, q = 0: s = 3 * (1, 0) + 2 * (0, 1) = (3, 2).
// Head 0, q = 1 (t = 0.5): s = 0.5 * (0, 2) + 0.5 * (-1, 0) = (-0.5, 1).
TEST_F(EvaluatorTest, AlibiSlopesInputAndQueryScale) {
  const char *src = R"(
    func.func @f(%q: tensor<1x2x2x1xf32>, %k: tensor<1x2x2x1xf32>,
                 %v: tensor<1x2x2x1xf32>, %m: tensor<2xf32>,
                 %t: tensor<1x2x2xf32>) {
      %o, %lse = attn.attention %q, %k, %v
        inputs(%m[h] : tensor<2xf32>, %t[b, h, q] : tensor<1x2x2xf32>)
        scale(1.0)
        score(#attn.query_scale<input = 1>, #attn.alibi<slopes = 0>)
        : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
          -> tensor<1x2x2x1xf32>, tensor<1x2x2xf32>
      return
    })";
  // q . k: head 0 row 1 -> (0, 2), head 1 row 0 -> (1, 0).
  std::optional<Result> r =
      eval(src, {T({1, 2, 2, 1}, {7, 2, 1, 5}), T({1, 2, 2, 1}, {0, 1, 1, 0}),
                 T({1, 2, 2, 1}, {10, 20, 30, 40}), T({2}, {0.5, 2.0}),
                 T({1, 2, 2}, {9, 0.5, 3, 9})});
  ASSERT_TRUE(r.has_value());
  auto softmaxOf = [](double s0, double s1, double v0, double v1) {
    return (v0 * std::exp(s0) + v1 * std::exp(s1)) /
           (std::exp(s0) + std::exp(s1));
  };
  EXPECT_NEAR(r->output.at({0, 1, 0, 0}), softmaxOf(3, 2, 30, 40), kTol);
  EXPECT_NEAR(r->lse->at({0, 1, 0}), std::log(std::exp(3.0) + std::exp(2.0)),
              kTol);
  EXPECT_NEAR(r->output.at({0, 0, 1, 0}), softmaxOf(-0.5, 1, 10, 20), kTol);
}

TEST_F(EvaluatorTest, MergeWeighsPartialsByTheirLse) {
  // Row 0: LSEs ln 1 and ln 3 -> ln 4, weights 1/4 and 3/4. Row 1: the
  // second partial is empty (-inf). Row 2: both are empty -> 0, -inf.
  const char *src = R"(
    func.func @m(%o0: tensor<1x1x3x2xf32>, %o1: tensor<1x1x3x2xf32>,
                 %l0: tensor<1x1x3xf32>, %l1: tensor<1x1x3xf32>) {
      %o, %lse = attn.merge outputs(%o0, %o1 : tensor<1x1x3x2xf32>, tensor<1x1x3x2xf32>)
                            lses(%l0, %l1 : tensor<1x1x3xf32>, tensor<1x1x3xf32>)
          -> tensor<1x1x3x2xf32>, tensor<1x1x3xf32>
      return
    })";
  module = parseSourceString<ModuleOp>(src, &ctx);
  ASSERT_TRUE(module);
  attnc::attn::MergeOp op;
  module->walk([&](attnc::attn::MergeOp m) { op = m; });
  ASSERT_TRUE(op);
  double inf = std::numeric_limits<double>::infinity();
  std::string error;
  FailureOr<Result> r = attnc::reference::evaluate(
      op,
      {T({1, 1, 3, 2}, {4, 8, 1, 2, 5, 5}), T({1, 1, 3, 2}, {0, 4, 7, 7, 6, 6}),
       T({1, 1, 3}, {0, 2, -inf}), T({1, 1, 3}, {std::log(3.0), -inf, -inf})},
      error);
  ASSERT_TRUE(succeeded(r)) << error;
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(4.0), kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}), 0.25 * 4 + 0.75 * 0, kTol);
  EXPECT_NEAR(r->output.at({0, 0, 0, 1}), 0.25 * 8 + 0.75 * 4, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 1}), 2.0, kTol);
  EXPECT_NEAR(r->output.at({0, 0, 1, 0}), 1.0, kTol);
  EXPECT_EQ(r->lse->at({0, 0, 2}), -inf);
  EXPECT_EQ(r->output.at({0, 0, 2, 0}), 0.0);
  EXPECT_EQ(r->output.at({0, 0, 2, 1}), 0.0);
}

TEST_F(EvaluatorTest, TreePositionsCountAncestors) {
  // Row 0: 0 <- 1 <- 3 <- 4 and 0 <- 2, so 0 1 1 2 3. Row 1: every node a
  // child of the prefix, then a chain 2 <- 3 <- 4: 0 0 0 1 2.
  const char *src = R"(
    func.func @p(%parent: tensor<2x5xi32>) {
      %pos = attn.tree_positions %parent : tensor<2x5xi32> -> tensor<2x5xi32>
      return
    })";
  module = parseSourceString<ModuleOp>(src, &ctx);
  ASSERT_TRUE(module);
  attnc::attn::TreePositionsOp op;
  module->walk([&](attnc::attn::TreePositionsOp t) { op = t; });
  ASSERT_TRUE(op);
  std::string error;
  FailureOr<Result> r = attnc::reference::evaluate(
      op, {T({2, 5}, {-1, 0, 0, 1, 3, -1, -1, -1, 2, 3})}, error);
  ASSERT_TRUE(succeeded(r)) << error;
  std::vector<double> expected = {0, 1, 1, 2, 3, 0, 0, 0, 1, 2};
  EXPECT_EQ(r->output.data, expected);
  EXPECT_FALSE(r->lse.has_value());

  // A parent that is not earlier (here a self-loop) is an error.
  r = attnc::reference::evaluate(op, {T({2, 5}, {-1, 0, 2, 1, 3, -1, -1, -1, 2, 3})},
                                 error);
  EXPECT_TRUE(failed(r));
  EXPECT_EQ(error, "row 0: the parent of node 2 is 2, not -1 or an earlier node");
}

TEST_F(EvaluatorTest, LowRankBiasAddsTheFactorsDotProduct) {
  // s_j = q.k_j + <u, w_j>: s_0 = 1 + 2 * 3 = 7, s_1 = 0 + 2 * -1 = -2.
  const char *src = R"(
    func.func @f(%q: tensor<1x1x1x2xf32>, %k: tensor<1x1x2x2xf32>,
                 %v: tensor<1x1x2x1xf32>, %u: tensor<1x1x1x2xf32>,
                 %w: tensor<1x1x2x2xf32>) {
      %o, %lse = attn.attention %q, %k, %v scale(1.0)
        low_rank_bias(%u, %w : tensor<1x1x1x2xf32>, tensor<1x1x2x2xf32>)
        : tensor<1x1x1x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x1xf32>
          -> tensor<1x1x1x1xf32>, tensor<1x1x1xf32>
      return
    })";
  std::optional<Result> r =
      eval(src, {T({1, 1, 1, 2}, {1, 0}), T({1, 1, 2, 2}, {1, 5, 0, 7}),
                 T({1, 1, 2, 1}, {10, 20}), T({1, 1, 1, 2}, {2, 0}),
                 T({1, 1, 2, 2}, {3, 100, -1, 100})});
  ASSERT_TRUE(r.has_value());
  double z = std::exp(7.0) + std::exp(-2.0);
  EXPECT_NEAR(r->output.at({0, 0, 0, 0}),
              (10 * std::exp(7.0) + 20 * std::exp(-2.0)) / z, kTol);
  EXPECT_NEAR(r->lse->at({0, 0, 0}), std::log(z), kTol);
}
