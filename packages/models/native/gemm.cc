// Batched single-precision matrix products on caller-owned memory (typically views of the tfjs
// wasm heap, so no data is copied).
#include <cblas.h>
#include "registry.h"

namespace kornlp {

// gemm(a, b, c, batchA, batchB, m, k, n, transA, transB, beta)
//   c[i] = op(a[i % batchA]) · op(b[i % batchB]) + beta · c[i] for i < max(batchA, batchB);
//   op(a) is [m,k] (stored [k,m] when transA), op(b) is [k,n] (stored [n,k] when transB).
static napi_value Gemm(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!get_args(env, info, 11, argv, "gemm")) return nullptr;
  float *a, *b, *c;
  size_t la, lb, lc;
  int32_t batchA, batchB, m, k, n;
  bool ta, tb;
  double beta;
  if (!arg_f32(env, argv[0], &a, &la, "a") || !arg_f32(env, argv[1], &b, &lb, "b") ||
      !arg_f32(env, argv[2], &c, &lc, "c") || !arg_i32(env, argv[3], &batchA, "batchA") ||
      !arg_i32(env, argv[4], &batchB, "batchB") || !arg_i32(env, argv[5], &m, "m") ||
      !arg_i32(env, argv[6], &k, "k") || !arg_i32(env, argv[7], &n, "n") ||
      !arg_bool(env, argv[8], &ta, "transA") || !arg_bool(env, argv[9], &tb, "transB") ||
      !arg_f64(env, argv[10], &beta, "beta"))
    return nullptr;
  const int32_t batch = batchA > batchB ? batchA : batchB;
  if (batchA < 1 || batchB < 1 || m < 0 || k < 0 || n < 0 || (batch % batchA) || (batch % batchB) ||
      la < size_t(batchA) * m * k || lb < size_t(batchB) * k * n || lc < size_t(batch) * m * n) {
    napi_throw_range_error(env, nullptr, "gemm: buffer sizes do not match batchA/batchB/m/k/n");
    return nullptr;
  }
  const size_t sa = size_t(m) * k, sb = size_t(k) * n, sc = size_t(m) * n;
  for (int32_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                a + (i % batchA) * sa, ta ? m : k, b + (i % batchB) * sb, tb ? k : n, float(beta), c + i * sc, n);
  }
  return nullptr;
}
KORNLP_EXPORT("gemm", Gemm);

}  // namespace kornlp
