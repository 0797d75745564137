import assert from "node:assert/strict";
import { test } from "node:test";
import { ampRun } from "../../lib/amp/experiment";
import { makeChannel } from "../../lib/channels/registry";
import { VALIDATION_POINTS } from "../../lib/cli/commands/data-amp";

/*
 * The paired float64 check of issue 12 on smaller instances of the validation problems (same points and seeds as
 * `aim data amp --set validation`, d = 40 instead of 200): AMP with the WebAssembly SIMD kernels, on one thread
 * and on two, gives the errors of the JavaScript kernels to 1e-12 — in fact the same bits, since the kernels sum
 * the same terms in the same order. Without that, rounding differences grow along the iteration: a first SIMD
 * kernel that summed in another order differed by up to 1e-9 on converged points at d = 60, and by 1e-2 on one
 * that did not converge in 200 iterations. The d = 200 comparison is
 * scripts/amp-kernels-paired.ts → data/amp-kernels-paired.csv.
 */

const D = 40;

test(`AMP errors with SIMD kernels (1 and 2 threads) equal the JavaScript kernels' on the validation points at d = ${D}`, () => {
  for (const v of VALIDATION_POINTS) {
    const channel = makeChannel(v.channel, { T: v.T });
    for (const alpha of v.alphas) {
      const point = { d: D, rho: 0.5, alpha, samples: 1, seed: "1" };
      const js = ampRun(channel, point, 0, { kernels: "js" });
      for (const threads of [1, 2]) {
        const simd = ampRun(channel, point, 0, { kernels: "simd", threads });
        const label = `${v.channel} T = ${v.T} α = ${alpha}, ${threads} thread(s)`;
        assert.ok(Number.isFinite(js.mse) && js.mse > 0, `${label}: mse ${js.mse}`);
        assert.ok(Math.abs(simd.mse - js.mse) <= 1e-12, `${label}: |Δ mse| = ${Math.abs(simd.mse - js.mse)}`);
        assert.equal(simd.mse, js.mse, `${label}: same bits`);
        assert.equal(simd.iterations, js.iterations, `${label}: iterations`);
      }
    }
  }
});
