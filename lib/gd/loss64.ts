import { indices } from "../model/data";
import { attentionRecursion } from "../model/deep";
import { teacherFromWeights } from "../model/teacher";

/**
 * The student loss of theory.md §7 and its gradient in float64, in plain JavaScript: the independent
 * reference against which the TensorFlow.js (float32, autodiff) student is tested. Small problems only.
 *
 * Layout as lib/model/teacher.ts: W ∈ R^{d×r} row-major, u_a = Wᵀ x_a / √d, S = W Wᵀ / √(r d).
 *   A_ab = u_a·u_b / √r − c δ_ab ‖W‖²,  c = 1/√(r d²)
 *   ŷ_a = softmax(β A_a),  L = Σ_μ Σ_ab (ŷ_ab − y_ab)² / d.
 * Gradient (per sample, then summed):
 *   G_ab = 2 (ŷ_ab − y_ab) / d                                   (∂L/∂ŷ)
 *   B_ab = β ŷ_ab (G_ab − Σ_c G_ac ŷ_ac)                          (∂L/∂A, softmax row by row)
 *   ∂L/∂u_a = Σ_b (B_ab + B_ba) u_b / √r
 *   ∂L/∂W = Σ_a x_a (∂L/∂u_a)ᵀ / √d − 2 c (Σ_a B_aa) W.
 */
export interface LossGradient {
  loss: number;
  /** ∂L/∂W, d×r row-major */
  grad: Float64Array;
}

export function studentLoss64(
  W: Float64Array,
  X: Float64Array,
  y: Float64Array,
  dims: { n: number; T: number; d: number; r: number },
  beta = 1,
): LossGradient {
  const { n, T, d, r } = dims;
  if (W.length !== d * r) throw new RangeError(`W must have d·r = ${d * r} entries (got ${W.length})`);
  if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
  if (y.length !== n * T * T) throw new RangeError(`y must have n·T·T = ${n * T * T} entries (got ${y.length})`);
  const sd = Math.sqrt(d);
  const sr = Math.sqrt(r);
  const c = 1 / (sr * d);
  let norm2 = 0;
  for (const w of W) norm2 += w * w;
  const grad = new Float64Array(d * r);
  const u = new Float64Array(T * r);
  const du = new Float64Array(T * r);
  const A = new Float64Array(T * T);
  const yh = new Float64Array(T * T);
  const B = new Float64Array(T * T);
  let loss = 0;
  let traceCoefficient = 0; // Σ_μ Σ_a B_aa
  for (let mu = 0; mu < n; mu++) {
    const xBase = mu * T * d;
    u.fill(0);
    for (let a = 0; a < T; a++)
      for (let i = 0; i < d; i++) {
        const x = X[xBase + a * d + i] / sd;
        for (let k = 0; k < r; k++) u[a * r + k] += x * W[i * r + k];
      }
    for (let a = 0; a < T; a++)
      for (let b = 0; b < T; b++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += u[a * r + k] * u[b * r + k];
        A[a * T + b] = s / sr - (a === b ? c * norm2 : 0);
      }
    for (let a = 0; a < T; a++) {
      let max = -Infinity;
      for (let b = 0; b < T; b++) max = Math.max(max, beta * A[a * T + b]);
      let z = 0;
      for (let b = 0; b < T; b++) z += yh[a * T + b] = Math.exp(beta * A[a * T + b] - max);
      let dot = 0;
      for (let b = 0; b < T; b++) {
        yh[a * T + b] /= z;
        const e = yh[a * T + b] - y[mu * T * T + a * T + b];
        loss += (e * e) / d;
        dot += ((2 * e) / d) * yh[a * T + b];
      }
      for (let b = 0; b < T; b++) {
        const G = (2 * (yh[a * T + b] - y[mu * T * T + a * T + b])) / d;
        B[a * T + b] = beta * yh[a * T + b] * (G - dot);
      }
      traceCoefficient += B[a * T + a];
    }
    du.fill(0);
    for (let a = 0; a < T; a++)
      for (let b = 0; b < T; b++) {
        const s = (B[a * T + b] + B[b * T + a]) / sr;
        for (let k = 0; k < r; k++) du[a * r + k] += s * u[b * r + k];
      }
    for (let a = 0; a < T; a++)
      for (let i = 0; i < d; i++) {
        const x = X[xBase + a * d + i] / sd;
        for (let k = 0; k < r; k++) grad[i * r + k] += x * du[a * r + k];
      }
  }
  for (let i = 0; i < grad.length; i++) grad[i] -= 2 * c * traceCoefficient * W[i];
  return { loss, grad };
}

/**
 * The L-layer student loss of theory.md §10 in float64, without autodiff: S_ℓ = W_ℓ W_ℓᵀ/√(r_ℓ d) from each layer's
 * weights (d×r_ℓ row-major), the raw-token indices h^{(ℓ)} and the index recursion of the model
 * (lib/model/deep.ts `attentionRecursion`, the code that labels the data), then Σ_μ Σ_ab (ŷ_ab − y_ab)² / d.
 * An implementation independent of the TensorFlow.js student (lib/gd/student.ts): its finite differences test
 * that student's gradient. Small problems only (cost O(n T d² L)).
 */
export function layeredLoss64(
  W: readonly Float64Array[],
  X: Float64Array,
  y: Float64Array,
  dims: { n: number; T: number; d: number; r: readonly number[] },
  c: number,
  beta = 1,
): number {
  const { n, T, d, r } = dims;
  if (W.length !== r.length) throw new RangeError(`W must hold one weight matrix per layer (${r.length}; got ${W.length})`);
  if (y.length !== n * T * T) throw new RangeError(`y must have n·T·T = ${n * T * T} entries (got ${y.length})`);
  const h = W.map((w, l) => indices(X, teacherFromWeights(w, d, r[l]).S, n, T, d));
  const yHat = attentionRecursion(h, n, T, c, beta).y;
  let loss = 0;
  for (let i = 0; i < yHat.length; i++) loss += (yHat[i] - y[i]) ** 2;
  return loss / d;
}
