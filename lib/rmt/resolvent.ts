import { checkDelta, checkRho } from "../util/check";

/**
 * The resolvent of Y = S + √Δ Z (theory.md §3). With a = 1/ρ, g(z) = ∫ μ_Δ(t)/(z − t) dt solves
 *
 *     √a·Δ·g³ − (√a·z + Δ)·g² + (z + √a − 1/√a)·g − 1 = 0,
 *
 * a cubic solved in closed form (Cardano), then polished by Newton steps in complex arithmetic.
 * Inside the support the cubic has a complex-conjugate pair and μ_Δ(x) = Im g(x − i0⁺)/π with Im g > 0;
 * outside it has three real roots and the Stieltjes branch is the one that decreases in x (g′ < 0),
 * the smallest in modulus among those.
 */
export interface Stieltjes {
  /** Re g(x − i0⁺) */
  re: number;
  /** Im g(x − i0⁺) ≥ 0; the density is im/π */
  im: number;
}

/** Cubic coefficients [c0, c1, c2, c3] of the resolvent equation at real z = x. */
export function resolventCoefficients(x: number, delta: number, rho: number): [number, number, number, number] {
  const sa = 1 / Math.sqrt(rho);
  return [-1, x + sa - 1 / sa, -(sa * x + delta), sa * delta];
}

interface CubicSolution {
  /** real roots when the discriminant says three, else the single real root */
  real: number[];
  /** the complex pair (re ± i·im, im > 0) when there is one */
  pair?: { re: number; im: number };
}

/** Roots of the monic cubic t³ + b t² + c t + d by Cardano (trigonometric form for three real roots). */
function monicCubic(b: number, c: number, d: number): CubicSolution {
  const shift = b / 3;
  const p = c - b * shift;
  const q = (2 * b * b * b) / 27 - (b * c) / 3 + d;
  const D = (q * q) / 4 + (p * p * p) / 27;
  if (D > 0) {
    const s = Math.sqrt(D);
    const u = Math.cbrt(q <= 0 ? -q / 2 + s : -q / 2 - s); // the larger-modulus branch: no cancellation
    const v = u !== 0 ? -p / (3 * u) : 0;
    return {
      real: [u + v - shift],
      pair: { re: -(u + v) / 2 - shift, im: (Math.sqrt(3) / 2) * Math.abs(u - v) },
    };
  }
  if (p === 0) return { real: [-shift, -shift, -shift] };
  const m = 2 * Math.sqrt(-p / 3);
  const arg = Math.max(-1, Math.min(1, ((3 * q) / (p * m)) ));
  const phi = Math.acos(arg) / 3;
  return { real: [0, 1, 2].map((k) => m * Math.cos(phi - (2 * Math.PI * k) / 3) - shift) };
}

/** P(g) and P′(g) at complex g by Horner, for P(g) = ((c3 g + c2) g + c1) g + c0; writes [Pr, Pi, P′r, P′i]. */
function horner(c: readonly number[], xr: number, xi: number, out: Float64Array): void {
  let pr = c[3];
  let pi = 0;
  let dr = 0;
  let di = 0;
  for (let k = 2; k >= 0; k--) {
    const ndr = dr * xr - di * xi + pr;
    di = dr * xi + di * xr + pi;
    dr = ndr;
    const npr = pr * xr - pi * xi + c[k];
    pi = pr * xi + pi * xr;
    pr = npr;
  }
  out[0] = pr;
  out[1] = pi;
  out[2] = dr;
  out[3] = di;
}

const cur = new Float64Array(4);
const nxt = new Float64Array(4);

/** Up to `steps` complex Newton steps on the cubic, each kept only if it lowers |P|; writes the root to out. */
function polish(c: readonly number[], gr: number, gi: number, steps: number, out: Float64Array): void {
  horner(c, gr, gi, cur);
  for (let s = 0; s < steps; s++) {
    const den = cur[2] * cur[2] + cur[3] * cur[3];
    if (den === 0) break;
    const nr = gr - (cur[0] * cur[2] + cur[1] * cur[3]) / den;
    const ni = gi - (cur[1] * cur[2] - cur[0] * cur[3]) / den;
    horner(c, nr, ni, nxt);
    if (!(Math.hypot(nxt[0], nxt[1]) < Math.hypot(cur[0], cur[1]))) break;
    gr = nr;
    gi = ni;
    cur.set(nxt);
  }
  out[0] = gr;
  out[1] = gi;
}

/**
 * g(x − i0⁺) for real x. For |c3| ≥ 1 the cubic is solved in g; for small Δ (|c3| < 1, where dividing by c3
 * would lose digits) it is solved in w = 1/g, whose leading coefficient is c0 = −1.
 * Unchecked and allocation-light: it sits inside every quadrature loop. `density` is the checked entry.
 */
export function stieltjes(x: number, delta: number, rho: number): Stieltjes {
  const c = resolventCoefficients(x, delta, rho);
  let sol: CubicSolution;
  if (c[3] === 0) {
    sol = quadratic(c[2], c[1], c[0]);
  } else if (Math.abs(c[3]) >= 1) {
    sol = monicCubic(c[2] / c[3], c[1] / c[3], c[0] / c[3]);
  } else {
    // w³ c0 + w² c1 + w c2 + c3 = 0; roots w = 1/g
    sol = monicCubic(c[1] / c[0], c[2] / c[0], c[3] / c[0]);
    for (let i = 0; i < sol.real.length; i++) sol.real[i] = 1 / sol.real[i];
    if (sol.pair) {
      const n2 = sol.pair.re * sol.pair.re + sol.pair.im * sol.pair.im;
      sol.pair = { re: sol.pair.re / n2, im: sol.pair.im / n2 };
    }
  }
  if (sol.pair && sol.pair.im > 0) {
    polish(c, sol.pair.re, sol.pair.im, 3, scratch);
    return { re: scratch[0], im: Math.abs(scratch[1]) };
  }
  for (let i = 0; i < sol.real.length; i++) {
    polish(c, sol.real[i], 0, 2, scratch);
    sol.real[i] = scratch[0];
  }
  return { re: stieltjesBranch(c, sol.real, rho), im: 0 };
}

const scratch = new Float64Array(2);

/** Roots of c2 g² + c1 g + c0 (Δ = 0: the Marchenko–Pastur quadratic). */
function quadratic(c2: number, c1: number, c0: number): CubicSolution {
  if (c2 === 0) return { real: [-c0 / c1] };
  const disc = c1 * c1 - 4 * c2 * c0;
  if (disc < 0) return { real: [], pair: { re: -c1 / (2 * c2), im: Math.sqrt(-disc) / (2 * Math.abs(c2)) } };
  const s = Math.sqrt(disc);
  const r1 = (-c1 - Math.sign(c1 || 1) * s) / (2 * c2);
  return { real: [r1, r1 !== 0 ? c0 / (c2 * r1) : 0] };
}

/**
 * Outside the support: among the real roots, the Stieltjes transform is the one with g′(x) < 0
 * (implicit derivative g′ = −P_x/P_g), and of those the smallest in modulus (it is bounded by 1/dist(x, supp)).
 */
function stieltjesBranch(c: readonly number[], roots: number[], rho: number): number {
  const sa = 1 / Math.sqrt(rho);
  let best = NaN;
  for (const g of roots) {
    const Px = -sa * g * g + g; // ∂P/∂x
    const Pg = (3 * c[3] * g + 2 * c[2]) * g + c[1];
    const slope = Pg !== 0 ? -Px / Pg : -Infinity;
    if (slope < 0 && (Number.isNaN(best) || Math.abs(g) < Math.abs(best))) best = g;
  }
  if (Number.isNaN(best)) {
    // degenerate (e.g. exactly at an edge): fall back to the smallest-modulus root
    for (const g of roots) if (Number.isNaN(best) || Math.abs(g) < Math.abs(best)) best = g;
  }
  return best;
}

/** The density μ_Δ(x) of Y = S + √Δ Z (theory.md §3): Im g(x − i0⁺)/π. For Δ = 0 the atom at 0 (ρ < 1) is not included. */
export function density(x: number, delta: number, rho: number): number {
  checkDelta(delta);
  checkRho(rho);
  return stieltjes(x, delta, rho).im / Math.PI;
}
