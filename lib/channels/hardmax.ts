import { bvnCdf, bvnCdfAtCorrelation, bvnCdfDh, bvnPdf } from "../stats/bvn";
import { normCdf, normPdf } from "../stats/normal";
import { checkChoice, checkNumber, checkTokens } from "../util/check";
import { Channel } from "./channel";

/**
 * Hardmax channel: y_ab = 1 if b = argmax_c h_ac, else 0, row-wise (theory.md §1).
 * Sampling works for any T ≥ 2; state evolution and AMP are for T = 2 (theory.md §4, "Hardmax, T = 2").
 */
export function hardmaxOutput(T: number): Pick<Channel, "output" | "checkLabel"> {
  checkTokens(T);
  return {
    output(h, y) {
      for (let a = 0; a < T; a++) {
        const row = a * T;
        let best = 0;
        for (let b = 1; b < T; b++) if (h[row + b] > h[row + best]) best = b;
        for (let b = 0; b < T; b++) y[row + b] = b === best ? 1 : 0;
      }
    },
    checkLabel(y) {
      for (let a = 0; a < T; a++) {
        let ones = 0;
        for (let b = 0; b < T; b++) {
          const v = y[a * T + b];
          if (v !== 0 && v !== 1) throw new RangeError(`hardmax label row ${a} has entry ${v}; entries must be 0 or 1`);
          ones += v;
        }
        if (ones !== 1) throw new RangeError(`hardmax label row ${a} has ${ones} ones; exactly one is required`);
      }
    },
  };
}

export const HARDMAX_SCORES = ["exact", "published"] as const;
export type HardmaxScore = (typeof HARDMAX_SCORES)[number];

/** The correlation of the two row margins u1 = h11 − h12, u2 = h22 − h12 given ω: Cov = V, Var = 3V. */
export const HARDMAX_MARGIN_CORRELATION = 1 / 3;

/**
 * The hardmax T = 2 likelihood and its score in the margin variables (theory.md §4, "Hardmax, T = 2").
 * Row labels s1 = sign(h11 − h12), s2 = sign(h22 − h12). Given ω, the margins u_i have means m1 = ω11 − ω12,
 * m2 = ω22 − ω12, variances 3V and covariance V, so with r = √(3V), κ_i = s_i m_i / r and c = s1 s2 / 3:
 *
 *     Z_out(y | ω, V) = P(s1 u1 > 0, s2 u2 > 0) = Φ2(κ1, κ2; c),
 *
 * a bivariate normal orthant probability. Returns Z and the two "partial scores" D_i such that
 *     g11 = (s1/r) D1/Z,  g22 = (s2/r) D2/Z,  g12 = −g11 − g22   (∂m1/∂ω12 = ∂m2/∂ω12 = −1),
 * with D_i = ∂_iΦ2 = φ(κ_i) Φ((κ_j − c κ_i)/√(1 − c²)) for the exact score, and D1 = D2 = φ2(κ1, κ2; c)
 * for the published score (the authors' code; not the derivative of log Z_out: see the finite-difference test).
 */
export function hardmaxLikelihood(kappa1: number, kappa2: number, c: number, score: HardmaxScore): { Z: number; D1: number; D2: number } {
  const Z = bvnCdf(kappa1, kappa2, c);
  if (score === "published") {
    const d = bvnPdf(kappa1, kappa2, c);
    return { Z, D1: d, D2: d };
  }
  return { Z, D1: bvnCdfDh(kappa1, kappa2, c), D2: bvnCdfDh(kappa2, kappa1, c) };
}

/**
 * AMP score for one T = 2 sample (theory.md §4, §6): writes g_ab = ∂ log Z_out(y | ω, V)/∂ω_ab into g (both
 * triangles), for the label y (2×2, rows one-hot), the means ω (2×2, symmetric) and the scalar V whose per-entry
 * variances are (1 + δ_ab) V. With score "published" it writes the authors' variant (φ2 for ∂Φ2).
 * If Z_out underflows (a label impossible to machine precision given ω) the score is 0 for that sample.
 */
export function hardmaxGOut(y: Float64Array, omega: Float64Array, V: number, g: Float64Array, score: HardmaxScore = "exact"): void {
  const r = Math.sqrt(3 * V);
  const s1 = y[0] === 1 ? 1 : -1; // row 1 picks column 1 ⇔ h11 > h12
  const s2 = y[3] === 1 ? 1 : -1; // row 2 picks column 2 ⇔ h22 > h12
  const k1 = (s1 * (omega[0] - omega[1])) / r;
  const k2 = (s2 * (omega[3] - omega[1])) / r;
  const { Z, D1, D2 } = hardmaxLikelihood(k1, k2, s1 * s2 * HARDMAX_MARGIN_CORRELATION, score);
  const g11 = Z > 0 ? (s1 * D1) / (r * Z) : 0;
  const g22 = Z > 0 ? (s2 * D2) / (r * Z) : 0;
  g[0] = g11;
  g[3] = g22;
  g[1] = g[2] = -g11 - g22;
}

/**
 * The exact score and its curvature for one T = 2 sample: g as `hardmaxGOut(…, "exact")` and
 * curvature_ab = −∂g_ab/∂ω_ab in closed form, from the Hessian of L = log Φ2(κ1, κ2; c):
 *
 *     Φ2_11 = −κ1 ∂_1Φ2 − c φ2,   Φ2_22 = −κ2 ∂_2Φ2 − c φ2,   Φ2_12 = φ2(κ1, κ2; c),
 *     L_ij = Φ2_ij/Φ2 − L_i L_j,
 *
 * and, with ∂κ_i/∂ω_ii = s_i/r and ∂κ_i/∂ω12 = −s_i/r (r = √(3V)),
 *
 *     −∂g11/∂ω11 = −L_11/r²,   −∂g22/∂ω22 = −L_22/r²,   −∂g12/∂ω12 = −(L_11 + 2 s1 s2 L_12 + L_22)/r².
 *
 * Only the exact score has this form: the published variant is not the gradient of anything (theory.md §4) and
 * keeps AMP's finite difference. A label impossible to machine precision (Φ2 = 0) gives g = curvature = 0.
 */
export function hardmaxGOutCurvature(y: Float64Array, omega: Float64Array, V: number, g: Float64Array, curvature: Float64Array): void {
  const r = Math.sqrt(3 * V);
  const s1 = y[0] === 1 ? 1 : -1;
  const s2 = y[3] === 1 ? 1 : -1;
  const k1 = (s1 * (omega[0] - omega[1])) / r;
  const k2 = (s2 * (omega[3] - omega[1])) / r;
  const c = s1 * s2 * HARDMAX_MARGIN_CORRELATION;
  const Z = bvnCdf(k1, k2, c);
  if (!(Z > 0)) {
    g.fill(0);
    curvature.fill(0);
    return;
  }
  const L1 = bvnCdfDh(k1, k2, c) / Z;
  const L2 = bvnCdfDh(k2, k1, c) / Z;
  const density = bvnPdf(k1, k2, c) / Z;
  const L11 = -k1 * L1 - c * density - L1 * L1;
  const L22 = -k2 * L2 - c * density - L2 * L2;
  const L12 = density - L1 * L2;
  const g11 = (s1 * L1) / r;
  const g22 = (s2 * L2) / r;
  g[0] = g11;
  g[3] = g22;
  g[1] = g[2] = -g11 - g22;
  const r2 = r * r;
  curvature[0] = -L11 / r2;
  curvature[3] = -L22 / r2;
  curvature[1] = curvature[2] = -(L11 + 2 * s1 * s2 * L12 + L22) / r2;
}

// ---------------------------------------------------------------------------------------------------------
// State evolution, output side
// ---------------------------------------------------------------------------------------------------------

/**
 * The output integral F(λ) of the hardmax T = 2 state evolution, a function of the signal-to-noise ratio
 * λ = q/V only (theory.md §4):
 *
 *     q̂/α = 2 E[2 g11² + 2 g22² + g12²] = (2 / (3V)) · F(λ),
 *     F(λ) = Σ_{s1, s2} E_κ [ (3 D1² + 3 D2² + 2 s1 s2 D1 D2) / Φ2(κ1, κ2; c) ],   c = s1 s2 / 3,
 *
 * where, since ω_ab ~ N(0, (1+δ_ab) q) independently, (m1, m2) = (ω11 − ω12, ω22 − ω12) ~ N(0, q [[3, 1], [1, 3]])
 * and so κ = (s1 m1, s2 m2)/√(3V) ~ N(0, λ [[1, c], [c, 1]]): the same correlation c as in Z_out. Configurations
 * (s1, s2) and (−s1, −s2) give equal terms (κ → −κ), so F = 2 Σ_{c = ±1/3} E_c[·].
 * (Expanding 2g11² + 2g22² + (g11 + g22)² with g_ii = s_i D_i/(r Z) gives (3D1² + 3D2² + 2 s1 s2 D1 D2)/(r² Z²);
 * weighting by P(y | ω) = Z leaves one Z in the denominator.)
 *
 * Quadrature: a product trapezoid rule in κ after the map κ = a·sinh(t) in each coordinate (a ≈ min(1, √λ)),
 * exact for the Gaussian weight in the limit of small step and exponentially convergent for this analytic
 * integrand; the step is chosen per λ-octave by halving until two successive values agree to `OUTPUT_TOL`
 * (relative), then cached (see `outputStep`). At λ = 0, κ = 0 and F(0) = 2 Σ_c f_c(0, 0) exactly (used for λ < 1e-14).
 */
export function hardmaxOutputIntegral(lambda: number, score: HardmaxScore = "exact", step?: number): number {
  checkNumber("lambda", lambda, { ge: 0 });
  checkChoice("score", score, HARDMAX_SCORES);
  // below λ = 1e-14 the change from F(0) (of order λ F'(0)) is below double precision relative to F(0)
  if (lambda < TINY_LAMBDA) return 2 * (integrandAt(0, 0, 1 / 3, score) + integrandAt(0, 0, -1 / 3, score));
  const h = step ?? outputStep(lambda, score);
  let total = 0;
  for (const c of [1 / 3, -1 / 3]) total += 2 * gaussianAverage(lambda, c, score, h);
  return total;
}

const TINY_LAMBDA = 1e-14;

/** (3 D1² + 3 D2² + 6c D1 D2)/Φ2 at κ (note 2 s1 s2 = 6c), 0 where Φ2 underflows. */
function integrandAt(k1: number, k2: number, c: number, score: HardmaxScore): number {
  const { Z, D1, D2 } = hardmaxLikelihood(k1, k2, c, score);
  if (!(Z > 0)) return 0;
  return (3 * D1 * D1 + 3 * D2 * D2 + 6 * c * D1 * D2) / Z;
}

/** Gaussian tail cut: nodes whose weight exponent is below −GAUSS_CUT_EXPONENT are skipped (e^{−45} ≈ 3e-20). */
const GAUSS_CUT_EXPONENT = 45;

/**
 * In the output integral Φ2 only needs absolute accuracy where it is tiny (the integrand is ~|κ|²Φ2 there), so
 * the fixed-rule fast path is trusted down to this floor; below it the tail-safe path keeps Φ2 > 0 and accurate.
 */
const OUTPUT_BVN_FLOOR = 1e-12;
/** …and there Φ2 needs only modest relative accuracy: f ≈ |κ|² Φ2 is far below the integral's tolerance */
const OUTPUT_BVN_TAIL_REL_TOL = 1e-10;
const bvnRules = new Map<number, ReturnType<typeof bvnCdfAtCorrelation>>();
function bvnRule(c: number) {
  let rule = bvnRules.get(c);
  if (!rule) bvnRules.set(c, (rule = bvnCdfAtCorrelation(c, OUTPUT_BVN_FLOOR, OUTPUT_BVN_TAIL_REL_TOL)));
  return rule;
}

/**
 * The integrand on one trapezoid grid, cached: nodes κ_i = a·sinh(i h), |i| ≤ n, trapezoid weights h a cosh(i h)
 * and f_ij = (3 D1² + 3 D2² + 6c D1 D2)/Φ2 at (κ_i, κ_j). None of it depends on λ, so for all λ that share
 * (a, h) the output integral is a weighted sum of cached values with the Gaussian weight e^{−Q_ij/λ}.
 */
interface IntegrandGrid {
  n: number;
  x: Float64Array;
  w: Float64Array;
  /** f_ij for i ≤ j, row-major in the full (2n+1)² layout */
  f: Float64Array;
}

const gridCache = new Map<string, IntegrandGrid>();

function integrandGrid(a: number, h: number, n: number, c: number, score: HardmaxScore): IntegrandGrid {
  const key = `${score}:${c}:${a}:${h}`;
  const cached = gridCache.get(key);
  if (cached && cached.n >= n) return cached;
  n = Math.max(n, cached ? Math.ceil(cached.n * 1.25) : n); // grow geometrically: few rebuilds
  const count = 2 * n + 1;
  const x = new Float64Array(count);
  const w = new Float64Array(count);
  const pdf = new Float64Array(count);
  const cdf = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = (i - n) * h;
    x[i] = a * Math.sinh(t);
    w[i] = h * a * Math.cosh(t);
    pdf[i] = normPdf(x[i]);
    cdf[i] = normCdf(x[i]);
  }
  const s2 = (1 - c) * (1 + c);
  const s = Math.sqrt(s2);
  const bvn = bvnRule(c);
  const f = new Float64Array(count * count);
  // the largest λ this grid serves has reach = x_max; pairs beyond the Gaussian cut there are beyond it for every
  // λ served (the weight exponent Q/(2λ(1 − c²)) only grows as λ falls), so they are never read: skip them
  const lambdaMax = (x[count - 1] / Math.sqrt(2 * GAUSS_CUT_EXPONENT)) ** 2;
  for (let i = 0; i < count; i++) {
    const xi = x[i];
    for (let j = i; j < count; j++) {
      const xj = x[j];
      if ((xi * xi - 2 * c * xi * xj + xj * xj) / (2 * lambdaMax * s2) > GAUSS_CUT_EXPONENT) continue;
      const Z = bvn(xi, xj, cdf[i], cdf[j]);
      if (!(Z > 0)) continue;
      let D1: number, D2: number;
      if (score === "published") {
        D1 = D2 = Math.exp(-(xi * xi - 2 * c * xi * xj + xj * xj) / (2 * s2)) / (2 * Math.PI * s);
      } else {
        D1 = pdf[i] * normCdf((xj - c * xi) / s);
        D2 = pdf[j] * normCdf((xi - c * xj) / s);
      }
      f[i * count + j] = (3 * D1 * D1 + 3 * D2 * D2 + 6 * c * D1 * D2) / Z;
    }
  }
  const grid = { n, x, w, f };
  gridCache.set(key, grid);
  return grid;
}

/**
 * E_{κ ~ N(0, λ [[1, c], [c, 1]])} [f(κ)] by the sinh-mapped product trapezoid with step h. The map scale is
 * a = 1 for λ ≥ 1 and a = 2^{b/2} ≥ √λ on the octave λ ∈ (2^{b−1}, 2^b] below, so grids (and their cached f)
 * are shared by all λ of an octave, and by all λ ≥ 1.
 */
function gaussianAverage(lambda: number, c: number, score: HardmaxScore, h: number): number {
  const sigma = Math.sqrt(lambda);
  const a = lambda >= 1 ? 1 : Math.pow(2, Math.ceil(Math.log2(lambda)) / 2);
  const reach = sigma * Math.sqrt(2 * GAUSS_CUT_EXPONENT);
  const n = Math.ceil(Math.asinh(reach / a) / h);
  const grid = integrandGrid(a, h, n, c, score);
  const { x, w, f } = grid;
  const count = 2 * grid.n + 1;
  const offset = grid.n - n;
  const s2 = (1 - c) * (1 + c);
  const inv = 1 / (2 * lambda * s2);
  let sum = 0;
  // symmetric in (κ1, κ2): visit i ≤ j, double the off-diagonal
  for (let i = offset; i < count - offset; i++) {
    const xi = x[i];
    const row = i * count;
    for (let j = i; j < count - offset; j++) {
      const fij = f[row + j];
      if (fij === 0) continue;
      const xj = x[j];
      const exponent = (xi * xi - 2 * c * xi * xj + xj * xj) * inv;
      if (exponent > GAUSS_CUT_EXPONENT) continue;
      sum += (i === j ? 1 : 2) * w[i] * w[j] * Math.exp(-exponent) * fij;
    }
  }
  return sum / (2 * Math.PI * lambda * Math.sqrt(s2));
}

/** Empties the integrand-grid and step caches (benchmarks measure cold starts with it). */
export function clearHardmaxCaches(): void {
  gridCache.clear();
  stepCache.clear();
}

/** Relative agreement required between successive step halvings of the output integral. */
export const OUTPUT_TOL = 1e-9;
const INITIAL_STEP = 0.5;
const stepCache = new Map<string, number>();

/**
 * The trapezoid step for λ, chosen once per score and λ-octave (2^(b−1), 2^b] (b ≥ 0; λ ≤ 1 is one class):
 * starting from INITIAL_STEP, halve until F at the octave's upper end changes by less than OUTPUT_TOL
 * (relative) under one more halving. Cached, so a state-evolution solve pays for it once.
 */
export function outputStep(lambda: number, score: HardmaxScore = "exact"): number {
  const octave = lambda <= 1 ? 0 : Math.ceil(Math.log2(lambda));
  const key = `${score}:${octave}`;
  const cached = stepCache.get(key);
  if (cached !== undefined) return cached;
  const probe = Math.pow(2, octave);
  let h = INITIAL_STEP;
  let previous = hardmaxOutputIntegral(probe, score, h);
  for (let k = 0; k < 8; k++) {
    const next = hardmaxOutputIntegral(probe, score, h / 2);
    // the trapezoid error falls like e^{−const/h}: F(h/2) is far more accurate than F(h), so |F(h) − F(h/2)|
    // is the error of F(h) and h itself is good enough once the two agree
    if (Math.abs(next - previous) <= OUTPUT_TOL * Math.abs(next)) break;
    h /= 2;
    previous = next;
  }
  stepCache.set(key, h);
  return h;
}

/**
 * q̂/α for hardmax T = 2 (theory.md §4): (2/(3V)) F(q/V) with V = Q0 − q. Throws for q outside [0, Q0).
 */
export function hardmaxQHatPerAlpha(q: number, Q0: number, score: HardmaxScore = "exact"): number {
  checkNumber("Q0", Q0, { gt: 0 });
  checkNumber("q", q, { ge: 0, lt: Q0 });
  const V = Q0 - q;
  return (2 / (3 * V)) * hardmaxOutputIntegral(q / V, score);
}

/**
 * The hardmax channel. Sampling for any T ≥ 2; state evolution (qHatPerAlpha) and AMP (gOut) for T = 2 only,
 * with the score variant `exact` (the derivative of log Φ2, default) or `published` (the authors' φ2 variant,
 * kept only to reproduce their figure). Asking for T ≠ 2 with state evolution throws.
 */
export function hardmax(T: number, score: HardmaxScore = "exact"): Channel {
  const sampling = hardmaxOutput(T);
  checkChoice("score", score, HARDMAX_SCORES);
  const unsupported = () =>
    new RangeError(`hardmax state evolution and AMP are implemented for T = 2 only (got T = ${T}); sampling works for any T ≥ 2`);
  return {
    name: "hardmax",
    T,
    params: { score },
    ...sampling,
    qHatPerAlpha(q, Q0) {
      if (T !== 2) throw unsupported();
      return hardmaxQHatPerAlpha(q, Q0, score);
    },
    gOut(y, omega, V, g) {
      if (T !== 2) throw unsupported();
      hardmaxGOut(y, omega, V, g, score);
    },
    ...(score === "exact"
      ? {
          gOutCurvature(y: Float64Array, omega: Float64Array, V: number, g: Float64Array, curvature: Float64Array) {
            if (T !== 2) throw unsupported();
            hardmaxGOutCurvature(y, omega, V, g, curvature);
          },
        }
      : {}),
  };
}

/**
 * Bayes-optimal test error on y for hardmax T = 2 at overlap q (theory.md §2): the probability that the Bayes
 * prediction of a row's argmax is wrong. Given ω the margin of row a is u_a = m_a + noise with m_a ~ N(0, 3q) and
 * noise ~ N(0, 3V), V = Q0 − q; the Bayes prediction is sign(m_a) (P(s_a = +1 | ω) = Φ(m_a/√(3V))), wrong with
 * probability P(sign m_a ≠ sign u_a) = arccos(corr(m_a, u_a))/π, corr = √(q/Q0):
 *
 *     ε_row(q) = arccos(√(q/Q0)) / π,
 *
 * the same for both rows (½ at q = 0, 0 at q = Q0). This orthant probability is one-dimensional in closed form,
 * so no quadrature is needed; test/channels/hardmax.test.ts checks it by Monte Carlo.
 */
export function hardmaxRowTestError(q: number, Q0: number): number {
  checkNumber("Q0", Q0, { gt: 0 });
  checkNumber("q", q, { ge: 0, le: Q0 });
  return Math.acos(Math.sqrt(q / Q0)) / Math.PI;
}
