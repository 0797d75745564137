/**
 * Where a sampled decreasing-ish curve first falls below a level, between grid points: used for "where does a
 * layer's error cross 1e-2" (notebook 07). Interpolation is linear in (log x, log y), the axes the curves are
 * sampled and plotted on (a log grid of α/α_count, log errors), so a power law is interpolated exactly.
 */
export interface Crossing {
  /** x at which y reaches the level */
  x: number;
  /** "interpolated": between the two grid points around the first crossing; "at or below the first point": y ≤ level already at xs[0] (x = xs[0] is an upper bound) */
  kind: "interpolated" | "at or below the first point";
}

/**
 * The first crossing of `level` by y (first index with y ≤ level), or undefined when y never reaches it on the
 * grid ("not reached"). xs increasing and positive, ys positive, same length.
 */
export function levelCrossing(xs: readonly number[], ys: readonly number[], level: number): Crossing | undefined {
  if (xs.length !== ys.length || xs.length === 0) throw new RangeError(`xs and ys must be non-empty and of equal length (got ${xs.length}, ${ys.length})`);
  if (!(level > 0)) throw new RangeError(`level must be a number > 0 (got ${level})`);
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] > 0) || (i > 0 && !(xs[i] > xs[i - 1]))) throw new RangeError(`xs must be positive and increasing (got ${xs.join(", ")})`);
    if (!(ys[i] > 0)) throw new RangeError(`ys must be positive for a log interpolation (got ${ys[i]} at index ${i})`);
  }
  const first = ys.findIndex((y) => y <= level);
  if (first === -1) return undefined;
  if (first === 0) return { x: xs[0], kind: "at or below the first point" };
  const [x0, x1, y0, y1] = [Math.log(xs[first - 1]), Math.log(xs[first]), Math.log(ys[first - 1]), Math.log(ys[first])];
  const t = (Math.log(level) - y0) / (y1 - y0);
  return { x: Math.exp(x0 + t * (x1 - x0)), kind: "interpolated" };
}
