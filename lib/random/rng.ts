import seedrandom from "seedrandom";
import { checkNumber } from "../util/check";

/**
 * Seeded randomness. Every stochastic function in the workbook takes a `Seed` (a number or a string)
 * or an `Rng` made from one, so every sampled number is reproducible.
 */
export type Seed = number | string;

export interface Rng {
  /** uniform on [0, 1) */
  uniform(): number;
  /** standard normal N(0, 1) */
  normal(): number;
}

/** A generator seeded by `seed` (Alea via seedrandom; normals by the polar Box–Muller method). */
export function rng(seed: Seed): Rng {
  if (typeof seed === "number") checkNumber("seed", seed);
  const u = seedrandom.alea(String(seed));
  let spare = NaN;
  return {
    uniform: () => u(),
    normal(): number {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      let x: number, y: number, r2: number;
      do {
        x = 2 * u() - 1;
        y = 2 * u() - 1;
        r2 = x * x + y * y;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      spare = y * f;
      return x * f;
    },
  };
}

/** Accepts a seed or an existing generator. */
export function asRng(source: Seed | Rng): Rng {
  return typeof source === "object" ? source : rng(source);
}

/** `length` i.i.d. N(0, scale²) numbers. */
export function gaussianArray(length: number, source: Seed | Rng, scale = 1): Float64Array {
  checkNumber("length", length, { integer: true, ge: 0 });
  const g = asRng(source);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = scale * g.normal();
  return out;
}

/** A child seed derived from a parent seed and a label: independent streams for sub-tasks. */
export function childSeed(seed: Seed, ...labels: (string | number)[]): string {
  return [String(seed), ...labels.map(String)].join("/");
}
