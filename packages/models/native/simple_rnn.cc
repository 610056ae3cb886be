// Whole-sequence SimpleRNN recurrence (tanh) and its backward pass through time on caller-owned
// buffers (views of the tfjs wasm heap), with the same inputs, outputs and saved layouts as the
// wasm kernels in src/fused/simple_rnn_kernels.ts. One matrix product per step; the recurrent
// kernel's gradient is one gemm over all steps done by the caller (hPrevᵀ · dX). The bias is added
// here rather than to xProj, and its gradient is summed here while dX is in cache.
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

// a = z + x + bias.
inline void preact(const float* __restrict z, const float* __restrict x, const float* __restrict bias,
                   float* __restrict a, size_t n) {
  for (size_t k = 0; k < n; k++) a[k] = z[k] + x[k] + bias[k];
}

// dx = (dh + dy)·(1 − h²): the gradient through tanh of one kept row.
inline void tanhBack(const float* __restrict dh, const float* __restrict dy, const float* __restrict h,
                     float* __restrict dx, size_t n) {
  for (size_t k = 0; k < n; k++) dx[k] = (dh[k] + dy[k]) * (1.0f - h[k] * h[k]);
}

// The forward recurrence (buffers already checked against the shapes). Kept out of line: inlined
// into the N-API function (with its throwing argument checks), GCC 12 vectorises none of its loops.
__attribute__((noinline)) void forward(const float* x, const float* U, const float* bias, const float* h0,
                                       const float* mask, float* out, float* hNew, float* hPrev, size_t b,
                                       size_t t, size_t n, bool back, bool zero, bool save) {
  const size_t W = (t + 1) * n;
  thread_local std::vector<float> scratch;
  scratch.resize(3 * b * n);
  float* h = scratch.data();
  float* z = h + b * n;
  float* act = z + b * n;
  std::memcpy(h, h0, b * n * sizeof(float));
  for (size_t s = 0; s < t; s++) {
    const size_t tau = back ? t - 1 - s : s;
    stepProduct(h, n, U, n, z, n, b, n, n);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      float* a = save ? hNew + at * n : act + r * n;
      preact(z + r * n, x + at * n, bias, a, n);
      vtanh(a, a, n);
      float* hr = h + r * n;
      if (save) std::memcpy(hPrev + at * n, hr, n * sizeof(float));
      float* o = out + r * W + s * n;
      if (!mask || mask[at] != 0.0f) {
        std::memcpy(hr, a, n * sizeof(float));
        std::memcpy(o, a, n * sizeof(float));
      } else if (zero) {
        std::memset(o, 0, n * sizeof(float));
      } else {
        std::memcpy(o, hr, n * sizeof(float));
      }
    }
  }
  for (size_t r = 0; r < b; r++) std::memcpy(out + r * W + t * n, h + r * n, n * sizeof(float));
}

// The backward pass through time (buffers already checked against the shapes).
__attribute__((noinline)) void backward(const float* dy, const float* U, const float* hNew, const float* mask,
                                        float* dX, float* dh0, float* dBias, size_t b, size_t t, size_t n, bool back,
                                        bool zero) {
  const size_t W = (t + 1) * n;
  thread_local std::vector<float> scratch;
  thread_local std::vector<size_t> masked;
  thread_local std::vector<double> biasSum;
  scratch.resize(2 * b * n + n * n);
  masked.resize(b);
  biasSum.assign(n, 0.0);
  float* dh = scratch.data();
  float* pass = dh + b * n;
  float* Ut = pass + b * n;
  transpose(U, n, n, Ut);
  for (size_t r = 0; r < b; r++) std::memcpy(dh + r * n, dy + r * W + t * n, n * sizeof(float));
  for (size_t s = t; s-- > 0;) {
    const size_t tau = back ? t - 1 - s : s;
    size_t nmasked = 0;
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* dyr = dy + r * W + s * n;
      const float* dhr = dh + r * n;
      float* dx = dX + at * n;
      if (mask && mask[at] == 0.0f) {
        // The state passed through unchanged: its gradient goes straight to the previous step.
        float* pr = pass + r * n;
        if (zero) std::memcpy(pr, dhr, n * sizeof(float));
        else add(dhr, dyr, pr, n);
        std::memset(dx, 0, n * sizeof(float));
        masked[nmasked++] = r;
        continue;
      }
      tanhBack(dhr, dyr, hNew + at * n, dx, n);
      accumulate(dx, biasSum.data(), n);
    }
    // dh for the previous step = this step's dX rows (strided by t·u) · Uᵀ.
    stepProduct(dX + tau * n, t * n, Ut, n, dh, n, b, n, n);
    for (size_t q = 0; q < nmasked; q++) {
      const size_t o = masked[q] * n;
      add(dh + o, pass + o, dh + o, n);
    }
  }
  std::memcpy(dh0, dh, b * n * sizeof(float));
  for (size_t k = 0; k < n; k++) dBias[k] = float(biasSum[k]);
}

// simpleRnnForward(xProj, recurrentKernel, bias, h0, mask, out, hNew, hPrev,
//                  batch, time, units, goBackwards, zeroOutputForMask, save)
//   h' = tanh(xProj_t + bias + h·U). xProj [b,t,u] (x · kernel), recurrentKernel [u,u], bias [u],
//   h0 [b,u], mask [b,t] or empty,
//   out [b,(t+1)·u]: per row the step outputs in processing order, then hT. With save, by input
//   time: hNew [b,t,u] (the step's tanh) and hPrev [b,t,u] (otherwise they may be empty).
napi_value SimpleRnnForward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "simpleRnnForward";
  napi_value argv[14];
  if (!get_args(env, info, 14, argv, fn)) return nullptr;
  float *x, *U, *bias, *h0, *mask, *out, *hNew, *hPrev;
  size_t nx, nU, nbias, nh0, nmask, nout, nhNew, nhPrev;
  int32_t B, T, u;
  bool back, zero, save;
  if (!arg_f32(env, argv[0], &x, &nx, "xProj") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &bias, &nbias, "bias") || !arg_f32(env, argv[3], &h0, &nh0, "h0") ||
      !arg_f32(env, argv[4], &mask, &nmask, "mask") || !arg_f32(env, argv[5], &out, &nout, "out") ||
      !arg_f32(env, argv[6], &hNew, &nhNew, "hNew") || !arg_f32(env, argv[7], &hPrev, &nhPrev, "hPrev") ||
      !arg_i32(env, argv[8], &B, "batch") || !arg_i32(env, argv[9], &T, "time") ||
      !arg_i32(env, argv[10], &u, "units") || !arg_bool(env, argv[11], &back, "goBackwards") ||
      !arg_bool(env, argv[12], &zero, "zeroOutputForMask") || !arg_bool(env, argv[13], &save, "save"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "simpleRnnForward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, W = (t + 1) * n;
  if (!fits(env, nx, b * t * n, fn, "xProj") || !fits(env, nU, n * n, fn, "recurrentKernel") ||
      !fits(env, nbias, n, fn, "bias") || !fits(env, nh0, b * n, fn, "h0") ||
      (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, nout, b * W, fn, "out"))
    return nullptr;
  if (save && (!fits(env, nhNew, b * t * n, fn, "hNew") || !fits(env, nhPrev, b * t * n, fn, "hPrev")))
    return nullptr;
  if (b > 0) forward(x, U, bias, h0, nmask ? mask : nullptr, out, hNew, hPrev, b, t, n, back, zero, save);
  return nullptr;
}
KORNLP_EXPORT("simpleRnnForward", SimpleRnnForward);

// simpleRnnBackward(dy, recurrentKernel, hNew, mask, dX, dh0, dBias, batch, time, units,
//                   goBackwards, zeroOutputForMask)
//   dy [b,(t+1)·u] (gradient of simpleRnnForward's `out`), the saved hNew, mask [b,t] or empty.
//   Writes dX [b,t,u] (gradient of the pre-activation, input time order), dh0 [b,u] and dBias [u]
//   (dX summed over batch and time).
napi_value SimpleRnnBackward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "simpleRnnBackward";
  napi_value argv[12];
  if (!get_args(env, info, 12, argv, fn)) return nullptr;
  float *dy, *U, *hNew, *mask, *dX, *dh0, *dBias;
  size_t ndy, nU, nhNew, nmask, ndX, ndh0, ndBias;
  int32_t B, T, u;
  bool back, zero;
  if (!arg_f32(env, argv[0], &dy, &ndy, "dy") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &hNew, &nhNew, "hNew") || !arg_f32(env, argv[3], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[4], &dX, &ndX, "dX") || !arg_f32(env, argv[5], &dh0, &ndh0, "dh0") ||
      !arg_f32(env, argv[6], &dBias, &ndBias, "dBias") || !arg_i32(env, argv[7], &B, "batch") ||
      !arg_i32(env, argv[8], &T, "time") || !arg_i32(env, argv[9], &u, "units") ||
      !arg_bool(env, argv[10], &back, "goBackwards") || !arg_bool(env, argv[11], &zero, "zeroOutputForMask"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "simpleRnnBackward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, W = (t + 1) * n;
  if (!fits(env, ndy, b * W, fn, "dy") || !fits(env, nU, n * n, fn, "recurrentKernel") ||
      !fits(env, nhNew, b * t * n, fn, "hNew") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, ndX, b * t * n, fn, "dX") || !fits(env, ndh0, b * n, fn, "dh0") ||
      !fits(env, ndBias, n, fn, "dBias"))
    return nullptr;
  if (b > 0) backward(dy, U, hNew, nmask ? mask : nullptr, dX, dh0, dBias, b, t, n, back, zero);
  else std::memset(dBias, 0, n * sizeof(float));
  return nullptr;
}
KORNLP_EXPORT("simpleRnnBackward", SimpleRnnBackward);

}  // namespace
}  // namespace kornlp
