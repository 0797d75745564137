import type { Channel } from "../channels/channel";
import { upperCount } from "../channels/channel";
import { indices, labels, sampleTokens } from "../model/data";
import { childSeed, Seed } from "../random/rng";
import { checkChoice, checkNumber, checkRho } from "../util/check";
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
