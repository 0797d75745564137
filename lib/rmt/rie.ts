import { rebuild, symEig } from "../linalg/symeig";
import { checkDelta, checkRho } from "../util/check";
import { stieltjes } from "./resolvent";

/**
 * Rotation-invariant estimator (RIE) of S from R = S + √Δ Z (theory.md §3): eigendecompose R = Σ λ_i v_i v_iᵀ,
 * replace each λ_i by ξ(λ_i) = λ_i − 2Δ Re g(λ_i) with g the Stieltjes transform of the limiting law μ_Δ
 * (the branch of `stieltjes`), and rebuild. Its average error (1/d)‖Ŝ − S‖² tends to mmse_S(Δ).
 */
export function rieDenoise(R: Float64Array, d: number, delta: number, rho: number): Float64Array {
  checkDelta(delta);
  checkRho(rho);
  const { values, vectors } = symEig(R, d);
  return rebuild(vectors, rieShrink(values, delta, rho), d);
}

/** The RIE's eigenvalue map ξ(λ) = λ − 2Δ Re g(λ) applied to each eigenvalue (Δ = ∞: the prior mean √ρ). */
export function rieShrink(values: Float64Array, delta: number, rho: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = delta === Infinity ? Math.sqrt(rho) : values[i] - 2 * delta * stieltjes(values[i], delta, rho).re;
  }
  return out;
}
