// Helpers shared by the native recurrences (lstm.cc, gru.cc, simple_rnn.cc): buffer-size checks,
// the per-step product, U's transpose and two row loops. Each file gets its own copy (anonymous
// namespace), as when they were written in each file.
#pragma once
#include <cblas.h>
#include <string>
#include "registry.h"
#include "step_gemm.h"

namespace kornlp {
namespace {

// True when a buffer of `have` elements holds `need`; otherwise throws a RangeError naming both.
inline bool fits(napi_env env, size_t have, size_t need, const char* fn, const char* what) {
  if (have >= need) return true;
  const std::string msg = std::string(fn) + ": " + what + " has " + std::to_string(have) +
                          " elements, the shapes need " + std::to_string(need);
  napi_throw_range_error(env, nullptr, msg.c_str());
  return false;
}

// C[M,N] = A[M,K]·B[K,N], row-major with the given row strides: the per-step products, on
// step_gemm.h's AVX-512 kernel (K in blocks of 256 so its panels of B stay in L1), else cblas_sgemm.
[[maybe_unused]] void stepProduct(const float* A, size_t lda, const float* B, size_t ldb, float* C, size_t ldc,
                                  size_t M, size_t N, size_t K) {
  constexpr size_t block = 256;
  if (K > 0 && step_gemm(A, lda, 1, B, ldb, C, ldc, M, N, K < block ? K : block, false)) {
    for (size_t k0 = block; k0 < K; k0 += block)
      step_gemm(A + k0, lda, 1, B + k0 * ldb, ldb, C, ldc, M, N, K - k0 < block ? K - k0 : block, true);
    return;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(M), int(N), int(K), 1.0f, A, int(lda), B, int(ldb), 0.0f,
              C, int(ldc));
}

// Uᵀ [cols, rows] of a row-major U [rows, cols], into `out`.
[[maybe_unused]] void transpose(const float* U, size_t rows, size_t cols, float* out) {
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < cols; j++) out[j * rows + i] = U[i * cols + j];
}

// acc += row, in double: the bias gradient sums b·t rows.
inline void accumulate(const float* __restrict row, double* __restrict acc, size_t n) {
  for (size_t j = 0; j < n; j++) acc[j] += row[j];
}

// y = a + b; y may alias a.
inline void add(const float* a, const float* __restrict b, float* y, size_t n) {
  for (size_t k = 0; k < n; k++) y[k] = a[k] + b[k];
}

}  // namespace
}  // namespace kornlp
