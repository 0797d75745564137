import assert from "node:assert/strict";
import { test } from "node:test";
import { alphaCount, alphaPR } from "../../lib/se/thresholds";

test("alphaCount for one layer is α_PR, on both sides of ρ = 1 and for several T", () => {
  for (const T of [2, 3, 4, 7]) {
    for (const rho of [0.05, 0.3, 0.5, 0.99, 1, 1.5, 4, Infinity]) assert.equal(alphaCount([rho], T), alphaPR(rho, T), `rho = ${rho}, T = ${T}`);
  }
});

test("alphaCount for L = 2, 3 against the closed form Σ_ℓ min(2ρ_ℓ − ρ_ℓ², 1)/(T² + T − 2)", () => {
  // worked by hand: κ(2) = 4, κ(3) = 10, κ(4) = 18
  const cases: [number[], number, number][] = [
    [[0.5, 0.3], 3, (0.75 + 0.51) / 10],
    [[0.5, 0.5], 2, (0.75 + 0.75) / 4],
    [[0.5, 2, 0.1], 2, (0.75 + 1 + 0.19) / 4],
    [[1, 1, 1], 4, 3 / 18],
    [[0.2, 0.4, 0.6], 3, (0.36 + 0.64 + 0.84) / 10],
  ];
  for (const [rhos, T, expected] of cases) assert.ok(Math.abs(alphaCount(rhos, T) - expected) < 1e-15, `${rhos} T = ${T}: ${alphaCount(rhos, T)}`);
});

test("alphaCount adds the layers' α_PR and does not depend on their order", () => {
  const rhos = [0.7, 0.25, 3];
  for (const T of [2, 5]) {
    const sum = rhos.reduce((s, r) => s + alphaPR(r, T), 0);
    assert.ok(Math.abs(alphaCount(rhos, T) - sum) < 1e-15);
    assert.ok(Math.abs(alphaCount([...rhos].reverse(), T) - alphaCount(rhos, T)) < 1e-15);
  }
});

test("alphaCount: bad input names the parameter", () => {
  assert.throws(() => alphaCount([], 2), /layers must be an integer ≥ 1/);
  assert.throws(() => alphaCount([0.5, 0], 2), /rho must be a number > 0/);
  assert.throws(() => alphaCount([0.5], 1), /T must be an integer ≥ 2/);
});
