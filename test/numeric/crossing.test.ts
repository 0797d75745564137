import assert from "node:assert/strict";
import { test } from "node:test";
import { levelCrossing } from "../../lib/numeric/crossing";

test("levelCrossing on a power law y = x^-3 sampled on a log grid → the exact crossing x = level^(-1/3)", () => {
  const xs = [0.1, 0.3, 1, 3, 10];
  const ys = xs.map((x) => x ** -3);
  const c = levelCrossing(xs, ys, 1e-2)!;
  assert.equal(c.kind, "interpolated");
  assert.ok(Math.abs(c.x - 100 ** (1 / 3)) < 1e-12, `${c.x}`);
});

test("levelCrossing: not reached → undefined; below at the first point → that point as an upper bound; first crossing of a bumpy curve", () => {
  assert.equal(levelCrossing([1, 2, 3], [1, 0.5, 0.2], 0.01), undefined);
  assert.deepEqual(levelCrossing([1, 2, 3], [0.005, 0.5, 0.001], 0.01), { x: 1, kind: "at or below the first point" });
  // rises again after crossing: the first crossing counts; a grid point exactly at the level is the crossing
  const c = levelCrossing([1, 2, 4, 8], [1, 0.01, 0.5, 0.001], 0.01)!;
  assert.ok(Math.abs(c.x - 2) < 1e-12);
});

test("levelCrossing with bad input → RangeError naming xs, ys or level", () => {
  assert.throws(() => levelCrossing([1, 2], [1], 0.1), /xs and ys must be/);
  assert.throws(() => levelCrossing([2, 1], [1, 0.1], 0.1), /xs must be positive and increasing/);
  assert.throws(() => levelCrossing([1, 2], [1, 0], 0.1), /ys must be positive/);
  assert.throws(() => levelCrossing([1, 2], [1, 0.1], 0), /level must be/);
});
