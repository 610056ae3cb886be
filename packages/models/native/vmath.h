// Element-wise exp, sigmoid and tanh written as plain loops that GCC vectorises at -O3
// -march=native (AVX2/FMA where the CPU has them): glibc's expf is scalar unless -ffast-math,
// and a recurrent step needs tens of thousands of them. Relative error of vexp ≤ 2e-7 over the
// clamped range; sigmoid and tanh are exact to float rounding at their saturated ends.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kornlp {

// e^x for x clamped to [-87.3, 88.7] (finite, normal results): x = n·ln2 + r with |r| ≤ ln2/2,
// e^r by a degree-6 minimax polynomial, 2^n by building the float's exponent bits.
static inline float vexp1(float x) {
  x = x < -87.3f ? -87.3f : (x > 88.7f ? 88.7f : x);
  const float n = std::nearbyint(x * 1.44269504088896341f);
  // ln 2 split in a part exact in float and the rest, so n·ln2 is subtracted without rounding.
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return y * scale;
}

// y[i] = 1 / (1 + e^(-x[i])); y may alias x.
static inline void vsigmoid(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + vexp1(-x[i]));
}

// y[i] = tanh(x[i]) = 1 - 2 / (e^(2x) + 1); y may alias x.
static inline void vtanh(const float* x, float* y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0f - 2.0f / (vexp1(2.0f * x[i]) + 1.0f);
}

}  // namespace kornlp
