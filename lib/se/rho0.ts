import type { Channel } from "../channels/channel";
import { brent } from "../numeric/roots";
import { checkNumber } from "../util/check";

/**
 * The ρ → 0 limit of state evolution in the rescaled sample complexity ᾱ' = α/ρ = n/(d r) (theory.md §4, "ρ → 0").
 *
 * Derivation. As ρ → 0, Q0 = 1 + ρ → 1 and, with Δ = t/ρ, mmse_S(Δ) → t(2 − t) for t < 1 and 1 for t ≥ 1
 * (theory.md §3). The output side is q̂ = α A(q) with A(q) = channel.qHatPerAlpha(q, 1), so Δ = 1/q̂ = t/ρ gives
 *
 *     t(q) = ρ/(α A(q)) = 1/(ᾱ' A(q)),     error e = 1 − q = t(q)(2 − t(q))   (t < 1),
 *
 * a scalar fixed-point equation in q: the channel must be evaluated at the fixed point, not at q = 0. (theory.md's
 * sentence "t = 1/(2ᾱ'E_{q=0}[…])" evaluates A at q = 0; that is exact for softmax only, whose A(q) = κ/(1 − q)
 * makes t(q)/(1 − q) constant, and it is exact for every channel at the threshold itself, where q = 0.)
 *
 * Weak recovery. At q = 0 the map gives e = t0(2 − t0) with t0 = 1/(ᾱ' A(0)): q = 0 is a fixed point iff t0 ≥ 1,
 * so the error is exactly 1 for ᾱ' ≤ ᾱ'_c = 1/A(0) and falls below 1 beyond it.
 * Softmax: A(q) = κ/(1 − q) gives t = e/(κ ᾱ'), hence t = 2 − κᾱ' and e = κᾱ'(2 − κᾱ') on [1/κ, 2/κ]:
 * weak recovery at 1/κ, perfect recovery at 2/κ.
 */

/** One point of the ρ → 0 curve. */
export interface Rho0Point {
  /** ᾱ' = α/ρ */
  alphaBar: number;
  /** e = lim (1/d)‖Ŝ − S‖² = 1 − q (1 below the weak-recovery threshold, 0 at perfect recovery) */
  error: number;
  /** the rescaled noise t = 1/(ᾱ' A(q)) at the fixed point (min(t, 1) enters the error) */
  t: number;
  /** evaluations of A */
  evaluations: number;
}

/** Errors below this are reported as perfect recovery (0). */
const PERFECT_FLOOR = 1e-13;

/** The weak-recovery threshold ᾱ'_c = 1/A(0), A(0) = channel.qHatPerAlpha(0, 1). */
export function rho0Threshold(channel: Channel): number {
  const A0 = channel.qHatPerAlpha(0, 1);
  if (!(A0 > 0)) throw new RangeError(`${channel.name} channel returned q̂/α = ${A0} at q = 0`);
  return 1 / A0;
}

/**
 * The ρ → 0 error at ᾱ' (see the module comment): the largest root e ∈ (0, 1] of e = t(2 − t), t = 1/(ᾱ' A(1 − e)),
 * i.e. the fixed point reached from the uninformed side. Solved as H(e) = min(t,1)(2 − min(t,1))/e − 1 = 0 by a
 * geometric search down from e = 1 (H(1) ≤ 0) to a point with H > 0, then Brent's method.
 */
export function rho0Error(channel: Channel, alphaBar: number, options: { tol?: number } = {}): Rho0Point {
  checkNumber("alphaBar", alphaBar, { ge: 0 });
  const tol = checkNumber("tol", options.tol ?? 1e-13, { gt: 0 });
  let evaluations = 0;
  const tAt = (e: number) => {
    evaluations++;
    return 1 / (alphaBar * channel.qHatPerAlpha(1 - e, 1));
  };
  const t0 = alphaBar === 0 ? Infinity : tAt(1);
  if (t0 >= 1) return { alphaBar, error: 1, t: t0, evaluations };
  const H = (e: number) => {
    const t = Math.min(tAt(e), 1);
    return (t * (2 - t)) / e - 1;
  };
  let hi = 1;
  let hHi = -((1 - t0) ** 2); // H(1) = t0(2 − t0) − 1
  let lo = 0.25;
  let hLo = H(lo);
  while (!(hLo > 0)) {
    if (lo <= PERFECT_FLOOR) return { alphaBar, error: 0, t: 0, evaluations };
    hi = lo;
    hHi = hLo;
    lo = Math.max(lo / 8, PERFECT_FLOOR);
    hLo = H(lo);
  }
  const root = brent(H, lo, hi, hLo, hHi, { xtol: Math.min(tol, lo * 1e-3), rtol: 1e-15 });
  return { alphaBar, error: root.x, t: tAt(root.x), evaluations };
}

/** The ρ → 0 curve on a grid of ᾱ'. */
export function rho0Curve(channel: Channel, alphaBars: readonly number[]): Rho0Point[] {
  return alphaBars.map((a) => rho0Error(channel, a));
}
