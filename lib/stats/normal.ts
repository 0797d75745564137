/**
 * The univariate normal law with full relative accuracy in the tails: φ, Φ, erfc and the Mills ratio.
 * Φ(x) for x ≪ 0 is computed as φ(x)·R(−x) (never as 1 − Φ(−x)), so Φ(−37) ≈ 5.7e-300 keeps all its digits;
 * this is what the hardmax score needs, a ratio φ/Φ far in the tails (theory.md §4, "Hardmax, T = 2").
 *
 * Methods (written for this workbook; the formulas are classical):
 *  - erf(x), |x| < 1.5: the positive-term series erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1));
 *  - erfc(x), x ≥ 1.5: Laplace's continued fraction erfc(x) = (e^{−x²}/√π) / (x + ½/(x + 1/(x + (3/2)/(x + …))));
 *  - both evaluated by the modified Lentz method, and tabulated once at load as piecewise Chebyshev interpolants
 *    of erfcx(x) = e^{x²} erfc(x) on [0, 8) (fast path: ~50 ns per Φ); the Mills ratio is R(t) = √(π/2) erfcx(t/√2);
 *  - e^{−x²} is evaluated as e^{−x_h²}·e^{−(x−x_h)(x+x_h)} with x_h = x rounded to 1/64, so x² is not rounded.
 * Accuracy (test/stats/normal.test.ts, against mpmath at 30 digits): relative error below 1e-14 for erfc on
 * [0, 26] and for Φ on [−37, 8].
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
/** below this |x| erf comes from its series, above it erfc from its continued fraction */
const ERF_SERIES_LIMIT = 1.5;
/** Φ(x) for x < −MILLS_LIMIT comes from the Mills ratio (same switch point as erfc: 1.5·√2 ≈ 2.12) */
const MILLS_LIMIT = ERF_SERIES_LIMIT * Math.SQRT2;

/** e^{−x²/2·scale2} without the rounding error of squaring x: exp(−a·x²) with x split into exact high part. */
function expNegSquare(x: number, a: number): number {
  const xh = Math.round(x * 64) / 64;
  const xl = x - xh;
  return Math.exp(-a * xh * xh) * Math.exp(-a * xl * (x + xh));
}

/** erf(x) for |x| < 1.5 from the positive-term series. */
function erfSeries(x: number): number {
  return (2 / SQRT_PI) * expNegSquare(x, 1) * erfSeriesSum(x);
}

/** Σ_n 2ⁿ x^{2n+1}/(2n+1)!! (all terms positive, so the sum has full relative accuracy). */
function erfSeriesSum(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}

/**
 * The continued fraction 1/(b + s/(b + 2s/(b + 3s/(b + …)))) by the modified Lentz method.
 * s = ½ gives √π e^{x²} erfc(x) at b = x; s = 1 gives the Mills ratio at b = t.
 */
function laplaceFraction(b: number, s: number): number {
  const tiny = 1e-300;
  let f = b;
  let C = b;
  let D = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n * s;
    D = b + a * D;
    D = D === 0 ? tiny : 1 / D;
    C = b + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/** erfcx(x) = e^{x²} erfc(x) for x ≥ 0 by the accurate (slow) routines: series below 1.5, fraction above. */
function erfcxAccurate(x: number): number {
  if (x < 1) return Math.exp(x * x) - (2 / SQRT_PI) * erfSeriesSum(x);
  return laplaceFraction(x, 0.5) / SQRT_PI;
}

/**
 * Fast erfcx on [0, ERFCX_TABLE_END): piecewise Chebyshev interpolants of degree ERFCX_DEGREE on the breakpoints
 * below, built once at load from `erfcxAccurate` (erfcx is entire, so the interpolants converge
 * super-geometrically; the test checks 1e-14 relative against mpmath). Beyond the table the continued fraction
 * needs only a few terms.
 */
const ERFCX_BREAKS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6.5, 8];
const ERFCX_TABLE_END = ERFCX_BREAKS[ERFCX_BREAKS.length - 1];
const ERFCX_DEGREE = 22;
const erfcxPieces: Float64Array[] = [];
for (let p = 0; p + 1 < ERFCX_BREAKS.length; p++) {
  const a = ERFCX_BREAKS[p];
  const b = ERFCX_BREAKS[p + 1];
  const n = ERFCX_DEGREE + 1;
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = erfcxAccurate(0.5 * (a + b) + 0.5 * (b - a) * Math.cos((Math.PI * (j + 0.5)) / n));
  // Chebyshev coefficients c_k = (2/n) Σ_j f_j cos(π k (j + ½)/n)
  const coef = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += values[j] * Math.cos((Math.PI * k * (j + 0.5)) / n);
    coef[k] = (2 / n) * sum;
  }
  coef[0] /= 2;
  erfcxPieces.push(coef);
}

/** erfcx(x) = e^{x²} erfc(x) for x ≥ 0 (≈ 1/(x√π) for large x). */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) throw new RangeError(`erfcx is implemented for x ≥ 0 (got ${x})`);
  if (x >= ERFCX_TABLE_END) return laplaceFraction(x, 0.5) / SQRT_PI;
  let p = 0;
  while (x >= ERFCX_BREAKS[p + 1]) p++;
  const a = ERFCX_BREAKS[p];
  const b = ERFCX_BREAKS[p + 1];
  const u = (2 * x - a - b) / (b - a);
  const coef = erfcxPieces[p];
  // Clenshaw recurrence
  let b1 = 0;
  let b2 = 0;
  for (let k = coef.length - 1; k >= 1; k--) {
    const t = 2 * u * b1 - b2 + coef[k];
    b2 = b1;
    b1 = t;
  }
  return u * b1 - b2 + coef[0];
}

/** erf(x) = (2/√π) ∫_0^x e^{−t²} dt. NaN gives NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  const v = ax < ERF_SERIES_LIMIT ? erfSeries(ax) : 1 - erfc(ax);
  return x < 0 ? -v : v;
}

/** erfc(x) = 1 − erf(x), with full relative accuracy for large x (erfc(26) ≈ 5.6e-296). NaN gives NaN. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest double
  return expNegSquare(x, 1) * erfcx(x);
}

/** The standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normPdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return 0;
  return expNegSquare(x, 0.5) / SQRT_2PI;
}

/** Mills ratio R(t) = Φ(−t)/φ(t) for t ≥ 0 (R(t) ≈ 1/t for large t). */
export function millsRatio(t: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  return SQRT_HALF_PI * erfcx(t / Math.SQRT2);
}

/**
 * The standard normal CDF Φ(x) = ∫_{−∞}^x φ. Full relative accuracy for x → −∞ (Φ(−37) ≈ 5.7e-300);
 * for x > 0 it is 1 − Φ(−x), accurate in absolute terms. NaN gives NaN.
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  // Φ(x) = φ(x) R(−x) with R(t) = √(π/2) erfcx(t/√2): φ takes x exactly, erfcx is insensitive to rounding of t/√2
  if (x < -0.5) return normPdf(x) * SQRT_HALF_PI * erfcx(-x / Math.SQRT2);
  if (x <= 0) return 0.5 * erfc(-x / Math.SQRT2);
  return 1 - normCdf(-x);
}

/** The upper tail 1 − Φ(x) = Φ(−x), with full relative accuracy for large x. */
export function normSf(x: number): number {
  return normCdf(-x);
}

/** log Φ(x), finite down to the smallest doubles and beyond (uses log φ + log R for x ≪ 0). */
export function logNormCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -MILLS_LIMIT) return -0.5 * x * x - Math.log(SQRT_2PI) + Math.log(millsRatio(-x));
  return Math.log(normCdf(x));
}
