import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { checkNumber } from "../util/check";
import { rebuildError, spawnTaskWorker, WorkerReply } from "./spawn";

/**
 * A persistent team of W worker threads for data-parallel work (one computation split over the workers, called
 * many times): each worker loads the task module once (lib/parallel/spawn.ts: the same bootstrap as
 * lib/parallel/pool.ts), owns shard `rank` of the data, and answers repeated calls. A call runs
 * `module[method](input, { rank, size })` on every worker at once and resolves to the W results in rank order.
 *
 * Typical use: a "setup" call hands every worker its shard and the SharedArrayBuffers it writes into (shared, not
 * copied), then "step" calls carry only small inputs; the module keeps its state (tensors, views) in module-level
 * variables, which are per worker. Close the team when done (`close`, in a finally); an error thrown by a task
 * rejects the call with the task's error (RangeError stays RangeError, as in pool.ts); a worker that dies rejects
 * every pending and later call.
 */

/** What every task function of a team receives as its second argument. */
export interface TeamContext {
  /** this worker's index, 0 … size − 1 */
  rank: number;
  /** number of workers in the team */
  size: number;
}

/** An input for every worker: the same value for all, or a function of the rank (called on the main thread). */
export type TeamInput<I> = I | ((rank: number) => I);

/** Default team size: all cores. */
export function defaultTeamSize(): number {
  return availableParallelism();
}

/**
 * The contiguous block [start, end) of `count` items owned by worker `rank` of `size`: start = ⌊rank·count/size⌋,
 * so blocks are in rank order, cover every item once, and differ in length by at most one.
 */
export function contiguousShard(count: number, size: number, rank: number): { start: number; end: number } {
  checkNumber("count", count, { integer: true, ge: 0 });
  checkNumber("size", size, { integer: true, ge: 1 });
  checkNumber("rank", rank, { integer: true, ge: 0, lt: size });
  return { start: Math.floor((rank * count) / size), end: Math.floor(((rank + 1) * count) / size) };
}

interface Pending {
  results: unknown[];
  remaining: number;
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

export class WorkerTeam {
  readonly size: number;
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  /** Starts `workers` threads (default: all cores) on `module` (an absolute path, e.g. from require.resolve). */
  constructor(readonly module: string, options: { workers?: number } = {}) {
    this.size = checkNumber("workers", options.workers ?? defaultTeamSize(), { integer: true, ge: 1 });
    this.workers = Array.from({ length: this.size }, (_, rank) => {
      const worker = spawnTaskWorker(module, { rank, size: this.size });
      worker.on("message", (m: WorkerReply) => this.receive(rank, m));
      worker.on("error", (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on("exit", (code) => {
        if (!this.closed) this.fail(new Error(`team worker ${rank} exited with code ${code}`));
      });
      return worker;
    });
  }

  /** Runs `module[method](input, {rank, size})` on every worker; resolves to their results in rank order. */
  call<R = unknown, I = unknown>(method: string, input?: TeamInput<I>): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error("the worker team is closed"));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<R[]>((resolve, reject) => {
      this.pending.set(id, { results: new Array(this.size), remaining: this.size, resolve: resolve as (r: unknown[]) => void, reject });
      this.workers.forEach((worker, rank) => {
        const value = typeof input === "function" ? (input as (rank: number) => I)(rank) : input;
        worker.postMessage({ id, method, input: value });
      });
    });
  }

  /** Terminates every worker (idempotent); pending calls are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("the worker team was closed during a call"));
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private receive(rank: number, m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return; // a call already rejected by another worker's error
    if (m.error) {
      this.pending.delete(m.id);
      p.reject(rebuildError(m.error));
      return;
    }
    p.results[rank] = m.result;
    if (--p.remaining === 0) {
      this.pending.delete(m.id);
      p.resolve(p.results);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
