import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "./run";

test("aim amp prints one JSON summary with the SE error at the same point", async () => {
  const { code, out, err } = await runCli(["amp", "--channel", "softmax", "--d", "24", "--rho", "0.5", "--T", "2", "--alpha", "0.1", "--samples", "2", "--seed", "3"]);
  assert.equal(code, 0, err);
  assert.equal(out.length, 1);
  const row = JSON.parse(out[0]);
  for (const key of ["channel", "d", "rho", "T", "alpha", "samples", "mse_mean", "mse_std", "se_mmse", "iterations_median", "converged_fraction", "seconds"]) {
    assert.ok(key in row, key);
  }
  assert.equal(row.samples, 2);
  assert.ok(row.mse_mean > 0 && row.mse_mean < 1.5);
  assert.ok(Math.abs(row.se_mmse - 0.392196) < 1e-5);
  assert.match(err, /2\/2/);
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
