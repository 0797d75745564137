import assert from "node:assert/strict";
import { test } from "node:test";
import { softmax } from "../../lib/channels/softmax";
import { generalizationError } from "../../lib/phases/generalization";
import { runSweepPoint, sweepGrid } from "../../lib/phases/sweep";
import { solveSE } from "../../lib/se/solve";

test("sweepGrid is the product of the lists, ρ outermost and α innermost", () => {
  const g = sweepGrid({ kind: "se", rho: [0.2, 1], T: [2, 3], beta: [1, 2], alpha: [0.01, 0.02, 0.03] });
  assert.equal(g.length, 24);
  assert.deepEqual(
    g.slice(0, 4).map((p) => [p.rho, p.T, p.beta, p.alpha]),
    [
      [0.2, 2, 1, 0.01],
      [0.2, 2, 1, 0.02],
      [0.2, 2, 1, 0.03],
      [0.2, 2, 2, 0.01],
    ],
  );
  assert.deepEqual([g[23].rho, g[23].T, g[23].beta, g[23].alpha], [1, 3, 2, 0.03]);
});

test("runSweepPoint(se) and runSweepPoint(gen) equal solveSE and generalizationError at the point", async () => {
  const [p] = sweepGrid({ kind: "se", rho: [0.5], T: [3], alpha: [0.04] });
  const row = await runSweepPoint(p);
  const se = solveSE(softmax(3), 0.5, 0.04);
  assert.equal(row.mmse, se.mmse);
  assert.equal(row.T, 3);
  const [g] = sweepGrid({ kind: "gen", rho: [0.5], T: [2], beta: [2], alpha: [0.1] });
  const gen = await runSweepPoint(g);
  const q = solveSE(softmax(2, 2), 0.5, 0.1).q;
  assert.equal(gen.test_error, generalizationError(softmax(2, 2), q, 0.5).value);
  assert.equal(gen.method, "quadrature");
});

test("sweepGrid rejects unknown kinds, empty lists and out-of-range values, naming the parameter", () => {
  assert.throws(() => sweepGrid({ kind: "mc", rho: [0.5], T: [2], alpha: [0.1] }), /kind must be one of se, gen, amptest, gd/);
  assert.throws(() => sweepGrid({ kind: "se", rho: [], T: [2], alpha: [0.1] }), /rho must be a non-empty list/);
  assert.throws(() => sweepGrid({ kind: "se", rho: [0.5], T: [1], alpha: [0.1] }), /T must be an integer ≥ 2/);
  assert.throws(() => sweepGrid({ kind: "se", rho: [0.5], T: [2], beta: [0], alpha: [0.1] }), /beta must be a number > 0/);
  assert.throws(() => sweepGrid({ kind: "se", channel: "relu" as never, rho: [0.5], T: [2], alpha: [0.1] }), /channel must be one of/);
});
