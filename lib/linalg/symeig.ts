import { eigenTridiagonalQL } from "./tridiagonal";

/** Eigendecomposition of a real symmetric matrix. */
export interface SymEig {
  /** eigenvalues, ascending */
  values: Float64Array;
  /** row-major d×d; column k is the unit eigenvector of values[k] */
  vectors: Float64Array;
}

/**
 * Symmetric eigendecomposition A = V diag(λ) Vᵀ of a d×d row-major matrix (Householder tridiagonalisation +
 * implicit QL, ./tridiagonal.ts; never a general eigensolver). The input is symmetrised as (A + Aᵀ)/2 first, so
 * round-off asymmetry cannot leak in; eigenvalues come out ascending with their vectors.
 */
export function symEig(A: Float64Array, d: number): SymEig {
  const V = symmetrized(A, d);
  const raw = new Float64Array(d);
  eigenTridiagonalQL(V, raw, new Float64Array(d), d);
  const order = Array.from(raw.keys()).sort((i, j) => raw[i] - raw[j]);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((k, col) => {
    values[col] = raw[k];
    for (let i = 0; i < d; i++) vectors[i * d + col] = V[i * d + k];
  });
  return { values, vectors };
}

/**
 * The eigenvalues of a symmetric d×d row-major matrix, ascending: symEig's values without its eigenvectors (the
 * same numbers, bit for bit), several times cheaper at large d (6× at d = 1000 on this machine kind) because
 * neither the Householder transformations nor the QL rotations are accumulated (./tridiagonal.ts,
 * `vectors = false`). For spectra (notebooks 01 and 02).
 */
export function symEigenvalues(A: Float64Array, d: number): Float64Array {
  const raw = new Float64Array(d);
  eigenTridiagonalQL(symmetrized(A, d), raw, new Float64Array(d), d, false);
  return raw.sort();
}

/** (A + Aᵀ)/2 as a new array, after checking A is d×d. */
function symmetrized(A: Float64Array, d: number): Float64Array {
  if (A.length !== d * d) throw new RangeError(`A must have d·d = ${d * d} entries (got ${A.length})`);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) V[i * d + j] = 0.5 * (A[i * d + j] + A[j * d + i]);
  return V;
}

/** V diag(f) Vᵀ for eigenvectors V (row-major, columns are vectors) and new eigenvalues f. */
export function rebuild(vectors: Float64Array, f: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  const scaled = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) scaled[k] = vectors[i * d + k] * f[k];
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += scaled[k] * vectors[j * d + k];
      out[i * d + j] = out[j * d + i] = s;
    }
  }
  return out;
}
