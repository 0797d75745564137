import type { Channel } from "../channels/channel";
import { ChannelOptions, makeChannel } from "../channels/registry";
import { useBackend } from "../tensor/backend";
import { sampleProblem } from "../model/data";
import { childSeed, Seed } from "../random/rng";
import { solveSE } from "../se/solve";
import { checkNumber } from "../util/check";
import { AmpDivergenceError, AmpIteration, AmpOptions, gampRie } from "./gamp";

/**
 * AMP against state evolution at one parameter point (theory.md §6): `samples` independent problems (teacher,
 * tokens, labels), GAMP-RIE on each, and the SE prediction at the same (channel, ρ, α). This is the one place
 * the CLI (`aim amp`), the data runs (`aim data amp`) and notebook 03 turn a point into numbers.
 */
export interface AmpPoint {
  d: number;
  rho: number;
  alpha: number;
  /** number of independent problems (seeds) */
  samples: number;
  /** root seed; problem s uses childSeed(seed, "amp", d, ρ, α, s) */
  seed: Seed;
}

/** One AMP run. */
export interface AmpRun {
  sample: number;
  mse: number;
  iterations: number;
  converged: boolean;
  /** true when AMP stopped with AmpDivergenceError (mse is then NaN) */
  diverged: boolean;
  /** wall time of the run, data generation included */
  seconds: number;
  /** median wall time of one iteration in milliseconds (data generation and setup excluded) */
  msPerIteration: number;
}

/** The summary row of a point: what `aim amp` prints and `aim data amp` stores. */
export interface AmpSummary {
  channel: string;
  /** the channel's identifying parameters, e.g. "beta=1" or "score=exact" */
  variant: string;
  d: number;
  rho: number;
  T: number;
  alpha: number;
  samples: number;
  /** mean and standard deviation over the runs that did not diverge */
  mse_mean: number;
  mse_std: number;
  /** standard error of the mean, mse_std / √(runs) */
  mse_sem: number;
  se_mmse: number;
  iterations_median: number;
  converged_fraction: number;
  diverged: number;
  seconds: number;
  /** median over the runs of their median wall time per iteration, milliseconds */
  ms_per_iteration: number;
}

export function channelVariant(channel: Channel): string {
  return Object.entries(channel.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(";");
}

/** The seed of problem `sample` at a point: independent across points and samples, reproducible. */
export function ampSampleSeed(point: AmpPoint, sample: number): string {
  return childSeed(point.seed, "amp", point.d, point.rho, point.alpha, sample);
}

function medianMs(history: readonly AmpIteration[]): number {
  return median(history.map((h) => h.ms));
}

/** Runs AMP on one sampled problem and never throws on divergence (it is counted instead). */
export function ampRun(channel: Channel, point: AmpPoint, sample: number, options: AmpOptions = {}): AmpRun {
  const start = performance.now();
  const seed = ampSampleSeed(point, sample);
  const { teacher, data } = sampleProblem(channel, point.d, point.rho, point.alpha, seed);
  try {
    const result = gampRie(channel, data, teacher.rho, { ...options, truth: teacher.S, seed: childSeed(seed, "init") });
    const seconds = (performance.now() - start) / 1000;
    return { sample, mse: result.mse, iterations: result.iterations, converged: result.converged, diverged: false, seconds, msPerIteration: medianMs(result.history) };
  } catch (error) {
    if (!(error instanceof AmpDivergenceError)) throw error;
    const seconds = (performance.now() - start) / 1000;
    return { sample, mse: NaN, iterations: error.history.length, converged: false, diverged: true, seconds, msPerIteration: medianMs(error.history) };
  }
}

/**
 * One AMP problem as plain data, so it can run on a worker thread (lib/parallel/pool.ts): the channel by name and
 * options, the point, the sample index and the AMP options (without callbacks).
 */
export interface AmpTask {
  channel: string;
  channelOptions: ChannelOptions;
  point: AmpPoint;
  sample: number;
  options: Omit<AmpOptions, "onIteration" | "truth">;
}

/** The task description of problem `sample` of a point. */
export function ampTask(channel: Channel, point: AmpPoint, sample: number, options: AmpOptions): AmpTask {
  const { onIteration: _callback, truth: _truth, ...plain } = options;
  return { channel: channel.name, channelOptions: { T: channel.T, ...channel.params }, point, sample, options: plain };
}

/**
 * Runs an `AmpTask` (the worker-thread entry of `aim data amp`); starts TensorFlow.js for float32 products. One
 * problem per worker, its products on that worker's thread only: never threads inside threads.
 */
export async function runAmpTask(task: AmpTask): Promise<AmpRun> {
  if (task.options.precision === "float32") await useBackend();
  return ampRun(makeChannel(task.channel, task.channelOptions), task.point, task.sample, { ...task.options, threads: 1 });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Summarizes runs against the SE fixed point at the same parameters. */
export function summarizeRuns(channel: Channel, point: AmpPoint, runs: readonly AmpRun[]): AmpSummary {
  const ok = runs.filter((r) => !r.diverged);
  const mean = ok.reduce((s, r) => s + r.mse, 0) / ok.length;
  const variance = ok.length > 1 ? ok.reduce((s, r) => s + (r.mse - mean) ** 2, 0) / (ok.length - 1) : NaN;
  const std = Math.sqrt(variance);
  return {
    channel: channel.name,
    variant: channelVariant(channel),
    d: point.d,
    rho: point.rho,
    T: channel.T,
    alpha: point.alpha,
    samples: runs.length,
    mse_mean: ok.length ? mean : NaN,
    mse_std: std,
    mse_sem: std / Math.sqrt(ok.length),
    se_mmse: solveSE(channel, point.rho, point.alpha).mmse,
    iterations_median: median(runs.map((r) => r.iterations)),
    converged_fraction: runs.filter((r) => r.converged).length / runs.length,
    diverged: runs.length - ok.length,
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
    ms_per_iteration: median(runs.map((r) => r.msPerIteration)),
  };
}

/** All samples of a point, then the summary; `onRun` is called after each run (progress bars). */
export function ampPoint(
  channel: Channel,
  point: AmpPoint,
  options: AmpOptions = {},
  onRun?: (run: AmpRun) => void,
): { summary: AmpSummary; runs: AmpRun[] } {
  checkNumber("samples", point.samples, { integer: true, ge: 1 });
  const runs: AmpRun[] = [];
  for (let s = 0; s < point.samples; s++) {
    const run = ampRun(channel, point, s, options);
    runs.push(run);
    onRun?.(run);
  }
  return { summary: summarizeRuns(channel, point, runs), runs };
}

/** The columns of the AMP data tables written by `aim data amp` (data/amp-*.csv, data/hardmax-question.csv). */
export const AMP_TABLE_SCHEMA = {
  channel: "string",
  variant: "string",
  d: "number",
  rho: "number",
  T: "number",
  alpha: "number",
  alpha_bar: "number",
  samples: "number",
  mse_mean: "number",
  mse_std: "number",
  mse_sem: "number",
  se_mmse: "number",
  se_mmse_published: "number",
  iterations_median: "number",
  converged_fraction: "number",
  diverged: "number",
  seconds: "number",
  seed: "string",
  damping: "number",
  max_iter: "number",
  /** arithmetic of the token-matrix products: float64 or float32 (lib/linalg/token-products.ts) */
  precision: "string",
} as const;
