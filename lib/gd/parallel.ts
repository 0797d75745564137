import { contiguousShard, WorkerTeam } from "../parallel/team";
import { BACKEND_NAMES, BackendInfo, BackendName } from "../tensor/backend";
import type { ShardReport, ShardSetup } from "./shard";
import type { LayeredShape } from "./student";
import { CurvePoint, median, splitStudents, TrainingData, TrainResult } from "./train";

/**
 * Data-parallel full-batch GD (issue 11): the loss Σ_μ ℓ_μ(W) of theory.md §7 is a sum over samples, so its
 * gradient is the sum of the gradients of contiguous shards of the samples. A team of `threads` workers
 * (lib/parallel/team.ts) each holds one shard on its own TensorFlow.js backend (memory per worker: its shard and a
 * copy of the weights), computes its shard's gradient into a shared buffer, and every worker applies the same
 * Adam step (lib/gd/adam.ts) to its copy with the summed gradient (lib/gd/shard.ts). One call per step: call t
 * applies step t − 1 and computes the gradient for step t. The result equals single-thread training up to the
 * float32 summation order of the gradient (Σ over shards of partial sums instead of one sum over all samples).
 */
export interface ShardedOptions {
  /** the students' layers (one width per layer) and residual strength (lib/gd/student.ts) */
  shape: LayeredShape;
  beta: number;
  steps: number;
  lr: number;
  recordEvery: number;
  /** initial weights of every layer, [d, K·r_ℓ] each (lib/gd/train.ts initialWeights) */
  init: Float32Array[];
  /** per layer: trained (true) or held at its initial weights (a frozen layer) */
  trainable: boolean[];
  /** a team from `shardTeam` to train on (kept open for the next training); else one of `threads` workers is started */
  team?: WorkerTeam;
  threads: number;
  /** the teacher's S_ℓ* per layer, for the error curves */
  targets?: Float64Array[];
  backend?: BackendName | "auto";
  onStep?: (step: number, steps: number) => void;
}

/** A team of `threads` data-parallel GD workers (lib/gd/shard.ts), to reuse over several trainings; close it when done. */
export function shardTeam(threads: number): WorkerTeam {
  return new WorkerTeam(require.resolve("./shard"), { workers: threads });
}

export async function trainSharded(data: TrainingData, options: ShardedOptions): Promise<TrainResult> {
  const { shape, steps, recordEvery } = options;
  const { n, T, d, r, K } = shape;
  const team = options.team ?? shardTeam(options.threads);
  const threads = team.size;
  if (threads > n) throw new RangeError(`team must have at most n = ${n} workers, one sample per shard at least (got ${threads})`);
  const params = options.init.map((values, l) => ({ values, shape: [d, K * r[l]], trainable: options.trainable[l] }));
  // gradients are exchanged for the trained layers only
  const total = params.reduce((s, p) => s + (p.trainable ? p.values.length : 0), 0);
  const gradients = new SharedArrayBuffer(2 * threads * total * Float32Array.BYTES_PER_ELEMENT);
  try {
    const labels = await team.call<string, ShardSetup>("setup", (rank) => {
      const { start, end } = contiguousShard(n, threads, rank);
      return {
        shape,
        beta: options.beta,
        lr: options.lr,
        backend: options.backend ?? "auto",
        X: Float32Array.from(data.X.subarray(start * T * d, end * T * d)),
        y: Float32Array.from(data.y.subarray(start * T * T, end * T * T)),
        params,
        gradients,
        targets: rank === 0 && options.targets ? options.targets.map((t) => Float32Array.from(t)) : undefined,
      };
    });
    const curve: CurvePoint[] = [];
    const record = (step: number, reports: ShardReport[]) => {
      // the loss is a sum over samples: add the shards' parts (float64 on the host)
      const loss = Array.from({ length: K }, (_, k) => reports.reduce((s, rep) => s + rep.loss![k], 0));
      const layerErrors = reports[0].layerErrors;
      curve.push(layerErrors ? { step, loss, error: layerErrors[0], layerErrors } : { step, loss });
    };
    const times: number[] = [];
    for (let call = 1; call <= steps; call++) {
      const previous = call - 1; // the weights this call differentiates at have taken `previous` steps
      const recordNow = previous === 0 || previous % recordEvery === 0;
      const t0 = performance.now();
      const reports = await team.call<ShardReport>("step", { record: recordNow });
      times.push(performance.now() - t0);
      if (recordNow) record(previous, reports);
      if (previous > 0) options.onStep?.(previous, steps);
    }
    const last = await team.call<ShardReport & { params?: Float32Array[] }>("finish");
    record(steps, last);
    options.onStep?.(steps, steps);
    const backend = backendFromLabel(labels[0], threads);
    const layers = last[0].params!.map((values, l) => ({ r: r[l], trained: options.trainable[l], ...splitStudents(values, d, r[l], K) }));
    const { c } = shape;
    return { n, T, d, r: r[0], steps, lr: options.lr, beta: options.beta, c, W: layers[0].W, S: layers[0].S, layers, curve, msPerStep: median(times), backend };
  } finally {
    if (!options.team) await team.close();
  }
}

/** The workers' backend (their label, e.g. "tfjs 4.22.0 wasm simd") and how many worker threads ran it. */
function backendFromLabel(label: string, threads: number): BackendInfo {
  const words = label.split(" ");
  const name = BACKEND_NAMES.find((b) => words.includes(b)) ?? "cpu";
  return { name, simd: words.includes("simd"), threads: true, label: `${label} × ${threads} workers` };
}
