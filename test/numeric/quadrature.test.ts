import assert from "node:assert/strict";
import { test } from "node:test";
import { integrate, kronrod15 } from "../../lib/numeric/quadrature";

test("kronrod15 integrates x^k exactly on [0, 1] for k ≤ 22", () => {
  for (let k = 0; k <= 22; k++) {
    assert.ok(Math.abs(kronrod15((x) => x ** k, 0, 1).value - 1 / (k + 1)) < 1e-15, `k = ${k}`);
  }
});

test("integrate(√x, 0, 1) → 2/3 despite the endpoint singularity in the derivative", () => {
  const r = integrate(Math.sqrt, 0, 1, { relTol: 1e-12 });
  assert.ok(Math.abs(r.value - 2 / 3) < 1e-11);
  assert.ok(r.error < 1e-11);
});

test("integrate(e^{-x²}, −10, 10) → √π and reports its evaluation count", () => {
  const r = integrate((x) => Math.exp(-x * x), -10, 10);
  assert.ok(Math.abs(r.value - Math.sqrt(Math.PI)) < 1e-13);
  assert.ok(r.evaluations >= 15);
});

test("integrate over an empty interval is 0", () => {
  assert.equal(integrate(Math.exp, 1, 1).value, 0);
});

import { linGrid, logGrid } from "../../lib/numeric/grid";

test("linGrid and logGrid include both ends exactly", () => {
  assert.deepEqual(linGrid(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  const g = logGrid(1e-3, 10, 5);
  assert.equal(g[0], 1e-3);
  assert.equal(g[4], 10);
  assert.ok(Math.abs(g[1] - 1e-2) < 1e-15);
  assert.throws(() => logGrid(0, 1, 3), /start must be a number > 0/);
});
