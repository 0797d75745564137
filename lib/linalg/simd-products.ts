import { WorkerTeam } from "../parallel/team";
import { checkNumber } from "../util/check";
import { samplesPerBlock } from "./products";
import { TOKEN_KERNELS_WASM } from "./wasm/token-kernels.wasm";
import type { TokenProducts } from "./token-products";
import { WasmMemory, WasmModule, WebAssemblyApi } from "./wasm/runtime";

/**
 * The two token products of AMP (theory.md §6) in float64 with WebAssembly 128-bit SIMD (f64x2), the kernels of
 * lib/linalg/wasm/token-kernels.wat:
 *
 *   indices(M)    h^μ_ab = (x_aᵀ M x_b − δ_ab Tr M)/√d:  per block of samples P = X_block·M (gemm_rows, with Mᵀ
 *                 stored so that P[r, j] = Σ_t X[r, t] M[j, t] as in the reference), then the T(T+1)/2 dot
 *                 products x_a·P_b per sample (dots);
 *   accumulate(G) Σ_μ Σ_{a≤b} G^μ_ab Z^μ_ab = Σ_r x_r y_rᵀ − (Σ_μ Σ_a G^μ_aa) I with the combined tokens
 *                 y_a = Σ_b G̃_ab x_b (combine) and, block after block of samples, the upper block triangle of
 *                 Σ_r x_r y_rᵀ (gemm_tn_upper); the lower triangle is filled by symmetry.
 *
 * Bitwise the results of the JavaScript kernels of lib/linalg/products.ts (the reference the tests compare
 * against): every float64 sum runs over the same terms in the same order (each SIMD lane is one output entry's
 * own sequential sum; WebAssembly has no fused multiply–add, so each product is rounded before it is added, as in
 * JavaScript), and the blocks of samples of `accumulate` are those of the reference (samplesPerBlock). AMP runs
 * with either kernel therefore follow the same trajectory to the last bit, however many iterations.
 *
 * Threads (lib/parallel/team.ts) keep that property: `indices` is split by contiguous shards of samples (each
 * h^μ is computed by one thread, from all of M), `accumulate` by rows of the d × d result (each entry is summed
 * by one thread over all samples in the reference order; every thread forms the combined tokens of every block,
 * a cost of 2T/d of the product). Results do not depend on the number of threads.
 *
 * Memory: one WebAssembly memory (shared, so that worker threads can work on it) holding the tokens once, with
 * the row length padded to dp = d rounded up to a multiple of 4 (zero columns: every SIMD tile is whole and odd
 * d needs no remainder code), Mᵀ (dp × dp), the n·T·T indices or scores, the d × d sum, and per thread a block
 * scratch (rows × dp). About n·T·dp·8 bytes + O(d²).
 */

/** SIMD row padding: rows of every matrix are a whole number of 4 float64 (the 4×4 register tiles). */
const ROW_MULTIPLE = 4;
/** row tile of gemm_rows: a block's GEMM runs over its row count rounded up to this (extra rows read, not used) */
const ROW_TILE = 4;
/** bytes per WebAssembly memory page */
const PAGE = 65536;
/** pages of the largest 32-bit WebAssembly memory (4 GiB) */
const MAX_PAGES = 65536;
/** every region starts on a cache line (and so on a 16-byte boundary for the v128 loads) */
const ALIGN = 64;

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** Byte offsets of everything the kernels read and write, for n samples of T tokens in dimension d and `members` threads. */
export interface KernelLayout {
  n: number;
  T: number;
  d: number;
  /** padded row length (float64 entries) */
  dp: number;
  /** samples per block (lib/linalg/products.ts samplesPerBlock) */
  perBlock: number;
  members: number;
  /** tokens, (n·T + ROW_TILE) rows × dp (the extra rows are zero) */
  x: number;
  /** Mᵀ, dp × dp */
  m: number;
  /** indices h (output of indices) or scores G (input of accumulate), n × T × T */
  tt: number;
  /** Σ_r x_r y_rᵀ, dp × dp (upper block triangle filled) */
  sum: number;
  /** per thread: block scratch (P or the combined tokens), roundUp(perBlock·T, ROW_TILE) rows × dp */
  scratch: number[];
  bytes: number;
}

export function kernelLayout(n: number, T: number, d: number, members: number): KernelLayout {
  const dp = roundUp(d, ROW_MULTIPLE);
  const perBlock = samplesPerBlock(T);
  let offset = 0;
  const take = (bytes: number) => {
    const start = offset;
    offset = roundUp(offset + bytes, ALIGN);
    return start;
  };
  const x = take((n * T + ROW_TILE) * dp * 8);
  const m = take(dp * dp * 8);
  const tt = take(n * T * T * 8);
  const sum = take(dp * dp * 8);
  const scratch = Array.from({ length: members }, () => take(roundUp(perBlock * T, ROW_TILE) * dp * 8));
  return { n, T, d, dp, perBlock, members, x, m, tt, sum, scratch, bytes: offset };
}

/** The exported kernels (lib/linalg/wasm/token-kernels.wat); pointers are byte offsets. */
export interface TokenKernels {
  gemm_rows(x: number, n: number, p: number, rows: number, d: number, dp: number): void;
  gemm_tn_upper(x: number, y: number, c: number, rows: number, dp: number, i0: number, i1: number): void;
  dots(x: number, p: number, h: number, samples: number, T: number, d: number, dp: number, trace: number, invSqrtD: number): void;
  combine(x: number, g: number, y: number, samples: number, T: number, dp: number): number;
}

let compiled: WasmModule | undefined;

/** The compiled kernel module (compiled once per process; a Module can be sent to worker threads). */
export function tokenKernelModule(): WasmModule {
  compiled ??= new WebAssemblyApi.Module(Buffer.from(TOKEN_KERNELS_WASM, "base64"));
  return compiled;
}

/** A shared memory large enough for `layout`; throws a RangeError naming the sizes when it exceeds 4 GiB. */
export function kernelMemory(layout: KernelLayout): WasmMemory {
  const pages = Math.ceil(layout.bytes / PAGE);
  if (pages > MAX_PAGES) {
    throw new RangeError(
      `the SIMD token products need ${(layout.bytes / 2 ** 30).toFixed(1)} GiB for n = ${layout.n}, T = ${layout.T}, d = ${layout.d}; WebAssembly memory is limited to 4 GiB (use the JavaScript kernels)`,
    );
  }
  return new WebAssemblyApi.Memory({ initial: pages, maximum: pages, shared: true });
}

export function instantiateKernels(memory: WasmMemory, module = tokenKernelModule()): TokenKernels {
  return new WebAssemblyApi.Instance(module, { env: { memory } }).exports as unknown as TokenKernels;
}

/** Copies the tokens X (n × T × d) into the padded rows of the layout (padding and extra rows stay zero). */
export function storeTokens(memory: WasmMemory, layout: KernelLayout, X: Float64Array): void {
  const { n, T, d, dp } = layout;
  const heap = new Float64Array(memory.buffer, layout.x, n * T * dp);
  for (let r = 0; r < n * T; r++) heap.set(X.subarray(r * d, (r + 1) * d), r * dp);
}

/** Copies Mᵀ (d × d) into the padded M region of the layout (for a symmetric M, M itself up to rounding asymmetries). */
export function storeTransposed(memory: WasmMemory, layout: KernelLayout, M: Float64Array): void {
  const { d, dp } = layout;
  const heap = new Float64Array(memory.buffer, layout.m, dp * dp);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) heap[j * dp + i] = M[i * d + j];
}

/** The contiguous range of samples of member `member` out of `members` (sizes differ by at most one). */
export function shardRange(n: number, member: number, members: number): { first: number; count: number } {
  const first = Math.floor((n * member) / members);
  return { first, count: Math.floor((n * (member + 1)) / members) - first };
}

/**
 * The rows [i0, i1) of the d × d sum computed by member `member`: whole 4-row tiles, chosen so that every member
 * gets about the same number of 4×4 tiles of the upper block triangle (tile row q has dp/4 − q of them).
 */
export function tileRows(dp: number, member: number, members: number): { i0: number; i1: number } {
  const tiles = dp / ROW_MULTIPLE;
  const total = (tiles * (tiles + 1)) / 2;
  // first tile row whose cumulative tile count reaches share·total
  const boundary = (share: number) => {
    let q = 0;
    let done = 0;
    while (q < tiles && done < share * total) done += tiles - q++;
    return q * ROW_MULTIPLE;
  };
  return { i0: boundary(member / members), i1: boundary((member + 1) / members) };
}

/** indices for the samples of member `member`: h of those samples is written to the layout's tt region. */
export function indicesPart(kernels: TokenKernels, layout: KernelLayout, member: number, trace: number): void {
  const { T, d, dp, perBlock } = layout;
  const { first, count } = shardRange(layout.n, member, layout.members);
  const stride = dp * 8;
  const invSqrtD = 1 / Math.sqrt(d);
  const scratch = layout.scratch[member];
  for (let s = first; s < first + count; s += perBlock) {
    const samples = Math.min(perBlock, first + count - s);
    const x = layout.x + s * T * stride;
    kernels.gemm_rows(x, layout.m, scratch, roundUp(samples * T, ROW_TILE), d, dp);
    kernels.dots(x, scratch, layout.tt + s * T * T * 8, samples, T, d, dp, trace, invSqrtD);
  }
}

/**
 * accumulate for the rows of member `member`: Σ_r x_r y_rᵀ over all samples, block after block, into those rows
 * of the layout's sum (zeroed by the caller); returns Σ_μ Σ_a G^μ_aa, summed per block and then over blocks in
 * block order (as the reference).
 */
export function accumulatePart(kernels: TokenKernels, layout: KernelLayout, member: number): number {
  const { n, T, dp, perBlock } = layout;
  const { i0, i1 } = tileRows(dp, member, layout.members);
  const stride = dp * 8;
  const scratch = layout.scratch[member];
  let diagonal = 0;
  for (let s = 0; s < n; s += perBlock) {
    const samples = Math.min(perBlock, n - s);
    const x = layout.x + s * T * stride;
    diagonal += kernels.combine(x, layout.tt + s * T * T * 8, scratch, samples, T, dp);
    kernels.gemm_tn_upper(x, scratch, layout.sum, samples * T, dp, i0, i1);
  }
  return diagonal;
}

/** The d × d result of accumulate from the upper triangle of the layout's sum, mirrored, minus (Σ G_aa) I. */
export function gatherAccumulate(memory: WasmMemory, layout: KernelLayout, diagonal: number, out: Float64Array): void {
  const { d, dp } = layout;
  const sum = new Float64Array(memory.buffer, layout.sum, dp * dp);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) out[i * d + j] = out[j * d + i] = sum[i * dp + j];
    out[i * d + i] -= diagonal;
  }
}

/**
 * The worker teams of the threaded products, one per size, kept for the life of the process (detached: idle
 * workers never keep it alive), so engines of any thread counts can be used side by side and runs after the
 * first start no threads.
 */
const teams = new Map<number, WorkerTeam>();
let nextEngine = 0;

function productTeam(workers: number): WorkerTeam {
  let team = teams.get(workers);
  if (!team) {
    team = new WorkerTeam(require.resolve("./simd-team"), { workers, detached: true });
    teams.set(workers, team);
  }
  return team;
}

/**
 * The float64 SIMD product engine for the token matrix X (n × T × d, row-major) on `threads` threads: the calling
 * thread and threads − 1 workers of a process-wide team (lib/parallel/team.ts, synchronous calls). The tokens are
 * copied once into WebAssembly memory; every call copies M (d²) or G (n·T²) in and h (n·T²) or the d × d result
 * out. Results are the same bits for any number of threads (module comment).
 */
export function simdProducts(X: Float64Array, n: number, T: number, d: number, threads = 1): TokenProducts {
  checkNumber("threads", threads, { integer: true, ge: 1 });
  const layout = kernelLayout(n, T, d, threads);
  const memory = kernelMemory(layout);
  const kernels = instantiateKernels(memory);
  storeTokens(memory, layout, X);
  const tt = new Float64Array(memory.buffer, layout.tt, n * T * T);
  const sum = new Float64Array(memory.buffer, layout.sum, layout.dp * layout.dp);
  const id = nextEngine++;
  const workers = threads > 1 ? productTeam(threads - 1) : undefined;
  workers?.callSync("attach", { id, module: tokenKernelModule(), memory, layout });
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error("token products used after dispose()");
  };
  return {
    precision: "float64",
    label: threads > 1 ? `float64 wasm simd, ${threads} threads` : "float64 wasm simd",
    indices(M, out) {
      alive();
      checkLength("M", M, d * d, "d×d");
      checkLength("out", out, n * T * T, "n·T·T");
      storeTransposed(memory, layout, M);
      const traceM = trace(M, d);
      const mine = () => indicesPart(kernels, layout, 0, traceM);
      if (workers) workers.callSync("indices", { id, trace: traceM }, mine);
      else mine();
      out.set(tt);
      return out;
    },
    accumulate(G, out) {
      alive();
      checkLength("G", G, n * T * T, "n·T·T");
      checkLength("out", out, d * d, "d×d");
      tt.set(G);
      sum.fill(0);
      // every member forms the combined tokens of every block, so each returns the same Σ G_aa
      let diagonal = 0;
      const mine = () => (diagonal = accumulatePart(kernels, layout, 0));
      if (workers) workers.callSync("accumulate", { id }, mine);
      else mine();
      gatherAccumulate(memory, layout, diagonal, out);
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      workers?.callSync("detach", { id });
    },
  };
}

function trace(M: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += M[i * d + i];
  return sum;
}

function checkLength(name: string, array: Float64Array, length: number, shape: string): void {
  if (array.length !== length) throw new RangeError(`${name} must have ${shape} = ${length} entries (got ${array.length})`);
}
