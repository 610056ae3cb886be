// One Adam step for one variable in a single pass (tfjs's AdamOptimizer issues ~12 kernels per
// variable, each a full pass over memory). Same float32 operations in the same order as tfjs,
// and no fused multiply-add, so the numbers equal the unfused path's.
#include <cmath>
#include "registry.h"

namespace kornlp {

__attribute__((noinline, optimize("fp-contract=off"))) static void adam_core(
    size_t n, const float* __restrict value, const float* __restrict m, const float* __restrict v,
    const float* __restrict g, float* __restrict out_value, float* __restrict out_m, float* __restrict out_v,
    float b1, float ob1, float b2, float ob2, float c1, float c2, float eps, float neg_lr) {
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float nm = m[i] * b1 + gi * ob1;
    const float nv = v[i] * b2 + (gi * gi) * ob2;
    out_m[i] = nm;
    out_v[i] = nv;
    out_value[i] = ((nm / c1) / (std::sqrt(nv / c2) + eps)) * neg_lr + value[i];
  }
}

// adamUpdate(value, m, v, g, outValue, outM, outV, p): p is a Float32Array
//   [beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1^t, 1 - beta2^t, epsilon, -learningRate].
static napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!get_args(env, info, 8, argv, "adamUpdate")) return nullptr;
  float *value, *m, *v, *g, *ov, *om, *ovv, *p;
  size_t n, lm, lv, lg, lov, lom, lovv, lp;
  if (!arg_f32(env, argv[0], &value, &n, "value") || !arg_f32(env, argv[1], &m, &lm, "m") ||
      !arg_f32(env, argv[2], &v, &lv, "v") || !arg_f32(env, argv[3], &g, &lg, "g") ||
      !arg_f32(env, argv[4], &ov, &lov, "outValue") || !arg_f32(env, argv[5], &om, &lom, "outM") ||
      !arg_f32(env, argv[6], &ovv, &lovv, "outV") || !arg_f32(env, argv[7], &p, &lp, "p"))
    return nullptr;
  if (lm != n || lv != n || lg != n || lov != n || lom != n || lovv != n || lp != 8) {
    napi_throw_range_error(env, nullptr, "adamUpdate: value, m, v, g and the outputs must have one length; p 8");
    return nullptr;
  }
  adam_core(n, value, m, v, g, ov, om, ovv, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  return nullptr;
}
KORNLP_EXPORT("adamUpdate", AdamUpdate);

}  // namespace kornlp
