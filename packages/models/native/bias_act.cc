// The epilogue of a fused matmul (a Dense layer): bias added to every row and the activation
// applied, in place and in one pass over the gemm's output.
#include <algorithm>
#include "registry.h"
#include "vmath.h"

namespace kornlp {

enum Act { kLinear = 0, kRelu = 1, kRelu6 = 2, kSigmoid = 3, kLeakyRelu = 4, kElu = 5 };

__attribute__((noinline)) static void bias_act_core(float* __restrict y, const float* __restrict bias, size_t rows,
                                                    size_t n, int act, float alpha) {
  for (size_t r = 0; r < rows; r++) {
    float* row = y + r * n;
    if (bias)
      for (size_t j = 0; j < n; j++) row[j] += bias[j];
    switch (act) {
      case kRelu:
        for (size_t j = 0; j < n; j++) row[j] = std::max(row[j], 0.0f);
        break;
      case kRelu6:
        for (size_t j = 0; j < n; j++) row[j] = std::min(std::max(row[j], 0.0f), 6.0f);
        break;
      case kSigmoid:
        vsigmoid(row, row, n);
        break;
      case kLeakyRelu:
        for (size_t j = 0; j < n; j++) row[j] = row[j] < 0.0f ? alpha * row[j] : row[j];
        break;
      case kElu:
        for (size_t j = 0; j < n; j++) row[j] = row[j] > 0.0f ? row[j] : vexp1(row[j]) - 1.0f;
        break;
      default:
        break;
    }
  }
}

// biasActivation(y, bias, n, act, alpha): y is [rows, n]; bias is empty (none) or n floats; act
// 0 linear, 1 relu, 2 relu6, 3 sigmoid, 4 leakyrelu (alpha), 5 elu.
static napi_value BiasActivation(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!get_args(env, info, 5, argv, "biasActivation")) return nullptr;
  float *y, *bias;
  size_t ly, lb;
  int32_t n, act;
  double alpha;
  if (!arg_f32(env, argv[0], &y, &ly, "y") || !arg_f32(env, argv[1], &bias, &lb, "bias") ||
      !arg_i32(env, argv[2], &n, "n") || !arg_i32(env, argv[3], &act, "act") || !arg_f64(env, argv[4], &alpha, "alpha"))
    return nullptr;
  if (n < 1 || ly % size_t(n) || (lb != 0 && lb != size_t(n)) || act < 0 || act > kElu) {
    napi_throw_range_error(env, nullptr, "biasActivation: y must be rows x n, bias empty or n long, act 0..5");
    return nullptr;
  }
  bias_act_core(y, lb ? bias : nullptr, ly / size_t(n), size_t(n), act, float(alpha));
  return nullptr;
}
KORNLP_EXPORT("biasActivation", BiasActivation);

}  // namespace kornlp
