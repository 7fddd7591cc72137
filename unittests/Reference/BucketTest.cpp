//===- BucketTest.cpp - relative-position buckets -------------------------===//
//
// The reference's buckets (bucketOf) against values printed by Hugging
// Face's T5 `_relative_position_bucket` (transformers, PyTorch), and the
// kernels' form of T5's log buckets (compile-time thresholds) against the
// reference's formula on every distance of a range.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

#include <vector>

using namespace attnc::attn;

namespace {

class BucketTest : public ::testing::Test {
protected:
  BucketTest() { ctx.loadDialect<AttnDialect>(); }
  mlir::MLIRContext ctx;
};

// Distances k - q and the buckets transformers' T5 gives them.
const std::vector<int64_t> kDistances = {
    -1000, -200, -128, -127, -100, -64, -63, -33, -32, -31, -16, -15, -12,
    -11,   -9,   -8,   -7,   -1,   0,   1,   2,   7,   8,   9,   11,  12,
    15,    16,   22,   23,   31,   32,  45,  64,  90,  127, 128, 129, 500};

TEST_F(BucketTest, T5BidirectionalMatchesTransformers) {
  // _relative_position_bucket(d, bidirectional=True, num_buckets=32,
  //                           max_distance=128)
  const std::vector<int64_t> want = {
      15, 15, 15, 15, 15, 14, 13, 12, 12, 11, 10, 9,  9,  8,  8,  8,  7,  1, 0, 17,
      18, 23, 24, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 30, 30, 31, 31, 31, 31};
  auto attr = T5BucketsAttr::get(&ctx, 32, 128, true, Alignment::top_left);
  EXPECT_EQ(attr.getNumBuckets(), 32);
  for (auto [d, bucket] : llvm::zip(kDistances, want))
    EXPECT_EQ(attr.bucketOf(1000, 1000 + d, 2000, 2000), bucket) << "d = " << d;
}

TEST_F(BucketTest, T5CausalMatchesTransformers) {
  // _relative_position_bucket(d, bidirectional=False, num_buckets=16,
  //                           max_distance=64): later keys share bucket 0.
  const std::vector<int64_t> want = {
      15, 15, 15, 15, 15, 15, 15, 13, 13, 13, 10, 10, 9, 9, 8, 8, 7, 1, 0, 0,
      0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 0, 0, 0, 0};
  auto attr = T5BucketsAttr::get(&ctx, 16, 64, false, Alignment::top_left);
  for (auto [d, bucket] : llvm::zip(kDistances, want))
    EXPECT_EQ(attr.bucketOf(1000, 1000 + d, 2000, 2000), bucket) << "d = " << d;
}

TEST_F(BucketTest, T5BottomRightMeasuresFromTheQuerysKeyPosition) {
  // One query over 10 keys sits at key 9.
  auto attr = T5BucketsAttr::get(&ctx, 32, 128, true, Alignment::bottom_right);
  EXPECT_EQ(attr.bucketOf(0, 9, 1, 10), 0);
  EXPECT_EQ(attr.bucketOf(0, 8, 1, 10), 1);
  EXPECT_EQ(attr.bucketOf(0, 0, 1, 10), 8); // d = -9
}

// The kernels count thresholds: bucket e + #{t <= a} (at most n - 1) for
// a >= e. It must equal the formula at every distance.
TEST_F(BucketTest, T5ThresholdsReproduceTheLogFormula) {
  struct Config {
    int64_t buckets, maxDistance;
    bool bidirectional;
  } configs[] = {{32, 128, true},  {16, 64, false},  {32, 128, false},
                 {4, 3, true},     {64, 1000, true}, {128, 100000, false},
                 {2, 2, false},    {40, 21, true}};
  for (const Config &c : configs) {
    auto attr = T5BucketsAttr::get(&ctx, c.buckets, c.maxDistance,
                                   c.bidirectional, Alignment::top_left);
    llvm::SmallVector<int64_t> thresholds = attr.getLogThresholds();
    int64_t n = c.bidirectional ? c.buckets / 2 : c.buckets;
    int64_t exact = n / 2;
    EXPECT_EQ(int64_t(thresholds.size()), n - 1 - exact);
    for (int64_t a = 0; a <= 4 * c.maxDistance + 100; ++a) {
      int64_t counted = exact;
      for (int64_t t : thresholds)
        counted += a >= t;
      int64_t viaThresholds = a < exact ? a : counted;
      // Keys before the query: d = -a, in the lower half in both modes.
      ASSERT_EQ(viaThresholds, attr.bucketOf(a, 0, a + 1, a + 1))
          << c.buckets << "/" << c.maxDistance << " a = " << a;
    }
  }
}

TEST_F(BucketTest, ClippedDistances) {
  auto attr = ClippedBucketsAttr::get(&ctx, 3, Alignment::top_left);
  EXPECT_EQ(attr.getNumBuckets(), 7);
  const int64_t want[] = {0, 0, 1, 2, 3, 4, 5, 6, 6};
  for (int64_t d = -4; d <= 4; ++d)
    EXPECT_EQ(attr.bucketOf(10, 10 + d, 20, 20), want[d + 4]) << "d = " << d;
  auto end = ClippedBucketsAttr::get(&ctx, 3, Alignment::bottom_right);
  EXPECT_EQ(end.bucketOf(0, 4, 1, 5), 3); // the query sits at key 4
}

} // namespace
