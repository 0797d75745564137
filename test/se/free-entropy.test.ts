import assert from "node:assert/strict";
import { test } from "node:test";
import { linear } from "../../lib/channels/linear";
import { softmax } from "../../lib/channels/softmax";
import { freeEntropy, Q0, solveSE } from "../../lib/se";

test("freeEntropy(q, q̂) is stationary at the SE fixed point (finite differences in q and q̂)", () => {
  for (const [channel, rho, alpha] of [[softmax(2), 0.5, 0.1], [linear(3, 0.3), 1, 0.05]] as const) {
    const r = solveSE(channel, rho, alpha);
    const hq = 1e-4;
    const dq = (freeEntropy(channel, rho, alpha, r.q + hq, r.qHat) - freeEntropy(channel, rho, alpha, r.q - hq, r.qHat)) / (2 * hq);
    const hh = 1e-4 * r.qHat;
    const dh = (freeEntropy(channel, rho, alpha, r.q, r.qHat + hh) - freeEntropy(channel, rho, alpha, r.q, r.qHat - hh)) / (2 * hh);
    assert.ok(Math.abs(dq) < 1e-6, `∂Φ/∂q = ${dq} for ${channel.name}`);
    assert.ok(Math.abs(dh) < 1e-6, `∂Φ/∂q̂ = ${dh} for ${channel.name}`);
  }
});

test("freeEntropy is not stationary away from the fixed point", () => {
  const channel = softmax(2);
  const r = solveSE(channel, 0.5, 0.1);
  const q = r.q - 0.1;
  const h = 1e-4;
  const dq = (freeEntropy(channel, 0.5, 0.1, q + h, r.qHat) - freeEntropy(channel, 0.5, 0.1, q - h, r.qHat)) / (2 * h);
  assert.ok(Math.abs(dq) > 1e-2);
});

test("outputFreeEntropy′ = qHatPerAlpha/4 for softmax and linear (the channel's two faces agree)", () => {
  for (const channel of [softmax(4), linear(2, 0.7)]) {
    const q0 = Q0(0.5);
    for (const q of [0.6, 1.0, 1.4]) {
      const h = 1e-6;
      const d = (channel.outputFreeEntropy!(q + h, q0) - channel.outputFreeEntropy!(q - h, q0)) / (2 * h);
      assert.ok(Math.abs(d - channel.qHatPerAlpha(q, q0) / 4) < 1e-6 * channel.qHatPerAlpha(q, q0));
    }
  }
});
