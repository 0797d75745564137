import assert from "node:assert/strict";
import { test } from "node:test";
import { hardmax } from "../../lib/channels/hardmax";
import { softmax } from "../../lib/channels/softmax";
import { indices, labels, sampleCount, sampleProblem, sampleTokens } from "../../lib/model/data";
import { sampleTeacher, width } from "../../lib/model/teacher";
import { trace } from "../../lib/linalg/dense";

test("sampleTeacher(d, ρ): (1/d) Tr S → √ρ and (1/d) Tr S² → 1 + ρ (d = 300)", () => {
  for (const rho of [0.2, 1, 2.5]) {
    const t = sampleTeacher(300, rho, 3);
    const d = t.d;
    const tr2 = t.S.reduce((s, v) => s + v * v, 0) / d;
    assert.ok(Math.abs(trace(t.S, d) / d - Math.sqrt(t.rho)) < 0.03, `trace at rho = ${rho}`);
    assert.ok(Math.abs(tr2 - (1 + t.rho)) < 0.06, `Tr S² at rho = ${rho}: ${tr2}`);
  }
});

test("sampleTeacher is reproducible from its seed and symmetric", () => {
  const a = sampleTeacher(20, 0.5, "x");
  const b = sampleTeacher(20, 0.5, "x");
  assert.deepEqual(a.S, b.S);
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) assert.equal(a.S[i * 20 + j], a.S[j * 20 + i]);
});

test("indices h_ab = (x_aᵀ S x_b − δ_ab Tr S)/√d matches a direct double sum", () => {
  const d = 7;
  const T = 3;
  const n = 4;
  const t = sampleTeacher(d, 0.6, 1);
  const X = sampleTokens(n, T, d, 2);
  const h = indices(X, t.S, n, T, d);
  const tr = trace(t.S, d);
  for (let mu = 0; mu < n; mu++) {
    for (let a = 0; a < T; a++) {
      for (let b = 0; b < T; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += X[(mu * T + a) * d + i] * t.S[i * d + j] * X[(mu * T + b) * d + j];
        const expected = (s - (a === b ? tr : 0)) / Math.sqrt(d);
        assert.ok(Math.abs(h[mu * T * T + a * T + b] - expected) < 1e-12);
      }
    }
  }
});

test("indices: Var(h_ab) = Q0 off the diagonal, 2Q0 on it, entries uncorrelated (Monte Carlo, d = 120)", () => {
  const d = 120;
  const T = 3;
  const n = 6000;
  const t = sampleTeacher(d, 0.5, 9);
  const h = indices(sampleTokens(n, T, d, 10), t.S, n, T, d);
  const Q = t.S.reduce((s, v) => s + v * v, 0) / d; // the realised (1/d) Tr S²
  const moments = (a: number, b: number) => {
    let s2 = 0;
    for (let mu = 0; mu < n; mu++) s2 += h[mu * T * T + a * T + b] ** 2;
    return s2 / n;
  };
  // standard error of a variance estimate ≈ v√(2/n) ≈ 0.018 v
  assert.ok(Math.abs(moments(0, 1) / Q - 1) < 0.06);
  assert.ok(Math.abs(moments(1, 1) / (2 * Q) - 1) < 0.06);
  let cross = 0;
  for (let mu = 0; mu < n; mu++) cross += h[mu * T * T + 1] * h[mu * T * T + 2];
  assert.ok(Math.abs(cross / n / Q) < 0.06);
});

test("labels: softmax rows sum to 1 (any β, extreme indices safe), hardmax rows are one-hot at the argmax", () => {
  const T = 4;
  const h = new Float64Array(T * T).map((_, i) => ((i * 37) % 11) - 5);
  h[0] = 800; // would overflow exp without the max shift
  for (const beta of [0.1, 1, 50]) {
    const y = labels(softmax(T, beta), h, 1);
    for (let a = 0; a < T; a++) {
      const row = y.slice(a * T, a * T + T);
      assert.ok(Math.abs(row.reduce((s, v) => s + v) - 1) < 1e-12);
      assert.ok(row.every((v) => Number.isFinite(v)));
    }
  }
  const yh = labels(hardmax(T), h, 1);
  for (let a = 0; a < T; a++) {
    const row = Array.from(h.slice(a * T, a * T + T));
    const arg = row.indexOf(Math.max(...row));
    for (let b = 0; b < T; b++) assert.equal(yh[a * T + b], b === arg ? 1 : 0);
  }
});

test("sampleProblem draws n = α d² samples reproducibly, without any n·d² array", () => {
  const p = sampleProblem(softmax(3), 20, 0.5, 0.5, 1);
  assert.equal(p.data.n, 200);
  assert.equal(p.data.X.length, 200 * 3 * 20);
  assert.deepEqual(sampleProblem(softmax(3), 20, 0.5, 0.5, 1).data.y, p.data.y);
});

test("bad input: ρ·d < 1, α d² < 1, d < 2 throw RangeErrors naming the parameter", () => {
  assert.throws(() => width(10, 0.01), /rho·d/);
  assert.throws(() => sampleCount(1e-5, 10), /alpha·d²/);
  assert.throws(() => sampleCount(0.1, 1), /d must be an integer ≥ 2/);
  assert.throws(() => sampleTeacher(10, -0.5, 1), /rho must be a number > 0/);
});
