// Whole-sequence GRU recurrence (both Keras forms) and its backward pass through time on
// caller-owned buffers (views of the tfjs wasm heap), with the same inputs, outputs and saved
// layouts as the wasm kernels in src/fused/gru_kernels.ts, so either path's backward can read
// either path's forward. Gate order z, r, h.
//   reset_after:  m = h·U + b_r; z = σ(x_z + m_z), r = σ(x_r + m_r), ĥ = tanh(x_h + r ⊙ m_h)
//   reset_before: z, r = σ(x_zr + h·U_zr);        ĥ = tanh(x_h + (r ⊙ h)·U_h)
//   both:         h' = z ⊙ h + (1 − z) ⊙ ĥ
// One cblas_sgemm per step (two for reset_before, on column blocks of U read in place with its row
// stride 3u, so nothing is copied); the recurrent kernel's gradient is left to the caller as one
// gemm over all steps from the saved buffers.
#include <cblas.h>
#include <cstring>
#include <string>
#include <vector>
#include "registry.h"
#include "vmath.h"

namespace kornlp {
namespace {

bool fits(napi_env env, size_t have, size_t need, const char* fn, const char* what) {
  if (have >= need) return true;
  const std::string msg = std::string(fn) + ": " + what + " has " + std::to_string(have) +
                          " elements, the shapes need " + std::to_string(need);
  napi_throw_range_error(env, nullptr, msg.c_str());
  return false;
}

// gruForward(xProj, recurrentKernel, recurrentBias, h0, mask, out, gates, hPrev, aux,
//            batch, time, units, resetAfter, goBackwards, zeroOutputForMask, save)
//   xProj [b,t,3u] (x·kernel + input bias), recurrentKernel [u,3u], recurrentBias [3u] (zeros for
//   reset_before), h0 [b,u], mask [b,t] or empty (all kept).
//   out [b,(t+1)·u]: per row the step outputs in processing order, then hT.
//   With save, by input time: gates [b,t,3u] (z, r, ĥ), hPrev [b,t,u], aux [b,t,u] (m_h + b_rh for
//   reset_after, r ⊙ h for reset_before); otherwise they may be empty and are not touched. Masked
//   steps are saved too (finite values the backward multiplies by zero).
napi_value GruForward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "gruForward";
  napi_value argv[16];
  if (!get_args(env, info, 16, argv, fn)) return nullptr;
  float *x, *U, *rb, *h0, *mask, *out, *gates, *hPrev, *aux;
  size_t nx, nU, nrb, nh0, nmask, nout, ngates, nhPrev, naux;
  int32_t B, T, u;
  bool after, back, zero, save;
  if (!arg_f32(env, argv[0], &x, &nx, "xProj") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &rb, &nrb, "recurrentBias") || !arg_f32(env, argv[3], &h0, &nh0, "h0") ||
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
      !fits(env, nrb, G, fn, "recurrentBias") || !fits(env, nh0, b * n, fn, "h0") ||
      (nmask && !fits(env, nmask, b * t, fn, "mask")) || !fits(env, nout, b * W, fn, "out"))
    return nullptr;
  if (save && (!fits(env, ngates, b * t * G, fn, "gates") || !fits(env, nhPrev, b * t * n, fn, "hPrev") ||
               !fits(env, naux, b * t * n, fn, "aux")))
    return nullptr;
  if (b == 0) return nullptr;
  // State and per-step scratch, reused across calls (no allocation per step): h [b,u], the
  // recurrent product m [b,3u] (reset_before: [b,2u] then (r ⊙ h)·U_h in the h block), and one
  // row of gates and of r ⊙ h when nothing is saved.
  thread_local std::vector<float> scratch;
  scratch.resize(b * n + b * G + b * n + G);
  float* h = scratch.data();
  float* m = h + b * n;
  float* rhAll = m + b * G;
  float* row = rhAll + b * n;
  std::memcpy(h, h0, b * n * sizeof(float));
  for (size_t s = 0; s < t; s++) {
    const size_t tau = back ? t - 1 - s : s;
    if (after) {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, 3 * u, u, 1.0f, h, u, U, 3 * u, 0.0f, m, 3 * u);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, 2 * u, u, 1.0f, h, u, U, 3 * u, 0.0f, m, 3 * u);
    }
    // z and r for every row (reset_before needs all of r ⊙ h before its second product).
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* xr = x + at * G;
      const float* mr = m + r * G;
      float* a = save ? gates + at * G : (after ? row : m + r * G);
      for (size_t j = 0; j < 2 * n; j++) a[j] = xr[j] + mr[j] + rb[j];
      vsigmoid(a, a, 2 * n);
      if (!after) {
        const float* hr = h + r * n;
        float* rh = save ? aux + at * n : rhAll + r * n;
        for (size_t k = 0; k < n; k++) rh[k] = a[n + k] * hr[k];
        if (save) std::memcpy(rhAll + r * n, rh, n * sizeof(float));
        continue;
      }
      // reset_after: the candidate and the new state right away.
      const float* mh = mr + 2 * n;
      const float* rbh = rb + 2 * n;
      float* ah = a + 2 * n;
      if (save) {
        float* ax = aux + at * n;
        for (size_t k = 0; k < n; k++) {
          ax[k] = mh[k] + rbh[k];
          ah[k] = xr[2 * n + k] + a[n + k] * ax[k];
        }
      } else {
        for (size_t k = 0; k < n; k++) ah[k] = xr[2 * n + k] + a[n + k] * (mh[k] + rbh[k]);
      }
      vtanh(ah, ah, n);
      float* hr = h + r * n;
      if (save) std::memcpy(hPrev + at * n, hr, n * sizeof(float));
      float* o = out + r * W + s * n;
      if (nmask == 0 || mask[at] != 0.0f) {
        for (size_t k = 0; k < n; k++) {
          const float hk = a[k] * hr[k] + (1.0f - a[k]) * ah[k];
          hr[k] = hk;
          o[k] = hk;
        }
      } else if (zero) {
        std::memset(o, 0, n * sizeof(float));
      } else {
        std::memcpy(o, hr, n * sizeof(float));
      }
    }
    if (after) continue;
    // reset_before: (r ⊙ h)·U_h into the h block of m, then the candidate and the new state.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, u, u, 1.0f, rhAll, u, U + 2 * n, 3 * u, 0.0f,
                m + 2 * n, 3 * u);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* xh = x + at * G + 2 * n;
      const float* mh = m + r * G + 2 * n;
      float* a = save ? gates + at * G : m + r * G;
      float* ah = a + 2 * n;
      for (size_t k = 0; k < n; k++) ah[k] = xh[k] + mh[k];
      vtanh(ah, ah, n);
      float* hr = h + r * n;
      if (save) std::memcpy(hPrev + at * n, hr, n * sizeof(float));
      float* o = out + r * W + s * n;
      if (nmask == 0 || mask[at] != 0.0f) {
        for (size_t k = 0; k < n; k++) {
          const float hk = a[k] * hr[k] + (1.0f - a[k]) * ah[k];
          hr[k] = hk;
          o[k] = hk;
        }
      } else if (zero) {
        std::memset(o, 0, n * sizeof(float));
      } else {
        std::memcpy(o, hr, n * sizeof(float));
      }
    }
  }
  for (size_t r = 0; r < b; r++) std::memcpy(out + r * W + t * n, h + r * n, n * sizeof(float));
  return nullptr;
}
KORNLP_EXPORT("gruForward", GruForward);

// gruBackward(dy, recurrentKernel, gates, hPrev, aux, mask, dX, dM, dh0,
//             batch, time, units, resetAfter, goBackwards, zeroOutputForMask)
//   dy [b,(t+1)·u] (gradient of gruForward's `out`), the saved gates/hPrev/aux, mask [b,t] or empty.
//   Writes, by input time, dX [b,t,3u] (gradient of xProj) and dM [b,t,3u] (gradient of h·U + b_r
//   for reset_after; for reset_before its z, r columns equal dX's and its h columns hold the
//   gradient of (r ⊙ h)·U_h), and dh0 [b,u]. Masked steps get zero rows.
napi_value GruBackward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "gruBackward";
  napi_value argv[15];
  if (!get_args(env, info, 15, argv, fn)) return nullptr;
  float *dy, *U, *gates, *hPrev, *aux, *mask, *dX, *dM, *dh0;
  size_t ndy, nU, ngates, nhPrev, naux, nmask, ndX, ndM, ndh0;
  int32_t B, T, u;
  bool after, back, zero;
  if (!arg_f32(env, argv[0], &dy, &ndy, "dy") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &gates, &ngates, "gates") || !arg_f32(env, argv[3], &hPrev, &nhPrev, "hPrev") ||
      !arg_f32(env, argv[4], &aux, &naux, "aux") || !arg_f32(env, argv[5], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[6], &dX, &ndX, "dX") || !arg_f32(env, argv[7], &dM, &ndM, "dM") ||
      !arg_f32(env, argv[8], &dh0, &ndh0, "dh0") || !arg_i32(env, argv[9], &B, "batch") ||
      !arg_i32(env, argv[10], &T, "time") || !arg_i32(env, argv[11], &u, "units") ||
      !arg_bool(env, argv[12], &after, "resetAfter") || !arg_bool(env, argv[13], &back, "goBackwards") ||
      !arg_bool(env, argv[14], &zero, "zeroOutputForMask"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "gruBackward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, G = 3 * n, W = (t + 1) * n;
  if (!fits(env, ndy, b * W, fn, "dy") || !fits(env, nU, n * G, fn, "recurrentKernel") ||
      !fits(env, ngates, b * t * G, fn, "gates") || !fits(env, nhPrev, b * t * n, fn, "hPrev") ||
      !fits(env, naux, b * t * n, fn, "aux") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, ndX, b * t * G, fn, "dX") || !fits(env, ndM, b * t * G, fn, "dM") ||
      !fits(env, ndh0, b * n, fn, "dh0"))
    return nullptr;
  if (b == 0) return nullptr;
  // dh is carried in dh0 itself; drh is reset_before's d(r ⊙ h) for one step.
  thread_local std::vector<float> scratch;
  scratch.resize(after ? 0 : b * n);
  float* dh = dh0;
  float* drh = scratch.data();
  for (size_t r = 0; r < b; r++) std::memcpy(dh + r * n, dy + r * W + t * n, n * sizeof(float));
  const int ld = int(t * G);  // row stride of one step's rows in dX/dM
  for (size_t s = t; s-- > 0;) {
    const size_t tau = back ? t - 1 - s : s;
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* dyr = dy + r * W + s * n;
      float* dhr = dh + r * n;
      float* dx = dX + at * G;
      float* dm = dM + at * G;
      if (nmask && mask[at] == 0.0f) {
        // The state passed through unchanged: its gradient goes straight to the previous step
        // (the products below add zero rows).
        if (!zero)
          for (size_t k = 0; k < n; k++) dhr[k] += dyr[k];
        std::memset(dx, 0, G * sizeof(float));
        std::memset(dm, 0, G * sizeof(float));
        continue;
      }
      const float* a = gates + at * G;
      const float* hp = hPrev + at * n;
      const float* ax = aux + at * n;
      for (size_t k = 0; k < n; k++) {
        const float dht = dhr[k] + dyr[k];
        const float z = a[k], rr = a[n + k], hh = a[2 * n + k];
        const float dpz = dht * (hp[k] - hh) * z * (1.0f - z);
        const float dph = dht * (1.0f - z) * (1.0f - hh * hh);
        dhr[k] = dht * z;
        dx[k] = dpz;
        dm[k] = dpz;
        dx[2 * n + k] = dph;
        if (after) {
          const float dpr = dph * ax[k] * rr * (1.0f - rr);
          dx[n + k] = dpr;
          dm[n + k] = dpr;
          dm[2 * n + k] = dph * rr;
        } else {
          dm[2 * n + k] = dph;
        }
      }
    }
    if (after) {
      // dh += this step's dM rows (strided by t·3u) · Uᵀ.
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, u, 3 * u, 1.0f, dM + tau * G, ld, U, 3 * u, 1.0f, dh,
                  u);
      continue;
    }
    // reset_before: d(r ⊙ h) = dĥpre · U_hᵀ, then dr and h's share; then z, r through U_zrᵀ.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, u, u, 1.0f, dM + tau * G + 2 * n, ld, U + 2 * n,
                3 * u, 0.0f, drh, u);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      if (nmask && mask[at] == 0.0f) continue;
      const float* a = gates + at * G;
      const float* hp = hPrev + at * n;
      const float* d = drh + r * n;
      float* dhr = dh + r * n;
      float* dx = dX + at * G;
      float* dm = dM + at * G;
      for (size_t k = 0; k < n; k++) {
        const float rr = a[n + k];
        const float dpr = d[k] * hp[k] * rr * (1.0f - rr);
        dhr[k] += d[k] * rr;
        dx[n + k] = dpr;
        dm[n + k] = dpr;
      }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, u, 2 * u, 1.0f, dM + tau * G, ld, U, 3 * u, 1.0f, dh,
                u);
  }
  return nullptr;
}
KORNLP_EXPORT("gruBackward", GruBackward);

}  // namespace
}  // namespace kornlp
