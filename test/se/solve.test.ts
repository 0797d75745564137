import assert from "node:assert/strict";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { linear } from "../../lib/channels/linear";
import { softmax } from "../../lib/channels/softmax";
import { alphaPR, Q0, rhoInfinityError, seIterate, solveSE, solveSECurve } from "../../lib/se";
import { mmseS } from "../../lib/rmt";

test("solveSE(softmax T = 2, ρ = 0.5) → the public check values of theory.md §9 to 2e-6", () => {
  const expected: [number, number][] = [
    [0.02, 0.9066342],
    [0.05, 0.7236775],
    [0.1, 0.392196],
    [0.15, 0.1281309],
  ];
  for (const [alpha, mmse] of expected) {
    const r = solveSE(softmax(2), 0.5, alpha);
    assert.ok(r.converged);
    assert.ok(Math.abs(r.mmse - mmse) < 2e-6, `alpha = ${alpha}: ${r.mmse}`);
  }
});

test("solveSE returns a fixed point: q = Q0 − mmse_S(1/q̂) and q̂ = κα/(Q0 − q) to 1e-12", () => {
  for (const [rho, T, alpha] of [[0.5, 2, 0.1], [0.1, 3, 0.01], [2, 4, 0.02], [1, 2, 0.2]] as const) {
    const r = solveSE(softmax(T), rho, alpha);
    assert.ok(Math.abs(r.qHat - (kappa(T) * alpha) / (Q0(rho) - r.q)) < 1e-9 * r.qHat);
    assert.ok(Math.abs(Q0(rho) - mmseS(1 / r.qHat, rho) - r.q) < 1e-12, `rho = ${rho}, T = ${T}`);
  }
});

test("solveSE agrees with the plain damped iteration (seIterate) away from α_PR", () => {
  for (const alpha of [0.03, 0.08, 0.12]) {
    const brent = solveSE(softmax(2), 0.5, alpha).mmse;
    const iterated = seIterate(softmax(2), 0.5, alpha, { damping: 0.7, tol: 1e-13, maxIter: 5000 }).result;
    assert.ok(iterated.converged);
    assert.ok(Math.abs(brent - iterated.mmse) < 1e-10, `alpha = ${alpha}`);
  }
});

test("seIterate slows down critically near α_PR while solveSE stays cheap", () => {
  const alpha = 0.98 * alphaPR(0.5, 2);
  const iterated = seIterate(softmax(2), 0.5, alpha, { tol: 1e-10, maxIter: 20000 });
  const solved = solveSE(softmax(2), 0.5, alpha);
  assert.ok(iterated.result.iterations > 100, `iterations ${iterated.result.iterations}`);
  assert.ok(solved.iterations < 40, `evaluations ${solved.iterations}`);
  assert.ok(Math.abs(iterated.result.mmse - solved.mmse) < 1e-5);
});

test("softmax error depends on (α, T) only through ᾱ = ακ(T): T = 3 at α equals T = 2 at 2.5α", () => {
  for (const alpha of [0.005, 0.02, 0.05, 0.07]) {
    const t3 = solveSE(softmax(3), 0.5, alpha).mmse;
    const t2 = solveSE(softmax(2), 0.5, 2.5 * alpha).mmse;
    assert.ok(Math.abs(t3 - t2) < 1e-12, `alpha = ${alpha}`);
  }
});

test("softmax error does not depend on β", () => {
  assert.equal(solveSE(softmax(2, 0.3), 0.5, 0.1).mmse, solveSE(softmax(2, 7), 0.5, 0.1).mmse);
});

test("noiseless linear channel = softmax with κ replaced by T(T+1): linear T = 2 at α equals softmax T = 2 at 1.5α", () => {
  for (const alpha of [0.01, 0.05, 0.1]) {
    assert.ok(Math.abs(solveSE(linear(2), 0.5, alpha).mmse - solveSE(softmax(2), 0.5, 1.5 * alpha).mmse) < 1e-12);
  }
});

test("noisy linear channel has a larger error than the noiseless one, and no perfect recovery", () => {
  const clean = solveSE(linear(2), 0.5, 0.2).mmse;
  const noisy = solveSE(linear(2, 0.5), 0.5, 0.2).mmse;
  assert.equal(clean, 0);
  assert.ok(noisy > 1e-3);
});

test("alphaPR(ρ, T): SE error < 1e-3 just above it, > 1e-2 at 0.95·α_PR and > 1e-4 at 0.99·α_PR", () => {
  for (const rho of [0.1, 0.2, 0.5, 1, 2]) {
    for (const T of [2, 3, 5]) {
      const a = alphaPR(rho, T);
      assert.ok(solveSE(softmax(T), rho, 1.001 * a).mmse < 1e-3, `above: rho = ${rho}, T = ${T}`);
      assert.ok(solveSE(softmax(T), rho, 0.99 * a).mmse > 1e-4, `0.99: rho = ${rho}, T = ${T}`);
      // ρ = 1 (no zero eigenvalues left, the degrees-of-freedom count switches branch) has the steepest
      // approach: 9.0e-3 at 0.95·α_PR; every other width is above 1e-2 there
      const floor = rho === 1 ? 5e-3 : 1e-2;
      assert.ok(solveSE(softmax(T), rho, 0.95 * a).mmse > floor, `0.95: rho = ${rho}, T = ${T}`);
    }
  }
});

test("alphaPR → (2ρ − ρ²)/κ(T) for ρ ≤ 1 and 1/κ(T) beyond; decreasing in T like 1/T²", () => {
  assert.ok(Math.abs(alphaPR(0.5, 2) - 0.75 / 4) < 1e-15);
  assert.equal(alphaPR(3, 2), 0.25);
  assert.equal(alphaPR(Infinity, 2), 0.25);
  // falls like 1/T²: T² α_PR(0.5, T) → 0.75
  assert.ok(Math.abs(alphaPR(0.5, 100) * 100 * 100 - 0.75) < 0.01);
});

test("SE error at α = 0 is 1 for every ρ, and the ρ = ∞ line is max(0, 1 − ᾱ)", () => {
  for (const rho of [0.1, 1, 5]) assert.equal(solveSE(softmax(2), rho, 0).mmse, 1);
  assert.equal(rhoInfinityError(0.25), 0.75);
  assert.equal(rhoInfinityError(1.5), 0);
});

test("SE error at large ρ approaches the ρ = ∞ line 1 − ᾱ", () => {
  const alpha = 0.1; // ᾱ = 0.4
  const r = solveSE(softmax(2), 200, alpha);
  assert.ok(Math.abs(r.mmse - rhoInfinityError(alpha * kappa(2))) < 0.01, `${r.mmse}`);
});

test("initial slope: error ≈ 1 − ᾱ for small ᾱ", () => {
  const alpha = 1e-4;
  const r = solveSE(softmax(2), 0.5, alpha);
  assert.ok(Math.abs((1 - r.mmse) / (alpha * kappa(2)) - 1) < 0.01);
});

test("solveSECurve past α_PR: every point equals an independent solve, including the skipped perfect-recovery ones", () => {
  const alphas = [0.3, 0.1, 0.19, 0.2, 0.05, 0.25, 0.187];
  const curve = solveSECurve(softmax(2), 0.5, alphas);
  alphas.forEach((a, i) => {
    const alone = solveSE(softmax(2), 0.5, a);
    assert.ok(Math.abs(curve[i].mmse - alone.mmse) < 1e-12, `alpha = ${a}: ${curve[i].mmse} vs ${alone.mmse}`);
    assert.equal(curve[i].alpha, a);
  });
  assert.equal(curve[3].iterations, 0); // 0.2 ≥ 0.19, which already gave perfect recovery
});

test("solveSECurve (warm starts) equals independent solves", () => {
  const alphas = [0.01, 0.05, 0.1, 0.15, 0.18];
  const curve = solveSECurve(softmax(2), 0.5, alphas);
  alphas.forEach((a, i) => assert.ok(Math.abs(curve[i].mmse - solveSE(softmax(2), 0.5, a).mmse) < 1e-12));
});

test("solveSE(bad input) throws RangeErrors naming the parameter", () => {
  assert.throws(() => solveSE(softmax(2), -1, 0.1), /rho must be a number > 0/);
  assert.throws(() => solveSE(softmax(2), 0.5, -0.1), /alpha must be a number ≥ 0/);
  assert.throws(() => solveSE(softmax(2), 0.5, NaN), /alpha/);
  assert.throws(() => softmax(1), /T must be an integer ≥ 2/);
  assert.throws(() => softmax(2, 0), /beta/);
});
