import assert from "node:assert/strict";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { sampleProblem, sampleTokens } from "../../lib/model/data";
import {
  attentionRecursion,
  checkArchitecture,
  contextualForward,
  deepArchitecture,
  deepForward,
  layerIndices,
  sampleDeepProblem,
  sampleDeepTeacher,
} from "../../lib/model/deep";
import { sampleTeacher } from "../../lib/model/teacher";

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

test("L = 1 is the one-layer model bit for bit: same teacher, tokens, indices and labels as sampleProblem", () => {
  for (const [d, rho, T, beta, alpha, seed] of [
    [20, 0.5, 2, 1, 0.3, 1],
    [24, 1.5, 3, 2.5, 0.2, "s"],
    [30, 0.2, 4, 0.7, 0.1, 7],
  ] as const) {
    const one = sampleProblem(softmax(T, beta), d, rho, alpha, seed);
    for (const c of [0, 1]) {
      const deep = sampleDeepProblem(d, deepArchitecture([rho], c, beta), T, alpha, seed);
      assert.equal(deep.teacher.layers.length, 1);
      assert.deepEqual(deep.teacher.layers[0].W, one.teacher.W);
      assert.deepEqual(deep.teacher.layers[0].S, one.teacher.S);
      assert.equal(deep.data.n, one.data.n);
      assert.deepEqual(deep.data.X, one.data.X);
      assert.deepEqual(deep.data.h[0], one.data.h);
      assert.deepEqual(deep.data.y, one.data.y);
    }
  }
});

test("sampleDeepTeacher: layer 1 is sampleTeacher(seed), deeper layers are new streams; adding a layer keeps the others", () => {
  const two = sampleDeepTeacher(20, deepArchitecture([0.5, 0.5]), "t");
  const three = sampleDeepTeacher(20, deepArchitecture([0.5, 0.5, 0.3]), "t");
  assert.deepEqual(two.layers[0].S, sampleTeacher(20, 0.5, "t").S);
  assert.notDeepEqual(two.layers[1].S, two.layers[0].S);
  assert.deepEqual(three.layers[1].S, two.layers[1].S);
  assert.equal(three.layers[2].r, 6);
});

test("the index recursion and the explicit contextual-embedding pass agree to 1e-12 (L = 1, 2, 3; T = 2, 3, 4; c = 0, 1)", () => {
  const d = 40;
  const n = 12;
  for (const L of [1, 2, 3]) {
    for (const T of [2, 3, 4]) {
      for (const c of [0, 1]) {
        const teacher = sampleDeepTeacher(d, deepArchitecture([0.5, 0.3, 1.2].slice(0, L), c, 1.3), `p${L}${T}${c}`);
        const X = sampleTokens(n, T, d, `x${L}${T}${c}`);
        const fast = deepForward(X, teacher, n, T, d);
        const slow = contextualForward(X, teacher, n, T, d);
        const where = `L = ${L}, T = ${T}, c = ${c}`;
        for (let l = 0; l < L; l++) {
          // relative to the layer's scale: with c = 1, M_ℓ grows like 2^ℓ and A_ℓ like 4^ℓ
          const scale = Math.max(1, maxAbs(fast.A[l]));
          for (let i = 0; i < n * T * T; i++) {
            assert.ok(Math.abs(fast.A[l][i] - slow.A[l][i]) <= 1e-12 * scale, `A_${l + 1}[${i}] at ${where}: ${fast.A[l][i]} vs ${slow.A[l][i]}`);
          }
        }
        for (let i = 0; i < n * T * T; i++) assert.ok(Math.abs(fast.y[i] - slow.y[i]) <= 1e-12, `y[${i}] at ${where}`);
        // the layers do interact: with L ≥ 2 the last layer's input is not the raw index of that layer
        if (L >= 2) assert.ok(maxAbs(fast.A[L - 1].map((v, i) => v - fast.h[L - 1][i])) > 1e-3, where);
      }
    }
  }
});

test("every A_ℓ is symmetric: exactly in the recursion, to rounding in the independent contextual pass", () => {
  const d = 30;
  const n = 10;
  const T = 4;
  const teacher = sampleDeepTeacher(d, deepArchitecture([0.5, 0.5, 0.5], 1), 3);
  const X = sampleTokens(n, T, d, 4);
  const fast = deepForward(X, teacher, n, T, d);
  const slow = contextualForward(X, teacher, n, T, d);
  for (let l = 0; l < 3; l++) {
    const scale = Math.max(1, maxAbs(slow.A[l]));
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          const i = mu * T * T + a * T + b;
          const j = mu * T * T + b * T + a;
          assert.equal(fast.A[l][i], fast.A[l][j]);
          assert.ok(Math.abs(slow.A[l][i] - slow.A[l][j]) <= 1e-12 * scale);
        }
      }
    }
  }
});

test("indices of two layers: Var(h^(ℓ)_ab) = (1+δ_ab)(1+ρ_ℓ) and Cov(h^(1)_ab, h^(2)_ab) = (1+δ_ab)√(ρ_1ρ_2) (Monte Carlo, d = 80)", () => {
  const d = 80;
  const T = 3;
  const n = 8000;
  const teacher = sampleDeepTeacher(d, deepArchitecture([0.5, 0.3]), 11);
  const h = layerIndices(sampleTokens(n, T, d, 12), teacher, n, T, d);
  const [r1, r2] = teacher.layers.map((t) => t.rho);
  const S1 = teacher.layers[0].S;
  const S2 = teacher.layers[1].S;
  // the finite-d values given the teacher: (1/d) Tr(S_ℓ S_ℓ′)
  const trProd = (A: Float64Array, B: Float64Array) => A.reduce((s, v, i) => s + v * B[i], 0) / d;
  const given = { v1: trProd(S1, S1), v2: trProd(S2, S2), c12: trProd(S1, S2) };
  const moment = (x: Float64Array, y: Float64Array, a: number, b: number) => {
    let s = 0;
    for (let mu = 0; mu < n; mu++) s += x[mu * T * T + a * T + b] * y[mu * T * T + a * T + b];
    return s / n;
  };
  for (const [a, b] of [[0, 1], [1, 2], [0, 0], [2, 2]]) {
    const k = a === b ? 2 : 1;
    // standard error of a second-moment estimate: √((σ_x²σ_y² + cov²)/n) ≤ 2.6/√8000 ≈ 0.03 (k = 2); 5 of them
    const tol = 0.15;
    assert.ok(Math.abs(moment(h[0], h[0], a, b) - k * given.v1) < tol, `Var h1_${a}${b}`);
    assert.ok(Math.abs(moment(h[1], h[1], a, b) - k * given.v2) < tol, `Var h2_${a}${b}`);
    assert.ok(Math.abs(moment(h[0], h[1], a, b) - k * given.c12) < tol, `Cov h1h2_${a}${b}: ${moment(h[0], h[1], a, b)} vs ${k * given.c12}`);
  }
  // the realised traces are close to their limits 1 + ρ and √(ρ_1 ρ_2) (fluctuations O(1/√d) at most)
  assert.ok(Math.abs(given.v1 - (1 + r1)) < 0.1 && Math.abs(given.v2 - (1 + r2)) < 0.1);
  assert.ok(Math.abs(given.c12 - Math.sqrt(r1 * r2)) < 0.05, `(1/d)Tr S1S2 = ${given.c12}`);
  // entries a ≠ b and a′ ≠ b′ of different pairs stay uncorrelated across layers
  let cross = 0;
  for (let mu = 0; mu < n; mu++) cross += h[0][mu * T * T + 1] * h[1][mu * T * T + 2];
  assert.ok(Math.abs(cross / n) < 0.08);
});

test("leaving the trace term in (Eq. 5 literally) drives layer-1 rows to one-hot on the diagonal as d grows", () => {
  const T = 3;
  const n = 150;
  const diagonalMass = (d: number, keepTrace: boolean) => {
    const teacher = sampleDeepTeacher(d, deepArchitecture([0.5, 0.5]), `trace${d}`);
    const X = sampleTokens(n, T, d, `tokens${d}`);
    const P = contextualForward(X, teacher, n, T, d, { keepTrace }).attention[0];
    let s = 0;
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) s += P[mu * T * T + a * T + a];
    return s / (n * T);
  };
  const sizes = [10, 40, 160, 320];
  const kept = sizes.map((d) => diagonalMass(d, true));
  const removed = sizes.map((d) => diagonalMass(d, false));
  for (let i = 1; i < sizes.length; i++) assert.ok(kept[i] > kept[i - 1], `with the trace, mass grows with d: ${kept}`);
  // the diagonal logit is ≈ √ρ √d ≈ 12.6 at d = 320 above O(1) off-diagonal ones
  assert.ok(kept[sizes.length - 1] > 0.99, `${kept}`);
  // without it the diagonal mass stays O(1) away from 1 at every d (it does not depend on d in the limit)
  for (const m of removed) assert.ok(m < 0.75, `${removed}`);
  assert.ok(Math.abs(removed[sizes.length - 1] - removed[1]) < 0.1, `${removed}`);
});

test("attentionRecursion from given indices: L = 1 returns A_1 = h, and its y is the softmax channel's label", () => {
  const T = 3;
  const n = 5;
  const h = sampleTokens(n, T, T, 1).map((v) => 3 * v); // any numbers are fine for the map itself
  for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = 0; b < a; b++) h[mu * 9 + a * 3 + b] = h[mu * 9 + b * 3 + a];
  const { A, y } = attentionRecursion([h], n, T, 1, 2);
  assert.deepEqual(A[0], h);
  const expected = new Float64Array(n * 9);
  for (let mu = 0; mu < n; mu++) softmax(T, 2).output(h.subarray(mu * 9, mu * 9 + 9), expected.subarray(mu * 9, mu * 9 + 9));
  assert.deepEqual(y, expected);
});

test("bad architectures throw a ParameterError naming the parameter", () => {
  assert.throws(() => checkArchitecture({ rhos: [], c: 1, beta: 1 }), /layers must be an integer ≥ 1/);
  assert.throws(() => checkArchitecture({ rhos: [0.5], c: -0.1, beta: 1 }), /c must be a number ≥ 0/);
  assert.throws(() => checkArchitecture({ rhos: [0.5, 0.01], c: 1, beta: 1 }, 50), /rho must be a width with rho·d ≥ 1 for d = 50 \(got 0.01\)/);
  assert.throws(() => checkArchitecture({ rhos: [0.5, -1], c: 1, beta: 1 }), /rho must be a number > 0/);
  assert.throws(() => checkArchitecture({ rhos: [0.5], c: 1, beta: 0 }), /beta must be a number > 0/);
  assert.doesNotThrow(() => checkArchitecture({ rhos: [0.02], c: 0, beta: 1 }, 50));
  assert.throws(() => attentionRecursion([], 1, 2), /layers/);
});
