import type { TopLevelSpec } from "vega-lite";
import { kappa } from "../channels/channel";
import { makeChannel } from "../channels/registry";
import { solveSECurve } from "../se/solve";
import { alphaPR, rhoInfinityError } from "../se/thresholds";
import { readCSVOr } from "../store/csv";
import { dataPath } from "../store/paths";
import { defineFigure, figureFrame } from "./figure";
import { rhoColourScale, rhoLabel } from "./theme";

/**
 * Figure softmax-se (theory.md §8, softmax left panel): the Bayes-optimal estimation error of the softmax AIM
 * against α = n/d² for T = 2 and several widths ρ, from state evolution (theory.md §4). Each curve runs from the
 * uninformed error 1 at α = 0 down to 0 at the perfect-recovery threshold α_PR(ρ) (theory.md §5), where it ends;
 * the dashed line is the ρ = ∞ reference max(0, 1 − α κ(T)).
 */

/** One point of an error curve; ρ = Infinity marks the ρ = ∞ reference line. */
export interface SECurveRow {
  rho: number;
  alpha: number;
  mmse: number;
}

export const SE_CURVE_SCHEMA = { rho: "number", alpha: "number", mmse: "number" } as const;

/** The panel as the authors drew it (theory.md §8). */
export const SOFTMAX_SE = {
  T: 2,
  rhos: [0.1, 0.2, 0.3, 0.5, 1, 2],
  /** x-axis range [0, alphaMax] */
  alphaMax: 0.28,
  /** SE points per curve, denser towards α_PR where the curve is steepest */
  points: 96,
  /** optional precomputed SE curves (columns rho, alpha, mmse, e.g. from `aim se --csv`); computed when absent */
  dataFile: "softmax-se.csv",
} as const;

/**
 * The α grid of one curve: α_k = α_PR (1 − (1 − k/(N−1))²), k = 0..N−1, from 0 to α_PR inclusive, with spacing
 * shrinking linearly towards α_PR, where the error falls fastest.
 */
export function curveGrid(alphaEnd: number, points: number): number[] {
  if (!(points >= 2 && Number.isInteger(points))) throw new RangeError(`points must be an integer ≥ 2 (got ${points})`);
  return Array.from({ length: points }, (_, k) => {
    const u = 1 - k / (points - 1);
    return alphaEnd * (1 - u * u);
  });
}

/** SE error curves of the softmax channel for each ρ, from α = 0 to α_PR(ρ, T). */
export function softmaxSECurves(T: number, rhos: readonly number[], points: number): SECurveRow[] {
  const channel = makeChannel("softmax", { T });
  return rhos.flatMap((rho) => solveSECurve(channel, rho, curveGrid(alphaPR(rho, T), points)).map((r) => ({ rho, alpha: r.alpha, mmse: r.mmse })));
}

/** The ρ = ∞ reference line max(0, 1 − α κ(T)) (theory.md §5) by its two ends: (0, 1) and (1/κ(T), 0). */
export function rhoInfinityLine(T: number): SECurveRow[] {
  return [0, 1 / kappa(T)].map((alpha) => ({ rho: Infinity, alpha, mmse: rhoInfinityError(alpha * kappa(T)) }));
}

/** The Vega-Lite spec of the panel: one line per ρ in the authors' colours, ρ = ∞ dashed, one legend. */
export function buildSoftmaxSE(rows: readonly SECurveRow[], title: string, T: number = SOFTMAX_SE.T): TopLevelSpec {
  const rhos = [...new Set(rows.map((r) => r.rho))].sort((a, b) => a - b);
  const labels = rhos.map(rhoLabel);
  const values = rows.map((r) => ({ curve: rhoLabel(r.rho), alpha: r.alpha, mmse: r.mmse }));
  return {
    ...figureFrame(title, `T = ${T}, state evolution. Each curve ends at perfect recovery α_PR(ρ); dashed: ρ = ∞.`),
    data: { values },
    mark: { type: "line", clip: true },
    encoding: {
      x: { field: "alpha", type: "quantitative", title: "sample complexity α = n/d²", scale: { domain: [0, SOFTMAX_SE.alphaMax], nice: false } },
      y: { field: "mmse", type: "quantitative", title: "estimation error ‖Ŝ − S‖²/d", scale: { domain: [0, 1] } },
      color: { field: "curve", type: "nominal", title: "width ratio", scale: rhoColourScale(rhos), sort: labels },
      strokeDash: {
        field: "curve",
        type: "nominal",
        title: "width ratio",
        sort: labels,
        scale: { domain: labels, range: rhos.map((r) => (r === Infinity ? [6, 4] : [1, 0])) },
      },
      order: { field: "alpha", type: "quantitative" },
    },
  };
}

const TITLE = "Softmax attention: Bayes-optimal error";

export const softmaxSE = defineFigure({
  name: "softmax-se",
  title: TITLE,
  description: "State-evolution error vs α = n/d² for T = 2 and ρ from 0.1 to 2, each curve ending at α_PR(ρ); dashed: ρ = ∞.",
  async load(): Promise<SECurveRow[]> {
    const { T, rhos, points, dataFile } = SOFTMAX_SE;
    const file = dataPath(dataFile);
    const curves = readCSVOr(file, SE_CURVE_SCHEMA, () => softmaxSECurves(T, rhos, points)).filter((r) => r.rho !== Infinity);
    return [...curves, ...rhoInfinityLine(T)];
  },
  build(rows: SECurveRow[]): TopLevelSpec {
    return buildSoftmaxSE(rows, TITLE);
  },
});
