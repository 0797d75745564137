import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { Adam } from "../../lib/gd/adam";
import { useBackend } from "../../lib/tensor/backend";

/** Float64 reference: PyTorch's Adam update written out for L(p) = Σ_i w_i (p_i − c_i)², ∇ = 2 w (p − c). */
function adam64(p0: number[], w: number[], c: number[], lr: number, steps: number): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < p.length; i++) {
      const g = 2 * w[i] * (p[i] - c[i]);
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return p;
}

test("Adam.step × 200 → PyTorch's Adam in float64 within float32 accuracy", async () => {
  await useBackend("auto", () => undefined);
  const p0 = [1.5, -2, 0.25, 3];
  const w = [1, 10, 0.1, 0.5];
  const c = [0, 1, -1, 2];
  const param = tf.variable(tf.tensor1d(p0));
  const wt = tf.tensor1d(w);
  const ct = tf.tensor1d(c);
  const adam = new Adam(param, { lr: 0.05 });
  for (let s = 0; s < 200; s++) adam.step(() => param.sub(ct).square().mul(wt).sum() as tf.Scalar);
  const got = Array.from(param.dataSync());
  const want = adam64(p0, w, c, 0.05, 200);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `p[${i}] = ${got[i]}, float64 ${want[i]}`);
  assert.equal(adam.steps, 200);
  const count = tf.memory().numTensors;
  adam.dispose();
  assert.equal(tf.memory().numTensors, count - 2, "dispose frees exactly the two moment variables");
  tf.dispose([param, wt, ct]);
});

test("new Adam with lr ≤ 0 → ParameterError naming lr", () => {
  const param = tf.variable(tf.zeros([2]));
  assert.throws(() => new Adam(param, { lr: 0 }), /lr must be a number > 0/);
  assert.throws(() => new Adam(param, { lr: NaN }), /lr must be/);
  param.dispose();
});
