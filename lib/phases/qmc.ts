import { rng, Seed } from "../random/rng";
import { checkNumber } from "../util/check";

/**
 * Randomized quasi-Monte-Carlo for Gaussian expectations E f(z), z ~ N(0, I_s).
 *
 * Points: a rank-1 Korobov lattice {k·(1, a, a², …, a^{s−1}) / N mod 1}, k = 0..N−1 (Sloan & Joe, "Lattice
 * Methods for Multiple Integration", 1994), with the generator a chosen by minimizing the weighted P₂
 * criterion over a seeded set of candidates. Randomization: R independent uniform shifts mod 1
 * (Cranley–Patterson rotation), then the baker's (tent) transform u ↦ 1 − |2u − 1|, which keeps each
 * shifted rule unbiased and helps non-periodic integrands (Hickernell 2002). The R shifted estimates are
 * i.i.d. and unbiased, so their spread gives an honest standard error.
 * Normals: Box–Muller on consecutive coordinate pairs (radius from one, angle from the other), which
 * needs no inverse normal CDF and is measure-preserving.
 */

export interface QmcOptions {
  /** lattice size N per shift (default 4096) */
  points?: number;
  /** number of independent random shifts R ≥ 2 (default 16) */
  shifts?: number;
  /** seed of the shifts (default 0) */
  seed?: Seed;
}

export interface QmcEstimate {
  /** mean of the R shifted lattice estimates */
  value: number;
  /** standard error: sample standard deviation of the R estimates / √R */
  stdError: number;
  points: number;
  shifts: number;
}

const latticeCache = new Map<string, Float64Array>();

/** Product weights γ_j = 1/j of the P₂ search: earlier coordinates matter more. */
const weight = (j: number) => 1 / (j + 1);

/**
 * Weighted P₂ worst-case error² of the rank-1 lattice with generator z (tent-free, shift-averaged):
 *     P₂ = −1 + (1/N) Σ_k Π_j (1 + γ_j 2π² B₂({k z_j / N})),  B₂(x) = x² − x + 1/6.
 */
function p2(z: Float64Array, N: number): number {
  let total = 0;
  for (let k = 0; k < N; k++) {
    let prod = 1;
    for (let j = 0; j < z.length; j++) {
      const x = ((k * z[j]) % N) / N;
      prod *= 1 + weight(j) * 2 * Math.PI * Math.PI * (x * x - x + 1 / 6);
    }
    total += prod;
  }
  return total / N - 1;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Generating vector (1, a, a², …) mod N of a Korobov lattice in s dimensions, a chosen among `candidates`
 * seeded values coprime to N by the smallest P₂. Deterministic and cached per (N, s).
 */
export function korobovGenerator(N: number, s: number, candidates = 24): Float64Array {
  checkNumber("points", N, { integer: true, ge: 2 });
  checkNumber("dimension", s, { integer: true, ge: 1 });
  const key = `${N}:${s}`;
  const cached = latticeCache.get(key);
  if (cached) return cached;
  const pick = rng(`korobov/${N}/${s}`);
  const vector = (a: number) => {
    const z = new Float64Array(s);
    z[0] = 1;
    for (let j = 1; j < s; j++) z[j] = (z[j - 1] * a) % N;
    return z;
  };
  let best = vector(1);
  let bestScore = Infinity;
  for (let c = 0; c < candidates; c++) {
    const a = 2 + Math.floor(pick.uniform() * (N - 3));
    if (gcd(a, N) !== 1) continue;
    const z = vector(a);
    const score = p2(z, N);
    if (score < bestScore) {
      bestScore = score;
      best = z;
    }
  }
  latticeCache.set(key, best);
  return best;
}

/** Smallest positive double, so log(u) stays finite in Box–Muller. */
const TINY = 2 ** -53;

/**
 * E f(z) for z ~ N(0, I_dim) by a randomly shifted Korobov lattice. `f` receives a scratch vector it must
 * not keep. Returns the estimate with its standard error over the shifts.
 */
export function qmcGaussianMean(dim: number, f: (z: Float64Array) => number, options: QmcOptions = {}): QmcEstimate {
  checkNumber("dimension", dim, { integer: true, ge: 1 });
  const N = checkNumber("points", options.points ?? 4096, { integer: true, ge: 2 });
  const R = checkNumber("shifts", options.shifts ?? 16, { integer: true, ge: 2 });
  const s = dim + (dim % 2); // Box–Muller uses coordinates in pairs
  const gen = korobovGenerator(N, s);
  const shiftRng = rng(`qmc/${options.seed ?? 0}`);
  const u = new Float64Array(s);
  const z = new Float64Array(s);
  const estimates = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const shift = Float64Array.from({ length: s }, () => shiftRng.uniform());
    let sum = 0;
    for (let k = 0; k < N; k++) {
      for (let j = 0; j < s; j++) {
        let x = ((k * gen[j]) % N) / N + shift[j];
        x -= Math.floor(x);
        u[j] = 1 - Math.abs(2 * x - 1);
      }
      for (let j = 0; j < s; j += 2) {
        const radius = Math.sqrt(-2 * Math.log(Math.max(u[j], TINY)));
        const angle = 2 * Math.PI * u[j + 1];
        z[j] = radius * Math.cos(angle);
        z[j + 1] = radius * Math.sin(angle);
      }
      sum += f(z);
    }
    estimates[r] = sum / N;
  }
  let mean = 0;
  for (const e of estimates) mean += e;
  mean /= R;
  let ss = 0;
  for (const e of estimates) ss += (e - mean) ** 2;
  return { value: mean, stdError: Math.sqrt(ss / (R - 1) / R), points: N, shifts: R };
}
