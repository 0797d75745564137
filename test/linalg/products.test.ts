import assert from "node:assert/strict";
import { test } from "node:test";
import { gemmNT, tokenAccumulate, tokenIndices, tokenWorkspace } from "../../lib/linalg/products";
import { gaussianArray } from "../../lib/random/rng";
import { symmetric } from "./matrices";

/** The sensing matrix Z^μ_ab formed explicitly (theory.md §6): the brute-force reference. */
function sensing(X: Float64Array, mu: number, a: number, b: number, T: number, d: number): Float64Array {
  const Z = new Float64Array(d * d);
  const xa = X.subarray((mu * T + a) * d, (mu * T + a + 1) * d);
  const xb = X.subarray((mu * T + b) * d, (mu * T + b + 1) * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) Z[i * d + j] = a === b ? xa[i] * xa[j] - (i === j ? 1 : 0) : (xa[i] * xb[j] + xb[i] * xa[j]) / 2;
  }
  return Z;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// sizes chosen to exercise every remainder path of the 4×2 kernel and several sample blocks (128 rows each)
const SIZES: Array<[number, number, number]> = [[3, 2, 5], [70, 3, 7], [150, 2, 9], [9, 4, 6]];

for (const [n, T, d] of SIZES) {
  test(`tokenIndices(X, M) = ⟨Z_ab, M⟩/√d from explicit Z (n = ${n}, T = ${T}, d = ${d})`, () => {
    const X = gaussianArray(n * T * d, `x${n}`);
    const M = symmetric(d, `m${d}`);
    const h = tokenIndices(X, M, n, T, d);
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          const Z = sensing(X, mu, Math.min(a, b), Math.max(a, b), T, d);
          let s = 0;
          for (let i = 0; i < d * d; i++) s += Z[i] * M[i];
          assert.ok(Math.abs(h[mu * T * T + a * T + b] - s / Math.sqrt(d)) < 1e-12 * (1 + Math.abs(s)));
        }
      }
    }
  });

  test(`tokenAccumulate(X, G) = Σ_μ Σ_{a≤b} G_ab Z_ab from explicit Z (n = ${n}, T = ${T}, d = ${d})`, () => {
    const X = gaussianArray(n * T * d, `x${n}`);
    const G = gaussianArray(n * T * T, `g${n}`);
    // only a ≤ b is meaningful: poison the strict lower triangle to prove it is never read
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = 0; b < a; b++) G[mu * T * T + a * T + b] = NaN;
    const ref = new Float64Array(d * d);
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          const Z = sensing(X, mu, a, b, T, d);
          const w = G[mu * T * T + a * T + b];
          for (let i = 0; i < d * d; i++) ref[i] += w * Z[i];
        }
      }
    }
    const A = tokenAccumulate(X, G, n, T, d);
    assert.ok(maxAbsDiff(A, ref) < 1e-11 * n, `max difference ${maxAbsDiff(A, ref)}`);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) assert.equal(A[i * d + j], A[j * d + i]);
  });
}

test("tokenAccumulate is the adjoint of tokenIndices: Σ G·h(M) = ⟨A(G), M⟩/√d (d = 33, reused workspace)", () => {
  const [n, T, d] = [300, 3, 33];
  const X = gaussianArray(n * T * d, "adj-x");
  const work = tokenWorkspace();
  for (const seed of ["a", "b"]) {
    const M = symmetric(d, `adj-m-${seed}`);
    const G = gaussianArray(n * T * T, `adj-g-${seed}`);
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = 0; b < a; b++) G[mu * T * T + a * T + b] = G[mu * T * T + b * T + a];
    const h = tokenIndices(X, M, n, T, d, undefined, work);
    const A = tokenAccumulate(X, G, n, T, d, undefined, work);
    let lhs = 0;
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = a; b < T; b++) lhs += G[mu * T * T + a * T + b] * h[mu * T * T + a * T + b];
    let rhs = 0;
    for (let i = 0; i < d * d; i++) rhs += A[i] * M[i];
    rhs /= Math.sqrt(d);
    assert.ok(Math.abs(lhs - rhs) < 1e-9 * Math.abs(lhs) + 1e-9, `${lhs} vs ${rhs}`);
  }
});

test("gemmNT(m, p, k) matches the triple loop, overwriting and accumulating", () => {
  for (const [m, p, k] of [[1, 1, 1], [5, 3, 7], [8, 6, 4], [7, 9, 11]]) {
    const A = gaussianArray(m * k, "A");
    const B = gaussianArray(p * k, "B");
    const C = gaussianArray(m * p, "C");
    const ref = new Float64Array(m * p);
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += A[i * k + t] * B[j * k + t];
      ref[i * p + j] = s;
    }
    const out = new Float64Array(C);
    gemmNT(m, p, k, A, 0, k, B, 0, k, out, 0, p, true);
    for (let i = 0; i < m * p; i++) assert.ok(Math.abs(out[i] - (C[i] + ref[i])) < 1e-12);
    gemmNT(m, p, k, A, 0, k, B, 0, k, out, 0, p, false);
    assert.ok(maxAbsDiff(out, ref) < 1e-12);
  }
});

test("tokenIndices and tokenAccumulate reject mis-shaped arrays with a RangeError", () => {
  const X = new Float64Array(2 * 2 * 3);
  assert.throws(() => tokenIndices(X, new Float64Array(8), 2, 2, 3), /M must be d×d = 9/);
  assert.throws(() => tokenIndices(X, new Float64Array(9), 3, 2, 3), /X must have n·T·d = 18/);
  assert.throws(() => tokenAccumulate(X, new Float64Array(7), 2, 2, 3), /G must have n·T·T = 8/);
});
