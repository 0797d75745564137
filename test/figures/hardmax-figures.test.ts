import assert from "node:assert/strict";
import { test } from "node:test";
import { buildHardmaxRho0, buildHardmaxSE, hardmaxSECurves } from "../../lib/figures/hardmax-se";
import { compileSpec } from "../../lib/figures/render";

test("buildHardmaxSE(curves, no AMP) compiles, draws both scores and says the AMP data are missing", () => {
  const curves = hardmaxSECurves([0.5], [0.1, 0.4, 1]);
  assert.equal(curves.length, 6);
  const spec = buildHardmaxSE({ curves, amp: [] }, "t");
  assert.deepEqual(compileSpec(spec).warnings, []);
  assert.match(JSON.stringify(spec), /no AMP data in data\//);
  const withAmp = buildHardmaxSE({ curves, amp: [{ rho: 0.5, alpha: 0.4, mse_mean: 0.26, mse_sem: 0.01 }] }, "t");
  assert.deepEqual(compileSpec(withAmp).warnings, []);
  assert.match(JSON.stringify(withAmp), /Dots: AMP/);
});

test("buildHardmaxRho0 draws a vertical rule at each score's threshold", () => {
  const rows = [
    { score: "exact", rho: 0.5, alpha: 1, mmse: 0.2 },
    { score: "exact", rho: 0, alpha: 1, mmse: 0.4 },
    { score: "published", rho: 0, alpha: 1, mmse: 0.8 },
  ];
  const spec = buildHardmaxRho0(rows, "t") as unknown as { layer: Array<{ mark: { type: string }; data: { values: Array<{ alpha: number }> } }> };
  const rules = spec.layer.find((l) => l.mark.type === "rule")!;
  assert.equal(rules.data.values.length, 2);
  assert.deepEqual(compileSpec(spec as never).warnings, []);
});
