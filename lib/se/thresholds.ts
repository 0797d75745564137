import { kappa } from "../channels/channel";
import { checkNumber, checkRho, checkTokens, ParameterError } from "../util/check";

/**
 * Perfect-recovery threshold of the softmax channel (theory.md §5): a symmetric rank-ρd matrix has
 * d²(ρ − ρ²/2) degrees of freedom (d²/2 for ρ ≥ 1) and each sample gives κ(T)/2 noiseless constraints, so
 *
 *     α_PR(ρ, T) = (2ρ − ρ²)/κ(T)  for ρ ≤ 1,   1/κ(T)  for ρ ≥ 1.
 *
 * It matches the SE: the error m solves m = mmse_S(m/(κα)), whose slope at m = 0 is (2ρ − ρ²)/(κα).
 */
export function alphaPR(rho: number, T: number): number {
  checkRho(rho, true);
  checkTokens(T);
  return degreesOfFreedom(rho) / kappa(T);
}

/**
 * Counting bound of the deep model (theory.md §10): layer ℓ's S_ℓ has d²(2ρ_ℓ − ρ_ℓ²)/2 degrees of freedom
 * (d²/2 for ρ_ℓ ≥ 1) and a softmax label still gives κ(T)/2 numbers per sample (A_L up to one common shift), so
 * recovering every layer exactly needs at least
 *
 *     α_count(ρ_1, …, ρ_L; T) = Σ_ℓ min(2ρ_ℓ − ρ_ℓ², 1) / κ(T).
 *
 * For L = 1 it is α_PR (which the Bayes-optimal estimator attains); for L > 1 no algorithm is known to attain it.
 */
export function alphaCount(rhos: readonly number[], T: number): number {
  if (rhos.length < 1) throw new ParameterError("layers", "an integer ≥ 1 (one width ρ per layer)", rhos.length);
  checkTokens(T);
  let dof = 0;
  for (const rho of rhos) dof += degreesOfFreedom(checkRho(rho, true));
  return dof / kappa(T);
}

/** Degrees of freedom of S per d²/… : 2ρ − ρ² for ρ ≤ 1, 1 for ρ ≥ 1 (the small-Δ slope of mmse_S). */
export function degreesOfFreedom(rho: number): number {
  return rho >= 1 ? 1 : 2 * rho - rho * rho;
}

/** The ρ = ∞ reference line (theory.md §5): error = max(0, 1 − ᾱ), ᾱ = α κ(T). */
export function rhoInfinityError(alphaBar: number): number {
  checkNumber("alphaBar", alphaBar, { ge: 0 });
  return Math.max(0, 1 - alphaBar);
}
