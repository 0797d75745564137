import assert from "node:assert/strict";
import { test } from "node:test";
import { korobovGenerator, qmcGaussianMean } from "../../lib/phases/qmc";

test("qmcGaussianMean(E exp(Σ z_i / √s)) → e^{1/2} within 4 standard errors, in 6 and 15 dimensions", () => {
  for (const s of [6, 15]) {
    const r = qmcGaussianMean(s, (z) => {
      let t = 0;
      for (let i = 0; i < s; i++) t += z[i];
      return Math.exp(t / Math.sqrt(s));
    });
    assert.ok(Math.abs(r.value - Math.exp(0.5)) < 4 * r.stdError + 1e-12, `s=${s}: ${r.value} ± ${r.stdError}`);
    assert.ok(r.stdError > 0 && r.stdError < 2e-3);
  }
});

test("qmcGaussianMean(z_1² z_2²) → 1 and odd moments → 0 (Box–Muller pairs are standard normal and independent)", () => {
  const second = qmcGaussianMean(4, (z) => z[0] * z[0] * z[3] * z[3]);
  assert.ok(Math.abs(second.value - 1) < 4 * second.stdError + 1e-12, `${second.value} ± ${second.stdError}`);
  const odd = qmcGaussianMean(3, (z) => z[0] * z[1] + z[2] ** 3);
  assert.ok(Math.abs(odd.value) < 4 * odd.stdError + 1e-12, `${odd.value} ± ${odd.stdError}`);
});

test("qmcGaussianMean beats plain Monte Carlo: its standard error on a smooth 6-d integrand is ≥ 10× smaller than σ/√(N R)", () => {
  const f = (z: Float64Array) => 1 / (1 + Math.exp(z[0] + 0.5 * z[1] - 0.3 * z[2] + 0.2 * z[3] * z[4] - z[5]));
  const r = qmcGaussianMean(6, f, { points: 4096, shifts: 16 });
  const mc = qmcGaussianMean(6, (z) => (f(z) - r.value) ** 2, { points: 4096, shifts: 16 });
  const plain = Math.sqrt(mc.value / (4096 * 16));
  assert.ok(r.stdError * 10 < plain, `qmc ${r.stdError} vs plain MC ${plain}`);
});

test("qmcGaussianMean(…, same seed) is reproducible and a different seed changes the shifts", () => {
  const f = (z: Float64Array) => Math.cos(z[0]) * z[1] ** 2;
  const a = qmcGaussianMean(2, f, { seed: 3, points: 512 });
  const b = qmcGaussianMean(2, f, { seed: 3, points: 512 });
  const c = qmcGaussianMean(2, f, { seed: 4, points: 512 });
  assert.equal(a.value, b.value);
  assert.notEqual(a.value, c.value);
});

test("korobovGenerator(N, s) starts at 1 and has entries coprime-powered below N; bad sizes throw naming the parameter", () => {
  const z = korobovGenerator(1021, 5);
  assert.equal(z[0], 1);
  for (const v of z) assert.ok(Number.isInteger(v) && v >= 1 && v < 1021);
  assert.throws(() => korobovGenerator(1, 3), /points/);
  assert.throws(() => qmcGaussianMean(0, () => 0), /dimension/);
  assert.throws(() => qmcGaussianMean(2, () => 0, { shifts: 1 }), /shifts/);
  assert.throws(() => qmcGaussianMean(2, () => 0, { points: NaN }), /points/);
});
