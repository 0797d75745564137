import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseList } from "../../lib/cli/args";
import { runCli as run } from "./run";

test("aim se --alpha list → one JSON object per α with the documented fields", async () => {
  const r = await run(["se", "--channel", "softmax", "--rho", "0.5", "--T", "2", "--alpha", "0.1,0.02"]);
  assert.equal(r.code, 0);
  assert.equal(r.out.length, 2);
  const row = JSON.parse(r.out[0]);
  for (const k of ["channel", "rho", "T", "alpha", "mmse", "q", "qhat", "iterations", "converged"]) assert.ok(k in row, k);
  assert.ok(Math.abs(row.mmse - 0.392196) < 2e-6);
});

test("aim se --grid lin:0:0.2:5 --csv → a header and 5 rows", async () => {
  const r = await run(["se", "--rho", "0.5", "--grid", "lin:0:0.2:5", "--csv"]);
  assert.equal(r.code, 0);
  assert.equal(r.out[0], "channel,rho,T,alpha,mmse,q,qhat,iterations,converged");
  assert.equal(r.out.length, 6);
});

test("aim threshold --rho 0.5 --T 3 → alpha_pr 0.075", async () => {
  const r = await run(["threshold", "--rho", "0.5", "--T", "3"]);
  assert.deepEqual(JSON.parse(r.out[0]), { rho: 0.5, T: 3, alpha_pr: 0.075 });
});

test("bad arguments exit 2 with one line naming the parameter and its range", async () => {
  const cases: [string[], RegExp][] = [
    [["se", "--rho", "-1", "--alpha", "0.1"], /rho must be a number > 0/],
    [["se", "--rho", "0.5", "--alpha", "-0.1"], /alpha must be a number ≥ 0/],
    [["se", "--rho", "0.5", "--alpha", "NaN"], /alpha must be a number/],
    [["se", "--rho", "0.5", "--alpha", "0.1", "--T", "1"], /T must be an integer ≥ 2/],
    [["se", "--rho", "0.5"], /alpha must be given/],
    [["se", "--rho", "0.5", "--alpha", "0.1", "--channel", "relu"], /channel must be one of softmax, hardmax, linear/],
    [["se", "--rho", "0.5", "--alpha", "0.1", "--typo", "1"], /--typo/],
    [["threshold", "--rho", "0", "--T", "2"], /rho must be a number > 0/],
    [["nonsense"], /unknown command/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.match(r.err, pattern);
    assert.equal(r.err.trim().split("\n").length, 1);
  }
});

test("parseList: comma lists, lin and log grids with both ends", () => {
  assert.deepEqual(parseList("x", "1,2.5"), [1, 2.5]);
  assert.deepEqual(parseList("x", "lin:0:1:3"), [0, 0.5, 1]);
  const g = parseList("x", "log:0.01:1:3");
  assert.ok(Math.abs(g[1] - 0.1) < 1e-15 && g[2] === 1);
  assert.throws(() => parseList("x", "log:0:1:3"), /x grid start must be a number > 0/);
});

test("aim threshold --limit rho0: softmax 1/κ(T), hardmax thresholds for both scores", async () => {
  const soft = JSON.parse((await run(["threshold", "--limit", "rho0", "--channel", "softmax", "--T", "3"])).out[0]);
  assert.equal(soft.channel, "softmax");
  assert.equal(soft.limit, "rho0");
  assert.ok(Math.abs(soft.alpha_bar_c - 1 / 10) < 1e-12);
  const exact = JSON.parse((await run(["threshold", "--limit", "rho0", "--channel", "hardmax", "--score", "exact"])).out[0]);
  const published = JSON.parse((await run(["threshold", "--limit", "rho0", "--channel", "hardmax", "--score", "published"])).out[0]);
  for (const k of ["channel", "limit", "score", "alpha_bar_c"]) assert.ok(k in exact, k);
  // the two scores give different thresholds (theory.md §9: about 0.403 and 0.5635)
  assert.ok(Math.abs(exact.alpha_bar_c - 0.403) < 0.01, `exact ${exact.alpha_bar_c}`);
  assert.ok(Math.abs(published.alpha_bar_c - 0.5635) < 0.01, `published ${published.alpha_bar_c}`);
  const bad = await run(["threshold", "--limit", "rho1"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /limit must be rho0/);
  const hardPR = await run(["threshold", "--rho", "0.5", "--channel", "hardmax"]);
  assert.equal(hardPR.code, 2);
});

test("a data file that cannot be read → exit 1 with one line naming the file (no stack trace)", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "aim-cli-")), "broken.csv");
  writeFileSync(file, "not,the,gd,columns\n1,2,3,4\n");
  const r = await run(["gd", "--d", "10", "--rho", "0.5", "--T", "2", "--alpha", "0.2", "--steps", "2", "--out", file]);
  assert.equal(r.code, 1);
  assert.equal(r.err.trim().split("\n").length, 1);
  assert.match(r.err, /^aim gd: .*broken\.csv: /);
});
