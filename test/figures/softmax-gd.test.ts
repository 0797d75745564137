import assert from "node:assert/strict";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { softmax } from "../../lib/channels/softmax";
import { buildSoftmaxGD, universalSECurve } from "../../lib/figures/softmax-gd";
import { compileSpec, renderSVG } from "../../lib/figures/render";
import { solveSE } from "../../lib/se/solve";

test("universalSECurve(ρ, ᾱ) → solveSE at α = ᾱ/κ(T) for every T (the softmax collapse)", () => {
  const curve = universalSECurve(0.5, [0.1, 0.4, 0.7]);
  for (const T of [3, 5]) {
    for (const { alpha_bar, mmse } of curve) {
      assert.ok(Math.abs(solveSE(softmax(T), 0.5, alpha_bar / kappa(T)).mmse - mmse) < 1e-10);
    }
  }
});

test("buildSoftmaxGD(rows with GD and AMP) → compiles without warnings; '+' and 'x' marks, AMP layer present", async () => {
  const gd = [2, 3].map((T) => ({ T, alpha_bar: 0.2, mse_single_mean: 1.6, mse_avg_mean: 0.9, d: 60, average: 8, samples: 4 }));
  const amp = [{ T: 2, alpha_bar: 0.3, mse_mean: 0.6, mse_std: 0.05 }];
  const spec = buildSoftmaxGD({ gd, amp, se: universalSECurve(0.5, [0.01, 0.5, 1]), protocol: "test" }, "GD check");
  assert.deepEqual(compileSpec(spec).warnings, []);
  const svg = await renderSVG(spec);
  assert.match(svg, /GD check/);
  assert.match(svg, /dots: AMP/);
  assert.equal((spec as { layer: unknown[] }).layer.length, 4);
});
