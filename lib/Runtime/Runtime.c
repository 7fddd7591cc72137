/*===- Runtime.c - argument validation and dispatch for attnc kernels ------===*
 *
 * Linked statically into every library that attnc emits. Each generated
 * entry point forwards its tensor descriptors here together with a signature
 * table (see AbiTable.h); this file checks them against the table, turns them
 * into MLIR memref descriptors and calls the compiled kernel.
 *
 *===----------------------------------------------------------------------===*/

#include "attnc/Runtime/AbiTable.h"
#include "attnc/Runtime/attnc_abi.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Per thread, so concurrent calls on different threads keep their own
 * message, as the ABI promises. */
static _Thread_local char attnc_rt_error_buf[512];

/* One parameter of the signature table, unpacked. */
typedef struct param_spec {
  int64_t kind;
  int64_t dtype;
  int64_t content; /* ATTNC_CONTENT_* */
  int64_t rank;
  int64_t extent[ATTNC_MAX_RANK]; /* >= 0 static, < 0 symbol -1 - extent */
  int64_t role[ATTNC_MAX_RANK];
} param_spec;

/* What the checks learn about one argument and later steps reuse. */
typedef struct param_info {
  int64_t numel;
  uintptr_t begin, end; /* byte range [begin, end); only if numel > 0 */
} param_info;

/* The MLIR ranked memref descriptor of the largest rank. Lower ranks use a
 * prefix: sizes occupy words [0, r) of `dims` and strides words [r, 2r),
 * exactly the layout of the rank-r descriptor. */
typedef struct memref_desc {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t dims[2 * ATTNC_MAX_RANK];
} memref_desc;

static int32_t fail(int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int32_t fail(int32_t code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(attnc_rt_error_buf, sizeof attnc_rt_error_buf, fmt, ap);
  va_end(ap);
  return code;
}

static const char *dtype_name(int64_t dtype) {
  switch (dtype) {
  case ATTNC_F32: return "f32";
  case ATTNC_F16: return "f16";
  case ATTNC_BF16: return "bf16";
  case ATTNC_I8: return "i8";
  case ATTNC_I16: return "i16";
  case ATTNC_I32: return "i32";
  case ATTNC_I64: return "i64";
  case ATTNC_BOOL: return "bool";
  default: return NULL;
  }
}

/* Unknown codes come straight from the caller, so print them as numbers. */
static const char *dtype_str(int64_t dtype, char *buf, size_t size) {
  const char *name = dtype_name(dtype);
  if (name)
    return name;
  snprintf(buf, size, "%lld", (long long)dtype);
  return buf;
}

static int64_t dtype_size(int64_t dtype) {
  switch (dtype) {
  case ATTNC_F32: return 4;
  case ATTNC_F16: return 2;
  case ATTNC_BF16: return 2;
  case ATTNC_I8: return 1;
  case ATTNC_I16: return 2;
  case ATTNC_I32: return 4;
  case ATTNC_I64: return 8;
  case ATTNC_BOOL: return 1;
  default: return 0;
  }
}

static const char *role_name(int64_t role) {
  switch (role) {
  case ATTNC_ROLE_BATCH: return "batch";
  case ATTNC_ROLE_QUERY_HEADS: return "query heads";
  case ATTNC_ROLE_KV_HEADS: return "kv heads";
  case ATTNC_ROLE_QUERY_LEN: return "query length";
  case ATTNC_ROLE_KEY_LEN: return "key length";
  case ATTNC_ROLE_HEAD_DIM: return "head dim";
  case ATTNC_ROLE_VALUE_DIM: return "value head dim";
  default: return NULL;
  }
}

/* " (query heads)" after a dimension index, or nothing for ROLE_OTHER. */
static const char *role_suffix(int64_t role, char *buf, size_t size) {
  const char *name = role_name(role);
  if (!name)
    return "";
  snprintf(buf, size, " (%s)", name);
  return buf;
}

/* Copies the index-th comma-separated name into buf. Names only appear in
 * messages, so a short or missing list falls back to "argN" rather than
 * failing the call. */
static const char *param_name(const char *names, int64_t index, char *buf,
                              size_t size) {
  const char *p = names;
  for (int64_t i = 0; p && i < index; ++i) {
    while (*p && *p != ',')
      ++p;
    p = *p ? p + 1 : NULL;
  }
  size_t len = 0;
  if (p)
    while (p[len] && p[len] != ',')
      ++len;
  if (!p || len == 0) {
    snprintf(buf, size, "arg%lld", (long long)index);
    return buf;
  }
  snprintf(buf, size, "%.*s", (int)len, p);
  return buf;
}

/* Unpacks and sanity-checks the table, so that later steps may index by
 * kind, dtype, content, rank, symbol and role without further checks.
 * Returns the number of parameters, or 0 if the table is malformed. */
static int64_t parse_table(const int64_t *table, param_spec *specs) {
  if (!table || table[0] != ATTNC_ABI_TABLE_VERSION)
    return 0;
  int64_t n = table[1];
  if (n < 1 || n > ATTNC_MAX_PARAMS)
    return 0;
  const int64_t *p = table + 2;
  for (int64_t i = 0; i < n; ++i) {
    param_spec *s = &specs[i];
    s->kind = *p++;
    s->dtype = *p++;
    s->content = *p++;
    s->rank = *p++;
    if (s->kind != ATTNC_PARAM_INPUT && s->kind != ATTNC_PARAM_OUTPUT)
      return 0;
    if (s->content != ATTNC_CONTENT_ANY &&
        s->content != ATTNC_CONTENT_TREE_PARENTS)
      return 0;
    if (!dtype_name(s->dtype) || s->rank < 0 || s->rank > ATTNC_MAX_RANK)
      return 0;
    for (int64_t d = 0; d < s->rank; ++d) {
      s->extent[d] = *p++;
      s->role[d] = *p++;
      if (s->extent[d] < 0 &&
          attnc_abi_extent_divisor(s->extent[d]) > ((int64_t)1 << 32))
        return 0;
      if (s->role[d] < ATTNC_ROLE_OTHER || s->role[d] > ATTNC_ROLE_VALUE_DIM)
        return 0;
    }
  }
  return n;
}

/* Which tensor and dimension first fixed the value of a length symbol. */
typedef struct sym_binding {
  int bound;
  int64_t value;
  int64_t param;
} sym_binding;

/* Output elements must be distinct, or the kernel's writes would race or
 * clobber each other. The test is the usual sufficient one: with dims of
 * extent 1 dropped and the rest sorted by stride, each stride must step
 * past everything the smaller dims span. */
static int output_strides_overlap(const attnc_tensor *t) {
  int64_t stride[ATTNC_MAX_RANK], extent[ATTNC_MAX_RANK];
  int n = 0;
  for (int d = 0; d < t->rank; ++d) {
    if (t->shape[d] == 1)
      continue;
    /* Insertion sort; rank is at most ATTNC_MAX_RANK. */
    int j = n++;
    while (j > 0 && stride[j - 1] > t->strides[d]) {
      stride[j] = stride[j - 1];
      extent[j] = extent[j - 1];
      --j;
    }
    stride[j] = t->strides[d];
    extent[j] = t->shape[d];
  }
  for (int k = 0; k < n; ++k) {
    if (stride[k] == 0)
      return 1;
    if (k + 1 < n) {
      int64_t span;
      /* A product past int64 exceeds any stride, so that overlaps too. */
      if (__builtin_mul_overflow(stride[k], extent[k], &span) ||
          stride[k + 1] < span)
        return 1;
    }
  }
  return 0;
}

/* Checks the extents of `t` that are a runtime length divided by a constant
 * (rounding up), once every tensor has bound the lengths. */
static int32_t check_divided_extents(const param_spec *spec, const char *names,
                                     int64_t index, const attnc_tensor *t,
                                     const sym_binding *syms) {
  char name[128], other[128], role[32];
  for (int d = 0; d < t->rank; ++d) {
    int64_t want = spec->extent[d];
    int64_t divisor = want < 0 ? attnc_abi_extent_divisor(want) : 1;
    if (divisor == 1)
      continue;
    const sym_binding *sym = &syms[attnc_abi_extent_symbol(want)];
    if (!sym->bound)
      return fail(ATTNC_ERROR_SHAPE, "internal: bad signature table");
    int64_t expected = attnc_abi_divide_up(sym->value, divisor);
    if (t->shape[d] != expected)
      return fail(ATTNC_ERROR_SHAPE, "'%s' dimension %d%s is %lld, expected "
                  "%lld (%lld from '%s', divided by %lld, rounding up)",
                  param_name(names, index, name, sizeof name), d,
                  role_suffix(spec->role[d], role, sizeof role),
                  (long long)t->shape[d], (long long)expected,
                  (long long)sym->value,
                  param_name(names, sym->param, other, sizeof other),
                  (long long)divisor);
  }
  return ATTNC_OK;
}

/* Checks one argument against its spec, but for divided extents; on failure
 * stores the message and returns the error code. */
static int32_t check_param(const param_spec *spec, const char *names,
                           int64_t index, const attnc_tensor *t,
                           sym_binding *syms, param_info *info) {
  char name[128], other[128], role[32], got[24];

  if (!t)
    return fail(ATTNC_ERROR_NULL_POINTER, "argument '%s' is NULL",
                param_name(names, index, name, sizeof name));
  if (t->dtype != spec->dtype)
    return fail(ATTNC_ERROR_DTYPE, "'%s' has dtype %s, expected %s",
                param_name(names, index, name, sizeof name),
                dtype_str(t->dtype, got, sizeof got), dtype_name(spec->dtype));
  if (t->rank != spec->rank)
    return fail(ATTNC_ERROR_RANK, "'%s' has rank %d, expected %lld",
                param_name(names, index, name, sizeof name), (int)t->rank,
                (long long)spec->rank);

  int rank = t->rank;
  for (int d = 0; d < rank; ++d)
    if (t->shape[d] < 0)
      return fail(ATTNC_ERROR_SHAPE, "'%s' dimension %d%s is %lld, which is "
                  "negative",
                  param_name(names, index, name, sizeof name), d,
                  role_suffix(spec->role[d], role, sizeof role),
                  (long long)t->shape[d]);

  for (int d = 0; d < rank; ++d) {
    int64_t want = spec->extent[d];
    int64_t have = t->shape[d];
    if (want >= 0) {
      if (have == want)
        continue;
      int heads = spec->role[d] == ATTNC_ROLE_QUERY_HEADS ||
                  spec->role[d] == ATTNC_ROLE_KV_HEADS;
      return fail(heads ? ATTNC_ERROR_HEADS : ATTNC_ERROR_SHAPE,
                  "'%s' dimension %d%s is %lld, expected %lld",
                  param_name(names, index, name, sizeof name), d,
                  role_suffix(spec->role[d], role, sizeof role),
                  (long long)have, (long long)want);
    }
    /* Divided extents are checked once every length is bound. */
    if (attnc_abi_extent_divisor(want) > 1)
      continue;
    sym_binding *sym = &syms[attnc_abi_extent_symbol(want)];
    if (!sym->bound) {
      sym->bound = 1;
      sym->value = have;
      sym->param = index;
    } else if (sym->value != have) {
      return fail(ATTNC_ERROR_SHAPE, "'%s' dimension %d%s is %lld, but '%s' "
                  "has %lld",
                  param_name(names, index, name, sizeof name), d,
                  role_suffix(spec->role[d], role, sizeof role),
                  (long long)have,
                  param_name(names, sym->param, other, sizeof other),
                  (long long)sym->value);
    }
  }

  /* Element count, so that empty tensors may come without data. */
  int64_t numel = 1;
  for (int d = 0; d < rank; ++d)
    if (t->shape[d] == 0)
      numel = 0;
  for (int d = 0; d < rank && numel != 0; ++d)
    if (__builtin_mul_overflow(numel, t->shape[d], &numel))
      return fail(ATTNC_ERROR_SHAPE, "'%s' is too large",
                  param_name(names, index, name, sizeof name));
  info->numel = numel;

  if (!t->data && numel > 0)
    return fail(ATTNC_ERROR_NULL_POINTER, "'%s' has a NULL data pointer",
                param_name(names, index, name, sizeof name));

  for (int d = 0; d < rank; ++d)
    if (t->strides[d] < 0)
      return fail(ATTNC_ERROR_STRIDES, "'%s' dimension %d%s has stride %lld, "
                  "which is negative",
                  param_name(names, index, name, sizeof name), d,
                  role_suffix(spec->role[d], role, sizeof role),
                  (long long)t->strides[d]);

  if (numel == 0)
    return ATTNC_OK;

  /* Byte range touched: (sum (extent-1)*stride + 1) elements from data. */
  int64_t last = 0, bytes;
  for (int d = 0; d < rank; ++d) {
    int64_t step;
    if (__builtin_mul_overflow(t->shape[d] - 1, t->strides[d], &step) ||
        __builtin_add_overflow(last, step, &last))
      return fail(ATTNC_ERROR_SHAPE, "'%s' is too large",
                  param_name(names, index, name, sizeof name));
  }
  uintptr_t begin = (uintptr_t)t->data, end;
  if (__builtin_add_overflow(last, 1, &bytes) ||
      __builtin_mul_overflow(bytes, dtype_size(spec->dtype), &bytes) ||
      __builtin_add_overflow(begin, bytes, &end))
    return fail(ATTNC_ERROR_SHAPE, "'%s' is too large",
                param_name(names, index, name, sizeof name));
  info->begin = begin;
  info->end = end;

  if (spec->kind == ATTNC_PARAM_OUTPUT && output_strides_overlap(t))
    return fail(ATTNC_ERROR_STRIDES, "'%s' has overlapping strides",
                param_name(names, index, name, sizeof name));
  return ATTNC_OK;
}

/* An integer element of `t` at element offset `offset`. */
static int64_t int_at(const attnc_tensor *t, int64_t offset) {
  switch (t->dtype) {
  case ATTNC_I8: return ((const int8_t *)t->data)[offset];
  case ATTNC_I16: return ((const int16_t *)t->data)[offset];
  case ATTNC_I32: return ((const int32_t *)t->data)[offset];
  case ATTNC_I64: return ((const int64_t *)t->data)[offset];
  default: return ((const uint8_t *)t->data)[offset]; /* ATTNC_BOOL */
  }
}

/* ATTNC_CONTENT_TREE_PARENTS: along the last dim, each node's parent is -1
 * or an earlier node. Runs once per call, O(elements). */
static int32_t check_tree_parents(const char *names, int64_t index,
                                  const attnc_tensor *t) {
  char name[128];
  int rank = t->rank;
  int64_t nodes = rank ? t->shape[rank - 1] : 1;
  int64_t step = rank ? t->strides[rank - 1] : 0;
  int64_t rows = 1;
  for (int d = 0; d + 1 < rank; ++d)
    rows *= t->shape[d];
  for (int64_t row = 0; row < rows; ++row) {
    /* The offset of the row's first element, from its multi-index. */
    int64_t base = 0, rest = row;
    for (int d = rank - 2; d >= 0; --d) {
      base += (rest % t->shape[d]) * t->strides[d];
      rest /= t->shape[d];
    }
    for (int64_t i = 0; i < nodes; ++i) {
      int64_t parent = int_at(t, base + i * step);
      if (parent < -1 || parent >= i)
        return fail(ATTNC_ERROR_VALUE,
                    "'%s' row %lld: the parent of node %lld is %lld; a parent "
                    "must be -1 or an earlier node (no cycles)",
                    param_name(names, index, name, sizeof name),
                    (long long)row, (long long)i, (long long)parent);
    }
  }
  return ATTNC_OK;
}

typedef void (*kernel1)(void *);
typedef void (*kernel2)(void *, void *);
typedef void (*kernel3)(void *, void *, void *);
typedef void (*kernel4)(void *, void *, void *, void *);
typedef void (*kernel5)(void *, void *, void *, void *, void *);
typedef void (*kernel6)(void *, void *, void *, void *, void *, void *);
typedef void (*kernel7)(void *, void *, void *, void *, void *, void *,
                        void *);
typedef void (*kernel8)(void *, void *, void *, void *, void *, void *,
                        void *, void *);
typedef void (*kernel9)(void *, void *, void *, void *, void *, void *,
                        void *, void *, void *);
typedef void (*kernel10)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *);
typedef void (*kernel11)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *);
typedef void (*kernel12)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *, void *);
typedef void (*kernel13)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *, void *,
                         void *);
typedef void (*kernel14)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *, void *,
                         void *, void *);
typedef void (*kernel15)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *, void *,
                         void *, void *, void *);
typedef void (*kernel16)(void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *, void *, void *,
                         void *, void *, void *, void *);

/* The kernel has a fixed arity; calling it through a varargs type would be
 * undefined, so each count gets its own exact type. */
static void call_kernel(void *kernel, int64_t n, memref_desc *d) {
  switch (n) {
  case 1: ((kernel1)kernel)(&d[0]); break;
  case 2: ((kernel2)kernel)(&d[0], &d[1]); break;
  case 3: ((kernel3)kernel)(&d[0], &d[1], &d[2]); break;
  case 4: ((kernel4)kernel)(&d[0], &d[1], &d[2], &d[3]); break;
  case 5: ((kernel5)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4]); break;
  case 6: ((kernel6)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5]); break;
  case 7:
    ((kernel7)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6]);
    break;
  case 8:
    ((kernel8)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]);
    break;
  case 9:
    ((kernel9)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                      &d[8]);
    break;
  case 10:
    ((kernel10)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9]);
    break;
  case 11:
    ((kernel11)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10]);
    break;
  case 12:
    ((kernel12)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10], &d[11]);
    break;
  case 13:
    ((kernel13)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10], &d[11], &d[12]);
    break;
  case 14:
    ((kernel14)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10], &d[11], &d[12], &d[13]);
    break;
  case 15:
    ((kernel15)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10], &d[11], &d[12], &d[13], &d[14]);
    break;
  case 16:
    ((kernel16)kernel)(&d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7],
                       &d[8], &d[9], &d[10], &d[11], &d[12], &d[13], &d[14],
                       &d[15]);
    break;
  default: break; /* parse_table admits 1..ATTNC_MAX_PARAMS only */
  }
}

int32_t attnc_rt_invoke(const int64_t *table, const char *names,
                        const void *const *args, void *kernel) {
  param_spec specs[ATTNC_MAX_PARAMS];
  int64_t n = parse_table(table, specs);
  if (n == 0)
    return fail(ATTNC_ERROR_SHAPE, "internal: bad signature table");
  if (!kernel)
    return fail(ATTNC_ERROR_SHAPE, "internal: NULL kernel");
  if (!args)
    return fail(ATTNC_ERROR_NULL_POINTER, "argument array is NULL");

  const attnc_tensor *tensors[ATTNC_MAX_PARAMS];
  param_info info[ATTNC_MAX_PARAMS];
  sym_binding syms[ATTNC_NUM_SYMS] = {{0, 0, 0}};
  for (int64_t i = 0; i < n; ++i) {
    tensors[i] = (const attnc_tensor *)args[i];
    int32_t rc = check_param(&specs[i], names, i, tensors[i], syms, &info[i]);
    if (rc != ATTNC_OK)
      return rc;
  }
  for (int64_t i = 0; i < n; ++i) {
    int32_t rc = check_divided_extents(&specs[i], names, i, tensors[i], syms);
    if (rc != ATTNC_OK)
      return rc;
  }

  for (int64_t i = 0; i < n; ++i)
    if (specs[i].content == ATTNC_CONTENT_TREE_PARENTS && info[i].numel > 0) {
      int32_t rc = check_tree_parents(names, i, tensors[i]);
      if (rc != ATTNC_OK)
        return rc;
    }

  /* An output sharing bytes with any other tensor would let the kernel read
   * what it already overwrote, or write the same element twice. */
  for (int64_t i = 0; i < n; ++i) {
    if (specs[i].kind != ATTNC_PARAM_OUTPUT || info[i].numel == 0)
      continue;
    for (int64_t j = 0; j < n; ++j) {
      if (j == i || info[j].numel == 0)
        continue;
      if (info[i].begin < info[j].end && info[j].begin < info[i].end) {
        char a[128], b[128];
        return fail(ATTNC_ERROR_ALIASING, "'%s' overlaps '%s'",
                    param_name(names, i, a, sizeof a),
                    param_name(names, j, b, sizeof b));
      }
    }
  }

  memref_desc descs[ATTNC_MAX_PARAMS];
  for (int64_t i = 0; i < n; ++i) {
    const attnc_tensor *t = tensors[i];
    descs[i].allocated = t->data;
    descs[i].aligned = t->data;
    descs[i].offset = 0;
    for (int d = 0; d < t->rank; ++d) {
      descs[i].dims[d] = t->shape[d];
      descs[i].dims[t->rank + d] = t->strides[d];
    }
  }
  call_kernel(kernel, n, descs);
  attnc_rt_error_buf[0] = '\0';
  return ATTNC_OK;
}

const char *attnc_rt_last_error(void) { return attnc_rt_error_buf; }

/* OpenMP is referenced weakly: a library whose kernel needs no threads does
 * not link libomp, and then these are null. */
extern void omp_set_num_threads(int) __attribute__((weak));
extern int omp_get_max_threads(void) __attribute__((weak));

/* The default thread count of this thread, captured before the first
 * override so that n <= 0 can restore it. */
static _Thread_local int attnc_rt_default_threads = 0;

int32_t attnc_rt_set_num_threads(int32_t n) {
  if (!omp_set_num_threads || !omp_get_max_threads)
    return 1;
  int32_t previous = omp_get_max_threads();
  if (attnc_rt_default_threads == 0)
    attnc_rt_default_threads = previous;
  omp_set_num_threads(n >= 1 ? n : attnc_rt_default_threads);
  return previous;
}
