import { kappa } from "../channels/channel";
import { logGrid } from "../numeric/grid";
import { childSeed } from "../random/rng";
import { RowOf } from "../store/csv";
import { appendTable, pendingPointsInFile, pointKey } from "../store/table";
import { checkChoice } from "../util/check";
import type { BackendName } from "../tensor/backend";
import { gdPoint, GDPoint } from "./experiment";

/**
 * The GD data sets of `aim data gd` (theory.md §7, issue 5): grids of (T, α) points, each a `gdPoint`,
 * written one row per point to data/gd-<preset>.csv with its manifest, resumable point by point.
 */
export interface GDPreset {
  name: string;
  d: number;
  rho: number;
  /** sequence lengths */
  Ts: number[];
  /** α values for each T */
  alphas(T: number): number[];
  samples: number;
  average: number;
  steps: number;
  lr: number;
  seed: number;
  /** why these sizes (recorded in the manifest) */
  note: string;
}

export const GD_PRESETS = {
  /** The published protocol (theory.md §7): hours of compute; resumable. */
  paper: {
    name: "paper",
    d: 200,
    rho: 0.5,
    Ts: [2, 3, 4, 5, 6],
    alphas: () => logGrid(0.0012, 0.3, 32),
    samples: 16,
    average: 32,
    steps: 1000,
    lr: 0.1,
    seed: 0,
    note: "published protocol: d = 200, rho = 0.5, T = 2..6, 32 alpha on logspace(0.0012, 0.3), 16 samples, 32 averages",
  },
  /**
   * A reduced protocol that still separates the two curves, sized for ~20 min on 2 cores: the cost of one point
   * is ∝ n·T·r·K·samples·steps = ᾱ (T/κ(T)) ρ d³ K samples steps, so d = 50 costs (50/200)³ = 1/64 of d = 200
   * per student; 10 ᾱ on the same collapse axis for every T (so T > 2 points sit where T = 2 points do), 3
   * samples × 8 averages. With K = 8 the averaged error sits ≈ (1 + 1/K) above the K → ∞ limit (see notebook 04).
   */
  quick: {
    name: "quick",
    d: 50,
    rho: 0.5,
    Ts: [2, 3, 4, 5, 6],
    alphas: (T: number) => logGrid(0.05, 1.2, 10).map((alphaBar) => alphaBar / kappa(T)),
    samples: 3,
    average: 8,
    steps: 1000,
    lr: 0.1,
    seed: 0,
    note:
      "reduced protocol for ~20 min on 2 cores: d = 50 (cost ∝ d³), 10 alpha_bar = alpha·kappa(T) on logspace(0.05, 1.2) for each T, 3 samples, 8 averages, 1000 Adam steps, lr 0.1",
  },
} satisfies Record<string, GDPreset>;

export type GDPresetName = keyof typeof GD_PRESETS;
export const GD_PRESET_NAMES = Object.keys(GD_PRESETS) as GDPresetName[];

/** The CSV schema of GD data (the fields of `GDPoint`). */
export const GD_SCHEMA = {
  d: "number",
  rho: "number",
  T: "number",
  alpha: "number",
  alpha_bar: "number",
  n: "number",
  r: "number",
  beta: "number",
  steps: "number",
  lr: "number",
  average: "number",
  samples: "number",
  seed: "string",
  mse_single_mean: "number",
  mse_single_std: "number",
  mse_avg_mean: "number",
  mse_avg_std: "number",
  se_mmse: "number",
  backend: "string",
  ms_per_step: "number",
  seconds: "number",
} as const;

export type GDRow = RowOf<typeof GD_SCHEMA>;

/** The data file of a preset, relative to data/. */
export function presetFile(name: GDPresetName): string {
  return `gd-${name}.csv`;
}

/** Every (T, α) point of a preset, in run order (T outer). */
export function presetPoints(preset: GDPreset): Array<{ T: number; alpha: number }> {
  return preset.Ts.flatMap((T) => preset.alphas(T).map((alpha) => ({ T, alpha })));
}

export interface RunPresetOptions {
  /** CSV path (default data/gd-<preset>.csv, via lib/store/paths) */
  file: string;
  backend?: BackendName | "auto";
  /** called before each pending point with (index among pending, number pending) */
  onPoint?: (index: number, pending: number, point: { T: number; alpha: number }) => void;
  /** called with each finished row, right after it is written */
  onRow?: (row: GDRow) => void;
  /** Adam-step progress inside the current point */
  onStep?: (done: number, total: number) => void;
}

/**
 * Runs the points of `preset` that `file` does not hold yet and appends each row as soon as it is done,
 * so an interrupted run resumes where it stopped. Each point's seed is childSeed(seed, "T", T, "alpha", α):
 * a point's result does not depend on which other points ran before it.
 */
export async function runPreset(presetOrName: GDPreset | string, options: RunPresetOptions): Promise<GDRow[]> {
  const preset: GDPreset =
    typeof presetOrName === "string" ? GD_PRESETS[checkChoice("preset", presetOrName, GD_PRESET_NAMES)] : presetOrName;
  const key = pointKey("T", "alpha");
  const pending = pendingPointsInFile(options.file, GD_SCHEMA, presetPoints(preset), key);
  const rows: GDRow[] = [];
  for (let i = 0; i < pending.length; i++) {
    const { T, alpha } = pending[i];
    options.onPoint?.(i, pending.length, pending[i]);
    const point: GDPoint = await gdPoint({
      d: preset.d,
      rho: preset.rho,
      T,
      alpha,
      seed: childSeed(preset.seed, "T", T, "alpha", alpha),
      steps: preset.steps,
      lr: preset.lr,
      average: preset.average,
      samples: preset.samples,
      backend: options.backend,
      onStep: options.onStep,
    });
    const row: GDRow = { ...point };
    appendTable(options.file, GD_SCHEMA, [row], {
      parameters: {
        preset: preset.name,
        d: preset.d,
        rho: preset.rho,
        T: preset.Ts,
        alphas: Object.fromEntries(preset.Ts.map((t) => [t, preset.alphas(t)])),
        samples: preset.samples,
        average: preset.average,
        steps: preset.steps,
        lr: preset.lr,
        beta: 1,
        note: preset.note,
        backend: point.backend,
      },
      seed: preset.seed,
      runtimeSeconds: point.seconds,
    });
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}
