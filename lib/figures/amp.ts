import { readAmpTable } from "../amp/tables";
import type { TopLevelSpec } from "vega-lite";
import { kappa } from "../channels/channel";
import { makeChannel } from "../channels/registry";
import { logGrid } from "../numeric/grid";
import { buildHardmaxSE, hardmaxSEFigure, HardmaxSEData } from "./hardmax-se";
import { solveSECurve } from "../se/solve";
import { alphaPR } from "../se/thresholds";
import { dataPath } from "../store/paths";
import { defineFigure, figureFrame } from "./figure";

/**
 * Figures softmax-amp and hardmax-amp (theory.md §8): GAMP-RIE errors measured at finite d (dots: mean over
 * problems; bars: ± one standard deviation of single runs for softmax-amp, ± one standard error for hardmax-amp,
 * as in hardmax-se) over the state-evolution curves they should follow.
 * AMP points come from data/amp-softmax.csv and data/amp-hardmax.csv (`aim data amp`); SE curves are computed.
 */

export interface AmpPointRow {
  T: number;
  d: number;
  rho: number;
  alpha: number;
  samples: number;
  mse_mean: number;
  mse_std: number;
}

export interface CurveRow {
  /** legend entry of the curve */
  curve: string;
  x: number;
  mmse: number;
}

export interface AmpFigureData {
  curves: CurveRow[];
  points: AmpPointRow[];
}

function readPoints(file: string): AmpPointRow[] {
  const path = dataPath(file);
  return readAmpTable(path);
}

function pointsSubtitle(points: readonly AmpPointRow[], file: string): string {
  if (points.length === 0) return `no AMP points yet: run \`aim data amp\` to create data/${file}`;
  const ds = [...new Set(points.map((p) => p.d))].join(", ");
  const samples = [...new Set(points.map((p) => p.samples))].join(", ");
  return `dots: GAMP-RIE at d = ${ds}, mean of ${samples} problems, bars ± 1 s.d.; lines: state evolution`;
}

/** Points with error bars (rule + filled circle), coloured by `colourField`. */
function pointLayers(values: object[], x: object, y: object, color: object): object[] {
  return [
    {
      data: { values },
      mark: { type: "rule", strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    },
    { data: { values }, mark: { type: "point", filled: true, size: 45, opacity: 1 }, encoding: { x, y: { ...y, field: "mse" }, color } },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// softmax-amp
// ---------------------------------------------------------------------------------------------------------

export const SOFTMAX_AMP = { rho: 0.5, file: "amp-softmax.csv", points: 80 } as const;

/** The universal softmax SE curve on ᾱ = α κ(T) (theory.md §4: all T collapse), from T = 2 up to ᾱ_PR. */
export function universalSoftmaxCurve(rho: number, points: number): CurveRow[] {
  const T = 2;
  const alphas = logGrid(1e-3, alphaPR(rho, T), points);
  return [{ curve: "SE (all T)", x: 0, mmse: 1 }, ...solveSECurve(makeChannel("softmax", { T }), rho, alphas).map((r) => ({ curve: "SE (all T)", x: r.alpha * kappa(T), mmse: r.mmse })), { curve: "SE (all T)", x: 1, mmse: 0 }];
}

export function buildSoftmaxAmp(data: AmpFigureData, title: string): TopLevelSpec {
  const Ts = [...new Set(data.points.map((p) => p.T))].sort((a, b) => a - b);
  const palette = ["#1d3557", "#e63946", "#2a9d8f", "#f4a261", "#6a4c93"];
  const labels = ["SE (all T)", ...Ts.map((T) => `AMP, T = ${T}`)];
  const color = { field: "series", type: "nominal", title: null, scale: { domain: labels, range: ["#000000", ...Ts.map((_, i) => palette[i % palette.length])] } };
  const x = { field: "x", type: "quantitative", title: "rescaled sample complexity ᾱ = α κ(T)", scale: { domain: [0, 1], nice: false } };
  const y = { type: "quantitative", title: "estimation error ‖Ŝ − S‖²/d", scale: { domain: [0, 1.1], nice: false } };
  const values = data.points.map((p) => ({
    series: `AMP, T = ${p.T}`,
    x: p.alpha * kappa(p.T),
    mse: p.mse_mean,
    lo: Math.max(0, p.mse_mean - p.mse_std),
    hi: p.mse_mean + p.mse_std,
  }));
  return {
    ...figureFrame(title, `ρ = ${SOFTMAX_AMP.rho}. ${pointsSubtitle(data.points, SOFTMAX_AMP.file)}`),
    layer: [
      {
        data: { values: data.curves.map((c) => ({ series: c.curve, x: c.x, mmse: c.mmse })) },
        mark: { type: "line", clip: true },
        encoding: { x, y: { ...y, field: "mmse" }, color, order: { field: "x", type: "quantitative" } },
      },
      ...pointLayers(values, x, y, color),
    ],
  } as TopLevelSpec;
}

const SOFTMAX_TITLE = "Softmax attention: AMP reaches the Bayes-optimal error";

export const softmaxAmp = defineFigure({
  name: "softmax-amp",
  title: SOFTMAX_TITLE,
  description: "GAMP-RIE errors (T = 2, 3, 4, ρ = 0.5, d = 100) on the universal state-evolution curve in ᾱ = α κ(T).",
  async load(): Promise<AmpFigureData> {
    const points = readPoints(SOFTMAX_AMP.file).filter((p) => p.rho === SOFTMAX_AMP.rho);
    return { curves: universalSoftmaxCurve(SOFTMAX_AMP.rho, SOFTMAX_AMP.points), points };
  },
  build(data: AmpFigureData): TopLevelSpec {
    return buildSoftmaxAmp(data, SOFTMAX_TITLE);
  },
});

// ---------------------------------------------------------------------------------------------------------
// hardmax-amp
// ---------------------------------------------------------------------------------------------------------

/**
 * hardmax-amp is the hardmax-se panel (lib/figures/hardmax-se.ts: SE with the exact score solid, the published
 * variant dashed) with the AMP points of data/amp-hardmax.csv and the d = 100 points of data/hardmax-question.csv,
 * under its own title: the same curves and builder, so the two figures cannot disagree.
 */
const HARDMAX_TITLE = "Hardmax attention: AMP against both state evolutions";
/**
 * Bottom of hardmax-amp's error axis: below the paper's panel (0.03), so that every AMP point at d = 100 shows,
 * including the small-rank, small-error regime where finite-size AMP stays above SE (notebook 03).
 */
const HARDMAX_AMP_ERROR_MIN = 1e-3;
const HARDMAX_QUESTION_FILE = "hardmax-question.csv";

export const hardmaxAmp = defineFigure({
  name: "hardmax-amp",
  title: HARDMAX_TITLE,
  description: "GAMP-RIE errors (exact score, T = 2, d = 100, 16 problems per point) over the SE curves of the exact score and of the published variant, ρ from 0.1 to 2, down to error 1e-3.",
  async load(): Promise<HardmaxSEData> {
    const data = await hardmaxSEFigure.load();
    // the hardmax-question runs at d = 100 are AMP points of the same panel (exact score): show them too
    const question = dataPath(HARDMAX_QUESTION_FILE);
    const extra = readAmpTable(question)
      .filter((r) => r.d === 100)
      .map(({ rho, alpha, mse_mean, mse_sem }) => ({ rho, alpha, mse_mean, mse_sem }));
    return { ...data, amp: [...data.amp, ...extra] };
  },
  build(data: HardmaxSEData): TopLevelSpec {
    return buildHardmaxSE(data, HARDMAX_TITLE, HARDMAX_AMP_ERROR_MIN);
  },
});
