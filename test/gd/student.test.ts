import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { useBackend } from "../../lib/tensor/backend";
import { studentLoss64 } from "../../lib/gd/loss64";
import { studentIndices, studentLosses, studentMatrices, Tokens } from "../../lib/gd/student";
import { indices, labels } from "../../lib/model/data";
import { sampleTeacher } from "../../lib/model/teacher";
import { gaussianArray } from "../../lib/random/rng";

before(async () => {
  await useBackend("auto", () => undefined);
});

function problem(n: number, T: number, d: number, rho: number, beta = 1) {
  const teacher = sampleTeacher(d, rho, `student/${n}/${T}/${d}`);
  const X = gaussianArray(n * T * d, `student/X/${n}/${T}/${d}`);
  const h = indices(X, teacher.S, n, T, d);
  const y = labels(softmax(T, beta), h, n);
  return { teacher, X, h, y, r: teacher.r };
}

/** Students side by side in the d × (K r) layout of lib/gd/student.ts. */
function sideBySide(Ws: Float64Array[], d: number, r: number): tf.Tensor2D {
  const K = Ws.length;
  const out = new Float32Array(d * K * r);
  Ws.forEach((w, k) => {
    for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) out[i * K * r + k * r + j] = w[i * r + j];
  });
  return tf.tensor2d(out, [d, K * r]);
}

test("studentIndices(teacher's W) → the model's indices(X, S), trace subtraction included (float32)", () => {
  const n = 50, T = 4, d = 30;
  const { teacher, X, h, r } = problem(n, T, d, 0.5);
  const tokens = new Tokens(X, n, T, d);
  const W = sideBySide([teacher.W], d, r);
  const A = studentIndices(tokens, W, { n, T, d, r, K: 1 });
  const got = A.dataSync();
  let worst = 0;
  for (let i = 0; i < h.length; i++) worst = Math.max(worst, Math.abs(got[i] - h[i]));
  // entries are O(1), built from O(√d) float32 terms: error ~ 1e-7·√d·(a few)
  assert.ok(worst < 1e-4, `max |A − h| = ${worst}`);
  // a wrong trace term (e.g. Tr S/d instead of Tr S/√d) would be off by ≈ √ρ(√d − 1) ≈ 3.2 here
  tf.dispose([A, W]);
  tokens.dispose();
});

test("studentLosses(teacher's W) → 0 up to float32 rounding, and ≫ 0 at a random W", () => {
  const n = 200, T = 3, d = 24;
  const { teacher, X, y, r } = problem(n, T, d, 0.5);
  const tokens = new Tokens(X, n, T, d);
  const yt = tf.tensor3d(Float32Array.from(y), [n, T, T]);
  const W = sideBySide([teacher.W, gaussianArray(d * r, "random W")], d, r);
  const losses = studentLosses(tokens, yt, W, { n, T, d, r, K: 2 }, 1).dataSync();
  assert.ok(losses[0] < 1e-9, `teacher loss ${losses[0]}`);
  assert.ok(losses[1] > 1e-2, `random loss ${losses[1]}`);
  tf.dispose([yt, W]);
  tokens.dispose();
});

for (const beta of [1, 1.7]) {
  test(`tf.grad(studentLosses, β = ${beta}) → each student's float64 analytic gradient, relative error < 1e-4`, () => {
    const n = 6, T = 3, d = 8;
    const { X, y, r } = problem(n, T, d, 0.5, beta);
    const Ws = [gaussianArray(d * r, "grad/0"), gaussianArray(d * r, "grad/1")];
    const tokens = new Tokens(X, n, T, d);
    const yt = tf.tensor3d(Float32Array.from(y), [n, T, T]);
    const W = sideBySide(Ws, d, r);
    const g = tf.grad((w: tf.Tensor) => studentLosses(tokens, yt, w as tf.Tensor2D, { n, T, d, r, K: 2 }, beta).sum())(W);
    const got = g.dataSync();
    for (let k = 0; k < 2; k++) {
      const ref = studentLoss64(Ws[k], X, y, { n, T, d, r }, beta).grad;
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < d; i++)
        for (let j = 0; j < r; j++) {
          diff += (got[i * 2 * r + k * r + j] - ref[i * r + j]) ** 2;
          norm += ref[i * r + j] ** 2;
        }
      // float32 forward and backward: a few 1e-7 relative per op, far below 1e-4
      assert.ok(Math.sqrt(diff / norm) < 1e-4, `student ${k}: relative error ${Math.sqrt(diff / norm)}`);
    }
    tf.dispose([yt, W, g]);
    tokens.dispose();
  });
}

test("studentMatrices(W) → W Wᵀ/√(r d), the teacher's S", () => {
  const d = 12;
  const { teacher, r } = problem(1, 2, d, 0.5);
  const W = sideBySide([teacher.W], d, r);
  const S = studentMatrices(W, { d, r, K: 1 });
  const got = S.dataSync();
  for (let i = 0; i < d * d; i++) assert.ok(Math.abs(got[i] - teacher.S[i]) < 1e-5);
  tf.dispose([W, S]);
});

test("new Tokens(X) with a wrong-sized X → RangeError naming X", () => {
  assert.throws(() => new Tokens(new Float64Array(5), 2, 2, 2), /X must have/);
});
