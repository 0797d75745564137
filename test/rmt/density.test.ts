import assert from "node:assert/strict";
import { test } from "node:test";
import { goe } from "../../lib/linalg/dense";
import { symEig } from "../../lib/linalg/symeig";
import { sampleTeacher } from "../../lib/model/teacher";
import { integrate } from "../../lib/numeric/quadrature";
import { rng } from "../../lib/random/rng";
import { density, integrateDensity, stieltjes, supportEdges } from "../../lib/rmt";

const RHOS = [0.1, 0.5, 1, 3];
const DELTAS = [1e-3, 1e-2, 0.1, 1, 10, 100];

test("integrateDensity: mass 1, mean √ρ, second moment 1 + ρ + Δ over a (ρ, Δ) grid", () => {
  for (const rho of RHOS) {
    for (const delta of DELTAS) {
      const m = (k: number) => integrateDensity((x) => x ** k, delta, rho);
      const at = `rho = ${rho}, delta = ${delta}`;
      assert.ok(Math.abs(m(0) - 1) < 1e-10, `mass at ${at}: ${m(0)}`);
      assert.ok(Math.abs(m(1) - Math.sqrt(rho)) < 1e-10, `mean at ${at}: ${m(1)}`);
      assert.ok(Math.abs(m(2) - (1 + rho + delta)) < 1e-9 * (1 + delta), `second moment at ${at}: ${m(2)}`);
    }
  }
});

test("stieltjes outside the support equals the Hilbert transform ∫ μ(t)/(x − t) dt", () => {
  const cases: [number, number, number][] = [
    [6, 0.1, 0.1], // right of the support
    [1, 0.1, 0.1], // in the gap between the two intervals
    [-2, 1, 0.5], // left
    [30, 10, 3],
  ];
  for (const [x, delta, rho] of cases) {
    const hilbert = integrateDensity((t) => 1 / (x - t), delta, rho);
    const g = stieltjes(x, delta, rho);
    assert.equal(g.im, 0);
    assert.ok(Math.abs(g.re - hilbert) < 1e-10, `x = ${x}: ${g.re} vs ${hilbert}`);
  }
});

test("supportEdges: one interval for ρ ≥ 1, two for ρ = 0.1 at small Δ; density vanishes outside", () => {
  assert.equal(supportEdges(1, 0.5).length, 1);
  assert.equal(supportEdges(0.1, 2).length, 1);
  assert.equal(supportEdges(0.1, 0.1).length, 2);
  for (const [lo, hi] of supportEdges(0.1, 0.1)) {
    assert.equal(density(lo - 1e-6, 0.1, 0.1), 0);
    assert.equal(density(hi + 1e-6, 0.1, 0.1), 0);
    assert.ok(density(lo + 1e-3, 0.1, 0.1) > 0 && density(hi - 1e-3, 0.1, 0.1) > 0);
  }
});

function sampledSpectrum(d: number, rho: number, delta: number, seed: number): Float64Array {
  const teacher = sampleTeacher(d, rho, seed);
  const g = rng(seed + 1000);
  const Z = goe(d, () => g.normal());
  const Y = teacher.S.map((s, i) => s + Math.sqrt(delta) * Z[i]);
  return symEig(Y, d).values;
}

/** Mass of μ_Δ in [a, b] (the density is smooth inside the support, so integrate it directly). */
function mass(a: number, b: number, delta: number, rho: number): number {
  return integrate((x) => density(x, delta, rho), a, b, { relTol: 1e-10 }).value;
}

test("supportEdges bound a sampled spectrum of S + √Δ Z at d = 500, with no more than O(1) eigenvalues in the thin edge regions", () => {
  const d = 500;
  for (const [rho, delta] of [[0.5, 1], [0.1, 0.1]] as const) {
    const values = sampledSpectrum(d, rho, delta, 7);
    const edges = supportEdges(delta, rho);
    const lo = edges[0][0];
    const hi = edges[edges.length - 1][1];
    // extremes fluctuate on the scale r^{-2/3} of the teacher's width r = ρd (r = 50 at ρ = 0.1): allow 5% of the support
    const slack = 0.05 * (hi - lo);
    assert.ok(values[0] > lo - slack && values[d - 1] < hi + slack, `spectrum [${values[0]}, ${values[d - 1]}] vs support [${lo}, ${hi}]`);
    // the law predicts few eigenvalues beyond the sampled extremes (the square-root tails are thin)
    assert.ok(d * mass(lo, values[0], delta, rho) < 4, "lower tail");
    assert.ok(d * mass(values[d - 1], hi, delta, rho) < 4, "upper tail");
    if (edges.length === 2) {
      // the gap holds no eigenvalue and the small bulk holds a fraction 1 − ρ of them
      const inGap = values.filter((v) => v > edges[0][1] + 0.05 && v < edges[1][0] - 0.05).length;
      const small = values.filter((v) => v < (edges[0][1] + edges[1][0]) / 2).length / d;
      assert.equal(inGap, 0);
      assert.ok(Math.abs(small - (1 - rho)) < 0.01, `small bulk fraction ${small}`);
    }
  }
});

test("density agrees with the eigenvalue histogram of a sampled matrix (ρ = 0.5, Δ = 1, d = 500)", () => {
  const d = 500;
  const values = sampledSpectrum(d, 0.5, 1, 11);
  const [lo, hi] = supportEdges(1, 0.5)[0];
  const bins = 10;
  const width = (hi - lo) / bins;
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const a = lo + b * width;
    const predicted = mass(a, a + width, 1, 0.5);
    total += predicted;
    const observed = values.filter((v) => v >= a && v < a + width).length / d;
    // eigenvalue counts are far more rigid than binomial; 3 binomial standard errors is generous
    const se = Math.sqrt((predicted * (1 - predicted)) / d);
    assert.ok(Math.abs(observed - predicted) < 3 * se + 0.005, `bin ${b}: ${observed} vs ${predicted}`);
  }
  assert.ok(Math.abs(total - 1) < 1e-8);
});

test("density(NaN) and negative ρ or Δ throw RangeErrors naming the parameter", () => {
  assert.throws(() => density(0, -1, 0.5), /delta/);
  assert.throws(() => density(0, 1, 0), /rho/);
  assert.throws(() => density(0, NaN, 0.5), /delta/);
});
