import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { runCli as run } from "./run";
import { solveSE } from "../../lib/se/solve";

test("aim sweep se --rho L --T L --alpha L → one JSON row per grid point, in grid order, equal to solveSE", async () => {
  const r = await run(["sweep", "se", "--rho", "0.2,1", "--T", "2,3", "--alpha", "log:0.005:0.05:3", "--workers", "2"]);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.map((l) => JSON.parse(l));
  assert.equal(rows.length, 12);
  assert.deepEqual(
    rows.map((x) => [x.rho, x.T]),
    [0.2, 1].flatMap((rho) => [2, 3].flatMap((T) => [[rho, T], [rho, T], [rho, T]])),
  );
  for (const x of rows) assert.equal(x.mmse, solveSE(softmax(x.T), x.rho, x.alpha).mmse);
});

test("aim sweep gen: the same rows with 2 workers as inline (--workers 0), β swept", async () => {
  const argv = ["sweep", "gen", "--rho", "0.5", "--T", "2,3", "--beta", "1,3", "--alpha", "0.01,0.04", "--points", "512"];
  const parallel = await run([...argv, "--workers", "2"]);
  const inline = await run([...argv, "--workers", "0"]);
  assert.equal(parallel.code, 0, parallel.err);
  assert.deepEqual(parallel.out, inline.out);
  const rows = parallel.out.map((l) => JSON.parse(l));
  assert.ok(rows.every((x) => x.test_error > 0 && "test_error_err" in x));
  // β changes the test error but not the estimation error
  assert.equal(rows[0].mmse, rows[2].mmse);
  assert.notEqual(rows[0].test_error, rows[2].test_error);
});

test("aim sweep --out x.csv writes a tidy CSV with a manifest, and a second run computes only the missing points", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aim-sweep-"));
  try {
    const file = join(dir, "x.csv");
    const first = await run(["sweep", "se", "--rho", "0.5", "--alpha", "0.01,0.02", "--out", file, "--workers", "0"]);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out.length, 0, "nothing on stdout with --out");
    const second = await run(["sweep", "se", "--rho", "0.5", "--alpha", "0.01,0.02,0.03", "--out", file, "--workers", "0"]);
    assert.match(second.err, /2 of 3 points already in/);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines[0], "kind,channel,rho,T,beta,alpha,mmse,q,qhat,iterations,converged");
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(",")[5]),
      ["0.01", "0.02", "0.03"],
    );
    const manifest = JSON.parse(readFileSync(join(dir, "x.manifest.json"), "utf8"));
    assert.equal(manifest.rows, 3);
    assert.equal(manifest.parameters.kind, "se");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("aim sweep: bad input exits 2 with one line naming the parameter", async () => {
  const cases: [string[], RegExp][] = [
    [["sweep", "--alpha", "0.1"], /KIND must be given/],
    [["sweep", "mc", "--alpha", "0.1"], /kind must be one of se, gen, amptest, gd/],
    [["sweep", "se"], /alpha must be given/],
    [["sweep", "se", "--alpha", "0.1,-1"], /alpha must be a number ≥ 0/],
    [["sweep", "se", "--alpha", "0.1", "--T", "2,1.5"], /T must be an integer ≥ 2/],
    [["sweep", "se", "--alpha", "0.1", "--rho", "log:0:1:3"], /rho grid start must be a number > 0/],
    [["sweep", "se", "--alpha", "0.1", "--beta", "0"], /beta must be a number > 0/],
    [["sweep", "se", "--alpha", "0.1", "--workers", "-1"], /workers must be an integer ≥ 0/],
    [["sweep", "se", "--alpha", "0.1", "--out", "x.json"], /out must be a path ending in \.csv/],
    [["sweep", "se", "--alpha", "0.1", "--alfa", "0.2"], /--alfa/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.err, message, argv.join(" "));
    assert.equal(r.err.trim().split("\n").length, 1, `one line: ${r.err}`);
  }
});

test("aim sweep gd (tiny d, few steps) → one row per α with the GD errors and the SE error at the point", async () => {
  const r = await run(["sweep", "gd", "--d", "8", "--rho", "0.5", "--alpha", "0.2,0.4", "--steps", "10", "--average", "2", "--workers", "2"]);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((x) => x.alpha),
    [0.2, 0.4],
  );
  for (const x of rows) {
    assert.ok(x.mse_single_mean > 0 && x.mse_avg_mean > 0 && x.d === 8 && x.average === 2);
    assert.equal(x.se_mmse, solveSE(softmax(2), 0.5, x.alpha).mmse);
  }
  const bad = await run(["sweep", "gd", "--channel", "hardmax", "--alpha", "0.1", "--d", "8", "--steps", "2"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /channel must be softmax for kind gd/);
});
