import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { DEEP_GD_SCHEMA, DeepGDRow, parseListCell } from "../../lib/gd/deep-table";
import { DeepGDPoint, gdPoint } from "../../lib/gd/experiment";
import { alphaCount } from "../../lib/se/thresholds";
import { coarseToFine, nearestPoints, DEEP_GD_PRESETS, DEEP_RATIOS, DeepGDPreset, GD_PRESETS, GD_SCHEMA, GDPreset, GDRow, presetPoints, runDeepPreset, runPreset } from "../../lib/gd/presets";
import { childSeed } from "../../lib/random/rng";
import { readCSV } from "../../lib/store/csv";
import { readManifest } from "../../lib/store/manifest";

const tiny: GDPreset = {
  name: "tiny",
  d: 10,
  rho: 0.5,
  Ts: [2, 3],
  alphas: (T) => [0.4 / kappa(T)],
  samples: 1,
  average: 2,
  steps: 20,
  lr: 0.1,
  seed: 5,
  note: "test",
};

test("runPreset(file) → one row per point; a second run computes nothing; a deleted row is recomputed identically", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "gd-")), "gd-tiny.csv");
  const first = await runPreset(tiny, { file, workers: 0 });
  assert.equal(first.length, 2);
  assert.equal((await runPreset(tiny, { file })).length, 0);
  // drop the last line: resuming recomputes just that point, with the same numbers (per-point seeds)
  const text = readFileSync(file, "utf8").trimEnd().split("\n");
  const { writeFileAtomic } = await import("../../lib/store/atomic");
  writeFileAtomic(file, text.slice(0, -1).join("\n") + "\n");
  const again = await runPreset(tiny, { file });
  assert.equal(again.length, 1);
  assert.equal(again[0].mse_avg_mean, first[1].mse_avg_mean);
  const rows = readCSV(file, GD_SCHEMA);
  assert.deepEqual(rows.map((r) => r.T), [2, 3]);
  const manifest = readManifest(file)!;
  assert.equal(manifest.rows, 2);
  assert.equal((manifest.parameters as { preset: string }).preset, "tiny");
  assert.match(String((manifest.parameters as { backend: string }).backend), /^tfjs /);
});

test("runPreset gives the same rows on worker threads as inline (problems seeded by point and sample index)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gd-workers-"));
  const twoSamples: GDPreset = { ...tiny, samples: 2 };
  const tasks: number[] = [];
  const inline = await runPreset(twoSamples, { file: join(dir, "inline.csv"), workers: 0, onTask: (done) => tasks.push(done) });
  const threads = await runPreset(twoSamples, { file: join(dir, "threads.csv"), workers: 2 });
  assert.deepEqual(tasks, [1, 2, 3, 4], "one task per (point, sample)");
  const timeless = (rows: GDRow[]) => rows.map(({ seconds: _s, ms_per_step: _m, ...rest }) => rest);
  assert.equal(inline.length, 2);
  assert.deepEqual(timeless(threads), timeless(inline));
  assert.deepEqual(timeless(readCSV(join(dir, "threads.csv"), GD_SCHEMA)), timeless(readCSV(join(dir, "inline.csv"), GD_SCHEMA)));
});

test("runPreset rows equal gdPoint's for the same point and seed", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "gd-")), "gd-one.csv");
  const one: GDPreset = { ...tiny, Ts: [2], samples: 2 };
  const [row] = await runPreset(one, { file, workers: 0 });
  const alpha = one.alphas(2)[0];
  const point = await gdPoint({ d: one.d, rho: one.rho, T: 2, alpha, seed: childSeed(one.seed, "T", 2, "alpha", alpha), steps: one.steps, lr: one.lr, average: one.average, samples: one.samples });
  assert.equal(row.mse_single_mean, point.mse_single_mean);
  assert.equal(row.mse_avg_std, point.mse_avg_std);
  assert.equal(row.se_mmse, point.se_mmse);
});

test("coarseToFine(count) → a permutation of 0…count−1 whose prefixes span the range (ends, then midpoints)", () => {
  assert.deepEqual(coarseToFine(9), [0, 8, 4, 2, 6, 1, 3, 5, 7]);
  assert.deepEqual(coarseToFine(2), [0, 1]);
  assert.deepEqual(coarseToFine(0), []);
  for (const count of [1, 3, 10, 19, 32]) {
    const order = coarseToFine(count);
    assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i));
    if (count >= 3) assert.equal(order[2], (count - 1) >> 1);
  }
});

test("nearestPoints(grid, near) → for each T the grid points nearest to each α on the log scale; all without near", () => {
  const grid = [2, 3].flatMap((T) => [0.01, 0.03, 0.1, 0.3].map((alpha) => ({ T, alpha })));
  assert.deepEqual(nearestPoints(grid, [0.05, 0.2]), [2, 3].flatMap((T) => [{ T, alpha: 0.03 }, { T, alpha: 0.3 }]));
  assert.equal(nearestPoints(grid).length, 8);
  assert.throws(() => nearestPoints(grid, [0]), /near must be a number > 0/);
});

test("runPreset(near) → only the nearest points, with the rows of the full run", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gd-near-"));
  const two: GDPreset = { ...tiny, Ts: [2], alphas: () => [0.2, 0.4] };
  const [first] = await runPreset(two, { file: join(dir, "near.csv"), workers: 0, near: [0.35] });
  assert.equal(first.alpha, 0.4);
  const full = await runPreset(two, { file: join(dir, "full.csv"), workers: 0 });
  assert.equal(full.find((r) => r.alpha === 0.4)!.mse_avg_mean, first.mse_avg_mean);
  // resuming the first file without near computes just the other point
  assert.deepEqual((await runPreset(two, { file: join(dir, "near.csv"), workers: 0 })).map((r) => r.alpha), [0.2]);
});

test("GD_PRESETS.paper100 → T = 2 at d = 100 on the published 32 α, 4 samples × 16 averages, 1000 steps, lr 0.1", () => {
  const p = GD_PRESETS.paper100;
  const points = presetPoints(p);
  assert.equal(points.length, 32);
  assert.ok(points.every((q) => q.T === 2));
  assert.ok(Math.abs(points[0].alpha - 0.0012) < 1e-15 && Math.abs(points[31].alpha - 0.3) < 1e-15);
  // log grid: constant ratio between neighbours
  const ratio = (0.3 / 0.0012) ** (1 / 31);
  for (let i = 1; i < 32; i++) assert.ok(Math.abs(points[i].alpha / points[i - 1].alpha - ratio) < 1e-12);
  assert.deepEqual([p.d, p.rho, p.samples, p.average, p.steps, p.lr], [100, 0.5, 4, 16, 1000, 0.1]);
});

test("GD_PRESETS.paper → the published grid: 5 T × 32 α from 0.0012 to 0.3, 16 samples, 32 averages, d = 200", () => {
  const p = GD_PRESETS.paper;
  const points = presetPoints(p);
  assert.equal(points.length, 5 * 32);
  assert.ok(Math.abs(points[0].alpha - 0.0012) < 1e-15 && Math.abs(points[31].alpha - 0.3) < 1e-15);
  assert.deepEqual([p.d, p.samples, p.average, p.steps, p.lr], [200, 16, 32, 1000, 0.1]);
});

test("runPreset('nope') → ParameterError naming preset", async () => {
  await assert.rejects(runPreset("nope", { file: "/tmp/unused.csv" }), /preset must be one of paper, paper100, quick/);
});

const tinyDeep: DeepGDPreset = {
  name: "tiny-deep",
  points: [
    { d: 10, rhos: [0.5, 0.5], c: 1, T: 2, ratio: 1, trained: [1, 2], samples: 2, average: 2 },
    { d: 10, rhos: [0.5, 0.5], c: 1, T: 2, ratio: 1, trained: [2], samples: 2, average: 2 },
  ],
  steps: 15,
  lr: 0.1,
  seed: 3,
  note: "test",
};

test("runDeepPreset → one row per point on threads as inline; resumes; the oracle sees the same problems and students", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gd-deep-"));
  const inline = await runDeepPreset(tinyDeep, { file: join(dir, "inline.csv"), workers: 0 });
  const threads = await runDeepPreset(tinyDeep, { file: join(dir, "threads.csv"), workers: 2 });
  const timeless = (rows: DeepGDRow[]) => rows.map(({ seconds: _s, ms_per_step: _m, ...rest }) => rest);
  assert.deepEqual(timeless(threads), timeless(inline));
  assert.equal((await runDeepPreset(tinyDeep, { file: join(dir, "inline.csv") })).length, 0);
  const [full, oracle] = readCSV(join(dir, "inline.csv"), DEEP_GD_SCHEMA);
  assert.equal(full.alpha, alphaCount([0.5, 0.5], 2));
  assert.equal(full.alpha_ratio, 1);
  assert.deepEqual([full.trained, oracle.trained], ["1;2", "2"]);
  assert.equal(full.seed, oracle.seed);
  assert.ok(parseListCell(oracle.mse_single_layers)[0] < 1e-10, "layer 1 fixed to the teacher's");
  // the row equals gdPoint's for the same point and seed
  const point = await gdPoint({ d: 10, rho: [0.5, 0.5], c: 1, T: 2, alpha: full.alpha, trained: [2], seed: oracle.seed, steps: 15, average: 2, samples: 2 });
  assert.deepEqual(parseListCell(oracle.mse_avg_layers), (point as DeepGDPoint).mse_avg_layers);
});

test("runDeepPreset and runPreset → a DataFileError instead of resuming a file computed with another protocol", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gd-protocol-"));
  const deepFile = join(dir, "deep.csv");
  const one = { ...tinyDeep, points: tinyDeep.points.slice(0, 1).map((p) => ({ ...p, samples: 1 })) };
  await runDeepPreset(one, { file: deepFile, workers: 0 });
  await assert.rejects(runDeepPreset({ ...one, points: one.points.map((p) => ({ ...p, samples: 2 })) }, { file: deepFile }), /has samples = 1, this run asks samples = 2/);
  await assert.rejects(runDeepPreset({ ...one, steps: one.steps + 1 }, { file: deepFile }), /has steps = 15, this run asks steps = 16/);
  const file = join(dir, "tiny.csv");
  await runPreset({ ...tiny, alphas: (T) => tiny.alphas(T).slice(0, 1), Ts: [2] }, { file, workers: 0 });
  await assert.rejects(runPreset({ ...tiny, Ts: [2], average: 3 }, { file }), /has average = 2, this run asks average = 3/);
});

test("DEEP_GD_PRESETS.deep → L = 2, ρ = 0.5, α/α_count on logspace(0.1, 3), T = 2 and 3, K ≥ 8, ≥ 3 samples at d = 50", () => {
  const points = DEEP_GD_PRESETS.deep.points;
  const main = points.filter((p) => p.d === 50 && p.trained.length === 2);
  assert.ok(points.every((p) => p.rhos.length === 2 && p.rhos.every((r) => r === 0.5) && p.average >= 8));
  assert.ok(main.every((p) => p.samples >= 3));
  for (const T of [2, 3]) for (const c of [0, 1]) {
    const ratios = main.filter((p) => p.T === T && p.c === c).map((p) => p.ratio);
    assert.ok(Math.abs(ratios[0] - 0.1) < 1e-12, `T = ${T}, c = ${c}`);
    assert.ok(Math.abs(Math.max(...ratios) - 3) < 1e-12, `T = ${T}, c = ${c}: top ${Math.max(...ratios)}`);
  }
  assert.ok(points.some((p) => p.trained.length === 1 && p.trained[0] === 1) && points.some((p) => p.trained.length === 1 && p.trained[0] === 2));
  // the trend with d: the T = 2, c = 1 curve again at d = 100, on the same grid and with the same protocol
  const big = points.filter((p) => p.d === 100);
  assert.deepEqual(big.map((p) => p.ratio).sort((a, b) => a - b), [...DEEP_RATIOS]);
  assert.ok(big.every((p) => p.T === 2 && p.c === 1 && p.trained.length === 2 && p.samples >= 3));
  assert.equal(new Set(points.map((p) => [p.d, p.T, p.c, p.ratio, p.trained].join("|"))).size, points.length, "no point twice");
});
