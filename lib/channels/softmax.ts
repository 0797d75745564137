import { checkBeta, checkTokens } from "../util/check";
import { Channel, kappa } from "./channel";

/**
 * Softmax channel: y_ab = exp(β h_ab) / Σ_c exp(β h_ac), row-wise (theory.md §1).
 *
 * State evolution (theory.md §4, "Softmax: closed form"): row a reveals h_ab − h_aT = log(y_ab/y_aT)/β,
 * and symmetry pins h down to one common shift, so a sample gives κ(T)/2 noiseless measurements:
 *     q̂ = κ(T) · α / (Q0 − q),   independent of β.
 */
export function softmax(T: number, beta = 1): Channel {
  checkTokens(T);
  checkBeta(beta);
  const k = kappa(T);
  return {
    name: "softmax",
    T,
    params: { beta },
    output(h, y) {
      for (let a = 0; a < T; a++) {
        const row = a * T;
        let max = -Infinity;
        for (let b = 0; b < T; b++) max = Math.max(max, h[row + b]);
        let sum = 0;
        for (let b = 0; b < T; b++) sum += y[row + b] = Math.exp(beta * (h[row + b] - max));
        for (let b = 0; b < T; b++) y[row + b] /= sum;
      }
    },
    qHatPerAlpha(q, Q0) {
      return k / (Q0 - q);
    },
    checkLabel(y) {
      checkProbabilityRows(y, T);
    },
  };
}

/** Each row of y must be a probability vector (entries in [0, 1], sum 1 within 1e-9). */
export function checkProbabilityRows(y: Float64Array, T: number): void {
  for (let a = 0; a < T; a++) {
    let sum = 0;
    for (let b = 0; b < T; b++) {
      const v = y[a * T + b];
      if (!(v >= 0 && v <= 1)) throw new RangeError(`label row ${a} has entry ${v} outside [0, 1]`);
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= 1e-9)) throw new RangeError(`label row ${a} sums to ${sum}, not 1`);
  }
}
