import assert from "node:assert/strict";
import { test } from "node:test";
import { kappa } from "../../lib/channels/channel";
import { softmax } from "../../lib/channels/softmax";
import { generalizationCurve } from "../../lib/phases/generalization";
import { alphaPRSurface, softmaxCurveTable, softmaxErrorFromTable, softmaxErrorMapRho, softmaxErrorMapT } from "../../lib/phases/maps";
import { rng } from "../../lib/random/rng";
import { solveSE } from "../../lib/se/solve";
import { alphaPR } from "../../lib/se/thresholds";

test("softmaxErrorMapRho(ρ, α, T) equals solveSE to 1e-8 at random grid points, including near α_PR and small ρ", () => {
  const g = rng("maps-test");
  const rhos = [0.03, 0.1, 0.37, 1, 2.5];
  const alphas = Array.from({ length: 12 }, () => 0.26 * g.uniform());
  alphas.push(0, 0.99 * alphaPR(0.37, 2), 0.999 * alphaPR(1, 2));
  const map = softmaxErrorMapRho(rhos, alphas, 2);
  rhos.forEach((rho, i) =>
    alphas.forEach((alpha, j) => {
      const exact = solveSE(softmax(2), rho, alpha).mmse;
      const got = map.values[i * alphas.length + j];
      assert.ok(Math.abs(got - exact) < 1e-8, `ρ=${rho} α=${alpha}: ${got} vs ${exact}`);
    }),
  );
});

test("softmaxErrorMapT: error depends on (α, T) only through ᾱ = ακ(T), and matches solveSE at each T", () => {
  const alphas = [0.005, 0.02, 0.04, 0.08];
  const map = softmaxErrorMapT([2, 3, 5], alphas, 0.5);
  [2, 3, 5].forEach((T, i) =>
    alphas.forEach((alpha, j) => {
      const exact = solveSE(softmax(T), 0.5, alpha).mmse;
      assert.ok(Math.abs(map.values[i * alphas.length + j] - exact) < 1e-8, `T=${T} α=${alpha}`);
    }),
  );
  // T = 3 at α equals T = 2 at 2.5α (κ(3)/κ(2) = 10/4)
  const table = softmaxCurveTable(0.5);
  assert.ok(Math.abs(softmaxErrorFromTable(table, 0.03 * kappa(3)) - softmaxErrorFromTable(table, 0.075 * kappa(2))) < 1e-12);
});

test("solveSE error is > 1e-4 at 0.99·α_PR and < 1e-6 at 1.01·α_PR for ρ ∈ {0.1, 0.5, 1, 2}, T ∈ {2, 3, 5}; the map agrees", () => {
  for (const rho of [0.1, 0.5, 1, 2]) {
    for (const T of [2, 3, 5]) {
      const a = alphaPR(rho, T);
      const below = solveSE(softmax(T), rho, 0.99 * a).mmse;
      const above = solveSE(softmax(T), rho, 1.01 * a).mmse;
      assert.ok(below > 1e-4, `ρ=${rho} T=${T}: error ${below} at 0.99 α_PR`);
      assert.ok(above < 1e-6, `ρ=${rho} T=${T}: error ${above} at 1.01 α_PR`);
      const map = softmaxErrorMapRho([rho], [0.99 * a, 1.01 * a], T);
      assert.ok(Math.abs(map.values[0] - below) < 1e-8 && map.values[1] < 1e-6);
    }
  }
});

test("alphaPRSurface(ρ, T) reproduces the public values (ρ = 0.5: T = 2..6) and falls like 1/T² at fixed ρ", () => {
  const s = alphaPRSurface([0.1, 0.5, 1, 3], [2, 3, 4, 5, 6]);
  const expected = [0.1875, 0.075, 0.041667, 0.026786, 0.01875];
  expected.forEach((v, j) => assert.ok(Math.abs(s[5 + j] - v) < 5e-7, `T=${j + 2}`));
  assert.ok(Math.abs(s[0] - 0.0475) < 1e-12 && s[10] === 0.25 && s[15] === 0.25);
  for (let j = 0; j < 5; j++) {
    const T = j + 2;
    assert.ok(Math.abs(s[10 + j] * T * T - 1) < 2 / T, "T²·α_PR → 1 at ρ ≥ 1");
  }
});

test("generalizationCurve(softmax): decreasing in α and exactly 0 above α_PR, for T = 2 and T = 3, β = 1 and 4", () => {
  for (const T of [2, 3]) {
    for (const beta of [1, 4]) {
      const a = alphaPR(0.5, T);
      const alphas = [0, 0.2, 0.5, 0.8, 0.95, 1.05, 1.5].map((f) => f * a);
      const curve = generalizationCurve(softmax(T, beta), 0.5, alphas, { points: 1024 });
      for (let i = 1; i < curve.length; i++) {
        const p = curve[i - 1];
        const c = curve[i];
        if (p.testError === 0) assert.equal(c.testError, 0);
        else assert.ok(c.testError < p.testError - 3 * (p.testErrorError + c.testErrorError), `T=${T} β=${beta} α=${c.alpha}`);
      }
      assert.equal(curve[5].testError, 0);
      assert.equal(curve[6].testError, 0);
    }
  }
});

test("softmaxErrorMapRho / softmaxCurveTable reject T < 2, negative α, ρ ≤ 0 and bad table sizes", () => {
  assert.throws(() => softmaxErrorMapRho([0.5], [0.1], 1), /T must be/);
  assert.throws(() => softmaxErrorMapRho([0.5], [-0.1], 2), /alpha must be/);
  assert.throws(() => softmaxErrorMapRho([0], [0.1], 2), /rho must be/);
  assert.throws(() => softmaxCurveTable(0.5, { nodesPerDecade: 0 }), /nodesPerDecade/);
  assert.throws(() => softmaxErrorFromTable(softmaxCurveTable(0.5), NaN), /alphaBar/);
  assert.throws(() => generalizationCurve(softmax(2), 0.5, [NaN]), /alpha must be/);
});

test("softmaxErrorMapRhoParallel (2 workers) gives exactly the values of softmaxErrorMapRho, in order", async () => {
  const { softmaxErrorMapRhoParallel } = await import("../../lib/phases/maps");
  const rhos = [0.1, 0.3, 0.7, 1.5];
  const alphas = [0.01, 0.05, 0.1, 0.2];
  const serial = softmaxErrorMapRho(rhos, alphas, 3);
  const parallel = await softmaxErrorMapRhoParallel(rhos, alphas, 3, { workers: 2 });
  assert.deepEqual(Array.from(parallel.values), Array.from(serial.values));
});
