// Whole-sequence GRU recurrence (both Keras forms) and its backward pass through time on
// caller-owned buffers (views of the tfjs wasm heap), with the same inputs, outputs and saved
// layouts as the wasm kernels in src/fused/gru_kernels.ts, so either path's backward can read
// either path's forward. Gate order z, r, h.
// x is the input projection x·W without bias; b the input bias, b_r the recurrent one (reset_after).
//   reset_after:  m = h·U + b_r; z = σ(x_z + b_z + m_z), r = σ(…), ĥ = tanh(x_h + b_h + r ⊙ m_h)
//   reset_before: z, r = σ(x_zr + b_zr + h·U_zr);      ĥ = tanh(x_h + b_h + (r ⊙ h)·U_h)
//   both:         h' = z ⊙ h + (1 − z) ⊙ ĥ
// One product per step (two for reset_before, on column blocks of U read in place with its row
// stride 3u, so nothing is copied), by step_gemm.h's AVX-512 kernel or else cblas_sgemm. Backward:
// two products per step for dh (through Uᵀ's z, r rows and its h rows), the bias gradients summed
// in the row loops, and the recurrent kernel's gradient as two products over all steps from the
// saved buffers.
#include <cblas.h>
#include <cstring>
#include <string>
#include <vector>
#include "recurrent_common.h"
#include "registry.h"
#include "step_gemm.h"
#include "vmath.h"

namespace kornlp {
namespace {

// C[M,N] = A[M,K]·B[K,N] (+ C when accumulate), all row-major with the given row strides.
void product(const float* A, size_t lda, const float* B, size_t ldb, float* C, size_t ldc, size_t M, size_t N,
             size_t K, bool accumulate) {
  if (step_gemm(A, lda, 1, B, ldb, C, ldc, M, N, K, accumulate)) return;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(M), int(N), int(K), 1.0f, A, int(lda), B, int(ldb),
              accumulate ? 1.0f : 0.0f, C, int(ldc));
}

// C[M,N] = Aᵀ·B with A stored [K,M] (row stride lda) and B [K,N]: a sum over K rows (all steps), in
// blocks of 256 so that step_gemm's panels of B stay in L1.
void productTransposedA(const float* A, size_t lda, const float* B, size_t ldb, float* C, size_t ldc, size_t M,
                        size_t N, size_t K) {
  constexpr size_t block = 256;
  if (K > 0 && step_gemm(A, 1, lda, B, ldb, C, ldc, M, N, K < block ? K : block, false)) {
    for (size_t k0 = block; k0 < K; k0 += block)
      step_gemm(A + k0 * lda, 1, lda, B + k0 * ldb, ldb, C, ldc, M, N, K - k0 < block ? K - k0 : block, true);
    return;
  }
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(M), int(N), int(K), 1.0f, A, int(lda), B, int(ldb), 0.0f,
              C, int(ldc));
}

// Row kernels, kept out of line: inside the N-API entry points (which can throw) GCC 12 does not
// vectorise loops at all.
#define KORNLP_ROW __attribute__((noinline))

// a = σ(x + m + b) over the z, r columns (2u); a may alias m.
KORNLP_ROW void gatesZr(const float* __restrict x, const float* m, const float* __restrict b, float* a, size_t n2) {
  for (size_t j = 0; j < n2; j++) a[j] = x[j] + m[j] + b[j];
  vsigmoid(a, a, n2);
}

// reset_after candidate: mh' = m_h + b_rh (kept in `ax`), ĥ = tanh(x_h + b_h + r ⊙ mh').
KORNLP_ROW void candidateAfter(const float* __restrict xh, const float* __restrict bh, const float* __restrict mh,
                               const float* __restrict brh, const float* __restrict r, float* __restrict ax,
                               float* __restrict hh, size_t n) {
  for (size_t k = 0; k < n; k++) {
    ax[k] = mh[k] + brh[k];
    hh[k] = (xh[k] + bh[k]) + r[k] * ax[k];
  }
  vtanh(hh, hh, n);
}

// reset_before candidate: ĥ = tanh(x_h + b_h + m_h); hh may alias mh.
KORNLP_ROW void candidateBefore(const float* __restrict xh, const float* __restrict bh, const float* mh, float* hh,
                                size_t n) {
  for (size_t k = 0; k < n; k++) hh[k] = (xh[k] + bh[k]) + mh[k];
  vtanh(hh, hh, n);
}

// out = a ⊙ b.
KORNLP_ROW void mul(const float* __restrict a, const float* __restrict b, float* __restrict out, size_t n) {
  for (size_t k = 0; k < n; k++) out[k] = a[k] * b[k];
}

// h = z ⊙ h + (1 − z) ⊙ ĥ, copied to o.
KORNLP_ROW void blend(const float* __restrict z, const float* __restrict hh, float* __restrict h, float* __restrict o,
                      size_t n) {
  for (size_t k = 0; k < n; k++) {
    const float v = z[k] * h[k] + (1.0f - z[k]) * hh[k];
    h[k] = v;
    o[k] = v;
  }
}

// One unmasked row of the backward step. dh holds the carried gradient on entry and the part that
// reaches h directly (dh_total ⊙ z) on exit; db sums dx over rows (the input bias gradient).
// reset_after: dm's z, r columns equal dx's, so only its h column (dph ⊙ r) is written (and summed
// in dbr, the recurrent bias gradient of ĥ). reset_before leaves the r columns to backBeforeR.
KORNLP_ROW void backAfter(float* __restrict dh, const float* __restrict dy, const float* __restrict a,
                          const float* __restrict hp, const float* __restrict ax, float* __restrict dx,
                          float* __restrict dmh, float* __restrict db, float* __restrict dbrh, size_t n) {
  for (size_t k = 0; k < n; k++) {
    const float dht = dh[k] + dy[k];
    const float z = a[k], rr = a[n + k], hh = a[2 * n + k];
    const float dpz = dht * (hp[k] - hh) * z * (1.0f - z);
    const float dph = dht * (1.0f - z) * (1.0f - hh * hh);
    const float dpr = dph * ax[k] * rr * (1.0f - rr);
    dh[k] = dht * z;
    dx[k] = dpz;
    dx[n + k] = dpr;
    dx[2 * n + k] = dph;
    dmh[k] = dph * rr;
    db[k] += dpz;
    db[n + k] += dpr;
    db[2 * n + k] += dph;
    dbrh[k] += dph * rr;
  }
}

KORNLP_ROW void backBefore(float* __restrict dh, const float* __restrict dy, const float* __restrict a,
                           const float* __restrict hp, float* __restrict dx, float* __restrict db, size_t n) {
  for (size_t k = 0; k < n; k++) {
    const float dht = dh[k] + dy[k];
    const float z = a[k], hh = a[2 * n + k];
    const float dpz = dht * (hp[k] - hh) * z * (1.0f - z);
    const float dph = dht * (1.0f - z) * (1.0f - hh * hh);
    dh[k] = dht * z;
    dx[k] = dpz;
    dx[2 * n + k] = dph;
    db[k] += dpz;
    db[2 * n + k] += dph;
  }
}

// reset_before, from d = d(r ⊙ h): h's share (d ⊙ r) into dh, and the r pre-activation gradient.
KORNLP_ROW void backBeforeR(const float* __restrict d, const float* __restrict r, const float* __restrict hp,
                            float* __restrict dh, float* __restrict dxr, float* __restrict dbr, size_t n) {
  for (size_t k = 0; k < n; k++) {
    const float dpr = d[k] * hp[k] * r[k] * (1.0f - r[k]);
    dh[k] += d[k] * r[k];
    dxr[k] = dpr;
    dbr[k] += dpr;
  }
}

// gruForward(xProj, recurrentKernel, bias, h0, mask, out, gates, hPrev, aux,
//            batch, time, units, resetAfter, goBackwards, zeroOutputForMask, save)
//   xProj [b,t,3u] (x·kernel, no bias), recurrentKernel [u,3u], bias [3u] (input bias) or, with
//   reset_after, [6u] (input bias, then recurrent bias), h0 [b,u], mask [b,t] or empty (all kept).
//   out [b,(t+1)·u]: per row the step outputs in processing order, then hT.
//   With save, by input time: gates [b,t,3u] (z, r, ĥ), hPrev [b,t,u], aux [b,t,u] (m_h + b_rh for
//   reset_after, r ⊙ h for reset_before); otherwise they may be empty and are not touched. Masked
//   steps are saved too (finite values the backward multiplies by zero).
napi_value GruForward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "gruForward";
  napi_value argv[16];
  if (!get_args(env, info, 16, argv, fn)) return nullptr;
  float *x, *U, *bias, *h0, *mask, *out, *gates, *hPrev, *aux;
  size_t nx, nU, nbias, nh0, nmask, nout, ngates, nhPrev, naux;
  int32_t B, T, u;
  bool after, back, zero, save;
  if (!arg_f32(env, argv[0], &x, &nx, "xProj") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &bias, &nbias, "bias") || !arg_f32(env, argv[3], &h0, &nh0, "h0") ||
      !arg_f32(env, argv[4], &mask, &nmask, "mask") || !arg_f32(env, argv[5], &out, &nout, "out") ||
      !arg_f32(env, argv[6], &gates, &ngates, "gates") || !arg_f32(env, argv[7], &hPrev, &nhPrev, "hPrev") ||
      !arg_f32(env, argv[8], &aux, &naux, "aux") || !arg_i32(env, argv[9], &B, "batch") ||
      !arg_i32(env, argv[10], &T, "time") || !arg_i32(env, argv[11], &u, "units") ||
      !arg_bool(env, argv[12], &after, "resetAfter") || !arg_bool(env, argv[13], &back, "goBackwards") ||
      !arg_bool(env, argv[14], &zero, "zeroOutputForMask") || !arg_bool(env, argv[15], &save, "save"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "gruForward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, G = 3 * n, W = (t + 1) * n;
  if (!fits(env, nx, b * t * G, fn, "xProj") || !fits(env, nU, n * G, fn, "recurrentKernel") ||
      !fits(env, nbias, G, fn, "bias") || !fits(env, nh0, b * n, fn, "h0") ||
      (nmask && !fits(env, nmask, b * t, fn, "mask")) || !fits(env, nout, b * W, fn, "out"))
    return nullptr;
  if (save && (!fits(env, ngates, b * t * G, fn, "gates") || !fits(env, nhPrev, b * t * n, fn, "hPrev") ||
               !fits(env, naux, b * t * n, fn, "aux")))
    return nullptr;
  if (b == 0) return nullptr;
  // State and per-step scratch, reused across calls (no allocation per step): h [b,u], the
  // recurrent product m [b,3u] (reset_before: [b,2u] then (r ⊙ h)·U_h in the h block), r ⊙ h
  // [b,u], one row of gates and aux when nothing is saved, and the biases: z, r input + recurrent
  // [2u], then the recurrent bias of ĥ [u].
  thread_local std::vector<float> scratch;
  scratch.resize(b * n + b * G + b * n + G + n + G);
  float* h = scratch.data();
  float* m = h + b * n;
  float* rhAll = m + b * G;
  float* row = rhAll + b * n;
  float* bzr = row + G + n;
  float* brh = bzr + 2 * n;
  const bool recurrentBias = nbias >= 2 * G;
  for (size_t j = 0; j < 2 * n; j++) bzr[j] = bias[j] + (recurrentBias ? bias[G + j] : 0.0f);
  for (size_t k = 0; k < n; k++) brh[k] = recurrentBias ? bias[G + 2 * n + k] : 0.0f;
  const float* bh = bias + 2 * n;
  std::memcpy(h, h0, b * n * sizeof(float));
  // The new state of row r at this step from its gates a (z, ĥ), or the carried one when masked.
  auto update = [&](size_t r, size_t s, size_t at, const float* a) {
    float* hr = h + r * n;
    if (save) std::memcpy(hPrev + at * n, hr, n * sizeof(float));
    float* o = out + r * W + s * n;
    if (nmask == 0 || mask[at] != 0.0f) blend(a, a + 2 * n, hr, o, n);
    else if (zero) std::memset(o, 0, n * sizeof(float));
    else std::memcpy(o, hr, n * sizeof(float));
  };
  for (size_t s = 0; s < t; s++) {
    const size_t tau = back ? t - 1 - s : s;
    product(h, n, U, G, m, G, b, after ? G : 2 * n, n, false);
    // z and r for every row (reset_before needs all of r ⊙ h before its second product).
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* xr = x + at * G;
      const float* mr = m + r * G;
      float* a = save ? gates + at * G : (after ? row : m + r * G);
      gatesZr(xr, mr, bzr, a, 2 * n);
      if (after) {
        candidateAfter(xr + 2 * n, bh, mr + 2 * n, brh, a + n, save ? aux + at * n : row + G, a + 2 * n, n);
        update(r, s, at, a);
      } else {
        mul(a + n, h + r * n, rhAll + r * n, n);
        if (save) std::memcpy(aux + at * n, rhAll + r * n, n * sizeof(float));
      }
    }
    if (after) continue;
    // reset_before: (r ⊙ h)·U_h into the h block of m, then the candidate and the new state.
    product(rhAll, n, U + 2 * n, G, m + 2 * n, G, b, n, n, false);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      float* a = save ? gates + at * G : m + r * G;
      candidateBefore(x + at * G + 2 * n, bh, m + r * G + 2 * n, a + 2 * n, n);
      update(r, s, at, a);
    }
  }
  for (size_t r = 0; r < b; r++) std::memcpy(out + r * W + t * n, h + r * n, n * sizeof(float));
  return nullptr;
}
KORNLP_EXPORT("gruForward", GruForward);

// gruBackward(dy, recurrentKernel, gates, hPrev, aux, mask, dX, dU, dBias, dh0,
//             batch, time, units, resetAfter, goBackwards, zeroOutputForMask)
//   dy [b,(t+1)·u] (gradient of gruForward's `out`), the saved gates/hPrev/aux, mask [b,t] or empty.
//   Writes dX [b,t,3u] (gradient of xProj, by input time; zero rows at masked steps), dU [u,3u],
//   dBias [3u] or [6u] (as gruForward's bias) and dh0 [b,u].
napi_value GruBackward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "gruBackward";
  napi_value argv[16];
  if (!get_args(env, info, 16, argv, fn)) return nullptr;
  float *dy, *U, *gates, *hPrev, *aux, *mask, *dX, *dU, *dBias, *dh0;
  size_t ndy, nU, ngates, nhPrev, naux, nmask, ndX, ndU, ndBias, ndh0;
  int32_t B, T, u;
  bool after, back, zero;
  if (!arg_f32(env, argv[0], &dy, &ndy, "dy") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &gates, &ngates, "gates") || !arg_f32(env, argv[3], &hPrev, &nhPrev, "hPrev") ||
      !arg_f32(env, argv[4], &aux, &naux, "aux") || !arg_f32(env, argv[5], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[6], &dX, &ndX, "dX") || !arg_f32(env, argv[7], &dU, &ndU, "dU") ||
      !arg_f32(env, argv[8], &dBias, &ndBias, "dBias") || !arg_f32(env, argv[9], &dh0, &ndh0, "dh0") ||
      !arg_i32(env, argv[10], &B, "batch") || !arg_i32(env, argv[11], &T, "time") ||
      !arg_i32(env, argv[12], &u, "units") || !arg_bool(env, argv[13], &after, "resetAfter") ||
      !arg_bool(env, argv[14], &back, "goBackwards") || !arg_bool(env, argv[15], &zero, "zeroOutputForMask"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "gruBackward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, G = 3 * n, W = (t + 1) * n;
  if (!fits(env, ndy, b * W, fn, "dy") || !fits(env, nU, n * G, fn, "recurrentKernel") ||
      !fits(env, ngates, b * t * G, fn, "gates") || !fits(env, nhPrev, b * t * n, fn, "hPrev") ||
      !fits(env, naux, b * t * n, fn, "aux") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, ndX, b * t * G, fn, "dX") || !fits(env, ndU, n * G, fn, "dU") ||
      !fits(env, ndBias, G, fn, "dBias") || !fits(env, ndh0, b * n, fn, "dh0"))
    return nullptr;
  const bool recurrentBias = ndBias >= 2 * G;
  std::memset(dBias, 0, (recurrentBias ? 2 * G : G) * sizeof(float));
  if (b * t == 0) {
    std::memset(dU, 0, n * G * sizeof(float));
    for (size_t r = 0; r < b; r++) std::memcpy(dh0 + r * n, dy + r * W + t * n, n * sizeof(float));
    return nullptr;
  }
  // dh is carried in dh0 itself. The h column of the recurrent product's gradient: reset_after's
  // dph ⊙ r in its own buffer [b,t,u] (its z, r columns are dX's), reset_before's dph is dX's own
  // (drh holds one step's d(r ⊙ h)). The recurrent bias gradient of ĥ is summed in dbrh.
  // UT = Uᵀ [3u,u], so every per-step product is a plain one.
  thread_local std::vector<float> scratch;
  scratch.resize(G * n + (after ? b * t * n + n : b * n));
  float* UT = scratch.data();
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < G; j++) UT[j * n + i] = U[i * G + j];
  float* dMh = UT + G * n;
  float* dbrh = dMh + b * t * n;
  float* drh = dMh;
  if (after) std::memset(dbrh, 0, n * sizeof(float));
  float* dh = dh0;
  for (size_t r = 0; r < b; r++) std::memcpy(dh + r * n, dy + r * W + t * n, n * sizeof(float));
  const size_t ldx = t * G;  // row stride of one step's rows in dX
  const size_t ldh = t * n;  // and in dMh
  for (size_t s = t; s-- > 0;) {
    const size_t tau = back ? t - 1 - s : s;
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* dyr = dy + r * W + s * n;
      float* dhr = dh + r * n;
      float* dx = dX + at * G;
      if (nmask && mask[at] == 0.0f) {
        // The state passed through unchanged: its gradient goes straight to the previous step
        // (the products below add zero rows).
        if (!zero)
          for (size_t k = 0; k < n; k++) dhr[k] += dyr[k];
        std::memset(dx, 0, G * sizeof(float));
        if (after) std::memset(dMh + at * n, 0, n * sizeof(float));
        continue;
      }
      if (after) backAfter(dhr, dyr, gates + at * G, hPrev + at * n, aux + at * n, dx, dMh + at * n, dBias, dbrh, n);
      else backBefore(dhr, dyr, gates + at * G, hPrev + at * n, dx, dBias, n);
    }
    if (after) {
      // dh += [dx_z, dx_r] · U_zrᵀ + dMh · U_hᵀ (this step's rows, strided by t·3u and t·u).
      product(dX + tau * G, ldx, UT, n, dh, n, b, n, 2 * n, true);
      product(dMh + tau * n, ldh, UT + 2 * n * n, n, dh, n, b, n, n, true);
      continue;
    }
    // reset_before: d(r ⊙ h) = dĥpre · U_hᵀ, then dr and h's share; then z, r through U_zrᵀ.
    product(dX + tau * G + 2 * n, ldx, UT + 2 * n * n, n, drh, n, b, n, n, false);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      if (nmask && mask[at] == 0.0f) continue;
      backBeforeR(drh + r * n, gates + at * G + n, hPrev + at * n, dh + r * n, dX + at * G + n, dBias + n, n);
    }
    product(dX + tau * G, ldx, UT, n, dh, n, b, n, 2 * n, true);
  }
  // The recurrent kernel's gradient over all steps at once: [hPrevᵀ · dX_zr | (hPrev or r ⊙ h)ᵀ · dM_h].
  productTransposedA(hPrev, n, dX, G, dU, G, n, 2 * n, b * t);
  productTransposedA(after ? hPrev : aux, n, after ? dMh : dX + 2 * n, after ? n : G, dU + 2 * n, G, n, n, b * t);
  if (recurrentBias) {
    std::memcpy(dBias + G, dBias, 2 * n * sizeof(float));
    std::memcpy(dBias + G + 2 * n, dbrh, n * sizeof(float));
  }
  return nullptr;
}
KORNLP_EXPORT("gruBackward", GruBackward);

}  // namespace
}  // namespace kornlp
