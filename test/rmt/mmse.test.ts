import assert from "node:assert/strict";
import { test } from "node:test";
import { goe, squaredErrorPerDim } from "../../lib/linalg/dense";
import { sampleTeacher } from "../../lib/model/teacher";
import { rng } from "../../lib/random/rng";
import { integrate } from "../../lib/numeric/quadrature";
import { integrateDensity, mmseS, rieDenoise, stieltjes, supportEdges } from "../../lib/rmt";

test("mmseS(Δ, ρ) → the public check values of theory.md §9 to 1e-6", () => {
  const table: [number, number[]][] = [
    [0.1, [0.001899, 0.018877, 0.1774, 0.805457]],
    [0.5, [0.007423, 0.066541, 0.396949, 0.893928]],
    [1, [0.009484, 0.080546, 0.443869, 0.90189]],
    [2, [0.009813, 0.086547, 0.470496, 0.905584]],
  ];
  for (const [rho, values] of table) {
    [0.01, 0.1, 1, 10].forEach((delta, i) => {
      assert.ok(Math.abs(mmseS(delta, rho) - values[i]) < 1e-6, `rho = ${rho}, delta = ${delta}: ${mmseS(delta, rho)}`);
    });
  }
});

test("mmseS(Δ, ρ) → Δ(2ρ − ρ²) as Δ → 0 for ρ ≤ 1, and → Δ for ρ ≥ 1", () => {
  for (const rho of [0.1, 0.5, 0.9]) {
    const slope = mmseS(1e-7, rho) / 1e-7;
    assert.ok(Math.abs(slope - (2 * rho - rho * rho)) < 1e-3, `rho = ${rho}: ${slope}`);
  }
  for (const rho of [1, 3]) {
    const slope = mmseS(1e-7, rho) / 1e-7;
    assert.ok(Math.abs(slope - 1) < 2e-3, `rho = ${rho}: ${slope}`);
  }
});

test("mmseS(Δ, ρ) → Δ/(1 + Δ) as Δ → ∞ (the linear estimator becomes optimal), and mmseS(∞) = 1", () => {
  for (const rho of [0.1, 1, 3]) {
    const delta = 1e4;
    assert.ok(Math.abs(mmseS(delta, rho) - delta / (1 + delta)) < 1e-6, `rho = ${rho}`);
  }
  assert.equal(mmseS(Infinity, 0.5), 1);
  assert.equal(mmseS(0, 0.5), 0);
});

test("mmseS(t/ρ, ρ) → t(2 − t) for t < 1 and → 1 for t ≥ 1 as ρ → 0", () => {
  const rho = 1e-4;
  for (const t of [0.2, 0.5, 0.8]) assert.ok(Math.abs(mmseS(t / rho, rho) - t * (2 - t)) < 5e-3, `t = ${t}`);
  for (const t of [1.5, 3]) assert.ok(Math.abs(mmseS(t / rho, rho) - 1) < 5e-3, `t = ${t}`);
});

test("mmseS is increasing and concave in Δ (Δ ↦ mmse/Δ decreasing)", () => {
  const deltas = [1e-3, 1e-2, 0.05, 0.1, 0.5, 1, 2, 5, 10, 100];
  for (const rho of [0.1, 0.5, 2]) {
    const m = deltas.map((d) => mmseS(d, rho));
    for (let i = 1; i < m.length; i++) {
      assert.ok(m[i] > m[i - 1], `increasing at rho = ${rho}`);
      assert.ok(m[i] / deltas[i] < m[i - 1] / deltas[i - 1], `ratio decreasing at rho = ${rho}`);
    }
  }
});

test("rieDenoise on sampled S + √Δ Z at d = 400 has error mmseS(Δ, ρ) within sampling error", () => {
  const d = 400;
  for (const [rho, delta] of [[0.5, 0.5], [0.1, 0.1], [2, 1]] as const) {
    const errors: number[] = [];
    for (const seed of [1, 2]) {
      const teacher = sampleTeacher(d, rho, seed);
      const g = rng(seed + 50);
      const Z = goe(d, () => g.normal());
      const R = teacher.S.map((s, i) => s + Math.sqrt(delta) * Z[i]);
      errors.push(squaredErrorPerDim(rieDenoise(R, d, delta, teacher.rho), teacher.S, d));
    }
    const mean = errors.reduce((a, b) => a + b) / errors.length;
    const predicted = mmseS(delta, rho);
    // fluctuations of (1/d)‖Ŝ − S‖² are O(1/d) relative; finite-d bias is O(1/d) too
    assert.ok(Math.abs(mean - predicted) < 0.03 * predicted + 2e-3, `rho = ${rho}, delta = ${delta}: ${mean} vs ${predicted}`);
  }
});

test("integrateDensity at ρ = 1, small Δ (density peaked within Δ^{2/3} of the edge): ∫μ³ equals an x-space integration on geometric panels", () => {
  // independent route: integrate μ(x)³ in x itself, on panels [l + w 2^{-k-1}, l + w 2^{-k}] that resolve the peak near l
  for (const delta of [1e-9, 1e-11]) {
    const [[lo, hi]] = supportEdges(delta, 1);
    const mu = (x: number) => stieltjes(x, delta, 1).im / Math.PI;
    let reference = 0;
    let upper = hi;
    for (let k = 1; k <= 60; k++) {
      const lower = lo + (hi - lo) * 2 ** -k;
      reference += integrate((x) => mu(x) ** 3, lower, upper, { relTol: 1e-13, absTol: 0 }).value;
      upper = lower;
    }
    const value = integrateDensity((_, m) => m * m, delta, 1);
    assert.ok(Math.abs(value / reference - 1) < 1e-10, `Δ = ${delta}: ${value} vs ${reference}`);
  }
});
