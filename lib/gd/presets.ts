import { kappa } from "../channels/channel";
import { logGrid } from "../numeric/grid";
import { childSeed } from "../random/rng";
import { RowOf, Schema } from "../store/csv";
import { alphaCount } from "../se/thresholds";
import { appendTable, pendingPointsInFile, pointKey } from "../store/table";
import { checkChoice, checkNumber } from "../util/check";
import type { BackendName } from "../tensor/backend";
import { mapInWorkers } from "../parallel/pool";
import { DEEP_GD_SCHEMA, DeepGDRow, deepGDRow, listCell, parseListCell } from "./deep-table";
import { GDPointParameters, gdPointParameters, GDSample, gdSampleTasks, GDSampleTask, summarizeDeepGD, summarizeGD } from "./experiment";

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
export function presetFile(name: GDPresetName | DeepGDPresetName): string {
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
  const protocol = { d: preset.d, rho: preset.rho, samples: preset.samples, average: preset.average, steps: preset.steps, lr: preset.lr };
  const wanted = nearestPoints(presetPoints(preset), options.near).map((p) => ({ ...p, ...protocol }));
  const pending = pendingPointsInFile(options.file, GD_SCHEMA, wanted, key, Object.keys(protocol) as (keyof typeof protocol)[]);
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
  const parameters = {
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
  };
  return runPoints(points, GD_SCHEMA, (point, runs) => ({ ...summarizeGD(point, runs) }), { ...options, parameters, seed: preset.seed });
}

/**
 * The engine of every preset: the problems of `points` as worker-thread tasks, each point's row (`toRow` of its
 * problems, in sample order) appended to `file` with the manifest as soon as its last problem is in.
 */
async function runPoints<S extends Schema>(
  points: readonly GDPointParameters[],
  schema: S,
  toRow: (point: GDPointParameters, runs: GDSample[]) => RowOf<S>,
  options: Omit<RunPresetOptions, "onRow"> & { onRow?: (row: RowOf<S>) => void; parameters: Record<string, unknown>; seed: number },
): Promise<RowOf<S>[]> {
  const tasks = points.flatMap(gdSampleTasks);
  options.onStart?.(points.length, tasks.length);
  const rows: RowOf<S>[] = [];
  let runs: GDSample[] = [];
  let done = 0;
  await mapInWorkers<GDSampleTask, GDSample>(require.resolve("./experiment"), "runGDSampleTask", tasks, {
    workers: options.workers,
    onResult(index, run) {
      options.onTask?.(++done, tasks.length);
      runs.push(run);
      const point = tasks[index].point;
      if (runs.length < point.samples) return;
      const row = toRow(point, runs);
      runs = [];
      const { backend, seconds } = row as { backend: string; seconds: number };
      appendTable(options.file, schema, [row], { parameters: { ...options.parameters, backend }, seed: options.seed, runtimeSeconds: seconds });
      rows.push(row);
      options.onRow?.(row);
    },
  });
  return rows;
}

/** One point of an L-layer preset: the architecture, the sizes and which layers are trained (numbered from 1). */
export interface DeepPresetPoint {
  d: number;
  rhos: number[];
  c: number;
  T: number;
  /** α as a multiple of the counting bound α_count(ρ_1…ρ_L; T) (theory.md §10) */
  ratio: number;
  trained: number[];
  samples: number;
  average: number;
}

/** An L-layer GD data set (theory.md §10): an explicit list of points sharing one protocol. */
export interface DeepGDPreset {
  name: string;
  points: DeepPresetPoint[];
  steps: number;
  lr: number;
  seed: number;
  /** why these sizes (recorded in the manifest) */
  note: string;
}

/** α of a deep preset point: ratio · α_count. */
export function deepPointAlpha(p: Pick<DeepPresetPoint, "rhos" | "T" | "ratio">): number {
  return p.ratio * alphaCount(p.rhos, p.T);
}

/** The α/α_count grid of the deep preset: 6 values on logspace(0.1, 3) (ratio 1.97 between neighbours). */
export const DEEP_RATIOS = logGrid(0.1, 3, 6);

/** The points of the deep preset, in run order (see its note). */
function deepPoints(): DeepPresetPoint[] {
  const base = { rhos: [0.5, 0.5], samples: 3, average: 8 };
  const grid = (d: number, T: number, c: number, trained: number[], ratios: readonly number[] = DEEP_RATIOS) =>
    ratios.map((ratio) => ({ ...base, d, T, c, ratio, trained }));
  // a point costs ∝ n·T = ratio·α_count·d²·T: the top ratio (3) alone is half of a curve's cost
  const upTo = (top: number) => DEEP_RATIOS.filter((r) => r <= top * (1 + 1e-12));
  const below3 = upTo(DEEP_RATIOS[4]); // 0.1 … 1.52
  const oracle = DEEP_RATIOS.slice(1, 5); // 0.2 … 1.52
  // run order = priority on a shared machine: every (T, c) curve up to 1.52 α_count first, then the oracles, then
  // the costly 3 α_count points, then d = 100
  return [
    ...grid(50, 2, 1, [1, 2], below3),
    ...grid(50, 2, 0, [1, 2], below3),
    ...grid(50, 3, 1, [1, 2], below3),
    // oracle at T = 2, c = 1: layer 2 trained with layer 1 the teacher's
    ...grid(50, 2, 1, [2], oracle),
    ...grid(50, 3, 0, [1, 2], below3),
    ...grid(50, 2, 1, [1, 2], [DEEP_RATIOS[5]]),
    // the reverse oracle: layer 1 trained with layer 2 the teacher's
    ...grid(50, 2, 1, [1], oracle),
    ...grid(50, 3, 1, [1, 2], [DEEP_RATIOS[5]]),
    // c = 0 at 3 α_count: whether the plateau of c = 0 outlasts twice the data
    ...grid(50, 2, 0, [1, 2], [DEEP_RATIOS[5]]),
    ...grid(50, 3, 0, [1, 2], [DEEP_RATIOS[5]]),
    // the trend with d: the T = 2, c = 1 curve at d = 100 with the same protocol (a d = 100 point costs 8 at d = 50),
    // costliest first so that the two workers finish together
    ...grid(100, 2, 1, [1, 2], [...DEEP_RATIOS].reverse()),
  ];
}

export const DEEP_GD_PRESETS = {
  deep: {
    name: "deep",
    points: deepPoints(),
    steps: 1000,
    lr: 0.1,
    seed: 0,
    note:
      "L = 2, rho = 0.5 per layer, alpha/alpha_count on logspace(0.1, 3, 6); d = 50, both layers trained: T = 2, 3 and c = 1, 0 up to 1.52 alpha_count, and 3 alpha_count for c = 1 (and, last, for c = 0); the T = 2, c = 1 oracles at 0.2 ... 1.52 alpha_count (layer 2 trained with layer 1 the teacher's, and the reverse); d = 100: T = 2, c = 1 on the same 6 ratios (last, costliest first); 3 samples x 8 students, 1000 Adam steps at lr 0.1 (theory.md §7); run in this order (priority on a loaded machine). " +
      "Steps measured first (d = 50, T = 2, alpha = 1.5 alpha_count, 2 students, 2000 steps): c = 1: the loss is at its Adam-noise floor (~3e-3) from step ~800 while e_1 still falls (0.12, 0.05 at step 1000; 0.008, 0.009 at step 2000), so 1000-step errors of layer 1 are upper bounds near the crossing; c = 0: the loss plateaus at 0.13, 0.10 from step ~500 and e_1 grows (the layer-1 weights inflate). " +
      "1000 steps kept, and the grid cut to this, because the machine (2 cores, six sessions, load average 10-15) gave this run 0.15-0.4 of a core",
  },
} satisfies Record<string, DeepGDPreset>;

export type DeepGDPresetName = keyof typeof DEEP_GD_PRESETS;
export const DEEP_GD_PRESET_NAMES = Object.keys(DEEP_GD_PRESETS) as DeepGDPresetName[];

/** The resumability key of a deep table row or point. */
const deepKey = pointKey("d", "rho", "c", "T", "alpha", "trained");

/**
 * Runs the points of a deep preset that `file` does not hold yet (as `runPreset`: one task per problem, rows
 * appended as points finish, resumable). A point's seed is childSeed(seed, "d", d, "T", T, "c", c, "alpha", α),
 * independent of which layers are trained, so an oracle run sees the very problems and initializations of the
 * run that trains every layer at the same point.
 */
export async function runDeepPreset(
  presetOrName: DeepGDPreset | string,
  options: Omit<RunPresetOptions, "onRow"> & { onRow?: (row: DeepGDRow) => void },
): Promise<DeepGDRow[]> {
  const preset: DeepGDPreset =
    typeof presetOrName === "string" ? DEEP_GD_PRESETS[checkChoice("preset", presetOrName, DEEP_GD_PRESET_NAMES)] : presetOrName;
  const all = preset.points.map((p) => ({ ...p, alpha: deepPointAlpha(p), rho: listCell(p.rhos), trainedCell: listCell(p.trained) }));
  const keyed = all.map((p) => ({ ...p, trained: p.trainedCell, steps: preset.steps, lr: preset.lr }));
  const pending = pendingPointsInFile(options.file, DEEP_GD_SCHEMA, keyed, deepKey, ["samples", "average", "steps", "lr"]);
  const points = pending.map((p) =>
    gdPointParameters({
      d: p.d,
      rho: p.rhos,
      c: p.c,
      T: p.T,
      alpha: p.alpha,
      trained: parseListCell(p.trained),
      seed: childSeed(preset.seed, "d", p.d, "T", p.T, "c", p.c, "alpha", p.alpha),
      steps: preset.steps,
      lr: preset.lr,
      average: p.average,
      samples: p.samples,
      backend: options.backend,
    }),
  );
  const parameters = { preset: preset.name, points: preset.points, steps: preset.steps, lr: preset.lr, beta: 1, note: preset.note };
  return runPoints(points, DEEP_GD_SCHEMA, (point, runs) => deepGDRow(summarizeDeepGD(point, runs)), { ...options, parameters, seed: preset.seed });
}
