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
 * through ᾱ, theory.md §4). GD rows for each T come from the first of data/gd-paper.csv (d = 200),
 * data/gd-paper100.csv (T = 2 at d = 100), data/gd-quick.csv (d = 50) that has that T; the caption says which d
 * (and how many averages and samples) each T has.
 */

/** GD data sets in order of preference, for each T separately. */
export const GD_SOURCES = ["paper", "paper100", "quick"] as const;

/**
 * The GD rows at ρ = 0.5 for each T of the figure from the first file (of `files`, in order) that has rows for that T,
 * and the caption part saying which protocol each group of T comes from ("T = 2: d = 100, K = 16, 4 samples;
 * T = 3–6: d = 50, …"). Missing files are skipped.
 */
export function gdRowsByT(files: readonly string[]): { gd: SoftmaxGDData["gd"]; protocol: string } {
  const tables = files.filter(existsSync).map((file) => readCSV(file, GD_SCHEMA).filter((r) => r.rho === SOFTMAX_GD.rho));
  const gd: SoftmaxGDData["gd"] = [];
  const groups = new Map<string, number[]>();
  for (const T of SOFTMAX_GD.Ts) {
    const rows = tables.map((t) => t.filter((r) => r.T === T)).find((t) => t.length > 0);
    if (!rows) continue;
    gd.push(...rows);
    const label = `d = ${rows[0].d}, K = ${rows[0].average}, ${rows[0].samples} samples`;
    groups.set(label, [...(groups.get(label) ?? []), T]);
  }
  if (groups.size === 0) return { gd, protocol: "no data in data/ yet" };
  const range = (Ts: number[]) => (Ts.length > 1 && Ts.at(-1)! - Ts[0] === Ts.length - 1 ? `T = ${Ts[0]}–${Ts.at(-1)}` : `T = ${Ts.join(", ")}`);
  const protocol = [...groups].map(([label, Ts]) => (groups.size === 1 ? label : `${range(Ts)}: ${label}`)).join("; ");
  return { gd, protocol };
}

/** AMP points (optional file data/amp-softmax.csv with these columns). */
export const AMP_SOFTMAX_SCHEMA = { rho: "number", T: "number", alpha: "number", mse_mean: "number", mse_std: "number" } as const;

export interface SoftmaxGDData {
  gd: Array<Pick<GDRow, "T" | "alpha_bar" | "mse_single_mean" | "mse_avg_mean" | "d" | "average" | "samples">>;
  amp: Array<{ T: number; alpha_bar: number; mse_mean: number; mse_std: number }>;
  se: Array<{ alpha_bar: number; mmse: number }>;
  /** which d, K and samples each T has, e.g. "T = 2: d = 100, K = 16, 4 samples; T = 3–6: d = 50, K = 8, 3 samples" */
  protocol: string;
}

export const SOFTMAX_GD = {
  rho: 0.5,
  Ts: [2, 3, 4, 5, 6],
  /** x-axis range of ᾱ (log scale): from the paper's smallest α = 0.0012 at T = 2 (ᾱ = 0.0048) to 1.2 */
  alphaBar: [0.004, 1.2] as const,
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
  const x = { field: "alpha_bar", type: "quantitative" as const, title: "ᾱ = α κ(T)", scale: { type: "log" as const, domain: [...SOFTMAX_GD.alphaBar], nice: false }, axis: { values: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] } };
  const y = { field: "mse", type: "quantitative" as const, title: "estimation error ‖S − S*‖²/d", scale: { domain: [0, SOFTMAX_GD.yMax] } };
  const gdValues = data.gd.flatMap((r) => [
    { series: `T = ${r.T}`, kind: "GD single", alpha_bar: r.alpha_bar, mse: r.mse_single_mean },
    { series: `T = ${r.T}`, kind: "GD averaged", alpha_bar: r.alpha_bar, mse: r.mse_avg_mean },
  ]);
  const inRange = (v: { alpha_bar: number }) => v.alpha_bar >= SOFTMAX_GD.alphaBar[0] && v.alpha_bar <= SOFTMAX_GD.alphaBar[1];
  // a mean above the axis (e.g. one diverging single run among K·samples at the smallest α) is left out and counted
  const gdShown = gdValues.filter((v) => inRange(v) && v.mse <= SOFTMAX_GD.yMax);
  const above = gdValues.filter(inRange).length - gdShown.length;
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>["layer"]> = [
    {
      data: { values: data.se.filter(inRange) },
      mark: { type: "line", color: "black", strokeWidth: SIZES.strokeWidth },
      encoding: { x, y: { ...y, field: "mmse" }, order: { field: "alpha_bar", type: "quantitative" } },
    },
    {
      data: { values: gdShown },
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
    ...figureFrame(
      title,
      `ρ = ${SOFTMAX_GD.rho}; black: state evolution (all T); GD: ${data.protocol}${amp.length ? "; dots: AMP" : ""}` +
        (above > 0 ? `; ${above} mean${above > 1 ? "s" : ""} > ${SOFTMAX_GD.yMax} off the axis` : ""),
    ),
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
    const { gd, protocol } = gdRowsByT(GD_SOURCES.map((name) => dataPath(presetFile(name))));
    const ampFile = dataPath("amp-softmax.csv");
    const amp = readCSVOr(ampFile, AMP_SOFTMAX_SCHEMA, () => [])
      .filter((r) => r.rho === SOFTMAX_GD.rho)
      .map((r) => ({ T: r.T, alpha_bar: r.alpha * kappa(r.T), mse_mean: r.mse_mean, mse_std: r.mse_std }));
    const se = universalSECurve(SOFTMAX_GD.rho, logGrid(SOFTMAX_GD.alphaBar[0], SOFTMAX_GD.alphaBar[1], SOFTMAX_GD.sePoints));
    return { gd, amp, se, protocol };
  },
  build(data: SoftmaxGDData): TopLevelSpec {
    return buildSoftmaxGD(data, TITLE);
  },
});
