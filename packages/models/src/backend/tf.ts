// The one TensorFlow.js instance every kornlp package shares. Importing tfjs through here keeps
// layers, kernels and backends registered on the same engine.
import * as tf from '@tensorflow/tfjs';

export { tf };
