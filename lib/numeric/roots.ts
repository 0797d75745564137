/**
 * Brent's method (Brent 1973, "zeroin"): a root of f in [a, b] with f(a)·f(b) ≤ 0, combining bisection,
 * secant and inverse quadratic interpolation. Converges superlinearly and never leaves the bracket.
 */
export interface RootResult {
  x: number;
  /** function evaluations spent inside Brent (the two bracket values are passed in) */
  evaluations: number;
  converged: boolean;
}

export function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  options: { xtol?: number; rtol?: number; maxEvaluations?: number } = {},
): RootResult {
  const xtol = options.xtol ?? 1e-15;
  const rtol = options.rtol ?? 4 * Number.EPSILON;
  const maxEvaluations = options.maxEvaluations ?? 200;
  if (fa === 0) return { x: a, evaluations: 0, converged: true };
  if (fb === 0) return { x: b, evaluations: 0, converged: true };
  if (fa * fb > 0) throw new RangeError(`brent: f(a) and f(b) must bracket a root (f(${a}) = ${fa}, f(${b}) = ${fb})`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let evaluations = 0; evaluations < maxEvaluations; ) {
    if (Math.abs(fc) < Math.abs(fb)) {
      [a, b, c] = [b, c, b];
      [fa, fb, fc] = [fb, fc, fb];
    }
    const tol = 2 * rtol * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { x: b, evaluations, converged: true };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // interpolation step (secant if a = c, else inverse quadratic)
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    evaluations++;
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
  }
  return { x: b, evaluations: maxEvaluations, converged: false };
}
