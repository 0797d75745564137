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

test("gdRowsByT(files) → each T from the first file that has it; the caption names each group's d", async () => {
  const { mkdtempSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const { appendTable } = await import("../../lib/store/table");
  const { GD_SCHEMA } = await import("../../lib/gd/presets");
  const { gdRowsByT } = await import("../../lib/figures/softmax-gd");
  const dir = mkdtempSync(join(tmpdir(), "gd-fig-"));
  const row = (T: number, d: number, average: number, samples: number, alpha: number) => ({
    d, rho: 0.5, T, alpha, alpha_bar: alpha * kappa(T), n: 1, r: 1, beta: 1, steps: 1, lr: 0.1, average, samples, seed: "s",
    mse_single_mean: 1, mse_single_std: 0, mse_avg_mean: 1, mse_avg_std: 0, se_mmse: 1, backend: "b", ms_per_step: 1, seconds: 1,
  });
  const write = (name: string, rows: ReturnType<typeof row>[]) => {
    appendTable(join(dir, name), GD_SCHEMA, rows, { parameters: {}, seed: 0, runtimeSeconds: 0 });
    return join(dir, name);
  };
  const paper100 = write("p100.csv", [row(2, 100, 16, 4, 0.1), row(2, 100, 16, 4, 0.2)]);
  const quick = write("quick.csv", [2, 3, 4, 5, 6].map((T) => row(T, 50, 8, 3, 0.1)));
  const both = gdRowsByT([join(dir, "missing.csv"), paper100, quick]);
  assert.deepEqual(both.gd.map((r) => [r.T, r.d]), [[2, 100], [2, 100], [3, 50], [4, 50], [5, 50], [6, 50]]);
  assert.equal(both.protocol, "T = 2: d = 100, K = 16, 4 samples; T = 3–6: d = 50, K = 8, 3 samples");
  assert.equal(gdRowsByT([quick]).protocol, "d = 50, K = 8, 3 samples");
  assert.equal(gdRowsByT([]).protocol, "no data in data/ yet");
});
