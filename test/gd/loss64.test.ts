import assert from "node:assert/strict";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { studentLoss64 } from "../../lib/gd/loss64";
import { indices, labels } from "../../lib/model/data";
import { sampleTeacher } from "../../lib/model/teacher";
import { gaussianArray } from "../../lib/random/rng";

/** A tiny problem: T = 3 so off-diagonal, diagonal and softmax-coupling terms all enter. */
function tiny(beta: number) {
  const n = 4, T = 3, d = 5, rho = 0.4;
  const teacher = sampleTeacher(d, rho, "loss64/teacher");
  const X = gaussianArray(n * T * d, "loss64/X");
  const y = labels(softmax(T, beta), indices(X, teacher.S, n, T, d), n);
  const W = gaussianArray(d * teacher.r, "loss64/W");
  return { dims: { n, T, d, r: teacher.r }, X, y, W, teacher };
}

for (const beta of [1, 2.5]) {
  test(`studentLoss64(W, β = ${beta}).grad → central finite differences of the loss within 1e-7 (float64)`, () => {
    const { dims, X, y, W } = tiny(beta);
    const { grad } = studentLoss64(W, X, y, dims, beta);
    const h = 1e-5;
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < W.length; i++) {
      const plus = Float64Array.from(W);
      const minus = Float64Array.from(W);
      plus[i] += h;
      minus[i] -= h;
      const fd = (studentLoss64(plus, X, y, dims, beta).loss - studentLoss64(minus, X, y, dims, beta).loss) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[i]));
      scale = Math.max(scale, Math.abs(grad[i]));
    }
    assert.ok(scale > 1e-3, `gradient should not vanish at a random W (max |g| = ${scale})`);
    // central differences: truncation O(h²)·|L'''| ≈ 1e-10, rounding ≈ 1e-16/h ≈ 1e-11
    assert.ok(worst < 1e-7, `max |fd − analytic| = ${worst}`);
  });
}

test("studentLoss64(teacher's W) → loss 0 and gradient 0 (labels are the model's own)", () => {
  const { dims, X, y, teacher } = tiny(1);
  const { loss, grad } = studentLoss64(teacher.W, X, y, dims, 1);
  assert.ok(loss < 1e-28, `loss ${loss}`);
  assert.ok(Math.max(...grad.map(Math.abs)) < 1e-14);
});

test("studentLoss64 with a wrong-sized W → RangeError naming W", () => {
  const { dims, X, y } = tiny(1);
  assert.throws(() => studentLoss64(new Float64Array(3), X, y, dims), /W must have/);
});
