import * as tf from "@tensorflow/tfjs";
import { teacherFromWeights } from "../model/teacher";
import { width } from "../model/teacher";
import { childSeed, gaussianArray, Seed } from "../random/rng";
import { checkBeta, checkNumber, ParameterError } from "../util/check";
import type { WorkerTeam } from "../parallel/team";
import { Adam } from "./adam";
import { BackendInfo, BackendName, useBackend } from "../tensor/backend";
import { LayeredShape, studentLosses, studentMatrices, Tokens } from "./student";

/** What the students learn from: tokens X (n×T×d) and labels y (n×T×T), as in lib/model/data.ts. */
export interface TrainingData {
  n: number;
  T: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
}

/** Options of `trainStudents` (defaults: the protocol of theory.md §7). */
export interface TrainOptions {
  /**
   * student width ratio; r = round(ρ d) as for the teacher. A list gives one width per layer: an L-layer
   * student (theory.md §10); one number is the one-layer student.
   */
  rho: number | readonly number[];
  /** residual strength c ≥ 0 of the layer recursion (theory.md §10; default 1; no effect when L = 1) */
  c?: number;
  /**
   * layers held fixed (not trained): entry ℓ, when given, is that layer's weights (d×r_ℓ row-major, e.g. the
   * teacher's), shared by every student — the oracle runs. At least one layer must be trained.
   */
  frozen?: ReadonlyArray<Float64Array | undefined>;
  /**
   * seed of the students' N(0, 1) initializations: student k's first layer uses childSeed(seed, "student", k)
   * (the one-layer student's), its layer ℓ ≥ 2 childSeed(seed, "student", k, "layer", ℓ)
   */
  seed: Seed;
  /** softmax inverse temperature β (default 1) */
  beta?: number;
  /** Adam steps (default 1000) */
  steps?: number;
  /** Adam learning rate (default 0.1) */
  lr?: number;
  /** number of students trained from independent initializations on the same data (default 1) */
  students?: number;
  /** index of the first student (its initialization seed), so a run can be split into groups (default 0) */
  firstStudent?: number;
  /** record loss (and error, given `target`) every this many steps (default 10; also step 0 and the last) */
  recordEvery?: number;
  /** the teacher's S* (d×d; one per layer for an L-layer student): enables the error curves (1/d)‖S_ℓ − S_ℓ*‖_F² */
  target?: Float64Array | readonly Float64Array[];
  /** backend preference (default "auto": tfjs-node, else wasm, else cpu) */
  backend?: BackendName | "auto";
  /** called after every step (progress bars) */
  onStep?: (step: number, steps: number) => void;
  /**
   * worker threads for data-parallel training (default 1: this thread): the samples are split into `threads`
   * contiguous shards, each on its own worker and TensorFlow.js backend; the shards' gradients are summed and
   * every worker takes the same Adam step (lib/gd/parallel.ts). Same results up to float32 summation order.
   */
  threads?: number;
  /** a running team of data-parallel workers (lib/gd/parallel.ts shardTeam) to train on, kept open; overrides threads */
  team?: WorkerTeam;
}

/** One recorded point of the training curves: values per student. */
export interface CurvePoint {
  step: number;
  /** Σ_μ Σ_ab (ŷ − y)² / d per student */
  loss: number[];
  /** (1/d)‖S_k − S*‖_F² per student (float32 on the device) of the first layer (the only one when L = 1), when a target was given */
  error?: number[];
  /** the same per layer: layerErrors[ℓ][k] = (1/d)‖S_{ℓ,k} − S_ℓ*‖_F², when a target was given */
  layerErrors?: number[][];
}

/** One layer of a trained student group. */
export interface TrainedLayer {
  r: number;
  /** false for a frozen layer (fixed weights, TrainOptions.frozen) */
  trained: boolean;
  /** weights, one d×r (float64 copy) per student */
  W: Float64Array[];
  /** S = W Wᵀ / √(r d), one d×d per student (computed in float64 from W) */
  S: Float64Array[];
}

export interface TrainResult {
  n: number;
  T: number;
  d: number;
  /** the first layer's width (the only one when L = 1) */
  r: number;
  steps: number;
  lr: number;
  beta: number;
  /** residual strength of the layer recursion */
  c: number;
  /** the first layer's weights (layers[0].W: the one-layer student's), one d×r per student */
  W: Float64Array[];
  /** the first layer's S (layers[0].S), one d×d per student */
  S: Float64Array[];
  /** every layer, in order */
  layers: TrainedLayer[];
  curve: CurvePoint[];
  /** median wall time of one Adam step for the whole group of students, in milliseconds */
  msPerStep: number;
  backend: BackendInfo;
}

/**
 * Trains `students` students (theory.md §7; L layers: §10) by full-batch Adam (PyTorch's form, lib/gd/adam.ts) on
 * the same data from independent N(0, 1) initializations, together (see lib/gd/student.ts: identical to training
 * them one by one). Frozen layers keep the given weights. Every tensor is freed before returning; the device's
 * tensor count is the same after every step.
 */
export async function trainStudents(data: TrainingData, options: TrainOptions): Promise<TrainResult> {
  const { n, T, d } = data;
  checkNumber("n", n, { integer: true, ge: 1 });
  const rhos = typeof options.rho === "number" ? [options.rho] : [...options.rho];
  if (rhos.length < 1) throw new ParameterError("rho", "a list of at least one width ratio (one per layer)", "[]");
  const r = rhos.map((rho) => width(d, rho));
  const L = r.length;
  const c = checkNumber("c", options.c ?? 1, { ge: 0 });
  const beta = checkBeta(options.beta ?? 1);
  const steps = checkNumber("steps", options.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", options.lr ?? 0.1, { gt: 0 });
  const K = checkNumber("students", options.students ?? 1, { integer: true, ge: 1 });
  const first = checkNumber("firstStudent", options.firstStudent ?? 0, { integer: true, ge: 0 });
  const recordEvery = checkNumber("recordEvery", options.recordEvery ?? 10, { integer: true, ge: 1 });
  if (data.y.length !== n * T * T) throw new RangeError(`y must have n·T·T = ${n * T * T} entries (got ${data.y.length})`);
  const frozen = options.frozen ?? [];
  if (frozen.length > L) throw new RangeError(`frozen has ${frozen.length} entries for ${L} layers`);
  frozen.forEach((w, l) => {
    if (w && w.length !== d * r[l]) throw new RangeError(`frozen layer ${l + 1} must be d×r = ${d * r[l]} weights (got ${w.length})`);
  });
  if (r.every((_, l) => frozen[l])) throw new RangeError("every layer is frozen: at least one layer must be trained");
  const targets = options.target === undefined ? undefined : options.target instanceof Float64Array ? [options.target] : [...options.target];
  if (targets && targets.length !== L) throw new RangeError(`target must have one d×d matrix per layer (${L}; got ${targets.length})`);
  for (const t of targets ?? []) if (t.length !== d * d) throw new RangeError(`target must be d×d = ${d * d} entries (got ${t.length})`);
  const shape: LayeredShape = { n, T, d, r, K, c };
  // layer ℓ of all K students side by side: [d, K r_ℓ]; a frozen layer repeats its given weights for every student
  const initial = r.map((rl, l) => {
    const fixed = frozen[l];
    return fixed ? sideBySide(() => fixed, d, rl, K) : initialWeights(d, rl, K, options.seed, first, l + 1);
  });
  const trainable = r.map((_, l) => !frozen[l]);

  const threads = Math.min(checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 }), n);
  if (threads > 1 || options.team) {
    // required lazily: the single-thread path never loads the worker machinery
    const { trainSharded } = require("./parallel") as typeof import("./parallel");
    return trainSharded(data, { shape, beta, steps, lr, recordEvery, init: initial, trainable, threads, team: options.team, targets, backend: options.backend, onStep: options.onStep });
  }

  const backend = await useBackend(options.backend ?? "auto");
  const tokens = new Tokens(data.X, n, T, d);
  const y = tf.tensor3d(Float32Array.from(data.y), [n, T, T]);
  const target = targets?.map((t) => tf.tensor2d(Float32Array.from(t), [d, d]));
  const W = initial.map((init, l) => tf.tidy(() => tf.variable(tf.tensor2d(init, [d, K * r[l]]), !frozen[l], undefined, "float32")));
  const optimizer = new Adam(W.filter((_, l) => !frozen[l]), { lr });
  const curve: CurvePoint[] = [];
  const times: number[] = [];
  try {
    const record = (step: number) => {
      const loss = tf.tidy(() => studentLosses(tokens, y, W, shape, beta));
      const point: CurvePoint = { step, loss: Array.from(loss.dataSync()) };
      loss.dispose();
      if (target) {
        point.layerErrors = target.map((t, l) => {
          const err = tf.tidy(() => studentMatrices(W[l], { d, r: r[l], K }).sub(t.expandDims(0)).square().sum([1, 2]).div(d));
          const values = Array.from(err.dataSync());
          err.dispose();
          return values;
        });
        point.error = point.layerErrors[0];
      }
      curve.push(point);
    };
    record(0);
    const objective = () => tf.tidy(() => studentLosses(tokens, y, W, shape, beta).sum() as tf.Scalar);
    for (let step = 1; step <= steps; step++) {
      const t0 = performance.now();
      optimizer.step(objective);
      times.push(performance.now() - t0);
      if (step % recordEvery === 0 || step === steps) record(step);
      options.onStep?.(step, steps);
    }
    const layers = W.map((Wl, l) => ({ r: r[l], trained: trainable[l], ...splitStudents(Wl.dataSync(), d, r[l], K) }));
    return { n, T, d, r: r[0], steps, lr, beta, c, W: layers[0].W, S: layers[0].S, layers, curve, msPerStep: median(times), backend };
  } finally {
    tokens.dispose();
    y.dispose();
    tf.dispose(target ?? []);
    tf.dispose(W);
    optimizer.dispose();
  }
}

/**
 * The initial weights of layer `layer` (from 1) of students first … first + K − 1 side by side, [d, K·r] row-major
 * in float32: student k's N(0, 1) entries from childSeed(seed, "student", first + k) for layer 1 (the one-layer
 * student's) and childSeed(seed, "student", first + k, "layer", ℓ) for layer ℓ ≥ 2, so a student does not depend
 * on its group.
 */
export function initialWeights(d: number, r: number, K: number, seed: Seed, first: number, layer = 1): Float32Array {
  const stream = (k: number) => (layer === 1 ? childSeed(seed, "student", first + k) : childSeed(seed, "student", first + k, "layer", layer));
  return sideBySide((k) => gaussianArray(d * r, stream(k)), d, r, K);
}

/** K students' d×r weights (student k's from `weights(k)`) side by side: [d, K·r] row-major, float32. */
function sideBySide(weights: (k: number) => ArrayLike<number>, d: number, r: number, K: number): Float32Array {
  const out = new Float32Array(d * K * r);
  for (let k = 0; k < K; k++) {
    const w = weights(k);
    for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) out[i * K * r + k * r + j] = w[i * r + j];
  }
  return out;
}

/** Each student's weights (d×r, float64 copy) and S = W Wᵀ / √(r d) from the side-by-side [d, K·r] weights. */
export function splitStudents(weights: ArrayLike<number>, d: number, r: number, K: number): { W: Float64Array[]; S: Float64Array[] } {
  const W: Float64Array[] = [];
  const S: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const w = new Float64Array(d * r);
    for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) w[i * r + j] = weights[i * K * r + k * r + j];
    W.push(w);
    S.push(teacherFromWeights(w, d, r).S);
  }
  return { W, S };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** (1/d)‖A − B‖_F² for two d×d matrices, in float64. */
export function matrixError(A: Float64Array, B: Float64Array, d: number): number {
  if (A.length !== d * d || B.length !== d * d) throw new RangeError(`matrices must be d×d = ${d * d} entries`);
  let s = 0;
  for (let i = 0; i < A.length; i++) s += (A[i] - B[i]) ** 2;
  return s / d;
}
