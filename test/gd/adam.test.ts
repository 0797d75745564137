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

test("Adam over a list of two variables → the same updates as two Adams on one variable each (elementwise)", async () => {
  await useBackend("auto", () => undefined);
  const [a0, b0] = [[1.5, -2, 0.25], [[3, -1], [0.5, 2]]];
  const loss = (a: tf.Tensor, b: tf.Tensor) => a.square().sum().add(b.sub(1).square().mul(3).sum()) as tf.Scalar;
  const [a, b] = [tf.variable(tf.tensor1d(a0)), tf.variable(tf.tensor2d(b0))];
  const both = new Adam([a, b], { lr: 0.1 });
  const [a1, b1] = [tf.variable(tf.tensor1d(a0)), tf.variable(tf.tensor2d(b0))];
  const alone = [new Adam(a1, { lr: 0.1 }), new Adam(b1, { lr: 0.1 })];
  for (let s = 0; s < 30; s++) {
    both.step(() => loss(a, b));
    alone[0].step(() => loss(a1, b1));
    alone[1].step(() => loss(a1, b1));
  }
  assert.deepEqual(Array.from(a.dataSync()), Array.from(a1.dataSync()));
  assert.deepEqual(Array.from(b.dataSync()), Array.from(b1.dataSync()));
  // apply(grads) with the gradients of the loss is step(loss)
  const { grads } = tf.variableGrads(() => loss(a, b), [a, b]);
  both.apply([grads[a.name], grads[b.name]]);
  alone[0].step(() => loss(a1, b1));
  alone[1].step(() => loss(a1, b1));
  assert.deepEqual(Array.from(b.dataSync()), Array.from(b1.dataSync()));
  assert.throws(() => both.apply([grads[a.name]]), /grads must hold one gradient per parameter, 2 \(got 1\)/);
  tf.dispose([a, b, a1, b1, grads[a.name], grads[b.name]]);
  both.dispose();
  alone.forEach((o) => o.dispose());
});

test("new Adam with lr ≤ 0 → ParameterError naming lr", () => {
  const param = tf.variable(tf.zeros([2]));
  assert.throws(() => new Adam(param, { lr: 0 }), /lr must be a number > 0/);
  assert.throws(() => new Adam(param, { lr: NaN }), /lr must be/);
  param.dispose();
});
