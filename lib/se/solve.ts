import type { Channel } from "../channels/channel";
import { brent } from "../numeric/roots";
import { mmseS } from "../rmt/mmse";
import { checkAlpha, checkNumber, checkRho } from "../util/check";

/** Q0 = lim (1/d) E Tr S² = 1 + ρ (theory.md, notation). */
export function Q0(rho: number): number {
  return 1 + rho;
}

/** Errors below this are reported as 0 (perfect recovery): the bracket search stops here. */
export const PERFECT_RECOVERY_FLOOR = 1e-13;

/** One state-evolution fixed point (theory.md §4). */
export interface SEResult {
  channel: string;
  rho: number;
  T: number;
  alpha: number;
  /** the Bayes-optimal estimation error Q0 − q = (1/d)‖Ŝ − S‖² */
  mmse: number;
  /** overlap q = lim (1/d) Tr(S Ŝ) ∈ [ρ, Q0] */
  q: number;
  /** q̂ = α · channel.qHatPerAlpha(q, Q0) */
  qHat: number;
  /** evaluations of the fixed-point map (bracketing + Brent) */
  iterations: number;
  converged: boolean;
  method: "bracket-brent" | "damped-iteration";
}

export interface SolveOptions {
  /** absolute tolerance on the error m = Q0 − q (default 1e-14) */
  tol?: number;
  /** a guess for the error m (e.g. the previous point of a curve); default 1, the uninformed start */
  guess?: number;
}

/**
 * Solves the state evolution (theory.md §4) for any channel:
 *
 *     q = Q0 − mmse_S(1/q̂),   q̂ = α · A(q),  A = channel.qHatPerAlpha,
 *
 * written as a scalar equation in the error m = Q0 − q:  m = M(m) := mmse_S(1 / (α A(Q0 − m))).
 * M is increasing in m, so the damped iteration from the uninformed start m = 1 (q = ρ, the prior mean)
 * decreases to the largest fixed point in (0, 1]. Near the perfect-recovery transition that iteration
 * slows down critically (hundreds of steps, theory.md §5), so instead we solve H(m) = M(m)/m − 1 = 0 by
 * bracketing and Brent's method: H(1) ≤ 0 always, and a geometric search downwards (from `guess`) finds a
 * point with H > 0. If H stays ≤ 0 down to m = 1e-13 (`PERFECT_RECOVERY_FLOOR`) the fixed point is reported
 * as m = 0: perfect recovery (errors below 1e-13 are not resolved).
 * Dividing by m removes the trivial root m = 0 and keeps relative accuracy when m is tiny.
 */
export function solveSE(channel: Channel, rho: number, alpha: number, options: SolveOptions = {}): SEResult {
  checkRho(rho);
  checkAlpha(alpha);
  const tol = checkNumber("tol", options.tol ?? 1e-14, { gt: 0 });
  const q0 = Q0(rho);
  let evaluations = 0;
  const result = (m: number, converged: boolean): SEResult => {
    const q = q0 - m;
    return {
      channel: channel.name,
      rho,
      T: channel.T,
      alpha,
      mmse: m,
      q,
      qHat: m === 0 ? Infinity : alpha * channel.qHatPerAlpha(q, q0),
      iterations: evaluations,
      converged,
      method: "bracket-brent",
    };
  };
  if (alpha === 0) return result(1, true);
  const H = (m: number) => {
    evaluations++;
    const A = channel.qHatPerAlpha(q0 - m, q0);
    if (!(A >= 0)) throw new RangeError(`${channel.name} channel returned q̂/α = ${A} at q = ${q0 - m}`);
    return mmseS(1 / (alpha * A), rho) / m - 1;
  };
  // bracket [lo, hi] with H(lo) > 0 ≥ H(hi), searching from the guess
  let hi = Math.min(1, Math.max(options.guess ?? 1, 1e-300));
  let hHi = H(hi);
  if (hHi > 0) {
    // the guess is below the root: walk up towards 1
    let lo = hi;
    let hLo = hHi;
    while (hHi > 0 && hi < 1) {
      lo = hi;
      hLo = hHi;
      hi = Math.min(1, hi * 4);
      hHi = H(hi);
    }
    if (hHi > 0) return result(1, true); // cannot happen for a valid channel (M(1) ≤ 1); keep the prior
    return refine(lo, hi, hLo, hHi);
  }
  let lo = hi / 4;
  let hLo = H(lo);
  while (!(hLo > 0)) {
    if (lo <= PERFECT_RECOVERY_FLOOR) return result(0, true);
    hi = lo;
    hHi = hLo;
    lo = Math.max(lo / 8, PERFECT_RECOVERY_FLOOR);
    hLo = H(lo);
  }
  return refine(lo, hi, hLo, hHi);

  function refine(lo: number, hi: number, hLo: number, hHi: number): SEResult {
    const root = brent(H, lo, hi, hLo, hHi, { xtol: Math.min(tol, lo * 1e-3), rtol: 1e-15 });
    return result(root.x, root.converged);
  }
}

/**
 * A curve of fixed points over increasing or decreasing α, each solve warm-started at the previous error
 * (the geometric bracket search then needs one or two steps).
 *
 * The error reached from the uninformed start is non-increasing in α (the map m ↦ mmse_S(1/(α A(Q0 − m))) decreases
 * pointwise as α grows, so its largest fixed point does too). Hence once some α₀ gives perfect recovery, every
 * α ≥ α₀ does, and those points are returned without evaluating the map (iterations = 0).
 */
export function solveSECurve(channel: Channel, rho: number, alphas: readonly number[], options: SolveOptions = {}): SEResult[] {
  let guess = options.guess;
  let perfectFrom = Infinity;
  const q0 = Q0(rho);
  return alphas.map((alpha) => {
    if (alpha >= perfectFrom) {
      checkAlpha(alpha);
      return { channel: channel.name, rho, T: channel.T, alpha, mmse: 0, q: q0, qHat: Infinity, iterations: 0, converged: true, method: "bracket-brent" };
    }
    const r = solveSE(channel, rho, alpha, { ...options, guess });
    if (r.mmse > 0) guess = r.mmse;
    else perfectFrom = Math.min(perfectFrom, alpha);
    return r;
  });
}

export interface IterationStep {
  iteration: number;
  q: number;
  qHat: number;
  mmse: number;
}

export interface IterateOptions {
  /** weight of the new value, q ← (1 − damping)·q + damping·q_new (default 1: undamped) */
  damping?: number;
  maxIter?: number;
  /** stop when |q_new − q| < tol (default 1e-10) */
  tol?: number;
  /** starting overlap (default ρ: the uninformed prior mean) */
  q0?: number;
}

/**
 * The plain damped state-evolution iteration, step by step (theory.md §4): for teaching, and for comparing with
 * AMP iteration by iteration. Slow near α_PR; use `solveSE` for fixed points.
 */
export function seIterate(
  channel: Channel,
  rho: number,
  alpha: number,
  options: IterateOptions = {},
): { trajectory: IterationStep[]; result: SEResult } {
  checkRho(rho);
  checkAlpha(alpha);
  const damping = checkNumber("damping", options.damping ?? 1, { gt: 0, le: 1 });
  const maxIter = checkNumber("maxIter", options.maxIter ?? 1000, { integer: true, ge: 1 });
  const tol = checkNumber("tol", options.tol ?? 1e-10, { gt: 0 });
  const Qz = Q0(rho);
  let q = checkNumber("q0", options.q0 ?? rho, { ge: 0, lt: Qz });
  const trajectory: IterationStep[] = [];
  let converged = false;
  let qHat = 0;
  for (let t = 1; t <= maxIter; t++) {
    qHat = alpha * channel.qHatPerAlpha(q, Qz);
    const qNew = Qz - mmseS(qHat > 0 ? 1 / qHat : Infinity, rho);
    const next = (1 - damping) * q + damping * qNew;
    const step = Math.abs(next - q);
    q = Math.min(next, Qz * (1 - 1e-15));
    trajectory.push({ iteration: t, q, qHat, mmse: Qz - q });
    if (step < tol) {
      converged = true;
      break;
    }
  }
  return {
    trajectory,
    result: {
      channel: channel.name,
      rho,
      T: channel.T,
      alpha,
      mmse: Qz - q,
      q,
      qHat,
      iterations: trajectory.length,
      converged,
      method: "damped-iteration",
    },
  };
}
