import assert from "node:assert/strict";
import { test } from "node:test";
import { buildAlphaPR, alphaPRData } from "../../lib/figures/alpha-pr";
import { buildGeneralization, GENERALIZATION } from "../../lib/figures/generalization";
import { generalizationCurve } from "../../lib/phases/generalization";
import { buildPhaseDiagram, phaseDiagramData } from "../../lib/figures/phase-diagram";
import { renderSVG } from "../../lib/figures/render";
import { solveSE } from "../../lib/se/solve";
import { softmax } from "../../lib/channels/softmax";
import { alphaPR } from "../../lib/se/thresholds";

type Param = { name: string; value: number; bind?: { input: string; min: number; max: number; step: number } };

test("phaseDiagramData: cell values are SE errors at the cell centres; the spec binds T to a range slider (default 2)", async () => {
  const data = phaseDiagramData(6, 8);
  assert.equal(data.cells.length, 48);
  for (const c of [data.cells[3], data.cells[21], data.cells[44]]) {
    const rho = Math.sqrt(c.rho0 * c.rho1);
    const alphaBar = 0.5 * (c.ab0 + c.ab1);
    assert.ok(Math.abs(c.mmse - solveSE(softmax(2), rho, alphaBar / 4).mmse) < 1e-8);
  }
  const spec = buildPhaseDiagram(data, "t") as unknown as { params: Param[] };
  const T = spec.params.find((p) => p.name === "T");
  assert.equal(T?.value, 2);
  assert.equal(T?.bind?.input, "range");
  assert.match(await renderSVG(spec as never), /^<svg/);
});

test("buildGeneralization: ρ and T sliders over the data grid; the static view shows the default (ρ, T) only", async () => {
  // a small grid of the same shape as data/generalization.csv (the full fallback is exercised by make figures)
  const rows = [0.25, 0.5, 0.75].flatMap((rho) =>
    GENERALIZATION.betas.flatMap((beta) =>
      generalizationCurve(softmax(2, beta), rho, [0, 0.05, 0.1, 0.2]).map((p) => ({ rho, T: 2, beta, alpha: p.alpha, mmse: p.mmse, test_error: p.testError, test_error_err: p.testErrorError })),
    ),
  );
  const spec = buildGeneralization(rows, "t") as unknown as { params: Param[] };
  const rho = spec.params.find((p) => p.name === "rho");
  assert.deepEqual([rho?.value, rho?.bind?.min, rho?.bind?.max, rho?.bind?.step], [GENERALIZATION.defaults.rho, 0.25, 0.75, 0.25]);
  const svg = await renderSVG(spec as never);
  // one line per β plus the estimation error: every β of the grid appears in the legend
  for (const b of GENERALIZATION.betas) assert.ok(svg.includes(`β = ${b}`), `β = ${b}`);
});

test("alphaPRData matches alphaPR and the spec renders both panels", async () => {
  const data = alphaPRData();
  for (const r of data.byRho.filter((_, i) => i % 97 === 0)) assert.equal(r.alphaPR, alphaPR(r.rho, r.T));
  const svg = await renderSVG(buildAlphaPR(data, "α_PR figure"));
  assert.ok(svg.includes("sequence length T") && svg.includes("width ratio ρ = r/d"));
});
