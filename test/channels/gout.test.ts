import assert from "node:assert/strict";
import { test } from "node:test";
import type { Channel } from "../../lib/channels/channel";
import { linear } from "../../lib/channels/linear";
import { softmax, softmaxLogits } from "../../lib/channels/softmax";
import { rng } from "../../lib/random/rng";

/** A symmetric T×T Gaussian matrix with entry variances (1+δ_ab)·v. */
function gaussianSym(T: number, v: number, g: { normal(): number }): Float64Array {
  const m = new Float64Array(T * T);
  for (let a = 0; a < T; a++) for (let b = a; b < T; b++) m[a * T + b] = m[b * T + a] = Math.sqrt((a === b ? 2 : 1) * v) * g.normal();
  return m;
}

/**
 * log Z_out for a softmax label, computed independently of the channel code: the labels fix h up to the all-ones
 * direction, so Z_out ∝ ∫ dc Π_{a≤b} N(h_ab + c; ω_ab, (1+δ_ab)V) with h the true index (a point on the line);
 * the integral is done by the trapezoid rule on a wide grid.
 */
function softmaxLogZ(h: Float64Array, omega: Float64Array, V: number, T: number): number {
  const f = (c: number) => {
    let s = 0;
    for (let a = 0; a < T; a++) for (let b = a; b < T; b++) s -= (h[a * T + b] + c - omega[a * T + b]) ** 2 / (2 * (a === b ? 2 : 1) * V);
    return s;
  };
  const steps = 4000;
  const lo = -30, hi = 30;
  let sum = 0;
  for (let i = 0; i <= steps; i++) sum += (i === 0 || i === steps ? 0.5 : 1) * Math.exp(f(lo + ((hi - lo) * i) / steps));
  return Math.log(sum * ((hi - lo) / steps));
}

function linearLogZ(y: Float64Array, omega: Float64Array, V: number, T: number, sigma2: number): number {
  let s = 0;
  for (let a = 0; a < T; a++) for (let b = a; b < T; b++) {
    const v = (a === b ? 2 : 1) * V + sigma2;
    s += -((y[a * T + b] - omega[a * T + b]) ** 2) / (2 * v) - 0.5 * Math.log(2 * Math.PI * v);
  }
  return s;
}

/** Central finite difference of logZ in the single entry ω_ab (a ≤ b; ω kept symmetric). */
function finiteDifference(logZ: (omega: Float64Array) => number, omega: Float64Array, a: number, b: number, T: number): number {
  const eps = 1e-5;
  const plus = new Float64Array(omega);
  const minus = new Float64Array(omega);
  plus[a * T + b] += eps; plus[b * T + a] = plus[a * T + b];
  minus[a * T + b] -= eps; minus[b * T + a] = minus[a * T + b];
  return (logZ(plus) - logZ(minus)) / (2 * eps);
}

for (const T of [2, 3, 5]) {
  test(`softmax(${T}).gOut = ∂ log Z_out/∂ω_ab by finite differences of an independent integral`, () => {
    const ch = softmax(T, 1.7);
    const g = rng(`fd-${T}`);
    for (let trial = 0; trial < 5; trial++) {
      const V = 0.3 + trial * 0.2;
      const h = gaussianSym(T, 1.2, g);
      const omega = gaussianSym(T, 0.8, g);
      const y = new Float64Array(T * T);
      ch.output(h, y);
      const score = new Float64Array(T * T);
      ch.gOut!(y, omega, V, score);
      for (let a = 0; a < T; a++) for (let b = a; b < T; b++) {
        const fd = finiteDifference((w) => softmaxLogZ(h, w, V, T), omega, a, b, T);
        assert.ok(Math.abs(score[a * T + b] - fd) < 1e-6, `T=${T} (${a},${b}): ${score[a * T + b]} vs ${fd}`);
        assert.equal(score[a * T + b], score[b * T + a]);
      }
    }
  });
}

test("linear(3, σ).gOut = ∂ log Z_out/∂ω_ab by finite differences", () => {
  const T = 3, noise = 0.4;
  const ch = linear(T, noise);
  const g = rng("lin-fd");
  const h = gaussianSym(T, 1, g);
  const y = new Float64Array(T * T);
  ch.output(h, y, g);
  const omega = gaussianSym(T, 0.5, g);
  const score = new Float64Array(T * T);
  ch.gOut!(y, omega, 0.7, score);
  for (let a = 0; a < T; a++) for (let b = a; b < T; b++) {
    const fd = finiteDifference((w) => linearLogZ(y, w, 0.7, T, noise * noise), omega, a, b, T);
    assert.ok(Math.abs(score[a * T + b] - fd) < 1e-7);
  }
});

/**
 * AMP and SE share one object; check they agree: with ω ~ N(0, (1+δ)q), h = ω + N(0, (1+δ)V), y = g(h),
 * 2 E Σ_{a≤b} (1+δ_ab) gOut² must equal qHatPerAlpha(q, Q0) (Monte Carlo, 5 standard errors), and E gOut = 0.
 */
function checkScoreMatchesSE(ch: Channel, q: number, Q0: number, samples: number, seed: string): void {
  const T = ch.T;
  const V = Q0 - q;
  const g = rng(seed);
  const y = new Float64Array(T * T);
  const score = new Float64Array(T * T);
  let sum = 0, sum2 = 0, mean01 = 0;
  for (let s = 0; s < samples; s++) {
    const omega = gaussianSym(T, q, g);
    const noise = gaussianSym(T, V, g);
    const h = omega.map((w, i) => w + noise[i]);
    ch.output(h, y, g);
    ch.gOut!(y, omega, V, score);
    let x = 0;
    for (let a = 0; a < T; a++) for (let b = a; b < T; b++) x += 2 * (a === b ? 2 : 1) * score[a * T + b] ** 2;
    sum += x; sum2 += x * x; mean01 += score[1];
  }
  const mean = sum / samples;
  const se = Math.sqrt((sum2 / samples - mean * mean) / samples);
  const expected = ch.qHatPerAlpha(q, Q0);
  assert.ok(Math.abs(mean - expected) < 5 * se + 1e-9 * expected, `${ch.name}: MC ${mean} ± ${se} vs SE ${expected}`);
  assert.ok(Math.abs(mean01 / samples) < 5 / Math.sqrt(samples * V), `E g_01 = ${mean01 / samples}`);
}

test("softmax(T).gOut: 2 E Σ (1+δ) g² = qHatPerAlpha = κ(T)/V (Monte Carlo, T = 2, 4)", () => {
  checkScoreMatchesSE(softmax(2), 0.9, 1.5, 4000, "mc2");
  checkScoreMatchesSE(softmax(4, 3), 0.4, 1.5, 4000, "mc4");
});

test("linear(T, σ).gOut: 2 E Σ (1+δ) g² = qHatPerAlpha (Monte Carlo, σ = 0 and 0.5)", () => {
  checkScoreMatchesSE(linear(2), 0.5, 2, 4000, "lin0");
  checkScoreMatchesSE(linear(3, 0.5), 1.2, 2, 4000, "lin5");
});

test("softmaxLogits recovers h up to the common shift, also for probabilities near 1e-300 (underflow risk)", () => {
  const T = 3;
  const ch = softmax(T, 40);
  const h = new Float64Array([1, -2, 13, -2, 0.5, 3, 13, 3, -1]);
  const y = new Float64Array(T * T);
  ch.output(h, y);
  assert.ok(Math.min(...y) < 1e-200, "the test needs a tiny probability");
  const h0 = softmaxLogits(y, T, 40, new Float64Array(T * T));
  const c = h0[0] - h[0];
  for (let i = 0; i < T * T; i++) assert.ok(Math.abs(h0[i] - h[i] - c) < 1e-12 * 700 / 40, `${i}: ${h0[i] - c} vs ${h[i]}`);
  y[1] = 0;
  assert.throws(() => softmaxLogits(y, T, 40, new Float64Array(T * T)), /row 0 has entry 0/);
});

test("softmax(T).gOut reuses the logits of an unchanged label but never a stale one (same buffer mutated in place)", () => {
  const T = 3;
  const cached = softmax(T, 2);
  const g = rng("cache");
  const buffer = new Float64Array(T * T);
  const omega = gaussianSym(T, 0.5, g);
  for (let trial = 0; trial < 4; trial++) {
    cached.output(gaussianSym(T, 1, g), buffer); // same buffer, new label
    const a = new Float64Array(T * T);
    cached.gOut!(buffer, omega, 0.6, a);
    const b = new Float64Array(T * T);
    softmax(T, 2).gOut!(new Float64Array(buffer), omega, 0.6, b); // a fresh channel: no cache
    assert.deepEqual(a, b);
  }
});
