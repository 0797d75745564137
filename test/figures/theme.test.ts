import assert from "node:assert/strict";
import { test } from "node:test";
import { RHO_COLOURS, RHO_INFINITY_COLOUR, rhoColour, rhoColourScale, rhoLabel } from "../../lib/figures/theme";

test("rhoColour(ρ) → the authors' colour for every ρ they used (theory.md §8)", () => {
  const expected: Record<string, string> = { "0.05": "#577590", "0.1": "#4d908e", "0.2": "#43aa8b", "0.5": "#90be6d", "1": "#f9c74f", "2": "#f8961e", "5": "#f3722c", "0": "#000000" };
  for (const [rho, colour] of Object.entries(expected)) assert.equal(rhoColour(Number(rho)), colour, `ρ = ${rho}`);
  assert.equal(RHO_COLOURS.length, Object.keys(expected).length);
});

test("rhoColour(ρ) between two authors' values → each channel between the neighbours', distinct from both", () => {
  const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const [lo, mid, hi] = [0.2, 0.3, 0.5].map((r) => hex(rhoColour(r)));
  mid.forEach((v, i) => assert.ok(v >= Math.min(lo[i], hi[i]) && v <= Math.max(lo[i], hi[i]), `channel ${i}`));
  assert.notEqual(rhoColour(0.3), rhoColour(0.2));
  assert.notEqual(rhoColour(0.3), rhoColour(0.5));
  assert.equal(rhoColour(0.01), rhoColour(0.05)); // below the table: first colour
  assert.equal(rhoColour(50), rhoColour(5)); // above: last colour
  assert.equal(rhoColour(Infinity), RHO_INFINITY_COLOUR);
});

test("rhoColour(ρ) → RangeError naming rho for NaN and negative ρ", () => {
  assert.throws(() => rhoColour(NaN), /rho must be a number ≥ 0 or Infinity \(got NaN\)/);
  assert.throws(() => rhoColour(-1), /rho must be/);
});

test("rhoColourScale(ρs) → labels and colours aligned, in the given order", () => {
  assert.deepEqual(rhoColourScale([0.1, Infinity]), { domain: ["ρ = 0.1", "ρ = ∞"], range: ["#4d908e", RHO_INFINITY_COLOUR] });
  assert.equal(rhoLabel(2), "ρ = 2");
});
