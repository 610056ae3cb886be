// kornlp native accelerator: each source file registers its exported functions here with a
// static KORNLP_EXPORT(...) line, so adding a file never edits another one.
#pragma once
#include <node_api.h>
#include <cstddef>
#include <cstdint>

namespace kornlp {

struct Export {
  const char* name;
  napi_callback fn;
};

// Registers `fn` under `name` on the module's exports (called from static initialisers).
int register_export(const char* name, napi_callback fn);

// ---- argument helpers (throw a JS TypeError and return false on bad input) ----

// Reads argument `i` as a Float32Array and returns its data pointer and length (elements).
bool arg_f32(napi_env env, napi_value v, float** data, size_t* length, const char* what);
// Reads argument as an int32 / uint32 / bool / double.
bool arg_i32(napi_env env, napi_value v, int32_t* out, const char* what);
bool arg_bool(napi_env env, napi_value v, bool* out, const char* what);
bool arg_f64(napi_env env, napi_value v, double* out, const char* what);

// Fetches up to `n` arguments; throws unless exactly `n` were given.
bool get_args(napi_env env, napi_callback_info info, size_t n, napi_value* argv, const char* fn);

}  // namespace kornlp

#define KORNLP_CONCAT2(a, b) a##b
#define KORNLP_CONCAT(a, b) KORNLP_CONCAT2(a, b)
#define KORNLP_EXPORT(name, fn) \
  static int KORNLP_CONCAT(kornlp_export_, __LINE__) = ::kornlp::register_export(name, fn)
