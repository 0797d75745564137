/**
 * Products with the token matrices (theory.md §6), without ever forming the sensing matrices
 * Z^μ_ab = (x_a x_bᵀ + x_b x_aᵀ)/2 (a < b), Z^μ_aa = x_a x_aᵀ − I, nor any n×d×d array.
 *
 *  - `tokenIndices`:    h^μ_ab = ⟨Z^μ_ab, M⟩ / √d = (x_aᵀ M x_b − δ_ab Tr M) / √d for all μ, a ≤ b;
 *  - `tokenAccumulate`: A = Σ_μ Σ_{a≤b} G^μ_ab Z^μ_ab (symmetric d×d).
 *
 * Layout (as lib/model/data.ts): X is n × T × d row-major, so the n·T tokens are the rows of one (nT)×d
 * matrix; h and G are n × T × T (both triangles filled). Both products are (nT×d)(d×d)-sized GEMMs done in
 * blocks of samples, so the extra memory is a few blocks of (samples × T × d) plus d², whatever n is.
 * Cost: 2 n T d² flops for `tokenIndices`, n T d (d + 1) for `tokenAccumulate` (upper triangle only).
 */

/** Rows of the token matrix handled per block: large enough to amortise loops, small enough for L2. */
const BLOCK_ROWS = 128;

/**
 * Samples per block of the token products: whole samples, about BLOCK_ROWS token rows. `tokenAccumulate` adds the
 * blocks' sums one after the other, so this partition is part of its rounding; the SIMD kernels
 * (lib/linalg/simd-products.ts) use the same one and give bitwise the same results.
 */
export function samplesPerBlock(T: number): number {
  return Math.max(1, Math.floor(BLOCK_ROWS / T));
}

/**
 * C[i, j] (+)= Σ_k A[aOff + i·lda + k] · B[bOff + j·ldb + k] for i < m, j < p (both operands row-major with the
 * summed index contiguous, "NT" layout). With `upper`, only j ≥ i + cShift is computed, where cShift is the
 * offset of the row block inside a square output (used for symmetric results). A 4×2 register block keeps
 * eight accumulators in registers: 6 loads per 8 multiply–adds.
 */
export function gemmNT(
  m: number,
  p: number,
  k: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = aOff + i * lda;
    const a1 = a0 + lda;
    const a2 = a1 + lda;
    const a3 = a2 + lda;
    const c0 = cOff + i * ldc;
    let j = 0;
    for (; j + 2 <= p; j += 2) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < k; t++) {
        const u = B[b0 + t];
        const v = B[b1 + t];
        const x0 = A[a0 + t];
        const x1 = A[a1 + t];
        const x2 = A[a2 + t];
        const x3 = A[a3 + t];
        s00 += x0 * u; s01 += x0 * v;
        s10 += x1 * u; s11 += x1 * v;
        s20 += x2 * u; s21 += x2 * v;
        s30 += x3 * u; s31 += x3 * v;
      }
      const c = c0 + j;
      if (accumulate) {
        C[c] += s00; C[c + 1] += s01;
        C[c + ldc] += s10; C[c + ldc + 1] += s11;
        C[c + 2 * ldc] += s20; C[c + 2 * ldc + 1] += s21;
        C[c + 3 * ldc] += s30; C[c + 3 * ldc + 1] += s31;
      } else {
        C[c] = s00; C[c + 1] = s01;
        C[c + ldc] = s10; C[c + ldc + 1] = s11;
        C[c + 2 * ldc] = s20; C[c + 2 * ldc + 1] = s21;
        C[c + 3 * ldc] = s30; C[c + 3 * ldc + 1] = s31;
      }
    }
    for (; j < p; j++) for (let r = 0; r < 4; r++) dotInto(i + r, j, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
  }
  for (; i < m; i++) for (let j = 0; j < p; j++) dotInto(i, j, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
}

function dotInto(
  i: number,
  j: number,
  k: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  const a = aOff + i * lda;
  const b = bOff + j * ldb;
  let s = 0;
  for (let t = 0; t < k; t++) s += A[a + t] * B[b + t];
  const c = cOff + i * ldc + j;
  C[c] = accumulate ? C[c] + s : s;
}

/** Reusable scratch buffers for the token products (sized lazily; pass the same object every iteration). */
export interface TokenWorkspace {
  rows: Float64Array;
  rowsT: Float64Array;
  tokensT: Float64Array;
}

export function tokenWorkspace(): TokenWorkspace {
  return { rows: new Float64Array(0), rowsT: new Float64Array(0), tokensT: new Float64Array(0) };
}

function ensure(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(length);
}

function checkShapes(X: Float64Array, n: number, T: number, d: number): void {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(T) && T >= 1 && Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`n, T, d must be positive integers (got n = ${n}, T = ${T}, d = ${d})`);
  }
  if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
}

/**
 * h^μ_ab = (x_aᵀ M x_b − δ_ab Tr M)/√d for every sample μ and tokens a, b (theory.md §1, §6), M symmetric d×d.
 * Writes into `out` (n·T·T, both triangles) when given. Per block of samples: P = X_block M (one GEMM, using
 * M = Mᵀ so that both operands are read along rows), then T(T+1)/2 dot products per sample.
 */
export function tokenIndices(
  X: Float64Array,
  M: Float64Array,
  n: number,
  T: number,
  d: number,
  out: Float64Array = new Float64Array(n * T * T),
  work: TokenWorkspace = tokenWorkspace(),
): Float64Array {
  checkShapes(X, n, T, d);
  if (M.length !== d * d) throw new RangeError(`M must be d×d = ${d * d} entries (got ${M.length})`);
  if (out.length !== n * T * T) throw new RangeError(`out must have n·T·T = ${n * T * T} entries (got ${out.length})`);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += M[i * d + i];
  const perBlock = samplesPerBlock(T);
  work.rows = ensure(work.rows, perBlock * T * d);
  const P = work.rows;
  for (let first = 0; first < n; first += perBlock) {
    const count = Math.min(perBlock, n - first);
    gemmNT(count * T, d, d, X, first * T * d, d, M, 0, d, P, 0, d, false);
    indicesFromProducts(X, P, first, count, T, d, trace, out);
  }
  return out;
}

/**
 * A = Σ_μ Σ_{a≤b} G^μ_ab Z^μ_ab, symmetric d×d (theory.md §6), from G (n·T·T, symmetric per sample; only
 * a ≤ b is read). With G̃_ab = G_ab/2 (a ≠ b), G̃_aa = G_aa, and y_a = Σ_b G̃_ab x_b per sample,
 *     A = Σ_μ Σ_a x_a y_aᵀ − (Σ_μ Σ_a G_aa) I,
 * which is (d × nT)(nT × d): per block, tokens and combined tokens are transposed so the GEMM reads rows, and
 * only the upper triangle is computed (the product is symmetric because G̃ is).
 */
export function tokenAccumulate(
  X: Float64Array,
  G: Float64Array,
  n: number,
  T: number,
  d: number,
  out: Float64Array = new Float64Array(d * d),
  work: TokenWorkspace = tokenWorkspace(),
): Float64Array {
  checkShapes(X, n, T, d);
  if (G.length !== n * T * T) throw new RangeError(`G must have n·T·T = ${n * T * T} entries (got ${G.length})`);
  if (out.length !== d * d) throw new RangeError(`out must be d×d = ${d * d} entries (got ${out.length})`);
  out.fill(0);
  const perBlock = samplesPerBlock(T);
  const rowsPerBlock = perBlock * T;
  work.tokensT = ensure(work.tokensT, d * rowsPerBlock);
  work.rowsT = ensure(work.rowsT, d * rowsPerBlock);
  const XT = work.tokensT;
  const YT = work.rowsT;
  let diagonal = 0;
  for (let first = 0; first < n; first += perBlock) {
    const count = Math.min(perBlock, n - first);
    const k = count * T;
    // XT[i, r] = token r's coordinate i; YT[i, r] = combined token y_a (r = sample·T + a), ld = k
    for (let r = 0; r < k; r++) {
      const x = (first * T + r) * d;
      for (let i = 0; i < d; i++) XT[i * k + r] = X[x + i];
    }
    diagonal += combineTokens(X, G, first, count, T, d, YT, 1, k);
    // upper triangle in row panels of 4: rows i..i+3 against columns j ≥ i
    for (let i = 0; i < d; i += 4) {
      const rows = Math.min(4, d - i);
      gemmNT(rows, d - i, k, XT, i * k, k, YT, i * k, k, out, i * d + i, d, true);
    }
  }
  // fill the lower triangle from the upper one; the small strictly-lower entries computed inside the
  // 4-row panels are overwritten, and the identity part is removed from the diagonal
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) out[j * d + i] = out[i * d + j];
    out[i * d + i] -= diagonal;
  }
  return out;
}

/**
 * The indices of samples first … first+count−1 from the product P = X_block M of their tokens with M (rows of P
 * in block order): h_ab = (x_a · P_b − δ_ab Tr M)/√d, written to both triangles of `out` (n·T·T). Shared by the
 * float64 and float32 product engines (lib/linalg/token-products.ts); the dot products run in float64 either way.
 */
export function indicesFromProducts(
  X: Float64Array,
  P: Float64Array | Float32Array,
  first: number,
  count: number,
  T: number,
  d: number,
  trace: number,
  out: Float64Array,
): void {
  const invSqrtD = 1 / Math.sqrt(d);
  for (let s = 0; s < count; s++) {
    const mu = first + s;
    const xBase = mu * T * d;
    const pBase = s * T * d;
    const hBase = mu * T * T;
    for (let a = 0; a < T; a++) {
      const xa = xBase + a * d;
      for (let b = a; b < T; b++) {
        const pb = pBase + b * d;
        let sum = 0;
        for (let i = 0; i < d; i++) sum += X[xa + i] * P[pb + i];
        const v = (sum - (a === b ? trace : 0)) * invSqrtD;
        out[hBase + a * T + b] = v;
        out[hBase + b * T + a] = v;
      }
    }
  }
}

/**
 * The combined tokens y_a = Σ_b G̃_ab x_b (G̃_aa = G_aa, G̃_ab = G_ab/2) of samples first … first+count−1, so that
 * Σ_μ Σ_{a≤b} G_ab Z_ab = Σ x_a y_aᵀ − (Σ G_aa) I. Coordinate i of block row r = s·T + a goes to
 * out[r·rowStride + i·colStride] (row-major: d, 1; transposed: 1, rows), summed in float64 and stored once.
 * Returns Σ G_aa over these samples.
 */
export function combineTokens(
  X: Float64Array,
  G: Float64Array,
  first: number,
  count: number,
  T: number,
  d: number,
  out: Float64Array | Float32Array,
  rowStride: number,
  colStride: number,
): number {
  let diagonal = 0;
  // each combined token is summed in float64 and stored once, whatever the element type of `out`
  const row = new Float64Array(d);
  for (let s = 0; s < count; s++) {
    const mu = first + s;
    const xBase = mu * T * d;
    const gBase = mu * T * T;
    for (let a = 0; a < T; a++) {
      row.fill(0);
      diagonal += G[gBase + a * T + a];
      for (let b = 0; b < T; b++) {
        const w = a === b ? G[gBase + a * T + a] : 0.5 * G[gBase + Math.min(a, b) * T + Math.max(a, b)];
        if (w === 0) continue;
        const xb = xBase + b * d;
        for (let i = 0; i < d; i++) row[i] += w * X[xb + i];
      }
      const base = (s * T + a) * rowStride;
      for (let i = 0; i < d; i++) out[base + i * colStride] = row[i];
    }
  }
  return diagonal;
}
