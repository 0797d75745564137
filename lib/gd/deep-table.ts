import { RowOf } from "../store/csv";
import type { DeepGDPoint } from "./experiment";

/**
 * The CSV table of L-layer GD points (theory.md §10; `DeepGDPoint`): one row per point. List-valued fields (one
 * entry per layer: ρ, r, the per-layer errors; the trained layers) are written as `;`-separated numbers in
 * shortest round-trip form, so they read back exactly (`listCell`). Derived column alpha_ratio = α / α_count.
 */
export const DEEP_GD_SCHEMA = {
  d: "number",
  layers: "number",
  rho: "string",
  c: "number",
  T: "number",
  alpha: "number",
  alpha_count: "number",
  alpha_ratio: "number",
  alpha_bar: "number",
  n: "number",
  r: "string",
  beta: "number",
  steps: "number",
  lr: "number",
  average: "number",
  samples: "number",
  seed: "string",
  trained: "string",
  mse_single_mean: "number",
  mse_single_std: "number",
  mse_avg_mean: "number",
  mse_avg_std: "number",
  mse_single_layers: "string",
  mse_single_layers_std: "string",
  mse_avg_layers: "string",
  mse_avg_layers_std: "string",
  backend: "string",
  ms_per_step: "number",
  seconds: "number",
} as const;

export type DeepGDRow = RowOf<typeof DEEP_GD_SCHEMA>;

/** A list of numbers as one CSV cell: "0.5;0.5". */
export function listCell(values: readonly number[]): string {
  return values.map(String).join(";");
}

/** The numbers of a list cell; a non-numeric entry throws a RangeError naming the cell. */
export function parseListCell(cell: string): number[] {
  return cell.split(";").map((text) => {
    const value = Number(text);
    if (text.trim() === "" || Number.isNaN(value)) throw new RangeError(`not a ;-separated list of numbers: "${cell}"`);
    return value;
  });
}

/** The table row of an L-layer point. */
export function deepGDRow(point: DeepGDPoint): DeepGDRow {
  const { se_mmse: _none, ...fields } = point;
  return {
    ...fields,
    rho: listCell(point.rho),
    r: listCell(point.r),
    trained: listCell(point.trained),
    alpha_ratio: point.alpha / point.alpha_count,
    mse_single_layers: listCell(point.mse_single_layers),
    mse_single_layers_std: listCell(point.mse_single_layers_std),
    mse_avg_layers: listCell(point.mse_avg_layers),
    mse_avg_layers_std: listCell(point.mse_avg_layers_std),
  };
}
