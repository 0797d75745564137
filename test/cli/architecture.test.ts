import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "../../lib/cli/args";
import { architectureFromArgs } from "../../lib/cli/commands/architecture";
import { alphaCount, alphaPR } from "../../lib/se/thresholds";
import { runCli as run } from "./run";

const arch = (argv: string[], d?: number) => architectureFromArgs(parseArgs(["gd", ...argv]), d);

test("architectureFromArgs: defaults c = 1, β = 1; one ρ fills every layer; a list sets L", () => {
  assert.deepEqual(arch(["--rho", "0.5"]), { rhos: [0.5], c: 1, beta: 1 });
  assert.deepEqual(arch(["--layers", "3", "--rho", "0.5"]), { rhos: [0.5, 0.5, 0.5], c: 1, beta: 1 });
  assert.deepEqual(arch(["--rho", "0.5,0.3"]), { rhos: [0.5, 0.3], c: 1, beta: 1 });
  assert.deepEqual(arch(["--layers", "2", "--rho", "0.5,0.3", "--c", "0", "--beta", "2"], 50), { rhos: [0.5, 0.3], c: 0, beta: 2 });
});

test("architectureFromArgs: bad input throws a ParameterError naming the flag (and both numbers for a wrong list)", () => {
  const cases: [string[], number | undefined, RegExp][] = [
    [["--layers", "3", "--rho", "0.5,0.3"], undefined, /^rho must be one width or a list of 3 widths for --layers 3 \(got "a list of 2 widths: 0.5,0.3"\)$/],
    [["--layers", "1", "--rho", "0.5,0.3"], undefined, /^rho must be one width for --layers 1 \(got "a list of 2 widths/],
    [["--layers", "0", "--rho", "0.5"], undefined, /^layers must be an integer ≥ 1 \(got 0\)$/],
    [["--layers", "1.5", "--rho", "0.5"], undefined, /^layers must be an integer ≥ 1/],
    [["--rho", "0.5", "--c", "-1"], undefined, /^c must be a number ≥ 0 \(got -1\)$/],
    [["--rho", "0.5", "--beta", "0"], undefined, /^beta must be a number > 0/],
    [["--rho", "0.5,0.01"], 50, /^rho must be a width with rho·d ≥ 1 for d = 50 \(got 0.01\)$/],
    [["--rho", "0.5,-0.2"], undefined, /^rho must be a number > 0/],
    [["--rho", "inf"], 50, /^rho must be a number > 0 \(got Infinity\)$/],
    [[], undefined, /^rho must be given/],
  ];
  for (const [argv, d, pattern] of cases) {
    assert.throws(() => arch(argv, d), (e: Error) => e.name === "ParameterError" && pattern.test(e.message), argv.join(" "));
  }
});

test("aim threshold with several widths → {rho: [...], T, alpha_count}; one width keeps today's alpha_pr", async () => {
  const deep = await run(["threshold", "--rho", "0.5,0.3", "--T", "3"]);
  assert.equal(deep.code, 0);
  assert.deepEqual(Object.keys(JSON.parse(deep.out[0])), ["rho", "T", "alpha_count"]);
  const row = JSON.parse(deep.out[0]);
  assert.deepEqual(row.rho, [0.5, 0.3]);
  assert.equal(row.alpha_count, alphaCount([0.5, 0.3], 3));
  const same = JSON.parse((await run(["threshold", "--layers", "2", "--rho", "0.5", "--T", "2"])).out[0]);
  assert.deepEqual(same, { rho: [0.5, 0.5], T: 2, alpha_count: 2 * alphaPR(0.5, 2) });
  for (const argv of [["--rho", "0.5"], ["--layers", "1", "--rho", "0.5"]]) {
    assert.deepEqual(JSON.parse((await run(["threshold", ...argv, "--T", "3"])).out[0]), { rho: 0.5, T: 3, alpha_pr: alphaPR(0.5, 3) });
  }
});

test("aim threshold: a wrong list, L < 1 and a width ≤ 0 exit 2 with one line naming the parameter", async () => {
  const cases: [string[], RegExp][] = [
    [["threshold", "--layers", "3", "--rho", "0.5,0.3"], /rho must be one width or a list of 3 widths for --layers 3/],
    [["threshold", "--layers", "0", "--rho", "0.5"], /layers must be an integer ≥ 1/],
    [["threshold", "--rho", "0.5,0"], /rho must be a number > 0/],
    [["threshold", "--rho", "0.5", "--c", "1"], /--c/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.err, pattern);
    assert.equal(r.err.trim().split("\n").length, 1);
  }
});

test("aim help threshold documents the deep form", async () => {
  const r = await run(["help", "threshold"]);
  assert.match(r.out.join("\n"), /--rho R1,R2\[,…\] --T T/);
  assert.match(r.out.join("\n"), /alpha_count/);
});
