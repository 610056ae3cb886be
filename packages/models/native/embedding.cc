// Row gather and row scatter-add, the two halves of an Embedding layer (lookup, and its gradient
// as UnsortedSegmentSum), on views of the wasm heap. Validation of the ids stays in JS.
#include <cstring>
#include <string>
#include "registry.h"

namespace kornlp {

static bool arg_i32_array(napi_env env, napi_value v, int32_t** data, size_t* length, const char* what) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  napi_typedarray_type type;
  void* ptr = nullptr;
  if (is && napi_get_typedarray_info(env, v, &type, length, &ptr, nullptr, nullptr) == napi_ok &&
      type == napi_int32_array) {
    *data = static_cast<int32_t*>(ptr);
    return true;
  }
  std::string msg = std::string(what) + " must be an Int32Array";
  napi_throw_type_error(env, nullptr, msg.c_str());
  return false;
}

// gatherRows(x, ids, out, row): out[i] = x[ids[i]] for rows of `row` floats; ids must be in range.
static napi_value GatherRows(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv, "gatherRows")) return nullptr;
  float *x, *out;
  int32_t* ids;
  size_t lx, lids, lout;
  int32_t row;
  if (!arg_f32(env, argv[0], &x, &lx, "x") || !arg_i32_array(env, argv[1], &ids, &lids, "ids") ||
      !arg_f32(env, argv[2], &out, &lout, "out") || !arg_i32(env, argv[3], &row, "row"))
    return nullptr;
  if (row < 1 || lout < lids * size_t(row)) {
    napi_throw_range_error(env, nullptr, "gatherRows: out is smaller than ids x row");
    return nullptr;
  }
  const size_t rows = lx / size_t(row);
  for (size_t i = 0; i < lids; i++) {
    if (ids[i] < 0 || size_t(ids[i]) >= rows) {
      napi_throw_range_error(env, nullptr, "gatherRows: an id is out of range");
      return nullptr;
    }
    std::memcpy(out + i * row, x + size_t(ids[i]) * row, sizeof(float) * row);
  }
  return nullptr;
}
KORNLP_EXPORT("gatherRows", GatherRows);

__attribute__((noinline)) static void add_row(float* __restrict dst, const float* __restrict src, size_t n) {
  for (size_t j = 0; j < n; j++) dst[j] += src[j];
}

// segmentSumRows(x, ids, out, row): out = 0, then out[ids[i]] += x[i] for rows of `row` floats;
// ids outside [0, out rows) are dropped, as TensorFlow's UnsortedSegmentSum does.
static napi_value SegmentSumRows(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv, "segmentSumRows")) return nullptr;
  float *x, *out;
  int32_t* ids;
  size_t lx, lids, lout;
  int32_t row;
  if (!arg_f32(env, argv[0], &x, &lx, "x") || !arg_i32_array(env, argv[1], &ids, &lids, "ids") ||
      !arg_f32(env, argv[2], &out, &lout, "out") || !arg_i32(env, argv[3], &row, "row"))
    return nullptr;
  if (row < 1 || lx < lids * size_t(row)) {
    napi_throw_range_error(env, nullptr, "segmentSumRows: x is smaller than ids x row");
    return nullptr;
  }
  const size_t segments = lout / size_t(row);
  std::memset(out, 0, sizeof(float) * lout);
  for (size_t i = 0; i < lids; i++) {
    if (ids[i] < 0 || size_t(ids[i]) >= segments) continue;
    add_row(out + size_t(ids[i]) * row, x + i * row, size_t(row));
  }
  return nullptr;
}
KORNLP_EXPORT("segmentSumRows", SegmentSumRows);

}  // namespace kornlp
