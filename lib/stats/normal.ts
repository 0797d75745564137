/**
 * The univariate normal law with full relative accuracy in the tails: φ, Φ, erfc and the Mills ratio.
 * Φ(x) for x ≪ 0 is computed as φ(x)·R(−x) (never as 1 − Φ(−x)), so Φ(−37) ≈ 5.7e-300 keeps all its digits;
 * this is what the hardmax score needs, a ratio φ/Φ far in the tails (theory.md §4, "Hardmax, T = 2").
 *
 * Methods (written for this workbook; the formulas are classical):
 *  - erf(x), |x| < 1.5: the positive-term series erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1));
 *  - erfc(x), x ≥ 1.5: Laplace's continued fraction erfc(x) = (e^{−x²}/√π) / (x + ½/(x + 1/(x + (3/2)/(x + …))));
 *  - Mills ratio R(t) = Φ(−t)/φ(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))) for t ≥ 2, by the modified Lentz method;
 *  - e^{−x²} is evaluated as e^{−x_h²}·e^{−(x−x_h)(x+x_h)} with x_h = x rounded to 1/64, so x² is not rounded.
 * Accuracy (test/stats/normal.test.ts, against mpmath at 30 digits): relative error below 1e-14 for erfc on
 * [0, 26] and for Φ on [−37, 8].
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
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

/** Σ_n 2ⁿ x^{2n+1}/(2n+1)!! (all terms positive, so the sum has full relative accuracy). */
function erfSeries(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return ((2 / SQRT_PI) * expNegSquare(x, 1) * sum);
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
  if (x < ERF_SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest double
  return (expNegSquare(x, 1) / SQRT_PI) * laplaceFraction(x, 0.5);
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
  if (t < MILLS_LIMIT) return (0.5 * erfc(t / Math.SQRT2)) / normPdf(t);
  return laplaceFraction(t, 1);
}

/**
 * The standard normal CDF Φ(x) = ∫_{−∞}^x φ. Full relative accuracy for x → −∞ (Φ(−37) ≈ 5.7e-300);
 * for x > 0 it is 1 − Φ(−x), accurate in absolute terms. NaN gives NaN.
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  if (x < -MILLS_LIMIT) return normPdf(x) * laplaceFraction(-x, 1);
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
  if (x < -MILLS_LIMIT) return -0.5 * x * x - Math.log(SQRT_2PI) + Math.log(laplaceFraction(-x, 1));
  return Math.log(normCdf(x));
}
