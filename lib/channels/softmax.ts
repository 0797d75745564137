import { checkBeta, checkTokens } from "../util/check";
import { Channel, kappa } from "./channel";

/**
 * Softmax channel: y_ab = exp(β h_ab) / Σ_c exp(β h_ac), row-wise (theory.md §1).
 *
 * State evolution (theory.md §4, "Softmax: closed form"): row a reveals h_ab − h_aT = log(y_ab/y_aT)/β,
 * and symmetry pins h down to one common shift, so a sample gives κ(T)/2 noiseless measurements:
 *     q̂ = κ(T) · α / (Q0 − q),   independent of β.
 *
 * AMP score (theory.md §6): given ω and per-entry variances (1+δ_ab)V, the prior of the T(T+1)/2 entries a ≤ b is
 * Gaussian, and the label restricts h to the line {h0 + c·E} (`softmaxLogits`). So Z_out(y | ω, V) is a Gaussian
 * integral over c: with w_ab = 1/(1+δ_ab) and r_ab = h0_ab − ω_ab,
 *     log Z_out = −(1/2V) min_c Σ_{a≤b} w_ab (r_ab + c)² + (terms free of ω),  c* = −Σ w r / Σ w,
 * and by the envelope theorem g_ab = ∂ log Z_out/∂ω_ab = (ĥ_ab − ω_ab) / ((1+δ_ab) V), ĥ = h0 + c*·E the
 * posterior mean of h. It is the noiseless linear score with y replaced by ĥ, minus the one unobserved direction:
 * E Σ_{a≤b} (1+δ_ab) g_ab² = (T(T+1)/2 − 1)/V = κ(T)/(2V), which reproduces q̂ above.
 */
export function softmax(T: number, beta = 1): Channel {
  checkTokens(T);
  checkBeta(beta);
  const k = kappa(T);
  const h0 = new Float64Array(T * T);
  // the label whose logits h0 holds: AMP calls gOut several times per sample with the same label (the score and
  // its derivative), so the T² logarithms are reused when the label's entries are unchanged (compared by value)
  const cachedLabel = new Float64Array(T * T).fill(NaN);
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
    // κ/2 noiseless Gaussian measurements of variance V, each −½ log V
    outputFreeEntropy(q, Q0) {
      return -(k / 4) * Math.log(Q0 - q);
    },
    gOut(y, omega, V, g) {
      let same = true;
      for (let i = 0; i < T * T && same; i++) same = y[i] === cachedLabel[i];
      if (!same) {
        softmaxLogits(y, T, beta, h0);
        cachedLabel.set(y.subarray(0, T * T));
      }
      // c* = Σ_{a≤b} w_ab (ω_ab − h0_ab) / Σ_{a≤b} w_ab with w_ab = 1/(1+δ_ab); Σ w = T²/2
      let shift = 0;
      for (let a = 0; a < T; a++) {
        shift += 0.5 * (omega[a * T + a] - h0[a * T + a]);
        for (let b = a + 1; b < T; b++) shift += omega[a * T + b] - h0[a * T + b];
      }
      shift /= (T * T) / 2;
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          const v = (h0[a * T + b] + shift - omega[a * T + b]) / ((a === b ? 2 : 1) * V);
          g[a * T + b] = v;
          g[b * T + a] = v;
        }
      }
    },
    checkLabel(y) {
      checkProbabilityRows(y, T);
    },
  };
}

/**
 * One point h0 of the line {h0 + c·E} of symmetric indices h that softmax(β h) maps to the label y (theory.md §4,
 * E the all-ones matrix). Row a gives u_ab = h_ab − m_a = (log y_ab − mean_c log y_ac)/β with m_a the row mean
 * of h; symmetry fixes m_a − m_T = u_Ta − u_aT, and h0 takes m_T = 0, averaging the two readings of each pair so
 * that rounding in y cannot make h0 asymmetric. Logarithms of the probabilities themselves (never of ratios of
 * sums) keep full relative precision down to the smallest positive double; an entry that underflowed to 0
 * carries no information on h and throws (β·|Δh| beyond ~745).
 */
export function softmaxLogits(y: Float64Array, T: number, beta: number, h0: Float64Array): Float64Array {
  for (let a = 0; a < T; a++) {
    let mean = 0;
    for (let b = 0; b < T; b++) {
      const p = y[a * T + b];
      if (!(p > 0)) throw new RangeError(`softmax label row ${a} has entry ${p}; log-probabilities need entries > 0`);
      mean += h0[a * T + b] = Math.log(p);
    }
    mean /= T;
    for (let b = 0; b < T; b++) h0[a * T + b] = (h0[a * T + b] - mean) / beta;
  }
  // h0 now holds u_ab; turn it into h_ab = u_ab + m_a symmetrically
  const last = T - 1;
  const rowShift = (a: number) => h0[last * T + a] - h0[a * T + last];
  const shifts = new Float64Array(T);
  for (let a = 0; a < T; a++) shifts[a] = rowShift(a);
  for (let a = 0; a < T; a++) {
    for (let b = a; b < T; b++) {
      const v = 0.5 * (h0[a * T + b] + shifts[a] + h0[b * T + a] + shifts[b]);
      h0[a * T + b] = v;
      h0[b * T + a] = v;
    }
  }
  return h0;
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
