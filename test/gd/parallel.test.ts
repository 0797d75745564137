import assert from "node:assert/strict";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { TrainResult, trainStudents } from "../../lib/gd/train";
import { sampleProblem } from "../../lib/model/data";
import { sampleDeepProblem } from "../../lib/model/deep";

/**
 * Data-parallel GD (lib/gd/parallel.ts) against single-thread GD. Both compute in float32 (unit roundoff
 * u = 2⁻²⁴ ≈ 6·10⁻⁸); 2 threads sum the gradient as (Σ_{shard 1} + Σ_{shard 2}) instead of one sum over all
 * samples, so each step's gradient differs by a few u relatively, and 1000 Adam steps carry that along.
 * Tolerance (stated here, measured values in the report of issue 11):
 *   loss at every recorded step:  |Δ| ≤ 1e-4·loss + 1e-6·loss(0)   (the absolute part: once the loss has fallen by
 *                                 10⁶ its float32 value is rounding noise of the terms it is summed from);
 *   error at every recorded step: |Δ| ≤ 1e-4·error + 1e-9;
 *   final weights:                max |ΔW| ≤ 1e-4 · max |W|.
 */
function assertAgree(one: TrainResult, two: TrainResult): { loss: number; error: number; weights: number } {
  assert.deepEqual(two.curve.map((c) => c.step), one.curve.map((c) => c.step));
  const loss0 = Math.max(...one.curve[0].loss);
  let worst = { loss: 0, error: 0, weights: 0 };
  one.curve.forEach((c, i) => {
    c.loss.forEach((l, k) => {
      const diff = Math.abs(two.curve[i].loss[k] - l);
      assert.ok(diff <= 1e-4 * l + 1e-6 * loss0, `step ${c.step}, student ${k}: loss ${l} vs ${two.curve[i].loss[k]}`);
      worst.loss = Math.max(worst.loss, diff / (l + 1e-6 * loss0));
    });
    c.error!.forEach((e, k) => {
      const diff = Math.abs(two.curve[i].error![k] - e);
      assert.ok(diff <= 1e-4 * e + 1e-9, `step ${c.step}, student ${k}: error ${e} vs ${two.curve[i].error![k]}`);
      worst.error = Math.max(worst.error, diff / (e + 1e-9));
    });
  });
  let dW = 0;
  let W = 0;
  one.W.forEach((w, k) => w.forEach((x, i) => ((dW = Math.max(dW, Math.abs(x - two.W[k][i]))), (W = Math.max(W, Math.abs(x))))));
  assert.ok(dW <= 1e-4 * W, `max |ΔW| = ${dW}, max |W| = ${W}`);
  worst = { ...worst, weights: dW / W };
  return worst;
}

for (const alpha of [0.1, 0.5]) {
  test(`trainStudents(threads 2) = threads 1 within float32 tolerance: loss curve, errors, final weights (d = 20, α = ${alpha}, 1000 steps)`, async () => {
    // α = 0.1 sits below α_PR = 0.1875 (the error stalls), α = 0.5 above (loss and error fall by many decades)
    const problem = sampleProblem(softmax(2), 20, 0.5, alpha, "threads");
    const options = { rho: 0.5, seed: 3, steps: 1000, students: 2, recordEvery: 100, target: problem.teacher.S };
    const one = await trainStudents(problem.data, { ...options, threads: 1 });
    const two = await trainStudents(problem.data, { ...options, threads: 2 });
    const worst = assertAgree(one, two);
    console.log(`α = ${alpha}: worst relative differences`, worst);
    assert.match(two.backend.label, /× 2 workers$/);
    // the run did something: the loss fell
    assert.ok(one.curve.at(-1)!.loss[0] < 0.5 * one.curve[0].loss[0]);
  });
}

test("trainStudents(threads 3) on n = 31 samples (uneven shards) = threads 1; threads beyond n are capped at n", async () => {
  const problem = sampleProblem(softmax(3), 10, 0.5, 0.31, "uneven");
  const options = { rho: 0.5, seed: 1, steps: 60, students: 1, recordEvery: 20, target: problem.teacher.S };
  const one = await trainStudents(problem.data, options);
  assertAgree(one, await trainStudents(problem.data, { ...options, threads: 3 }));
  const tiny = sampleProblem(softmax(2), 10, 0.5, 0.02, "tiny"); // n = 2
  const capped = await trainStudents(tiny.data, { rho: 0.5, seed: 0, steps: 3, threads: 8 });
  assert.match(capped.backend.label, /× 2 workers$/);
});

test("trainStudents(threads 0 or 1.5) → error naming threads", async () => {
  const { data } = sampleProblem(softmax(2), 10, 0.5, 0.3, "bad");
  await assert.rejects(trainStudents(data, { rho: 0.5, seed: 0, threads: 0 }), /threads must be an integer ≥ 1/);
  await assert.rejects(trainStudents(data, { rho: 0.5, seed: 0, threads: 1.5 }), /threads must be an integer ≥ 1/);
});

test("trainStudents(L = 2, threads 2) = threads 1: per-layer curves and weights, also with layer 1 frozen (d = 12, 200 steps)", async () => {
  const { teacher, data } = sampleDeepProblem(12, { rhos: [0.5, 0.5], c: 1, beta: 1 }, 2, 0.5, "threads/deep");
  const targets = teacher.layers.map((t) => t.S);
  for (const frozen of [undefined, [teacher.layers[0].W, undefined]]) {
    const options = { rho: [0.5, 0.5], c: 1, seed: 4, steps: 200, students: 2, recordEvery: 50, target: targets, frozen };
    const one = await trainStudents(data, { ...options, threads: 1 });
    const two = await trainStudents(data, { ...options, threads: 2 });
    assertAgree(one, two); // loss, layer-1 errors and layer-1 weights
    assert.deepEqual(two.layers.map((l) => l.trained), [!frozen, true]);
    one.curve.forEach((c, i) =>
      c.layerErrors![1].forEach((e, k) => assert.ok(Math.abs(two.curve[i].layerErrors![1][k] - e) <= 1e-4 * e + 1e-9, `layer 2, step ${c.step}`)),
    );
    let dW = 0;
    one.layers[1].W.forEach((w, k) => w.forEach((x, i) => (dW = Math.max(dW, Math.abs(x - two.layers[1].W[k][i])))));
    assert.ok(dW <= 1e-4 * Math.max(...one.layers[1].W[0].map(Math.abs)), `layer 2: max |ΔW| = ${dW}`);
  }
});
