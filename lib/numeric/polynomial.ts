/** Polynomial roots: all complex roots of a real polynomial by the Durand–Kerner (Weierstrass) iteration. */

export interface ComplexRoot {
  re: number;
  im: number;
}

/**
 * All roots of c[0] + c[1] x + … + c[n] xⁿ (c[n] ≠ 0), by simultaneous Durand–Kerner iteration from points
 * on a circle of the Cauchy bound radius, followed by Newton polishing of each root.
 */
export function polynomialRoots(c: readonly number[], maxIterations = 500): ComplexRoot[] {
  const n = c.length - 1;
  if (n < 1 || c[n] === 0) throw new RangeError("polynomialRoots needs a leading coefficient ≠ 0 and degree ≥ 1");
  const monic = c.map((v) => v / c[n]);
  let radius = 0;
  for (let k = 0; k < n; k++) radius = Math.max(radius, Math.abs(monic[k]));
  radius = 1 + radius;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n + 0.4;
    re[k] = radius * Math.cos(angle);
    im[k] = radius * Math.sin(angle);
  }
  const evaluate = (xr: number, xi: number) => {
    let pr = 1;
    let pi = 0;
    for (let k = n - 1; k >= 0; k--) {
      const t = pr * xr - pi * xi + monic[k];
      pi = pr * xi + pi * xr;
      pr = t;
    }
    return [pr, pi];
  };
  for (let it = 0; it < maxIterations; it++) {
    let change = 0;
    for (let k = 0; k < n; k++) {
      const [pr, pi] = evaluate(re[k], im[k]);
      let dr = 1;
      let di = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const ar = re[k] - re[j];
        const ai = im[k] - im[j];
        const t = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = t;
      }
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const qr = (pr * dr + pi * di) / den;
      const qi = (pi * dr - pr * di) / den;
      re[k] -= qr;
      im[k] -= qi;
      change = Math.max(change, Math.hypot(qr, qi) / Math.max(1, Math.hypot(re[k], im[k])));
    }
    if (change < 1e-15) break;
  }
  const roots: ComplexRoot[] = [];
  for (let k = 0; k < n; k++) roots.push({ re: re[k], im: im[k] });
  return roots;
}

/** Real roots (|Im| below `imTol` relative to the root's size), polished by Newton on the real line, ascending. */
export function realRoots(c: readonly number[], imTol = 1e-7): number[] {
  const n = c.length - 1;
  const p = (x: number) => {
    let v = 0;
    for (let k = n; k >= 0; k--) v = v * x + c[k];
    return v;
  };
  const dp = (x: number) => {
    let v = 0;
    for (let k = n; k >= 1; k--) v = v * x + k * c[k];
    return v;
  };
  return polynomialRoots(c)
    .filter((r) => Math.abs(r.im) <= imTol * Math.max(1, Math.abs(r.re)))
    .map((r) => {
      let x = r.re;
      for (let i = 0; i < 3; i++) {
        const d = dp(x);
        if (d === 0) break;
        const next = x - p(x) / d;
        if (!(Math.abs(p(next)) < Math.abs(p(x)))) break;
        x = next;
      }
      return x;
    })
    .sort((a, b) => a - b);
}
