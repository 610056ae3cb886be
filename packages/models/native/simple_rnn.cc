// Whole-sequence SimpleRNN recurrence (tanh) and its backward pass through time on caller-owned
// buffers (views of the tfjs wasm heap), with the same inputs, outputs and saved layouts as the
// wasm kernels in src/fused/simple_rnn_kernels.ts. One cblas_sgemm per step; the recurrent
// kernel's gradient is one gemm over all steps done by the caller (hPrevᵀ · dX).
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

// simpleRnnForward(xProj, recurrentKernel, h0, mask, out, hNew, hPrev,
//                  batch, time, units, goBackwards, zeroOutputForMask, save)
//   h' = tanh(xProj_t + h·U). xProj [b,t,u], recurrentKernel [u,u], h0 [b,u], mask [b,t] or empty,
//   out [b,(t+1)·u]: per row the step outputs in processing order, then hT. With save, by input
//   time: hNew [b,t,u] (the step's tanh) and hPrev [b,t,u] (otherwise they may be empty).
napi_value SimpleRnnForward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "simpleRnnForward";
  napi_value argv[13];
  if (!get_args(env, info, 13, argv, fn)) return nullptr;
  float *x, *U, *h0, *mask, *out, *hNew, *hPrev;
  size_t nx, nU, nh0, nmask, nout, nhNew, nhPrev;
  int32_t B, T, u;
  bool back, zero, save;
  if (!arg_f32(env, argv[0], &x, &nx, "xProj") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &h0, &nh0, "h0") || !arg_f32(env, argv[3], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[4], &out, &nout, "out") || !arg_f32(env, argv[5], &hNew, &nhNew, "hNew") ||
      !arg_f32(env, argv[6], &hPrev, &nhPrev, "hPrev") || !arg_i32(env, argv[7], &B, "batch") ||
      !arg_i32(env, argv[8], &T, "time") || !arg_i32(env, argv[9], &u, "units") ||
      !arg_bool(env, argv[10], &back, "goBackwards") || !arg_bool(env, argv[11], &zero, "zeroOutputForMask") ||
      !arg_bool(env, argv[12], &save, "save"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "simpleRnnForward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, W = (t + 1) * n;
  if (!fits(env, nx, b * t * n, fn, "xProj") || !fits(env, nU, n * n, fn, "recurrentKernel") ||
      !fits(env, nh0, b * n, fn, "h0") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, nout, b * W, fn, "out"))
    return nullptr;
  if (save && (!fits(env, nhNew, b * t * n, fn, "hNew") || !fits(env, nhPrev, b * t * n, fn, "hPrev")))
    return nullptr;
  if (b == 0) return nullptr;
  thread_local std::vector<float> scratch;
  scratch.resize(2 * b * n);
  float* h = scratch.data();
  float* z = h + b * n;
  std::memcpy(h, h0, b * n * sizeof(float));
  for (size_t s = 0; s < t; s++) {
    const size_t tau = back ? t - 1 - s : s;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, u, u, 1.0f, h, u, U, u, 0.0f, z, u);
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* xr = x + at * n;
      float* zr = z + r * n;
      float* a = save ? hNew + at * n : zr;
      for (size_t k = 0; k < n; k++) a[k] = zr[k] + xr[k];
      vtanh(a, a, n);
      float* hr = h + r * n;
      if (save) std::memcpy(hPrev + at * n, hr, n * sizeof(float));
      float* o = out + r * W + s * n;
      if (nmask == 0 || mask[at] != 0.0f) {
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
  return nullptr;
}
KORNLP_EXPORT("simpleRnnForward", SimpleRnnForward);

// simpleRnnBackward(dy, recurrentKernel, hNew, mask, dX, dh0, batch, time, units, goBackwards,
//                   zeroOutputForMask)
//   dy [b,(t+1)·u] (gradient of simpleRnnForward's `out`), the saved hNew, mask [b,t] or empty.
//   Writes dX [b,t,u] (gradient of the pre-activation, input time order) and dh0 [b,u].
napi_value SimpleRnnBackward(napi_env env, napi_callback_info info) {
  constexpr const char* fn = "simpleRnnBackward";
  napi_value argv[11];
  if (!get_args(env, info, 11, argv, fn)) return nullptr;
  float *dy, *U, *hNew, *mask, *dX, *dh0;
  size_t ndy, nU, nhNew, nmask, ndX, ndh0;
  int32_t B, T, u;
  bool back, zero;
  if (!arg_f32(env, argv[0], &dy, &ndy, "dy") || !arg_f32(env, argv[1], &U, &nU, "recurrentKernel") ||
      !arg_f32(env, argv[2], &hNew, &nhNew, "hNew") || !arg_f32(env, argv[3], &mask, &nmask, "mask") ||
      !arg_f32(env, argv[4], &dX, &ndX, "dX") || !arg_f32(env, argv[5], &dh0, &ndh0, "dh0") ||
      !arg_i32(env, argv[6], &B, "batch") || !arg_i32(env, argv[7], &T, "time") ||
      !arg_i32(env, argv[8], &u, "units") || !arg_bool(env, argv[9], &back, "goBackwards") ||
      !arg_bool(env, argv[10], &zero, "zeroOutputForMask"))
    return nullptr;
  if (B < 0 || T < 0 || u < 1) {
    napi_throw_range_error(env, nullptr, "simpleRnnBackward: batch and time must be ≥ 0, units ≥ 1");
    return nullptr;
  }
  const size_t b = B, t = T, n = u, W = (t + 1) * n;
  if (!fits(env, ndy, b * W, fn, "dy") || !fits(env, nU, n * n, fn, "recurrentKernel") ||
      !fits(env, nhNew, b * t * n, fn, "hNew") || (nmask && !fits(env, nmask, b * t, fn, "mask")) ||
      !fits(env, ndX, b * t * n, fn, "dX") || !fits(env, ndh0, b * n, fn, "dh0"))
    return nullptr;
  if (b == 0) return nullptr;
  thread_local std::vector<float> scratch;
  thread_local std::vector<size_t> masked;
  scratch.resize(2 * b * n);
  masked.resize(b);
  float* dh = scratch.data();
  float* pass = dh + b * n;
  for (size_t r = 0; r < b; r++) std::memcpy(dh + r * n, dy + r * W + t * n, n * sizeof(float));
  for (size_t s = t; s-- > 0;) {
    const size_t tau = back ? t - 1 - s : s;
    size_t nmasked = 0;
    for (size_t r = 0; r < b; r++) {
      const size_t at = r * t + tau;
      const float* __restrict dyr = dy + r * W + s * n;
      const float* __restrict dhr = dh + r * n;
      float* __restrict dx = dX + at * n;
      if (nmask && mask[at] == 0.0f) {
        // The state passed through unchanged: its gradient goes straight to the previous step.
        float* pr = pass + r * n;
        if (zero) std::memcpy(pr, dhr, n * sizeof(float));
        else
          for (size_t k = 0; k < n; k++) pr[k] = dhr[k] + dyr[k];
        std::memset(dx, 0, n * sizeof(float));
        masked[nmasked++] = r;
        continue;
      }
      const float* __restrict hr = hNew + at * n;
      for (size_t k = 0; k < n; k++) dx[k] = (dhr[k] + dyr[k]) * (1.0f - hr[k] * hr[k]);
    }
    // dh for the previous step = this step's dX rows (strided by t·u) · Uᵀ.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, u, u, 1.0f, dX + tau * n, int(t * n), U, u, 0.0f,
                dh, u);
    for (size_t q = 0; q < nmasked; q++) {
      const size_t o = masked[q] * n;
      for (size_t k = 0; k < n; k++) dh[o + k] += pass[o + k];
    }
  }
  std::memcpy(dh0, dh, b * n * sizeof(float));
  return nullptr;
}
KORNLP_EXPORT("simpleRnnBackward", SimpleRnnBackward);

}  // namespace
}  // namespace kornlp
