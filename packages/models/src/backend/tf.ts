// The one TensorFlow.js instance every kornlp package shares. Importing tfjs through here keeps
// layers, kernels and backends registered on the same engine.
import * as tf from '@tensorflow/tfjs';
import { makeTileGradConfig } from './tile_grad.js';

// Every backend: tfjs's Tile gradient is one slice per repetition (see tile_grad.ts).
tf.registerGradient(makeTileGradConfig(tf));

export { tf };
