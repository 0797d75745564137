import assert from "node:assert/strict";
import { test } from "node:test";
import { polynomialRoots, realRoots } from "../../lib/numeric/polynomial";
import { brent } from "../../lib/numeric/roots";

test("brent(cos x − x) → the Dottie number 0.7390851332151607", () => {
  const f = (x: number) => Math.cos(x) - x;
  const r = brent(f, 0, 1, f(0), f(1));
  assert.ok(r.converged);
  assert.ok(Math.abs(r.x - 0.7390851332151607) < 1e-15);
  assert.ok(r.evaluations < 15);
});

test("brent throws when f(a), f(b) do not bracket", () => {
  assert.throws(() => brent((x) => x * x + 1, -1, 1, 2, 2), RangeError);
});

test("realRoots((x−1)(x+2)(x−3)(x²+1)) → [−2, 1, 3]", () => {
  // (x−1)(x+2)(x−3) = x³ − 2x² − 5x + 6; times (x² + 1): x⁵ − 2x⁴ − 4x³ + 4x² − 5x + 6
  const roots = realRoots([6, -5, 4, -4, -2, 1]);
  assert.equal(roots.length, 3);
  [-2, 1, 3].forEach((v, i) => assert.ok(Math.abs(roots[i] - v) < 1e-12));
});

test("polynomialRoots of x² + 1 → ±i", () => {
  const roots = polynomialRoots([1, 0, 1]).sort((a, b) => a.im - b.im);
  assert.ok(Math.abs(roots[0].im + 1) < 1e-14 && Math.abs(roots[1].im - 1) < 1e-14);
});
