import assert from "node:assert/strict";
import { test } from "node:test";
import { gaussLegendre, integrateFixed } from "../../lib/stats/quadrature";

test("gaussLegendre(n) integrates x^k exactly on [−1, 1] for k ≤ 2n − 1, with weights summing to 2", () => {
  for (const n of [1, 2, 6, 12, 20, 40]) {
    const { nodes, weights } = gaussLegendre(n);
    for (let k = 0; k <= 2 * n - 1; k += 1) {
      let s = 0;
      for (let i = 0; i < n; i++) s += weights[i] * nodes[i] ** k;
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      assert.ok(Math.abs(s - exact) < 1e-14, `n = ${n}, k = ${k}: ${s}`);
    }
    for (let i = 1; i < n; i++) assert.ok(nodes[i] > nodes[i - 1]);
  }
});

test("integrateFixed(exp, 0, 1, 12) = e − 1 to 1e-15; gaussLegendre rejects n outside [1, 1000]", () => {
  assert.ok(Math.abs(integrateFixed(Math.exp, 0, 1, 12) - (Math.E - 1)) < 1e-15);
  assert.throws(() => gaussLegendre(0), /n must be an integer in \[1, 1000\]/);
});
