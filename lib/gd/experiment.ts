import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { sampleCount } from "../model/data";
import { sampleDeepProblem } from "../model/deep";
import { width } from "../model/teacher";
import { alphaCount } from "../se/thresholds";
import { childSeed, Seed } from "../random/rng";
import { solveSE } from "../se/solve";
import { checkBeta, checkDim, checkNumber, checkRho, checkTokens, ParameterError } from "../util/check";
import type { BackendName } from "../tensor/backend";
import type { WorkerTeam } from "../parallel/team";
import { matrixError, median, trainStudents } from "./train";

/**
 * One point of the GD experiment of theory.md §7: at (d, ρ, T, α), for each of `samples` independent
 * problems (teacher + data), train `average` students from independent initializations and measure
 *   single:   (1/d)‖S_k − S*‖² for every student k,
 *   averaged: (1/d)‖S̄ − S*‖² with S̄ = (1/K) Σ_k S_k,
 * next to the Bayes-optimal error of state evolution (softmax channel, theory.md §4).
 *
 * A point is `samples` independent tasks (`gdSample`, one problem each, seeded by the point's seed and the sample
 * index) and a summary (`summarizeGD`), so a grid of points can run its problems on worker threads
 * (lib/gd/presets.ts) with the same numbers as `gdPoint`, which runs them one after the other.
 *
 * L layers (theory.md §10): with a list of widths the teacher is the deep AIM of lib/model/deep.ts and every
 * student has L layers (lib/gd/student.ts); the errors are measured per layer, e_ℓ = (1/d)‖Ŝ_ℓ − S_ℓ‖²_F (single
 * and K-averaged), and `trained` can hold some layers fixed to the teacher's weights (the oracle runs). One layer
 * is the same code path and gives today's row (`GDPoint`) unchanged.
 */
export interface GDPointOptions {
  d: number;
  /** width ratio ρ, or one per layer (an L-layer teacher and student, theory.md §10) */
  rho: number | readonly number[];
  /** residual strength c ≥ 0 of the layer recursion (default 1; no effect with one layer) */
  c?: number;
  /** the layers trained, numbered from 1 (default all); the others hold the teacher's weights (oracle runs) */
  trained?: readonly number[];
  T: number;
  alpha: number;
  seed: Seed;
  /** softmax inverse temperature (default 1) */
  beta?: number;
  steps?: number;
  lr?: number;
  /** students per problem, K (default 1; the paper uses 32) */
  average?: number;
  /** independent problems (default 1; the paper uses 16) */
  samples?: number;
  backend?: BackendName | "auto";
  /** students trained together on the device (default: as many as fit GROUP_FLOATS) */
  group?: number;
  /** worker threads of each training, data-parallel over the samples (default 1; lib/gd/parallel.ts) */
  threads?: number;
  /** progress: called after every Adam step with the steps done and the total for this point */
  onStep?: (done: number, total: number) => void;
}

/** What every GD point reports, one layer or L (the protocol of theory.md §7 and its overall errors). */
interface GDPointBase {
  d: number;
  T: number;
  alpha: number;
  /** ᾱ = α κ(T), the softmax collapse variable */
  alpha_bar: number;
  n: number;
  beta: number;
  steps: number;
  lr: number;
  average: number;
  samples: number;
  seed: string;
  /** mean and standard deviation over all samples·average single runs */
  mse_single_mean: number;
  mse_single_std: number;
  /** mean and standard deviation over the samples of the averaged-S error */
  mse_avg_mean: number;
  mse_avg_std: number;
  backend: string;
  /** median wall time of one Adam step of ONE student (group step time / group size) */
  ms_per_step: number;
  /** compute time of the point: the sum of its problems' times (wall time when they run one after the other) */
  seconds: number;
}

export interface GDPoint extends GDPointBase {
  rho: number;
  r: number;
  /** Bayes-optimal error from state evolution at the realised width ratio r/d */
  se_mmse: number;
}

/**
 * Largest number of float32 entries of the token-embedding tensor U (n·T·K·r) allowed for one group of
 * students: 2²⁴ (64 MiB; the step's working set is a few times that).
 */
export const GROUP_FLOATS = 2 ** 24;

/** Students trained together: as many as keep n·T·K·r ≤ GROUP_FLOATS (at least 1, at most K). */
export function groupSize(n: number, T: number, r: number, K: number): number {
  return Math.max(1, Math.min(K, Math.floor(GROUP_FLOATS / (n * T * r))));
}

/**
 * A GD point with L layers (theory.md §10): today's fields with ρ, r as lists, the residual c, the counting bound
 * α_count (`alphaCount`), which layers were trained, and the per-layer errors e_ℓ. mse_single_* and mse_avg_* are
 * over the trained layers' mean error (1/|trained|) Σ_ℓ e_ℓ. No Bayes-optimal error is known for L > 1
 * (theory.md §10), so se_mmse is null.
 */
export interface DeepGDPoint extends GDPointBase {
  layers: number;
  rho: number[];
  c: number;
  alpha_count: number;
  r: number[];
  /** the trained layers, numbered from 1 */
  trained: number[];
  /** per layer: mean and std of e_ℓ over all samples·average single runs */
  mse_single_layers: number[];
  mse_single_layers_std: number[];
  /** per layer: mean and std over the samples of e_ℓ of the K-student average Ŝ_ℓ */
  mse_avg_layers: number[];
  mse_avg_layers_std: number[];
  /** no Bayes-optimal error is known for L > 1 (theory.md §10) */
  se_mmse: null;
}

/** The checked, defaulted parameters of a GD point (plain data: it crosses to worker threads). */
export interface GDPointParameters {
  d: number;
  /** the first layer's width ratio (the only one for a one-layer point) */
  rho: number;
  /** width ratios, one per layer */
  rhos: number[];
  /** residual strength of the layer recursion */
  c: number;
  /** trained layers, numbered from 1, increasing */
  trained: number[];
  T: number;
  alpha: number;
  /** the seed as given (number or string) */
  seed: Seed;
  beta: number;
  steps: number;
  lr: number;
  average: number;
  samples: number;
  n: number;
  /** the first layer's width */
  r: number;
  /** widths, one per layer */
  rs: number[];
  group: number;
  threads: number;
  backend?: BackendName | "auto";
}

/** Checks and completes the options of a GD point; errors name the parameter and its range. */
export function gdPointParameters(options: Omit<GDPointOptions, "onStep">): GDPointParameters {
  const d = checkDim(options.d);
  const rhos = typeof options.rho === "number" ? [options.rho] : [...options.rho];
  if (rhos.length < 1) throw new ParameterError("layers", "an integer ≥ 1 (one width ρ per layer)", 0);
  rhos.forEach((rho) => checkRho(rho));
  const c = checkNumber("c", options.c ?? 1, { ge: 0 });
  const trained = [...(options.trained ?? rhos.map((_, l) => l + 1))].sort((a, b) => a - b);
  if (trained.length < 1 || new Set(trained).size !== trained.length || !trained.every((l) => Number.isInteger(l) && l >= 1 && l <= rhos.length)) {
    throw new ParameterError("trained", `distinct layer numbers between 1 and ${rhos.length}, at least one`, trained.join(","));
  }
  const T = checkTokens(options.T);
  const alpha = checkNumber("alpha", options.alpha, { gt: 0 });
  const beta = checkBeta(options.beta ?? 1);
  const steps = checkNumber("steps", options.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", options.lr ?? 0.1, { gt: 0 });
  const average = checkNumber("average", options.average ?? 1, { integer: true, ge: 1 });
  const samples = checkNumber("samples", options.samples ?? 1, { integer: true, ge: 1 });
  if (alpha * d * d < 0.5) throw new ParameterError("alpha", `≥ ${0.5 / (d * d)} so that n = round(α d²) ≥ 1 at d = ${d}`, alpha);
  for (const rho of rhos) if (rho * d < 0.5) throw new ParameterError("rho", `≥ ${0.5 / d} so that r = round(ρ d) ≥ 1 at d = ${d}`, rho);
  const n = sampleCount(alpha, d);
  const rs = rhos.map((rho) => width(d, rho));
  const columns = rs.reduce((a, b) => a + b, 0); // the students' U tensors hold n·T·K·Σ_ℓ r_ℓ numbers
  const group = checkNumber("group", options.group ?? groupSize(n, T, columns, average), { integer: true, ge: 1 });
  const threads = checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 });
  return { d, rho: rhos[0], rhos, c, trained, T, alpha, seed: options.seed, beta, steps, lr, average, samples, n, r: rs[0], rs, group, threads, backend: options.backend };
}

/** One problem of a GD point: what `gdSample` returns (plain data). */
export interface GDSample {
  sample: number;
  /** single[ℓ][k] = (1/d)‖S_{ℓ,k} − S_ℓ*‖² of every layer and student, in student order */
  single: number[][];
  /** averaged[ℓ] = (1/d)‖S̄_ℓ − S_ℓ*‖² of the students' average, per layer */
  averaged: number[];
  /** per group of students: the median step time divided by the group size (ms) */
  msPerStudentStep: number[];
  backend: string;
  seconds: number;
}

/** A problem of a GD point as a worker-thread task. */
export interface GDSampleTask {
  point: GDPointParameters;
  sample: number;
}

/**
 * Problem `sample` of a GD point: teacher and data from childSeed(seed, "sample", s) (`sampleDeepProblem`: for one
 * layer, bit for bit sampleProblem's), K students from childSeed(seed, "sample", s, "init") trained in groups of
 * `group`, the untrained layers fixed to the teacher's weights; `onStep` is called after every Adam step.
 */
export async function gdSample(point: GDPointParameters, sample: number, onStep?: () => void, team?: WorkerTeam): Promise<GDSample> {
  const started = performance.now();
  if (team || point.threads === 1) return trainGroups(point, sample, started, team, onStep);
  const own = dataParallelTeam(point);
  try {
    return await trainGroups(point, sample, started, own, onStep);
  } finally {
    await own?.close();
  }
}

/** The data-parallel workers of a point's trainings (at most one per sample), or none for one thread. */
function dataParallelTeam(point: GDPointParameters): WorkerTeam | undefined {
  const threads = Math.min(point.threads, point.n);
  return threads > 1 ? (require("./parallel") as typeof import("./parallel")).shardTeam(threads) : undefined;
}

async function trainGroups(point: GDPointParameters, sample: number, started: number, team: WorkerTeam | undefined, onStep?: () => void): Promise<GDSample> {
  const { d, rhos, c, alpha, beta, steps, lr, average: K, group } = point;
  const problem = sampleDeepProblem(d, { rhos, c, beta }, point.T, alpha, childSeed(point.seed, "sample", sample));
  const teacher = problem.teacher.layers;
  const Sbar = teacher.map(() => new Float64Array(d * d));
  const single: number[][] = teacher.map(() => []);
  const msPerStudentStep: number[] = [];
  let backend = "";
  for (let first = 0; first < K; first += group) {
    const size = Math.min(group, K - first);
    const result = await trainStudents(problem.data, {
      rho: rhos,
      c,
      frozen: teacher.map((layer, l) => (point.trained.includes(l + 1) ? undefined : layer.W)),
      beta,
      steps,
      lr,
      seed: childSeed(point.seed, "sample", sample, "init"),
      students: size,
      firstStudent: first,
      recordEvery: steps,
      backend: point.backend,
      team,
      onStep,
    });
    backend = result.backend.label;
    msPerStudentStep.push(result.msPerStep / size);
    result.layers.forEach((layer, l) => {
      for (const S of layer.S) {
        single[l].push(matrixError(S, teacher[l].S, d));
        for (let i = 0; i < S.length; i++) Sbar[l][i] += S[i] / K;
      }
    });
  }
  const averaged = Sbar.map((S, l) => matrixError(S, teacher[l].S, d));
  return { sample, single, averaged, msPerStudentStep, backend, seconds: (performance.now() - started) / 1000 };
}

/** Worker-thread entry (lib/parallel/pool.ts): one problem of a GD point. */
export function runGDSampleTask(task: GDSampleTask): Promise<GDSample> {
  return gdSample(task.point, task.sample);
}

/** Whether a point is today's one-layer experiment (one layer, trained), whose row is `GDPoint`. */
export function isOneLayer(point: GDPointParameters): boolean {
  return point.rhos.length === 1;
}

/** The row of a one-layer GD point from its problems (in sample order), with the SE error at the realised r/d. */
export function summarizeGD(point: GDPointParameters, runs: readonly GDSample[]): GDPoint {
  if (!isOneLayer(point)) throw new RangeError(`summarizeGD is the one-layer row; this point has ${point.rhos.length} layers (summarizeDeepGD)`);
  checkRuns(point, runs);
  const { d, rho, T, alpha, n, r, beta, steps, lr, average, samples } = point;
  const se = solveSE(softmax(T, beta), r / d, alpha);
  return {
    d,
    rho,
    T,
    alpha,
    alpha_bar: alpha * kappa(T),
    n,
    r,
    beta,
    steps,
    lr,
    average,
    samples,
    seed: String(point.seed),
    mse_single_mean: mean(runs.flatMap((run) => run.single[0])),
    mse_single_std: std(runs.flatMap((run) => run.single[0])),
    mse_avg_mean: mean(runs.map((run) => run.averaged[0])),
    mse_avg_std: std(runs.map((run) => run.averaged[0])),
    se_mmse: se.mmse,
    ...timing(runs),
  };
}

/** The row of an L-layer GD point (any L) from its problems, in sample order: `DeepGDPoint`. */
export function summarizeDeepGD(point: GDPointParameters, runs: readonly GDSample[]): DeepGDPoint {
  checkRuns(point, runs);
  const { d, rhos, c, T, alpha, n, rs, beta, steps, lr, average, samples, trained } = point;
  const layers = rhos.map((_, l) => l);
  const singleOf = (l: number) => runs.flatMap((run) => run.single[l]);
  const averagedOf = (l: number) => runs.map((run) => run.averaged[l]);
  // the trained layers' mean error, per single run and per K-average
  const overTrained = (values: (l: number) => number[]) => {
    const lists = trained.map((l) => values(l - 1));
    return lists[0].map((_, i) => mean(lists.map((list) => list[i])));
  };
  const single = overTrained(singleOf);
  const averaged = overTrained(averagedOf);
  return {
    d,
    layers: rhos.length,
    rho: [...rhos],
    c,
    T,
    alpha,
    alpha_count: alphaCount(rs.map((r) => r / d), T),
    alpha_bar: alpha * kappa(T),
    n,
    r: [...rs],
    beta,
    steps,
    lr,
    average,
    samples,
    seed: String(point.seed),
    trained: [...trained],
    mse_single_mean: mean(single),
    mse_single_std: std(single),
    mse_avg_mean: mean(averaged),
    mse_avg_std: std(averaged),
    mse_single_layers: layers.map((l) => mean(singleOf(l))),
    mse_single_layers_std: layers.map((l) => std(singleOf(l))),
    mse_avg_layers: layers.map((l) => mean(averagedOf(l))),
    mse_avg_layers_std: layers.map((l) => std(averagedOf(l))),
    se_mmse: null,
    ...timing(runs),
  };
}

/** The row of any GD point: today's `GDPoint` for one layer, `DeepGDPoint` for L > 1. */
export function summarizePoint(point: GDPointParameters, runs: readonly GDSample[]): GDPoint | DeepGDPoint {
  return isOneLayer(point) ? summarizeGD(point, runs) : summarizeDeepGD(point, runs);
}

function checkRuns(point: GDPointParameters, runs: readonly GDSample[]): void {
  if (runs.length !== point.samples) throw new RangeError(`runs must hold the point's ${point.samples} samples (got ${runs.length})`);
}

function timing(runs: readonly GDSample[]): { backend: string; ms_per_step: number; seconds: number } {
  return {
    backend: runs[runs.length - 1].backend,
    ms_per_step: median(runs.flatMap((run) => run.msPerStudentStep)),
    seconds: runs.reduce((s, run) => s + run.seconds, 0),
  };
}

/** The tasks of a GD point, one per problem, in sample order. */
export function gdSampleTasks(point: GDPointParameters): GDSampleTask[] {
  return Array.from({ length: point.samples }, (_, sample) => ({ point, sample }));
}

/** One GD point, its problems one after the other on this thread (`DeepGDPoint` when it has several layers). */
export async function gdPoint(options: GDPointOptions & { rho: number }): Promise<GDPoint>;
export async function gdPoint(options: GDPointOptions): Promise<GDPoint | DeepGDPoint>;
export async function gdPoint(options: GDPointOptions): Promise<GDPoint | DeepGDPoint> {
  const point = gdPointParameters(options);
  const totalSteps = point.steps * point.samples * Math.ceil(point.average / point.group);
  let done = 0;
  const runs: GDSample[] = [];
  const team = dataParallelTeam(point); // one team for every training of the point
  try {
    for (let s = 0; s < point.samples; s++) runs.push(await gdSample(point, s, () => options.onStep?.(++done, totalSteps), team));
  } finally {
    await team?.close();
  }
  return summarizePoint(point, runs);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (0 for a single value). */
function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}
