import * as tf from "@tensorflow/tfjs";
import { teacherFromWeights } from "../model/teacher";
import { width } from "../model/teacher";
import { childSeed, gaussianArray, Seed } from "../random/rng";
import { checkBeta, checkNumber } from "../util/check";
import type { WorkerTeam } from "../parallel/team";
import { Adam } from "./adam";
import { BackendInfo, BackendName, useBackend } from "../tensor/backend";
import { studentLosses, studentMatrices, StudentShape, Tokens } from "./student";

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
  /** student width ratio; r = round(ρ d) as for the teacher */
  rho: number;
  /** seed of the students' N(0, 1) initializations (student k uses childSeed(seed, "student", k)) */
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
  /** the teacher's S* (d×d): enables the error curve (1/d)‖S − S*‖_F² */
  target?: Float64Array;
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
  /** (1/d)‖S_k − S*‖_F² per student (float32 on the device), when a target was given */
  error?: number[];
}

export interface TrainResult {
  n: number;
  T: number;
  d: number;
  r: number;
  steps: number;
  lr: number;
  beta: number;
  /** learned weights, one d×r (float64 copy) per student */
  W: Float64Array[];
  /** learned S = W Wᵀ / √(r d), one d×d per student (computed in float64 from W) */
  S: Float64Array[];
  curve: CurvePoint[];
  /** median wall time of one Adam step for the whole group of students, in milliseconds */
  msPerStep: number;
  backend: BackendInfo;
}

/**
 * Trains `students` students (theory.md §7) by full-batch Adam (PyTorch's form, lib/gd/adam.ts) on the same data from independent N(0, 1)
 * initializations, together (see lib/gd/student.ts: identical to training them one by one). Every tensor
 * is freed before returning; the device's tensor count is the same after every step.
 */
export async function trainStudents(data: TrainingData, options: TrainOptions): Promise<TrainResult> {
  const { n, T, d } = data;
  checkNumber("n", n, { integer: true, ge: 1 });
  const r = width(d, options.rho);
  const beta = checkBeta(options.beta ?? 1);
  const steps = checkNumber("steps", options.steps ?? 1000, { integer: true, ge: 1 });
  const lr = checkNumber("lr", options.lr ?? 0.1, { gt: 0 });
  const K = checkNumber("students", options.students ?? 1, { integer: true, ge: 1 });
  const first = checkNumber("firstStudent", options.firstStudent ?? 0, { integer: true, ge: 0 });
  const recordEvery = checkNumber("recordEvery", options.recordEvery ?? 10, { integer: true, ge: 1 });
  if (data.y.length !== n * T * T) throw new RangeError(`y must have n·T·T = ${n * T * T} entries (got ${data.y.length})`);
  if (options.target && options.target.length !== d * d) {
    throw new RangeError(`target must be d×d = ${d * d} entries (got ${options.target.length})`);
  }
  const shape: StudentShape = { n, T, d, r, K };

  const init = initialWeights(d, r, K, options.seed, first);
  const threads = Math.min(checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 }), n);
  if (threads > 1 || options.team) {
    // required lazily: the single-thread path never loads the worker machinery
    const { trainSharded } = require("./parallel") as typeof import("./parallel");
    return trainSharded(data, { shape, beta, steps, lr, recordEvery, init, threads, team: options.team, target: options.target, backend: options.backend, onStep: options.onStep });
  }

  const backend = await useBackend(options.backend ?? "auto");
  const tokens = new Tokens(data.X, n, T, d);
  const y = tf.tensor3d(Float32Array.from(data.y), [n, T, T]);
  const target = options.target ? tf.tensor2d(Float32Array.from(options.target), [d, d]) : undefined;
  const W = tf.tidy(() => tf.variable(tf.tensor2d(init, [d, K * r]), true, undefined, "float32"));
  const optimizer = new Adam(W, { lr });
  const curve: CurvePoint[] = [];
  const times: number[] = [];
  try {
    const record = (step: number) => {
      const loss = tf.tidy(() => studentLosses(tokens, y, W, shape, beta));
      const point: CurvePoint = { step, loss: Array.from(loss.dataSync()) };
      loss.dispose();
      if (target) {
        const err = tf.tidy(() => studentMatrices(W, shape).sub(target.expandDims(0)).square().sum([1, 2]).div(d));
        point.error = Array.from(err.dataSync());
        err.dispose();
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
    return { n, T, d, r, steps, lr, beta, ...splitStudents(W.dataSync(), d, r, K), curve, msPerStep: median(times), backend };
  } finally {
    tokens.dispose();
    y.dispose();
    target?.dispose();
    W.dispose();
    optimizer.dispose();
  }
}

/**
 * The initial weights of students first … first + K − 1 side by side, [d, K·r] row-major in float32: student k's
 * N(0, 1) entries from childSeed(seed, "student", first + k), so a student does not depend on its group.
 */
export function initialWeights(d: number, r: number, K: number, seed: Seed, first: number): Float32Array {
  const init = new Float32Array(d * K * r);
  for (let k = 0; k < K; k++) {
    const w = gaussianArray(d * r, childSeed(seed, "student", first + k));
    for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) init[i * K * r + k * r + j] = w[i * r + j];
  }
  return init;
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
