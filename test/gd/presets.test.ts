import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { GD_PRESETS, GD_SCHEMA, GDPreset, presetPoints, runPreset } from "../../lib/gd/presets";
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
  const first = await runPreset(tiny, { file });
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

test("GD_PRESETS.paper → the published grid: 5 T × 32 α from 0.0012 to 0.3, 16 samples, 32 averages, d = 200", () => {
  const p = GD_PRESETS.paper;
  const points = presetPoints(p);
  assert.equal(points.length, 5 * 32);
  assert.ok(Math.abs(points[0].alpha - 0.0012) < 1e-15 && Math.abs(points[31].alpha - 0.3) < 1e-15);
  assert.deepEqual([p.d, p.samples, p.average, p.steps, p.lr], [200, 16, 32, 1000, 0.1]);
});

test("runPreset('nope') → ParameterError naming preset", async () => {
  await assert.rejects(runPreset("nope", { file: "/tmp/unused.csv" }), /preset must be one of quick, paper|preset must be one of paper, quick/);
});
