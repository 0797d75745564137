import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "../../lib/cli/args";
import type { IO } from "../../lib/cli/command";
import { runRho0Threshold } from "../../lib/cli/commands/threshold-rho0";
import { hardmax } from "../../lib/channels/hardmax";
import { rho0Threshold } from "../../lib/se/rho0";

function run(argv: string[]): string[] {
  const out: string[] = [];
  const io: IO = { out: (l) => out.push(l), err: () => undefined, interactive: false };
  runRho0Threshold(parseArgs(argv), io);
  return out;
}

test("runRho0Threshold(--channel hardmax --score published|exact) → {channel, limit, T, score, alpha_bar_c}", () => {
  for (const score of ["published", "exact"] as const) {
    const row = JSON.parse(run(["threshold", "--channel", "hardmax", "--limit", "rho0", "--score", score])[0]);
    assert.deepEqual(Object.keys(row), ["channel", "limit", "T", "score", "alpha_bar_c"]);
    assert.equal(row.score, score);
    assert.equal(row.alpha_bar_c, rho0Threshold(hardmax(2, score)));
  }
});

test("runRho0Threshold(--channel softmax --T 3) → alpha_bar_c = 1/κ(3) = 0.1, score null", () => {
  assert.deepEqual(JSON.parse(run(["threshold", "--channel", "softmax", "--limit", "rho0", "--T", "3"])[0]), {
    channel: "softmax",
    limit: "rho0",
    T: 3,
    score: null,
    alpha_bar_c: 0.1,
  });
});

test("runRho0Threshold rejects hardmax at T = 3, a bad score and the linear channel, naming the parameter", () => {
  assert.throws(() => run(["threshold", "--channel", "hardmax", "--limit", "rho0", "--T", "3"]), /T = 2 only/);
  assert.throws(() => run(["threshold", "--channel", "hardmax", "--limit", "rho0", "--score", "phi2"]), /score must be one of exact, published/);
  assert.throws(() => run(["threshold", "--channel", "linear", "--limit", "rho0"]), /channel must be one of softmax, hardmax/);
});
