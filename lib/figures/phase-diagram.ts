import type { TopLevelSpec } from "vega-lite";
import { kappa } from "../channels/channel";
import { linGrid, logGrid } from "../numeric/grid";
import { softmaxErrorMapRho } from "../phases/maps";
import { degreesOfFreedom } from "../se/thresholds";
import { defineFigure, figureFrame } from "./figure";

/**
 * Figure phase-diagram (theory.md §4, §5): the Bayes-optimal softmax estimation error over the (ρ, α) plane as
 * a heat map, with the perfect-recovery line α_PR(ρ) = (2ρ − ρ²)/κ(T) (1/κ(T) for ρ ≥ 1) over it. The map is
 * computed once in ᾱ = α κ(T) (the error depends on (α, T) only through ᾱ); a slider for T rescales the α axis
 * in JupyterLab (the ᾱ collapse, live), and the static SVG shows T = 2.
 */

export interface PhaseDiagramData {
  /** one cell per (ρ, ᾱ) grid point: ρ edges, ᾱ edges and the error at the cell centre */
  cells: Array<{ rho0: number; rho1: number; ab0: number; ab1: number; mmse: number }>;
  /** the perfect-recovery line ᾱ_PR(ρ) = 2ρ − ρ² (ρ ≤ 1), 1 (ρ ≥ 1) */
  line: Array<{ rho: number; abPR: number }>;
}

export const PHASE_DIAGRAM = {
  /** ρ range (log axis) and number of rows */
  rho: [0.02, 5] as const,
  rhoCells: 64,
  /** ᾱ range and number of columns (ᾱ_PR ≤ 1, so the map shows the recovered region too) */
  alphaBar: [0, 1.2] as const,
  alphaBarCells: 120,
  /** colour levels: the error is drawn in bands of this width (cells of one band merge into one rect per row) */
  level: 0.05,
  /** the T slider */
  T: { default: 2, min: 2, max: 8 },
} as const;

/**
 * The error map on cell centres (log-spaced in ρ, linear in ᾱ) and the α_PR line, in ᾱ units. Along each ρ row,
 * neighbouring cells in the same error band (width PHASE_DIAGRAM.level; exact zeros form their own band) merge
 * into one rect drawn at the band's middle value: a contour-like map with ~20× fewer SVG elements.
 */
export function phaseDiagramData(rhoCells: number = PHASE_DIAGRAM.rhoCells, alphaBarCells: number = PHASE_DIAGRAM.alphaBarCells): PhaseDiagramData {
  const [rLo, rHi] = PHASE_DIAGRAM.rho;
  const [aLo, aHi] = PHASE_DIAGRAM.alphaBar;
  const rhoEdges = logGrid(rLo, rHi, rhoCells + 1);
  const abEdges = linGrid(aLo, aHi, alphaBarCells + 1);
  const rhos = rhoEdges.slice(0, -1).map((r, i) => Math.sqrt(r * rhoEdges[i + 1]));
  const alphaBars = abEdges.slice(0, -1).map((a, j) => 0.5 * (a + abEdges[j + 1]));
  // T = 2 stands for every T: α = ᾱ/κ(2)
  const map = softmaxErrorMapRho(rhos, alphaBars.map((ab) => ab / kappa(2)), 2);
  const cells: PhaseDiagramData["cells"] = [];
  // 6 significant digits are plenty for drawing, and keep the spec (embedded in notebooks) small
  const short = (x: number) => Number(x.toPrecision(6));
  const band = (m: number) => (m < 1e-12 ? -1 : Math.min(Math.floor(m / PHASE_DIAGRAM.level), Math.ceil(1 / PHASE_DIAGRAM.level) - 1));
  rhos.forEach((_, i) => {
    let start = 0;
    for (let j = 1; j <= alphaBars.length; j++) {
      const current = band(map.values[i * alphaBars.length + start]);
      if (j < alphaBars.length && band(map.values[i * alphaBars.length + j]) === current) continue;
      const mmse = current < 0 ? 0 : (current + 0.5) * PHASE_DIAGRAM.level;
      cells.push({ rho0: short(rhoEdges[i]), rho1: short(rhoEdges[i + 1]), ab0: short(abEdges[start]), ab1: short(abEdges[j]), mmse: short(mmse) });
      start = j;
    }
  });
  const line = logGrid(rLo, rHi, 200).map((rho) => ({ rho, abPR: degreesOfFreedom(rho) }));
  return { cells, line };
}

/** How far (in ᾱ) a drawn cell reaches into its right neighbour: half a column of the map. */
const SEAM_OVERLAP = (0.5 * (PHASE_DIAGRAM.alphaBar[1] - PHASE_DIAGRAM.alphaBar[0])) / PHASE_DIAGRAM.alphaBarCells;

/** Vega expression for κ(T) = T² + T − 2 with T the slider parameter. */
const KAPPA_EXPR = "(T * T + T - 2)";

export function buildPhaseDiagram(data: PhaseDiagramData, title: string): TopLevelSpec {
  const y = { type: "quantitative" as const, scale: { type: "log" as const, domain: [...PHASE_DIAGRAM.rho], nice: false }, title: "width ratio ρ = r/d" };
  const toAlpha = (from: string, as: string) => ({ calculate: `datum.${from} / ${KAPPA_EXPR}`, as });
  return {
    ...figureFrame(title, "Softmax SE error (bands of 0.05). Dashed: perfect recovery α_PR(ρ, T); dotted: ρ = 1. Slider T rescales α (ᾱ = ακ(T))."),
    params: [
      {
        name: "T",
        value: PHASE_DIAGRAM.T.default,
        bind: { input: "range", min: PHASE_DIAGRAM.T.min, max: PHASE_DIAGRAM.T.max, step: 1, name: "sequence length T " },
      },
    ],
    layer: [
      {
        data: { values: data.cells },
        // rows overlap by 1% in ρ, and each rect reaches half a column into the next one when drawn, which hides
        // the anti-aliasing seams between them (browsers draw them as white hairlines otherwise)
        transform: [
          toAlpha("ab0", "alpha0"),
          { calculate: `min(datum.ab1 + ${SEAM_OVERLAP}, ${PHASE_DIAGRAM.alphaBar[1]})`, as: "ab1drawn" },
          toAlpha("ab1drawn", "alpha1"),
          { calculate: "datum.rho1 * 1.01", as: "rho1drawn" },
        ],
        mark: { type: "rect", clip: true },
        encoding: {
          x: { field: "alpha0", type: "quantitative", title: "sample complexity α = n/d²", scale: { nice: false }, axis: { grid: false } },
          x2: { field: "alpha1" },
          y: { field: "rho0", ...y, axis: { grid: false } },
          y2: { field: "rho1drawn" },
          color: {
            field: "mmse",
            type: "quantitative",
            title: "error ‖Ŝ − S‖²/d",
            scale: { scheme: "viridis", domain: [0, 1], reverse: true },
            legend: { type: "gradient", gradientLength: 200 },
          },
        },
      },
      {
        data: { values: data.line },
        transform: [toAlpha("abPR", "alpha")],
        mark: { type: "line", color: "white", strokeDash: [7, 4], strokeWidth: 2.5 },
        encoding: { x: { field: "alpha", type: "quantitative" }, y: { field: "rho", ...y }, order: { field: "rho", type: "quantitative" } },
      },
      {
        data: { values: [{ rho: 1 }] },
        mark: { type: "rule", color: "white", strokeDash: [2, 3], strokeWidth: 1.5 },
        encoding: { y: { field: "rho", ...y } },
      },
      {
        data: {
          values: [
            { rho: 0.3, ab: degreesOfFreedom(0.3) + 0.03, label: "α_PR(ρ, T)" },
            { rho: 0.04, ab: 0.7, label: "perfect recovery: error 0" },
          ],
        },
        transform: [toAlpha("ab", "alpha")],
        mark: { type: "text", color: "#222222", align: "left", fontSize: 13 },
        encoding: { x: { field: "alpha", type: "quantitative" }, y: { field: "rho", ...y }, text: { field: "label" } },
      },
    ],
  } as TopLevelSpec;
}

const TITLE = "Phase diagram of softmax attention";

export const phaseDiagram = defineFigure({
  name: "phase-diagram",
  title: TITLE,
  description: "Bayes-optimal error over (ρ, α) for the softmax AIM with the perfect-recovery line α_PR(ρ); a T slider shows the ᾱ collapse.",
  async load(): Promise<PhaseDiagramData> {
    return phaseDiagramData();
  },
  build(data: PhaseDiagramData): TopLevelSpec {
    return buildPhaseDiagram(data, TITLE);
  },
});
