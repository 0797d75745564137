import { kappa } from "../channels/channel";
import { softmax } from "../channels/softmax";
import { mapInWorkers } from "../parallel/pool";
import { mmseS } from "../rmt/mmse";
import { solveSE } from "../se/solve";
import { alphaPR, degreesOfFreedom } from "../se/thresholds";
import { checkAlpha, checkNumber, checkRho, checkTokens } from "../util/check";

/**
 * Softmax error maps over (ρ, α) and (T, α) grids (theory.md §4, §5), fast enough for 128 × 128 maps.
 *
 * The softmax state evolution m = mmse_S(m / ᾱ), ᾱ = α κ(T), has an explicit parametric solution: for every
 * noise level Δ > 0 the pair
 *
 *     ᾱ(Δ) = mmse_S(Δ) / Δ,   m(Δ) = mmse_S(Δ)
 *
 * is a fixed point (put Δ = m/ᾱ). ᾱ(Δ) decreases from ᾱ_PR = 2ρ − ρ² (ρ ≤ 1; 1 for ρ ≥ 1) at Δ → 0 to 0 at
 * Δ → ∞, so each ᾱ < ᾱ_PR has exactly one fixed point and the curve m(ᾱ) is one table of mmse_S values per
 * ρ, shared by every T (the ᾱ collapse) and every α. A point of the map is then found by inverting ln ᾱ(ln Δ)
 * on a local cubic through the four nearest table nodes (uniform in ln Δ), and m = ᾱ · Δ exactly.
 * Above ᾱ_PR the error is 0. Targets closer to ᾱ_PR than the table's smallest Δ resolves fall back to solveSE.
 * Accuracy (tested against solveSE): below 1e-6 absolute at the default 6 nodes per decade.
 */

export interface CurveTableOptions {
  /** table nodes per decade of Δ (default 6) */
  nodesPerDecade?: number;
  /** smallest Δ in the table (default 1e-6) */
  deltaMin?: number;
  /** the smallest ᾱ the table must reach (default 1e-3); sets the largest Δ ≈ 2/ᾱ_min */
  alphaBarMin?: number;
}

/** The parametric softmax SE curve of one ρ: nodes t = ln Δ, uniform, with ln ᾱ(Δ) at each node. */
export interface SoftmaxCurveTable {
  rho: number;
  /** ᾱ_PR = 2ρ − ρ² (ρ ≤ 1) or 1 */
  alphaBarPR: number;
  t0: number;
  step: number;
  logAlphaBar: Float64Array;
  /** mmse_S evaluations spent building the table */
  evaluations: number;
}

/** Tabulates ᾱ(Δ) = mmse_S(Δ)/Δ on a uniform grid in ln Δ (one mmse_S evaluation per node). */
export function softmaxCurveTable(rho: number, options: CurveTableOptions = {}): SoftmaxCurveTable {
  checkRho(rho);
  const perDecade = checkNumber("nodesPerDecade", options.nodesPerDecade ?? 6, { gt: 0 });
  const deltaMin = checkNumber("deltaMin", options.deltaMin ?? 1e-6, { gt: 0 });
  const alphaBarMin = checkNumber("alphaBarMin", options.alphaBarMin ?? 1e-3, { gt: 0 });
  // ᾱ(Δ) ≈ 1/(1 + Δ) for large Δ (mmse_S → Δ/(1+Δ)): Δ_max = 2/ᾱ_min reaches below ᾱ_min with room for the stencil
  const deltaMax = Math.max(10 * deltaMin, 2 / alphaBarMin);
  const step = Math.LN10 / perDecade;
  const t0 = Math.log(deltaMin);
  const count = Math.ceil((Math.log(deltaMax) - t0) / step) + 1;
  const logAlphaBar = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const delta = Math.exp(t0 + i * step);
    logAlphaBar[i] = Math.log(mmseS(delta, rho) / delta);
  }
  return { rho, alphaBarPR: degreesOfFreedom(rho), t0, step, logAlphaBar, evaluations: count };
}

/** The cubic through the four table nodes j−1..j+2 (clamped to the table), at fractional index s. */
function cubicAt(y: Float64Array, j: number, s: number): number {
  const k = Math.min(Math.max(j - 1, 0), y.length - 4);
  const u = s - k; // in [0, 3]
  const [a, b, c, d] = [y[k], y[k + 1], y[k + 2], y[k + 3]];
  // Lagrange basis on nodes 0, 1, 2, 3
  return (
    (-a * (u - 1) * (u - 2) * (u - 3)) / 6 + (b * u * (u - 2) * (u - 3)) / 2 - (c * u * (u - 1) * (u - 3)) / 2 + (d * u * (u - 1) * (u - 2)) / 6
  );
}

/**
 * The softmax SE error m at rescaled sample complexity ᾱ = α κ(T), from a curve table of ρ (see the module
 * comment). Returns 0 for ᾱ ≥ ᾱ_PR and 1 at ᾱ = 0.
 */
export function softmaxErrorFromTable(table: SoftmaxCurveTable, alphaBar: number, tol = 1e-9): number {
  checkNumber("alphaBar", alphaBar, { ge: 0 });
  if (alphaBar === 0) return 1;
  if (alphaBar >= table.alphaBarPR) return 0;
  const y = table.logAlphaBar;
  const target = Math.log(alphaBar);
  const last = y.length - 1;
  if (target > y[0] || target < y[last]) {
    // outside the table (closer to ᾱ_PR than Δ_min resolves, or below ᾱ_min): solve exactly, T = 2 stands for all T
    return solveSE(softmax(2), table.rho, alphaBar / kappa(2)).mmse;
  }
  // ln ᾱ decreases along the table: find j with y[j] ≥ target ≥ y[j+1]
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (y[mid] >= target) lo = mid;
    else hi = mid;
  }
  // invert the local cubic on [lo, lo + 1] by bisection (no mmse_S evaluations) …
  let a = lo;
  let b = lo + 1;
  for (let it = 0; it < 60; it++) {
    const m = 0.5 * (a + b);
    if (cubicAt(y, lo, m) >= target) a = m;
    else b = m;
  }
  let t = table.t0 + 0.5 * (a + b) * table.step;
  // … then polish with Newton steps on F(t) = ln ᾱ(e^t) − ln ᾱ_target, slope from the cubic, until the
  // estimated error of m = ᾱ e^t is below tol (one mmse_S evaluation per step; usually one step)
  const slope = (tt: number) => {
    const s = (tt - table.t0) / table.step;
    const h = 1e-4;
    return (cubicAt(y, lo, s + h) - cubicAt(y, lo, s - h)) / (2 * h * table.step);
  };
  const lnLo = table.t0 + lo * table.step;
  const lnHi = lnLo + table.step;
  for (let it = 0; it < MAX_POLISH; it++) {
    const delta = Math.exp(t);
    const F = Math.log(mmseS(delta, table.rho) / delta) - target;
    const dt = -F / slope(t);
    t = Math.min(Math.max(t + dt, lnLo), lnHi);
    if (Math.abs(dt) * alphaBar * delta < tol) break;
  }
  return alphaBar * Math.exp(t);
}

/** Newton polishing steps at most per point (each one mmse_S evaluation). */
const MAX_POLISH = 4;

/** A map of values over a (row parameter × α) grid, row-major: values[i · alphas.length + j]. */
export interface ErrorMap {
  /** name of the row parameter ("rho" or "T") */
  rowParameter: "rho" | "T";
  rows: number[];
  alphas: number[];
  values: Float64Array;
  /** α_PR for each row */
  alphaPR: number[];
}

/** The softmax estimation error over a (ρ, α) grid at fixed T: one curve table per ρ. */
export function softmaxErrorMapRho(rhos: readonly number[], alphas: readonly number[], T: number, options: CurveTableOptions = {}): ErrorMap {
  checkTokens(T);
  alphas.forEach(checkAlpha);
  const k = kappa(T);
  const positive = alphas.filter((a) => a > 0);
  const alphaBarMin = Math.min(options.alphaBarMin ?? 1e-3, ...positive.map((a) => a * k));
  const values = new Float64Array(rhos.length * alphas.length);
  rhos.forEach((rho, i) => {
    const table = softmaxCurveTable(rho, { ...options, alphaBarMin });
    alphas.forEach((alpha, j) => (values[i * alphas.length + j] = softmaxErrorFromTable(table, alpha * k)));
  });
  return { rowParameter: "rho", rows: [...rhos], alphas: [...alphas], values, alphaPR: rhos.map((r) => alphaPR(r, T)) };
}

/** One row of a (ρ, α) map: the task a worker computes (plain data in, plain array out). */
export function softmaxErrorRow(task: { rho: number; alphas: number[]; T: number; options?: CurveTableOptions }): number[] {
  return Array.from(softmaxErrorMapRho([task.rho], task.alphas, task.T, task.options).values);
}

/**
 * softmaxErrorMapRho with the rows computed on worker threads (lib/parallel/pool.ts); same values, same order.
 * Worth it from a few dozen rows on (each worker pays a start-up of a few hundred ms under tsx).
 */
export async function softmaxErrorMapRhoParallel(
  rhos: readonly number[],
  alphas: readonly number[],
  T: number,
  options: CurveTableOptions & { workers?: number } = {},
): Promise<ErrorMap> {
  checkTokens(T);
  alphas.forEach(checkAlpha);
  const { workers, ...tableOptions } = options;
  const k = kappa(T);
  const positive = alphas.filter((a) => a > 0);
  const alphaBarMin = Math.min(tableOptions.alphaBarMin ?? 1e-3, ...positive.map((a) => a * k));
  const tasks = rhos.map((rho) => ({ rho, alphas: [...alphas], T, options: { ...tableOptions, alphaBarMin } }));
  const rows = await mapInWorkers<(typeof tasks)[number], number[]>(__filename, "softmaxErrorRow", tasks, { workers });
  return { rowParameter: "rho", rows: [...rhos], alphas: [...alphas], values: Float64Array.from(rows.flat()), alphaPR: rhos.map((r) => alphaPR(r, T)) };
}

/** The softmax estimation error over a (T, α) grid at fixed ρ: a single curve table serves every T (ᾱ collapse). */
export function softmaxErrorMapT(Ts: readonly number[], alphas: readonly number[], rho: number, options: CurveTableOptions = {}): ErrorMap {
  Ts.forEach(checkTokens);
  alphas.forEach(checkAlpha);
  const positive = Ts.flatMap((T) => alphas.filter((a) => a > 0).map((a) => a * kappa(T)));
  const table = softmaxCurveTable(rho, { ...options, alphaBarMin: Math.min(options.alphaBarMin ?? 1e-3, ...positive) });
  const values = new Float64Array(Ts.length * alphas.length);
  Ts.forEach((T, i) => alphas.forEach((alpha, j) => (values[i * alphas.length + j] = softmaxErrorFromTable(table, alpha * kappa(T)))));
  return { rowParameter: "T", rows: [...Ts], alphas: [...alphas], values, alphaPR: Ts.map((T) => alphaPR(rho, T)) };
}

/** α_PR(ρ, T) on a grid (theory.md §5), row-major over ρ then T. */
export function alphaPRSurface(rhos: readonly number[], Ts: readonly number[]): Float64Array {
  const out = new Float64Array(rhos.length * Ts.length);
  rhos.forEach((rho, i) => Ts.forEach((T, j) => (out[i * Ts.length + j] = alphaPR(rho, T))));
  return out;
}
