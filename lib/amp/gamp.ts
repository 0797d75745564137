import type { Channel } from "../channels/channel";
import { FLOAT64_KERNELS, Float64Kernels, PRODUCT_PRECISIONS, ProductPrecision, TokenProducts, tokenProducts } from "../linalg/token-products";
import { sampleTeacher } from "../model/teacher";
import type { Seed } from "../random/rng";
import { mmseS } from "../rmt/mmse";
import { rieDenoiseClamped } from "./denoise";
import { checkChoice, checkDim, checkNumber, checkRho, checkTokens } from "../util/check";

/**
 * GAMP-RIE: approximate message passing for the attention-indexed model (theory.md §6), for any channel that
 * implements `gOut`. Products with the token matrices only (lib/linalg/products.ts): memory O(n T d + d²).
 *
 * Normalization (derived once, here). Write the indices as h^μ_ab = ⟨Z^μ_ab, S⟩/√d (a ≤ b). For a symmetric
 * error E = S − Ŝ with (1/d)‖E‖²_F = v, E_x[Z_ab ⟨Z_ab, E⟩] = (1+δ_ab) E, so h_ab − h_ab(Ŝ) has variance
 * (1+δ_ab) v: the channel sees per-entry variances (1+δ_ab)V with V the denoiser's mean-square error ĉ
 * (V = Q0 − q in SE). On the input side, F*(g) = Σ_μ Σ_{a≤b} g_ab Z_ab/√d has
 *   mean   (1/d) Σ_μ Σ_{a≤b} (1+δ_ab) E[−∂_ω g_ab] · E   and fluctuation of off-diagonal variance
 *          (1/2d) Σ_μ Σ_{a≤b} (1+δ_ab) g_ab²  (diagonal twice that: GOE-shaped),
 * because an off-diagonal entry of Z_ab has variance 1/2 (a < b) or 1 (a = b). With Â = (2α/n) Σ_μ Σ_{a≤b}
 * (1+δ_ab)(−∂g_ab/∂ω_ab) (the estimate of q̂; 2α/n = 2/d²) and the Bayes-optimal identity E[−∂g] = E[g²], the
 * mean is (Â d/2)·E and R = Ŝ + (2/(Â d)) F*(g) = S + √Δ·GOE with Δ = 1/Â: the matrix-denoising problem of §3.
 * (theory.md §6 writes 1/(Â d) for the factor; with Z as defined there the factor is 2/(Â d).) The output-side
 * Onsager term is the self-response ⟨Z_ab, J Z_ab⟩ of Ŝ to g_ab: with ⟨Z_ab, Z_ab⟩ ≈ (1+δ_ab) d²/2 and the
 * RIE's mean divergence χ = mmse_S(Δ)/Δ it is (1+δ_ab)·V·g_ab with V = mmse_S(1/Â).
 *
 * One iteration t:
 *   1. h = h(Ŝ);  ω_ab = h_ab − (1+δ_ab) V · g^{old}_ab   (Onsager term; g^{old} = 0 at t = 1)
 *   2. g = gOut(y, ω, V) per sample
 *   3. Â = (2/d²) Σ_μ Σ_{a≤b} (1+δ_ab) (−∂g_ab/∂ω_ab)
 *   4. R = Ŝ + 2 F*(g)/(Â d),  Ŝ ← (1−δ)·RIE(R, Δ = 1/Â) + δ·Ŝ,  V ← (1−δ)·mmse_S(1/Â) + δ·V
 *      (RIE with eigenvalues clamped to the support of μ_Δ: lib/amp/denoise.ts)
 * Stop when (1/d)‖Ŝ_t − Ŝ_{t−1}‖² < tol, or after maxIter iterations.
 *
 * Three finite-d choices, each found necessary by experiment at d = 100 (and each harmless as d → ∞):
 *
 * Â from −∂g, not g². Both agree in expectation at the Bayes-optimal fixed point, but g² ∝ (actual error)/V²
 * feeds back: when the true error exceeds V, Â grows, V shrinks, g grows further, and V collapses to 0 while the
 * error freezes (linear channel above its recovery threshold: V → 1e-9 with error 0.065). The derivative is
 * ∝ 1/V and carries no such loop; for softmax and linear it is exact (the scores are affine in ω).
 *
 * Clamped RIE: see lib/amp/denoise.ts (eigenvalues just past the bulk edge map to large negative values).
 *
 * Damping of Ŝ. The measurements are built from only n·T tokens in dimension d, so the empirical token
 * covariance deviates from I by O(1/√(αTd)) (≈ 30% at d = 100, α = 0.05, T = 2) and the operator F*F is not
 * isotropic: along some directions the undamped correction overshoots and R − S grows isolated eigenvalues
 * (seen for the linear channel as well, so it is not a channel effect). Damping the estimate, δ = 0.5, divides
 * that gain by two; undamped runs oscillated or diverged in every case tried. Damping changes the path, not the
 * fixed point.
 */

/** Default damping of the estimate (module comment: finite-d stability). */
export const DEFAULT_DAMPING = 0.5;

export const QHAT_ESTIMATORS = ["derivative", "square"] as const;
export type QHatEstimator = (typeof QHAT_ESTIMATORS)[number];

/** Relative step (in units of √V) of the forward difference for −∂g/∂ω. */
const FD_STEP = 1e-5;

export const AMP_INITS = ["mean", "prior"] as const;
export type AmpInit = (typeof AMP_INITS)[number];

export interface AmpOptions {
  /** damping δ ∈ [0, 1): Ŝ ← (1−δ)·RIE(R) + δ·Ŝ_old, and the same for V (default 0.5; see the module comment) */
  damping?: number;
  /** stop when (1/d)‖Ŝ_t − Ŝ_{t−1}‖²_F < tol (default 1e-5, theory.md §6) */
  tol?: number;
  /** iteration cap (default 200) */
  maxIter?: number;
  /** "mean": Ŝ = E[S] = √ρ I, V = 1 (default); "prior": Ŝ a prior sample (seeded), V = 2 */
  init?: AmpInit;
  /** seed of the prior-sample initialization */
  seed?: Seed;
  /**
   * how Â is estimated: "derivative" (default) Â = (2/d²) Σ (1+δ_ab)(−∂g_ab/∂ω_ab), GAMP's own variance;
   * "square" Â = (2/d²) Σ (1+δ_ab) g_ab², equal in expectation at the Bayes-optimal fixed point (theory.md §6)
   * but unstable at finite d (see the module comment)
   */
  qHatEstimator?: QHatEstimator;
  /** the teacher S, when known: the history then records (1/d)‖Ŝ − S‖² */
  truth?: Float64Array;
  /**
   * arithmetic of the two token-matrix products (lib/linalg/token-products.ts): "float64" (default, JavaScript)
   * or "float32" (TensorFlow.js GEMMs, everything around them in float64; needs `await useBackend()` first)
   */
  precision?: ProductPrecision;
  /**
   * float64 kernels: "simd" (default, WebAssembly f64x2) or "js" (the JavaScript reference); both exact to
   * float64 rounding (lib/linalg/token-products.ts)
   */
  kernels?: Float64Kernels;
  /**
   * threads for the products of this one run (float64 SIMD kernels only; default 1): shards of samples on a
   * process-wide worker team, same results bit for bit whatever the count (lib/linalg/simd-products.ts)
   */
  threads?: number;
  /** called after every iteration (progress bars, trajectories) */
  onIteration?: (record: AmpIteration) => void;
}

export interface AmpIteration {
  iteration: number;
  /** (1/d)‖Ŝ − S‖²_F, NaN when no truth was given */
  mse: number;
  /** (1/d)‖Ŝ_t − Ŝ_{t−1}‖²_F */
  step: number;
  /** Â, the running estimate of q̂ */
  qHatEstimate: number;
  /** the variance V = mmse_S(1/Â) after this iteration (SE's Q0 − q) */
  variance: number;
  /** wall time of this iteration in milliseconds (products, channel, denoiser) */
  ms: number;
  /** of which the two token products h(Ŝ) and Σ g Z */
  msProducts: number;
  /** of which the denoiser (eigendecomposition, RIE map, rebuild, mmse_S); the rest is the channel and the Onsager term */
  msDenoiser: number;
}

export interface AmpResult {
  /** the estimate Ŝ (d×d, row-major) */
  S_hat: Float64Array;
  /** final (1/d)‖Ŝ − S‖²_F (NaN when no truth was given) */
  mse: number;
  history: AmpIteration[];
  converged: boolean;
  iterations: number;
}

/** Thrown when the iteration produces non-finite numbers or runs away; carries the history so far. */
export class AmpDivergenceError extends Error {
  constructor(message: string, readonly history: AmpIteration[]) {
    super(message);
    this.name = "AmpDivergenceError";
  }
}

/** The observations AMP needs: tokens X (n×T×d) and labels y (n×T×T), as produced by lib/model/data.ts. */
export interface AmpData {
  n: number;
  T: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
}

/** (1/d)‖A − B‖²_F */
function meanSquareDistance(A: Float64Array, B: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += (A[i] - B[i]) ** 2;
  return s / d;
}

/** Checks everything AMP relies on, with errors that name the offending parameter or sample. */
export function checkAmpInput(channel: Channel, data: AmpData, rho: number): void {
  checkRho(rho);
  checkDim(data.d);
  checkTokens(data.T);
  checkNumber("n", data.n, { integer: true, ge: 1 });
  if (channel.T !== data.T) throw new RangeError(`channel has T = ${channel.T} but the data have T = ${data.T}`);
  if (channel.name === "hardmax" && data.T !== 2) throw new RangeError(`hardmax AMP needs T = 2 (got T = ${data.T})`);
  const { n, T, d } = data;
  if (data.X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${data.X.length})`);
  if (data.y.length !== n * T * T) throw new RangeError(`y must have n·T·T = ${n * T * T} entries (got ${data.y.length})`);
  for (let i = 0; i < data.X.length; i++) if (!Number.isFinite(data.X[i])) throw new RangeError(`X has a non-finite entry at ${i}`);
  if (channel.checkLabel) {
    for (let mu = 0; mu < n; mu++) {
      try {
        channel.checkLabel(data.y.subarray(mu * T * T, (mu + 1) * T * T));
      } catch (error) {
        throw new RangeError(`labels of sample ${mu}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } else {
    for (let i = 0; i < data.y.length; i++) if (!Number.isFinite(data.y[i])) throw new RangeError(`y has a non-finite entry at ${i}`);
  }
  if (!channel.gOut) throw new RangeError(`channel '${channel.name}' has no AMP score (gOut)`);
}

/** Runs GAMP-RIE on one dataset (see the module comment for the algorithm and its normalization). */
export function gampRie(channel: Channel, data: AmpData, rho: number, options: AmpOptions = {}): AmpResult {
  checkAmpInput(channel, data, rho);
  const damping = checkNumber("damping", options.damping ?? DEFAULT_DAMPING, { ge: 0, lt: 1 });
  const tol = checkNumber("tol", options.tol ?? 1e-5, { gt: 0 });
  const maxIter = checkNumber("maxIter", options.maxIter ?? 200, { integer: true, ge: 1 });
  const init = checkChoice("init", options.init ?? "mean", AMP_INITS);
  const estimator = checkChoice("qHatEstimator", options.qHatEstimator ?? "derivative", QHAT_ESTIMATORS);
  const precision = checkChoice("precision", options.precision ?? "float64", PRODUCT_PRECISIONS);
  const kernels = checkChoice("kernels", options.kernels ?? "simd", FLOAT64_KERNELS);
  const threads = checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 });
  const products = tokenProducts(data.X, data.n, data.T, data.d, precision, { kernels, threads });
  try {
    return iterate(channel, data, rho, options, { damping, tol, maxIter, init, estimator }, products);
  } finally {
    products.dispose();
  }
}

interface Settings {
  damping: number;
  tol: number;
  maxIter: number;
  init: AmpInit;
  estimator: QHatEstimator;
}

function iterate(
  channel: Channel,
  data: AmpData,
  rho: number,
  options: AmpOptions,
  { damping, tol, maxIter, init, estimator }: Settings,
  products: TokenProducts,
): AmpResult {
  const { n, T, d, y } = data;
  const truth = options.truth;
  if (truth && truth.length !== d * d) throw new RangeError(`truth must be d×d = ${d * d} entries (got ${truth.length})`);
  const gOut = channel.gOut!.bind(channel);
  const gOutCurvature = channel.gOutCurvature?.bind(channel);
  const TT = T * T;
  const Q0 = 1 + rho;

  // state
  let S_hat: Float64Array;
  let V: number;
  if (init === "prior") {
    S_hat = sampleTeacher(d, rho, options.seed ?? 0).S;
    V = 2; // (1/d) E‖S − S'‖² for two independent prior samples: 2(Q0 − ρ)
  } else {
    S_hat = new Float64Array(d * d);
    for (let i = 0; i < d; i++) S_hat[i * d + i] = Math.sqrt(rho);
    V = 1; // (1/d) E‖S − √ρ I‖² = Q0 − ρ
  }
  const h = new Float64Array(n * TT);
  const omega = new Float64Array(n * TT);
  const g = new Float64Array(n * TT);
  const A = new Float64Array(d * d);
  const R = new Float64Array(d * d);
  const probe = new Float64Array(TT);
  const gPlus = new Float64Array(TT);
  const curvature = new Float64Array(TT);
  const history: AmpIteration[] = [];
  let converged = false;
  const sqrtD = Math.sqrt(d);

  for (let t = 1; t <= maxIter; t++) {
    const started = performance.now();
    // 1. ω = h(Ŝ) − (1+δ_ab) V g_old, damped
    products.indices(S_hat, h);
    let msProducts = performance.now() - started;
    for (let mu = 0; mu < n; mu++) {
      const base = mu * TT;
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          const i = base + a * T + b;
          omega[i] = h[i] - (a === b ? 2 : 1) * V * g[i];
        }
      }
    }
    // 2–3. scores and Â
    let sum = 0;
    const eps = FD_STEP * Math.sqrt(V);
    for (let mu = 0; mu < n; mu++) {
      const base = mu * TT;
      const yMu = y.subarray(base, base + TT);
      const wMu = omega.subarray(base, base + TT);
      const gMu = g.subarray(base, base + TT);
      if (estimator === "square") {
        gOut(yMu, wMu, V, gMu);
        for (let a = 0; a < T; a++) for (let b = a; b < T; b++) sum += (a === b ? 2 : 1) * gMu[a * T + b] ** 2;
        continue;
      }
      if (gOutCurvature) {
        // −∂g_ab/∂ω_ab in closed form (channel.gOutCurvature)
        gOutCurvature(yMu, wMu, V, gMu, curvature);
        for (let a = 0; a < T; a++) for (let b = a; b < T; b++) sum += (a === b ? 2 : 1) * curvature[a * T + b];
        continue;
      }
      gOut(yMu, wMu, V, gMu);
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          // −∂g_ab/∂ω_ab by a forward difference from the score already computed (exact for the affine scores of
          // softmax and linear; relative error ~ FD_STEP otherwise, far below the sampling noise of Â)
          probe.set(wMu);
          probe[a * T + b] = probe[b * T + a] = wMu[a * T + b] + eps;
          gOut(yMu, probe, V, gPlus);
          sum += ((a === b ? 2 : 1) * (gMu[a * T + b] - gPlus[a * T + b])) / eps;
        }
      }
    }
    const qHat = (2 / (d * d)) * sum;
    for (let i = 0; i < g.length; i++) {
      if (!Number.isFinite(g[i])) throw new AmpDivergenceError(`AMP produced a non-finite score at iteration ${t} (V = ${V})`, history);
    }
    // Â is an average of −∂g/∂ω, positive for a log-concave likelihood; 0 or less means the scores carry no
    // usable curvature (e.g. labels far outside the model's range) and R would be meaningless
    if (!(qHat > 0 && Number.isFinite(qHat))) {
      throw new AmpDivergenceError(`AMP's estimate of q̂ is ${qHat} at iteration ${t}: the scores are not consistent with the channel`, history);
    }
    // 4. R = Ŝ + 2 F*(g)/(Â d), then the RIE denoiser at Δ = 1/Â
    const delta = 1 / qHat;
    const accumulateStart = performance.now();
    products.accumulate(g, A);
    const denoiserStart = performance.now();
    msProducts += denoiserStart - accumulateStart;
    const scale = 2 / (qHat * d * sqrtD);
    for (let i = 0; i < d * d; i++) R[i] = S_hat[i] + scale * A[i];
    const next = rieDenoiseClamped(R, d, delta, rho);
    const vNew = mmseS(delta, rho);
    const msDenoiser = performance.now() - denoiserStart;
    if (t > 1 && damping > 0) for (let i = 0; i < d * d; i++) next[i] = damping * S_hat[i] + (1 - damping) * next[i];
    V = t === 1 ? vNew : damping * V + (1 - damping) * vNew;
    const step = meanSquareDistance(next, S_hat, d);
    S_hat = next;
    const mse = truth ? meanSquareDistance(S_hat, truth, d) : NaN;
    const record: AmpIteration = { iteration: t, mse, step, qHatEstimate: qHat, variance: V, ms: performance.now() - started, msProducts, msDenoiser };
    history.push(record);
    options.onIteration?.(record);
    if (!Number.isFinite(step) || !Number.isFinite(V)) {
      throw new AmpDivergenceError(`AMP produced non-finite numbers at iteration ${t}`, history);
    }
    // an estimate much farther from the previous one than two prior samples are from each other is a runaway
    if (step > 100 * Q0) throw new AmpDivergenceError(`AMP diverged at iteration ${t}: step (1/d)‖ΔŜ‖² = ${step}`, history);
    if (step < tol) {
      converged = true;
      break;
    }
  }
  const last = history[history.length - 1];
  return { S_hat, mse: last.mse, history, converged, iterations: history.length };
}
