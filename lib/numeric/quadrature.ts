/**
 * Adaptive Gauss–Kronrod (7–15) quadrature with bisection until the Kronrod–Gauss difference meets the
 * tolerance (the classical QUADPACK QAG rule; nodes and weights are the standard K15/G7 constants).
 */

// Kronrod abscissae on [−1, 1] (positive half, descending; the last is 0) and weights; the Gauss
// 7-point rule uses the odd-indexed abscissae xk[1], xk[3], xk[5], xk[7].
const XK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

export interface QuadratureOptions {
  /** absolute tolerance on the whole integral (default 1e-14) */
  absTol?: number;
  /** relative tolerance on the whole integral (default 1e-12) */
  relTol?: number;
  /** maximum number of subintervals (default 2000) */
  maxIntervals?: number;
}

export interface QuadratureResult {
  value: number;
  /** estimated absolute error (sum of |K15 − G7| over accepted intervals) */
  error: number;
  /** number of integrand evaluations */
  evaluations: number;
}

/** One K15/G7 panel on [a, b]: the Kronrod value and |Kronrod − Gauss|. */
export function kronrod15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WK[7] * fc;
  let g = WG[3] * fc;
  for (let i = 0; i < 7; i++) {
    const dx = h * XK[i];
    const s = f(c - dx) + f(c + dx);
    k += WK[i] * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2] * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/**
 * ∫_a^b f(x) dx by globally adaptive bisection: the panel with the largest error estimate is split
 * until the summed estimate is below max(absTol, relTol·|value|).
 */
export function integrate(f: (x: number) => number, a: number, b: number, options: QuadratureOptions = {}): QuadratureResult {
  const absTol = options.absTol ?? 1e-14;
  const relTol = options.relTol ?? 1e-12;
  const maxIntervals = options.maxIntervals ?? 2000;
  if (!(b > a)) return { value: 0, error: 0, evaluations: 0 };
  type Panel = { a: number; b: number; value: number; error: number };
  const first = kronrod15(f, a, b);
  const panels: Panel[] = [{ a, b, ...first }];
  let value = first.value;
  let error = first.error;
  while (error > Math.max(absTol, relTol * Math.abs(value)) && panels.length < maxIntervals) {
    // split the worst panel
    let worst = 0;
    for (let i = 1; i < panels.length; i++) if (panels[i].error > panels[worst].error) worst = i;
    const p = panels[worst];
    const m = 0.5 * (p.a + p.b);
    if (!(m > p.a && m < p.b)) break; // cannot split further in floating point
    const left = kronrod15(f, p.a, m);
    const right = kronrod15(f, m, p.b);
    value += left.value + right.value - p.value;
    error += left.error + right.error - p.error;
    panels[worst] = { a: p.a, b: m, ...left };
    panels.push({ a: m, b: p.b, ...right });
  }
  // re-sum to remove drift from the running updates
  value = 0;
  error = 0;
  for (const p of panels) {
    value += p.value;
    error += p.error;
  }
  return { value, error, evaluations: 15 * (2 * panels.length - 1) };
}
