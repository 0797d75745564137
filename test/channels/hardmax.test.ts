import assert from "node:assert/strict";
import { test } from "node:test";
import {
  hardmax,
  hardmaxGOut,
  hardmaxGOutCurvature,
  hardmaxLikelihood,
  hardmaxOutputIntegral,
  hardmaxQHatPerAlpha,
  hardmaxRowTestError,
  HardmaxScore,
  outputStep,
} from "../../lib/channels/hardmax";
import { makeChannel } from "../../lib/channels/registry";
import { integrate } from "../../lib/numeric/quadrature";
import { rng } from "../../lib/random/rng";
import { bvnCdf } from "../../lib/stats/bvn";
import { hardmaxIntegralAtZero } from "./hardmax-at-zero";

/** log Z_out(y | ω, V) = log Φ2(κ1, κ2; s1 s2/3), written directly from theory.md §4 (independent of gOut). */
function logZ(y: Float64Array, omega: Float64Array, V: number): number {
  const r = Math.sqrt(3 * V);
  const s1 = y[0] === 1 ? 1 : -1;
  const s2 = y[3] === 1 ? 1 : -1;
  return Math.log(bvnCdf((s1 * (omega[0] - omega[1])) / r, (s2 * (omega[3] - omega[1])) / r, (s1 * s2) / 3));
}

const LABELS = [
  [1, 0, 0, 1],
  [1, 0, 1, 0],
  [0, 1, 0, 1],
  [0, 1, 1, 0],
].map((v) => Float64Array.from(v));

test("hardmaxGOut(y, ω, V) (exact) equals the finite-difference gradient of log Φ2 in ω11, ω22, ω12", () => {
  const g = new Float64Array(4);
  const e = 1e-6;
  for (const y of LABELS) {
    for (const [w11, w12, w22, V] of [[0.3, -0.2, 0.5, 0.7], [-1.2, 0.4, 0.1, 0.2], [2, 1, -3, 1.5]]) {
      const omega = Float64Array.from([w11, w12, w12, w22]);
      hardmaxGOut(y, omega, V, g, "exact");
      const at = (i: number[], d: number) => {
        const o = omega.slice();
        for (const k of i) o[k] += d;
        return logZ(y, o, V);
      };
      const fd11 = (at([0], e) - at([0], -e)) / (2 * e);
      const fd22 = (at([3], e) - at([3], -e)) / (2 * e);
      const fd12 = (at([1, 2], e) - at([1, 2], -e)) / (2 * e); // ω12 = ω21 is one parameter
      for (const [fd, v] of [[fd11, g[0]], [fd22, g[3]], [fd12, g[1]]]) assert.ok(Math.abs(fd - v) < 1e-7 * Math.max(1, Math.abs(v)), `${fd} vs ${v}`);
      assert.equal(g[1], g[2]);
    }
  }
});

test("hardmaxGOutCurvature: −∂g_ab/∂ω_ab equals the second finite difference of log Φ2, into the tails", () => {
  const g = new Float64Array(4);
  const curvature = new Float64Array(4);
  const e = 1e-4;
  // second central differences of the independent logZ above (error ~ e² · 4th derivative, plus rounding ~ 1e-16/e²)
  for (const y of LABELS) {
    for (const [w11, w12, w22, V] of [[0.3, -0.2, 0.5, 0.7], [-1.2, 0.4, 0.1, 0.2], [2, 1, -3, 1.5], [-4, 2, -3, 0.3], [5, -1, 4, 0.5]]) {
      const omega = Float64Array.from([w11, w12, w12, w22]);
      hardmaxGOutCurvature(y, omega, V, g, curvature);
      const gRef = new Float64Array(4);
      hardmaxGOut(y, omega, V, gRef, "exact");
      for (let i = 0; i < 4; i++) assert.ok(Math.abs(g[i] - gRef[i]) <= 1e-14 * Math.max(1, Math.abs(gRef[i])), `g[${i}] ${g[i]} vs ${gRef[i]}`);
      const at = (i: number[], d: number) => {
        const o = omega.slice();
        for (const k of i) o[k] += d;
        return logZ(y, o, V);
      };
      const second = (i: number[]) => -(at(i, e) - 2 * at(i, 0) + at(i, -e)) / (e * e);
      for (const [i, index] of [[[0], 0], [[3], 3], [[1, 2], 1]] as const) {
        const fd = second([...i]);
        assert.ok(Math.abs(fd - curvature[index]) < 2e-5 * Math.max(1, Math.abs(fd)), `label ${y}, ω ${[w11, w12, w22]}, V ${V}, entry ${index}: ${curvature[index]} vs finite difference ${fd}`);
      }
      assert.equal(curvature[1], curvature[2]);
      // log Φ2 is concave (Gaussian orthant probabilities are log-concave): the curvature is non-negative
      for (const v of curvature) assert.ok(v >= -1e-12);
    }
  }
  assert.equal(typeof hardmax(2, "exact").gOutCurvature, "function");
  assert.equal(hardmax(2, "published").gOutCurvature, undefined);
});

test("hardmaxGOut(…, 'published') is not the gradient of log Z_out (the discrepancy of theory.md §4)", () => {
  const y = LABELS[0];
  const omega = Float64Array.from([0.3, -0.2, -0.2, 0.5]);
  const exact = new Float64Array(4);
  const published = new Float64Array(4);
  hardmaxGOut(y, omega, 0.7, exact, "exact");
  hardmaxGOut(y, omega, 0.7, published, "published");
  assert.ok(Math.abs(exact[0] - published[0]) > 0.05 * Math.abs(exact[0]), `${exact[0]} vs ${published[0]}`);
});

test("hardmaxOutputIntegral(λ) is converged to 1e-9 at the automatic step (checked against a 4× finer step)", () => {
  for (const score of ["exact", "published"] as HardmaxScore[]) {
    for (const lambda of [0.003, 0.4, 3, 40, 700]) {
      const h = outputStep(lambda, score);
      const coarse = hardmaxOutputIntegral(lambda, score, h);
      const fine = hardmaxOutputIntegral(lambda, score, h / 4);
      assert.ok(Math.abs(coarse - fine) < 1e-9 * fine, `${score} λ = ${lambda}: ${coarse} vs ${fine}`);
    }
  }
});

test("hardmaxOutputIntegral(0) is the closed form at κ = 0 and the small-λ limit", () => {
  const { exact, published } = hardmaxIntegralAtZero();
  assert.ok(Math.abs(hardmaxOutputIntegral(0, "exact") - exact) < 1e-14);
  assert.ok(Math.abs(hardmaxOutputIntegral(0, "published") - published) < 1e-14);
  assert.ok(Math.abs(hardmaxOutputIntegral(1e-9, "exact") - exact) < 1e-7);
});

test("hardmaxQHatPerAlpha(q, Q0) agrees with a Monte-Carlo average of 2 Σ (1+δ) g² over (ω, y) from the model", () => {
  const R = rng(20261126);
  const samples = 200000;
  for (const [q, Q0] of [[0.6, 1.5], [1.2, 1.5]]) {
    const V = Q0 - q;
    const g = new Float64Array(4);
    const y = new Float64Array(4);
    const omega = new Float64Array(4);
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < samples; i++) {
      const w11 = Math.sqrt(2 * q) * R.normal();
      const w22 = Math.sqrt(2 * q) * R.normal();
      const w12 = Math.sqrt(q) * R.normal();
      const h11 = w11 + Math.sqrt(2 * V) * R.normal();
      const h22 = w22 + Math.sqrt(2 * V) * R.normal();
      const h12 = w12 + Math.sqrt(V) * R.normal();
      y.set([h11 > h12 ? 1 : 0, h11 > h12 ? 0 : 1, h22 > h12 ? 0 : 1, h22 > h12 ? 1 : 0]);
      omega.set([w11, w12, w12, w22]);
      hardmaxGOut(y, omega, V, g, "exact");
      const v = 2 * (2 * g[0] ** 2 + 2 * g[3] ** 2 + g[1] ** 2);
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / samples;
    const se = Math.sqrt((sum2 / samples - mean * mean) / samples);
    const quad = hardmaxQHatPerAlpha(q, Q0, "exact");
    assert.ok(Math.abs(mean - quad) < 4 * se, `q = ${q}: MC ${mean} ± ${se} vs quadrature ${quad}`);
  }
});

test("hardmax(T ≠ 2) samples but refuses state evolution and AMP with an error naming T = 2", () => {
  const ch = makeChannel("hardmax", { T: 3 });
  const h = Float64Array.from([0, 1, 2, 1, 0, 5, 2, 5, 1]);
  const y = new Float64Array(9);
  ch.output(h, y);
  assert.deepEqual(Array.from(y), [0, 0, 1, 0, 0, 1, 0, 1, 0]);
  assert.throws(() => ch.qHatPerAlpha(0.1, 1.5), /implemented for T = 2 only \(got T = 3\)/);
  assert.throws(() => hardmax(2, "bogus" as HardmaxScore), /score must be one of exact, published/);
});

test("hardmax checkLabel accepts one-hot rows and rejects others", () => {
  const ch = hardmax(2);
  ch.checkLabel!(Float64Array.from([1, 0, 0, 1]));
  assert.throws(() => ch.checkLabel!(Float64Array.from([1, 1, 0, 1])), /row 0 has 2 ones/);
  assert.throws(() => ch.checkLabel!(Float64Array.from([1, 0, 0.5, 0.5])), /row 1 has entry 0.5/);
});

test("hardmaxRowTestError(q, Q0) = arccos(√(q/Q0))/π matches a Monte-Carlo simulation of the row-argmax prediction", () => {
  const R = rng("row-error");
  const samples = 100000;
  for (const [q, Q0] of [[0.3, 1.5], [1.4, 1.5]]) {
    const V = Q0 - q;
    let wrong = 0;
    for (let i = 0; i < samples; i++) {
      const w11 = Math.sqrt(2 * q) * R.normal();
      const w12 = Math.sqrt(q) * R.normal();
      const h11 = w11 + Math.sqrt(2 * V) * R.normal();
      const h12 = w12 + Math.sqrt(V) * R.normal();
      // Bayes prediction of row 1's argmax: column 1 iff P(h11 > h12 | ω) > ½ iff ω11 > ω12
      if (w11 > w12 !== h11 > h12) wrong++;
    }
    const p = hardmaxRowTestError(q, Q0);
    const se = Math.sqrt((p * (1 - p)) / samples);
    assert.ok(Math.abs(wrong / samples - p) < 4 * se, `q = ${q}: ${wrong / samples} vs ${p}`);
  }
  assert.equal(hardmaxRowTestError(0, 1.5), 0.5);
  assert.equal(hardmaxRowTestError(1.5, 1.5), 0);
});

test("hardmaxOutputIntegral(λ) agrees to 1e-9 with a nested adaptive Gauss–Kronrod integral of the same expectation", () => {
  // independent of the sinh-trapezoid rule: F(λ) = 2 Σ_c ∫∫ N(κ; 0, λ[[1, c], [c, 1]]) f_c(κ) dκ on a ±9.5σ box
  for (const [lambda, score] of [[0.7, "exact"], [20, "exact"], [5, "published"]] as Array<[number, HardmaxScore]>) {
    const sigma = Math.sqrt(lambda);
    const L = 9.5 * sigma;
    let total = 0;
    for (const c of [1 / 3, -1 / 3]) {
      const s2 = 1 - c * c;
      const density = (k1: number, k2: number) => Math.exp(-(k1 * k1 - 2 * c * k1 * k2 + k2 * k2) / (2 * lambda * s2)) / (2 * Math.PI * lambda * Math.sqrt(s2));
      const f = (k1: number, k2: number) => {
        const { Z, D1, D2 } = hardmaxLikelihood(k1, k2, c, score);
        return Z > 0 ? (3 * D1 * D1 + 3 * D2 * D2 + 6 * c * D1 * D2) / Z : 0;
      };
      const inner = (k1: number) => integrate((k2) => density(k1, k2) * f(k1, k2), -L, L, { relTol: 1e-12, absTol: 1e-16 }).value;
      total += 2 * integrate(inner, -L, L, { relTol: 1e-11, absTol: 1e-15 }).value;
    }
    const trapezoid = hardmaxOutputIntegral(lambda, score);
    assert.ok(Math.abs(trapezoid - total) < 1e-9 * total, `${score} λ = ${lambda}: ${trapezoid} vs ${total}`);
  }
});
