import { Worker } from "node:worker_threads";

/**
 * One worker thread loaded with a task module: the single mechanism behind lib/parallel/pool.ts (independent
 * tasks) and lib/parallel/team.ts (a persistent team of workers answering repeated calls).
 *
 * The worker requires `module` once and answers messages {id, method, input} with
 * `module[method](input, context)` (a value or a promise) as {id, result} or {id, error}. Workers must load
 * TypeScript when the library runs from source (bin/aim.cjs, tests, notebooks under tsx): a worker then registers
 * tsx's CommonJS hook before requiring the .ts module. From the compiled dist/ the .js module is required directly.
 * Inputs and results cross the thread boundary by structured clone (plain data; a SharedArrayBuffer is shared,
 * not copied). Each worker has its own module instances, so module-level state is per worker.
 */

/** What a task function receives besides its input: fixed per worker (e.g. its rank in a team). */
export type WorkerContext = Record<string, unknown> | undefined;

/** A task's error as it crosses the thread boundary. */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
}

export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: WorkerError;
}

const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
if (workerData.tsx) require(workerData.tsx);
const tasks = require(workerData.module);
parentPort.on("message", ({ id, method, input }) => {
  new Promise((resolve) => {
    if (typeof tasks[method] !== "function") throw new Error(workerData.module + " has no function " + method);
    resolve(tasks[method](input, workerData.context));
  }).then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: "Error", message: String(error) } }),
  );
});
`;

/** Starts a worker thread that has required `module` (a .ts file under tsx, else .js) with `context` for its tasks. */
export function spawnTaskWorker(module: string, context?: WorkerContext): Worker {
  const tsx = module.endsWith(".ts") ? require.resolve("tsx/cjs") : undefined;
  return new Worker(BOOTSTRAP, { eval: true, workerData: { module, tsx, context } });
}

/** Rebuilds an error thrown in a worker, keeping RangeError (bad parameters) distinguishable. */
export function rebuildError(e: WorkerError): Error {
  const error = e.name === "RangeError" || e.name === "ParameterError" ? new RangeError(e.message) : new Error(e.message);
  if (e.stack) error.stack = e.stack;
  return error;
}
