import * as tf from "@tensorflow/tfjs";
import type { TeamContext } from "../parallel/team";
import { useBackend } from "../tensor/backend";
import { Adam } from "./adam";
import { LayeredShape, studentLosses, studentMatrices, Tokens } from "./student";

/**
 * One worker's part of data-parallel GD (lib/gd/parallel.ts): the task module of a lib/parallel/team.ts team.
 * Worker `rank` holds, on its own TensorFlow.js backend, its contiguous shard of the samples (its tokens and
 * labels only), a full copy of the weights (one [d, K·r_ℓ] variable per layer of the L-layer student; frozen layers
 * are held fixed and exchange no gradient) and its own Adam moments. Each `step` call
 *   1. applies the pending Adam step with the summed gradient g = Σ_shards g_shard (summed in rank order, so
 *      every copy of the weights takes the same step and stays identical),
 *   2. computes its shard's loss Σ_{μ ∈ shard} Σ_ab (ŷ − y)² / d and the gradient of it (summed over students)
 *      and writes the gradient into its slot of the shared buffer.
 * The shared buffer holds two generations of W slots (step parity), so a worker writing step t's gradient never
 * overwrites a slot another worker is still reading for step t − 1.
 */

export interface ShardSetup {
  shape: LayeredShape;
  beta: number;
  lr: number;
  backend: string;
  /** this shard's tokens, n_shard·T·d (float32) */
  X: Float32Array;
  /** this shard's labels, n_shard·T·T */
  y: Float32Array;
  /** initial weights, one entry per layer; `trainable: false` for a frozen layer */
  params: Array<{ values: Float32Array; shape: number[]; trainable: boolean }>;
  /** 2 generations × team size × (trained parameter count) float32 gradients */
  gradients: SharedArrayBuffer;
  /** the teacher's S_ℓ* per layer (rank 0 only), for the error curves */
  targets?: Float32Array[];
}

export interface ShardReport {
  /** this shard's loss per student (when recorded) */
  loss?: number[];
  /** layerErrors[ℓ][k] = (1/d)‖S_{ℓ,k} − S_ℓ*‖² (rank 0, when recorded and targets were given) */
  layerErrors?: number[][];
}

interface State {
  shape: LayeredShape;
  beta: number;
  tokens: Tokens;
  y: tf.Tensor3D;
  targets?: tf.Tensor2D[];
  /** every layer's weights */
  params: tf.Variable[];
  /** the trained layers' weights (Adam's parameters, the gradient slots' order) */
  trained: tf.Variable[];
  sizes: number[];
  total: number;
  optimizer: Adam;
  slots: Float32Array;
  /** gradients written so far (= Adam steps pending or taken + 1) */
  written: number;
  rank: number;
  size: number;
}

let state: State | undefined;

function current(): State {
  if (!state) throw new Error("shard worker: call setup first");
  return state;
}

/** The per-student losses of this shard: the one place the student model enters the data-parallel path. */
function shardLosses(s: State): tf.Tensor1D {
  return studentLosses(s.tokens, s.y, s.params as tf.Variable<tf.Rank.R2>[], { ...s.shape, n: s.tokens.n }, s.beta);
}

/** Loads the shard onto this worker's backend and creates its weights and Adam state; returns the backend label. */
export async function setup(input: ShardSetup, { rank, size }: TeamContext): Promise<string> {
  dispose();
  const info = await useBackend(input.backend as "auto");
  const { T, d } = input.shape;
  const n = input.y.length / (T * T);
  const tokens = new Tokens(Float64Array.from(input.X), n, T, d);
  const y = tf.tensor3d(input.y, [n, T, T]);
  const params = input.params.map((p) => tf.tidy(() => tf.variable(tf.tensor(p.values, p.shape), p.trainable, undefined, "float32")));
  const trained = params.filter((_, i) => input.params[i].trainable);
  const sizes = input.params.filter((p) => p.trainable).map((p) => p.values.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  state = {
    shape: input.shape,
    beta: input.beta,
    tokens,
    y,
    targets: input.targets?.map((t) => tf.tensor2d(t, [d, d])),
    params,
    trained,
    sizes,
    total,
    optimizer: new Adam(trained, { lr: input.lr }),
    slots: new Float32Array(input.gradients),
    written: 0,
    rank,
    size,
  };
  return info.label;
}

/** Applies the Adam step with the summed gradients of the last generation, if one is pending. */
function applyPending(s: State): void {
  if (s.written === s.optimizer.steps) return;
  const generation = ((s.written - 1) % 2) * s.size * s.total;
  const sum = new Float32Array(s.total);
  for (let w = 0; w < s.size; w++) {
    const slot = s.slots.subarray(generation + w * s.total, generation + (w + 1) * s.total);
    for (let i = 0; i < s.total; i++) sum[i] += slot[i];
  }
  const grads: tf.Tensor[] = [];
  let offset = 0;
  s.trained.forEach((p, i) => {
    grads.push(tf.tensor(sum.subarray(offset, offset + s.sizes[i]), p.shape));
    offset += s.sizes[i];
  });
  s.optimizer.apply(grads);
  tf.dispose(grads);
}

/** The losses (and, on rank 0 with a target, the errors) at the current weights. */
function report(s: State, losses: tf.Tensor1D): ShardReport {
  const out: ShardReport = { loss: Array.from(losses.dataSync()) };
  if (s.targets && s.rank === 0) {
    const { d, r, K } = s.shape;
    out.layerErrors = s.targets.map((target, l) => {
      const err = tf.tidy(() => studentMatrices(s.params[l] as tf.Variable<tf.Rank.R2>, { d, r: r[l], K }).sub(target.expandDims(0)).square().sum([1, 2]).div(d));
      const values = Array.from(err.dataSync());
      err.dispose();
      return values;
    });
  }
  return out;
}

/** Pending update, then this shard's gradient into the shared buffer; reports losses/errors when `record`. */
export function step(input: { record: boolean }): ShardReport {
  const s = current();
  applyPending(s);
  let losses: tf.Tensor1D | undefined;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const l = shardLosses(s);
      if (input.record) losses = tf.keep(l);
      return l.sum() as tf.Scalar;
    }, s.trained);
    let offset = (s.written % 2) * s.size * s.total + s.rank * s.total;
    s.trained.forEach((p, i) => {
      s.slots.set(grads[p.name].dataSync() as Float32Array, offset);
      offset += s.sizes[i];
    });
  });
  s.written++;
  if (!losses) return {};
  const out = report(s, losses);
  losses.dispose();
  return out;
}

/** The last pending update, then losses (errors on rank 0) and, on rank 0, the final weights. */
export function finish(): ShardReport & { params?: Float32Array[] } {
  const s = current();
  applyPending(s);
  const losses = tf.tidy(() => shardLosses(s));
  const out: ShardReport & { params?: Float32Array[] } = report(s, losses);
  losses.dispose();
  if (s.rank === 0) out.params = s.params.map((p) => Float32Array.from(p.dataSync() as Float32Array));
  return out;
}

/** Frees this worker's tensors (also done by the next setup). */
export function dispose(): void {
  if (!state) return;
  state.tokens.dispose();
  state.y.dispose();
  tf.dispose(state.targets ?? []);
  tf.dispose(state.params);
  state.optimizer.dispose();
  state = undefined;
}
