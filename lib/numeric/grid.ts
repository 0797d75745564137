import { checkNumber } from "../util/check";

/** n evenly spaced points from start to stop, both included (n = 1 gives [start]). */
export function linGrid(start: number, stop: number, n: number): number[] {
  checkNumber("start", start);
  checkNumber("stop", stop);
  checkNumber("n", n, { integer: true, ge: 1 });
  return Array.from({ length: n }, (_, i) => (n === 1 ? start : i === n - 1 ? stop : start + (i / (n - 1)) * (stop - start)));
}

/** n geometrically spaced points from start to stop (both > 0), both included. */
export function logGrid(start: number, stop: number, n: number): number[] {
  checkNumber("start", start, { gt: 0 });
  checkNumber("stop", stop, { gt: 0 });
  checkNumber("n", n, { integer: true, ge: 1 });
  return Array.from({ length: n }, (_, i) => (n === 1 ? start : i === n - 1 ? stop : start * Math.pow(stop / start, i / (n - 1))));
}
