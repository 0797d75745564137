import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { checkNumber } from "../util/check";
import { rebuildError, spawnTaskWorker, WorkerReply } from "./spawn";

/**
 * Runs independent tasks on worker threads and hands the results back IN INPUT ORDER, whatever order the
 * workers finish in (a reorder buffer), so output files do not depend on scheduling.
 *
 * A task is `module[exportName](input)` with `module` a file path; it may return a value or a promise. Workers are
 * started by lib/parallel/spawn.ts (tsx under source, structured clone across the boundary); for workers that
 * keep state between calls see lib/parallel/team.ts.
 */

export interface PoolOptions<R> {
  /** worker threads (default: the available parallelism, at most the number of inputs); 0 runs inline */
  workers?: number;
  /** called once per input, in input order, as soon as that result and all earlier ones are in */
  onResult?: (index: number, result: R) => void;
}

/** Default worker count: all cores, never more than there are tasks. */
export function defaultWorkers(tasks: number): number {
  return Math.max(1, Math.min(availableParallelism(), tasks));
}

/**
 * Maps `require(module)[exportName]` over `inputs` on worker threads; resolves to the results in input order.
 * The first task that throws rejects the whole map (remaining workers are terminated).
 */
export async function mapInWorkers<I, R>(module: string, exportName: string, inputs: readonly I[], options: PoolOptions<R> = {}): Promise<R[]> {
  const workers = checkNumber("workers", options.workers ?? defaultWorkers(inputs.length), { integer: true, ge: 0 });
  const results: R[] = new Array(inputs.length);
  let emitted = 0;
  const done = new Array<boolean>(inputs.length).fill(false);
  const deliver = (index: number, result: R) => {
    results[index] = result;
    done[index] = true;
    while (emitted < inputs.length && done[emitted]) {
      options.onResult?.(emitted, results[emitted]);
      emitted++;
    }
  };
  if (workers === 0 || inputs.length === 0) {
    // inline: same task function, same order (used for tiny grids and for debugging)
    const task = require(module)[exportName] as (input: I) => R | Promise<R>;
    for (let i = 0; i < inputs.length; i++) deliver(i, await task(inputs[i]));
    return results;
  }
  const pool = Array.from({ length: Math.min(workers, inputs.length) }, () => spawnTaskWorker(module));
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const feed = (worker: Worker) => {
        if (next < inputs.length) {
          const index = next++;
          worker.postMessage({ id: index, method: exportName, input: inputs[index] });
        }
      };
      for (const worker of pool) {
        worker.on("message", (m: WorkerReply) => {
          if (m.error) return reject(rebuildError(m.error));
          deliver(m.id, m.result as R);
          if (++finished === inputs.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (finished < inputs.length && code !== 0) reject(new Error(`sweep worker exited with code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
