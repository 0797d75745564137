/**
 * The part of the WebAssembly JavaScript API that the kernels use, typed here because the pinned @types/node
 * (20.9) does not declare the global `WebAssembly` and the DOM library would bring in much more.
 */
export interface WasmMemory {
  /** a SharedArrayBuffer for a shared memory */
  readonly buffer: ArrayBufferLike;
}

/** A compiled module (opaque; can be sent to worker threads) */
export interface WasmModule {
  readonly __wasmModule?: never;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
