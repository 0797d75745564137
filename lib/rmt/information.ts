import { integrate } from "../numeric/quadrature";
import { checkDelta, checkRho } from "../util/check";
import { supportEdges } from "./edges";
import { integrateDensity } from "./mmse";
import { stieltjes } from "./resolvent";

/**
 * Log-potential U(x) = ∫ log|x − y| μ_Δ(y) dy. Its derivative is Re g(x) (the principal-value Stieltjes
 * transform), so U(x) = U(L) − ∫_x^L Re g(t) dt with L far right of the support and
 * U(L) = log L − Σ_{k≥1} m_k/(k L^k) (m_k the moments of μ_Δ; the series is cut at k = 4).
 */
export function logPotential(x: number, delta: number, rho: number): number {
  const edges = supportEdges(delta, rho);
  const lo = edges[0][0];
  const hi = edges[edges.length - 1][1];
  const L = hi + 100 * (hi - lo) + 100;
  let tail = Math.log(L);
  for (let k = 1; k <= 4; k++) tail -= integrateDensity((y) => y ** k, delta, rho) / (k * L ** k);
  // split at the support edges so each piece is smooth
  const cuts = [x, ...edges.flat().filter((e) => e > x), L].sort((a, b) => a - b);
  let drift = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    drift += integrate((t) => stieltjes(t, delta, rho).re, cuts[i], cuts[i + 1], { relTol: 1e-12, absTol: 1e-14 }).value;
  }
  return tail - drift;
}

/** Voiculescu's log-energy Σ(μ_Δ) = ∫∫ log|x − y| μ_Δ(x) μ_Δ(y) dx dy. For a semicircle of variance Δ: ½ log Δ − ¼. */
export function logEnergy(delta: number, rho: number): number {
  checkDelta(delta);
  checkRho(rho);
  return integrateDensity((x) => logPotential(x, delta, rho), delta, rho, { relTol: 1e-10 });
}

/**
 * Mutual information per d² of the denoising channel Y = S + √Δ Z (theory.md §3), in the large-d limit:
 * the entropy of Y (½ Σ(μ_Δ) per d², up to a constant) minus that of the noise (½ Σ of a semicircle of
 * variance Δ, which is ½(½ log Δ − ¼)):
 *
 *     I(Δ) = ½ Σ(μ_Δ) − ¼ log Δ + 1/8.
 *
 * It is computed from the log-potential, independently of the ∫μ³ formula for mmse_S; the I-MMSE relation
 * dI/d(1/Δ) = mmse_S(Δ)/4 ties the two together (tested). I → 0 as Δ → ∞.
 */
export function mutualInformation(delta: number, rho: number): number {
  checkDelta(delta);
  checkRho(rho);
  if (delta === Infinity) return 0;
  if (delta === 0) return Infinity;
  return 0.5 * logEnergy(delta, rho) - 0.25 * Math.log(delta) + 1 / 8;
}
