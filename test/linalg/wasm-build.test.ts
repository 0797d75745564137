import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { WebAssemblyApi } from "../../lib/linalg/wasm/runtime";
import { assemble, generatedModule, generatedPath, wasmSources } from "../../scripts/build-wasm";

/*
 * The committed WebAssembly binaries (NAME.wasm.ts, base64) are exactly what the pinned wabt assembles from their
 * text sources (NAME.wat): a kernel edited without rebuilding, or a hand-edited binary, fails here.
 */

test("every committed WebAssembly kernel is the assembly of its .wat source, byte for byte", async () => {
  const sources = wasmSources();
  assert.ok(sources.some((s) => s.endsWith("token-kernels.wat")), "the token kernels source is found");
  for (const source of sources) {
    const bytes = await assemble(source);
    assert.ok(WebAssemblyApi.validate(bytes), `${source} assembles to a valid module`);
    assert.equal(readFileSync(generatedPath(source), "utf8"), generatedModule(source, bytes), `${generatedPath(source)} is stale: run npx tsx scripts/build-wasm.ts`);
  }
});
