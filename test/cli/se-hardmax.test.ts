import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli as run } from "./run";

test("aim se --channel hardmax --score published|exact → the §9 check value and the lower exact error", async () => {
  const published = await run(["se", "--channel", "hardmax", "--score", "published", "--rho", "0.5", "--alpha", "0.4364"]);
  assert.equal(published.code, 0);
  assert.ok(Math.abs(JSON.parse(published.out[0]).mmse - 0.526) < 0.005);
  const exact = await run(["se", "--channel", "hardmax", "--rho", "0.5", "--alpha", "0.4364"]);
  assert.ok(JSON.parse(exact.out[0]).mmse < JSON.parse(published.out[0]).mmse);
});

test("aim se --channel hardmax --T 3 exits 2 naming the supported T", async () => {
  const r = await run(["se", "--channel", "hardmax", "--T", "3", "--rho", "0.5", "--alpha", "0.1"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /T = 2 only \(got T = 3\)/);
});

test("aim threshold --limit rho0 --channel hardmax → alpha_bar_c ≈ 0.4034 (exact) and 0.5633 (published)", async () => {
  const exact = JSON.parse((await run(["threshold", "--limit", "rho0", "--channel", "hardmax"])).out[0]);
  const published = JSON.parse((await run(["threshold", "--limit", "rho0", "--channel", "hardmax", "--score", "published"])).out[0]);
  assert.ok(Math.abs(exact.alpha_bar_c - 0.4034) < 1e-3 && Math.abs(published.alpha_bar_c - 0.5633) < 1e-3);
});
