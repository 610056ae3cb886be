// Module entry: exposes every function registered with KORNLP_EXPORT, plus `info()`.
#include <cblas.h>
#include <string>
#include <vector>
#include "registry.h"

extern "C" {
// OpenBLAS extensions (declared here so the generic cblas.h is enough).
void openblas_set_num_threads(int);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
}

namespace kornlp {

static std::vector<Export>& exports_list() {
  static std::vector<Export> list;
  return list;
}

int register_export(const char* name, napi_callback fn) {
  exports_list().push_back({name, fn});
  return 0;
}

bool get_args(napi_env env, napi_callback_info info, size_t n, napi_value* argv, const char* fn) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != n) {
    std::string msg = std::string(fn) + ": expected " + std::to_string(n) + " arguments, got " + std::to_string(argc);
    napi_throw_type_error(env, nullptr, msg.c_str());
    return false;
  }
  return true;
}

bool arg_f32(napi_env env, napi_value v, float** data, size_t* length, const char* what) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  napi_typedarray_type type;
  void* ptr = nullptr;
  if (is && napi_get_typedarray_info(env, v, &type, length, &ptr, nullptr, nullptr) == napi_ok &&
      type == napi_float32_array) {
    *data = static_cast<float*>(ptr);
    return true;
  }
  std::string msg = std::string(what) + " must be a Float32Array";
  napi_throw_type_error(env, nullptr, msg.c_str());
  return false;
}

bool arg_i32(napi_env env, napi_value v, int32_t* out, const char* what) {
  if (napi_get_value_int32(env, v, out) == napi_ok) return true;
  std::string msg = std::string(what) + " must be a number";
  napi_throw_type_error(env, nullptr, msg.c_str());
  return false;
}

bool arg_bool(napi_env env, napi_value v, bool* out, const char* what) {
  if (napi_get_value_bool(env, v, out) == napi_ok) return true;
  std::string msg = std::string(what) + " must be a boolean";
  napi_throw_type_error(env, nullptr, msg.c_str());
  return false;
}

bool arg_f64(napi_env env, napi_value v, double* out, const char* what) {
  if (napi_get_value_double(env, v, out) == napi_ok) return true;
  std::string msg = std::string(what) + " must be a number";
  napi_throw_type_error(env, nullptr, msg.c_str());
  return false;
}

// info() → { blas: string, threads: number }
static napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, blas, threads;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &blas);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  napi_set_named_property(env, obj, "blas", blas);
  napi_set_named_property(env, obj, "threads", threads);
  return obj;
}
KORNLP_EXPORT("info", Info);

// setThreads(n): BLAS threads for every later call.
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t n;
  if (!get_args(env, info, 1, argv, "setThreads") || !arg_i32(env, argv[0], &n, "threads")) return nullptr;
  openblas_set_num_threads(n < 1 ? 1 : n);
  return nullptr;
}
KORNLP_EXPORT("setThreads", SetThreads);

}  // namespace kornlp

NAPI_MODULE_INIT() {
  for (const auto& e : kornlp::exports_list()) {
    napi_value f;
    napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.fn, nullptr, &f);
    napi_set_named_property(env, exports, e.name, f);
  }
  return exports;
}
