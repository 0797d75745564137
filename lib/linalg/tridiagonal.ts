/**
 * Symmetric eigendecomposition by Householder tridiagonalisation and the implicit QL method (the EISPACK
 * routines tred2 and tql2, in the form of the public-domain JAMA library), written for row-major Float64Array:
 * no arrays of arrays, no per-element accessors. O(d³) with small constants; about 3× faster than ml-matrix's
 * version of the same algorithm at d = 100–200 (bench/amp.bench.ts, denoiser column).
 */

/**
 * Overwrites V (d×d, row-major, initially the symmetric input) with the orthogonal matrix of eigenvectors
 * (column k for diag[k]); diag receives the eigenvalues (unsorted) and off is scratch of length d.
 * With `vectors = false` only the eigenvalues are computed (V is left as scratch): the Householder
 * transformations are not accumulated and the QL rotations are not applied to V, which removes the O(d³) work
 * of both (about 4/3 d³ + 3 d³ flops) and leaves the reduction's 4/3 d³. The eigenvalues are the same numbers
 * either way: the skipped work never feeds back into diag.
 */
export function eigenTridiagonalQL(V: Float64Array, diag: Float64Array, off: Float64Array, d: number, vectors = true): void {
  householder(V, diag, off, d, vectors);
  implicitQL(V, diag, off, d, vectors);
}

/**
 * tred2: reduce to tridiagonal form (diag, off), accumulating the transformations in V when `vectors`.
 * JAMA's loops run down the columns of its V; here every index pair is swapped (V[a·n + b] for JAMA's V[b][a]),
 * so the O(d³) loops run along rows, contiguous in memory. The input is symmetric, so this is the same
 * arithmetic on the same numbers; V ends up holding the transpose of JAMA's, the layout implicitQL rotates.
 */
function householder(V: Float64Array, dd: Float64Array, e: Float64Array, n: number, vectors: boolean): void {
  for (let j = 0; j < n; j++) dd[j] = V[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(dd[k]);
    if (scale === 0) {
      e[i] = dd[i - 1];
      for (let j = 0; j < i; j++) {
        dd[j] = V[j * n + i - 1];
        V[j * n + i] = 0;
        V[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        dd[k] /= scale;
        h += dd[k] * dd[k];
      }
      let f = dd[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      dd[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = dd[j];
        V[i * n + j] = f;
        g = e[j] + V[j * n + j] * f;
        const row = j * n;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[row + k] * dd[k];
          e[k] += V[row + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * dd[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * dd[j];
      for (let j = 0; j < i; j++) {
        f = dd[j];
        g = e[j];
        const row = j * n;
        for (let k = j; k <= i - 1; k++) V[row + k] -= f * e[k] + g * dd[k];
        dd[j] = V[row + i - 1];
        V[row + i] = 0;
      }
    }
    dd[i] = h;
  }
  e[0] = 0;
  if (!vectors) {
    // the tridiagonal's diagonal is left on V's diagonal (the accumulation below would move it to V's last row)
    for (let j = 0; j < n; j++) dd[j] = V[j * n + j];
    return;
  }
  // accumulate the transformations (W: JAMA's V transposed, as above)
  const W = V;
  for (let i = 0; i < n - 1; i++) {
    W[i * n + n - 1] = W[i * n + i];
    W[i * n + i] = 1;
    const h = dd[i + 1];
    const u = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) dd[k] = W[u + k] / h;
      for (let j = 0; j <= i; j++) {
        const w = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[u + k] * W[w + k];
        for (let k = 0; k <= i; k++) W[w + k] -= g * dd[k];
      }
    }
    for (let k = 0; k <= i; k++) W[u + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    dd[j] = W[j * n + n - 1];
    W[j * n + n - 1] = 0;
  }
  W[(n - 1) * n + n - 1] = 1;
}

/**
 * tql2: diagonalise the tridiagonal (dd, e) by implicit QL shifts, rotating the columns of V along when `vectors`.
 * V arrives transposed from householder (its columns are rows, so each rotation runs over contiguous memory)
 * and is transposed back at the end.
 */
function implicitQL(V: Float64Array, dd: Float64Array, e: Float64Array, n: number, vectors: boolean): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(dd[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m === n) m = n - 1;
    if (m > l) {
      for (let iter = 0; iter < 100 * n; iter++) {
        let g = dd[l];
        let p = (dd[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        dd[l] = e[l] / (p + r);
        dd[l + 1] = e[l] * (p + r);
        const dl1 = dd[l + 1];
        let h = g - dd[l];
        for (let i = l + 2; i < n; i++) dd[i] -= h;
        f += h;
        p = dd[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * dd[i] - s * g;
          dd[i + 1] = h + s * (c * g + s * dd[i]);
          if (vectors) {
            const a = i * n;
            const b = a + n;
            for (let k = 0; k < n; k++) {
              h = V[b + k];
              V[b + k] = s * V[a + k] + c * h;
              V[a + k] = c * V[a + k] - s * h;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        dd[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    dd[l] += f;
    e[l] = 0;
  }
  if (vectors) transposeInPlace(V, n);
}

/** Transposes the n×n row-major matrix M in place. */
function transposeInPlace(M: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = M[i * n + j];
      M[i * n + j] = M[j * n + i];
      M[j * n + i] = t;
    }
  }
}
