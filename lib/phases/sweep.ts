import { HARDMAX_SCORES, HardmaxScore } from "../channels/hardmax";
import { CHANNEL_NAMES, ChannelName, makeChannel } from "../channels/registry";
import { solveSE } from "../se/solve";
import { checkAlpha, checkBeta, checkChoice, checkNumber, checkRho, checkTokens, ParameterError } from "../util/check";
import { generalizationError } from "./generalization";

/**
 * Parameter sweeps as `grid → rows` (style: tramp): a grid is the Cartesian product of lists for the swept
 * parameters (ρ, T, β, α), each point is computed by a pure function of that point alone, and the rows come back
 * in grid order. Each sweep kind is one entry of SWEEP_KINDS, so adding a kind (AMP, GD, …) is one line here;
 * points are plain data, so they can be computed on worker threads (lib/cli/pool.ts).
 */

/** One grid point: the swept parameters and the fixed options of the run. */
export interface SweepPoint {
  kind: string;
  channel: ChannelName;
  rho: number;
  T: number;
  beta: number;
  alpha: number;
  /** hardmax score variant */
  score: HardmaxScore;
  /** linear channel noise */
  noise: number;
  /** seed of stochastic kinds (QMC shifts for "gen") */
  seed: number;
  /** QMC lattice size for "gen" at T > 2 */
  points: number;
  /** fresh test samples per problem ("amptest") */
  tests: number;
  /** finite-size experiments ("gd", "amptest"): dimension, Adam steps, learning rate, students averaged, problems */
  d: number;
  steps: number;
  lr: number;
  average: number;
  samples: number;
}

/** A result row: the point's parameters followed by the kind's outputs (numbers, strings or booleans). */
export type SweepRow = Record<string, number | string | boolean>;

export interface SweepKind {
  summary: string;
  /** the kind's outputs at one point (must depend on nothing but the point) */
  run(p: SweepPoint): SweepRow | Promise<SweepRow>;
  /** false when points must run one at a time on the main thread (e.g. kinds that drive TensorFlow.js) */
  parallel?: boolean;
  /** true when a point takes about a millisecond, less than a worker thread's start-up: run inline unless workers are asked for */
  inline?: boolean;
}

const channelOf = (p: SweepPoint) => makeChannel(p.channel, { T: p.T, beta: p.beta, score: p.score, noise: p.noise });

/** Every sweep kind: name → pure function of one grid point. */
export const SWEEP_KINDS: Readonly<Record<string, SweepKind>> = {
  se: {
    summary: "state-evolution fixed point: mmse = Q0 − q, q, q̂ (theory.md §4)",
    inline: true,
    run(p) {
      const r = solveSE(channelOf(p), p.rho, p.alpha);
      return { mmse: r.mmse, q: r.q, qhat: r.qHat, iterations: r.iterations, converged: r.converged };
    },
  },
  gen: {
    summary: "SE fixed point and the Bayes-optimal test error on y with its error bar (theory.md §2)",
    run(p) {
      const channel = channelOf(p);
      const r = solveSE(channel, p.rho, p.alpha);
      const g = generalizationError(channel, r.q, p.rho, { seed: p.seed, points: p.points });
      return { mmse: r.mmse, q: r.q, test_error: g.value, test_error_err: g.error, method: g.method, converged: r.converged };
    },
  },
  amptest: {
    summary: "AMP at finite d: its Bayes and plug-in test errors on fresh samples next to the theory (lib/amp)",
    run(p) {
      // loaded on first use: AMP's token products bring TensorFlow.js, which the se and gen kinds do not need
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ampTestError } = require("./predict") as typeof import("./predict");
      return { ...ampTestError(channelOf(p), { d: p.d, rho: p.rho, alpha: p.alpha, samples: p.samples, seed: p.seed, tests: p.tests }) };
    },
  },
  gd: {
    summary: "gradient descent on the student attention layer at finite d (lib/gd; softmax only), with its SE error",
    parallel: false,
    async run(p) {
      if (p.channel !== "softmax") throw new ParameterError("channel", "softmax for kind gd", p.channel);
      // loaded on first use: TensorFlow.js is heavy and only this kind needs it
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { gdPoint } = require("../gd/experiment") as typeof import("../gd/experiment");
      const { d, n, r, steps, lr, average, samples, seed, mse_single_mean, mse_single_std, mse_avg_mean, mse_avg_std, se_mmse, backend, ms_per_step } = await gdPoint({
        d: p.d, rho: p.rho, T: p.T, alpha: p.alpha, beta: p.beta, seed: p.seed, steps: p.steps, lr: p.lr, average: p.average, samples: p.samples,
      });
      return { d, n, r, steps, lr, average, samples, seed, mse_single_mean, mse_single_std, mse_avg_mean, mse_avg_std, se_mmse, backend, ms_per_step };
    },
  },
};

export const SWEEP_KIND_NAMES = () => Object.keys(SWEEP_KINDS);

/** The swept parameters, in the nesting order of the grid (the last varies fastest). */
export const SWEPT = ["rho", "T", "beta", "alpha"] as const;
export type Swept = (typeof SWEPT)[number];

export interface SweepSpec {
  kind: string;
  channel?: ChannelName;
  rho: readonly number[];
  T: readonly number[];
  beta?: readonly number[];
  alpha: readonly number[];
  score?: HardmaxScore;
  noise?: number;
  seed?: number;
  points?: number;
  d?: number;
  steps?: number;
  lr?: number;
  average?: number;
  samples?: number;
  tests?: number;
}

/** The grid of a sweep in its fixed order (ρ outermost, α innermost), every value checked. */
export function sweepGrid(spec: SweepSpec): SweepPoint[] {
  const kind = checkChoice("kind", spec.kind, Object.keys(SWEEP_KINDS));
  const channel = checkChoice("channel", spec.channel ?? "softmax", CHANNEL_NAMES);
  const score = checkChoice("score", spec.score ?? "exact", HARDMAX_SCORES);
  const noise = checkNumber("noise", spec.noise ?? 0, { ge: 0 });
  const seed = checkNumber("seed", spec.seed ?? 0, { integer: true, ge: 0 });
  const points = checkNumber("points", spec.points ?? 4096, { integer: true, ge: 2 });
  const d = checkNumber("d", spec.d ?? 100, { integer: true, ge: 2 });
  const steps = checkNumber("steps", spec.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", spec.lr ?? 0.1, { gt: 0 });
  const average = checkNumber("average", spec.average ?? 1, { integer: true, ge: 1 });
  const samples = checkNumber("samples", spec.samples ?? 1, { integer: true, ge: 1 });
  const tests = checkNumber("tests", spec.tests ?? 2000, { integer: true, ge: 2 });
  const lists: Record<Swept, readonly number[]> = { rho: spec.rho, T: spec.T, beta: spec.beta ?? [1], alpha: spec.alpha };
  for (const name of SWEPT) if (lists[name].length === 0) throw new ParameterError(name, "a non-empty list", "[]");
  lists.rho.forEach((v) => checkRho(v));
  lists.T.forEach(checkTokens);
  lists.beta.forEach(checkBeta);
  lists.alpha.forEach(checkAlpha);
  const grid: SweepPoint[] = [];
  for (const rho of lists.rho)
    for (const T of lists.T)
      for (const beta of lists.beta)
        for (const alpha of lists.alpha) grid.push({ kind, channel, rho, T, beta, alpha, score, noise, seed, points, d, steps, lr, average, samples, tests });
  return grid;
}

/** The row of one point: its parameters, then the kind's outputs. This is the worker task of `aim sweep`. */
export async function runSweepPoint(p: SweepPoint): Promise<SweepRow> {
  const kind = SWEEP_KINDS[p.kind];
  if (!kind) throw new ParameterError("kind", `one of ${Object.keys(SWEEP_KINDS).join(", ")}`, p.kind);
  const head: SweepRow = { kind: p.kind, channel: p.channel, rho: p.rho, T: p.T, beta: p.beta, alpha: p.alpha };
  if (p.channel === "hardmax") head.score = p.score;
  if (p.channel === "linear") head.noise = p.noise;
  return { ...head, ...(await kind.run(p)) };
}
