/**
 * Fixed Gauss–Legendre rules (nodes computed, cached), for the fast path of Φ2. Adaptive integration lives in
 * lib/numeric/quadrature.
 */

export interface GaussLegendreRule {
  /** nodes on [−1, 1], ascending */
  nodes: Float64Array;
  weights: Float64Array;
}

const legendreCache = new Map<number, GaussLegendreRule>();

/**
 * The n-point Gauss–Legendre rule on [−1, 1]: nodes are the roots of P_n, found by Newton's method from
 * the Tricomi initial guesses cos(π(i − ¼)/(n + ½)); weights 2/((1 − x²) P_n'(x)²). Cached per n.
 */
export function gaussLegendre(n: number): GaussLegendreRule {
  if (!(Number.isInteger(n) && n >= 1 && n <= 1000)) throw new RangeError(`n must be an integer in [1, 1000] (got ${n})`);
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // P_n(x) and P_n'(x) by the three-term recurrence
      let p0 = 1;
      let p1 = x;
      for (let j = 2; j <= n; j++) {
        const p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pm = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pm)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

/** ∫_a^b f by the fixed n-point Gauss–Legendre rule. */
export function integrateFixed(f: (x: number) => number, a: number, b: number, n: number): number {
  const { nodes, weights } = gaussLegendre(n);
  const mid = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * f(mid + half * nodes[i]);
  return s * half;
}
