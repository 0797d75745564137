import * as tf from "@tensorflow/tfjs";

/**
 * The student attention layer of theory.md §7, and the L-layer student of §10 built from it, in TensorFlow.js
 * (float32), for K students at once.
 *
 * Layout. theory.md §7 writes the student weight as W ∈ R^{r×d} with S = Wᵀ W / √(r d); the workbook stores
 * weights the way lib/model/teacher.ts does, W ∈ R^{d×r} (row i = coordinate i), so here
 *     u_a = Wᵀ x_a / √d ∈ R^r,   S = W Wᵀ / √(r d)        (our W is the transpose of §7's).
 * With that, for one sample X ∈ R^{T×d},
 *     A_ab = u_a·u_b / √r − δ_ab ‖W‖_F² / √(r d²) = (x_aᵀ S x_b − δ_ab Tr S) / √d,
 * exactly the teacher's attention index h_ab of lib/model/data.ts `indices` (Tr S = ‖W‖_F² / √(r d)).
 * Output ŷ = softmax(β A) row-wise; loss Σ_μ Σ_ab (ŷ_μab − y_μab)² / d (theory.md §7).
 *
 * K students share the data and are stored side by side as one d × (K r) matrix (student k owns columns
 * k r … (k+1) r − 1), so one (n T × d)(d × K r) product computes every u. The total loss is the sum of the
 * students' losses, whose gradient with respect to student k's columns is that student's own gradient;
 * Adam is elementwise, so training them together is training each one alone — just fewer, larger kernels.
 * No tensor of n·d² numbers is ever formed: the largest is U, n·T·K·r numbers.
 *
 * L layers (theory.md §10). Layer ℓ has its own weights W_ℓ ∈ R^{d×r_ℓ} (K students side by side: [d, K r_ℓ]) and
 * its raw-token index h^{(ℓ)} computed exactly as the one-layer A above; the layers are chained by the index
 * recursion with the trace convention of §10:
 *     A_1 = h^{(1)},   M_1 = c I + σ_β(A_1),   A_ℓ = M_{ℓ−1} h^{(ℓ)} M_{ℓ−1}ᵀ,   M_ℓ = (c I + σ_β(A_ℓ)) M_{ℓ−1},
 *     ŷ = σ_β(A_L)   (σ_β: row-wise softmax of β·).
 * With L = 1 this is the one-layer student above, operation for operation (one code path, not a copy).
 */

/**
 * The token matrix X ([n·T, d], samples' tokens stacked) on the device, with X W as an op whose gradient
 * with respect to W is Xᵀ G computed from a stored copy of Xᵀ. (tfjs's own matMul gradient uses the
 * transposed-operand kernel, which the wasm backend runs about ten times slower than a plain product.)
 * Dispose it when done.
 */
export class Tokens {
  readonly X: tf.Tensor2D;
  readonly Xt: tf.Tensor2D;
  private readonly product: (W: tf.Tensor2D) => tf.Tensor2D;

  /** X: n×T×d row-major (lib/model/data.ts layout), copied to float32. */
  constructor(X: Float64Array, readonly n: number, readonly T: number, readonly d: number) {
    if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
    this.X = tf.tensor2d(Float32Array.from(X), [n * T, d]);
    this.Xt = tf.tidy(() => this.X.transpose().clone()) as tf.Tensor2D;
    const Xk = this.X;
    const Xtk = this.Xt;
    this.product = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const W = args[0] as tf.Tensor2D;
      return { value: tf.matMul(Xk, W), gradFunc: (dy: tf.Tensor) => tf.matMul(Xtk, dy as tf.Tensor2D) };
    }) as (W: tf.Tensor2D) => tf.Tensor2D;
  }

  /** X W: [n·T, columns of W]. */
  project(W: tf.Tensor2D): tf.Tensor2D {
    return this.product(W);
  }

  dispose(): void {
    this.X.dispose();
    this.Xt.dispose();
  }
}

export interface StudentShape {
  /** samples */
  n: number;
  /** tokens per sample */
  T: number;
  /** embedding dimension */
  d: number;
  /** student width r (columns of W) */
  r: number;
  /** number of students stored side by side */
  K: number;
}

/**
 * Attention indices A of K students for every sample: shape [n, K, T, T].
 * W: [d, K·r].
 */
export function studentIndices(tokens: Tokens, W: tf.Tensor2D, shape: StudentShape): tf.Tensor4D {
  const { n, T, d, r, K } = shape;
  return tf.tidy(() => {
    // U = X W / √d, then per (sample, student): the T×T Gram matrix of its token embeddings over √r
    const U = tokens.project(W).mul(1 / Math.sqrt(d)); // [nT, Kr]
    const Ub: tf.Tensor3D = K === 1 ? U.reshape([n, T, r]) : U.reshape([n, T, K, r]).transpose([0, 2, 1, 3]).reshape([n * K, T, r]);
    const gram = selfGram(Ub).mul(1 / Math.sqrt(r)); // [nK, T, T]
    // trace term ‖W_k‖² / √(r d²) on the diagonal, one value per student
    const norms = W.square().reshape([d, K, r]).sum([0, 2]).mul(1 / (Math.sqrt(r) * d)); // [K]
    const diag = tf.eye(T).reshape([1, 1, T, T]).mul(norms.reshape([1, K, 1, 1]));
    return gram.reshape([n, K, T, T]).sub(diag) as tf.Tensor4D;
  });
}

/**
 * G = U Uᵀ for a batch of T×r matrices U, with the gradient written for a Gram matrix: dU = (Ḡ + Ḡᵀ) U,
 * one batched product instead of the two tfjs's generic matMul gradient would run.
 */
const selfGram = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const U = args[0] as tf.Tensor3D;
  const save = args[1] as tf.GradSaveFunc;
  save([U]);
  return {
    value: tf.matMul(U, U, false, true),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.matMul(dy.add(dy.transpose([0, 2, 1])) as tf.Tensor3D, saved[0] as tf.Tensor3D),
  };
}) as (U: tf.Tensor3D) => tf.Tensor3D;

/** The shape of an L-layer student (theory.md §10): one width per layer and the residual strength c. */
export interface LayeredShape extends Omit<StudentShape, "r"> {
  /** widths r_ℓ, one per layer (L = r.length) */
  r: readonly number[];
  /** residual strength c ≥ 0 of M_ℓ = (c I + σ_β(A_ℓ)) M_{ℓ−1} (unused when L = 1) */
  c: number;
}

/** A one-layer shape as the L = 1 layered shape; a layered shape as it is. */
export function layeredShape(shape: StudentShape | LayeredShape): LayeredShape {
  return typeof shape.r === "number" ? { ...shape, r: [shape.r], c: "c" in shape ? (shape as LayeredShape).c : 1 } : (shape as LayeredShape);
}

/** Row-wise σ_β(A) = softmax(β A) over the last axis. */
function rowSoftmax(A: tf.Tensor4D, beta: number): tf.Tensor4D {
  return tf.softmax(beta === 1 ? A : A.mul(beta)) as tf.Tensor4D;
}

/**
 * Outputs ŷ = σ_β(A_L) of K students with L layers for every sample: shape [n, K, T, T] (recursion in the
 * module comment). W: one tensor per layer, [d, K r_ℓ] (a single tensor is a one-layer student).
 */
export function studentOutputs(tokens: Tokens, W: tf.Tensor2D | readonly tf.Tensor2D[], shape: StudentShape | LayeredShape, beta: number): tf.Tensor4D {
  const layers = Array.isArray(W) ? (W as readonly tf.Tensor2D[]) : [W as tf.Tensor2D];
  const { n, T, d, K, r, c } = layeredShape(shape);
  if (layers.length !== r.length) throw new RangeError(`one weight tensor per layer: got ${layers.length} tensors for ${r.length} widths`);
  return tf.tidy(() => {
    const batch = (x: tf.Tensor) => x.reshape([n * K, T, T]) as tf.Tensor3D;
    const residual = c === 0 ? undefined : tf.eye(T).mul(c).reshape([1, 1, T, T]);
    let A = studentIndices(tokens, layers[0], { n, T, d, r: r[0], K });
    let M: tf.Tensor3D | undefined; // M_{ℓ−1}, [nK, T, T]
    for (let l = 1; l < layers.length; l++) {
      const P = batch(residual ? rowSoftmax(A, beta).add(residual) : rowSoftmax(A, beta)); // c I + σ_β(A_{ℓ−1})
      const Ml: tf.Tensor3D = M === undefined ? P : tf.matMul(P, M);
      const h = batch(studentIndices(tokens, layers[l], { n, T, d, r: r[l], K }));
      A = tf.matMul(tf.matMul(Ml, h), Ml, false, true).reshape([n, K, T, T]) as tf.Tensor4D;
      M = Ml;
    }
    return rowSoftmax(A, beta); // over the last axis: row-wise
  });
}

/**
 * Per-student losses Σ_μ Σ_ab (ŷ_μab − y_μab)² / d (theory.md §7; ŷ of `studentOutputs`): shape [K].
 * y: [n, T, T] labels (shared by all students). W: one tensor per layer (a single tensor: one layer).
 */
export function studentLosses(tokens: Tokens, y: tf.Tensor3D, W: tf.Tensor2D | readonly tf.Tensor2D[], shape: StudentShape | LayeredShape, beta: number): tf.Tensor1D {
  const { n, T, d } = shape;
  return tf.tidy(() => {
    const yHat = studentOutputs(tokens, W, shape, beta);
    const diff = yHat.sub(y.reshape([n, 1, T, T]));
    return diff.square().sum([0, 2, 3]).mul(1 / d) as tf.Tensor1D;
  });
}

/** S_k = W_k W_kᵀ / √(r d) for every student: shape [K, d, d] (only for error curves: K·d² numbers). */
export function studentMatrices(W: tf.Tensor2D, shape: Pick<StudentShape, "d" | "r" | "K">): tf.Tensor3D {
  const { d, r, K } = shape;
  return tf.tidy(() => {
    const Wk = W.reshape([d, K, r]).transpose([1, 0, 2]); // [K, d, r]
    return tf.matMul(Wk, Wk, false, true).mul(1 / Math.sqrt(r * d)) as tf.Tensor3D;
  });
}
