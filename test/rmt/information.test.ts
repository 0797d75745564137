import assert from "node:assert/strict";
import { test } from "node:test";
import { logEnergy, mmseS, mutualInformation } from "../../lib/rmt";

test("logEnergy of a pure semicircle limit: Σ(μ_Δ) → ½ log Δ − ¼ as Δ → ∞", () => {
  const delta = 1e4;
  assert.ok(Math.abs(logEnergy(delta, 0.5) - (0.5 * Math.log(delta) - 0.25)) < 1e-3);
});

test("I-MMSE: dI/d(1/Δ) from the log-potential equals mmseS(Δ)/4 from ∫μ³ (finite difference)", () => {
  for (const [rho, delta] of [[0.5, 1], [0.1, 0.1], [2, 0.5]] as const) {
    const s = 1 / delta;
    const h = 1e-4 * s;
    const dI = (mutualInformation(1 / (s + h), rho) - mutualInformation(1 / (s - h), rho)) / (2 * h);
    assert.ok(Math.abs(dI - mmseS(delta, rho) / 4) < 1e-7, `rho = ${rho}, delta = ${delta}: ${dI}`);
  }
});

test("mutualInformation is positive, decreasing in Δ, 0 at Δ = ∞", () => {
  const values = [0.1, 1, 10].map((d) => mutualInformation(d, 0.5));
  assert.ok(values[0] > values[1] && values[1] > values[2] && values[2] > 0);
  assert.equal(mutualInformation(Infinity, 0.5), 0);
});
