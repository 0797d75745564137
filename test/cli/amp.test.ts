import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "./run";

test("aim amp prints one JSON summary with the SE error at the same point", async () => {
  const { code, out, err } = await runCli(["amp", "--channel", "softmax", "--d", "24", "--rho", "0.5", "--T", "2", "--alpha", "0.1", "--samples", "2", "--seed", "3"]);
  assert.equal(code, 0, err);
  assert.equal(out.length, 1);
  const row = JSON.parse(out[0]);
  for (const key of ["channel", "d", "rho", "T", "alpha", "samples", "mse_mean", "mse_std", "se_mmse", "iterations_median", "converged_fraction", "seconds", "ms_per_iteration", "threads", "products"]) {
    assert.ok(key in row, key);
  }
  assert.ok(row.ms_per_iteration > 0 && row.ms_per_iteration * row.iterations_median < 1000 * row.seconds, `ms_per_iteration ${row.ms_per_iteration}`);
  assert.equal(row.samples, 2);
  assert.ok(row.mse_mean > 0 && row.mse_mean < 1.5);
  assert.ok(Math.abs(row.se_mmse - 0.392196) < 1e-5);
  assert.match(err, /2\/2/);
});

test("aim amp: float64 SIMD on 1 and 2 threads and the JavaScript kernels print the same errors bit for bit", async () => {
  const base = ["amp", "--channel", "softmax", "--d", "20", "--rho", "0.5", "--T", "3", "--alpha", "0.05", "--samples", "2", "--seed", "5"];
  const rows = [];
  for (const extra of [["--threads", "1"], ["--threads", "2"], ["--kernels", "js"]]) {
    const { code, out, err } = await runCli([...base, ...extra]);
    assert.equal(code, 0, err);
    rows.push(JSON.parse(out[0]));
  }
  assert.deepEqual(rows.map((r) => r.threads), [1, 2, 1]);
  assert.deepEqual(rows.map((r) => r.products), ["float64 wasm simd", "float64 wasm simd, 2 threads", "float64 js"]);
  for (const r of rows.slice(1)) {
    assert.equal(r.mse_mean, rows[0].mse_mean);
    assert.equal(r.mse_std, rows[0].mse_std);
    assert.equal(r.iterations_median, rows[0].iterations_median);
  }
  const bad = await runCli([...base, "--threads", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /threads must be an integer ≥ 1/);
});

test("aim amp exits 2 naming the parameter for α ≤ 0, ρ ≤ 0, d < 2, T < 2 and hardmax with T ≠ 2", async () => {
  const base = ["amp", "--channel", "softmax", "--d", "20", "--rho", "0.5", "--T", "2", "--alpha", "0.1"];
  const withFlag = (flag: string, value: string) => base.map((v, i) => (base[i - 1] === `--${flag}` ? value : v));
  for (const [flag, value, pattern] of [
    ["alpha", "0", /alpha must be a number > 0/],
    ["alpha", "-1", /alpha/],
    ["rho", "0", /rho must be a number > 0/],
    ["d", "1", /d must be an integer ≥ 2/],
    ["T", "1", /T must be an integer ≥ 2/],
  ] as const) {
    const { code, err } = await runCli(withFlag(flag, value));
    assert.equal(code, 2, `${flag}=${value}`);
    assert.match(err, pattern);
  }
  const { code, err } = await runCli(["amp", "--channel", "hardmax", "--d", "20", "--rho", "0.5", "--T", "3", "--alpha", "0.1"]);
  assert.equal(code, 2);
  assert.match(err, /T = 2/);
});

test("aim data amp --set softmax writes one row per point with a manifest and skips done points on rerun", async () => {
  const { mkdtempSync, readFileSync, existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const file = join(mkdtempSync(join(tmpdir(), "aim-amp-")), "amp.csv");
  const argv = ["data", "amp", "--set", "softmax", "--d", "16", "--T", "2", "--alpha-bar", "0.3,0.9", "--samples", "1", "--file", file];
  const first = await runCli(argv);
  assert.equal(first.code, 0, first.err);
  assert.match(first.err, /2 of 2 points to compute/);
  const lines = readFileSync(file, "utf8").trim().split("\n");
  assert.equal(lines.length, 3);
  assert.ok(existsSync(file.replace(/\.csv$/, ".manifest.json")));
  const again = await runCli([...argv.slice(0, 9), "0.3,0.5,0.9", ...argv.slice(10)]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.err, /1 of 3 points to compute/);
  assert.equal(readFileSync(file, "utf8").trim().split("\n").length, 4);
  // float32 products are a separate point (the precision is part of the key) and are recorded per row
  const f32 = await runCli([...argv, "--precision", "float32"]);
  assert.equal(f32.code, 0, f32.err);
  assert.match(f32.err, /2 of 2 points to compute/);
  const rows = readFileSync(file, "utf8").trim().split("\n");
  assert.deepEqual(rows.map((r) => r.split(",").at(-1)), ["precision", "float64", "float64", "float64", "float32", "float32"]);
  const bad = await runCli([...argv, "--precision", "float16"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /precision/);
  const both = await runCli(["data", "amp", "--file", file]);
  assert.equal(both.code, 2);
  assert.match(both.err, /file must be given only together with one --set/);
});

test("aim data amp gives the same rows on worker threads as inline (problems are seeded by point and index)", async () => {
  const { mkdtempSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "aim-amp-workers-"));
  const argv = (file: string, workers: string) => ["data", "amp", "--set", "softmax", "--d", "14", "--T", "2", "--alpha-bar", "0.2,0.6", "--samples", "3", "--workers", workers, "--file", join(dir, file)];
  const inline = await runCli(argv("inline.csv", "0"));
  const threads = await runCli(argv("threads.csv", "2"));
  assert.equal(inline.code, 0, inline.err);
  assert.equal(threads.code, 0, threads.err);
  // every column but the timing one agrees exactly
  const rows = (file: string) => readFileSync(join(dir, file), "utf8").trim().split("\n").map((line) => line.split(","));
  const [a, b] = [rows("inline.csv"), rows("threads.csv")];
  const seconds = a[0].indexOf("seconds");
  assert.equal(a.length, 3);
  assert.deepEqual(a.map((r) => r.filter((_, i) => i !== seconds)), b.map((r) => r.filter((_, i) => i !== seconds)));
});
