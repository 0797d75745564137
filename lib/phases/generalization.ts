import type { Channel } from "../channels/channel";
import { upperCount } from "../channels/channel";
import { integrate } from "../numeric/quadrature";
import { rng } from "../random/rng";
import { solveSECurve } from "../se/solve";
import { checkAlpha, checkChoice, checkNumber, checkRho, ParameterError } from "../util/check";
import { QmcOptions, qmcGaussianMean } from "./qmc";

/**
 * Bayes-optimal generalization (test) error on y (theory.md §2), from the state-evolution overlap q:
 *
 *     E_test = E ‖y − E[g(h) | ω]‖²_F,   h_ab = ω_ab + √((1+δ_ab) V) ξ_ab,  ω_ab ~ N(0, (1+δ_ab) q),  V = Q0 − q,
 *
 * with Q0 = 1 + ρ and h, ω, ξ symmetric (entries a ≤ b independent). Writing y, y' for two outputs drawn
 * with the same ω and independent noise, E_test = E Var(g(h) | ω) = ½ E ‖g(h) − g(h')‖²_F: that pair form is
 * what every method below integrates.
 *
 * Methods:
 *  - "closed-form": the linear channel, E_test = (T² + T) V + T² σ² (each entry's conditional variance), and the
 *    hardmax channel at T = 2 (see hardmaxT2TestError);
 *  - "quadrature": softmax at T = 2, a two-dimensional integral (softmaxT2TestError), deterministic;
 *  - "qmc": any channel and T by randomized quasi-Monte-Carlo over the 3·T(T+1)/2 Gaussians (ω, ξ, ξ'),
 *    with a standard error from independent random shifts (qmc.ts).
 *
 * At α = 0 the SE overlap is q = ρ, not 0: the prior mean Ŝ = √ρ I already predicts part of h from the tokens
 * (ω_ab = √ρ (x_a·x_b − δ_ab d)/√d), so E_test(q = ρ) is below the label variance E_test(q = 0), the error of
 * the best constant prediction E g(h). Above the perfect-recovery threshold q = Q0 and E_test = 0.
 */

export const GENERALIZATION_METHODS = ["auto", "qmc"] as const;
export type GeneralizationMethod = (typeof GENERALIZATION_METHODS)[number];

export interface GeneralizationOptions extends QmcOptions {
  /** "auto" (closed form or quadrature when available, else QMC) or "qmc" (force QMC, for cross-checks) */
  method?: GeneralizationMethod;
  /** relative tolerance of the T = 2 quadrature (default 1e-10) */
  tol?: number;
}

export interface GeneralizationResult {
  /** E ‖y − ŷ‖²_F for one fresh sample (a sum over the T² entries) */
  value: number;
  /** one standard error (qmc), the quadrature's error estimate (quadrature), or 0 (closed form) */
  error: number;
  method: "closed-form" | "quadrature" | "qmc";
  /** QMC lattice size and number of shifts, when method = "qmc" */
  points?: number;
  shifts?: number;
}

/** Numbers of standard deviations kept in Gaussian integrals: the mass beyond 8.5σ is below 2e-17. */
const GAUSS_CUT = 8.5;
/** σ(P + M) − σ(P − M) decays like e^{−(|P| − |M|)}; beyond |M| + 20 its square is below 5e-18. */
const LOGISTIC_CUT = 20;

/**
 * σ(P + M) − σ(P − M) = sinh M / (cosh P + cosh M), with σ the logistic function, evaluated without overflow.
 */
export function logisticDifference(P: number, M: number): number {
  const top = Math.max(Math.abs(P), Math.abs(M));
  const num = Math.exp(M - top) - Math.exp(-M - top);
  const den = Math.exp(P - top) + Math.exp(-P - top) + Math.exp(M - top) + Math.exp(-M - top);
  return num / den;
}

/** The standard deviations (s_P, s_M) of the T = 2 pair form: s_P² = 3β²(q + V/2), s_M² = 3β² V/2. */
function pairScales(beta: number, q: number, V: number): { sP: number; sM: number } {
  return { sP: beta * Math.sqrt(3 * (q + V / 2)), sM: beta * Math.sqrt((3 * V) / 2) };
}

/**
 * Softmax, T = 2, by deterministic quadrature. Row a of y depends on h only through Δ_a = h_aa − h_ab, with
 * ω-part N(0, 3q) and noise N(0, 3V), and y_a1 = σ(βΔ_a) (logistic). So E_test = 4 E Var(σ(βΔ) | ω).
 * With two noise draws U, U' = βΔ, βΔ' and P = (U + U')/2, M = (U − U')/2, independent N(0, s_P²), N(0, s_M²):
 *
 *     E_test = 2 E (σ(P + M) − σ(P − M))²,  s_P² = 3β²(q + V/2),  s_M² = 3β² V/2,
 *
 * a two-dimensional integral of a smooth function, even in P and M, done by nested adaptive Gauss–Kronrod
 * with a breakpoint at |P| = |M| (where the logistic difference switches off).
 */
export function softmaxT2TestError(beta: number, q: number, rho: number, tol = 1e-10): { value: number; error: number } {
  const { V } = checkOverlap(q, rho);
  checkNumber("beta", beta, { gt: 0 });
  const { sP, sM } = pairScales(beta, q, V);
  if (sM === 0) return { value: 0, error: 0 };
  // largest relative error estimate of an inner integral: bounds their contribution to the outer one
  let innerRelError = 0;
  // ∫_0^∞ φ_{sP}(P) (σ(P+M) − σ(P−M))² dP for one M ≥ 0 (the factor 2 for P < 0 is applied below)
  const inner = (M: number): number => {
    const weight = (P: number) => (sP === 0 ? 0 : Math.exp(-0.5 * (P / sP) ** 2) / (sP * Math.sqrt(2 * Math.PI)));
    if (sP === 0) return 0.5 * logisticDifference(0, M) ** 2; // point mass at P = 0, half of it on P ≥ 0
    const f = (P: number) => weight(P) * logisticDifference(P, M) ** 2;
    const top = Math.min(GAUSS_CUT * sP, M + LOGISTIC_CUT);
    const cuts = M < top ? [0, M, top] : [0, top];
    let sum = 0;
    let error = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const r = integrate(f, cuts[i], cuts[i + 1], { relTol: tol / 10, absTol: 1e-300 });
      sum += r.value;
      error += r.error;
    }
    if (sum > 0) innerRelError = Math.max(innerRelError, error / sum);
    return sum;
  };
  const outer = integrate((M) => (Math.exp(-0.5 * (M / sM) ** 2) / (sM * Math.sqrt(2 * Math.PI))) * inner(M), 0, GAUSS_CUT * sM, {
    relTol: tol,
    absTol: 1e-300,
  });
  // symmetric in P and in M: factor 4; the pair form carries a factor 2
  const scale = 8;
  return { value: scale * outer.value, error: scale * (outer.error + innerRelError * outer.value) };
}

/**
 * Hardmax, T = 2, squared-error test error in closed form: with y_a1 = 1[Δ_a > 0] the pair form gives
 * E_test = 2 P(sign(P + M) ≠ sign(P − M)) = 2 P(|M| > |P|) = (4/π) arctan(s_M / s_P), i.e.
 *
 *     E_test = (4/π) arctan √(V / (2q + V)).
 *
 * It is also the β → ∞ limit of softmaxT2TestError at the same overlap. (The hardmax channel's own
 * row-argmax misclassification rate is a different loss; it lives with the hardmax channel.)
 */
export function hardmaxT2TestError(q: number, rho: number): number {
  const { V } = checkOverlap(q, rho);
  if (V === 0) return 0;
  return (4 / Math.PI) * Math.atan(Math.sqrt(V / (2 * q + V)));
}

/**
 * Small-β limit of the softmax test error, any T: p_b ≈ 1/T + (β/T)(h_ab − h̄_a), so
 * E_test ≈ β² (T² − 1) V / T²  (3β²V/4 at T = 2), the first term of an expansion in β².
 */
export function softmaxTestErrorSmallBeta(T: number, beta: number, q: number, rho: number): number {
  const { V } = checkOverlap(q, rho);
  return (beta * beta * (T * T - 1) * V) / (T * T);
}

/**
 * E_test by randomized QMC for any channel with an `output`: z = (ω, ξ, ξ') standard normals over the
 * m = T(T+1)/2 entries a ≤ b, E_test = ½ E ‖g(h) − g(h')‖²_F. Channels with output noise get a seeded rng.
 */
export function qmcTestError(channel: Channel, q: number, rho: number, options: QmcOptions = {}): GeneralizationResult {
  const { V } = checkOverlap(q, rho);
  const T = channel.T;
  const m = upperCount(T);
  const scaleOmega = new Float64Array(m);
  const scaleNoise = new Float64Array(m);
  const pos: Array<[number, number]> = [];
  for (let a = 0, k = 0; a < T; a++) {
    for (let b = a; b < T; b++, k++) {
      const f = a === b ? 2 : 1;
      scaleOmega[k] = Math.sqrt(f * q);
      scaleNoise[k] = Math.sqrt(f * V);
      pos.push([a * T + b, b * T + a]);
    }
  }
  const h1 = new Float64Array(T * T);
  const h2 = new Float64Array(T * T);
  const y1 = new Float64Array(T * T);
  const y2 = new Float64Array(T * T);
  const noise = rng(`qmc-noise/${options.seed ?? 0}`);
  const estimate = qmcGaussianMean(
    3 * m,
    (z) => {
      for (let k = 0; k < m; k++) {
        const w = scaleOmega[k] * z[k];
        const [i, j] = pos[k];
        h1[i] = h1[j] = w + scaleNoise[k] * z[m + k];
        h2[i] = h2[j] = w + scaleNoise[k] * z[2 * m + k];
      }
      channel.output(h1, y1, noise);
      channel.output(h2, y2, noise);
      let s = 0;
      for (let i = 0; i < T * T; i++) s += (y1[i] - y2[i]) ** 2;
      return 0.5 * s;
    },
    options,
  );
  return { value: estimate.value, error: estimate.stdError, method: "qmc", points: estimate.points, shifts: estimate.shifts };
}

/**
 * Test error of the plug-in prediction ŷ = g(ω) (the channel applied to the estimate's indices) at overlap q:
 * E ‖g(ω + √((1+δ)V) ξ) − g(ω)‖²_F, by randomized QMC over (ω, ξ). It is E_test plus E‖E[g|ω] − g(ω)‖², so
 * never below the Bayes-optimal test error; the gap is what averaging over the remaining uncertainty buys.
 */
export function plugInTestError(channel: Channel, q: number, rho: number, options: QmcOptions = {}): GeneralizationResult {
  const { V } = checkOverlap(q, rho);
  const T = channel.T;
  const m = upperCount(T);
  const h = new Float64Array(T * T);
  const w = new Float64Array(T * T);
  const y = new Float64Array(T * T);
  const yHat = new Float64Array(T * T);
  const noise = rng(`qmc-noise/${options.seed ?? 0}`);
  const estimate = qmcGaussianMean(
    2 * m,
    (z) => {
      for (let a = 0, k = 0; a < T; a++) {
        for (let b = a; b < T; b++, k++) {
          const f = a === b ? 2 : 1;
          const omega = Math.sqrt(f * q) * z[k];
          w[a * T + b] = w[b * T + a] = omega;
          h[a * T + b] = h[b * T + a] = omega + Math.sqrt(f * V) * z[m + k];
        }
      }
      channel.output(h, y, noise);
      channel.output(w, yHat);
      let s = 0;
      for (let i = 0; i < T * T; i++) s += (y[i] - yHat[i]) ** 2;
      return s;
    },
    options,
  );
  return { value: estimate.value, error: estimate.stdError, method: "qmc", points: estimate.points, shifts: estimate.shifts };
}

/**
 * The Bayes-optimal test error on y at overlap q (theory.md §2) for a channel: closed form for linear and
 * hardmax T = 2, quadrature for softmax T = 2, QMC otherwise (or always, with method "qmc").
 */
export function generalizationError(channel: Channel, q: number, rho: number, options: GeneralizationOptions = {}): GeneralizationResult {
  const { V } = checkOverlap(q, rho);
  const method = checkChoice("method", options.method ?? "auto", GENERALIZATION_METHODS);
  const T = channel.T;
  if (method === "auto") {
    if (channel.name === "linear") {
      const sigma = Number(channel.params.noise ?? 0);
      return { value: (T * T + T) * V + T * T * sigma * sigma, error: 0, method: "closed-form" };
    }
    if (channel.name === "hardmax" && T === 2) return { value: hardmaxT2TestError(q, rho), error: 0, method: "closed-form" };
    if (channel.name === "softmax" && T === 2) {
      const r = softmaxT2TestError(Number(channel.params.beta), q, rho, options.tol);
      return { ...r, method: "quadrature" };
    }
  }
  if (V === 0 && channel.name !== "linear") return { value: 0, error: 0, method: "closed-form" };
  return qmcTestError(channel, q, rho, options);
}

/** One point of a generalization curve: the SE fixed point and the test error on y there. */
export interface GeneralizationPoint {
  alpha: number;
  /** estimation error Q0 − q (theory.md §2) */
  mmse: number;
  q: number;
  testError: number;
  /** standard error (qmc) or quadrature error estimate of testError */
  testErrorError: number;
  method: GeneralizationResult["method"];
}

/**
 * The test error on y along α: the SE overlap from solveSE (warm-started along the curve), then
 * generalizationError at that overlap. Every point uses the same QMC seed, so a curve is smooth in α.
 */
export function generalizationCurve(channel: Channel, rho: number, alphas: readonly number[], options: GeneralizationOptions = {}): GeneralizationPoint[] {
  checkRho(rho);
  alphas.forEach(checkAlpha);
  return solveSECurve(channel, rho, alphas).map((se) => {
    const r = generalizationError(channel, se.q, rho, options);
    return { alpha: se.alpha, mmse: se.mmse, q: se.q, testError: r.value, testErrorError: r.error, method: r.method };
  });
}

/** Checks 0 ≤ q ≤ Q0 = 1 + ρ and returns V = Q0 − q (clamped at 0 against round-off). */
function checkOverlap(q: number, rho: number): { Q0: number; V: number } {
  checkRho(rho);
  const Q0 = 1 + rho;
  checkNumber("q", q, { ge: 0 });
  if (q > Q0 * (1 + 1e-12)) throw new ParameterError("q", `a number in [0, Q0 = 1 + rho = ${Q0}]`, q);
  return { Q0, V: Math.max(0, Q0 - q) };
}
