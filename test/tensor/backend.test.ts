import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { availableBackends, BACKEND_NAMES, useBackend, wasmBinaryDirectory } from "../../lib/tensor/backend";

test("availableBackends() → cpu always, wasm here, in preference order", () => {
  const available = availableBackends();
  assert.ok(available.includes("cpu") && available.includes("wasm"));
  assert.deepEqual(available, BACKEND_NAMES.filter((b) => available.includes(b)));
});

test("wasmBinaryDirectory() → the folder holding the SIMD .wasm binary", () => {
  assert.ok(existsSync(join(wasmBinaryDirectory(), "tfjs-backend-wasm-simd.wasm")));
});

test("useBackend('auto') → the first available backend, with a label naming it", async () => {
  const info = await useBackend("auto", () => assert.fail("no fallback warning expected"));
  assert.equal(info.name, availableBackends()[0]);
  assert.equal(tf.getBackend(), info.name);
  assert.match(info.label, new RegExp(`^tfjs ${tf.version_core} ${info.name}`));
  if (info.name === "wasm") assert.equal(info.simd, tf.env().getBool("WASM_HAS_SIMD_SUPPORT"));
});

test("useBackend('cpu') then useBackend('wasm') → switches and reports each", async () => {
  assert.equal((await useBackend("cpu")).label, `tfjs ${tf.version_core} cpu`);
  assert.equal((await useBackend("wasm")).name, "wasm");
});

test("useBackend with an unknown or unavailable backend → error naming backend", async () => {
  await assert.rejects(useBackend("gpu" as "cpu"), /backend must be one of tensorflow, wasm, cpu, auto/);
  if (!availableBackends().includes("tensorflow")) {
    await assert.rejects(useBackend("tensorflow"), /backend must be one of the available backends/);
  }
});
