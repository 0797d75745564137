import assert from "node:assert/strict";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { hardmax } from "../../lib/channels/hardmax";
import { softmax } from "../../lib/channels/softmax";
import { rho0Curve, rho0Error, rho0Threshold } from "../../lib/se/rho0";
import { solveSE } from "../../lib/se/solve";
import { hardmaxIntegralAtZero } from "../channels/hardmax-at-zero";

test("rho0Error(softmax(T), ᾱ') = κᾱ'(2 − κᾱ') between 1/κ and 2/κ, 1 below, 0 above (closed form)", () => {
  for (const T of [2, 3]) {
    const k = kappa(T);
    assert.ok(Math.abs(rho0Threshold(softmax(T)) - 1 / k) < 1e-15);
    for (const x of [0.5, 0.99, 1.01, 1.3, 1.7, 1.99, 2.2]) {
      const expected = x <= 1 ? 1 : x >= 2 ? 0 : x * (2 - x);
      assert.ok(Math.abs(rho0Error(softmax(T), x / k).error - expected) < 1e-11, `T = ${T}, κᾱ' = ${x}`);
    }
  }
});

test("rho0Threshold(hardmax) = 1/A(0) from the closed form at κ = 0: ≈ 0.5633 published, ≈ 0.4034 exact", () => {
  const { exact, published } = hardmaxIntegralAtZero();
  // A(0) = (2/(3V)) F(0) at V = 1
  assert.ok(Math.abs(rho0Threshold(hardmax(2, "exact")) - 1 / ((2 / 3) * exact)) < 1e-13);
  assert.ok(Math.abs(rho0Threshold(hardmax(2, "published")) - 1 / ((2 / 3) * published)) < 1e-13);
  // theory.md §9: 0.5635 (published, from Monte Carlo) and about 0.403 (exact)
  assert.ok(Math.abs(rho0Threshold(hardmax(2, "published")) - 0.5635) < 0.001);
  assert.ok(Math.abs(rho0Threshold(hardmax(2, "exact")) - 0.403) < 0.001);
});

test("rho0Error(hardmax) is exactly 1 up to the threshold, below 1 just above it, and decreasing", () => {
  const ch = hardmax(2, "exact");
  const c = rho0Threshold(ch);
  assert.equal(rho0Error(ch, c * 0.999).error, 1);
  const curve = rho0Curve(ch, [c * 1.001, c * 1.2, c * 2, c * 4]);
  assert.ok(curve[0].error < 1 && curve[0].error > 0.99);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].error < curve[i - 1].error);
});

test("solveSE at small ρ approaches rho0Error at the same α/ρ (the limit evaluates A at the fixed point)", () => {
  for (const score of ["exact", "published"] as const) {
    const ch = hardmax(2, score);
    const alphaBar = 2;
    const limit = rho0Error(ch, alphaBar).error;
    const gaps = [0.04, 0.01].map((rho) => Math.abs(solveSE(ch, rho, rho * alphaBar).mmse - limit));
    assert.ok(gaps[1] < gaps[0] && gaps[1] < 0.01, `${score}: gaps ${gaps}`);
    // evaluating A at q = 0 instead (theory.md's shortcut) would give a visibly different number
    const t0 = 1 / (alphaBar * ch.qHatPerAlpha(0, 1));
    assert.ok(Math.abs(t0 * (2 - t0) - limit) > 0.05);
  }
});
