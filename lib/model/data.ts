import type { Channel } from "../channels/channel";
import { asRng, childSeed, gaussianArray, Rng, Seed } from "../random/rng";
import { tokenIndices } from "../linalg/products";
import { checkAlpha, checkDim, checkNumber } from "../util/check";
import { sampleTeacher, Teacher } from "./teacher";

/**
 * Token batches, attention indices and labels (theory.md §1). Layouts are flat and row-major:
 *   X: n × T × d   (sample μ, token a, coordinate i)  — n·T·d numbers, never n·d²;
 *   h, y: n × T × T.
 */
export interface Dataset {
  n: number;
  T: number;
  d: number;
  X: Float64Array;
  h: Float64Array;
  y: Float64Array;
}

/** n = round(α d²) samples, at least 1 (throws if α d² < 1/2). */
export function sampleCount(alpha: number, d: number): number {
  checkAlpha(alpha);
  checkDim(d);
  const n = Math.round(alpha * d * d);
  if (n < 1) throw new RangeError(`alpha·d² must be at least 1 sample (got alpha = ${alpha}, d = ${d})`);
  return n;
}

/** n samples of T tokens in dimension d, i.i.d. N(0, 1). */
export function sampleTokens(n: number, T: number, d: number, seed: Seed | Rng): Float64Array {
  checkNumber("n", n, { integer: true, ge: 1 });
  return gaussianArray(n * T * d, seed);
}

/**
 * Attention indices h_ab = (x_aᵀ M x_b − δ_ab Tr M) / √d for every sample (theory.md §1, §6),
 * for any symmetric d×d matrix M (the teacher S, or an estimate Ŝ). Cost O(n T d² + n T² d), memory n T d.
 * Computed by the blocked GEMM of lib/linalg/products.ts (`tokenIndices`).
 */
export function indices(X: Float64Array, M: Float64Array, n: number, T: number, d: number): Float64Array {
  if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
  if (M.length !== d * d) throw new RangeError(`M must be d×d = ${d * d} entries (got ${M.length})`);
  return tokenIndices(X, M, n, T, d);
}

/** Applies the channel sample by sample: y^μ = g(h^μ). */
export function labels(channel: Channel, h: Float64Array, n: number, seed?: Seed | Rng): Float64Array {
  const T = channel.T;
  const y = new Float64Array(n * T * T);
  const g = seed === undefined ? undefined : asRng(seed);
  for (let mu = 0; mu < n; mu++) {
    channel.output(h.subarray(mu * T * T, (mu + 1) * T * T), y.subarray(mu * T * T, (mu + 1) * T * T), g);
  }
  return y;
}

export interface Problem {
  teacher: Teacher;
  data: Dataset;
}

/** The independent streams of one problem, derived from its seed: teacher, tokens and label noise. */
export function problemSeeds(seed: Seed): { teacher: string; tokens: string; noise: string } {
  return { teacher: childSeed(seed, "teacher"), tokens: childSeed(seed, "tokens"), noise: childSeed(seed, "noise") };
}

/**
 * One learning problem: a teacher (d, ρ), n = α d² samples and their labels through `channel`.
 * Independent streams for teacher, tokens and label noise are derived from `seed` (`problemSeeds`).
 * The layered model (lib/model/deep.ts) draws its first layer and its tokens from the same streams.
 */
export function sampleProblem(channel: Channel, d: number, rho: number, alpha: number, seed: Seed): Problem {
  const streams = problemSeeds(seed);
  const teacher = sampleTeacher(d, rho, streams.teacher);
  const n = sampleCount(alpha, d);
  const T = channel.T;
  const X = sampleTokens(n, T, d, streams.tokens);
  const h = indices(X, teacher.S, n, T, d);
  const y = labels(channel, h, n, streams.noise);
  return { teacher, data: { n, T, d, X, h, y } };
}
