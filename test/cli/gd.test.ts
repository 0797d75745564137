import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEEP_GD_SCHEMA, parseListCell } from "../../lib/gd/deep-table";
import { GD_SCHEMA } from "../../lib/gd/presets";
import { alphaCount } from "../../lib/se/thresholds";
import { readCSV } from "../../lib/store/csv";
import { readManifest } from "../../lib/store/manifest";
import { runCli } from "./run";

const FIELDS = ["d", "rho", "T", "alpha", "steps", "average", "samples", "mse_single_mean", "mse_single_std", "mse_avg_mean", "mse_avg_std", "se_mmse", "backend", "ms_per_step", "seconds"];

test("aim gd --alpha A,B → one JSON line per α with the issue's fields; --out appends and then skips done α", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "aim-gd-")), "t.csv");
  const argv = ["gd", "--d", "10", "--rho", "0.5", "--T", "2", "--alpha", "0.1,0.2", "--steps", "10", "--average", "2", "--out", file];
  const first = await runCli(argv);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out.length, 2);
  for (const line of first.out) {
    const row = JSON.parse(line);
    for (const f of FIELDS) assert.ok(f in row, `field ${f}`);
    assert.equal(row.average, 2);
  }
  const again = await runCli(argv);
  assert.equal(again.out.length, 0);
  assert.match(again.err, /2 of 2 α already in .*: skipped/);
  assert.equal(readCSV(file, GD_SCHEMA).length, 2);
  assert.match(String(readManifest(file)!.parameters.command), /^aim gd --d 10 /);
});

for (const [flag, value, message] of [
  ["--alpha", "0.0001", /alpha must be ≥ .* so that n = round\(α d²\) ≥ 1/],
  ["--rho", "0.01", /rho must be ≥ .* so that r = round\(ρ d\) ≥ 1/],
  ["--steps", "0", /steps must be an integer ≥ 1/],
  ["--lr", "0", /lr must be a number > 0/],
] as const) {
  test(`aim gd ${flag} ${value} → exit 2 with a message naming the parameter`, async () => {
    const args = { "--d": "10", "--rho": "0.5", "--T": "2", "--alpha": "0.1", [flag]: value };
    const { code, err } = await runCli(["gd", ...Object.entries(args).flat()]);
    assert.equal(code, 2);
    assert.match(err, message);
  });
}

test("aim data (no experiment) and aim data nope → exit 2 listing the experiments", async () => {
  for (const argv of [["data"], ["data", "nope"]]) {
    const { code, err } = await runCli(argv);
    assert.equal(code, 2);
    assert.match(err, /experiment must be one of .*gd/);
  }
});

test("aim data gd --preset nope → exit 2 naming preset", async () => {
  const { code, err } = await runCli(["data", "gd", "--preset", "nope"]);
  assert.equal(code, 2);
  assert.match(err, /preset must be one of/);
});

test("aim gd --layers 1 (or no --layers) → the one-layer row before the L-layer student, same keys in order, same numbers", async (t) => {
  // the fixture was printed by `aim gd` at commit 5904153, before the L-layer generalization (one thread then:
  // data-parallel --threads sums the gradient in another float32 order)
  const { cli } = await import("../gd/fixtures/one-layer.json");
  for (const extra of [[], ["--layers", "1"], ["--layers", "1", "--c", "0"]]) {
    const { code, out, err } = await runCli([...cli.argv.split(" "), "--threads", "1", ...extra]);
    assert.equal(code, 0, err);
    const { ms_per_step: _m, seconds: _s, ...row } = JSON.parse(out[0]);
    if (row.backend !== cli.row.backend) {
      t.skip(`fixture written on another backend than ${row.backend}`);
      return;
    }
    assert.deepEqual(Object.keys(row), Object.keys(cli.row));
    assert.deepEqual(row, cli.row);
  }
});

test("aim gd --layers 2 --rho 0.5 --c 0 → the L-layer row: lists per layer, alpha_count, se_mmse null; --out resumes", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "aim-gd-deep-")), "deep.csv");
  const argv = ["gd", "--layers", "2", "--rho", "0.5", "--c", "0", "--d", "10", "--T", "2", "--alpha", "0.3", "--steps", "10", "--average", "2", "--samples", "2", "--out", file];
  const { code, out, err } = await runCli(argv);
  assert.equal(code, 0, err);
  const row = JSON.parse(out[0]);
  assert.equal(row.layers, 2);
  assert.deepEqual(row.rho, [0.5, 0.5]);
  assert.deepEqual(row.r, [5, 5]);
  assert.equal(row.c, 0);
  assert.deepEqual(row.trained, [1, 2]);
  assert.equal(row.alpha_count, alphaCount([0.5, 0.5], 2));
  assert.equal(row.se_mmse, null);
  for (const f of ["mse_single_layers", "mse_single_layers_std", "mse_avg_layers", "mse_avg_layers_std"]) assert.equal(row[f].length, 2, f);
  // the summary is the mean over the trained layers
  assert.ok(Math.abs(row.mse_single_mean - (row.mse_single_layers[0] + row.mse_single_layers[1]) / 2) < 1e-12);
  assert.ok(Math.abs(row.mse_avg_mean - (row.mse_avg_layers[0] + row.mse_avg_layers[1]) / 2) < 1e-12);
  const [stored] = readCSV(file, DEEP_GD_SCHEMA);
  assert.equal(stored.rho, "0.5;0.5");
  assert.deepEqual(parseListCell(stored.mse_avg_layers), row.mse_avg_layers);
  const again = await runCli(argv);
  assert.equal(again.out.length, 0);
  assert.match(again.err, /1 of 1 α already in/);
});

test("aim gd --layers 2 --train 2 → layer 1 holds the teacher's weights (error ≈ 0) and only layer 2 is summarized", async () => {
  const { code, out, err } = await runCli(["gd", "--layers", "2", "--rho", "0.5", "--train", "2", "--d", "10", "--T", "2", "--alpha", "0.3", "--steps", "10", "--average", "2"]);
  assert.equal(code, 0, err);
  const row = JSON.parse(out[0]);
  assert.deepEqual(row.trained, [2]);
  assert.ok(row.mse_single_layers[0] < 1e-10 && row.mse_avg_layers[0] < 1e-10, `frozen layer 1: ${row.mse_single_layers[0]}`);
  assert.equal(row.mse_single_mean, row.mse_single_layers[1]);
});

for (const [argv, message] of [
  [["--layers", "3", "--rho", "0.5,0.3"], /^aim gd: rho must be one width or a list of 3 widths for --layers 3 \(got "a list of 2 widths: 0.5,0.3"\)\n$/],
  [["--layers", "0", "--rho", "0.5"], /^aim gd: layers must be an integer ≥ 1/],
  [["--layers", "2", "--rho", "0.5", "--c", "-1"], /^aim gd: c must be a number ≥ 0/],
  [["--layers", "2", "--rho", "0.5,0.01"], /^aim gd: rho must be ≥ .* so that r = round\(ρ d\) ≥ 1/],
  [["--layers", "2", "--rho", "0.5", "--train", "3"], /^aim gd: train must be /],
  [["--rho", "0.5", "--train", "1"], /^aim gd: train must be only with --layers ≥ 2/],
] as const) {
  test(`aim gd ${argv.join(" ")} → exit 2, one line naming the parameter`, async () => {
    const { code, err } = await runCli(["gd", "--d", "10", "--T", "2", "--alpha", "0.3", ...argv]);
    assert.equal(code, 2);
    assert.match(err, message);
  });
}
