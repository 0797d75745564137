import assert from "node:assert/strict";
import { test } from "node:test";
import { alphaPR } from "../../lib/se/thresholds";
import { buildSoftmaxSE, curveGrid, rhoInfinityLine, SOFTMAX_SE, softmaxSECurves } from "../../lib/figures/softmax-se";
import { rhoColour } from "../../lib/figures/theme";

test("curveGrid(end, N) → from 0 to end inclusive, increasing, steps shrinking towards the end", () => {
  const g = curveGrid(0.2, 6);
  assert.equal(g[0], 0);
  assert.equal(g[5], 0.2);
  const steps = g.slice(1).map((a, i) => a - g[i]);
  steps.slice(1).forEach((s, i) => assert.ok(s < steps[i] && s > 0));
  assert.throws(() => curveGrid(0.2, 1), /points must be an integer ≥ 2 \(got 1\)/);
});

test("softmaxSECurves(T = 2) → each curve falls from 1 at α = 0 to ≈ 0 at α_PR(ρ), decreasing", () => {
  const rhos = [0.2, 1];
  const rows = softmaxSECurves(2, rhos, 12);
  for (const rho of rhos) {
    const curve = rows.filter((r) => r.rho === rho);
    assert.equal(curve.length, 12);
    assert.equal(curve[0].alpha, 0);
    assert.ok(Math.abs(curve[0].mmse - 1) < 1e-12, `error 1 at α = 0 for ρ = ${rho}`);
    assert.equal(curve[11].alpha, alphaPR(rho, 2));
    assert.ok(curve[11].mmse < 1e-3, `error ≈ 0 at α_PR for ρ = ${rho} (got ${curve[11].mmse})`);
    curve.slice(1).forEach((r, i) => assert.ok(r.mmse < curve[i].mmse, "decreasing in α"));
  }
  assert.equal(rows.length, 24);
});

test("rhoInfinityLine(T) → from (0, 1) to (1/κ(T), 0): (0.25, 0) for T = 2, (0.1, 0) for T = 3", () => {
  assert.deepEqual(rhoInfinityLine(2), [
    { rho: Infinity, alpha: 0, mmse: 1 },
    { rho: Infinity, alpha: 0.25, mmse: 0 },
  ]);
  assert.deepEqual(rhoInfinityLine(3)[1], { rho: Infinity, alpha: 0.1, mmse: 0 });
});

test("buildSoftmaxSE(rows) → one legend in ascending ρ with the authors' colours, only ρ = ∞ dashed, α axis [0, 0.28]", () => {
  const rows = [2, 0.1, Infinity].flatMap((rho) => [{ rho, alpha: 0, mmse: 1 }, { rho, alpha: 0.1, mmse: 0.5 }]);
  const spec = buildSoftmaxSE(rows, "t") as unknown as {
    data: { values: Array<{ curve: string }> };
    encoding: { x: { scale: { domain: number[] } }; color: { scale: { domain: string[]; range: string[] } }; strokeDash: { scale: { range: number[][] } } };
  };
  assert.deepEqual(spec.encoding.color.scale.domain, ["ρ = 0.1", "ρ = 2", "ρ = ∞"]);
  assert.deepEqual(spec.encoding.color.scale.range, [0.1, 2, Infinity].map(rhoColour));
  assert.deepEqual(spec.encoding.strokeDash.scale.range, [[1, 0], [1, 0], [6, 4]]);
  assert.deepEqual(spec.encoding.x.scale.domain, [0, SOFTMAX_SE.alphaMax]);
  assert.equal(spec.data.values.length, rows.length);
});
