import { softmax } from "../channels/softmax";
import { childSeed, Seed } from "../random/rng";
import { checkBeta, checkDim, checkNumber, checkRho, checkTokens, ParameterError } from "../util/check";
import { indices, problemSeeds, sampleCount, sampleTokens } from "./data";
import { sampleTeacher, Teacher } from "./teacher";

/**
 * Deep attention: L tied softmax layers (theory.md §10), with the trace convention that keeps the limit finite.
 *
 * Eq. 5 builds contextual embeddings X_0 = X, X_ℓ = [c I_T + σ_β(X_{ℓ−1} S_ℓ X_{ℓ−1}ᵀ/√d)] X_{ℓ−1},
 * y = σ_β(X_{L−1} S_L X_{L−1}ᵀ/√d). Every X_ℓ = M_ℓ X with a T×T matrix M_ℓ (M_0 = I), and
 *     X_{ℓ−1} S_ℓ X_{ℓ−1}ᵀ/√d = M_{ℓ−1} h^{(ℓ)} M_{ℓ−1}ᵀ + (Tr S_ℓ/√d) M_{ℓ−1} M_{ℓ−1}ᵀ,
 * h^{(ℓ)} the raw-token index of §1. The last term is of order √d and carries no information on S_ℓ (left in,
 * it drives the softmax rows to a fixed pattern as d → ∞), so, as §1 does for one layer, it is removed:
 *     A_ℓ = M_{ℓ−1} h^{(ℓ)} M_{ℓ−1}ᵀ,   M_ℓ = (c I + σ_β(A_ℓ)) M_{ℓ−1} (ℓ < L),   y = σ_β(A_L).
 * For L = 1 this is the one-layer model of §1 exactly. y depends on X only through h^{(1)}, …, h^{(L)}: an AIM.
 */

/** The layered architecture: widths ρ_ℓ (one per layer, L = rhos.length), residual strength c, inverse temperature β. */
export interface DeepArchitecture {
  rhos: number[];
  /** residual (skip) strength c ≥ 0; 1 in Eq. 5 */
  c: number;
  /** softmax inverse temperature β > 0 */
  beta: number;
}

/** The residual strength and β of Eq. 5 when not given. */
export const DEEP_DEFAULTS = { c: 1, beta: 1 } as const;

/** An architecture with the defaults c = 1, β = 1 filled in, checked (`checkArchitecture`). */
export function deepArchitecture(rhos: number[], c: number = DEEP_DEFAULTS.c, beta: number = DEEP_DEFAULTS.beta, d?: number): DeepArchitecture {
  return checkArchitecture({ rhos, c, beta }, d);
}

/**
 * Checks an architecture and returns it: L = rhos.length ≥ 1 ("layers"), every ρ_ℓ > 0 and, when d is given,
 * ρ_ℓ·d ≥ 1 ("rho": the layer has at least one column), c ≥ 0 ("c"), β > 0 ("beta"). Throws ParameterError.
 */
export function checkArchitecture(arch: DeepArchitecture, d?: number): DeepArchitecture {
  if (!Array.isArray(arch.rhos) || arch.rhos.length < 1) {
    throw new ParameterError("layers", "an integer ≥ 1 (one width ρ per layer)", Array.isArray(arch.rhos) ? arch.rhos.length : arch.rhos);
  }
  if (d !== undefined) checkDim(d);
  for (const rho of arch.rhos) {
    checkRho(rho);
    if (d !== undefined && !(rho * d >= 1)) throw new ParameterError("rho", `a width with rho·d ≥ 1 for d = ${d}`, rho);
  }
  checkNumber("c", arch.c, { ge: 0 });
  checkBeta(arch.beta);
  return arch;
}

/** The teacher of a deep AIM: one Teacher S_ℓ = W_ℓ W_ℓᵀ/√(r_ℓ d) per layer, and the architecture's c, β. */
export interface DeepTeacher {
  d: number;
  c: number;
  beta: number;
  layers: Teacher[];
}

/**
 * Samples the L independent layer matrices. Layer 1 is drawn from `seed` itself, exactly as
 * `sampleTeacher(d, ρ_1, seed)`; layer ℓ ≥ 2 from the child stream childSeed(seed, "layer", ℓ).
 */
export function sampleDeepTeacher(d: number, arch: DeepArchitecture, seed: Seed): DeepTeacher {
  checkArchitecture(arch, d);
  const layers = arch.rhos.map((rho, l) => sampleTeacher(d, rho, l === 0 ? seed : childSeed(seed, "layer", l + 1)));
  return { d, c: arch.c, beta: arch.beta, layers };
}

/**
 * The raw-token indices h^{(ℓ)}_ab = (x_aᵀ S_ℓ x_b − δ_ab Tr S_ℓ)/√d of every layer (theory.md §1, §10),
 * each n×T×T (row-major per sample), by `indices`.
 */
export function layerIndices(X: Float64Array, teacher: DeepTeacher, n: number, T: number, d: number): Float64Array[] {
  if (teacher.d !== d) throw new ParameterError("d", `the teacher's dimension ${teacher.d}`, d);
  return teacher.layers.map((layer) => indices(X, layer.S, n, T, d));
}

/** The forward pass: every layer's pre-softmax matrix A_ℓ, its attention σ_β(A_ℓ), and the label y = σ_β(A_L). */
export interface DeepForward {
  /** A_ℓ, ℓ = 1..L, each n×T×T, symmetric per sample */
  A: Float64Array[];
  /** σ_β(A_ℓ) row-wise, ℓ = 1..L, each n×T×T; the last one is y */
  attention: Float64Array[];
  /** y = σ_β(A_L), n×T×T */
  y: Float64Array;
}

/**
 * The index recursion of theory.md §10 (the forward pass used everywhere), per sample:
 *     A_1 = h^{(1)},   M_1 = c I + σ_β(A_1),   A_ℓ = M_{ℓ−1} h^{(ℓ)} M_{ℓ−1}ᵀ,   M_ℓ = (c I + σ_β(A_ℓ)) M_{ℓ−1},
 *     y = σ_β(A_L).
 * h holds the L raw-token indices (each n×T×T, symmetric per sample). A_ℓ is computed on a ≤ b and mirrored,
 * so it is exactly symmetric. Every softmax is the softmax channel's `output`, so for L = 1, y is bit for bit the
 * label of the one-layer model. Cost O(n L T³).
 */
export function attentionRecursion(h: Float64Array[], n: number, T: number, c: number = DEEP_DEFAULTS.c, beta: number = DEEP_DEFAULTS.beta): DeepForward {
  if (h.length < 1) throw new ParameterError("layers", "an integer ≥ 1 (one index per layer)", h.length);
  checkNumber("n", n, { integer: true, ge: 1 });
  checkTokens(T);
  checkNumber("c", c, { ge: 0 });
  const channel = softmax(T, beta);
  const TT = T * T;
  h.forEach((hl, l) => {
    if (hl.length !== n * TT) throw new RangeError(`h[${l}] must have n·T·T = ${n * TT} entries (got ${hl.length})`);
  });
  const L = h.length;
  const A = h.map(() => new Float64Array(n * TT));
  const attention = h.map(() => new Float64Array(n * TT));
  const M = new Float64Array(TT);
  const next = new Float64Array(TT);
  const MH = new Float64Array(TT);
  for (let mu = 0; mu < n; mu++) {
    const off = mu * TT;
    for (let l = 0; l < L; l++) {
      const hl = h[l].subarray(off, off + TT);
      const Al = A[l].subarray(off, off + TT);
      if (l === 0) Al.set(hl);
      else congruence(M, hl, T, MH, Al);
      const P = attention[l].subarray(off, off + TT);
      channel.output(Al, P);
      if (l < L - 1) {
        // M ← (c I + P) M; M_0 = I so M_1 = c I + P
        if (l === 0) {
          M.set(P);
          for (let a = 0; a < T; a++) M[a * T + a] += c;
        } else {
          residualProduct(P, M, c, T, next);
          M.set(next);
        }
      }
    }
  }
  return { A, attention, y: attention[L - 1] };
}

/** out = M H Mᵀ for symmetric H (T×T), computed on a ≤ b and mirrored; MH is scratch. */
function congruence(M: Float64Array, H: Float64Array, T: number, MH: Float64Array, out: Float64Array): void {
  for (let a = 0; a < T; a++) {
    for (let j = 0; j < T; j++) {
      let s = 0;
      for (let i = 0; i < T; i++) s += M[a * T + i] * H[i * T + j];
      MH[a * T + j] = s;
    }
  }
  for (let a = 0; a < T; a++) {
    for (let b = a; b < T; b++) {
      let s = 0;
      for (let j = 0; j < T; j++) s += MH[a * T + j] * M[b * T + j];
      out[a * T + b] = s;
      out[b * T + a] = s;
    }
  }
}

/** out = (c I + P) M (T×T). */
function residualProduct(P: Float64Array, M: Float64Array, c: number, T: number, out: Float64Array): void {
  for (let a = 0; a < T; a++) {
    for (let j = 0; j < T; j++) {
      let s = c * M[a * T + j];
      for (let i = 0; i < T; i++) s += P[a * T + i] * M[i * T + j];
      out[a * T + j] = s;
    }
  }
}

/** The forward pass of a deep teacher on tokens X (n×T×d): the indices of every layer, then the recursion. */
export function deepForward(X: Float64Array, teacher: DeepTeacher, n: number, T: number, d: number): DeepForward & { h: Float64Array[] } {
  const h = layerIndices(X, teacher, n, T, d);
  return { h, ...attentionRecursion(h, n, T, teacher.c, teacher.beta) };
}

/**
 * Eq. 5 computed literally on the contextual embeddings, for checks and for showing why the trace term goes
 * (theory.md §10). Per sample, X_0 = X^μ (T×d), M_0 = I, and for each layer
 *     A_ℓ = X_{ℓ−1} S_ℓ X_{ℓ−1}ᵀ/√d − (Tr S_ℓ/√d) M_{ℓ−1} M_{ℓ−1}ᵀ,   P_ℓ = σ_β(A_ℓ),
 *     X_ℓ = (c I + P_ℓ) X_{ℓ−1},   M_ℓ = (c I + P_ℓ) M_{ℓ−1},   y = P_L.
 * With `keepTrace: true` the trace term is not subtracted (Eq. 5 as written). Cost O(n L T d²): a test tool,
 * not the production pass (`attentionRecursion`, which agrees with it without keepTrace).
 */
export function contextualForward(
  X: Float64Array,
  teacher: DeepTeacher,
  n: number,
  T: number,
  d: number,
  options: { keepTrace?: boolean } = {},
): DeepForward {
  if (teacher.d !== d) throw new ParameterError("d", `the teacher's dimension ${teacher.d}`, d);
  if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
  const channel = softmax(T, teacher.beta);
  const { c } = teacher;
  const L = teacher.layers.length;
  const TT = T * T;
  const A = teacher.layers.map(() => new Float64Array(n * TT));
  const attention = teacher.layers.map(() => new Float64Array(n * TT));
  const traces = teacher.layers.map((layer) => {
    let t = 0;
    for (let i = 0; i < d; i++) t += layer.S[i * d + i];
    return t;
  });
  const sqrtD = Math.sqrt(d);
  let Xl = new Float64Array(T * d);
  let Xnext = new Float64Array(T * d);
  const XS = new Float64Array(T * d);
  let M = new Float64Array(TT);
  let Mnext = new Float64Array(TT);
  for (let mu = 0; mu < n; mu++) {
    Xl.set(X.subarray(mu * T * d, (mu + 1) * T * d));
    M.fill(0);
    for (let a = 0; a < T; a++) M[a * T + a] = 1;
    for (let l = 0; l < L; l++) {
      const S = teacher.layers[l].S;
      for (let a = 0; a < T; a++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += Xl[a * d + i] * S[i * d + j];
          XS[a * d + j] = s;
        }
      }
      const Al = A[l].subarray(mu * TT, (mu + 1) * TT);
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += XS[a * d + j] * Xl[b * d + j];
          let mm = 0;
          for (let k = 0; k < T; k++) mm += M[a * T + k] * M[b * T + k];
          Al[a * T + b] = (s - (options.keepTrace ? 0 : traces[l] * mm)) / sqrtD;
        }
      }
      const P = attention[l].subarray(mu * TT, (mu + 1) * TT);
      channel.output(Al, P);
      if (l === L - 1) break;
      for (let a = 0; a < T; a++) {
        for (let j = 0; j < d; j++) {
          let s = c * Xl[a * d + j];
          for (let k = 0; k < T; k++) s += P[a * T + k] * Xl[k * d + j];
          Xnext[a * d + j] = s;
        }
      }
      residualProduct(P, M, c, T, Mnext);
      [Xl, Xnext] = [Xnext, Xl];
      [M, Mnext] = [Mnext, M];
    }
  }
  return { A, attention, y: attention[L - 1] };
}

/** Tokens, per-layer raw indices and labels of a deep problem (layouts as `Dataset`; h has one array per layer). */
export interface DeepDataset {
  n: number;
  T: number;
  d: number;
  X: Float64Array;
  h: Float64Array[];
  y: Float64Array;
}

export interface DeepProblem {
  teacher: DeepTeacher;
  data: DeepDataset;
}

/**
 * One deep learning problem: a teacher (`sampleDeepTeacher` on the problem's teacher stream), n = α d² samples of
 * T tokens (the problem's token stream) and their labels y = σ_β(A_L) by the index recursion. The streams are those
 * of `sampleProblem` (`problemSeeds`), so for L = 1 the teacher, tokens and labels are bit for bit those of
 * sampleProblem(softmax(T, β), d, ρ, α, seed).
 */
export function sampleDeepProblem(d: number, arch: DeepArchitecture, T: number, alpha: number, seed: Seed): DeepProblem {
  checkArchitecture(arch, d);
  checkTokens(T);
  const streams = problemSeeds(seed);
  const teacher = sampleDeepTeacher(d, arch, streams.teacher);
  const n = sampleCount(alpha, d);
  const X = sampleTokens(n, T, d, streams.tokens);
  const { h, y } = deepForward(X, teacher, n, T, d);
  return { teacher, data: { n, T, d, X, h, y } };
}
