import { tf } from '../backend/tf.js';

// Op-by-op recurrences with tfjs autograd: the path on backends without the fused kernels, and
// the unfused reference the fused kernels are tested against. Inputs are already projected:
// xProj = x · kernel + bias, [batch, time, gates·units]; mask is float [batch, time].

/** How one step turns (projected input, previous states) into (output, new states). */
export type StepFn = (xt: tf.Tensor2D, states: tf.Tensor2D[]) => tf.Tensor2D[];

/** Runs `step` over time with Keras masking; returns [seq (processing order), ...final states]. */
export function runRecurrence(
  xProj: tf.Tensor3D,
  initial: tf.Tensor2D[],
  mask: tf.Tensor2D | undefined,
  options: { goBackwards: boolean; zeroOutputForMask: boolean },
  step: StepFn,
): tf.Tensor[] {
  const [B, T, G] = xProj.shape;
  let states = initial;
  let prevOut = initial[0] as tf.Tensor2D;
  const outs: tf.Tensor2D[] = [];
  for (let s = 0; s < T; s++) {
    const tau = options.goBackwards ? T - 1 - s : s;
    const xt = tf.reshape(tf.slice(xProj, [0, tau, 0], [B, 1, G]), [B, G]) as tf.Tensor2D;
    const next = step(xt, states);
    if (mask) {
      const m = tf.slice(mask, [0, tau], [B, 1]);
      const keep = (a: tf.Tensor2D, b: tf.Tensor2D) =>
        tf.add(tf.mul(a, m), tf.mul(b, tf.sub(1, m))) as tf.Tensor2D;
      const newStates = next.map((n, i) => keep(n, states[i] as tf.Tensor2D));
      const out = options.zeroOutputForMask
        ? (tf.mul(next[0] as tf.Tensor2D, m) as tf.Tensor2D)
        : keep(next[0] as tf.Tensor2D, prevOut);
      states = newStates;
      prevOut = out;
    } else {
      states = next;
      prevOut = next[0] as tf.Tensor2D;
    }
    outs.push(prevOut);
  }
  return [tf.stack(outs, 1), ...states];
}

/** LSTM step, Keras gate order i, f, c, o; sigmoid gates, tanh activation. */
export function lstmStep(recurrentKernel: tf.Tensor2D): StepFn {
  return (xt, [h, c]) => {
    const z = tf.add(xt, tf.matMul(h as tf.Tensor2D, recurrentKernel));
    const [i, f, g, o] = tf.split(z, 4, 1) as tf.Tensor2D[];
    const cn = tf.add(
      tf.mul(tf.sigmoid(f as tf.Tensor2D), c as tf.Tensor2D),
      tf.mul(tf.sigmoid(i as tf.Tensor2D), tf.tanh(g as tf.Tensor2D)),
    );
    const hn = tf.mul(tf.sigmoid(o as tf.Tensor2D), tf.tanh(cn));
    return [hn as tf.Tensor2D, cn as tf.Tensor2D];
  };
}

/** GRU step, Keras gate order z, r, h. reset_after: `recurrentBias` is added inside the reset product. */
export function gruStep(
  recurrentKernel: tf.Tensor2D,
  recurrentBias: tf.Tensor1D | null,
  resetAfter: boolean,
): StepFn {
  const u = recurrentKernel.shape[0];
  return (xt, [h]) => {
    const hp = h as tf.Tensor2D;
    const [xz, xr, xh] = tf.split(xt, 3, 1) as tf.Tensor2D[];
    let z: tf.Tensor;
    let r: tf.Tensor;
    let hh: tf.Tensor;
    if (resetAfter) {
      let m = tf.matMul(hp, recurrentKernel) as tf.Tensor2D;
      if (recurrentBias) m = tf.add(m, recurrentBias);
      const [mz, mr, mh] = tf.split(m, 3, 1) as tf.Tensor2D[];
      z = tf.sigmoid(tf.add(xz as tf.Tensor2D, mz as tf.Tensor2D));
      r = tf.sigmoid(tf.add(xr as tf.Tensor2D, mr as tf.Tensor2D));
      hh = tf.tanh(tf.add(xh as tf.Tensor2D, tf.mul(r, mh as tf.Tensor2D)));
    } else {
      const uzr = tf.slice(recurrentKernel, [0, 0], [u, 2 * u]);
      const uh = tf.slice(recurrentKernel, [0, 2 * u], [u, u]);
      const [mz, mr] = tf.split(tf.matMul(hp, uzr), 2, 1) as tf.Tensor2D[];
      z = tf.sigmoid(tf.add(xz as tf.Tensor2D, mz as tf.Tensor2D));
      r = tf.sigmoid(tf.add(xr as tf.Tensor2D, mr as tf.Tensor2D));
      hh = tf.tanh(tf.add(xh as tf.Tensor2D, tf.matMul(tf.mul(r, hp), uh)));
    }
    return [tf.add(tf.mul(z, hp), tf.mul(tf.sub(1, z), hh)) as tf.Tensor2D];
  };
}

/** SimpleRNN step with tanh activation. */
export function simpleRnnStep(recurrentKernel: tf.Tensor2D): StepFn {
  return (xt, [h]) => [tf.tanh(tf.add(xt, tf.matMul(h as tf.Tensor2D, recurrentKernel))) as tf.Tensor2D];
}
