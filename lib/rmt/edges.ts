import { realRoots } from "../numeric/polynomial";
import { checkDelta, checkRho } from "../util/check";
import { density } from "./resolvent";

/** A closed interval [lo, hi] of the support. */
export type Interval = [number, number];

/**
 * Quartic whose real roots are the candidate support edges of μ_Δ (theory.md §3), coefficients [A0, A1, A2, A3, A4]:
 *   A4 = a;  A3 = −2√a − 2a^{3/2} − 2√a Δ;  A2 = 1 − 2a + a² + 8Δ − 2aΔ + Δ²;
 *   A1 = −10Δ/√a + 2√a Δ + 8a^{3/2} Δ − 2Δ²/√a + 8√a Δ²;
 *   A0 = −12Δ + 4Δ/a + 12aΔ − 4a²Δ − 20Δ² + Δ²/a − 8aΔ² − 4Δ³,   with a = 1/ρ.
 */
export function edgeQuartic(delta: number, rho: number): number[] {
  const a = 1 / rho;
  const sa = Math.sqrt(a);
  const D = delta;
  return [
    -12 * D + (4 * D) / a + 12 * a * D - 4 * a * a * D - 20 * D * D + (D * D) / a - 8 * a * D * D - 4 * D * D * D,
    (-10 * D) / sa + 2 * sa * D + 8 * a * sa * D - (2 * D * D) / sa + 8 * sa * D * D,
    1 - 2 * a + a * a + 8 * D - 2 * a * D + D * D,
    -2 * sa - 2 * a * sa - 2 * sa * D,
    a,
  ];
}

/**
 * The support of μ_Δ as one or two intervals (theory.md §3): the real roots of the edge quartic, kept as
 * interval ends where the density is positive between consecutive roots (this discards spurious or double
 * roots robustly). For Δ = 0 the atom at 0 (ρ < 1) is not part of the returned support.
 */
export function supportEdges(delta: number, rho: number): Interval[] {
  checkDelta(delta);
  checkRho(rho);
  if (delta === Infinity) throw new RangeError("delta must be finite for supportEdges (got Infinity)");
  const roots = realRoots(edgeQuartic(delta, rho));
  const intervals: Interval[] = [];
  for (let i = 0; i + 1 < roots.length; i++) {
    const [lo, hi] = [roots[i], roots[i + 1]];
    if (!(hi > lo)) continue;
    if (density(0.5 * (lo + hi), delta, rho) > 0) {
      const last = intervals[intervals.length - 1];
      if (last && last[1] === lo) last[1] = hi;
      else intervals.push([lo, hi]);
    }
  }
  if (intervals.length === 0) throw new RangeError(`no support found for delta = ${delta}, rho = ${rho}`);
  return intervals;
}
