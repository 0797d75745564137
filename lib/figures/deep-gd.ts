import type { TopLevelSpec } from "vega-lite";
import { DEEP_GD_SCHEMA, DeepGDRow, parseListCell } from "../gd/deep-table";
import { presetFile } from "../gd/presets";
import { readCSVOr } from "../store/csv";
import { dataPath } from "../store/paths";
import { defineFigure, figureFrame } from "./figure";
import { SIZES } from "./theme";

/**
 * Figure deep-gd (theory.md §10): what gradient descent learns layer by layer in a two-layer attention. The
 * per-layer errors e_ℓ = (1/d)‖Ŝ_ℓ − S_ℓ‖² of students that train both layers, single runs ('+', solid) and K-run
 * averages ('x', dashed), against α/α_count (the counting bound, vertical line), in a grid of panels: T across,
 * residual strength c down. The dotted line marks the 1e-2 level whose crossings the notebook tabulates; filled
 * diamonds on thin lines are the larger d (100). Data: data/gd-deep.csv (`aim data gd --preset deep`).
 */

/** One plotted value: a layer's error, single or averaged, at one point. */
export interface DeepErrorPoint {
  d: number;
  T: number;
  c: number;
  /** α / α_count */
  ratio: number;
  layer: number;
  kind: "single" | "averaged";
  error: number;
  /** the standard deviation over runs (single) or over samples (averaged) */
  std: number;
}

export interface DeepGDData {
  points: DeepErrorPoint[];
  /** "d = 50, K = 8, 3 samples, 1000 Adam steps" */
  protocol: string;
}

export const DEEP_GD = {
  /** the error level whose crossing is tabulated (notebook 07) */
  threshold: 1e-2,
  /** top of the log error axis (larger errors are clipped) and the highest its floor may be (`errorDomain`) */
  errorTop: 30,
  errorFloor: 1e-4,
  ratio: [0.08, 3.5] as const,
  /** one colour per layer */
  layerColours: ["#1f77b4", "#d62728", "#2ca02c"],
  panelWidth: 260,
  panelHeight: 200,
} as const;

/** The rows of the deep table (empty when it does not exist yet). */
export function readDeepRows(): DeepGDRow[] {
  return readCSVOr(dataPath(presetFile("deep")), DEEP_GD_SCHEMA, () => []);
}

/** Every layer's single and averaged error of a row, one plotted value each. */
export function errorPoints(row: DeepGDRow): DeepErrorPoint[] {
  const lists = {
    single: [parseListCell(row.mse_single_layers), parseListCell(row.mse_single_layers_std)],
    averaged: [parseListCell(row.mse_avg_layers), parseListCell(row.mse_avg_layers_std)],
  } as const;
  return (["single", "averaged"] as const).flatMap((kind) =>
    lists[kind][0].map((error, l) => ({ d: row.d, T: row.T, c: row.c, ratio: row.alpha_ratio, layer: l + 1, kind, error, std: lists[kind][1][l] })),
  );
}

/** Whether a row trains every layer (not an oracle run). */
export function trainsAll(row: DeepGDRow): boolean {
  return parseListCell(row.trained).length === row.layers;
}

/** "d = 50, K = 8, 3 samples, 1000 Adam steps" from the rows at the main size. */
export function protocolOf(rows: readonly DeepGDRow[]): string {
  const main = rows.filter((r) => r.d === Math.min(...rows.map((q) => q.d)));
  if (main.length === 0) return "no data in data/ yet";
  const [first] = main;
  return `d = ${first.d}, L = ${first.layers}, ρ = ${parseListCell(first.rho).join(", ")}, K = ${first.average}, ${first.samples} samples, ${first.steps} Adam steps`;
}

/** The α/α_count axis (log) shared by the deep figures. */
export const ratioAxis = {
  field: "ratio",
  type: "quantitative" as const,
  title: "α / α_count",
  scale: { type: "log" as const, domain: [...DEEP_GD.ratio], nice: false },
  axis: { values: [0.1, 0.2, 0.5, 1, 2, 3] },
};

/**
 * The error range of the deep figures: up to DEEP_GD.errorTop, and down to the decade of the smallest positive
 * error (at most DEEP_GD.errorFloor), so that no measured point falls below the axis.
 */
export function errorDomain(errors: readonly number[]): [number, number] {
  const smallest = Math.min(DEEP_GD.errorFloor, ...errors.filter((e) => e > 0));
  return [decade(Math.floor(Math.log10(smallest))), DEEP_GD.errorTop];
}

/** 10^k exactly as written in decimal (10 ** -4 is 0.00009999999999999999 in floating point). */
const decade = (k: number) => Number(`1e${k}`);

/** The log error axis shared by the deep figures, on field "error", over `domain` (`errorDomain`) with a tick per decade. */
export function errorAxis(title: string, domain: readonly [number, number]) {
  const lowest = Math.round(Math.log10(domain[0]));
  const decades = Array.from({ length: Math.floor(Math.log10(domain[1])) - lowest + 1 }, (_, k) => decade(lowest + k));
  return {
    field: "error",
    type: "quantitative" as const,
    title,
    scale: { type: "log" as const, domain: [...domain], nice: false },
    axis: { values: decades, format: "~e" },
  };
}

const PLUS = "M-1,0L1,0M0,-1L0,1";
const CROSS = "M-0.7,-0.7L0.7,0.7M-0.7,0.7L0.7,-0.7";
const KINDS = ["single", "averaged"] as const;

export function buildDeepGD(data: DeepGDData, title: string): TopLevelSpec {
  const layers = [...new Set(data.points.map((p) => p.layer))].sort((a, b) => a - b);
  const layerLabels = (layers.length ? layers : [1, 2]).map((l) => `layer ${l}`);
  const values = data.points.map((p) => ({ ...p, series: `layer ${p.layer}`, panelT: `T = ${p.T}`, panelC: `c = ${p.c}` }));
  const x = ratioAxis;
  const y = errorAxis("error of each layer ‖Ŝ − S‖²/d", errorDomain(data.points.map((p) => p.error)));
  const colour = { field: "series", type: "nominal" as const, title: "layer", scale: { domain: layerLabels, range: DEEP_GD.layerColours.slice(0, layerLabels.length) } };
  const shape = { field: "kind", type: "nominal" as const, title: "runs", scale: { domain: [...KINDS], range: [PLUS, CROSS] } };
  const dash = { field: "kind", type: "nominal" as const, title: "runs", scale: { domain: [...KINDS], range: [[1, 0], [5, 3]] } };
  const main = values.filter((v) => v.d === Math.min(...values.map((q) => q.d)));
  const larger = values.filter((v) => v.d !== main[0]?.d);
  const layerSpecs: unknown[] = [
    { mark: { type: "rule", color: "#555555", strokeDash: [2, 2] }, encoding: { y: { datum: DEEP_GD.threshold, type: "quantitative" } } },
    { mark: { type: "rule", color: "#555555" }, encoding: { x: { datum: 1, type: "quantitative" } } },
    {
      transform: [{ filter: { field: "d", equal: main[0]?.d ?? 0 } }],
      mark: { type: "line", clip: true, strokeWidth: 1.5 },
      encoding: { x, y, color: colour, strokeDash: dash, detail: { field: "kind" }, order: { field: "ratio", type: "quantitative" } },
    },
    {
      transform: [{ filter: { field: "d", equal: main[0]?.d ?? 0 } }],
      mark: { type: "point", filled: false, strokeWidth: 1.5, size: 60, clip: true },
      encoding: { x, y, color: colour, shape },
    },
  ];
  const dLarge = [...new Set(larger.map((v) => v.d))];
  if (larger.length > 0) {
    const isLarger = { filter: { field: "d", oneOf: dLarge } };
    layerSpecs.push(
      {
        transform: [isLarger],
        mark: { type: "line", clip: true, strokeWidth: 1, opacity: 0.6 },
        encoding: { x, y, color: colour, strokeDash: dash, detail: [{ field: "kind" }, { field: "d" }], order: { field: "ratio", type: "quantitative" } },
      },
      {
        transform: [isLarger],
        mark: { type: "point", shape: "diamond", filled: true, size: 60, opacity: 0.85, clip: true },
        encoding: { x, y, color: colour, tooltip: [{ field: "d" }, { field: "kind" }, { field: "ratio" }, { field: "error" }] },
      },
    );
  }
  const subtitle =
    `${data.protocol}; vertical line: α_count; dotted: error 1e-2` +
    (dLarge.length ? `; filled diamonds on thin lines: d = ${dLarge.join(", ")} (same runs and line styles)` : "");
  return {
    ...figureFrame(title, subtitle),
    data: { values },
    facet: {
      column: { field: "panelT", type: "nominal", title: null, header: { labelFontSize: SIZES.axisTitle } },
      row: { field: "panelC", type: "nominal", title: null, sort: "descending", header: { labelFontSize: SIZES.axisTitle } },
    },
    spec: { width: DEEP_GD.panelWidth, height: DEEP_GD.panelHeight, layer: layerSpecs },
  } as unknown as TopLevelSpec;
}

const TITLE = "Two-layer attention: what gradient descent learns, layer by layer";

export const deepGDFigure = defineFigure({
  name: "deep-gd",
  title: TITLE,
  description: "Per-layer errors of two-layer GD students (single '+', K-run averages 'x') against α/α_count, for T = 2, 3 and residual c = 1, 0.",
  async load(): Promise<DeepGDData> {
    const rows = readDeepRows().filter(trainsAll);
    return { points: rows.flatMap(errorPoints), protocol: protocolOf(rows) };
  },
  build(data: DeepGDData): TopLevelSpec {
    return buildDeepGD(data, TITLE);
  },
});
