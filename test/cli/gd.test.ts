import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { GD_SCHEMA } from "../../lib/gd/presets";
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
