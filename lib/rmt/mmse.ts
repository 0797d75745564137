import { integrate, QuadratureOptions } from "../numeric/quadrature";
import { checkDelta, checkRho } from "../util/check";
import { supportEdges } from "./edges";
import { stieltjes } from "./resolvent";

/**
 * ∫ f(x, μ(x)) μ(x) dx over the support of μ_Δ. Each interval [l, u] is mapped by x = c − h cos θ (θ ∈ [0, π]),
 * which turns the square-root edges into smooth sin θ factors, then integrated by adaptive Gauss–Kronrod.
 * x is computed from the nearer edge, x = l + 2h sin²(θ/2) or u − 2h cos²(θ/2) (the same number), so that x − l
 * keeps full relative precision: at ρ = 1 and small Δ the density peaks within ~Δ^{2/3} of the edge l ≈ 0, and
 * c − h cos θ there loses digits to cancellation, which the adaptive rule cannot tell from structure (it then
 * split to its 2000-panel limit, 150 ms per call, without reaching the tolerance).
 */
export function integrateDensity(
  f: (x: number, mu: number) => number,
  delta: number,
  rho: number,
  options: QuadratureOptions = {},
): number {
  let total = 0;
  for (const [lo, hi] of supportEdges(delta, rho)) {
    const h = 0.5 * (hi - lo);
    total += integrate(
      (theta) => {
        const x = theta <= Math.PI / 2 ? lo + 2 * h * Math.sin(theta / 2) ** 2 : hi - 2 * h * Math.cos(theta / 2) ** 2;
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
