import { readAmpTable } from "../amp/tables";
import type { TopLevelSpec } from "vega-lite";
import { hardmax, HardmaxScore, HARDMAX_SCORES } from "../channels/hardmax";
import { logGrid } from "../numeric/grid";
import { rho0Curve, rho0Threshold } from "../se/rho0";
import { solveSECurve } from "../se/solve";
import { readCSVOr } from "../store/csv";
import { dataPath } from "../store/paths";
import { writeTable } from "../store/table";
import { defineFigure, figureFrame } from "./figure";
import { haloed, rhoColourScale, rhoLabel } from "./theme";

/**
 * Figures hardmax-se and hardmax-rho0 (theory.md §8, hardmax panels): the Bayes-optimal error of the hardmax AIM
 * at T = 2 from state evolution with the exact score (solid) and the authors' published φ2 score (dashed), and the
 * ρ → 0 limit in α/ρ with its weak-recovery thresholds (theory.md §4). Curves are read from data/ (written by
 * `writeHardmaxFigureData`, `make data`) and computed on the fly when the files are absent.
 */

export const HARDMAX_SE = {
  rhos: [0.1, 0.2, 0.5, 1, 2],
  /** x range (log) and SE points per curve */
  alphaMin: 0.03,
  alphaMax: 10,
  points: 33,
  /** log-y range of the panel (theory.md §8) */
  errorMin: 0.03,
  errorMax: 1.1,
  dataFile: "hardmax-se.csv",
  /** AMP points (exact score) written by `aim data amp` */
  ampFile: "amp-hardmax.csv",
} as const;

export const HARDMAX_RHO0 = {
  rhos: [0.05, 0.1, 0.2, 0.5, 1, 2, 5],
  alphaBarMin: 0.1,
  alphaBarMax: 20,
  points: 33,
  /** the ρ → 0 curve is drawn on a denser grid (its kink at the threshold) */
  limitPoints: 121,
  dataFile: "hardmax-rho0.csv",
} as const;

export interface HardmaxCurveRow {
  /** "exact" or "published" */
  score: string;
  /** width ratio; 0 marks the ρ → 0 limit */
  rho: number;
  alpha: number;
  mmse: number;
}

export const HARDMAX_CURVE_SCHEMA = { score: "string", rho: "number", alpha: "number", mmse: "number" } as const;


/** SE curves for both scores on a log grid of α (warm-started along each curve). */
export function hardmaxSECurves(rhos: readonly number[], alphas: readonly number[], scores: readonly HardmaxScore[] = HARDMAX_SCORES): HardmaxCurveRow[] {
  const rows: HardmaxCurveRow[] = [];
  for (const score of scores) {
    for (const rho of rhos) {
      for (const r of solveSECurve(hardmax(2, score), rho, alphas)) rows.push({ score, rho, alpha: r.alpha, mmse: r.mmse });
    }
  }
  return rows;
}

/** Exact-score SE curves in α/ρ for each ρ, plus the ρ → 0 limit (rho = 0) for both scores; `alpha` holds α/ρ. */
export function hardmaxRho0Curves(): HardmaxCurveRow[] {
  const c = HARDMAX_RHO0;
  const grid = logGrid(c.alphaBarMin, c.alphaBarMax, c.points);
  const rows: HardmaxCurveRow[] = [];
  for (const rho of c.rhos) {
    const se = solveSECurve(hardmax(2, "exact"), rho, grid.map((a) => a * rho));
    se.forEach((r, i) => rows.push({ score: "exact", rho, alpha: grid[i], mmse: r.mmse }));
  }
  for (const score of HARDMAX_SCORES) {
    const channel = hardmax(2, score);
    const threshold = rho0Threshold(channel);
    // include the threshold itself so the kink is drawn sharply
    const fine = [...logGrid(c.alphaBarMin, c.alphaBarMax, c.limitPoints), threshold].sort((a, b) => a - b);
    for (const p of rho0Curve(channel, fine)) rows.push({ score, rho: 0, alpha: p.alphaBar, mmse: p.error });
  }
  return rows;
}

/** Writes data/hardmax-se.csv and data/hardmax-rho0.csv with manifests (the `make data` step of these figures). */
export function writeHardmaxFigureData(): void {
  let start = Date.now();
  const se = hardmaxSECurves(HARDMAX_SE.rhos, logGrid(HARDMAX_SE.alphaMin, HARDMAX_SE.alphaMax, HARDMAX_SE.points));
  writeTable(dataPath(HARDMAX_SE.dataFile), HARDMAX_CURVE_SCHEMA, se, {
    parameters: { T: 2, rhos: HARDMAX_SE.rhos, alpha: `log:${HARDMAX_SE.alphaMin}:${HARDMAX_SE.alphaMax}:${HARDMAX_SE.points}`, scores: HARDMAX_SCORES },
    seed: null,
    runtimeSeconds: (Date.now() - start) / 1000,
  });
  start = Date.now();
  const r0 = hardmaxRho0Curves();
  writeTable(dataPath(HARDMAX_RHO0.dataFile), HARDMAX_CURVE_SCHEMA, r0, {
    parameters: { T: 2, rhos: HARDMAX_RHO0.rhos, alphaOverRho: `log:${HARDMAX_RHO0.alphaBarMin}:${HARDMAX_RHO0.alphaBarMax}:${HARDMAX_RHO0.points}`, limit: "rho = 0 rows" },
    seed: null,
    runtimeSeconds: (Date.now() - start) / 1000,
  });
}

export interface HardmaxSEData {
  curves: HardmaxCurveRow[];
  /** AMP means ± standard errors (exact score), empty when data/amp-hardmax.csv is absent */
  amp: Array<{ rho: number; alpha: number; mse_mean: number; mse_sem: number }>;
}

function scoreDash(scores: readonly string[]) {
  return { domain: [...scores], range: scores.map((s) => (s === "published" ? [5, 3] : [1, 0])) };
}

/**
 * The hardmax-se spec: log–log, one colour per ρ, exact solid, published dashed, AMP dots with error bars.
 * `errorMin` is the bottom of the log-y axis (default: the paper's panel, theory.md §8).
 */
export function buildHardmaxSE(data: HardmaxSEData, title: string, errorMin: number = HARDMAX_SE.errorMin): TopLevelSpec {
  const c = HARDMAX_SE;
  const rhos = [...new Set(data.curves.map((r) => r.rho))].sort((a, b) => a - b);
  const colour = { field: "curve", type: "nominal" as const, title: "width ratio", scale: rhoColourScale(rhos), sort: rhos.map(rhoLabel) };
  const x = { field: "alpha", type: "quantitative" as const, title: "sample complexity α = n/d²", scale: { type: "log" as const, domain: [c.alphaMin, c.alphaMax], nice: false } };
  const y = { field: "mmse", type: "quantitative" as const, title: "estimation error ‖Ŝ − S‖²/d", scale: { type: "log" as const, domain: [errorMin, c.errorMax], nice: false } };
  const lines = data.curves.filter((r) => r.mmse > 0).map((r) => ({ curve: rhoLabel(r.rho), score: r.score, alpha: r.alpha, mmse: r.mmse }));
  const amp = data.amp.map((r) => ({ curve: rhoLabel(r.rho), alpha: r.alpha, mmse: r.mse_mean, lo: Math.max(r.mse_mean - r.mse_sem, 1e-6), hi: r.mse_mean + r.mse_sem }));
  return {
    ...figureFrame(title, `T = 2. Solid: exact score; dashed: published φ2 score.${amp.length > 0 ? " Dots: AMP (exact score), ± s.e." : " (no AMP data in data/)"}`),
    layer: [
      {
        data: { values: lines },
        mark: { type: "line", clip: true },
        encoding: {
          x,
          y,
          color: colour,
          strokeDash: { field: "score", type: "nominal", title: "score", scale: scoreDash(HARDMAX_SCORES) },
          detail: { field: "score" },
          order: { field: "alpha", type: "quantitative" },
        },
      },
      ...(amp.length > 0
        ? [
            { data: { values: amp }, mark: { type: "rule" as const, clip: true }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color: colour } },
            { data: { values: amp }, mark: { type: "point" as const, filled: true, size: 22, clip: true }, encoding: { x, y, color: colour } },
          ]
        : []),
    ],
  } as TopLevelSpec;
}

/** The hardmax-rho0 spec: exact-score SE in α/ρ per ρ, ρ → 0 limits in black, vertical lines at both thresholds. */
export function buildHardmaxRho0(rows: readonly HardmaxCurveRow[], title: string): TopLevelSpec {
  const c = HARDMAX_RHO0;
  const finite = rows.filter((r) => r.rho > 0);
  const rhos = [...new Set(finite.map((r) => r.rho))].sort((a, b) => a - b);
  const x = { field: "alpha", type: "quantitative" as const, title: "α/ρ = n/(d r)", scale: { type: "log" as const, domain: [c.alphaBarMin, c.alphaBarMax], nice: false } };
  const y = { field: "mmse", type: "quantitative" as const, title: "estimation error ‖Ŝ − S‖²/d", scale: { domain: [0, 1.05], nice: false } };
  const limit = rows.filter((r) => r.rho === 0).map((r) => ({ score: `ρ → 0, ${r.score} score`, alpha: r.alpha, mmse: r.mmse }));
  const thresholds = HARDMAX_SCORES.map((score) => {
    const alpha = rho0Threshold(hardmax(2, score));
    return { score: `ρ → 0, ${score} score`, alpha, label: `${score}: α/ρ = ${alpha.toFixed(4)}` };
  });
  const limitDash = { domain: limit.length ? HARDMAX_SCORES.map((s) => `ρ → 0, ${s} score`) : [], range: HARDMAX_SCORES.map((s) => (s === "published" ? [5, 3] : [1, 0])) };
  return {
    ...figureFrame(title, "T = 2, exact score in colour; ρ → 0 limits in black (solid exact, dashed published) with their thresholds."),
    layer: [
      {
        data: { values: finite.map((r) => ({ curve: rhoLabel(r.rho), alpha: r.alpha, mmse: r.mmse })) },
        mark: { type: "line", clip: true },
        encoding: { x, y, color: { field: "curve", type: "nominal", title: "width ratio", scale: rhoColourScale(rhos), sort: rhos.map(rhoLabel) }, order: { field: "alpha", type: "quantitative" } },
      },
      {
        data: { values: limit },
        mark: { type: "line", color: "black", strokeWidth: 2.2, clip: true },
        encoding: { x, y, strokeDash: { field: "score", type: "nominal", title: "limit", scale: limitDash }, order: { field: "alpha", type: "quantitative" } },
      },
      {
        data: { values: thresholds },
        mark: { type: "rule", color: "black", strokeWidth: 1 },
        encoding: { x, strokeDash: { field: "score", type: "nominal", scale: limitDash, legend: null } },
      },
      // rotated labels just left of each line, reading upwards from mid-height, outlined where they cross curves
      ...haloed({
        data: { values: thresholds },
        mark: { type: "text" as const, angle: 270, align: "left" as const, baseline: "bottom" as const, dy: -3, fontSize: 10 },
        encoding: { x, y: { datum: 0.45, type: "quantitative" as const }, text: { field: "label" } },
      }),
    ],
  } as TopLevelSpec;
}

function loadCurves(file: string, compute: () => HardmaxCurveRow[]): HardmaxCurveRow[] {
  const path = dataPath(file);
  return readCSVOr(path, HARDMAX_CURVE_SCHEMA, compute);
}

const SE_TITLE = "Hardmax attention: Bayes-optimal error";
const RHO0_TITLE = "Hardmax attention: the ρ → 0 weak-recovery transition";

export const hardmaxSEFigure = defineFigure({
  name: "hardmax-se",
  title: SE_TITLE,
  description: "Log–log state-evolution error vs α for hardmax T = 2, ρ from 0.1 to 2: exact score solid, published φ2 score dashed, AMP dots.",
  async load(): Promise<HardmaxSEData> {
    const curves = loadCurves(HARDMAX_SE.dataFile, () =>
      hardmaxSECurves(HARDMAX_SE.rhos, logGrid(HARDMAX_SE.alphaMin, HARDMAX_SE.alphaMax, HARDMAX_SE.points)),
    );
    const ampPath = dataPath(HARDMAX_SE.ampFile);
    const amp = readAmpTable(ampPath).map(({ rho, alpha, mse_mean, mse_sem }) => ({ rho, alpha, mse_mean, mse_sem }));
    return { curves, amp };
  },
  build(data: HardmaxSEData): TopLevelSpec {
    return buildHardmaxSE(data, SE_TITLE);
  },
});

export const hardmaxRho0Figure = defineFigure({
  name: "hardmax-rho0",
  title: RHO0_TITLE,
  description: "Hardmax T = 2 error vs α/ρ for ρ from 0.05 to 5 (exact score) and the ρ → 0 limits with both weak-recovery thresholds.",
  async load(): Promise<HardmaxCurveRow[]> {
    return loadCurves(HARDMAX_RHO0.dataFile, hardmaxRho0Curves);
  },
  build(rows: HardmaxCurveRow[]): TopLevelSpec {
    return buildHardmaxRho0(rows, RHO0_TITLE);
  },
});
