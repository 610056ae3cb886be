// Whole-sequence LSTM recurrence and its backward pass through time on caller-owned buffers (views
// of the tfjs wasm heap), with the same inputs, outputs and saved layouts as the wasm kernels in
// src/fused/lstm_kernels.ts: gate order i, f, c, o; the saved g gate is σ(2·pre) (g = 2σ − 1) and
// the saved cell tanh is σ(2c), so either path's backward can read either path's forward.
// One matrix product per step (h·U forward, dGates·Uᵀ backward); the recurrent kernel's gradient is
// one gemm over all steps done by the caller (hPrevᵀ · dGates). The bias is added here rather than
// to xProj (one pass over [b,t,4u] less), and its gradient is summed here while dGates is in cache.
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

// Gate pre-activations of one row: a = z + x + bias, the g block doubled (its σ(2·pre) gives tanh).
inline void preact(const float* __restrict z, const float* __restrict x, const float* __restrict bias,
                   float* __restrict a, size_t n) {
  for (size_t j = 0; j < 2 * n; j++) a[j] = z[j] + x[j] + bias[j];
  for (size_t j = 2 * n; j < 3 * n; j++) a[j] = 2.0f * (z[j] + x[j] + bias[j]);
  for (size_t j = 3 * n; j < 4 * n; j++) a[j] = z[j] + x[j] + bias[j];
}

// One row of the cell update: c' = f·c + i·g with g = 2σ(2·pre) − 1; writes 2c' to `tc2`.
inline void cell(const float* __restrict a, const float* __restrict c, float* __restrict tc2, size_t u) {
  const float* i = a;
  const float* f = a + u;
  const float* g = a + 2 * u;
  for (size_t k = 0; k < u; k++) tc2[k] = 2.0f * (f[k] * c[k] + i[k] * (2.0f * g[k] - 1.0f));
}

// A kept row's new state: c = f·c + i·g, h = o·tanh(c) (tanh(c) = 2·tc − 1), also written to `o`.
inline void update(const float* __restrict a, const float* __restrict tc, float* __restrict c, float* __restrict h,
                   float* __restrict out, size_t n) {
  const float* i = a;
  const float* f = a + n;
  const float* g = a + 2 * n;
  const float* og = a + 3 * n;
  for (size_t k = 0; k < n; k++) {
    c[k] = f[k] * c[k] + i[k] * (2.0f * g[k] - 1.0f);
    const float hk = og[k] * (2.0f * tc[k] - 1.0f);
    h[k] = hk;
    out[k] = hk;
  }
}

// One row of the backward step (unmasked): from dh (carried) + dy (this step's output gradient)
// and the saved activations, the four gate pre-activation gradients and the carried dc.
inline void backRow(const float* __restrict dh, const float* __restrict dy, const float* __restrict a,
                    const float* __restrict tcs, const float* __restrict cp, float* __restrict dc,
                    float* __restrict dg, size_t u) {
  for (size_t k = 0; k < u; k++) {
    const float dht = dh[k] + dy[k];
    const float i = a[k], f = a[u + k], g = 2.0f * a[2 * u + k] - 1.0f, o = a[3 * u + k];
    const float th = 2.0f * tcs[k] - 1.0f;
    const float dct = dc[k] + dht * o * (1.0f - th * th);
    dc[k] = dct * f;
    dg[k] = dct * g * i * (1.0f - i);
    dg[u + k] = dct * cp[k] * f * (1.0f - f);
    dg[2 * u + k] = dct * i * (1.0f - g * g);
    dg[3 * u + k] = dht * th * o * (1.0f - o);
  }
}

// The forward recurrence (buffers already checked against the shapes). Kept out of line: inlined
// into the N-API function (with its throwing argument checks), GCC 12 vectorises none of its loops.
__attribute__((noinline)) void forward(const float* x, const float* U, const float* bias, const float* h0,
                                       const float* c0, const float* mask, float* out, float* gates, float* tanhC,
                                       float* hPrev, float* cPrev, size_t b, size_t t, size_t n, bool back, bool zero,
                                       bool save) {
  const size_t G = 4 * n, W = (t + 2) * n;
  // State and per-step scratch, reused across calls (no allocation per step).
  thread_local std::vector<float> scratch;
  scratch.resize(b * (2 * n + 2 * G) + n);
  float* h = scratch.data();
  float* c = h + b * n;
  float* z = c + b * n;
  float* act = z + b * G;
  float* tmp = act + b * G;
  std::memcpy(h, h0, b * n * sizeof(float));
  std::memcpy(c, c0, b * n * sizeof(float));
  for (size_t s = 0; s < t; s++) {
    const size_t tau = back ? t - 1 - s : s;
    stepProduct(h, n, U, G, z, G, b, G, n);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      // Gate activations land directly in the saved buffer when there is one.
      float* a = save ? gates + at * G : act + r * G;
      preact(z + r * G, x + at * G, bias, a, n);
      vsigmoid(a, a, G);
      float* hr = h + r * n;
      float* cr = c + r * n;
      if (save) {
        std::memcpy(hPrev + at * n, hr, n * sizeof(float));
        std::memcpy(cPrev + at * n, cr, n * sizeof(float));
      }
      const bool keep = !mask || mask[at] != 0.0f;
      float* o = out + r * W + s * n;
      float* tc = save ? tanhC + at * n : tmp;
      if (keep || save) {
        cell(a, cr, tc, n);
        vsigmoid(tc, tc, n);
      }
      if (keep) {
        update(a, tc, cr, hr, o, n);
      } else if (zero) {
        std::memset(o, 0, n * sizeof(float));
      } else {
        std::memcpy(o, hr, n * sizeof(float));
      }
    }
  }
  for (size_t r = 0; r < b; r++) {
    std::memcpy(out + r * W + t * n, h + r * n, n * sizeof(float));
    std::memcpy(out + r * W + (t + 1) * n, c + r * n, n * sizeof(float));
  }
}

// lstmForward(xProj, recurrentKernel, bias, h0, c0, mask, out, gates, tanhC, hPrev, cPrev,
//             batch, time, units, goBackwards, zeroOutputForMask, save)
//   xProj [b,t,4u] (x · kernel, without the bias), recurrentKernel [u,4u], bias [4u], h0/c0 [b,u],
//   mask [b,t] or empty (all kept),
//   out [b,(t+2)·u]: per row the step outputs in processing order, then hT, then cT.
//   With save, by input time: gates [b,t,4u], tanhC [b,t,u], hPrev [b,t,u], cPrev [b,t,u]
//   (otherwise they may be empty and are not touched).
napi_value LstmForward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "lstmForward";
  napi_value argv[17];
  if (!get_args(env, info, 17, argv, fn)) return nullptr;
  float *x, *U, *bias, *h0, *c0, *mask, *out, *gates, *tanhC, *hPrev, *cPrev;
  size_t nx, nU, nbias, nh0, nc0, nmask, nout, ngates, ntanhC, nhPrev, ncPrev;
  int32_t B, T, u;
  bool back, zero, save;
  if (!arg_f32(env, argv[0], &x, &nx, "xProj") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &bias, &nbias, "bias") || !arg_f32(env, argv[3], &h0, &nh0, "h0") ||
      !arg_f32(env, argv[4], &c0, &nc0, "c0") || !arg_f32(env, argv[5], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[6], &out, &nout, "out") || !arg_f32(env, argv[7], &gates, &ngates, "gates") ||
      !arg_f32(env, argv[8], &tanhC, &ntanhC, "tanhC") || !arg_f32(env, argv[9], &hPrev, &nhPrev, "hPrev") ||
      !arg_f32(env, argv[10], &cPrev, &ncPrev, "cPrev") || !arg_i32(env, argv[11], &B, "batch") ||
      !arg_i32(env, argv[12], &T, "time") || !arg_i32(env, argv[13], &u, "units") ||
      !arg_bool(env, argv[14], &back, "goBackwards") || !arg_bool(env, argv[15], &zero, "zeroOutputForMask") ||
      !arg_bool(env, argv[16], &save, "save"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "lstmForward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, G = 4 * n, W = (t + 2) * n;
  if (!fits(env, nx, b * t * G, fn, "xProj") || !fits(env, nU, n * G, fn, "recurrentKernel") ||
      !fits(env, nbias, G, fn, "bias") || !fits(env, nh0, b * n, fn, "h0") || !fits(env, nc0, b * n, fn, "c0") ||
      (nmask && !fits(env, nmask, b * t, fn, "mask")) || !fits(env, nout, b * W, fn, "out"))
    return nullptr;
  if (save && (!fits(env, ngates, b * t * G, fn, "gates") || !fits(env, ntanhC, b * t * n, fn, "tanhC") ||
               !fits(env, nhPrev, b * t * n, fn, "hPrev") || !fits(env, ncPrev, b * t * n, fn, "cPrev")))
    return nullptr;
  if (b > 0)
    forward(x, U, bias, h0, c0, nmask ? mask : nullptr, out, gates, tanhC, hPrev, cPrev, b, t, n, back, zero, save);
  return nullptr;
}
KORNLP_EXPORT("lstmForward", LstmForward);

// The backward pass through time (buffers already checked against the shapes); dc is carried in dc0.
__attribute__((noinline)) void backward(const float* dy, const float* U, const float* gates, const float* tanhC,
                                        const float* cPrev, const float* mask, float* dGates, float* dh0, float* dc0,
                                        float* dBias, size_t b, size_t t, size_t n, bool back, bool zero) {
  const size_t G = 4 * n, W = (t + 2) * n;
  thread_local std::vector<float> scratch;
  thread_local std::vector<size_t> masked;
  thread_local std::vector<double> biasSum;
  scratch.resize(2 * b * n + n * G);
  masked.resize(b);
  biasSum.assign(G, 0.0);
  float* dh = scratch.data();
  float* pass = dh + b * n;
  float* Ut = pass + b * n;
  transpose(U, n, G, Ut);
  // dh, dc start from the gradients of hT and cT.
  for (size_t r = 0; r < b; r++) {
    std::memcpy(dh + r * n, dy + r * W + t * n, n * sizeof(float));
    std::memcpy(dc0 + r * n, dy + r * W + (t + 1) * n, n * sizeof(float));
  }
  for (size_t s = t; s-- > 0;) {
    const size_t tau = back ? t - 1 - s : s;
    size_t nmasked = 0;
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* dyr = dy + r * W + s * n;
      float* dhr = dh + r * n;
      float* dg = dGates + at * G;
      if (mask && mask[at] == 0.0f) {
        // The state passed through unchanged: its gradient goes straight to the previous step.
        float* pr = pass + r * n;
        if (zero) std::memcpy(pr, dhr, n * sizeof(float));
        else add(dhr, dyr, pr, n);
        std::memset(dg, 0, G * sizeof(float));
        masked[nmasked++] = r;
        continue;
      }
      backRow(dhr, dyr, gates + at * G, tanhC + at * n, cPrev + at * n, dc0 + r * n, dg, n);
      accumulate(dg, biasSum.data(), G);
    }
    // dh for the previous step = this step's gate gradients (rows strided by t·4u) · Uᵀ.
    stepProduct(dGates + tau * G, t * G, Ut, n, dh, n, b, n, G);
    for (size_t q = 0; q < nmasked; q++) {
      const size_t o = masked[q] * n;
      add(dh + o, pass + o, dh + o, n);
    }
  }
  std::memcpy(dh0, dh, b * n * sizeof(float));
  for (size_t j = 0; j < G; j++) dBias[j] = float(biasSum[j]);
}

// lstmBackward(dy, recurrentKernel, gates, tanhC, cPrev, mask, dGates, dh0, dc0, dBias,
//              batch, time, units, goBackwards, zeroOutputForMask)
//   dy [b,(t+2)·u] (gradient of lstmForward's `out`), the saved gates/tanhC/cPrev, mask [b,t] or
//   empty. Writes dGates [b,t,4u] (gradient of the gate pre-activations = of xProj, input time
//   order), dh0 and dc0 [b,u], and dBias [4u] (dGates summed over batch and time).
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "lstmBackward";
  napi_value argv[15];
  if (!get_args(env, info, 15, argv, fn)) return nullptr;
  float *dy, *U, *gates, *tanhC, *cPrev, *mask, *dGates, *dh0, *dc0, *dBias;
  size_t ndy, nU, ngates, ntanhC, ncPrev, nmask, ndGates, ndh0, ndc0, ndBias;
  int32_t B, T, u;
  bool back, zero;
  if (!arg_f32(env, argv[0], &dy, &ndy, "dy") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &gates, &ngates, "gates") || !arg_f32(env, argv[3], &tanhC, &ntanhC, "tanhC") ||
      !arg_f32(env, argv[4], &cPrev, &ncPrev, "cPrev") || !arg_f32(env, argv[5], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[6], &dGates, &ndGates, "dGates") || !arg_f32(env, argv[7], &dh0, &ndh0, "dh0") ||
      !arg_f32(env, argv[8], &dc0, &ndc0, "dc0") || !arg_f32(env, argv[9], &dBias, &ndBias, "dBias") ||
      !arg_i32(env, argv[10], &B, "batch") || !arg_i32(env, argv[11], &T, "time") ||
      !arg_i32(env, argv[12], &u, "units") || !arg_bool(env, argv[13], &back, "goBackwards") ||
      !arg_bool(env, argv[14], &zero, "zeroOutputForMask"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "lstmBackward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, G = 4 * n, W = (t + 2) * n;
  if (!fits(env, ndy, b * W, fn, "dy") || !fits(env, nU, n * G, fn, "recurrentKernel") ||
      !fits(env, ngates, b * t * G, fn, "gates") || !fits(env, ntanhC, b * t * n, fn, "tanhC") ||
      !fits(env, ncPrev, b * t * n, fn, "cPrev") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, ndGates, b * t * G, fn, "dGates") || !fits(env, ndh0, b * n, fn, "dh0") ||
      !fits(env, ndc0, b * n, fn, "dc0") || !fits(env, ndBias, G, fn, "dBias"))
    return nullptr;
  if (b > 0) backward(dy, U, gates, tanhC, cPrev, nmask ? mask : nullptr, dGates, dh0, dc0, dBias, b, t, n, back, zero);
  else std::memset(dBias, 0, G * sizeof(float));
  return nullptr;
}
KORNLP_EXPORT("lstmBackward", LstmBackward);

}  // namespace
}  // namespace kornlp
