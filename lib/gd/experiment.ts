import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { sampleCount, sampleProblem } from "../model/data";
import { width } from "../model/teacher";
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
 */
export interface GDPointOptions {
  d: number;
  rho: number;
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

export interface GDPoint {
  d: number;
  rho: number;
  T: number;
  alpha: number;
  /** ᾱ = α κ(T), the softmax collapse variable */
  alpha_bar: number;
  n: number;
  r: number;
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
  /** Bayes-optimal error from state evolution at the realised width ratio r/d */
  se_mmse: number;
  backend: string;
  /** median wall time of one Adam step of ONE student (group step time / group size) */
  ms_per_step: number;
  /** compute time of the point: the sum of its problems' times (wall time when they run one after the other) */
  seconds: number;
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

/** The checked, defaulted parameters of a GD point (plain data: it crosses to worker threads). */
export interface GDPointParameters {
  d: number;
  rho: number;
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
  r: number;
  group: number;
  threads: number;
  backend?: BackendName | "auto";
}

/** Checks and completes the options of a GD point; errors name the parameter and its range. */
export function gdPointParameters(options: Omit<GDPointOptions, "onStep">): GDPointParameters {
  const d = checkDim(options.d);
  const rho = checkRho(options.rho);
  const T = checkTokens(options.T);
  const alpha = checkNumber("alpha", options.alpha, { gt: 0 });
  const beta = checkBeta(options.beta ?? 1);
  const steps = checkNumber("steps", options.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", options.lr ?? 0.1, { gt: 0 });
  const average = checkNumber("average", options.average ?? 1, { integer: true, ge: 1 });
  const samples = checkNumber("samples", options.samples ?? 1, { integer: true, ge: 1 });
  if (alpha * d * d < 0.5) throw new ParameterError("alpha", `≥ ${0.5 / (d * d)} so that n = round(α d²) ≥ 1 at d = ${d}`, alpha);
  if (rho * d < 0.5) throw new ParameterError("rho", `≥ ${0.5 / d} so that r = round(ρ d) ≥ 1 at d = ${d}`, rho);
  const n = sampleCount(alpha, d);
  const r = width(d, rho);
  const group = checkNumber("group", options.group ?? groupSize(n, T, r, average), { integer: true, ge: 1 });
  const threads = checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 });
  return { d, rho, T, alpha, seed: options.seed, beta, steps, lr, average, samples, n, r, group, threads, backend: options.backend };
}

/** One problem of a GD point: what `gdSample` returns (plain data). */
export interface GDSample {
  sample: number;
  /** (1/d)‖S_k − S*‖² of every student, in student order */
  single: number[];
  /** (1/d)‖S̄ − S*‖² of the students' average */
  averaged: number;
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
 * Problem `sample` of a GD point: teacher and data from childSeed(seed, "sample", s), K students from
 * childSeed(seed, "sample", s, "init") trained in groups of `group`; `onStep` is called after every Adam step.
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
  const { d, rho, alpha, beta, steps, lr, average: K, group } = point;
  const problem = sampleProblem(softmax(point.T, beta), d, rho, alpha, childSeed(point.seed, "sample", sample));
  const Sbar = new Float64Array(d * d);
  const single: number[] = [];
  const msPerStudentStep: number[] = [];
  let backend = "";
  for (let first = 0; first < K; first += group) {
    const size = Math.min(group, K - first);
    const result = await trainStudents(problem.data, {
      rho,
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
    for (const S of result.S) {
      single.push(matrixError(S, problem.teacher.S, d));
      for (let i = 0; i < Sbar.length; i++) Sbar[i] += S[i] / K;
    }
  }
  return { sample, single, averaged: matrixError(Sbar, problem.teacher.S, d), msPerStudentStep, backend, seconds: (performance.now() - started) / 1000 };
}

/** Worker-thread entry (lib/parallel/pool.ts): one problem of a GD point. */
export function runGDSampleTask(task: GDSampleTask): Promise<GDSample> {
  return gdSample(task.point, task.sample);
}

/** The row of a GD point from its problems (in sample order), with the SE error at the realised r/d. */
export function summarizeGD(point: GDPointParameters, runs: readonly GDSample[]): GDPoint {
  if (runs.length !== point.samples) throw new RangeError(`runs must hold the point's ${point.samples} samples (got ${runs.length})`);
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
    mse_single_mean: mean(runs.flatMap((run) => run.single)),
    mse_single_std: std(runs.flatMap((run) => run.single)),
    mse_avg_mean: mean(runs.map((run) => run.averaged)),
    mse_avg_std: std(runs.map((run) => run.averaged)),
    se_mmse: se.mmse,
    backend: runs[runs.length - 1].backend,
    ms_per_step: median(runs.flatMap((run) => run.msPerStudentStep)),
    seconds: runs.reduce((s, run) => s + run.seconds, 0),
  };
}

/** The tasks of a GD point, one per problem, in sample order. */
export function gdSampleTasks(point: GDPointParameters): GDSampleTask[] {
  return Array.from({ length: point.samples }, (_, sample) => ({ point, sample }));
}

/** One GD point, its problems one after the other on this thread. */
export async function gdPoint(options: GDPointOptions): Promise<GDPoint> {
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
  return summarizeGD(point, runs);
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
