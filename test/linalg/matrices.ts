import { gaussianArray } from "../../lib/random/rng";

/** Helpers shared by the token-product tests (products, float32 and SIMD engines). */

/** A seeded symmetric d×d Gaussian matrix (upper triangle mirrored). */
export function symmetric(d: number, seed: string): Float64Array {
  const A = gaussianArray(d * d, seed);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) A[i * d + j] = A[j * d + i];
  return A;
}

/** max |a − b| / max |b| */
export function relativeError(a: Float64Array, b: Float64Array): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}
