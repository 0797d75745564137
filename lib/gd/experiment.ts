import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { sampleCount, sampleProblem } from "../model/data";
import { width } from "../model/teacher";
import { childSeed, Seed } from "../random/rng";
import { solveSE } from "../se/solve";
import { checkBeta, checkDim, checkNumber, checkRho, checkTokens, ParameterError } from "../util/check";
import type { BackendName } from "../tensor/backend";
import { matrixError, median, trainStudents } from "./train";

/**
 * One point of the GD experiment of theory.md §7: at (d, ρ, T, α), for each of `samples` independent
 * problems (teacher + data), train `average` students from independent initializations and measure
 *   single:   (1/d)‖S_k − S*‖² for every student k,
 *   averaged: (1/d)‖S̄ − S*‖² with S̄ = (1/K) Σ_k S_k,
 * next to the Bayes-optimal error of state evolution (softmax channel, theory.md §4).
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

export async function gdPoint(options: GDPointOptions): Promise<GDPoint> {
  const started = performance.now();
  const d = checkDim(options.d);
  const rho = checkRho(options.rho);
  const T = checkTokens(options.T);
  const alpha = checkNumber("alpha", options.alpha, { gt: 0 });
  const beta = checkBeta(options.beta ?? 1);
  const steps = checkNumber("steps", options.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", options.lr ?? 0.1, { gt: 0 });
  const K = checkNumber("average", options.average ?? 1, { integer: true, ge: 1 });
  const samples = checkNumber("samples", options.samples ?? 1, { integer: true, ge: 1 });
  if (alpha * d * d < 0.5) throw new ParameterError("alpha", `≥ ${0.5 / (d * d)} so that n = round(α d²) ≥ 1 at d = ${d}`, alpha);
  if (rho * d < 0.5) throw new ParameterError("rho", `≥ ${0.5 / d} so that r = round(ρ d) ≥ 1 at d = ${d}`, rho);
  const n = sampleCount(alpha, d);
  const r = width(d, rho);
  const group = checkNumber("group", options.group ?? groupSize(n, T, r, K), { integer: true, ge: 1 });
  const channel = softmax(T, beta);
  const totalSteps = steps * samples * Math.ceil(K / group);
  let done = 0;

  const single: number[] = [];
  const averaged: number[] = [];
  const stepTimes: number[] = [];
  let backend = "";
  for (let s = 0; s < samples; s++) {
    const problem = sampleProblem(channel, d, rho, alpha, childSeed(options.seed, "sample", s));
    const Sbar = new Float64Array(d * d);
    for (let first = 0; first < K; first += group) {
      const size = Math.min(group, K - first);
      const result = await trainStudents(problem.data, {
        rho,
        beta,
        steps,
        lr,
        seed: childSeed(options.seed, "sample", s, "init"),
        students: size,
        firstStudent: first,
        recordEvery: steps,
        backend: options.backend,
        onStep: () => options.onStep?.(++done, totalSteps),
      });
      backend = result.backend.label;
      stepTimes.push(result.msPerStep / size);
      for (const S of result.S) {
        single.push(matrixError(S, problem.teacher.S, d));
        for (let i = 0; i < Sbar.length; i++) Sbar[i] += S[i] / K;
      }
    }
    averaged.push(matrixError(Sbar, problem.teacher.S, d));
  }
  const se = solveSE(channel, r / d, alpha);
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
    average: K,
    samples,
    seed: String(options.seed),
    mse_single_mean: mean(single),
    mse_single_std: std(single),
    mse_avg_mean: mean(averaged),
    mse_avg_std: std(averaged),
    se_mmse: se.mmse,
    backend,
    ms_per_step: median(stepTimes),
    seconds: (performance.now() - started) / 1000,
  };
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
