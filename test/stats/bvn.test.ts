import assert from "node:assert/strict";
import { test } from "node:test";
import { bvnCdf, bvnCdfDh, bvnPdf } from "../../lib/stats/bvn";
import { normCdf } from "../../lib/stats/normal";
import fixtures from "./fixtures/bvn.json";

// Reference: test/stats/fixtures/generate.py, the 1-D integral ∫_{−∞}^h φ(x) Φ((k − cx)/√(1−c²)) dx by mpmath
// at 40 digits, on h, k ∈ {−30 … 8} and 16 correlations from −0.999999 to 1 − 1e-10 (880 points, both orders).

test("bvnCdf(h, k, c) matches the mpmath reference to 1e-15 absolute and 1e-12 relative, tails and |c| → 1 included", () => {
  let worstAbs = 0;
  let worstRel = 0;
  for (const p of fixtures.points) {
    const ref = Number(p.value);
    for (const [h, k] of [[p.h, p.k], [p.k, p.h]]) {
      const v = bvnCdf(h, k, p.c);
      worstAbs = Math.max(worstAbs, Math.abs(v - ref));
      if (ref > 1e-300) worstRel = Math.max(worstRel, Math.abs(v - ref) / ref);
    }
  }
  assert.ok(worstAbs < 1e-15, `worst absolute error ${worstAbs}`);
  assert.ok(worstRel < 1e-12, `worst relative error ${worstRel}`);
});

test("bvnCdf(0, 0, c) = ¼ + asin(c)/(2π) at c = ±1/3 (the hardmax correlation) and across (−1, 1)", () => {
  for (const c of [-1 / 3, 1 / 3, -0.999, -0.9, -0.5, 0, 0.5, 0.9, 0.999, 1 - 1e-9]) {
    const exact = 0.25 + Math.asin(c) / (2 * Math.PI);
    assert.ok(Math.abs(bvnCdf(0, 0, c) - exact) < 2e-16, `c = ${c}`);
  }
});

test("bvnCdf(h, k, c) → Φ(min(h, k)) as c → 1 and → max(0, Φ(h) − Φ(−k)) as c → −1, continuously", () => {
  for (const [h, k] of [[-1, 0.5], [0.3, 0.3], [-2, -2.0001], [1.5, -0.7]]) {
    assert.ok(Math.abs(bvnCdf(h, k, 1 - 1e-14) - normCdf(Math.min(h, k))) < 1e-7, `c → 1 at ${h}, ${k}`);
    assert.equal(bvnCdf(h, k, 1), normCdf(Math.min(h, k)));
    const low = Math.max(0, normCdf(h) - normCdf(-k));
    assert.ok(Math.abs(bvnCdf(h, k, -1 + 1e-14) - low) < 1e-7, `c → −1 at ${h}, ${k}`);
    assert.ok(Math.abs(bvnCdf(h, k, -1) - low) < 1e-16);
  }
});

test("bvnCdf(h, k, 0) = Φ(h)Φ(k) and bvnCdf is symmetric in (h, k)", () => {
  for (const h of [-7, -1, 0.2, 3]) {
    for (const k of [-4, 0, 2.5]) {
      assert.ok(Math.abs(bvnCdf(h, k, 0) - normCdf(h) * normCdf(k)) <= 1e-15 * normCdf(h) * normCdf(k) + 1e-300);
      for (const c of [-0.7, 1 / 3, 0.95]) assert.equal(bvnCdf(h, k, c), bvnCdf(k, h, c));
    }
  }
});

test("bvnCdfDh(h, k, c) equals the central finite difference of bvnCdf in h (and bvnPdf the mixed one)", () => {
  const e = 1e-5;
  for (const c of [-0.95, -1 / 3, 0, 1 / 3, 0.8]) {
    for (const [h, k] of [[-2, 1], [0.4, -0.3], [1.2, 2], [-4, -3]]) {
      const fd = (bvnCdf(h + e, k, c) - bvnCdf(h - e, k, c)) / (2 * e);
      const scale = Math.max(bvnCdfDh(h, k, c), 1e-12);
      assert.ok(Math.abs(fd - bvnCdfDh(h, k, c)) < 1e-8 * scale + 1e-15, `∂h at ${h}, ${k}, ${c}`);
      const mixed = (bvnCdfDh(h, k + e, c) - bvnCdfDh(h, k - e, c)) / (2 * e);
      // rounding in the difference quotient is ~1e-17/e = 1e-12 in absolute terms
      assert.ok(Math.abs(mixed - bvnPdf(h, k, c)) < 1e-8 * bvnPdf(h, k, c) + 1e-11, `∂h∂k at ${h}, ${k}, ${c}`);
    }
  }
});

test("bvnCdf propagates NaN, handles infinite limits and rejects c outside [−1, 1]", () => {
  assert.ok(Number.isNaN(bvnCdf(NaN, 0, 0.2)));
  assert.equal(bvnCdf(-Infinity, 3, 0.5), 0);
  assert.equal(bvnCdf(Infinity, 0.4, 0.5), normCdf(0.4));
  assert.throws(() => bvnCdf(0, 0, 1.5), /c must be a number in \[-1, 1\]/);
  assert.throws(() => bvnCdf(0, 0, NaN), /c must be/);
});
