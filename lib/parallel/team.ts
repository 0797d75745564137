import { availableParallelism } from "node:os";
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
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
 *
 * Synchronous calls (`callSync`) serve callers that cannot await, e.g. a product inside a synchronous iteration
 * (AMP's token products, lib/linalg/simd-products.ts): the calling thread posts the call, optionally does its own
 * share of the work, then blocks in Atomics.wait until every worker has replied on its own MessagePort (read with
 * receiveMessageOnPort). The workers of a team made with `detached: true` do not keep the process alive (unref),
 * so a team can be kept for the life of the process and reused by many runs; such a team should only be used
 * with `callSync` (an `await`ed call on an idle process could otherwise let it exit).
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
  /** [replies posted by the workers for synchronous calls, a worker has exited] */
  private readonly signal = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  /** per worker: the port its synchronous replies arrive on */
  private readonly syncPorts: MessagePort[] = [];

  /**
   * Starts `workers` threads (default: all cores) on `module` (an absolute path, e.g. from require.resolve);
   * `detached` workers do not keep the process alive (for teams used with callSync only).
   */
  constructor(readonly module: string, options: { workers?: number; detached?: boolean } = {}) {
    this.size = checkNumber("workers", options.workers ?? defaultTeamSize(), { integer: true, ge: 1 });
    this.workers = Array.from({ length: this.size }, (_, rank) => {
      const channel = new MessageChannel();
      this.syncPorts.push(channel.port1);
      const worker = spawnTaskWorker(module, { rank, size: this.size }, { port: channel.port2, signal: this.signal });
      worker.on("message", (m: WorkerReply) => this.receive(rank, m));
      worker.on("error", (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on("exit", (code) => {
        if (!this.closed) this.fail(new Error(`team worker ${rank} exited with code ${code}`));
      });
      // after the listeners: adding a 'message' listener refs the worker again
      if (options.detached) worker.unref();
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

  /**
   * Runs `module[method](input, {rank, size})` on every worker and returns their results in rank order, blocking
   * the calling thread until all have replied; `meanwhile` runs on the calling thread while the workers work (its
   * own share of a split computation). Throws the first task error (after every worker has answered), or when a
   * worker exits during the call. Not to be mixed with pending asynchronous calls.
   */
  callSync<R = unknown, I = unknown>(method: string, input?: TeamInput<I>, meanwhile?: () => void): R[] {
    if (this.closed) throw new Error("the worker team is closed");
    if (this.failure) throw this.failure;
    if (this.pending.size > 0) throw new Error("callSync while asynchronous team calls are pending");
    const id = this.nextId++;
    const base = Atomics.load(this.signal, 0);
    this.workers.forEach((worker, rank) => {
      const value = typeof input === "function" ? (input as (rank: number) => I)(rank) : input;
      worker.postMessage({ id, method, input: value, sync: true });
    });
    let meanwhileError: unknown;
    try {
      meanwhile?.();
    } catch (error) {
      meanwhileError = error;
    }
    for (;;) {
      const replies = Atomics.load(this.signal, 0);
      if (replies - base >= this.size) break;
      if (Atomics.load(this.signal, 1)) {
        this.fail(new Error("a team worker exited during a synchronous call"));
        throw this.failure;
      }
      Atomics.wait(this.signal, 0, replies, 1000);
    }
    const results = new Array<R>(this.size);
    let taskError: Error | undefined;
    this.syncPorts.forEach((port, rank) => {
      const reply = receiveMessageOnPort(port)?.message as WorkerReply | undefined;
      if (!reply || reply.id !== id) throw new Error(`team worker ${rank} gave no reply to synchronous call ${id}`);
      if (reply.error) taskError ??= rebuildError(reply.error);
      else results[rank] = reply.result as R;
    });
    if (meanwhileError !== undefined) throw meanwhileError;
    if (taskError) throw taskError;
    return results;
  }

  /** Terminates every worker (idempotent); pending calls are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("the worker team was closed during a call"));
    this.pending.clear();
    for (const port of this.syncPorts) port.close();
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
