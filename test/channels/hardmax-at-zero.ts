/**
 * The hardmax T = 2 output integral F(λ) at λ = 0 (κ = 0) in closed form, for both scores: Φ2(0, 0; c) =
 * ¼ + asin(c)/(2π), ∂Φ2(0, 0; c) = φ(0)/2 and φ2(0, 0; c) = 1/(2π√(1 − c²)), summed over c = ±1/3.
 * Shared by the channel and ρ → 0 tests as their independent reference.
 */
export function hardmaxIntegralAtZero(): { exact: number; published: number } {
  const phi0 = 1 / Math.sqrt(2 * Math.PI);
  let exact = 0;
  let published = 0;
  for (const c of [1 / 3, -1 / 3]) {
    const Z = 0.25 + Math.asin(c) / (2 * Math.PI);
    exact += (2 * (6 + 6 * c) * (phi0 / 2) ** 2) / Z;
    published += (2 * (6 + 6 * c) * (1 / (2 * Math.PI * Math.sqrt(1 - c * c))) ** 2) / Z;
  }
  return { exact, published };
}
