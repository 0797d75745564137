import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { layeredLoss64, studentLoss64 } from "../../lib/gd/loss64";
import { studentLosses, studentOutputs, Tokens } from "../../lib/gd/student";
import { trainStudents } from "../../lib/gd/train";
import { sampleDeepProblem } from "../../lib/model/deep";
import { gaussianArray } from "../../lib/random/rng";
import { useBackend } from "../../lib/tensor/backend";

/** The L-layer student (theory.md §10) against the float64 model code and finite differences. */

before(async () => {
  await useBackend("auto", () => undefined);
});

/** A tiny deep problem (T = 3 so diagonal, off-diagonal and softmax coupling all enter) and random student weights. */
function tiny(L: number, c: number, beta = 1) {
  const n = 4, T = 3, d = 6;
  const rhos = new Array<number>(L).fill(0.5);
  const { teacher, data } = sampleDeepProblem(d, { rhos, c, beta }, T, n / (d * d), `layered/${L}/${c}`);
  const r = teacher.layers.map((t) => t.r);
  const W = r.map((rl, l) => gaussianArray(d * rl, `layered/W/${l}`));
  return { n, T, d, r, c, beta, teacher, data, W };
}

/** One student's layers on the device, [d, r_ℓ] each. */
const device = (W: readonly Float64Array[], d: number, r: readonly number[]) => W.map((w, l) => tf.tensor2d(Float32Array.from(w), [d, r[l]]));

test("layeredLoss64 with one layer → studentLoss64's loss (two float64 implementations of §7)", () => {
  const { n, T, d, r, data, W } = tiny(1, 1);
  const one = studentLoss64(W[0], data.X, data.y, { n, T, d, r: r[0] }).loss;
  const layered = layeredLoss64(W, data.X, data.y, { n, T, d, r }, 1);
  assert.ok(one > 1e-3);
  assert.ok(Math.abs(layered - one) < 1e-13 * one, `${layered} vs ${one}`);
});

for (const [c, beta] of [[1, 1], [0, 1], [0.5, 2]] as const) {
  test(`L = 2, c = ${c}, β = ${beta}: tfjs gradient (float32 autodiff) → central differences of the float64 loss, relative error < 1e-4`, () => {
    const { n, T, d, r, data, W } = tiny(2, c, beta);
    const tokens = new Tokens(data.X, n, T, d);
    const y = tf.tensor3d(Float32Array.from(data.y), [n, T, T]);
    const Wt = device(W, d, r);
    const shape = { n, T, d, K: 1, r, c };
    const grads = tf.grads((...ws: tf.Tensor[]) => studentLosses(tokens, y, ws as tf.Tensor2D[], shape, beta).sum())(Wt);
    const got = grads.map((g) => g.dataSync());
    // float32 loss at the same point agrees with the float64 one
    const loss32 = studentLosses(tokens, y, Wt, shape, beta).dataSync()[0];
    const loss64 = layeredLoss64(W, data.X, data.y, { n, T, d, r }, c, beta);
    assert.ok(Math.abs(loss32 - loss64) < 1e-5 * loss64, `loss float32 ${loss32} vs float64 ${loss64}`);
    const h = 1e-5;
    let worst = 0;
    let scale = 0;
    W.forEach((w, l) => {
      for (let i = 0; i < w.length; i++) {
        const shifted = (delta: number) => W.map((v, m) => (m === l ? Float64Array.from(v, (x, j) => (j === i ? x + delta : x)) : v));
        const fd = (layeredLoss64(shifted(h), data.X, data.y, { n, T, d, r }, c, beta) - layeredLoss64(shifted(-h), data.X, data.y, { n, T, d, r }, c, beta)) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - got[l][i]));
        scale = Math.max(scale, Math.abs(fd));
      }
    });
    assert.ok(scale > 1e-3, `gradient should not vanish at random weights (max |g| = ${scale})`);
    // float32 autodiff of a loss of size ~1: relative error ~1e-6 per operation; central differences in float64
    // are good to ~1e-9. Seen: ≤ 2e-6 of the largest entry; 1e-4 leaves room for float32, not for a wrong term.
    assert.ok(worst < 1e-4 * scale, `max |fd − autodiff| = ${worst} (max |g| = ${scale})`);
    tf.dispose([...Wt, ...grads, y]);
    tokens.dispose();
  });
}

test("L = 2: the teacher's own weights → loss 0 (float64 exactly, float32 to rounding) and ŷ = the labels", () => {
  for (const c of [0, 1]) {
    const { n, T, d, r, teacher, data, W } = tiny(2, c);
    const own = teacher.layers.map((t) => t.W);
    assert.ok(layeredLoss64(own, data.X, data.y, { n, T, d, r }, c) < 1e-28);
    const tokens = new Tokens(data.X, n, T, d);
    const y = tf.tensor3d(Float32Array.from(data.y), [n, T, T]);
    const Wt = device(own, d, r);
    const random = device(W, d, r);
    const shape = { n, T, d, K: 1, r, c };
    const atTeacher = studentLosses(tokens, y, Wt, shape, 1).dataSync()[0];
    const atRandom = studentLosses(tokens, y, random, shape, 1).dataSync()[0];
    assert.ok(atTeacher < 1e-10 && atRandom > 1e-3, `loss at the teacher ${atTeacher}, at random weights ${atRandom}`);
    const yHat = studentOutputs(tokens, Wt, shape, 1).dataSync();
    for (let i = 0; i < yHat.length; i++) assert.ok(Math.abs(yHat[i] - data.y[i]) < 1e-5);
    tf.dispose([...Wt, ...random, y]);
    tokens.dispose();
  }
});

test("trainStudents(L = 2, layer 1 frozen to the teacher's) → layer 1 unchanged, layer 2 trained; tensor count flat", async () => {
  const { teacher, data } = sampleDeepProblem(10, { rhos: [0.5, 0.5], c: 1, beta: 1 }, 2, 0.4, "layered/frozen");
  await trainStudents(data, { rho: [0.5, 0.5], seed: 0, steps: 2 }); // warm-up
  const before = tf.memory().numTensors;
  const counts = new Set<number>();
  const run = await trainStudents(data, {
    rho: [0.5, 0.5],
    c: 1,
    seed: 1,
    steps: 60,
    students: 2,
    frozen: [teacher.layers[0].W, undefined],
    target: teacher.layers.map((t) => t.S),
    onStep: (step) => step > 1 && counts.add(tf.memory().numTensors),
  });
  assert.equal(counts.size, 1);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(run.layers.map((l) => l.trained), [false, true]);
  for (const w of run.layers[0].W) assert.deepEqual(w, Float64Array.from(Float32Array.from(teacher.layers[0].W)));
  const first = run.curve[0];
  const last = run.curve[run.curve.length - 1];
  assert.ok(last.loss[0] < 0.5 * first.loss[0], `loss ${first.loss[0]} → ${last.loss[0]}`);
  assert.ok(last.layerErrors![0][0] < 1e-10, "the frozen layer's error is float32 rounding only");
  assert.ok(last.layerErrors![1][0] < first.layerErrors![1][0], "layer 2's error falls");
});

test("trainStudents with every layer frozen, or a frozen layer of the wrong size → RangeError", async () => {
  const { teacher, data } = sampleDeepProblem(10, { rhos: [0.5, 0.5], c: 1, beta: 1 }, 2, 0.2, "layered/bad");
  const W = teacher.layers.map((t) => t.W);
  await assert.rejects(trainStudents(data, { rho: [0.5, 0.5], seed: 0, frozen: W }), /every layer is frozen/);
  await assert.rejects(trainStudents(data, { rho: [0.5, 0.5], seed: 0, frozen: [new Float64Array(3)] }), /frozen layer 1 must be d×r = 50 weights/);
  await assert.rejects(trainStudents(data, { rho: [0.5, 0.5], seed: 0, target: [teacher.layers[0].S] }), /one d×d matrix per layer/);
  await assert.rejects(trainStudents(data, { rho: [0.5, 0.5], seed: 0, c: -1 }), /c must be a number ≥ 0/);
});
