import assert from "node:assert/strict";
import { test } from "node:test";
import { erf, erfc, logNormCdf, millsRatio, normCdf, normPdf } from "../../lib/stats/normal";
import fixtures from "./fixtures/normal.json";

// Reference values: test/stats/fixtures/generate.py (mpmath, 40 digits). Tolerance 1e-14 relative: the
// erf series near |x| = 1.5 leaves erfc = 1 − erf with ~2e-15, the worst case; everything else is ~1e-16.
const REL = 1e-14;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test("erfc(x) and erfc(−x) match mpmath to 1e-14 relative on [0, 26], including erfc(26) ≈ 5.6e-296", () => {
  for (const r of fixtures.erfc) {
    assert.ok(rel(erfc(r.x), Number(r.erfc)) < REL, `erfc(${r.x}) = ${erfc(r.x)} vs ${r.erfc}`);
    assert.ok(rel(erfc(-r.x), Number(r.erfcNeg)) < REL, `erfc(${-r.x})`);
    if (r.x > 0) assert.ok(rel(erf(r.x), Number(r.erf)) < REL, `erf(${r.x})`);
  }
});

test("normCdf(x) keeps full relative accuracy down to x = −37 (Φ ≈ 5.7e-300) and normPdf matches", () => {
  for (const r of fixtures.phi) {
    assert.ok(rel(normCdf(r.x), Number(r.cdf)) < REL, `Φ(${r.x}) = ${normCdf(r.x)} vs ${r.cdf}`);
    assert.ok(rel(normPdf(r.x), Number(r.pdf)) < 1e-15, `φ(${r.x})`);
  }
});

test("normCdf(x) + normCdf(−x) = 1 and logNormCdf agrees with log Φ where Φ is representable", () => {
  for (const x of [0, 0.1, 0.7, 1.3, 2.2, 4.5, 9]) assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) < 2e-16);
  for (const x of [-30, -5, -2.5, -1, 0, 2]) assert.ok(Math.abs(logNormCdf(x) - Math.log(normCdf(x))) < 1e-13 * Math.max(1, Math.abs(Math.log(normCdf(x)))));
  assert.ok(Number.isFinite(logNormCdf(-60)) && logNormCdf(-60) < -1800);
});

test("millsRatio(t) is continuous across its switch point and → 1/t − 1/t³ for large t", () => {
  const t0 = 1.5 * Math.SQRT2;
  assert.ok(rel(millsRatio(t0 - 1e-12), millsRatio(t0 + 1e-12)) < 1e-11);
  const t = 1e4;
  assert.ok(rel(millsRatio(t), 1 / t - 1 / t ** 3) < 1e-11);
});

test("erfc, normCdf, normPdf propagate NaN and handle ±Infinity", () => {
  assert.ok(Number.isNaN(erfc(NaN)) && Number.isNaN(normCdf(NaN)) && Number.isNaN(normPdf(NaN)));
  assert.equal(normCdf(-Infinity), 0);
  assert.equal(normCdf(Infinity), 1);
  assert.equal(normPdf(Infinity), 0);
  assert.equal(erfc(40), 0);
});
