import type { TopLevelSpec } from "vega-lite";
import { logGrid } from "../numeric/grid";
import { alphaPR } from "../se/thresholds";
import { defineFigure, figureFrame } from "./figure";
import { haloed, rhoColourScale, rhoLabel } from "./theme";

/**
 * Figure alpha-pr (theory.md §5): the perfect-recovery threshold α_PR(ρ, T) of the softmax AIM, from the
 * counting argument (degrees of freedom of a symmetric rank-ρd matrix over κ(T)/2 constraints per sample).
 * Left: against ρ for several T (width helps learnability only until ρ = 1, where S stops being low rank).
 * Right: against T for several ρ, log–log, with the 1/T² reference (longer sequences need fewer samples).
 */

export interface AlphaPRRow {
  rho: number;
  T: number;
  alphaPR: number;
}

export const ALPHA_PR = {
  Ts: [2, 3, 4, 5, 6],
  rho: [0.01, 10] as const,
  rhoPoints: 161,
  /** ρ ≥ 1 all share α_PR = 1/κ(T), so one curve stands for them */
  rhos: [0.1, 0.3, 0.5, 1],
  Tmax: 32,
} as const;

export function alphaPRData(): { byRho: AlphaPRRow[]; byT: AlphaPRRow[] } {
  const byRho = ALPHA_PR.Ts.flatMap((T) => logGrid(ALPHA_PR.rho[0], ALPHA_PR.rho[1], ALPHA_PR.rhoPoints).map((rho) => ({ rho, T, alphaPR: alphaPR(rho, T) })));
  const Ts = Array.from({ length: ALPHA_PR.Tmax - 1 }, (_, i) => i + 2);
  const byT = ALPHA_PR.rhos.flatMap((rho) => Ts.map((T) => ({ rho, T, alphaPR: alphaPR(rho, T) })));
  return { byRho, byT };
}

export function buildAlphaPR(data: { byRho: AlphaPRRow[]; byT: AlphaPRRow[] }, title: string): TopLevelSpec {
  const Ts = [...new Set(data.byRho.map((r) => r.T))];
  const rhos = [...new Set(data.byT.map((r) => r.rho))];
  const Tmax = Math.max(...data.byT.map((r) => r.T));
  // the 1/T² reference through the ρ ≥ 1 value at T = 2 (shifted down for legibility)
  const reference = [2, Tmax].map((T) => ({ T, alphaPR: (0.25 * 4 * alphaPR(1, 2)) / (T * T), curve: "∝ 1/T²" }));
  const label = (rho: number) => (rho === 1 ? "ρ ≥ 1" : rhoLabel(rho));
  return {
    ...figureFrame(title, "Softmax: α_PR = (2ρ − ρ²)/κ(T) for ρ ≤ 1, 1/κ(T) for ρ ≥ 1, with κ(T) = T² + T − 2."),
    hconcat: [
      {
        data: { values: data.byRho.map((r) => ({ ...r, curve: `T = ${r.T}` })) },
        mark: { type: "line" },
        encoding: {
          x: {
            field: "rho",
            type: "quantitative",
            scale: { type: "log", domain: [...ALPHA_PR.rho], nice: false },
            axis: { values: [0.01, 0.03, 0.1, 0.3, 1, 3, 10] },
            title: "width ratio ρ = r/d",
          },
          y: { field: "alphaPR", type: "quantitative", title: "perfect recovery α_PR" },
          color: { field: "curve", type: "nominal", title: "tokens", sort: Ts.map((T) => `T = ${T}`), scale: { scheme: "viridis" } },
          order: { field: "rho", type: "quantitative" },
        },
      },
      {
        layer: [
          {
            data: { values: data.byT.map((r) => ({ ...r, curve: label(r.rho) })) },
            mark: { type: "line", point: { size: 18 } },
            encoding: {
              x: {
                field: "T",
                type: "quantitative",
                scale: { type: "log", domain: [2, Tmax], nice: false },
                axis: { values: [2, 3, 4, 6, 8, 12, 16, 24, 32] },
                title: "sequence length T",
              },
              y: { field: "alphaPR", type: "quantitative", scale: { type: "log" }, title: "perfect recovery α_PR" },
              color: {
                field: "curve",
                type: "nominal",
                title: "width ratio",
                scale: { domain: rhos.map(label), range: rhoColourScale(rhos).range },
                sort: rhos.map(label),
              },
              order: { field: "T", type: "quantitative" },
            },
          },
          {
            data: { values: reference },
            mark: { type: "line", color: "#555555", strokeDash: [6, 4] },
            encoding: { x: { field: "T", type: "quantitative" }, y: { field: "alphaPR", type: "quantitative" } },
          },
          ...haloed({
            data: { values: [{ T: 3, alphaPR: reference[0].alphaPR * (4 / 9), label: "∝ 1/T²" }] },
            mark: { type: "text" as const, align: "right" as const, dx: -4, dy: 10, color: "#555555", fontSize: 12 },
            encoding: { x: { field: "T", type: "quantitative" as const }, y: { field: "alphaPR", type: "quantitative" as const }, text: { field: "label" } },
          }),
        ],
        resolve: { scale: { color: "independent" } },
      },
    ],
    resolve: { scale: { color: "independent" } },
  } as TopLevelSpec;
}

const TITLE = "Perfect-recovery threshold of softmax attention";

export const alphaPRFigure = defineFigure({
  name: "alpha-pr",
  title: TITLE,
  description: "α_PR(ρ, T): grows with width until ρ = 1, then flat; falls like 1/T² with sequence length (counting argument).",
  async load() {
    return alphaPRData();
  },
  build(data: { byRho: AlphaPRRow[]; byT: AlphaPRRow[] }): TopLevelSpec {
    return buildAlphaPR(data, TITLE);
  },
});
