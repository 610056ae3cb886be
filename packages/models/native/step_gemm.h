// C[m,n] = A[m,k]·B[k,n] (+ C) for the small per-step products of a recurrence (h·U, dGates·Uᵀ with
// m = batch, k and n a few hundred): an AVX-512 kernel with 8 rows × 32 columns of accumulators in
// registers, which runs these shapes about twice as fast as OpenBLAS's AVX2 kernels (which it
// picks on this class of CPU) and has no per-call packing. A is read one scalar at a time, so any
// strides work, a transposed A included; columns past the last multiple of 16 use masked lanes.
// step_gemm returns false when it cannot run (no AVX-512 at build time): the caller then uses
// cblas_sgemm.
#pragma once
#include <cstddef>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace kornlp {

#if defined(__AVX512F__)
// R rows × 16·NV columns of C; with Masked, one vector (NV = 1) covering the `tail` lanes only.
// (Masked loads in the full tiles would cost more than twice their speed.)
template <int R, int NV, bool Masked = false>
static inline void step_gemm_tile(const float* __restrict A, size_t lda, size_t ak, const float* __restrict B,
                                  size_t ldb, float* __restrict C, size_t ldc, size_t K, bool accumulate,
                                  __mmask16 tail) {
  static_assert(!Masked || NV == 1, "a masked tile is one vector wide");
  __m512 acc[R][NV];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < NV; v++) {
      if (!accumulate) acc[r][v] = _mm512_setzero_ps();
      else if constexpr (Masked) acc[r][v] = _mm512_maskz_loadu_ps(tail, C + r * ldc);
      else acc[r][v] = _mm512_loadu_ps(C + r * ldc + 16 * v);
    }
  for (size_t k = 0; k < K; k++) {
    __m512 b[NV];
    for (int v = 0; v < NV; v++) {
      if constexpr (Masked) b[v] = _mm512_maskz_loadu_ps(tail, B + k * ldb);
      else b[v] = _mm512_loadu_ps(B + k * ldb + 16 * v);
    }
    for (int r = 0; r < R; r++) {
      const __m512 a = _mm512_set1_ps(A[r * lda + k * ak]);
      for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < NV; v++) {
      if constexpr (Masked) _mm512_mask_storeu_ps(C + r * ldc, tail, acc[r][v]);
      else _mm512_storeu_ps(C + r * ldc + 16 * v, acc[r][v]);
    }
}

// All rows of one column panel; the panel of B (k × 16·NV) stays in L1 across the row tiles.
template <int NV, bool Masked = false>
static inline void step_gemm_panel(const float* A, size_t lda, size_t ak, const float* B, size_t ldb, float* C,
                                   size_t ldc, size_t M, size_t K, bool accumulate, __mmask16 tail = 0xFFFF) {
  size_t i = 0;
  for (; i + 8 <= M; i += 8)
    step_gemm_tile<8, NV, Masked>(A + i * lda, lda, ak, B, ldb, C + i * ldc, ldc, K, accumulate, tail);
  for (; i + 4 <= M; i += 4)
    step_gemm_tile<4, NV, Masked>(A + i * lda, lda, ak, B, ldb, C + i * ldc, ldc, K, accumulate, tail);
  for (; i < M; i++)
    step_gemm_tile<1, NV, Masked>(A + i * lda, lda, ak, B, ldb, C + i * ldc, ldc, K, accumulate, tail);
}
#endif

// Row-major C[M,N] (row stride ldc) = A · B[K,N] (ldb), plus C's old values when `accumulate`;
// A(i, k) is A[i·lda + k·ak]: ak = 1 for a row-major A; lda = 1 and ak = the row stride for an A
// stored transposed.
// Returns false, touching nothing, when the kernel cannot run.
static inline bool step_gemm(const float* A, size_t lda, size_t ak, const float* B, size_t ldb, float* C, size_t ldc,
                             size_t M, size_t N, size_t K, bool accumulate) {
#if defined(__AVX512F__)
  size_t j = 0;
  for (; j + 32 <= N; j += 32) step_gemm_panel<2>(A, lda, ak, B + j, ldb, C + j, ldc, M, K, accumulate);
  if (j + 16 <= N) {
    step_gemm_panel<1>(A, lda, ak, B + j, ldb, C + j, ldc, M, K, accumulate);
    j += 16;
  }
  if (j < N) {
    const __mmask16 tail = static_cast<__mmask16>((1u << (N - j)) - 1);
    step_gemm_panel<1, true>(A, lda, ak, B + j, ldb, C + j, ldc, M, K, accumulate, tail);
  }
  return true;
#else
  (void)A, (void)lda, (void)ak, (void)B, (void)ldb, (void)C, (void)ldc, (void)M, (void)N, (void)K, (void)accumulate;
  return false;
#endif
}

}  // namespace kornlp
