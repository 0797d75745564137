import type { TeamContext } from "../parallel/team";
import { accumulatePart, indicesPart, instantiateKernels, KernelLayout, TokenKernels } from "./simd-products";
import type { WasmMemory, WasmModule } from "./wasm/runtime";

/**
 * The worker side of the threaded SIMD token products (lib/linalg/simd-products.ts): team worker `rank` is member
 * rank + 1 of the computation (member 0 is the calling thread). Each engine is attached once with its shared
 * WebAssembly memory and layout, then every call carries only the engine id (and the trace of M).
 */

interface Engine {
  kernels: TokenKernels;
  layout: KernelLayout;
}

/** this worker's engines by id (module state is per worker) */
const engines = new Map<number, Engine>();

function engine(id: number): Engine {
  const found = engines.get(id);
  if (!found) throw new Error(`SIMD token products ${id} are not attached on this worker`);
  return found;
}

export function attach(input: { id: number; module: WasmModule; memory: WasmMemory; layout: KernelLayout }): void {
  engines.set(input.id, { kernels: instantiateKernels(input.memory, input.module), layout: input.layout });
}

export function indices(input: { id: number; trace: number }, { rank }: TeamContext): void {
  const { kernels, layout } = engine(input.id);
  indicesPart(kernels, layout, rank + 1, input.trace);
}

export function accumulate(input: { id: number }, { rank }: TeamContext): number {
  const { kernels, layout } = engine(input.id);
  return accumulatePart(kernels, layout, rank + 1);
}

export function detach(input: { id: number }): void {
  engines.delete(input.id);
}
