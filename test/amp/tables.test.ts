import assert from "node:assert/strict";
import { test } from "node:test";
import { AmpTableRow, mostSamplesPerPoint, precisionPairs } from "../../lib/amp/tables";

function row(partial: Partial<AmpTableRow>): AmpTableRow {
  return {
    channel: "softmax", variant: "beta=1", d: 100, rho: 0.5, T: 2, alpha: 0.1, alpha_bar: 0.4, samples: 4,
    mse_mean: 0.4, mse_std: 0.02, mse_sem: 0.01, se_mmse: 0.39, se_mmse_published: NaN, iterations_median: 50,
    converged_fraction: 1, diverged: 0, seconds: 8, seed: "1", damping: 0.5, max_iter: 200, precision: "float64",
    ...partial,
  };
}

test("mostSamplesPerPoint keeps one row per point: most problems first, then float64", () => {
  const rows = [
    row({ alpha: 0.1, samples: 2 }),
    row({ alpha: 0.1, samples: 8, precision: "float32", mse_mean: 0.41 }),
    row({ alpha: 0.2, samples: 8, precision: "float32" }),
    row({ alpha: 0.2, samples: 8, precision: "float64", mse_mean: 0.3 }),
    row({ alpha: 0.2, d: 200, samples: 1 }),
  ];
  const kept = mostSamplesPerPoint(rows);
  assert.deepEqual(kept, [rows[1], rows[3], rows[4]]);
});

test("precisionPairs joins float64 and float32 rows over the same problems only", () => {
  const rows = [
    row({ alpha: 0.1, samples: 4, mse_mean: 0.4, mse_sem: 0.01, seconds: 40 }),
    row({ alpha: 0.1, samples: 4, mse_mean: 0.4005, precision: "float32", seconds: 8 }),
    row({ alpha: 0.1, samples: 8, mse_mean: 0.5, precision: "float32" }), // no float64 partner with 8 problems
    row({ alpha: 0.2, samples: 4, mse_mean: 0.2, precision: "float32", seed: "2" }), // other seed
    row({ alpha: 0.2, samples: 4, mse_mean: 0.2 }),
  ];
  const pairs = precisionPairs(rows);
  assert.equal(pairs.length, 1);
  const [p] = pairs;
  assert.equal(p.alpha, 0.1);
  assert.ok(Math.abs(p.difference - 0.0005) < 1e-15);
  assert.ok(Math.abs(p.in_sems - 0.05) < 1e-12);
  assert.equal(p.seconds_float64, 10);
  assert.equal(p.seconds_float32, 2);
});
