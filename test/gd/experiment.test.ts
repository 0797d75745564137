import assert from "node:assert/strict";
import { test } from "node:test";
import { gdPoint, groupSize, GROUP_FLOATS } from "../../lib/gd/experiment";

test("gdPoint with n < 1, ρ·d < 1, steps ≤ 0, lr ≤ 0 → errors naming alpha, rho, steps, lr", async () => {
  const base = { d: 20, rho: 0.5, T: 2, alpha: 0.1, seed: 0 };
  await assert.rejects(gdPoint({ ...base, alpha: 1e-4 }), /alpha must be ≥ 0\.00125 so that n = round\(α d²\) ≥ 1/);
  await assert.rejects(gdPoint({ ...base, rho: 0.01 }), /rho must be ≥ 0\.025 so that r = round\(ρ d\) ≥ 1/);
  await assert.rejects(gdPoint({ ...base, steps: 0 }), /steps must be an integer ≥ 1/);
  await assert.rejects(gdPoint({ ...base, lr: -0.1 }), /lr must be a number > 0/);
  await assert.rejects(gdPoint({ ...base, T: 1 }), /T must be an integer ≥ 2/);
  await assert.rejects(gdPoint({ ...base, average: 0 }), /average must be an integer ≥ 1/);
});

test("gdPoint(average 4) → averaged error below the mean single error; fields consistent", async () => {
  // below α_PR the students disagree, so averaging their S must reduce the error (convexity of ‖·‖²)
  const p = await gdPoint({ d: 16, rho: 0.5, T: 2, alpha: 0.08, seed: 2, steps: 200, average: 4, samples: 2 });
  assert.equal(p.n, Math.round(0.08 * 256));
  assert.equal(p.alpha_bar, 0.08 * 4);
  assert.ok(p.mse_avg_mean < p.mse_single_mean, `avg ${p.mse_avg_mean} vs single ${p.mse_single_mean}`);
  assert.ok(p.se_mmse > 0 && p.se_mmse < 1);
  assert.match(p.backend, /^tfjs /);
  assert.ok(p.ms_per_step > 0 && p.seconds > 0);
});

test("groupSize(n, T, r, K) → the largest group with n·T·K·r ≤ GROUP_FLOATS, between 1 and K", () => {
  assert.equal(groupSize(10, 2, 5, 32), 32);
  assert.equal(groupSize(GROUP_FLOATS, 2, 5, 32), 1);
  const g = groupSize(8000, 2, 100, 32);
  assert.ok(8000 * 2 * 100 * g <= GROUP_FLOATS && 8000 * 2 * 100 * (g + 1) > GROUP_FLOATS);
});

test("gdPoint(threads 2), one team for all its trainings → the numbers of threads 1 within float32 tolerance", async () => {
  const options = { d: 12, rho: 0.5, T: 2, alpha: 0.3, seed: "t", steps: 150, average: 3, group: 2, samples: 2 };
  const one = await gdPoint(options);
  const two = await gdPoint({ ...options, threads: 2 });
  for (const key of ["mse_single_mean", "mse_single_std", "mse_avg_mean", "mse_avg_std"] as const) {
    assert.ok(Math.abs(two[key] - one[key]) <= 1e-4 * one[key] + 1e-9, `${key}: ${one[key]} vs ${two[key]}`);
  }
  assert.match(two.backend, /× 2 workers$/);
  assert.equal(two.se_mmse, one.se_mmse);
});
