import assert from "node:assert/strict";
import { test } from "node:test";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { goe } from "../../lib/linalg/dense";
import { rebuild, symEig, symEigenvalues } from "../../lib/linalg/symeig";
import { rng } from "../../lib/random/rng";

function maxAbs(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test("symEig(GOE, d = 150): A = V diag(λ) Vᵀ, VᵀV = I, λ ascending (residuals < 1e-12)", () => {
  const d = 150;
  const g = rng(3);
  const A = goe(d, () => g.normal());
  const { values, vectors } = symEig(A, d);
  for (let k = 1; k < d; k++) assert.ok(values[k] >= values[k - 1]);
  assert.ok(maxAbs(rebuild(vectors, values, d), A) < 1e-12);
  const gram = rebuild(vectors, new Float64Array(d).fill(1), d); // V Vᵀ
  const I = new Float64Array(d * d);
  for (let i = 0; i < d; i++) I[i * d + i] = 1;
  assert.ok(maxAbs(gram, I) < 1e-12);
});

test("symEig eigenvalues equal ml-matrix's independent implementation (d = 60)", () => {
  const d = 60;
  const g = rng(5);
  const A = goe(d, () => g.normal());
  const rows = Array.from({ length: d }, (_, i) => Array.from(A.subarray(i * d, i * d + d)));
  const reference = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => a - b);
  const { values } = symEig(A, d);
  reference.forEach((v, i) => assert.ok(Math.abs(values[i] - v) < 1e-12));
});

test("symEig(tridiagonal Toeplitz [−1, 2, −1]) → 2 − 2cos(kπ/(d+1)) (closed form)", () => {
  const d = 40;
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    A[i * d + i] = 2;
    if (i + 1 < d) A[i * d + i + 1] = A[(i + 1) * d + i] = -1;
  }
  const { values } = symEig(A, d);
  for (let k = 1; k <= d; k++) assert.ok(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (d + 1)))) < 1e-13);
});

test("symEig handles degenerate inputs: identity, zero matrix, d = 1, a rank-one matrix", () => {
  for (const [A, d, expected] of [
    [new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3, [1, 1, 1]],
    [new Float64Array(9), 3, [0, 0, 0]],
    [new Float64Array([4]), 1, [4]],
    [new Float64Array([1, 1, 1, 1]), 2, [0, 2]],
  ] as const) {
    const { values, vectors } = symEig(A as Float64Array, d);
    expected.forEach((v, i) => assert.ok(Math.abs(values[i] - v) < 1e-14));
    assert.ok(maxAbs(rebuild(vectors, values, d), A as Float64Array) < 1e-14);
  }
});

test("symEigenvalues: the same numbers as symEig's values (bit for bit) and as ml-matrix's, ascending, incl. d = 1, 2", () => {
  for (const d of [1, 2, 3, 60, 200]) {
    const g = rng(11 + d);
    const A = goe(d, () => g.normal());
    const values = symEigenvalues(A, d);
    assert.deepEqual(values, symEig(A, d).values);
    const rows = Array.from({ length: d }, (_, i) => Array.from(A.subarray(i * d, i * d + d)));
    const reference = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => a - b);
    reference.forEach((v, i) => assert.ok(Math.abs(values[i] - v) < 1e-12, `d = ${d}, k = ${i}`));
  }
  // a rank-one matrix (zero Householder scales on the way) and the tridiagonal Toeplitz closed form
  assert.deepEqual(Array.from(symEigenvalues(new Float64Array([1, 1, 1, 1]), 2)).map((v) => Math.round(v * 1e12) / 1e12), [0, 2]);
  const d = 40;
  const T = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    T[i * d + i] = 2;
    if (i + 1 < d) T[i * d + i + 1] = T[(i + 1) * d + i] = -1;
  }
  symEigenvalues(T, d).forEach((v, k) => assert.ok(Math.abs(v - (2 - 2 * Math.cos(((k + 1) * Math.PI) / (d + 1)))) < 1e-13));
  assert.throws(() => symEigenvalues(new Float64Array(3), 2), /d·d = 4/);
});
