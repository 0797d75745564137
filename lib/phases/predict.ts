import type { Channel } from "../channels/channel";
import { upperCount } from "../channels/channel";
import { gampRie } from "../amp/gamp";
import { indices, labels, sampleProblem, sampleTokens } from "../model/data";
import { childSeed, Seed } from "../random/rng";
import { solveSE } from "../se/solve";
import { checkChoice, checkNumber, checkRho } from "../util/check";
import { generalizationError, plugInTestError } from "./generalization";
import { qmcGaussianMean, QmcOptions } from "./qmc";

/**
 * Predictions of y on fresh samples from an estimate Ŝ, and their measured test error at finite d: the
 * finite-size counterpart of generalizationError (theory.md §2), for AMP's estimate or any other.
 *
 * With ω = h(Ŝ) the indices of Ŝ on a fresh sample and V the remaining variance, two predictors:
 *  - plug-in: ŷ = g(ω), the channel applied to the estimate's indices;
 *  - Bayes: ŷ = E[g(ω + √((1+δ_ab)V) ξ)], averaging the channel over what Ŝ does not know.
 * For a Bayes-optimal Ŝ, (1/d)‖Ŝ‖²_F → q (the Nishimori identity E Tr ŜS = E Tr Ŝ²), so V = Q0 − (1/d)‖Ŝ‖²_F
 * is computed from Ŝ alone.
 */

export const PREDICTORS = ["bayes", "plugin"] as const;
export type Predictor = (typeof PREDICTORS)[number];

/** Bayes prediction E[g(ω + noise)] for one sample (T×T, row-major), by randomized QMC over the noise. */
export function bayesPrediction(channel: Channel, omega: Float64Array, V: number, options: QmcOptions = {}): Float64Array {
  checkNumber("V", V, { ge: 0 });
  const T = channel.T;
  const m = upperCount(T);
  const h = new Float64Array(T * T);
  const y = new Float64Array(T * T);
  const out = new Float64Array(T * T);
  if (V === 0) {
    channel.output(omega, out);
    return out;
  }
  // one QMC run per output entry would waste work: accumulate all entries in one pass, as the mean of a vector
  const points = options.points ?? 256;
  const shifts = options.shifts ?? 4;
  let calls = 0;
  qmcGaussianMean(
    m,
    (z) => {
      for (let a = 0, k = 0; a < T; a++) {
        for (let b = a; b < T; b++, k++) {
          const v = omega[a * T + b] + Math.sqrt((a === b ? 2 : 1) * V) * z[k];
          h[a * T + b] = h[b * T + a] = v;
        }
      }
      channel.output(h, y);
      for (let i = 0; i < T * T; i++) out[i] += y[i];
      calls++;
      return 0;
    },
    { ...options, points, shifts },
  );
  for (let i = 0; i < T * T; i++) out[i] /= calls;
  return out;
}

export interface FreshSampleError {
  /** mean over test samples of ‖y − ŷ‖²_F */
  mean: number;
  /** standard error of the mean */
  stdError: number;
  n: number;
  /** the variance V = Q0 − (1/d)‖Ŝ‖²_F used by the Bayes predictor */
  V: number;
  predictor: Predictor;
}

/**
 * The test error of a predictor built from Ŝ, measured on n fresh samples of the teacher S (d×d, row-major)
 * through `channel`: mean ‖y − ŷ‖²_F with its standard error.
 */
export function freshSampleTestError(
  channel: Channel,
  S: Float64Array,
  Shat: Float64Array,
  d: number,
  rho: number,
  options: { n?: number; seed?: Seed; predictor?: Predictor; qmc?: QmcOptions } = {},
): FreshSampleError {
  checkRho(rho);
  const n = checkNumber("n", options.n ?? 2000, { integer: true, ge: 2 });
  const predictor = checkChoice("predictor", options.predictor ?? "bayes", PREDICTORS);
  const seed = options.seed ?? 0;
  const T = channel.T;
  const X = sampleTokens(n, T, d, childSeed(seed, "test-tokens"));
  const y = labels(channel, indices(X, S, n, T, d), n, childSeed(seed, "test-noise"));
  const omega = indices(X, Shat, n, T, d);
  let norm = 0;
  for (const v of Shat) norm += v * v;
  const V = Math.max(0, 1 + rho - norm / d);
  const errors = new Float64Array(n);
  const yHat = new Float64Array(T * T);
  for (let mu = 0; mu < n; mu++) {
    const w = omega.subarray(mu * T * T, (mu + 1) * T * T);
    const prediction = predictor === "bayes" ? bayesPrediction(channel, w, V, { seed: childSeed(seed, "qmc", mu), ...options.qmc }) : (channel.output(w, yHat), yHat);
    let e = 0;
    for (let i = 0; i < T * T; i++) e += (y[mu * T * T + i] - prediction[i]) ** 2;
    errors[mu] = e;
  }
  const mean = errors.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(errors.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, stdError: sd / Math.sqrt(n), n, V, predictor };
}

/** The AMP cross-check at one point: means over independent problems, with standard errors, next to the theory. */
export interface AmpTestErrorRow {
  d: number;
  samples: number;
  tests: number;
  amp_mse: number;
  amp_mse_sem: number;
  se_mmse: number;
  bayes_test: number;
  bayes_test_sem: number;
  bayes_theory: number;
  plugin_test: number;
  plugin_test_sem: number;
  plugin_theory: number;
}

/**
 * Runs GAMP-RIE (lib/amp) on `samples` independent problems at (d, ρ, α) and measures the Bayes and plug-in
 * test errors of each estimate on `tests` fresh samples (freshSampleTestError); reports the means over problems
 * with standard errors (spread over problems / √samples), next to the theory at the SE overlap
 * (generalizationError, plugInTestError) and AMP's estimation error next to the SE error.
 */
export function ampTestError(
  channel: Channel,
  point: { d: number; rho: number; alpha: number; samples: number; seed: Seed; tests?: number },
): AmpTestErrorRow {
  const samples = checkNumber("samples", point.samples, { integer: true, ge: 2 });
  const tests = checkNumber("tests", point.tests ?? 2000, { integer: true, ge: 2 });
  const mse: number[] = [];
  const bayes: number[] = [];
  const plugin: number[] = [];
  for (let s = 0; s < samples; s++) {
    const seed = childSeed(point.seed, "amp-test", point.d, point.rho, point.alpha, s);
    const { teacher, data } = sampleProblem(channel, point.d, point.rho, point.alpha, seed);
    const { S } = teacher;
    const rho = teacher.rho;
    const Shat = gampRie(channel, data, rho, { seed: childSeed(seed, "init") }).S_hat;
    let e = 0;
    for (let i = 0; i < S.length; i++) e += (Shat[i] - S[i]) ** 2;
    mse.push(e / point.d);
    bayes.push(freshSampleTestError(channel, S, Shat, point.d, rho, { n: tests, seed: childSeed(seed, "test") }).mean);
    plugin.push(freshSampleTestError(channel, S, Shat, point.d, rho, { n: tests, seed: childSeed(seed, "test"), predictor: "plugin" }).mean);
  }
  const stat = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length)];
  };
  const se = solveSE(channel, point.rho, point.alpha);
  const [amp_mse, amp_mse_sem] = stat(mse);
  const [bayes_test, bayes_test_sem] = stat(bayes);
  const [plugin_test, plugin_test_sem] = stat(plugin);
  return {
    d: point.d,
    samples,
    tests,
    amp_mse,
    amp_mse_sem,
    se_mmse: se.mmse,
    bayes_test,
    bayes_test_sem,
    bayes_theory: generalizationError(channel, se.q, point.rho).value,
    plugin_test,
    plugin_test_sem,
    plugin_theory: plugInTestError(channel, se.q, point.rho).value,
  };
}
