import * as tf from "@tensorflow/tfjs";
import { backendInfo } from "../tensor/backend";
import { checkChoice, checkNumber } from "../util/check";
import { combineTokens, indicesFromProducts, tokenAccumulate, tokenIndices, tokenWorkspace } from "./products";
import { simdProducts } from "./simd-products";

/**
 * The two products AMP needs with one fixed token matrix X (n·T × d), behind one interface with a choice of
 * arithmetic (theory.md §6):
 *
 *   indices(M)    h^μ_ab = (x_aᵀ M x_b − δ_ab Tr M)/√d            (2 n T d² flops)
 *   accumulate(G) A = Σ_μ Σ_{a≤b} G^μ_ab Z^μ_ab                   (2 n T d² flops, or half with symmetry)
 *
 * "float64" runs, by default, the WebAssembly SIMD kernels of lib/linalg/simd-products.ts (f64x2, register-blocked,
 * ≈ 10–18 GFLOP/s on one core); `kernels: "js"` selects the blocked JavaScript GEMMs of lib/linalg/products.ts
 * (≈ 3–5 GFLOP/s), the reference the SIMD kernels are tested against: both are exact to float64 rounding and
 * differ only in the order of the sums inside a GEMM. "float32" routes only the two (nT×d)·(d×d)-sized GEMMs through TensorFlow.js (XNNPACK in wasm with
 * SIMD, ≈ 25–35 GFLOP/s on one thread; native TensorFlow when tfjs-node is installed); everything around them
 * stays in float64:
 *   - X is uploaded once, in row blocks (and their transposes), and stays on the backend for the whole run;
 *   - indices: P = X_block·M in float32, then the T(T+1)/2 dot products x_a·P_b and the trace in float64, so the
 *     cancellation x_aᵀ M x_a − Tr M is not done in float32;
 *   - accumulate: the combined tokens y_a = Σ_b G̃_ab x_b are formed in float64 (and rounded once, for the upload),
 *     the product X_blockᵀ·Y_block in float32, and the per-block d×d results are summed in float64 (float32 accumulation spans one block only).
 * Relative error of a float32 product ≈ 1e-7·√(block rows); the AMP results it changes are checked against the
 * float64 path sample by sample (test/linalg/token-products.test.ts, data/amp-precision.csv).
 */

export const PRODUCT_PRECISIONS = ["float64", "float32"] as const;
export type ProductPrecision = (typeof PRODUCT_PRECISIONS)[number];

export interface TokenProducts {
  readonly precision: ProductPrecision;
  /** what did the arithmetic, e.g. "float64 js" or "float32 tfjs 4.22.0 wasm simd" (manifests record it) */
  readonly label: string;
  /** h^μ_ab(M) for all samples, into `out` (n·T·T, both triangles) */
  indices(M: Float64Array, out: Float64Array): Float64Array;
  /** Σ_μ Σ_{a≤b} G^μ_ab Z^μ_ab into `out` (d×d, symmetric); G is n·T·T, only a ≤ b is read */
  accumulate(G: Float64Array, out: Float64Array): Float64Array;
  /** releases backend memory (float32); the object must not be used afterwards */
  dispose(): void;
}

/**
 * Token rows per float32 block. Large enough that each GEMM runs near the backend's peak (it reaches ≈ 90% of it
 * from ~2 000 rows at d = 100), small enough that float32 sums span few terms and that one downloaded block
 * (rows × d floats) stays a few MB.
 */
const FLOAT32_BLOCK_ROWS = 4096;

/** The float64 kernels: WebAssembly SIMD (default) or the JavaScript reference. */
export const FLOAT64_KERNELS = ["simd", "js"] as const;
export type Float64Kernels = (typeof FLOAT64_KERNELS)[number];

export interface ProductOptions {
  /** float64 only: "simd" (default, lib/linalg/simd-products.ts) or "js" (lib/linalg/products.ts) */
  kernels?: Float64Kernels;
  /**
   * threads for one engine's products (float64 SIMD only; default 1): the calling thread and threads − 1 workers
   * of a process-wide team; the results are the same bits for any number of threads
   */
  threads?: number;
}

/** The product engine for the token matrix X (n × T × d, row-major) in the requested arithmetic. */
export function tokenProducts(
  X: Float64Array,
  n: number,
  T: number,
  d: number,
  precision: ProductPrecision = "float64",
  options: ProductOptions = {},
): TokenProducts {
  checkChoice("precision", precision, PRODUCT_PRECISIONS);
  const kernels = checkChoice("kernels", options.kernels ?? "simd", FLOAT64_KERNELS);
  const threads = checkNumber("threads", options.threads ?? 1, { integer: true, ge: 1 });
  if (X.length !== n * T * d) throw new RangeError(`X must have n·T·d = ${n * T * d} entries (got ${X.length})`);
  if (threads > 1 && (precision !== "float64" || kernels !== "simd")) {
    throw new RangeError(`threads > 1 needs the float64 SIMD kernels (got precision ${precision}, kernels ${kernels})`);
  }
  if (precision === "float32") return float32Products(X, n, T, d);
  return kernels === "simd" ? simdProducts(X, n, T, d, threads) : float64Products(X, n, T, d);
}

function float64Products(X: Float64Array, n: number, T: number, d: number): TokenProducts {
  const work = tokenWorkspace();
  return {
    precision: "float64",
    label: "float64 js",
    indices: (M, out) => tokenIndices(X, M, n, T, d, out, work),
    accumulate: (G, out) => tokenAccumulate(X, G, n, T, d, out, work),
    dispose: () => undefined,
  };
}

/** Throws unless a compiled TensorFlow.js backend (wasm or native) is active: the float32 path needs one. */
function checkFloat32Backend(): void {
  const name = tf.engine().backendName;
  if (name !== "wasm" && name !== "tensorflow") {
    throw new RangeError(
      `precision "float32" needs the wasm or native TensorFlow.js backend; call \`await useBackend()\` first (active backend: ${name ?? "none"})`,
    );
  }
}

function float32Products(X: Float64Array, n: number, T: number, d: number): TokenProducts {
  checkFloat32Backend();
  const rows = n * T;
  // blocks hold whole samples, so the combined tokens of a sample never straddle two blocks
  const samplesPerBlock = Math.max(1, Math.floor(FLOAT32_BLOCK_ROWS / T));
  const blocks: Array<{ first: number; count: number; X: tf.Tensor2D; XT: tf.Tensor2D }> = [];
  for (let first = 0; first < n; first += samplesPerBlock) {
    const count = Math.min(samplesPerBlock, n - first);
    const block = Float32Array.from(X.subarray(first * T * d, (first + count) * T * d));
    const Xb = tf.tensor2d(block, [count * T, d]);
    blocks.push({ first, count, X: Xb, XT: tf.transpose(Xb) });
  }
  const M32 = new Float32Array(d * d);
  const Y = new Float32Array(Math.min(rows, samplesPerBlock * T) * d);
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error("token products used after dispose()");
  };
  return {
    precision: "float32",
    label: `float32 ${backendInfo().label}`,
    indices(M, out) {
      alive();
      if (M.length !== d * d) throw new RangeError(`M must be d×d = ${d * d} entries (got ${M.length})`);
      if (out.length !== n * T * T) throw new RangeError(`out must have n·T·T = ${n * T * T} entries (got ${out.length})`);
      let trace = 0;
      for (let i = 0; i < d; i++) trace += M[i * d + i];
      M32.set(M);
      const m = tf.tensor2d(M32, [d, d]);
      try {
        for (const block of blocks) {
          const product = tf.matMul(block.X, m);
          const P = product.dataSync() as Float32Array;
          product.dispose();
          indicesFromProducts(X, P, block.first, block.count, T, d, trace, out);
        }
      } finally {
        m.dispose();
      }
      return out;
    },
    accumulate(G, out) {
      alive();
      if (G.length !== n * T * T) throw new RangeError(`G must have n·T·T = ${n * T * T} entries (got ${G.length})`);
      if (out.length !== d * d) throw new RangeError(`out must be d×d = ${d * d} entries (got ${out.length})`);
      out.fill(0);
      let diagonal = 0;
      for (const block of blocks) {
        // combined tokens, summed in float64, stored row-major in float32 for the upload
        diagonal += combineTokens(X, G, block.first, block.count, T, d, Y, d, 1);
        const k = block.count * T;
        const y = tf.tensor2d(Y.subarray(0, k * d), [k, d]);
        const product = tf.matMul(block.XT, y);
        const part = product.dataSync() as Float32Array;
        y.dispose();
        product.dispose();
        for (let i = 0; i < d * d; i++) out[i] += part[i];
      }
      // the exact product is symmetric; make the float32 one so, and remove the identity part
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) out[i * d + j] = out[j * d + i] = 0.5 * (out[i * d + j] + out[j * d + i]);
        out[i * d + i] -= diagonal;
      }
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const block of blocks) {
        block.X.dispose();
        block.XT.dispose();
      }
    },
  };
}
