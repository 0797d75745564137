import type { TopLevelSpec } from "vega-lite";
import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { linGrid } from "../numeric/grid";
import { generalizationCurve } from "../phases/generalization";
import { readCSVOr } from "../store/csv";
import { dataPath } from "../store/paths";
import { defineFigure, figureFrame } from "./figure";

/**
 * Figure generalization (theory.md §2): the Bayes-optimal test error on y, E‖y − ŷ‖²_F, against α for several
 * inverse temperatures β, with sliders for ρ and T over a precomputed grid (data/generalization.csv, written by
 * `make data` with `aim sweep gen`). The estimation error of S (black, dashed) does not depend on β; the test
 * error on y does: it grows like β² at small β and saturates at the hardmax value as β → ∞. Both vanish at α_PR.
 */

export interface GeneralizationRow {
  rho: number;
  T: number;
  beta: number;
  alpha: number;
  mmse: number;
  test_error: number;
  test_error_err: number;
}

export const GENERALIZATION_SCHEMA = {
  rho: "number",
  T: "number",
  beta: "number",
  alpha: "number",
  mmse: "number",
  test_error: "number",
  test_error_err: "number",
} as const;

/** The grid of data/generalization.csv (see the Makefile `data` target) and the static defaults. */
export const GENERALIZATION = {
  dataFile: "generalization.csv",
  rhos: [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2],
  Ts: [2, 3, 4],
  betas: [0.5, 1, 2, 4, 8],
  /** α points per T on [0, 1.1/κ(T)] (α_PR ≤ 1/κ(T) for every ρ) */
  alphaPoints: 23,
  defaults: { rho: 0.5, T: 2 },
} as const;

/** The α grid of one T: from 0 to 1.1/κ(T), past every α_PR(ρ, T). */
export function generalizationAlphas(T: number): number[] {
  return linGrid(0, 1.1 / kappa(T), GENERALIZATION.alphaPoints);
}

/** Without the data file: the T = 2 part of the grid (deterministic quadrature, a few seconds). */
export function generalizationFallback(): GeneralizationRow[] {
  const rows: GeneralizationRow[] = [];
  for (const rho of GENERALIZATION.rhos)
    for (const beta of GENERALIZATION.betas)
      for (const p of generalizationCurve(softmax(2, beta), rho, generalizationAlphas(2)))
        rows.push({ rho, T: 2, beta, alpha: p.alpha, mmse: p.mmse, test_error: p.testError, test_error_err: p.testErrorError });
  return rows;
}

export function buildGeneralization(rows: readonly GeneralizationRow[], title: string): TopLevelSpec {
  const rhos = [...new Set(rows.map((r) => r.rho))].sort((a, b) => a - b);
  const Ts = [...new Set(rows.map((r) => r.T))].sort((a, b) => a - b);
  const betas = [...new Set(rows.map((r) => r.beta))].sort((a, b) => a - b);
  const step = rhos.length > 1 ? rhos[1] - rhos[0] : 1;
  // 6 significant digits are plenty for drawing, and keep the spec (embedded in notebooks) small
  const short = (x: number) => Number(x.toPrecision(6));
  const values = rows.flatMap((r) => [
    { rho: r.rho, T: r.T, alpha: short(r.alpha), curve: `β = ${r.beta}`, error: short(r.test_error), kind: "test", b: betas.indexOf(r.beta) + 1 },
    ...(r.beta === betas[0] ? [{ rho: r.rho, T: r.T, alpha: short(r.alpha), curve: "S (any β)", error: short(r.mmse), kind: "estimation", b: 0 }] : []),
  ]);
  const curves = [...betas.map((b) => `β = ${b}`), "S (any β)"];
  const blues = ["#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#041f4a"];
  return {
    ...figureFrame(title),
    // the subtitle follows the sliders
    title: {
      text: title,
      subtitle: { expr: "'Bayes-optimal test error E‖y − ŷ‖² for several β; dashed: error on S. ρ = ' + rho + ', T = ' + T + ' (sliders).'" },
    },
    params: [
      { name: "rho", value: GENERALIZATION.defaults.rho, bind: { input: "range", min: rhos[0], max: rhos[rhos.length - 1], step, name: "width ratio ρ " } },
      { name: "T", value: GENERALIZATION.defaults.T, bind: { input: "range", min: Ts[0], max: Ts[Ts.length - 1], step: 1, name: "tokens T " } },
      // β: 0 shows every curve alike, k highlights the k-th β of the grid
      { name: "betaPick", value: 0, bind: { input: "range", min: 0, max: betas.length, step: 1, name: `highlight β (0: all; 1…${betas.length}: ${betas.join(", ")}) ` } },
    ],
    data: { values },
    transform: [{ filter: "abs(datum.rho - rho) < 1e-9 && datum.T == T" }],
    mark: { type: "line", point: { size: 14 } },
    encoding: {
      x: { field: "alpha", type: "quantitative", title: "sample complexity α = n/d²" },
      y: { field: "error", type: "quantitative", title: "Bayes-optimal error" },
      color: {
        field: "curve",
        type: "nominal",
        title: "curve",
        sort: curves,
        scale: { domain: curves, range: [...blues.slice(0, betas.length), "#000000"] },
      },
      strokeDash: {
        field: "kind",
        type: "nominal",
        scale: { domain: ["test", "estimation"], range: [[1, 0], [6, 4]] },
        legend: null,
      },
      opacity: { condition: { test: "betaPick == 0 || datum.b == 0 || datum.b == betaPick", value: 1 }, value: 0.15 },
      order: { field: "alpha", type: "quantitative" },
    },
  } as unknown as TopLevelSpec;
}

const TITLE = "Generalization error of softmax attention";

export const generalizationFigure = defineFigure({
  name: "generalization",
  title: TITLE,
  description: "Bayes-optimal test error on y vs α for β from 0.5 to 8 (sliders for ρ and T); it depends on β, the error on S does not.",
  async load(): Promise<GeneralizationRow[]> {
    const file = dataPath(GENERALIZATION.dataFile);
    return readCSVOr(file, GENERALIZATION_SCHEMA, generalizationFallback);
  },
  build(rows: GeneralizationRow[]): TopLevelSpec {
    return buildGeneralization(rows, TITLE);
  },
});
