import assert from "node:assert/strict";
import { test } from "node:test";
import { hardmax } from "../../lib/channels/hardmax";
import { softmax } from "../../lib/channels/softmax";
import { solveSE, solveSECurve } from "../../lib/se/solve";

test("solveSE(hardmax published) reproduces the published check values of theory.md §9 within ±0.005", () => {
  const ch = hardmax(2, "published");
  assert.ok(Math.abs(solveSE(ch, 0.5, 0.4364).mmse - 0.526) < 0.005);
  assert.ok(Math.abs(solveSE(ch, 0.5, 1.0027).mmse - 0.3145) < 0.005);
});

test("solveSE(hardmax exact) gives about 0.25 at ρ = 0.5, α = 0.4364 (theory.md §9)", () => {
  assert.ok(Math.abs(solveSE(hardmax(2, "exact"), 0.5, 0.4364).mmse - 0.25) < 0.01);
});

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6];

test("hardmax exact error is never below softmax T = 2 at the same (α, ρ) (hardmax sees a function of softmax's data)", () => {
  for (const rho of [0.2, 1]) {
    const hm = solveSECurve(hardmax(2, "exact"), rho, ALPHAS);
    const sm = solveSECurve(softmax(2), rho, ALPHAS);
    hm.forEach((r, i) => assert.ok(r.mmse >= sm[i].mmse - 1e-12, `ρ = ${rho}, α = ${r.alpha}: ${r.mmse} < ${sm[i].mmse}`));
  }
});

test("hardmax errors decrease strictly with α for both scores, and exact ≤ published", () => {
  const rho = 0.5;
  const exact = solveSECurve(hardmax(2, "exact"), rho, ALPHAS);
  const published = solveSECurve(hardmax(2, "published"), rho, ALPHAS);
  for (const curve of [exact, published]) {
    for (let i = 1; i < curve.length; i++) assert.ok(curve[i].mmse < curve[i - 1].mmse, `${curve[i].alpha}`);
    assert.ok(curve.every((r) => r.converged && r.mmse > 0 && r.mmse < 1));
  }
  exact.forEach((r, i) => assert.ok(r.mmse <= published[i].mmse));
});
