import { rebuild, symEig } from "../linalg/symeig";
import { supportEdges } from "../rmt/edges";
import { rieShrink } from "../rmt/rie";
import { checkDelta, checkRho } from "../util/check";

/**
 * The RIE denoiser of theory.md §3 as AMP uses it at finite d: eigendecompose R, move every eigenvalue that
 * falls outside the support of the limiting law μ_Δ onto the nearest point of the support, apply the RIE map
 * ξ(λ) = λ − 2Δ Re g(λ) (lib/rmt `rieShrink`), rebuild.
 *
 * Why clamp: the prior's spectrum (scaled Marchenko–Pastur) has no outliers, so as d → ∞ no eigenvalue of R
 * leaves the support and clamping changes nothing. At finite d the extreme eigenvalues fluctuate past the
 * edges (Tracy–Widom scale d^(−2/3)), and just outside an edge ξ falls steeply because Re g has a square-root
 * singularity there: at Δ = 5, ρ = 0.5 the left edge −4.04 maps to 0.27 but −4.5 maps to −1.75 — a negative
 * eigenvalue for a positive semi-definite target. Those few directions then feed back through AMP and blow up
 * within a few iterations. ξ is continuous up to the edges, so the clamp keeps the map continuous.
 */
export function rieDenoiseClamped(R: Float64Array, d: number, delta: number, rho: number): Float64Array {
  checkDelta(delta);
  checkRho(rho);
  const { values, vectors } = symEig(R, d);
  const clamped = delta === Infinity ? values : clampToSupport(values, supportEdges(delta, rho));
  return rebuild(vectors, rieShrink(clamped, delta, rho), d);
}

/** Each value moved to the nearest point of a union of closed intervals (sorted, disjoint). */
export function clampToSupport(values: Float64Array, intervals: ReadonlyArray<readonly [number, number]>): Float64Array {
  if (intervals.length === 0) throw new RangeError("the support must contain at least one interval");
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let best = x;
    let distance = Infinity;
    for (const [lo, hi] of intervals) {
      const p = x < lo ? lo : x > hi ? hi : x;
      const dist = Math.abs(p - x);
      if (dist < distance) {
        distance = dist;
        best = p;
      }
    }
    out[i] = best;
  }
  return out;
}
