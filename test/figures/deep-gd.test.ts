import assert from "node:assert/strict";
import { test } from "node:test";
import { DeepGDRow } from "../../lib/gd/deep-table";
import { buildDeepGD, DEEP_GD, errorAxis, errorDomain, errorPoints, protocolOf, trainsAll } from "../../lib/figures/deep-gd";
import { buildDeepOracle, settingOf } from "../../lib/figures/deep-oracle";
import { compileSpec, renderSVG } from "../../lib/figures/render";

/** A table row as data/gd-deep.csv holds it (only the fields the figures read matter). */
function row(over: Partial<DeepGDRow>): DeepGDRow {
  return {
    d: 50, layers: 2, rho: "0.5;0.5", c: 1, T: 2, alpha: 0.375, alpha_count: 0.375, alpha_ratio: 1, alpha_bar: 1.5, n: 938, r: "25;25",
    beta: 1, steps: 1000, lr: 0.1, average: 8, samples: 3, seed: "s", trained: "1;2", mse_single_mean: 0, mse_single_std: 0,
    mse_avg_mean: 0, mse_avg_std: 0, mse_single_layers: "0.5;0.05", mse_single_layers_std: "0.1;0.01", mse_avg_layers: "0.2;0.02",
    mse_avg_layers_std: "0.05;0.005", backend: "test", ms_per_step: 1, seconds: 1, ...over,
  };
}

test("errorPoints(row) → one value per layer and kind, read from the list cells", () => {
  const points = errorPoints(row({}));
  assert.deepEqual(points.map((p) => [p.kind, p.layer, p.error, p.std]), [
    ["single", 1, 0.5, 0.1], ["single", 2, 0.05, 0.01], ["averaged", 1, 0.2, 0.05], ["averaged", 2, 0.02, 0.005],
  ]);
  assert.equal(trainsAll(row({})), true);
  assert.equal(trainsAll(row({ trained: "2" })), false);
  assert.equal(settingOf(row({ trained: "2" })), "layer 2 only (layer 1 = teacher's)");
  assert.match(protocolOf([row({}), row({ d: 100 })]), /^d = 50, L = 2, ρ = 0.5, 0.5, K = 8, 3 samples, 1000 Adam steps$/);
});

test("buildDeepGD and buildDeepOracle → compile without warnings and render their titles (with a d = 100 point)", async () => {
  const rows = [row({ alpha_ratio: 0.5 }), row({ alpha_ratio: 1 }), row({ T: 3, c: 0 }), row({ d: 100 })];
  const gd = buildDeepGD({ points: rows.flatMap(errorPoints), protocol: protocolOf(rows) }, "Deep check");
  assert.deepEqual(compileSpec(gd).warnings, []);
  assert.match(await renderSVG(gd), /Deep check/);
  const oracle = buildDeepOracle(
    { points: [row({ trained: "2" }), row({})].flatMap((r) => errorPoints(r).map((p) => ({ ...p, setting: settingOf(r) }))), se: [{ ratio: 0.2, mmse: 0.5 }, { ratio: 0.6, mmse: 0 }], T: 2, c: 1, protocol: "p" },
    "Oracle check",
  );
  assert.deepEqual(compileSpec(oracle).warnings, []);
  assert.match(await renderSVG(oracle), /Oracle check/);
});

test("errorDomain(errors) → reaches down to the decade of the smallest error, never above DEEP_GD.errorFloor", () => {
  assert.deepEqual(errorDomain([0.5, 0.02]), [DEEP_GD.errorFloor, DEEP_GD.errorTop]);
  assert.deepEqual(errorDomain([3, 5.3e-6, 0]), [1e-6, DEEP_GD.errorTop]);
  assert.deepEqual(errorDomain([]), [DEEP_GD.errorFloor, DEEP_GD.errorTop]);
  // one tick per decade from the floor up
  assert.deepEqual(errorAxis("e", [1e-6, 30]).axis.values.map((v) => Math.round(Math.log10(v))), [-6, -5, -4, -3, -2, -1, 0, 1]);
});

test("buildDeepGD → the larger d is drawn as a curve (thin line and diamonds), and no point falls below the axis", () => {
  const rows = [0.5, 1, 2].flatMap((q) => [row({ alpha_ratio: q }), row({ d: 100, alpha_ratio: q, mse_avg_layers: "0.2;4e-6" })]);
  const spec = buildDeepGD({ points: rows.flatMap(errorPoints), protocol: protocolOf(rows) }, "Deep check") as unknown as {
    spec: { layer: Array<{ mark: { type: string }; transform?: Array<{ filter: { field: string; oneOf?: number[] } }>; encoding: { y?: { scale?: { domain: number[] } } } }> };
  };
  const forLarger = spec.spec.layer.filter((l) => l.transform?.[0].filter.oneOf?.includes(100));
  assert.deepEqual(forLarger.map((l) => l.mark.type).sort(), ["line", "point"]);
  assert.deepEqual(forLarger[0].encoding.y?.scale?.domain, [1e-6, DEEP_GD.errorTop]);
});
