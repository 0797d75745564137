import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { trainStudents } from "../../lib/gd/train";
import { sampleProblem } from "../../lib/model/data";
import fixture from "./fixtures/one-layer.json";

const channel = softmax(2);

test("trainStudents: tensor count is the same after every step and after returning (memory flat over 1000 steps)", async () => {
  const { data } = sampleProblem(channel, 12, 0.5, 0.5, "memory");
  // warm up once so the backend's lazily created tensors exist before counting
  await trainStudents(data, { rho: 0.5, seed: 0, steps: 2 });
  const before = tf.memory().numTensors;
  const counts = new Set<number>();
  await trainStudents(data, {
    rho: 0.5,
    seed: 1,
    steps: 1000,
    students: 2,
    recordEvery: 100,
    onStep: (step) => {
      if (step > 1) counts.add(tf.memory().numTensors);
    },
  });
  assert.deepEqual([...counts].length, 1, `tensor counts seen during training: ${[...counts].join(", ")}`);
  assert.equal(tf.memory().numTensors, before);
});

test("trainStudents(same seed) → identical weights; another seed → different weights", async () => {
  const { data } = sampleProblem(channel, 10, 0.5, 0.3, "repro");
  const run = (seed: number) => trainStudents(data, { rho: 0.5, seed, steps: 30 });
  const [a, b, c] = [await run(7), await run(7), await run(8)];
  assert.deepEqual(a.W[0], b.W[0]);
  assert.notDeepEqual(a.W[0], c.W[0]);
  assert.equal(a.backend.label, b.backend.label);
});

test("trainStudents(students: 3) → the same students as three separate runs (joint training is exact)", async () => {
  const { data } = sampleProblem(channel, 10, 0.5, 0.3, "joint");
  const joint = await trainStudents(data, { rho: 0.5, seed: "j", steps: 50, students: 3 });
  for (let k = 0; k < 3; k++) {
    const alone = await trainStudents(data, { rho: 0.5, seed: "j", steps: 50, firstStudent: k });
    let worst = 0;
    for (let i = 0; i < alone.W[0].length; i++) worst = Math.max(worst, Math.abs(alone.W[0][i] - joint.W[k][i]));
    // same arithmetic up to float32 summation order inside the batched kernels
    assert.ok(worst < 1e-3, `student ${k}: max |ΔW| = ${worst}`);
  }
});

test("trainStudents above α_PR → loss and error fall by orders of magnitude (the student can learn S*)", async () => {
  // d = 16, ρ = 0.5, T = 2, α = 0.6 ≫ α_PR = 0.1875: the teacher is identifiable and GD finds it
  const { teacher, data } = sampleProblem(channel, 16, 0.5, 0.6, "learn");
  const result = await trainStudents(data, { rho: 0.5, seed: 3, steps: 400, recordEvery: 100, target: teacher.S });
  const first = result.curve[0];
  const last = result.curve[result.curve.length - 1];
  assert.deepEqual(result.curve.map((p) => p.step), [0, 100, 200, 300, 400]);
  assert.ok(first.error![0] > 1, `initial error ${first.error![0]} (≈ 1 + Q0 for an independent N(0,1) student)`);
  assert.ok(last.loss[0] < 1e-3 * first.loss[0], `loss ${first.loss[0]} → ${last.loss[0]}`);
  assert.ok(last.error![0] < 1e-2, `final error ${last.error![0]}`);
});

test("trainStudents with steps ≤ 0, lr ≤ 0, ρ·d < 1/2 or no samples → errors naming the parameter", async () => {
  const { data } = sampleProblem(channel, 10, 0.5, 0.1, "bad");
  await assert.rejects(trainStudents(data, { rho: 0.5, seed: 0, steps: 0 }), /steps must be an integer ≥ 1/);
  await assert.rejects(trainStudents(data, { rho: 0.5, seed: 0, lr: 0 }), /lr must be a number > 0/);
  await assert.rejects(trainStudents(data, { rho: 0.5, seed: 0, lr: -1 }), /lr must be/);
  await assert.rejects(trainStudents(data, { rho: 0.01, seed: 0 }), /rho·d must be at least 1/);
  await assert.rejects(trainStudents({ ...data, n: 0 }, { rho: 0.5, seed: 0 }), /n must be an integer ≥ 1/);
});

test("trainStudents with one layer → bit for bit the one-layer student before the L-layer generalization (fixture)", async (t) => {
  // test/gd/fixtures/one-layer.json: weights and curves written by trainStudents at commit 5904153 (before the
  // L-layer student existed), same problem, options and backend
  const { teacher, data } = sampleProblem(softmax(3), 8, 0.5, 0.5, "one-layer-fixture");
  for (const rho of [0.5, [0.5]]) {
    const run = await trainStudents(data, { ...fixture.train.options, rho: rho as number | number[], target: teacher.S });
    if (!fixture.produced_by.endsWith(run.backend.label)) {
      t.skip(`fixture written on another backend than ${run.backend.label} (float32 arithmetic differs)`);
      return;
    }
    assert.deepEqual(run.W.map((w) => Array.from(w)), fixture.train.W);
    assert.deepEqual(run.curve.map(({ step, loss, error }) => ({ step, loss, error })), fixture.train.curve);
    assert.equal(run.layers.length, 1);
    assert.deepEqual(run.curve.map((p) => p.layerErrors![0]), fixture.train.curve.map((p: { error: number[] }) => p.error));
  }
});
