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
  return logPotentialOf(delta, rho)(x);
}

/** x ↦ U(x) for one (Δ, ρ): the support, L and U(L) (four moment integrals) are computed once, not per x. */
function logPotentialOf(delta: number, rho: number): (x: number) => number {
  const edges = supportEdges(delta, rho);
  const lo = edges[0][0];
  const hi = edges[edges.length - 1][1];
  const L = hi + 100 * (hi - lo) + 100;
  let tail = Math.log(L);
  for (let k = 1; k <= 4; k++) tail -= integrateDensity((y) => y ** k, delta, rho) / (k * L ** k);
  // ∫ Re g over [a, b], split at the support edges so each piece is smooth
  const reG = (a: number, b: number) => integrate((t) => stieltjes(t, delta, rho).re, a, b, { relTol: 1e-12, absTol: 1e-14 }).value;
  // the pieces between consecutive edges and from the last edge to L do not depend on x: integrated once
  const cuts = [...edges.flat(), L];
  const beyond = new Array<number>(cuts.length).fill(0);
  for (let i = cuts.length - 2; i >= 0; i--) beyond[i] = reG(cuts[i], cuts[i + 1]) + beyond[i + 1];
  return (x) => {
    const next = cuts.findIndex((c) => c > x);
    return tail - (reG(x, cuts[next]) + beyond[next]);
  };
}

/** Voiculescu's log-energy Σ(μ_Δ) = ∫∫ log|x − y| μ_Δ(x) μ_Δ(y) dx dy. For a semicircle of variance Δ: ½ log Δ − ¼. */
export function logEnergy(delta: number, rho: number): number {
  checkDelta(delta);
  checkRho(rho);
  const potential = logPotentialOf(delta, rho);
  return integrateDensity((x) => potential(x), delta, rho, { relTol: 1e-10 });
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
