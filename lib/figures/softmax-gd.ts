import { existsSync } from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { GD_SCHEMA, GDRow, presetFile } from "../gd/presets";
import { logGrid } from "../numeric/grid";
import { solveSECurve } from "../se/solve";
import { readCSV, readCSVOr } from "../store/csv";
import { dataPath } from "../store/paths";
import { defineFigure, figureFrame } from "./figure";
import { SIZES } from "./theme";

/**
 * Figure softmax-gd (theory.md §8, softmax right panel): estimation error against ᾱ = α κ(T) at ρ = 0.5 for
 * T = 2..6 — gradient descent, single runs ('+') and the average of K runs ('x'), AMP dots with error bars when
 * data/amp-softmax.csv exists, and the universal state-evolution curve (softmax errors depend on (α, T) only
 * through ᾱ, theory.md §4). GD rows come from data/gd-paper.csv when it exists, else data/gd-quick.csv.
 */

/** AMP points (optional file data/amp-softmax.csv with these columns). */
export const AMP_SOFTMAX_SCHEMA = { rho: "number", T: "number", alpha: "number", mse_mean: "number", mse_std: "number" } as const;

export interface SoftmaxGDData {
  gd: Array<Pick<GDRow, "T" | "alpha_bar" | "mse_single_mean" | "mse_avg_mean" | "d" | "average" | "samples">>;
  amp: Array<{ T: number; alpha_bar: number; mse_mean: number; mse_std: number }>;
  se: Array<{ alpha_bar: number; mmse: number }>;
  /** "d = 60, 8 averages, 4 samples" */
  protocol: string;
}

export const SOFTMAX_GD = {
  rho: 0.5,
  Ts: [2, 3, 4, 5, 6],
  /** x-axis range of ᾱ (log scale) */
  alphaBar: [0.01, 1.2] as const,
  yMax: 2.1,
  sePoints: 120,
  /** a colour per T (colour-blind-safe Tableau-like order) */
  colours: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"],
} as const;

/** SE error on the ᾱ axis: T = 2 at ᾱ = α κ(2) is the universal curve (any T gives the same values). */
export function universalSECurve(rho: number, alphaBars: readonly number[]): Array<{ alpha_bar: number; mmse: number }> {
  const T = 2;
  const rows = solveSECurve(softmax(T), rho, alphaBars.map((a) => a / kappa(T)));
  return rows.map((r, i) => ({ alpha_bar: alphaBars[i], mmse: r.mmse }));
}

const PLUS = "M-1,0L1,0M0,-1L0,1";
const CROSS = "M-0.7,-0.7L0.7,0.7M-0.7,0.7L0.7,-0.7";

export function buildSoftmaxGD(data: SoftmaxGDData, title: string): TopLevelSpec {
  const labels = SOFTMAX_GD.Ts.map((T) => `T = ${T}`);
  const colour = { field: "series", type: "nominal" as const, title: "tokens", scale: { domain: labels, range: [...SOFTMAX_GD.colours] }, sort: labels };
  const x = { field: "alpha_bar", type: "quantitative" as const, title: "ᾱ = α κ(T)", scale: { type: "log" as const, domain: [...SOFTMAX_GD.alphaBar], nice: false }, axis: { values: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] } };
  const y = { field: "mse", type: "quantitative" as const, title: "estimation error ‖S − S*‖²/d", scale: { domain: [0, SOFTMAX_GD.yMax] } };
  const gdValues = data.gd.flatMap((r) => [
    { series: `T = ${r.T}`, kind: "GD single", alpha_bar: r.alpha_bar, mse: r.mse_single_mean },
    { series: `T = ${r.T}`, kind: "GD averaged", alpha_bar: r.alpha_bar, mse: r.mse_avg_mean },
  ]);
  const inRange = (v: { alpha_bar: number }) => v.alpha_bar >= SOFTMAX_GD.alphaBar[0] && v.alpha_bar <= SOFTMAX_GD.alphaBar[1];
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>["layer"]> = [
    {
      data: { values: data.se.filter(inRange) },
      mark: { type: "line", color: "black", strokeWidth: SIZES.strokeWidth },
      encoding: { x, y: { ...y, field: "mmse" }, order: { field: "alpha_bar", type: "quantitative" } },
    },
    {
      data: { values: gdValues.filter(inRange) },
      mark: { type: "point", filled: false, strokeWidth: 1.5, size: 70 },
      encoding: {
        x,
        y,
        color: colour,
        shape: { field: "kind", type: "nominal", title: "gradient descent", scale: { domain: ["GD single", "GD averaged"], range: [PLUS, CROSS] } },
      },
    },
  ];
  const amp = data.amp.filter(inRange).map((r) => ({ series: `T = ${r.T}`, alpha_bar: r.alpha_bar, mse: r.mse_mean, lo: r.mse_mean - r.mse_std, hi: r.mse_mean + r.mse_std }));
  if (amp.length > 0) {
    layers.push(
      { data: { values: amp }, mark: { type: "rule" }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color: colour } },
      { data: { values: amp }, mark: { type: "circle", size: 30 }, encoding: { x, y, color: colour } },
    );
  }
  return {
    ...figureFrame(title, `ρ = ${SOFTMAX_GD.rho}; black: state evolution (all T); GD: ${data.protocol}${amp.length ? "; dots: AMP" : ""}`),
    layer: layers,
    resolve: { scale: { color: "shared", shape: "independent" } },
  };
}

const TITLE = "Softmax attention: gradient descent vs Bayes-optimal";

export const softmaxGD = defineFigure({
  name: "softmax-gd",
  title: TITLE,
  description: "GD single runs (+) and K-run averages (x) for T = 2..6 against the universal SE curve on the ᾱ = α κ(T) axis, ρ = 0.5.",
  async load(): Promise<SoftmaxGDData> {
    const file = [dataPath(presetFile("paper")), dataPath(presetFile("quick"))].find(existsSync);
    const gd = file ? readCSV(file, GD_SCHEMA).filter((r) => r.rho === SOFTMAX_GD.rho) : [];
    const ampFile = dataPath("amp-softmax.csv");
    const amp = readCSVOr(ampFile, AMP_SOFTMAX_SCHEMA, () => [])
      .filter((r) => r.rho === SOFTMAX_GD.rho)
      .map((r) => ({ T: r.T, alpha_bar: r.alpha * kappa(r.T), mse_mean: r.mse_mean, mse_std: r.mse_std }));
    const first = gd[0];
    const protocol = first ? `d = ${first.d}, ${first.average} averages, ${first.samples} samples` : "no data in data/ yet";
    const se = universalSECurve(SOFTMAX_GD.rho, logGrid(SOFTMAX_GD.alphaBar[0], SOFTMAX_GD.alphaBar[1], SOFTMAX_GD.sePoints));
    return { gd, amp, se, protocol };
  },
  build(data: SoftmaxGDData): TopLevelSpec {
    return buildSoftmaxGD(data, TITLE);
  },
});
