import { integrate, QuadratureOptions } from "../numeric/quadrature";
import { checkDelta, checkRho } from "../util/check";
import { supportEdges } from "./edges";
import { stieltjes } from "./resolvent";

/**
 * ∫ f(x, μ(x)) μ(x) dx over the support of μ_Δ. Each interval [l, u] is mapped by x = c − h cos θ (θ ∈ [0, π]),
 * which turns the square-root edges into smooth sin θ factors, then integrated by adaptive Gauss–Kronrod.
 */
export function integrateDensity(
  f: (x: number, mu: number) => number,
  delta: number,
  rho: number,
  options: QuadratureOptions = {},
): number {
  let total = 0;
  for (const [lo, hi] of supportEdges(delta, rho)) {
    const c = 0.5 * (lo + hi);
    const h = 0.5 * (hi - lo);
    total += integrate(
      (theta) => {
        const x = c - h * Math.cos(theta);
        const mu = stieltjes(x, delta, rho).im / Math.PI;
        return mu === 0 ? 0 : f(x, mu) * mu * h * Math.sin(theta);
      },
      0,
      Math.PI,
      { absTol: 1e-15, relTol: 1e-12, ...options },
    ).value;
  }
  return total;
}

/**
 * MMSE of the rotation-invariant matrix-denoising problem Y = S + √Δ Z (theory.md §3):
 *
 *     mmse_S(Δ) = Δ − (4π²/3) Δ² ∫ μ_Δ(x)³ dx,
 *
 * with mmse_S(0) = 0 and mmse_S(∞) = 1 (nothing learned: the error of the prior mean √ρ I).
 * Small Δ: ≈ (2ρ − ρ²)Δ for ρ ≤ 1, ≈ Δ for ρ ≥ 1. Large Δ: ≈ Δ/(1 + Δ).
 */
export function mmseS(delta: number, rho: number): number {
  checkDelta(delta);
  checkRho(rho);
  if (delta === 0) return 0;
  if (delta === Infinity) return 1;
  const cube = integrateDensity((_, mu) => mu * mu, delta, rho);
  return delta - ((4 * Math.PI * Math.PI) / 3) * delta * delta * cube;
}
