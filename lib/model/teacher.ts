import { asRng, Rng, Seed } from "../random/rng";
import { checkDim, checkRho } from "../util/check";

/** A teacher: S = W Wᵀ / √(r d) with W ∈ R^{d×r} i.i.d. N(0, 1) (theory.md §1). */
export interface Teacher {
  d: number;
  /** width r = round(ρ d), at least 1 */
  r: number;
  /** the realised width ratio r / d (what the theory should be evaluated at) */
  rho: number;
  /** d×r, row-major */
  W: Float64Array;
  /** d×d symmetric, row-major */
  S: Float64Array;
}

/** Width r = round(ρ d); throws when ρ d < 1/2 (no column). */
export function width(d: number, rho: number): number {
  checkDim(d);
  checkRho(rho);
  const r = Math.round(rho * d);
  if (r < 1) throw new RangeError(`rho·d must be at least 1 (got rho = ${rho}, d = ${d})`);
  return r;
}

/** S = W Wᵀ / √(r d) from W (d×r, row-major). */
export function teacherFromWeights(W: Float64Array, d: number, r: number): Teacher {
  if (W.length !== d * r) throw new RangeError(`W must have d·r = ${d * r} entries (got ${W.length})`);
  const S = new Float64Array(d * d);
  const scale = 1 / Math.sqrt(r * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += W[i * r + k] * W[j * r + k];
      S[i * d + j] = S[j * d + i] = s * scale;
    }
  }
  return { d, r, rho: r / d, W, S };
}

/** Samples a teacher of dimension d and width ratio ρ. */
export function sampleTeacher(d: number, rho: number, seed: Seed | Rng): Teacher {
  const r = width(d, rho);
  const g = asRng(seed);
  const W = new Float64Array(d * r);
  for (let i = 0; i < W.length; i++) W[i] = g.normal();
  return teacherFromWeights(W, d, r);
}
