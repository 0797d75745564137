import assert from "node:assert/strict";
import { test } from "node:test";
import type { Channel } from "../../lib/channels/channel";
import { hardmax } from "../../lib/channels/hardmax";
import { linear } from "../../lib/channels/linear";
import { softmax } from "../../lib/channels/softmax";
import { indices, labels, sampleTokens } from "../../lib/model/data";
import { sampleTeacher } from "../../lib/model/teacher";
import {
  generalizationError,
  hardmaxT2TestError,
  logisticDifference,
  qmcTestError,
  softmaxT2TestError,
  softmaxTestErrorSmallBeta,
} from "../../lib/phases/generalization";

const rho = 0.5;
const Q0 = 1 + rho;
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

test("logisticDifference(P, M) = σ(P+M) − σ(P−M), also where cosh overflows", () => {
  const s = (x: number) => 1 / (1 + Math.exp(-x));
  for (const [P, M] of [[0, 0.3], [1.2, -0.7], [-3, 2], [5, 5]]) close(logisticDifference(P, M), s(P + M) - s(P - M), 1e-15, `P=${P} M=${M}`);
  assert.equal(logisticDifference(2000, 1), 0);
  close(logisticDifference(0, 2000), 1, 0, "saturated");
  assert.ok(Number.isFinite(logisticDifference(2000, 2000)));
});

test("softmaxT2TestError(β, q, ρ) agrees with the QMC estimator within 4 standard errors", () => {
  for (const [q, beta] of [[0, 1], [0.5, 1], [1.2, 2], [1.45, 0.5], [0.8, 8]]) {
    const quad = softmaxT2TestError(beta, q, rho);
    const qmc = qmcTestError(softmax(2, beta), q, rho, { seed: 1 });
    close(quad.value, qmc.value, 4 * qmc.error, `q=${q} β=${beta}`);
    assert.ok(quad.error < 1e-9 * Math.max(1, quad.value));
  }
});

test("softmaxT2TestError → 3β²V/4 as β → 0 and → hardmaxT2TestError as β → ∞ (both limits of the logistic)", () => {
  const q = 0.9;
  const small = softmaxT2TestError(1e-3, q, rho).value;
  close(small / softmaxTestErrorSmallBeta(2, 1e-3, q, rho), 1, 1e-5, "small β");
  // the gap to the step-function limit closes like 1/β
  const gap = (beta: number) => hardmaxT2TestError(q, rho) - softmaxT2TestError(beta, q, rho).value;
  assert.ok(gap(100) > 0 && gap(1000) > 0);
  close(gap(100) / gap(1000), 10, 0.5, "1/β approach");
});

test("softmax test error for T = 3, 4 → β²(T²−1)V/T² as β → 0 (QMC against the linearized softmax)", () => {
  for (const T of [3, 4]) {
    const beta = 0.02;
    const r = generalizationError(softmax(T, beta), 0.7, rho, { points: 2048 });
    assert.equal(r.method, "qmc");
    close(r.value, softmaxTestErrorSmallBeta(T, beta, 0.7, rho), 4 * r.error + 1e-3 * r.value, `T=${T}`);
  }
});

test("hardmaxT2TestError(q, ρ) = (4/π) arctan √(V/(2q+V)) agrees with QMC over the hardmax channel; 1 at q = 0", () => {
  close(hardmaxT2TestError(0, rho), 1, 1e-15, "q = 0 (four fair coins)");
  for (const q of [0.3, 1.0, 1.45]) {
    const qmc = qmcTestError(hardmax(2), q, rho, { seed: 2 });
    close(hardmaxT2TestError(q, rho), qmc.value, 4 * qmc.error, `q=${q}`);
  }
});

test("generalizationError(linear) = (T² + T)V + T²σ² agrees with QMC over the linear channel", () => {
  for (const T of [2, 3]) {
    const exact = generalizationError(linear(T), 0.4, rho);
    assert.equal(exact.method, "closed-form");
    close(exact.value, (T * T + T) * (Q0 - 0.4), 1e-12, "formula");
    const qmc = generalizationError(linear(T), 0.4, rho, { method: "qmc" });
    close(exact.value, qmc.value, 4 * qmc.error, `T=${T}`);
  }
  close(generalizationError(linear(2, 0.3), Q0, rho).value, 4 * 0.09, 1e-12, "noise floor at q = Q0");
});

test("generalizationError(softmax) is 0 at q = Q0 and decreases in q, for T = 2 (quadrature) and T = 3 (QMC)", () => {
  for (const T of [2, 3]) {
    const ch = softmax(T, 1);
    assert.equal(generalizationError(ch, Q0, rho).value, 0);
    let last = Infinity;
    for (const q of [0, 0.4, 0.8, 1.2, 1.45]) {
      const r = generalizationError(ch, q, rho, { points: 2048 });
      assert.ok(r.value < last - 3 * r.error, `T=${T} q=${q}: ${r.value} vs ${last}`);
      last = r.value;
    }
  }
});

/**
 * Independent Monte Carlo at finite d with the model itself: K teachers from the prior and n token samples.
 * For each sample, the teachers' spread of y estimates Var(y | X) (the α = 0 Bayes prediction E[y | X] knows
 * the tokens but not S); pooled over all pairs, the spread of y estimates the label variance E‖y − E y‖².
 */
function modelMonteCarlo(channel: Channel, d: number, K: number, n: number) {
  const T = channel.T;
  const X = sampleTokens(n, T, d, "gen-test/tokens");
  const ys: Float64Array[] = [];
  for (let k = 0; k < K; k++) ys.push(labels(channel, indices(X, sampleTeacher(d, rho, `gen-test/teacher/${k}`).S, n, T, d), n));
  const m = T * T;
  const mean = new Float64Array(m);
  for (const y of ys) for (let i = 0; i < n * m; i++) mean[i % m] += y[i] / (K * n);
  const conditional = new Float64Array(n);
  const marginal = new Float64Array(n);
  for (let mu = 0; mu < n; mu++) {
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (const y of ys) sum += y[mu * m + i];
      const local = sum / K;
      for (const y of ys) {
        conditional[mu] += (y[mu * m + i] - local) ** 2 / (K - 1);
        marginal[mu] += (y[mu * m + i] - mean[i]) ** 2 / K;
      }
    }
  }
  const stat = (v: Float64Array) => {
    const mu = v.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / (n - 1));
    return { value: mu, error: sd / Math.sqrt(n) };
  };
  return { conditional: stat(conditional), marginal: stat(marginal) };
}

test("generalizationError at α = 0 (q = ρ) matches Monte Carlo over sampled teachers and tokens; at q = 0 it is the label variance", () => {
  // finite-size bias of the d → ∞ theory measured ≈ 0.8/d at T = 2 (d = 50, 100, 200): tolerance 1.5/d + 4 SE
  const d = 160;
  for (const T of [2, 3]) {
    const ch = softmax(T, 1);
    const mc = modelMonteCarlo(ch, d, 40, 160);
    const atZero = generalizationError(ch, rho, rho, { points: 2048 });
    const constant = generalizationError(ch, 0, rho, { points: 2048 });
    close(atZero.value, mc.conditional.value, 1.5 / d + 4 * (mc.conditional.error + atZero.error), `T=${T} Var(y | X)`);
    close(constant.value, mc.marginal.value, 1.5 / d + 4 * (mc.marginal.error + constant.error), `T=${T} label variance`);
    assert.ok(constant.value - atZero.value > 0.05, "the tokens alone already predict part of y");
  }
});

test("generalizationError rejects q outside [0, 1 + ρ], NaN, ρ ≤ 0, β ≤ 0 and unknown methods, naming the parameter", () => {
  const ch = softmax(2, 1);
  assert.throws(() => generalizationError(ch, -0.1, rho), /q must be/);
  assert.throws(() => generalizationError(ch, 1.6, rho), /q must be a number in \[0, Q0/);
  assert.throws(() => generalizationError(ch, NaN, rho), /q must be/);
  assert.throws(() => generalizationError(ch, 0.2, 0), /rho must be/);
  assert.throws(() => softmaxT2TestError(0, 0.2, rho), /beta must be/);
  assert.throws(() => generalizationError(ch, 0.2, rho, { method: "exact" as never }), /method must be one of auto, qmc/);
});
