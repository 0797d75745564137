import { kappa } from "../channels/channel";
import { logGrid } from "../numeric/grid";
import { childSeed } from "../random/rng";
import { RowOf } from "../store/csv";
import { appendTable, pendingPointsInFile, pointKey } from "../store/table";
import { checkChoice, checkNumber } from "../util/check";
import type { BackendName } from "../tensor/backend";
import { mapInWorkers } from "../parallel/pool";
import { gdPointParameters, GDSample, gdSampleTasks, GDSampleTask, summarizeGD } from "./experiment";

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
   * The paper's T = 2 protocol at d = 100 (issue 11): the published 32 α on logspace(0.0012, 0.3), ρ = 0.5, 1000
   * Adam steps at lr 0.1, with K = 16 averages and 4 samples instead of 32 and 16. Cost ∝ d³ K samples per α:
   * (100/200)³ · (16·4)/(32·16) = 1/64 of the published T = 2 run, about 45–60 min on 2 cores
   * (`aim data gd`, one problem per worker thread). With K = 16 the averaged error sits ≈ (1 + 1/16) above its
   * K → ∞ limit.
   */
  paper100: {
    name: "paper100",
    d: 100,
    rho: 0.5,
    Ts: [2],
    alphas: () => logGrid(0.0012, 0.3, 32),
    samples: 4,
    average: 16,
    steps: 1000,
    lr: 0.1,
    seed: 0,
    note: "published protocol at d = 100 for T = 2: rho = 0.5, 32 alpha on logspace(0.0012, 0.3), 4 samples, 16 averages, 1000 Adam steps, lr 0.1",
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

/**
 * An order of 0 … count − 1 in which every prefix spreads over the whole range: both ends first, then the
 * midpoints of the gaps left, widest gaps first (breadth-first bisection). E.g. count 9 → 0, 8, 4, 2, 6, 1, 3, 5, 7.
 */
export function coarseToFine(count: number): number[] {
  if (count <= 2) return Array.from({ length: count }, (_, i) => i);
  const order = [0, count - 1];
  let gaps: Array<[number, number]> = [[0, count - 1]];
  while (gaps.length > 0) {
    const next: Array<[number, number]> = [];
    for (const [lo, hi] of gaps) {
      if (hi - lo < 2) continue;
      const mid = (lo + hi) >> 1;
      order.push(mid);
      next.push([lo, mid], [mid, hi]);
    }
    gaps = next;
  }
  return order;
}

/**
 * The points of a grid nearest to the given α (log scale), for each T, in grid order; all points without `near`.
 * Errors name `near` when it holds a value ≤ 0.
 */
export function nearestPoints<P extends { T: number; alpha: number }>(points: readonly P[], near?: readonly number[]): P[] {
  if (near === undefined) return [...points];
  for (const a of near) checkNumber("near", a, { gt: 0 });
  const chosen = new Set<P>();
  for (const T of new Set(points.map((p) => p.T))) {
    const ofT = points.filter((p) => p.T === T);
    for (const a of near) chosen.add(ofT.reduce((best, p) => (Math.abs(Math.log(p.alpha / a)) < Math.abs(Math.log(best.alpha / a)) ? p : best)));
  }
  return points.filter((p) => chosen.has(p));
}

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
  /** worker threads, one problem (a (point, sample) pair) per task (default: all cores; 0 runs them inline) */
  workers?: number;
  /**
   * compute only the grid points nearest (on the log scale, for each T) to these α, e.g. the points a table needs
   * first; the rows are those of the full run (per-point seeds), and a later run without `near` adds the rest
   */
  near?: readonly number[];
  /** called once before the run with the number of pending points and of their problems (tasks) */
  onStart?: (pendingPoints: number, tasks: number) => void;
  /** called after every finished problem (task), in task order */
  onTask?: (done: number, total: number) => void;
  /** called with each finished row, right after it is written */
  onRow?: (row: GDRow) => void;
}

/**
 * Runs the points of `preset` that `file` does not hold yet and appends each row as soon as its last problem is
 * in, so an interrupted run resumes where it stopped (losing at most the unfinished points). The pending points
 * run coarse to fine (`coarseToFine`), so a run stopped early still spans the whole grid; rows are appended in
 * that order. Every problem of
 * every pending point is one task on the worker threads (lib/parallel/pool.ts, results in task order). Each
 * point's seed is childSeed(seed, "T", T, "alpha", α): a point's result depends neither on which other points
 * ran before it nor on the number of workers.
 */
export async function runPreset(presetOrName: GDPreset | string, options: RunPresetOptions): Promise<GDRow[]> {
  const preset: GDPreset =
    typeof presetOrName === "string" ? GD_PRESETS[checkChoice("preset", presetOrName, GD_PRESET_NAMES)] : presetOrName;
  const key = pointKey("T", "alpha");
  const pending = pendingPointsInFile(options.file, GD_SCHEMA, nearestPoints(presetPoints(preset), options.near), key);
  const points = coarseToFine(pending.length).map((i) => pending[i]).map(({ T, alpha }) =>
    gdPointParameters({
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
    }),
  );
  const tasks = points.flatMap(gdSampleTasks);
  options.onStart?.(points.length, tasks.length);
  const rows: GDRow[] = [];
  let runs: GDSample[] = [];
  let done = 0;
  await mapInWorkers<GDSampleTask, GDSample>(require.resolve("./experiment"), "runGDSampleTask", tasks, {
    workers: options.workers,
    onResult(index, run) {
      options.onTask?.(++done, tasks.length);
      runs.push(run);
      const point = tasks[index].point;
      if (runs.length < point.samples) return;
      const row: GDRow = { ...summarizeGD(point, runs) };
      runs = [];
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
          backend: row.backend,
        },
        seed: preset.seed,
        runtimeSeconds: row.seconds,
      });
      rows.push(row);
      options.onRow?.(row);
    },
  });
  return rows;
}
