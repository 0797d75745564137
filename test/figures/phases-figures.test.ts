import assert from "node:assert/strict";
import { test } from "node:test";
import { buildAlphaPR, alphaPRData } from "../../lib/figures/alpha-pr";
import { buildGeneralization, GENERALIZATION } from "../../lib/figures/generalization";
import { generalizationCurve } from "../../lib/phases/generalization";
import { buildPhaseDiagram, PHASE_DIAGRAM, phaseDiagramData } from "../../lib/figures/phase-diagram";
import { renderSVG } from "../../lib/figures/render";
import { solveSE } from "../../lib/se/solve";
import { softmax } from "../../lib/channels/softmax";
import { alphaPR } from "../../lib/se/thresholds";

type Param = { name: string; value: number; bind?: { input: string; min: number; max: number; step: number } };

test("phaseDiagramData: merged cells tile each ρ row and hold the SE error of their cells to within half a band", async () => {
  const data = phaseDiagramData(6, 24);
  const half = PHASE_DIAGRAM.level / 2;
  const rows = new Map<number, typeof data.cells>();
  for (const c of data.cells) rows.set(c.rho0, [...(rows.get(c.rho0) ?? []), c]);
  assert.equal(rows.size, 6);
  assert.ok(data.cells.length < 6 * 24, "neighbouring cells of one band merge");
  for (const cells of rows.values()) {
    assert.equal(cells[0].ab0, PHASE_DIAGRAM.alphaBar[0]);
    assert.equal(cells[cells.length - 1].ab1, PHASE_DIAGRAM.alphaBar[1]);
    for (let k = 1; k < cells.length; k++) assert.equal(cells[k].ab0, cells[k - 1].ab1);
    for (const c of cells) {
      const rho = Math.sqrt(c.rho0 * c.rho1);
      const width = (PHASE_DIAGRAM.alphaBar[1] - PHASE_DIAGRAM.alphaBar[0]) / 24;
      for (const alphaBar of [c.ab0 + width / 2, c.ab1 - width / 2]) {
        const exact = solveSE(softmax(2), rho, alphaBar / 4).mmse;
        if (c.mmse === 0) assert.ok(exact < 1e-12, `zero band at ρ=${rho}, ᾱ=${alphaBar}: ${exact}`);
        else assert.ok(Math.abs(exact - c.mmse) <= half + 1e-12, `ρ=${rho}, ᾱ=${alphaBar}: ${exact} vs band ${c.mmse}`);
      }
    }
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
  const pick = spec.params.find((p) => p.name === "betaPick");
  assert.deepEqual([pick?.value, pick?.bind?.max], [0, GENERALIZATION.betas.length], "β slider: 0 shows all curves");
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
