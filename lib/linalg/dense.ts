/** Small dense helpers on row-major Float64Array matrices. */

/** Tr(A) of a d×d matrix. */
export function trace(A: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += A[i * d + i];
  return s;
}

/** (1/d) ‖A − B‖²_F: the workbook's error normalisation (theory.md §2). */
export function squaredErrorPerDim(A: Float64Array, B: Float64Array, d: number): number {
  if (A.length !== B.length) throw new RangeError(`matrices differ in size (${A.length} vs ${B.length})`);
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    const e = A[i] - B[i];
    s += e * e;
  }
  return s / d;
}

/** c·I, d×d. */
export function scaledIdentity(d: number, c: number): Float64Array {
  const I = new Float64Array(d * d);
  for (let i = 0; i < d; i++) I[i * d + i] = c;
  return I;
}

/** A symmetric GOE matrix scaled as in theory.md §3: off-diagonal variance 1/d, diagonal 2/d. */
export function goe(d: number, normal: () => number): Float64Array {
  const Z = new Float64Array(d * d);
  const s = 1 / Math.sqrt(d);
  for (let i = 0; i < d; i++) {
    Z[i * d + i] = Math.SQRT2 * s * normal();
    for (let j = i + 1; j < d; j++) Z[i * d + j] = Z[j * d + i] = s * normal();
  }
  return Z;
}
