import type { Rng } from "../random/rng";

/**
 * A channel y = g(h) maps one sample's T×T attention index h to its label y (theory.md §1).
 * In the spirit of tramp, one object carries everything the theory and the algorithms need,
 * so that sampling, state evolution and AMP cannot drift apart:
 *
 *  - `output`: sample the label of one sample (model side);
 *  - `qHatPerAlpha`: the output side of state evolution, q̂ = α · qHatPerAlpha(q, Q0) (theory.md §4);
 *  - `gOut`: the AMP score g_ab = ∂ log Z_out(y | ω, V) / ∂ω_ab (theory.md §6), when implemented.
 *
 * Matrices are T×T, row-major, in Float64Array. Only entries a ≤ b of symmetric matrices are
 * meaningful for ω and g; implementations fill both triangles.
 */
export interface Channel {
  /** short name used in the CLI, data files and figures: "softmax", "hardmax", "linear" */
  readonly name: string;
  /** tokens per sample */
  readonly T: number;
  /** parameters that identify the channel in data files (β, score variant, noise, …) */
  readonly params: Readonly<Record<string, number | string>>;
  /** Writes y = g(h) for one sample. `rng` is used only by channels with noise. */
  output(h: Float64Array, y: Float64Array, rng?: Rng): void;
  /**
   * State evolution, output side: q̂ / α = 2 E[ Σ_{a≤b} (1 + δ_ab) g_ab² ] at overlap q ∈ [0, Q0]
   * (V = Q0 − q, ω_ab ~ N(0, (1+δ_ab) q)). Must be finite for q < Q0.
   */
  qHatPerAlpha(q: number, Q0: number): number;
  /**
   * Output part of the replica free entropy, Ψ_out(q) up to an additive constant, when known in closed form.
   * Its derivative is qHatPerAlpha/4, so the SE output update is the stationarity condition ∂Φ/∂q = 0.
   */
  outputFreeEntropy?(q: number, Q0: number): number;
  /**
   * AMP output function for one sample: writes g_ab = ∂ log Z_out(y | ω, V)/∂ω_ab (both triangles) for
   * the per-entry variances (1 + δ_ab) V, and returns nothing. Optional until a channel supports AMP.
   */
  gOut?(y: Float64Array, omega: Float64Array, V: number, g: Float64Array): void;
  /**
   * The score and its curvature in one call: writes g (as `gOut`) and curvature_ab = −∂g_ab/∂ω_ab, the
   * derivative along the symmetric entry ω_ab = ω_ba (both triangles). Optional: without it AMP takes a forward
   * difference of `gOut`, which is exact for scores affine in ω (softmax, linear) and costs T(T+1)/2 more calls.
   */
  gOutCurvature?(y: Float64Array, omega: Float64Array, V: number, g: Float64Array, curvature: Float64Array): void;
  /** Validates one sample's label (e.g. a probability row sums to 1); throws a RangeError naming the row. */
  checkLabel?(y: Float64Array): void;
}

/** κ(T) = T² + T − 2: twice the number of noiseless measurements a softmax sample gives (theory.md, notation). */
export function kappa(T: number): number {
  return T * T + T - 2;
}

/** The number of distinct entries a ≤ b of a symmetric T×T matrix. */
export function upperCount(T: number): number {
  return (T * (T + 1)) / 2;
}
