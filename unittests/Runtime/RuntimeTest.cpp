//===- RuntimeTest.cpp - tests of the attnc C runtime ---------------------===//
//
// Drives attnc_rt_invoke with hand-built signature tables and a fake kernel
// that records the memref descriptors it receives.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runtime/AbiTable.h"
#include "attnc/Runtime/attnc_abi.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

// One dimension of a table entry: a static extent or a symbol, plus a role.
struct Dim {
  int64_t extent;
  int64_t role;
};

Dim fixed(int64_t extent, int64_t role = ATTNC_ROLE_OTHER) {
  return {extent, role};
}
Dim sym(int64_t symbol, int64_t role) { return {-1 - symbol, role}; }

// Builds a signature table in the format of AbiTable.h.
class Table {
public:
  Table &param(int64_t kind, int64_t dtype, std::initializer_list<Dim> dims,
               int64_t content = ATTNC_CONTENT_ANY) {
    words_.push_back(kind);
    words_.push_back(dtype);
    words_.push_back(content);
    words_.push_back(static_cast<int64_t>(dims.size()));
    for (const Dim &d : dims) {
      words_.push_back(d.extent);
      words_.push_back(d.role);
    }
    ++count_;
    return *this;
  }
  Table &in(int64_t dtype, std::initializer_list<Dim> dims) {
    return param(ATTNC_PARAM_INPUT, dtype, dims);
  }
  Table &treeParents(int64_t dtype, std::initializer_list<Dim> dims) {
    return param(ATTNC_PARAM_INPUT, dtype, dims, ATTNC_CONTENT_TREE_PARENTS);
  }
  Table &out(int64_t dtype, std::initializer_list<Dim> dims) {
    return param(ATTNC_PARAM_OUTPUT, dtype, dims);
  }
  // Header words first; the count is only known once all params are added.
  std::vector<int64_t> build() const {
    std::vector<int64_t> t = {ATTNC_ABI_TABLE_VERSION, count_};
    t.insert(t.end(), words_.begin(), words_.end());
    return t;
  }

private:
  std::vector<int64_t> words_;
  int64_t count_ = 0;
};

// A tensor over `data` with contiguous row-major strides.
attnc_tensor tensor(void *data, int32_t dtype,
                    std::initializer_list<int64_t> shape) {
  attnc_tensor t;
  std::memset(&t, 0, sizeof t);
  t.data = data;
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(shape.size());
  int i = 0;
  for (int64_t e : shape)
    t.shape[i++] = e;
  int64_t stride = 1;
  for (int d = t.rank - 1; d >= 0; --d) {
    t.strides[d] = stride;
    stride *= t.shape[d];
  }
  return t;
}

// What the fake kernel saw in one descriptor.
struct SeenDesc {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = -1;
  std::vector<int64_t> sizes, strides;
};

int gCalls = 0;
std::vector<int> gRanks; // rank of each parameter, set before the call
std::vector<SeenDesc> gSeen;

// Decodes descriptors while they are still alive (they live on the runtime's
// stack). The layout is MLIR's: two pointers, offset, sizes, strides.
void record(std::initializer_list<void *> descs) {
  ++gCalls;
  gSeen.clear();
  size_t i = 0;
  for (void *p : descs) {
    SeenDesc s;
    char *bytes = static_cast<char *>(p);
    std::memcpy(&s.allocated, bytes, sizeof(void *));
    std::memcpy(&s.aligned, bytes + sizeof(void *), sizeof(void *));
    std::memcpy(&s.offset, bytes + 2 * sizeof(void *), sizeof(int64_t));
    int rank = i < gRanks.size() ? gRanks[i] : 0;
    const char *dims = bytes + 2 * sizeof(void *) + sizeof(int64_t);
    for (int d = 0; d < rank; ++d) {
      int64_t size, stride;
      std::memcpy(&size, dims + d * sizeof(int64_t), sizeof size);
      std::memcpy(&stride, dims + (rank + d) * sizeof(int64_t), sizeof stride);
      s.sizes.push_back(size);
      s.strides.push_back(stride);
    }
    gSeen.push_back(s);
    ++i;
  }
}

template <typename... Ptrs> void fakeKernel(Ptrs... descs) {
  record({descs...});
}

template <size_t> using VoidPtr = void *;

template <size_t... I> void *kernelOfArity(std::index_sequence<I...>) {
  return reinterpret_cast<void *>(&fakeKernel<VoidPtr<I>...>);
}

// The fake kernel taking exactly n descriptor pointers.
template <size_t N> void *kernel() {
  return kernelOfArity(std::make_index_sequence<N>());
}

void *kernelFor(int n) {
  static void *const kernels[] = {
      nullptr,      kernel<1>(),  kernel<2>(),  kernel<3>(),  kernel<4>(),
      kernel<5>(),  kernel<6>(),  kernel<7>(),  kernel<8>(),  kernel<9>(),
      kernel<10>(), kernel<11>(), kernel<12>(), kernel<13>(), kernel<14>(),
      kernel<15>(), kernel<16>()};
  return kernels[n];
}

// Calls the runtime with a fake kernel of the table's arity.
int32_t invoke(const std::vector<int64_t> &table, const char *names,
               std::initializer_list<const attnc_tensor *> args) {
  std::vector<const void *> ptrs(args.begin(), args.end());
  gRanks.clear();
  for (const attnc_tensor *t : args)
    gRanks.push_back(t ? t->rank : 0);
  int n = static_cast<int>(table[1]);
  return attnc_rt_invoke(table.data(), names, ptrs.data(),
                         kernelFor(n >= 1 && n <= 16 ? n : 1));
}

std::string lastError() { return attnc_rt_last_error(); }

// The common fixture: q, k, out of shape [L, 4], [S, 4], [L, 4], f32.
class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    gCalls = 0;
    gSeen.clear();
    table = Table()
                .in(ATTNC_F32, {sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN),
                                fixed(4, ATTNC_ROLE_HEAD_DIM)})
                .in(ATTNC_F32, {sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN),
                                fixed(4, ATTNC_ROLE_HEAD_DIM)})
                .out(ATTNC_F32, {sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN),
                                 fixed(4, ATTNC_ROLE_VALUE_DIM)})
                .build();
    q = tensor(qBuf, ATTNC_F32, {3, 4});
    k = tensor(kBuf, ATTNC_F32, {5, 4});
    out = tensor(outBuf, ATTNC_F32, {3, 4});
  }

  int32_t call() { return invoke(table, "q,k,out", {&q, &k, &out}); }

  // Checks a failing call: its code, a message fragment, and no kernel call.
  void expectError(int32_t code, const std::string &fragment) {
    gCalls = 0;
    int32_t rc = call();
    EXPECT_EQ(rc, code) << lastError();
    EXPECT_NE(lastError().find(fragment), std::string::npos)
        << "message: " << lastError() << "\nexpected to contain: "
        << fragment;
    EXPECT_EQ(gCalls, 0);
  }

  std::vector<int64_t> table;
  float qBuf[12] = {}, kBuf[20] = {}, outBuf[12] = {};
  attnc_tensor q, k, out;
};

//===----------------------------------------------------------------------===//
// Successful calls
//===----------------------------------------------------------------------===//

TEST_F(RuntimeTest, ValidCallWithThreeParamsReachesKernel) {
  ASSERT_EQ(call(), ATTNC_OK) << lastError();
  EXPECT_EQ(lastError(), "");
  ASSERT_EQ(gCalls, 1);
  ASSERT_EQ(gSeen.size(), 3u);
  void *data[] = {qBuf, kBuf, outBuf};
  std::vector<int64_t> sizes[] = {{3, 4}, {5, 4}, {3, 4}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(gSeen[i].allocated, data[i]) << i;
    EXPECT_EQ(gSeen[i].aligned, data[i]) << i;
    EXPECT_EQ(gSeen[i].offset, 0) << i;
    EXPECT_EQ(gSeen[i].sizes, sizes[i]) << i;
    EXPECT_EQ(gSeen[i].strides, (std::vector<int64_t>{4, 1})) << i;
  }
}

TEST(Runtime, ValidCallWithSixParamsReachesKernel) {
  // q [B, 4, L, 8], k/v [B, 2, S, 8], bias [L, S] bool, out [B, 4, L, 8],
  // lse [B, 4, L].
  auto table =
      Table()
          .in(ATTNC_F16, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                          fixed(4, ATTNC_ROLE_QUERY_HEADS),
                          sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN),
                          fixed(8, ATTNC_ROLE_HEAD_DIM)})
          .in(ATTNC_F16, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                          fixed(2, ATTNC_ROLE_KV_HEADS),
                          sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN),
                          fixed(8, ATTNC_ROLE_HEAD_DIM)})
          .in(ATTNC_F16, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                          fixed(2, ATTNC_ROLE_KV_HEADS),
                          sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN),
                          fixed(8, ATTNC_ROLE_VALUE_DIM)})
          .in(ATTNC_BOOL, {sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN),
                           sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
          .out(ATTNC_F16, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                           fixed(4, ATTNC_ROLE_QUERY_HEADS),
                           sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN),
                           fixed(8, ATTNC_ROLE_VALUE_DIM)})
          .out(ATTNC_F32, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                           fixed(4, ATTNC_ROLE_QUERY_HEADS),
                           sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN)})
          .build();
  const int64_t B = 2, L = 3, S = 5;
  std::vector<uint16_t> qBuf(B * 4 * L * 8), kBuf(B * 2 * S * 8),
      vBuf(B * 2 * S * 8), oBuf(B * 4 * L * 8);
  std::vector<uint8_t> biasBuf(L * S);
  std::vector<float> lseBuf(B * 4 * L);
  attnc_tensor q = tensor(qBuf.data(), ATTNC_F16, {B, 4, L, 8});
  attnc_tensor k = tensor(kBuf.data(), ATTNC_F16, {B, 2, S, 8});
  attnc_tensor v = tensor(vBuf.data(), ATTNC_F16, {B, 2, S, 8});
  attnc_tensor bias = tensor(biasBuf.data(), ATTNC_BOOL, {L, S});
  attnc_tensor o = tensor(oBuf.data(), ATTNC_F16, {B, 4, L, 8});
  attnc_tensor lse = tensor(lseBuf.data(), ATTNC_F32, {B, 4, L});

  gCalls = 0;
  ASSERT_EQ(invoke(table, "q,k,v,bias,out,lse", {&q, &k, &v, &bias, &o, &lse}),
            ATTNC_OK)
      << lastError();
  ASSERT_EQ(gCalls, 1);
  ASSERT_EQ(gSeen.size(), 6u);
  const attnc_tensor *all[] = {&q, &k, &v, &bias, &o, &lse};
  for (int i = 0; i < 6; ++i) {
    const attnc_tensor *t = all[i];
    EXPECT_EQ(gSeen[i].allocated, t->data) << i;
    EXPECT_EQ(gSeen[i].aligned, t->data) << i;
    EXPECT_EQ(gSeen[i].offset, 0) << i;
    EXPECT_EQ(gSeen[i].sizes,
              std::vector<int64_t>(t->shape, t->shape + t->rank))
        << i;
    EXPECT_EQ(gSeen[i].strides,
              std::vector<int64_t>(t->strides, t->strides + t->rank))
        << i;
  }
  EXPECT_EQ(gSeen[5].sizes, (std::vector<int64_t>{2, 4, 3}));
  EXPECT_EQ(gSeen[5].strides, (std::vector<int64_t>{12, 3, 1}));
}

// Every arity the runtime dispatches on passes descriptors in order.
TEST(Runtime, EveryArityPassesDescriptorsInOrder) {
  float bufs[ATTNC_MAX_PARAMS][2] = {};
  for (int n = 1; n <= ATTNC_MAX_PARAMS; ++n) {
    Table builder;
    std::vector<attnc_tensor> tensors;
    std::vector<const void *> args;
    gRanks.clear();
    for (int i = 0; i < n; ++i) {
      builder.param(i == n - 1 ? ATTNC_PARAM_OUTPUT : ATTNC_PARAM_INPUT,
                    ATTNC_F32, {fixed(2)});
      tensors.push_back(tensor(bufs[i], ATTNC_F32, {2}));
      gRanks.push_back(1);
    }
    for (const attnc_tensor &t : tensors)
      args.push_back(&t);
    auto table = builder.build();
    gCalls = 0;
    ASSERT_EQ(attnc_rt_invoke(table.data(), nullptr, args.data(), kernelFor(n)),
              ATTNC_OK)
        << "n=" << n << ": " << lastError();
    ASSERT_EQ(gCalls, 1) << n;
    ASSERT_EQ(gSeen.size(), static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(gSeen[i].aligned, bufs[i]) << "n=" << n << " i=" << i;
      EXPECT_EQ(gSeen[i].sizes, (std::vector<int64_t>{2}));
    }
  }
}

TEST_F(RuntimeTest, TransposedInputStridesAccepted) {
  // k stored as [4, S] and viewed as [S, 4].
  k.strides[0] = 1;
  k.strides[1] = 5;
  ASSERT_EQ(call(), ATTNC_OK) << lastError();
  ASSERT_EQ(gCalls, 1);
  EXPECT_EQ(gSeen[1].strides, (std::vector<int64_t>{1, 5}));
  EXPECT_EQ(gSeen[1].sizes, (std::vector<int64_t>{5, 4}));
}

TEST_F(RuntimeTest, TransposedOutputStridesAccepted) {
  out.strides[0] = 1;
  out.strides[1] = 3;
  EXPECT_EQ(call(), ATTNC_OK) << lastError();
  EXPECT_EQ(gCalls, 1);
}

TEST_F(RuntimeTest, BroadcastInputStrideAccepted) {
  // Stride 0 on an input reads one row for every query: fine for inputs.
  q.strides[0] = 0;
  EXPECT_EQ(call(), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, PaddedStridesAccepted) {
  float big[64] = {};
  q = tensor(big, ATTNC_F32, {3, 4});
  q.strides[0] = 16; // rows padded to 16 elements
  EXPECT_EQ(call(), ATTNC_OK) << lastError();
  EXPECT_EQ(gSeen[0].strides, (std::vector<int64_t>{16, 1}));
}

TEST_F(RuntimeTest, ZeroElementTensorWithNullDataAccepted) {
  // An empty key sequence: k is [0, 4] with no storage.
  k = tensor(nullptr, ATTNC_F32, {0, 4});
  ASSERT_EQ(call(), ATTNC_OK) << lastError();
  ASSERT_EQ(gCalls, 1);
  EXPECT_EQ(gSeen[1].aligned, nullptr);
  EXPECT_EQ(gSeen[1].sizes, (std::vector<int64_t>{0, 4}));
}

TEST_F(RuntimeTest, ZeroElementOutputsNeverAlias) {
  q = tensor(qBuf, ATTNC_F32, {0, 4});
  out = tensor(qBuf, ATTNC_F32, {0, 4}); // same pointer, but nothing written
  out.strides[0] = 0;                    // nor can empty outputs self-overlap
  EXPECT_EQ(call(), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, UnitDimsIgnoredForOutputOverlap) {
  table = Table()
              .in(ATTNC_F32, {fixed(4)})
              .out(ATTNC_F32, {fixed(1), fixed(4), fixed(1)})
              .build();
  attnc_tensor in = tensor(qBuf, ATTNC_F32, {4});
  out = tensor(outBuf, ATTNC_F32, {1, 4, 1});
  out.strides[0] = 0;
  out.strides[2] = 0;
  gRanks = {1, 3};
  EXPECT_EQ(invoke(table, "in,out", {&in, &out}), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, AdjacentBuffersDoNotAlias) {
  float shared[24] = {};
  q = tensor(shared, ATTNC_F32, {3, 4});
  out = tensor(shared + 12, ATTNC_F32, {3, 4});
  EXPECT_EQ(call(), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, SymbolsBindAcrossTensors) {
  // q and out share the query length; k has its own key length.
  q = tensor(qBuf, ATTNC_F32, {2, 4});
  out = tensor(outBuf, ATTNC_F32, {2, 4});
  k = tensor(kBuf, ATTNC_F32, {5, 4});
  EXPECT_EQ(call(), ATTNC_OK) << lastError();

  out = tensor(outBuf, ATTNC_F32, {3, 4});
  expectError(ATTNC_ERROR_SHAPE,
              "'out' dimension 0 (query length) is 3, but 'q' has 2");
}

TEST_F(RuntimeTest, SymbolSharedByOneTensorsDims) {
  table = Table()
              .in(ATTNC_BOOL, {sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN),
                               sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
              .out(ATTNC_F32, {sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
              .build();
  uint8_t mask[12] = {};
  attnc_tensor m = tensor(mask, ATTNC_BOOL, {3, 3});
  out = tensor(outBuf, ATTNC_F32, {3});
  EXPECT_EQ(invoke(table, "mask,out", {&m, &out}), ATTNC_OK) << lastError();
  m = tensor(mask, ATTNC_BOOL, {3, 4});
  EXPECT_EQ(invoke(table, "mask,out", {&m, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_NE(lastError().find("'mask' dimension 1 (key length) is 4"),
            std::string::npos)
      << lastError();
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(RuntimeTest, NullArgument) {
  attnc_tensor *none = nullptr;
  EXPECT_EQ(invoke(table, "q,k,out", {&q, none, &out}),
            ATTNC_ERROR_NULL_POINTER);
  EXPECT_EQ(lastError(), "argument 'k' is NULL");
  EXPECT_EQ(gCalls, 0);
}

TEST_F(RuntimeTest, NullDataPointer) {
  q.data = nullptr;
  expectError(ATTNC_ERROR_NULL_POINTER, "'q' has a NULL data pointer");
}

TEST_F(RuntimeTest, DtypeMismatch) {
  q.dtype = ATTNC_F16;
  expectError(ATTNC_ERROR_DTYPE, "'q' has dtype f16, expected f32");
}

TEST_F(RuntimeTest, DtypeNamesAllTypes) {
  const char *names[] = {"f32", "f16", "bf16", "i8", "i16", "i32", "i64",
                         "bool"};
  for (int dt = ATTNC_F16; dt <= ATTNC_BOOL; ++dt) {
    out.dtype = dt;
    expectError(ATTNC_ERROR_DTYPE, std::string("'out' has dtype ") +
                                       names[dt] + ", expected f32");
  }
}

TEST_F(RuntimeTest, UnknownDtypePrintedAsNumber) {
  k.dtype = 42;
  expectError(ATTNC_ERROR_DTYPE, "'k' has dtype 42, expected f32");
}

TEST_F(RuntimeTest, RankMismatch) {
  table = Table()
              .in(ATTNC_F32, {fixed(2), fixed(3), fixed(4)})
              .out(ATTNC_F32, {fixed(4)})
              .build();
  attnc_tensor bias = tensor(qBuf, ATTNC_F32, {3, 4});
  out = tensor(outBuf, ATTNC_F32, {4});
  EXPECT_EQ(invoke(table, "bias,out", {&bias, &out}), ATTNC_ERROR_RANK);
  EXPECT_EQ(lastError(), "'bias' has rank 2, expected 3");
  EXPECT_EQ(gCalls, 0);
}

TEST_F(RuntimeTest, NegativeExtent) {
  q.shape[0] = -3;
  expectError(ATTNC_ERROR_SHAPE, "'q' dimension 0 (query length) is -3");
}

TEST_F(RuntimeTest, StaticExtentMismatch) {
  k.shape[1] = 8;
  k.strides[0] = 8;
  expectError(ATTNC_ERROR_SHAPE, "'k' dimension 1 (head dim) is 8, expected 4");
}

TEST_F(RuntimeTest, StaticExtentMismatchWithoutRole) {
  table = Table().out(ATTNC_F32, {fixed(4)}).build();
  out = tensor(outBuf, ATTNC_F32, {5});
  EXPECT_EQ(invoke(table, "out", {&out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'out' dimension 0 is 5, expected 4");
}

TEST(Runtime, HeadCountMismatch) {
  auto table = Table()
                   .in(ATTNC_F32, {fixed(4, ATTNC_ROLE_QUERY_HEADS),
                                   fixed(2, ATTNC_ROLE_HEAD_DIM)})
                   .in(ATTNC_F32, {fixed(1, ATTNC_ROLE_BATCH),
                                   fixed(2, ATTNC_ROLE_KV_HEADS)})
                   .out(ATTNC_F32, {fixed(4, ATTNC_ROLE_QUERY_HEADS),
                                    fixed(2, ATTNC_ROLE_VALUE_DIM)})
                   .build();
  float a[8] = {}, b[8] = {}, c[8] = {};
  attnc_tensor q = tensor(a, ATTNC_F32, {4, 2});
  attnc_tensor k = tensor(b, ATTNC_F32, {1, 4});
  attnc_tensor o = tensor(c, ATTNC_F32, {4, 2});
  gCalls = 0;
  EXPECT_EQ(invoke(table, "q,k,out", {&q, &k, &o}), ATTNC_ERROR_HEADS);
  EXPECT_EQ(lastError(), "'k' dimension 1 (kv heads) is 4, expected 2");

  k = tensor(b, ATTNC_F32, {1, 2});
  q = tensor(a, ATTNC_F32, {3, 2});
  EXPECT_EQ(invoke(table, "q,k,out", {&q, &k, &o}), ATTNC_ERROR_HEADS);
  EXPECT_EQ(lastError(), "'q' dimension 0 (query heads) is 3, expected 4");
  EXPECT_EQ(gCalls, 0);
}

TEST(Runtime, KeyLengthSymbolMismatch) {
  auto table = Table()
                   .in(ATTNC_F32, {fixed(1, ATTNC_ROLE_BATCH),
                                   fixed(1, ATTNC_ROLE_KV_HEADS),
                                   sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
                   .in(ATTNC_F32, {fixed(1, ATTNC_ROLE_BATCH),
                                   fixed(1, ATTNC_ROLE_KV_HEADS),
                                   sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
                   .out(ATTNC_F32, {fixed(1)})
                   .build();
  std::vector<float> kBuf(120), vBuf(100), oBuf(1);
  attnc_tensor k = tensor(kBuf.data(), ATTNC_F32, {1, 1, 120});
  attnc_tensor v = tensor(vBuf.data(), ATTNC_F32, {1, 1, 100});
  attnc_tensor o = tensor(oBuf.data(), ATTNC_F32, {1});
  gCalls = 0;
  EXPECT_EQ(invoke(table, "k,v,out", {&k, &v, &o}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'v' dimension 2 (key length) is 100, but 'k' has 120");
  EXPECT_EQ(gCalls, 0);
}

// A packed input: `k floordiv 32` words per row, ceil(Lk / 32), checked
// against the key length that an earlier tensor bound.
TEST(Runtime, DividedExtentFollowsItsSymbol) {
  auto table =
      Table()
          .in(ATTNC_F32, {sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
          .in(ATTNC_I32, {{attnc_abi_symbolic_extent(ATTNC_SYM_KEY_LEN, 32),
                           ATTNC_ROLE_OTHER}})
          .out(ATTNC_F32, {fixed(1)})
          .build();
  EXPECT_EQ(attnc_abi_extent_symbol(table[12]), ATTNC_SYM_KEY_LEN);
  EXPECT_EQ(attnc_abi_extent_divisor(table[12]), 32);
  std::vector<float> kBuf(131), oBuf(1);
  std::vector<int32_t> bitsBuf(5);
  attnc_tensor k = tensor(kBuf.data(), ATTNC_F32, {131});
  attnc_tensor bits = tensor(bitsBuf.data(), ATTNC_I32, {5});
  attnc_tensor o = tensor(oBuf.data(), ATTNC_F32, {1});
  gCalls = 0;
  EXPECT_EQ(invoke(table, "k,bits,out", {&k, &bits, &o}), ATTNC_OK);
  EXPECT_EQ(gCalls, 1);
  bits = tensor(bitsBuf.data(), ATTNC_I32, {4});
  EXPECT_EQ(invoke(table, "k,bits,out", {&k, &bits, &o}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'bits' dimension 0 is 4, expected 5 (131 from 'k', "
                         "divided by 32, rounding up)");
  // 128 keys fill exactly 4 words.
  k = tensor(kBuf.data(), ATTNC_F32, {128});
  EXPECT_EQ(invoke(table, "k,bits,out", {&k, &bits, &o}), ATTNC_OK);
  EXPECT_EQ(gCalls, 2);
}

// A packed input may come before the tensor that binds its length.
TEST(Runtime, DividedExtentBeforeItsSymbol) {
  auto table =
      Table()
          .in(ATTNC_I32, {{attnc_abi_symbolic_extent(ATTNC_SYM_KEY_LEN, 8),
                           ATTNC_ROLE_OTHER}})
          .in(ATTNC_F32, {sym(ATTNC_SYM_KEY_LEN, ATTNC_ROLE_KEY_LEN)})
          .out(ATTNC_F32, {fixed(1)})
          .build();
  std::vector<int32_t> bitsBuf(3);
  std::vector<float> kBuf(17), oBuf(1);
  attnc_tensor bits = tensor(bitsBuf.data(), ATTNC_I32, {3});
  attnc_tensor k = tensor(kBuf.data(), ATTNC_F32, {17});
  attnc_tensor o = tensor(oBuf.data(), ATTNC_F32, {1});
  gCalls = 0;
  EXPECT_EQ(invoke(table, "bits,k,out", {&bits, &k, &o}), ATTNC_OK);
  EXPECT_EQ(gCalls, 1);
  bits = tensor(bitsBuf.data(), ATTNC_I32, {2});
  EXPECT_EQ(invoke(table, "bits,k,out", {&bits, &k, &o}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'bits' dimension 0 is 2, expected 3 (17 from 'k', "
                         "divided by 8, rounding up)");
}

// A length used only divided is never bound: the table is bad.
TEST(Runtime, DividedExtentWithoutItsSymbolIsABadTable) {
  auto table =
      Table()
          .in(ATTNC_I32, {{attnc_abi_symbolic_extent(ATTNC_SYM_KEY_LEN, 8),
                           ATTNC_ROLE_OTHER}})
          .out(ATTNC_F32, {fixed(1)})
          .build();
  std::vector<int32_t> bitsBuf(2);
  std::vector<float> oBuf(1);
  attnc_tensor bits = tensor(bitsBuf.data(), ATTNC_I32, {2});
  attnc_tensor o = tensor(oBuf.data(), ATTNC_F32, {1});
  EXPECT_EQ(invoke(table, "bits,out", {&bits, &o}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "internal: bad signature table");
}

TEST_F(RuntimeTest, NegativeStride) {
  k.strides[0] = -4;
  expectError(ATTNC_ERROR_STRIDES, "'k' dimension 0 (key length) has stride "
                                   "-4");
}

TEST_F(RuntimeTest, NegativeStrideOnEmptyTensor) {
  k = tensor(nullptr, ATTNC_F32, {0, 4});
  k.strides[1] = -1;
  expectError(ATTNC_ERROR_STRIDES, "'k' dimension 1 (head dim) has stride -1");
}

TEST_F(RuntimeTest, OutputZeroStrideOverlaps) {
  out.strides[0] = 0;
  expectError(ATTNC_ERROR_STRIDES, "'out' has overlapping strides");
}

TEST_F(RuntimeTest, OutputShortStrideOverlaps) {
  out.strides[0] = 3; // rows of 4 elements, 3 apart
  expectError(ATTNC_ERROR_STRIDES, "'out' has overlapping strides");
}

TEST_F(RuntimeTest, OutputEqualStridesOverlap) {
  out.strides[0] = 1;
  out.strides[1] = 1;
  expectError(ATTNC_ERROR_STRIDES, "'out' has overlapping strides");
}

TEST_F(RuntimeTest, OutputAliasesInput) {
  out.data = qBuf;
  expectError(ATTNC_ERROR_ALIASING, "'out' overlaps 'q'");
}

TEST_F(RuntimeTest, OutputPartiallyOverlapsInput) {
  float shared[24] = {};
  k = tensor(shared, ATTNC_F32, {5, 4}); // elements [0, 20)
  out = tensor(shared + 19, ATTNC_F32, {1, 4});
  q = tensor(qBuf, ATTNC_F32, {1, 4});
  expectError(ATTNC_ERROR_ALIASING, "'out' overlaps 'k'");
}

TEST_F(RuntimeTest, StridedOutputSpanOverlapsInput) {
  // The output's span, not just its element count, decides: out has 3 rows
  // 8 apart, so it reaches element 19 of `shared` where k begins.
  float shared[40] = {};
  out = tensor(shared, ATTNC_F32, {3, 4});
  out.strides[0] = 8;
  k = tensor(shared + 19, ATTNC_F32, {5, 4});
  expectError(ATTNC_ERROR_ALIASING, "'out' overlaps 'k'");
}

TEST(Runtime, OutputsOverlapEachOther) {
  auto table = Table()
                   .in(ATTNC_F32, {fixed(2)})
                   .out(ATTNC_F32, {fixed(4)})
                   .out(ATTNC_F32, {fixed(2)})
                   .build();
  float in[2] = {}, shared[8] = {};
  attnc_tensor a = tensor(in, ATTNC_F32, {2});
  attnc_tensor o = tensor(shared, ATTNC_F32, {4});
  attnc_tensor lse = tensor(shared + 2, ATTNC_F32, {2});
  gCalls = 0;
  EXPECT_EQ(invoke(table, "in,out,lse", {&a, &o, &lse}), ATTNC_ERROR_ALIASING);
  EXPECT_EQ(lastError(), "'out' overlaps 'lse'");
  EXPECT_EQ(gCalls, 0);
}

// Tree parents: per row of the last dim, -1 or an earlier node.
TEST(Runtime, TreeParentsMustPrecedeTheirNodes) {
  auto table = Table()
                   .treeParents(ATTNC_I32, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                                            sym(ATTNC_SYM_QUERY_LEN,
                                                ATTNC_ROLE_QUERY_LEN)})
                   .out(ATTNC_F32, {fixed(1)})
                   .build();
  float res[1] = {};
  attnc_tensor o = tensor(res, ATTNC_F32, {1});
  auto call = [&](std::vector<int32_t> parents, int64_t rows) {
    attnc_tensor p = tensor(parents.data(), ATTNC_I32,
                            {rows, int64_t(parents.size()) / rows});
    gCalls = 0;
    return invoke(table, "parent,out", {&p, &o});
  };
  // Two rows of a valid tree: a chain and a fan.
  EXPECT_EQ(call({-1, 0, 1, 2, -1, 0, 0, 0}, 2), ATTNC_OK);
  EXPECT_EQ(gCalls, 1);
  // A cycle 1 -> 2 -> 1 in the second row.
  EXPECT_EQ(call({-1, 0, 1, 2, -1, 2, 1, 0}, 2), ATTNC_ERROR_VALUE);
  EXPECT_EQ(lastError(), "'parent' row 1: the parent of node 1 is 2; a parent "
                         "must be -1 or an earlier node (no cycles)");
  EXPECT_EQ(gCalls, 0);
  // A self-loop, and a parent below -1.
  EXPECT_EQ(call({0}, 1), ATTNC_ERROR_VALUE);
  EXPECT_EQ(call({-1, -2}, 1), ATTNC_ERROR_VALUE);
  // A parent past the end (and so not earlier).
  EXPECT_EQ(call({-1, 5}, 1), ATTNC_ERROR_VALUE);
}

TEST(Runtime, TreeParentsOfNarrowTypes) {
  auto table = Table()
                   .treeParents(ATTNC_I8, {fixed(4)})
                   .out(ATTNC_F32, {fixed(1)})
                   .build();
  float res[1] = {};
  attnc_tensor o = tensor(res, ATTNC_F32, {1});
  int8_t good[4] = {-1, 0, 1, 1}, bad[4] = {-1, 0, 3, 1};
  attnc_tensor g = tensor(good, ATTNC_I8, {4}), b = tensor(bad, ATTNC_I8, {4});
  EXPECT_EQ(invoke(table, "parent,out", {&g, &o}), ATTNC_OK);
  EXPECT_EQ(invoke(table, "parent,out", {&b, &o}), ATTNC_ERROR_VALUE);
  EXPECT_EQ(lastError(), "'parent' row 0: the parent of node 2 is 3; a parent "
                         "must be -1 or an earlier node (no cycles)");
}

TEST(Runtime, TreeParentsFollowStrides) {
  // Node dim strided by 2 over i64: the odd elements are not parents.
  auto table = Table()
                   .treeParents(ATTNC_I64, {fixed(3)})
                   .out(ATTNC_F32, {fixed(1)})
                   .build();
  int64_t parents[6] = {-1, 99, 0, 99, 1, 99};
  attnc_tensor p = tensor(parents, ATTNC_I64, {3});
  p.strides[0] = 2;
  float res[1] = {};
  attnc_tensor o = tensor(res, ATTNC_F32, {1});
  EXPECT_EQ(invoke(table, "parent,out", {&p, &o}), ATTNC_OK);
  parents[4] = 2;
  EXPECT_EQ(invoke(table, "parent,out", {&p, &o}), ATTNC_ERROR_VALUE);
}

TEST(Runtime, InputsMayAliasEachOther) {
  auto table = Table()
                   .in(ATTNC_F32, {fixed(4)})
                   .in(ATTNC_F32, {fixed(4)})
                   .out(ATTNC_F32, {fixed(4)})
                   .build();
  float in[4] = {}, res[4] = {};
  attnc_tensor a = tensor(in, ATTNC_F32, {4});
  attnc_tensor o = tensor(res, ATTNC_F32, {4});
  EXPECT_EQ(invoke(table, "k,v,out", {&a, &a, &o}), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, ElementSizeUsedForOverlap) {
  // An i64 output of 2 elements spans 16 bytes: an i8 at byte 15 overlaps
  // it, one at byte 16 does not.
  table = Table()
              .in(ATTNC_I8, {fixed(1)})
              .out(ATTNC_I64, {fixed(2)})
              .build();
  alignas(8) unsigned char bytes[32] = {};
  attnc_tensor in = tensor(bytes + 15, ATTNC_I8, {1});
  attnc_tensor o = tensor(bytes, ATTNC_I64, {2});
  EXPECT_EQ(invoke(table, "in,out", {&in, &o}), ATTNC_ERROR_ALIASING);
  EXPECT_EQ(lastError(), "'out' overlaps 'in'");
  in.data = bytes + 16;
  EXPECT_EQ(invoke(table, "in,out", {&in, &o}), ATTNC_OK) << lastError();
}

TEST_F(RuntimeTest, ExtentProductTooLarge) {
  table = Table()
              .in(ATTNC_F32, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH),
                              sym(ATTNC_SYM_QUERY_LEN, ATTNC_ROLE_QUERY_LEN)})
              .out(ATTNC_F32, {fixed(1)})
              .build();
  attnc_tensor x = tensor(qBuf, ATTNC_F32, {1, 1});
  x.shape[0] = int64_t(1) << 40;
  x.shape[1] = int64_t(1) << 40;
  x.strides[0] = 0;
  x.strides[1] = 0;
  out = tensor(outBuf, ATTNC_F32, {1});
  EXPECT_EQ(invoke(table, "x,out", {&x, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'x' is too large");
}

TEST_F(RuntimeTest, StrideSpanTooLarge) {
  table = Table()
              .in(ATTNC_F32, {sym(ATTNC_SYM_BATCH, ATTNC_ROLE_BATCH)})
              .out(ATTNC_F32, {fixed(1)})
              .build();
  attnc_tensor x = tensor(qBuf, ATTNC_F32, {3});
  x.strides[0] = INT64_MAX / 2 + 1;
  out = tensor(outBuf, ATTNC_F32, {1});
  EXPECT_EQ(invoke(table, "x,out", {&x, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'x' is too large");

  // Fits in elements but not in bytes.
  x.strides[0] = INT64_MAX / 4;
  EXPECT_EQ(invoke(table, "x,out", {&x, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), "'x' is too large");
}

TEST_F(RuntimeTest, FirstFailingParameterWins) {
  q.dtype = ATTNC_I32;
  k.shape[1] = 5;
  out.data = nullptr;
  expectError(ATTNC_ERROR_DTYPE, "'q' has dtype i32, expected f32");
}

TEST_F(RuntimeTest, ChecksWithinParameterInOrder) {
  // dtype before rank before shape before data before strides.
  out.dtype = ATTNC_BF16;
  out.rank = 3;
  out.shape[0] = -1;
  out.data = nullptr;
  out.strides[1] = -1;
  expectError(ATTNC_ERROR_DTYPE, "'out' has dtype bf16");
  out.dtype = ATTNC_F32;
  expectError(ATTNC_ERROR_RANK, "'out' has rank 3, expected 2");
  out.rank = 2;
  expectError(ATTNC_ERROR_SHAPE, "'out' dimension 0 (query length) is -1");
  out.shape[0] = 3;
  expectError(ATTNC_ERROR_NULL_POINTER, "'out' has a NULL data pointer");
  out.data = outBuf;
  expectError(ATTNC_ERROR_STRIDES, "'out' dimension 1 (value head dim) has "
                                   "stride -1");
}

TEST_F(RuntimeTest, BadSignatureTable) {
  std::vector<int64_t> good = table;
  const char *msg = "internal: bad signature table";

  table[0] = ATTNC_ABI_TABLE_VERSION + 1;
  expectError(ATTNC_ERROR_SHAPE, msg);

  table = good;
  table[1] = 0;
  EXPECT_EQ(invoke(table, "q,k,out", {&q, &k, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), msg);

  table[1] = ATTNC_MAX_PARAMS + 1;
  EXPECT_EQ(invoke(table, "q,k,out", {&q, &k, &out}), ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), msg);

  table = good;
  table[2] = 7; // kind of the first param
  expectError(ATTNC_ERROR_SHAPE, msg);

  table = good;
  table[4] = ATTNC_MAX_RANK + 1; // rank of the first param
  expectError(ATTNC_ERROR_SHAPE, msg);

  EXPECT_EQ(attnc_rt_invoke(nullptr, "", nullptr, kernelFor(1)),
            ATTNC_ERROR_SHAPE);
  EXPECT_EQ(lastError(), msg);
}

TEST_F(RuntimeTest, MissingNamesFallBackToIndex) {
  k.dtype = ATTNC_I8;
  EXPECT_EQ(invoke(table, "q", {&q, &k, &out}), ATTNC_ERROR_DTYPE);
  EXPECT_EQ(lastError(), "'arg1' has dtype i8, expected f32");
  EXPECT_EQ(invoke(table, nullptr, {&q, &k, &out}), ATTNC_ERROR_DTYPE);
  EXPECT_EQ(lastError(), "'arg1' has dtype i8, expected f32");
}

TEST_F(RuntimeTest, ErrorClearedAfterSuccess) {
  q.dtype = ATTNC_F16;
  expectError(ATTNC_ERROR_DTYPE, "'q' has dtype f16");
  EXPECT_FALSE(lastError().empty());
  q.dtype = ATTNC_F32;
  EXPECT_EQ(call(), ATTNC_OK);
  EXPECT_EQ(lastError(), "");
}

TEST_F(RuntimeTest, ErrorIsPerThread) {
  q.dtype = ATTNC_F16;
  expectError(ATTNC_ERROR_DTYPE, "'q' has dtype f16");
  std::string other = "unset";
  std::thread([&] { other = attnc_rt_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_NE(lastError().find("'q' has dtype f16"), std::string::npos);
}

} // namespace
