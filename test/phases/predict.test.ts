import assert from "node:assert/strict";
import { test } from "node:test";
import { linear } from "../../lib/channels/linear";
import { softmax } from "../../lib/channels/softmax";
import { goe } from "../../lib/linalg/dense";
import { sampleTeacher } from "../../lib/model/teacher";
import { generalizationError, plugInTestError } from "../../lib/phases/generalization";
import { bayesPrediction, freshSampleTestError } from "../../lib/phases/predict";
import { rng } from "../../lib/random/rng";
import { rieDenoise } from "../../lib/rmt/rie";
import { solveSE } from "../../lib/se/solve";

const rho = 0.5;

test("bayesPrediction(linear) = ω (the noise averages out) and bayesPrediction(V = 0) = g(ω)", () => {
  const omega = Float64Array.from([0.3, -1.2, -1.2, 0.7]);
  const p = bayesPrediction(linear(2), omega, 0.8, { points: 1024, shifts: 8 });
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(p[i] - omega[i]) < 0.02, `${p[i]} vs ${omega[i]}`);
  const y = new Float64Array(4);
  softmax(2, 2).output(omega, y);
  assert.deepEqual(Array.from(bayesPrediction(softmax(2, 2), omega, 0)), Array.from(y));
});

test("plugInTestError(q) ≥ generalizationError(q) (Bayes averaging never hurts), both 0 at q = Q0", () => {
  for (const T of [2, 3]) {
    for (const q of [0.6, 1.0, 1.4]) {
      const bayes = generalizationError(softmax(T, 2), q, rho, { points: 2048 });
      const plug = plugInTestError(softmax(T, 2), q, rho, { points: 2048 });
      assert.ok(plug.value > bayes.value + 2 * (plug.error + bayes.error), `T=${T} q=${q}: ${plug.value} vs ${bayes.value}`);
    }
    assert.equal(plugInTestError(softmax(T, 1), 1 + rho, rho).value, 0);
  }
});

/**
 * The SE's effective scalar channel: the Bayes-optimal estimate at sample complexity α is the RIE of
 * R = S + √Δ Z with Δ = 1/q̂ (theory.md §4, §6). At d = 120 its predictions on fresh samples must show the
 * test errors the theory gives at the SE overlap (finite-size effects measured below 2% at d = 120–200).
 */
test("freshSampleTestError of the SE-equivalent estimate at d = 120 matches generalizationError (Bayes) and plugInTestError (plug-in)", () => {
  const d = 120;
  for (const [T, alpha] of [
    [2, 0.08],
    [3, 0.03],
  ]) {
    const channel = softmax(T, 1);
    const se = solveSE(channel, rho, alpha);
    const teacher = sampleTeacher(d, rho, `predict-test/${T}`);
    const g = rng(`predict-test/goe/${T}`);
    const Z = goe(d, () => g.normal());
    const delta = 1 / se.qHat;
    const Shat = rieDenoise(teacher.S.map((s, i) => s + Math.sqrt(delta) * Z[i]), d, delta, teacher.rho);
    for (const predictor of ["bayes", "plugin"] as const) {
      const measured = freshSampleTestError(channel, teacher.S, Shat, d, teacher.rho, { n: 500, seed: 3, predictor });
      const theory = (predictor === "bayes" ? generalizationError(channel, se.q, rho) : plugInTestError(channel, se.q, rho)).value;
      assert.ok(Math.abs(measured.mean - theory) < 4 * measured.stdError + 0.03 * theory, `T=${T} ${predictor}: ${measured.mean} ± ${measured.stdError} vs ${theory}`);
    }
  }
});

test("freshSampleTestError rejects an unknown predictor and n < 2", () => {
  const S = new Float64Array(4);
  assert.throws(() => freshSampleTestError(softmax(2), S, S, 2, rho, { predictor: "map" as never }), /predictor must be one of bayes, plugin/);
  assert.throws(() => freshSampleTestError(softmax(2), S, S, 2, rho, { n: 1 }), /n must be an integer ≥ 2/);
});

test("ampTestError(softmax, d = 60): AMP's Bayes and plug-in test errors sit near the theory (finite-size slack 25%), Bayes below plug-in", async () => {
  const { ampTestError } = await import("../../lib/phases/predict");
  const row = ampTestError(softmax(2, 1), { d: 60, rho, alpha: 0.1, samples: 2, seed: 1, tests: 400 });
  const se = solveSE(softmax(2, 1), rho, 0.1);
  assert.equal(row.se_mmse, se.mmse);
  assert.equal(row.bayes_theory, generalizationError(softmax(2, 1), se.q, rho).value);
  assert.ok(Math.abs(row.amp_mse - se.mmse) < 0.15, `AMP ${row.amp_mse} vs SE ${se.mmse}`);
  assert.ok(Math.abs(row.bayes_test - row.bayes_theory) < 4 * row.bayes_test_sem + 0.25 * row.bayes_theory, `${row.bayes_test} vs ${row.bayes_theory}`);
  assert.ok(Math.abs(row.plugin_test - row.plugin_theory) < 4 * row.plugin_test_sem + 0.25 * row.plugin_theory);
  assert.ok(row.bayes_test < row.plugin_test, "Bayes averaging beats plug-in on the same test samples");
});
