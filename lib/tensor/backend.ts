import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import { checkChoice } from "../util/check";

/**
 * TensorFlow.js backend selection: the one module that decides where the student's tensors live.
 *
 * Order of preference (issue 5):
 *   1. "tensorflow" — @tensorflow/tfjs-node (native TensorFlow, multi-threaded) when it is installed;
 *   2. "wasm"       — @tensorflow/tfjs-backend-wasm with SIMD (threads where the runtime supports them;
 *                     Node runs the single-threaded build);
 *   3. "cpu"        — the pure-JavaScript backend, with a warning (several times slower).
 * Every backend computes in float32. Results report the backend they ran on (`BackendInfo`).
 */

export const BACKEND_NAMES = ["tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  /** the tfjs backend name in use */
  name: BackendName;
  /** SIMD enabled (wasm only) */
  simd: boolean;
  /** multi-threaded (wasm with threads, or native TensorFlow) */
  threads: boolean;
  /** "tfjs 4.22.0 wasm simd" — what results and manifests record */
  label: string;
}

/** Where the .wasm binaries of @tensorflow/tfjs-backend-wasm are (its dist folder), with a trailing slash. */
export function wasmBinaryDirectory(): string {
  const entry = require.resolve("@tensorflow/tfjs-backend-wasm");
  // entry is …/tfjs-backend-wasm/dist/<file>.js
  return path.dirname(entry) + path.sep;
}

let registered: Partial<Record<BackendName, boolean>> | undefined;

/** Loads the optional backend packages once (guarded requires: a missing package is not an error). */
function registerBackends(): Partial<Record<BackendName, boolean>> {
  if (registered) return registered;
  registered = { cpu: true };
  // Production mode silences tfjs's console banner ("install our node backend"), which would otherwise land
  // in CLI output and notebook cells; the fallback warning below says the same thing once, through `warn`.
  tf.env().set("PROD", true);
  try {
    // Optional dependency: users with network access may `npm install @tensorflow/tfjs-node`.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@tensorflow/tfjs-node");
    registered.tensorflow = tf.findBackendFactory("tensorflow") !== null;
  } catch {
    registered.tensorflow = false;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(wasmBinaryDirectory());
    registered.wasm = true;
  } catch {
    registered.wasm = false;
  }
  return registered;
}

/** The backends that can be used in this installation, in order of preference. */
export function availableBackends(): BackendName[] {
  const r = registerBackends();
  return BACKEND_NAMES.filter((b) => r[b] === true);
}

let warned = false;

/**
 * Activates a backend and returns what is in use. With no argument (or "auto") picks the best
 * available one; with a name, uses that one or throws if it is not available. Idempotent.
 * `warn` receives the message printed when falling back to the slow pure-JS backend.
 */
export async function useBackend(
  preference: BackendName | "auto" = "auto",
  warn: (message: string) => void = (m) => process.emitWarning(m),
): Promise<BackendInfo> {
  const choice = checkChoice("backend", preference, [...BACKEND_NAMES, "auto"] as const);
  const available = availableBackends();
  if (choice !== "auto" && !available.includes(choice)) {
    throw new RangeError(`backend must be one of the available backends ${available.join(", ")} (got "${choice}")`);
  }
  const order = choice === "auto" ? available : [choice];
  for (const name of order) {
    if (tf.getBackend() === name || (await tf.setBackend(name))) {
      await tf.ready();
      if (name === "cpu" && choice === "auto" && !warned) {
        warned = true;
        warn("neither @tensorflow/tfjs-node nor the wasm backend could start; using the slow pure-JS cpu backend");
      }
      return backendInfo();
    }
  }
  throw new Error(`no TensorFlow.js backend could be initialised (tried ${order.join(", ")})`);
}

/** Describes the active backend. */
export function backendInfo(): BackendInfo {
  const name = tf.getBackend() as BackendName;
  const simd = name === "wasm" && tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  const threads = name === "tensorflow" || (name === "wasm" && tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"));
  const parts = [`tfjs ${tf.version_core}`, name];
  if (simd) parts.push("simd");
  if (threads) parts.push("threads");
  return { name, simd, threads, label: parts.join(" ") };
}
