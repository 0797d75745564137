import { readCSVOr, RowOf } from "../store/csv";
import { AMP_TABLE_SCHEMA } from "./experiment";

/**
 * Reading the AMP tables of `aim data amp` (data/amp-*.csv, data/hardmax-question.csv). A table can hold several
 * rows for one parameter point: runs with more problems (samples) and runs in both product precisions
 * (lib/linalg/token-products.ts). Figures and notebooks show one row per point; the precision check pairs them.
 */

export type AmpTableRow = RowOf<typeof AMP_TABLE_SCHEMA>;

/** The parameters of a point, without the sample count and the arithmetic. */
function pointOf(row: AmpTableRow): string {
  return [row.channel, row.variant, row.T, row.d, row.rho, row.alpha].join("|");
}

/**
 * One row per parameter point: the one with the most problems; between equally large rows, the float64 one
 * (the reference arithmetic). Rows keep their first-seen order.
 */
export function mostSamplesPerPoint(rows: readonly AmpTableRow[]): AmpTableRow[] {
  const best = new Map<string, AmpTableRow>();
  const better = (a: AmpTableRow, b: AmpTableRow) => a.samples > b.samples || (a.samples === b.samples && a.precision === "float64" && b.precision !== "float64");
  for (const row of rows) {
    const key = pointOf(row);
    const current = best.get(key);
    if (!current || better(row, current)) best.set(key, row);
  }
  return rows.filter((row) => best.get(pointOf(row)) === row);
}

/** A float64 and a float32 row over the same problems (same point, seed and sample count). */
export interface PrecisionPair {
  channel: string;
  variant: string;
  T: number;
  d: number;
  rho: number;
  alpha: number;
  samples: number;
  mse_float64: number;
  mse_float32: number;
  /** mse_float32 − mse_float64 */
  difference: number;
  /** the float64 row's standard error of the mean: the statistical error bar of the reported number */
  sem: number;
  /** |difference| / sem */
  in_sems: number;
  /** median iterations of both */
  iterations_float64: number;
  iterations_float32: number;
  /** seconds per problem of both */
  seconds_float64: number;
  seconds_float32: number;
}

/**
 * Pairs the float64 and float32 rows computed on the same problems. The problems of a point are seeded by
 * (seed, d, ρ, α, sample index) alone (lib/amp/experiment.ts), so equal seeds and sample counts mean identical
 * teachers, tokens and labels: the difference of the means is the effect of the arithmetic alone.
 */
export function precisionPairs(rows: readonly AmpTableRow[]): PrecisionPair[] {
  const key = (r: AmpTableRow) => `${pointOf(r)}|${r.samples}|${r.seed}`;
  const float64 = new Map(rows.filter((r) => r.precision === "float64").map((r) => [key(r), r]));
  const pairs: PrecisionPair[] = [];
  for (const r32 of rows) {
    if (r32.precision !== "float32") continue;
    const r64 = float64.get(key(r32));
    if (!r64) continue;
    const difference = r32.mse_mean - r64.mse_mean;
    pairs.push({
      channel: r64.channel,
      variant: r64.variant,
      T: r64.T,
      d: r64.d,
      rho: r64.rho,
      alpha: r64.alpha,
      samples: r64.samples,
      mse_float64: r64.mse_mean,
      mse_float32: r32.mse_mean,
      difference,
      sem: r64.mse_sem,
      in_sems: Math.abs(difference) / r64.mse_sem,
      iterations_float64: r64.iterations_median,
      iterations_float32: r32.iterations_median,
      seconds_float64: r64.seconds / r64.samples,
      seconds_float32: r32.seconds / r32.samples,
    });
  }
  return pairs;
}

/** The rows of an AMP table, one per point (`mostSamplesPerPoint`); empty when the file does not exist. */
export function readAmpTable(file: string): AmpTableRow[] {
  return mostSamplesPerPoint(readCSVOr(file, AMP_TABLE_SCHEMA, () => []));
}
