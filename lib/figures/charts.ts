import type { TopLevelSpec } from "vega-lite";
import { checkNumber } from "../util/check";
import { figureFrame } from "./figure";

/**
 * Generic exploratory charts for the notebooks (histograms against a density, labelled lines and points), in the
 * workbook theme. The paper figures have their own builders; these are for everything a notebook checks.
 */

export interface HistogramBin {
  x0: number;
  x1: number;
  /** count / (n · width): comparable with a probability density */
  density: number;
}

/** Equal-width histogram of `samples`, normalised as a density. */
export function histogram(samples: readonly number[], bins: number): HistogramBin[] {
  checkNumber("bins", bins, { integer: true, ge: 1 });
  if (samples.length === 0) throw new RangeError("histogram needs at least one sample");
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of samples) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of samples) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  return counts.map((c, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, density: c / (samples.length * width) }));
}

export interface HistogramChartOptions {
  title: string;
  samples: readonly number[];
  /** the theoretical density to draw over the histogram */
  density?: (x: number) => number;
  bins?: number;
  xTitle: string;
  /** points at which the density is drawn (default 400) */
  resolution?: number;
}

/** A sample histogram (bars, normalised as a density) with a theoretical density drawn over it. */
export function histogramChart(options: HistogramChartOptions): TopLevelSpec {
  const bins = histogram(options.samples, options.bins ?? 40);
  const lo = bins[0].x0;
  const hi = bins[bins.length - 1].x1;
  const pad = 0.05 * (hi - lo);
  const n = options.resolution ?? 400;
  const curve = options.density
    ? Array.from({ length: n }, (_, i) => {
        const x = lo - pad + ((hi - lo + 2 * pad) * i) / (n - 1);
        return { x, density: options.density!(x) };
      })
    : [];
  return {
    ...figureFrame(options.title),
    layer: [
      {
        data: { values: bins },
        mark: { type: "rect", color: "#9ab8d3", opacity: 0.8 },
        encoding: {
          x: { field: "x0", type: "quantitative", title: options.xTitle },
          x2: { field: "x1" },
          y: { field: "density", type: "quantitative", title: "density" },
        },
      },
      ...(curve.length
        ? [{ data: { values: curve }, mark: { type: "line" as const, color: "#1d3557" }, encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "density", type: "quantitative" as const } } }]
        : []),
    ],
  } as TopLevelSpec;
}

export interface SeriesPoint {
  x: number;
  y: number;
  series: string;
}

export interface LineChartOptions {
  title: string;
  subtitle?: string;
  lines?: readonly SeriesPoint[];
  points?: readonly SeriesPoint[];
  xTitle: string;
  yTitle: string;
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
}

/** Labelled lines and/or points sharing one colour legend; log axes drop non-positive values. */
export function lineChart(options: LineChartOptions): TopLevelSpec {
  const keep = (p: SeriesPoint) =>
    Number.isFinite(p.x) && Number.isFinite(p.y) && (options.xScale !== "log" || p.x > 0) && (options.yScale !== "log" || p.y > 0);
  const x = { field: "x", type: "quantitative" as const, title: options.xTitle, scale: { type: options.xScale ?? "linear" } };
  const y = { field: "y", type: "quantitative" as const, title: options.yTitle, scale: { type: options.yScale ?? "linear" } };
  const color = { field: "series", type: "nominal" as const, title: null };
  const layer = [];
  if (options.lines?.length) layer.push({ data: { values: options.lines.filter(keep) }, mark: { type: "line" as const }, encoding: { x, y, color, order: { field: "x", type: "quantitative" as const } } });
  if (options.points?.length) layer.push({ data: { values: options.points.filter(keep) }, mark: { type: "point" as const, filled: true, size: 50 }, encoding: { x, y, color } });
  if (layer.length === 0) throw new RangeError("lineChart needs lines or points");
  return { ...figureFrame(options.title, options.subtitle), layer } as TopLevelSpec;
}

export interface HeatmapPanel {
  /** the panel's title (e.g. "layer 1: σ(A₁)") */
  label: string;
  /** a size×size matrix, row-major */
  values: ArrayLike<number>;
}

export interface HeatmapChartOptions {
  title: string;
  subtitle?: string;
  /** one matrix per panel, drawn side by side in this order */
  panels: readonly HeatmapPanel[];
  /** the matrices' side (T for attention maps) */
  size: number;
  /** legend title of the colour scale */
  valueTitle: string;
  /** the colour scale's range of values (default: the data's range) */
  domain?: readonly [number, number];
  rowTitle?: string;
  columnTitle?: string;
  /** decimals of the value printed in each cell (default 2; −1 prints none) */
  decimals?: number;
}

/** Pixels per matrix cell of a heat map. */
const HEATMAP_CELL = 44;

/**
 * Square matrices as heat maps side by side (e.g. the attention maps σ(A_ℓ) of each layer, theory.md §10), each cell
 * coloured by its value and labelled with it; rows are the matrix's first index (the query token a), columns the
 * second (the key token b), both numbered from 1.
 */
export function heatmapChart(options: HeatmapChartOptions): TopLevelSpec {
  const T = checkNumber("size", options.size, { integer: true, ge: 1 });
  if (options.panels.length === 0) throw new RangeError("heatmapChart needs at least one panel");
  const decimals = options.decimals ?? 2;
  const cells = options.panels.flatMap((panel, p) => {
    if (panel.values.length !== T * T) throw new RangeError(`panel ${JSON.stringify(panel.label)} must have size² = ${T * T} values (got ${panel.values.length})`);
    return Array.from({ length: T * T }, (_, i) => {
      const value = panel.values[i];
      return { panel: panel.label, order: p, row: Math.floor(i / T) + 1, column: (i % T) + 1, value, text: decimals >= 0 ? value.toFixed(decimals) : "" };
    });
  });
  const values = cells.map((c) => c.value);
  const domain = options.domain ?? [Math.min(...values), Math.max(...values)];
  const middle = (domain[0] + domain[1]) / 2;
  const axis = { grid: false, domain: false, ticks: false, labelAngle: 0 };
  const x = { field: "column", type: "ordinal" as const, title: options.columnTitle ?? "key token b", axis };
  const y = { field: "row", type: "ordinal" as const, title: options.rowTitle ?? "query token a", axis };
  return {
    ...figureFrame(options.title, options.subtitle),
    data: { values: cells },
    facet: { column: { field: "panel", type: "nominal", title: null, sort: { field: "order" }, header: { labelFontSize: 13 } } },
    spec: {
      width: T * HEATMAP_CELL,
      height: T * HEATMAP_CELL,
      view: { stroke: null },
      layer: [
        {
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: { x, y, color: { field: "value", type: "quantitative", title: options.valueTitle, scale: { scheme: "blues", domain: [...domain] } } },
        },
        {
          mark: { type: "text", fontSize: 11 },
          encoding: {
            x,
            y,
            text: { field: "text", type: "nominal" },
            color: { condition: { test: `datum.value > ${middle}`, value: "white" }, value: "#1d3557" },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
