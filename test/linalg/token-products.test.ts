import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { gampRie } from "../../lib/amp/gamp";
import { hardmax } from "../../lib/channels/hardmax";
import { softmax } from "../../lib/channels/softmax";
import { tokenProducts } from "../../lib/linalg/token-products";
import { sampleProblem } from "../../lib/model/data";
import { gaussianArray } from "../../lib/random/rng";
import { useBackend } from "../../lib/tensor/backend";
import { symmetric, relativeError } from "./matrices";

/*
 * The float32 product path against the float64 one (itself checked against dense sums in products.test.ts):
 * entrywise agreement to float32 accuracy, no leaked backend memory, and, what matters, AMP results that agree
 * sample by sample far below their statistical error.
 */

test("float32 products refuse to run before a compiled backend is active, naming the fix", () => {
  const X = new Float64Array(2 * 2 * 3);
  assert.throws(() => tokenProducts(X, 2, 2, 3, "float32"), /precision "float32".*useBackend/);
  assert.throws(() => tokenProducts(X, 2, 2, 3, "float16" as never), /precision/);
});

test("float32 token products match float64 to float32 accuracy over several blocks (n·T = 4 500 rows, T = 3)", async () => {
  await useBackend("wasm");
  const n = 1500, T = 3, d = 24;
  const X = gaussianArray(n * T * d, "X");
  const M = symmetric(d, "M");
  const G = new Float64Array(n * T * T);
  const g = gaussianArray(n * T * T, "G");
  for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) G[mu * T * T + a * T + b] = g[mu * T * T + Math.min(a, b) * T + Math.max(a, b)];
  const before = tf.memory().numTensors;
  const p64 = tokenProducts(X, n, T, d, "float64");
  const p32 = tokenProducts(X, n, T, d, "float32");
  assert.match(p32.label, /^float32 tfjs .* wasm/);
  const h64 = p64.indices(M, new Float64Array(n * T * T));
  const h32 = p32.indices(M, new Float64Array(n * T * T));
  assert.ok(relativeError(h32, h64) < 1e-5, `indices: relative error ${relativeError(h32, h64)}`);
  const A64 = p64.accumulate(G, new Float64Array(d * d));
  const A32 = p32.accumulate(G, new Float64Array(d * d));
  assert.ok(relativeError(A32, A64) < 1e-5, `accumulate: relative error ${relativeError(A32, A64)}`);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) assert.equal(A32[i * d + j], A32[j * d + i]);
  // repeated calls leave nothing behind; dispose releases X
  p32.indices(M, h32);
  p32.accumulate(G, A32);
  p32.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => p32.indices(M, h32), /after dispose/);
});

test("AMP with float32 products gives the float64 result sample by sample (softmax T = 2 and hardmax, d = 50)", async () => {
  await useBackend("wasm");
  const cases = [
    { channel: softmax(2), alpha: 0.1 },
    { channel: softmax(2), alpha: 0.3 },
    { channel: hardmax(2), alpha: 1 },
  ];
  for (const { channel, alpha } of cases) {
    const { teacher, data } = sampleProblem(channel, 50, 0.5, alpha, `precision ${alpha}`);
    const r64 = gampRie(channel, data, 0.5, { truth: teacher.S });
    const r32 = gampRie(channel, data, 0.5, { truth: teacher.S, precision: "float32" });
    const label = `${channel.name} α = ${alpha}`;
    assert.ok(Math.abs(r32.mse - r64.mse) < 1e-4 * Math.max(r64.mse, 1e-3), `${label}: mse ${r32.mse} vs ${r64.mse}`);
    assert.ok(Math.abs(r32.iterations - r64.iterations) <= 2, `${label}: iterations ${r32.iterations} vs ${r64.iterations}`);
    assert.ok(relativeError(r32.S_hat, r64.S_hat) < 1e-3, `${label}: Ŝ differs by ${relativeError(r32.S_hat, r64.S_hat)}`);
  }
});
